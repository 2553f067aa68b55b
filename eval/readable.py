"""Readable summaries: count the defects of summary sentences (:mod:`summarize.readable`).

Counts each defect kind (heading, bare question, dangling reference, unbalanced quotes, glued
words, incomplete) over

* the per-article summaries of an OrangeSum split (``ext-fr`` by default, given text and title as
  ``eval.orangesum`` does), and
* the per-article summaries and the merged summaries (one per story) of the sample corpus, run
  in-process through :class:`summarize.Pipeline` (no conflict detection).

A summary's sentences are read in order, each after the ones before it. Defects of a sentence that
is the article's title (``ext-fr`` opens a summary with it) are also counted apart: the selection
does not choose the title.

    python -m eval.readable --limit 300
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from eval.orangesum_data import read_split
from summarize import Article, Pipeline, PipelineConfig, get_summarizer
from summarize.load import shared_dir
from summarize.readable import DEFECTS, summary_defects
from summarize.segment import segment
from summarize.summarizers import opens_with_title

SAMPLE = "data/articles/blinken-lavrov-2022"


def count_defects(summaries: Iterable[tuple[Sequence[str], str | None, str | None]]) -> dict[str, int]:
    """Sentences, defects per kind, sentences with any defect, and defects in title sentences,
    over ``(sentences, title, lang)`` summaries."""
    counts = dict.fromkeys(["sentences", *DEFECTS, "any", "in titles"], 0)
    for sentences, title, lang in summaries:
        counts["sentences"] += len(sentences)
        found = summary_defects(sentences, lang=lang)
        for _, kind in found:
            counts[kind] += 1
        counts["any"] += len({i for i, _ in found})
        if opens_with_title(sentences, title):
            counts["in titles"] += len({i for i, _ in found if i == 0})
    return counts


def orangesum_summaries(
    summarizer: str, split: str, limit: int | None, data: str | None,
) -> list[tuple[Sequence[str], str | None, str | None]]:
    """Per-article summaries of an OrangeSum split, as ``eval.orangesum`` makes them."""
    model = get_summarizer(summarizer)
    out: list[tuple[Sequence[str], str | None, str | None]] = []
    for r in read_split(data, split, limit):
        doc = segment(Article(id=str(r["id"]), text=r["text"], title=r.get("title"), lang="fr"))
        out.append((model.summarize(doc).sentences, doc.title, "fr"))
    return out


def sample_summaries(
    folder: Path, summarizer: str,
) -> tuple[list[tuple[Sequence[str], str | None, str | None]], list[tuple[Sequence[str], str | None, str | None]]]:
    """Per-article and merged summaries of the sample corpus (the pipeline run in-process)."""
    result = Pipeline(PipelineConfig(summarizer=summarizer, progress=False, conflicts=False)).run(folder)
    titles = {d.id: d.title for d in result.documents}
    per_article = [(s.sentences, titles.get(s.id), s.lang) for s in result.summaries]
    lang = result.documents[0].lang if result.documents else None
    merged = [
        (tuple(x.text for x in story.merged.sentences), None, lang) for story in result.stories if story.merged is not None
    ]
    return per_article, merged


def table(columns: dict[str, dict[str, int]]) -> pd.DataFrame:
    """One row per defect kind (and the sentences, those with any defect, the defects in title
    sentences), per corpus: the count and its share of the corpus's summary sentences (%)."""
    rows = {}
    for name, counts in columns.items():
        n = max(counts["sentences"], 1)
        rows[(name, "count")] = counts
        rows[(name, "% sentences")] = {k: round(100 * v / n, 2) for k, v in counts.items()}
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.readable", description=__doc__.splitlines()[0])
    ap.add_argument("--summarizer", default="ext-fr", help="summarizer of the OrangeSum summaries (default ext-fr)")
    ap.add_argument("--split", default="test", choices=("train", "valid", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N OrangeSum articles only")
    ap.add_argument("--data", default=None, help="OrangeSum folder (default ../shared/data/orangesum)")
    ap.add_argument("--sample", default=None, help=f"sample corpus folder (default ../shared/{SAMPLE})")
    ap.add_argument("--sample-summarizer", default="auto", help="the pipeline's summarizer on the sample (default auto)")
    args = ap.parse_args(argv)

    per_article, merged = sample_summaries(Path(args.sample) if args.sample else shared_dir() / SAMPLE, args.sample_summarizer)
    columns = {
        f"OrangeSum {args.split}": count_defects(orangesum_summaries(args.summarizer, args.split, args.limit, args.data)),
        "sample per-article": count_defects(per_article),
        "sample merged": count_defects(merged),
    }
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table(columns).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
