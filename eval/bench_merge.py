"""Benchmark: merging N OrangeSum articles into one summary (prints a table).

    python -m eval.bench_merge [--articles 50]

Times the whole merge step (sentence splitting, scoring, clustering, conflict detection with spaCy
NER, checks) for both strategies on the first N valid articles (~400 words each), on this
machine's 2 cores. Per-article summaries (ext-fr) are computed first and not timed.
"""

from __future__ import annotations

import argparse
import time

from summarize.checks import french_ner, merge_with_checks
from summarize.merge import get_merger
from summarize.records import Article
from summarize.segment import segment
from summarize.summarizers import get_summarizer

from .orangesum_data import read_split


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_merge", description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--data", default=None)
    args = ap.parse_args(argv)
    records = read_split(args.data, "valid", limit=args.articles)
    articles = [Article(id=str(r["id"]), text=r["text"], title=r["title"], lang="fr") for r in records]
    documents = [segment(a) for a in articles]
    summaries = get_summarizer("ext-fr").summarize_many(documents)
    t0 = time.perf_counter()
    french_ner()
    load = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    print(f"{len(articles)} OrangeSum valid articles, {words:.0f} words on average; spaCy model load {load:.1f} s (once per process, not counted)")
    print(f"{'strategy':14s} {'seconds':>8s} {'words':>6s} {'sentences':>9s} {'conflicts':>9s} {'attribution':>11s}")
    for strategy in ("extractive", "hierarchical"):
        t0 = time.perf_counter()
        merged = merge_with_checks(get_merger(strategy), documents, summaries)
        elapsed = time.perf_counter() - t0
        att = merged.checks.attribution
        print(f"{strategy:14s} {elapsed:8.2f} {merged.words:6d} {len(merged.sentences):9d} {len(merged.conflicts):9d} {att.supported:>5}/{att.pairs:<5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
