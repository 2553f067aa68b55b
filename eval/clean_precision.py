"""Precision of the boilerplate cleaner on clean text (prints a table).

    python -m eval.clean_precision [--splits train,valid,test] [--limit N] [--show 10]

OrangeSum articles are body text with no boilerplate, so every line the cleaner removes from them
is a false positive. The table gives, per rule, the lines and words removed, and how many
articles were emptied (fewer than ``PipelineConfig.min_words`` words left, so the pipeline would
skip them); ``--show`` prints examples of removed lines.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from summarize.clean import clean_article
from summarize.pipeline import PipelineConfig
from summarize.records import Article

from .orangesum_data import read_split


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.clean_precision", description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="OrangeSum folder")
    ap.add_argument("--splits", default="train,valid,test")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each split")
    ap.add_argument("--show", type=int, default=10, help="examples of removed lines to print")
    args = ap.parse_args(argv)
    min_words = PipelineConfig().min_words
    lines = Counter()
    words = Counter()
    emptied: list[str] = []
    examples: list[tuple[str, str, str]] = []
    total_words = articles = 0
    t0 = time.perf_counter()
    for split in args.splits.split(","):
        for r in read_split(args.data, split, limit=args.limit):
            articles += 1
            text = r["text"]
            total_words += len(text.split())
            result = clean_article(Article(id=str(r["id"]), text=text, title=r.get("title")))
            for removed in result.removed:
                rule = removed.reason.split(" ", 1)[0]  # "duplicate of line 3" -> "duplicate"
                lines[rule] += 1
                words[rule] += len(removed.text.split())
                if len(examples) < args.show:
                    examples.append((str(r["id"]), rule, removed.text[:160]))
            if len(result.article.text.split()) < min_words:
                emptied.append(str(r["id"]))
    elapsed = time.perf_counter() - t0
    removed_words = sum(words.values())
    print(f"{articles:,} OrangeSum articles ({args.splits}), {total_words:,} words, cleaned in {elapsed:.1f} s")
    print(f"\n{'rule':18s} {'lines':>7s} {'words':>8s}")
    for rule, n in lines.most_common():
        print(f"{rule:18s} {n:7,d} {words[rule]:8,d}")
    print(f"{'all rules':18s} {sum(lines.values()):7,d} {removed_words:8,d}  = {100 * removed_words / max(total_words, 1):.4f}% of the words")
    print(f"\narticles emptied (< {min_words} words left): {len(emptied)}" + (f" ({', '.join(emptied[:10])})" if emptied else ""))
    for aid, rule, text in examples:
        print(f"  {aid} [{rule}] {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
