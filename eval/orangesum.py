"""OrangeSum harness: run summarizers over a split, write predictions, print a ROUGE table.

    python -m eval.orangesum --system lead-1,lead-2,lead-3,oracle --split test [--limit N]

Systems: any name of the toolkit's registry (``ext-fr``, ``textrank``, ``centroid-mmr``,
``lead-3``...; ``lead3`` works too; articles get their OrangeSum title and ``lang="fr"``, or no
title with ``--no-title``: the input BARThez had), with parameters after colons
(``ext-fr:model=orangesum-ext-fr-v1``, ``ext-fr:title_first=false``; values cannot hold a
colon), ``oracle``
(greedy EXT-ORACLE: up to 3 sentences of the article chosen one at a time to maximise ROUGE-1 F1
+ ROUGE-2 F1 against the reference, ``fr`` tokenization; an upper bound for extractive systems,
it reads the reference), and ``barthez-published`` (the published BARThez outputs, test split only).
``--baseline A,B`` tests every other system against A and against B (paired bootstrap, both
tokenizations; baselines are not tested against each other).

For each system the table gives ROUGE-1/2/L/Lsum F1 x100 (mean and 95% bootstrap CI) in both
tokenizations, the mean summary length in words, and the time spent summarizing (sentence
splitting included, scoring excluded). ROUGE-Lsum sees one sentence per line on both sides: the
prediction's own sentences, and the reference split by ``summarize.segment``. Predictions are
written to ``--out`` as JSONL (``id``, ``prediction``, ``sentences``).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from summarize.records import Article
from summarize.scoring import RougeResult, RougeScorer, paired_bootstrap
from summarize.segment import segment, split_sentences
from summarize.summarizers import Summarizer, get_summarizer

from .orangesum_data import barthez_outputs, default_data_dir, read_split

TOKENIZERS = ("fr", "compat")


@dataclass(frozen=True)
class SystemRun:
    """Predictions of one system on a list of records (sentences per document)."""

    name: str
    ids: list[str]
    sentences: list[list[str]]
    time_s: float

    @property
    def predictions(self) -> list[str]:
        return [" ".join(s) for s in self.sentences]


def greedy_oracle(sentences: Sequence[str], reference: str, scorer: RougeScorer, max_sentences: int = 3) -> list[str]:
    """Greedy EXT-ORACLE: add the sentence that most raises R1 F1 + R2 F1; stop when none does.

    The chosen sentences are returned in document order.
    """
    chosen: list[int] = []
    best = 0.0
    for _ in range(max_sentences):
        pick, pick_score = None, best
        for i in range(len(sentences)):
            if i in chosen:
                continue
            cand = " ".join(sentences[j] for j in sorted(chosen + [i]))
            s = scorer.score(reference, cand)
            value = s["rouge1"].fmeasure + s["rouge2"].fmeasure
            if value > pick_score:
                pick, pick_score = i, value
        if pick is None:
            break
        chosen.append(pick)
        best = pick_score
    return [sentences[i] for i in sorted(chosen)]


def system_spec(name: str) -> tuple[str, dict[str, Any]]:
    """``"ext-fr:model=x:candidates=5"`` -> ``("ext-fr", {"model": "x", "candidates": 5})``
    (values read as JSON when they parse, as the CLI's ``-O``)."""
    key, *options = name.strip().split(":")
    params: dict[str, Any] = {}
    for option in options:
        k, sep, v = option.partition("=")
        if not sep or not k:
            raise ValueError(f"system parameter {option!r} of {name!r}: expected KEY=VALUE")
        try:
            params[k] = json.loads(v)
        except json.JSONDecodeError:
            params[k] = v
    return key.lower(), params


def build_system(name: str) -> tuple[str, Summarizer | None]:
    """The system's key and its summarizer (``None`` for ``oracle`` and ``barthez-published``),
    built without running: a bad name or parameter fails before any system runs.

    Raises:
        ValueError: unknown system or parameter, or parameters given to ``oracle`` /
            ``barthez-published``.
        FileNotFoundError: a ``model`` that does not exist.
    """
    key, params = system_spec(name)
    if key in ("oracle", "barthez-published"):
        if params:
            raise ValueError(f"{key} takes no parameters, got {sorted(params)}")
        return key, None
    return key, get_summarizer(key.replace("lead", "lead-") if key[4:].isdigit() else key, **params)


def run_system(
    name: str, records: list[dict[str, Any]], *, data_dir: str | Path | None = None, progress: bool = True, titles: bool = True,
) -> SystemRun:
    """Run system ``name`` on OrangeSum ``records`` (see module docstring for the names);
    ``titles=False`` gives the toolkit's summarizers the text only.

    Raises:
        ValueError: unknown system, or ``barthez-published`` on records outside the test split.
    """
    ids = [str(r["id"]) for r in records]
    t0 = time.perf_counter()
    key, summarizer = build_system(name)
    if key == "barthez-published":
        outputs = barthez_outputs(data_dir)
        missing = [i for i in ids if i not in outputs]
        if missing:
            raise ValueError(f"barthez-published covers the test split only; {len(missing)} ids have no output")
        sentences = [split_sentences(outputs[i]) for i in ids]
    elif key == "oracle":
        scorer = RougeScorer(("rouge1", "rouge2"), tokenizer="fr")
        sentences = [
            greedy_oracle(split_sentences(r["text"]), r["summary"], scorer)
            for r in tqdm(records, desc="oracle", disable=not progress)
        ]
    else:
        assert summarizer is not None
        sentences = [
            list(summarizer.summarize(segment(Article(id=str(r["id"]), text=r["text"], title=r.get("title") if titles else None, lang="fr"))).sentences)
            for r in tqdm(records, desc=summarizer.name, disable=not progress)
        ]
    return SystemRun(name, ids, sentences, time.perf_counter() - t0)


def score_system(run: SystemRun, records: list[dict[str, Any]], tokenizer: str, seed: int = 0) -> RougeResult:
    """ROUGE of a run against the records' ``summary`` (one sentence per line for Lsum)."""
    preds = ["\n".join(s) for s in run.sentences]
    refs = ["\n".join(split_sentences(r["summary"])) for r in records]
    return RougeScorer(tokenizer=tokenizer).score_corpus(preds, refs, ids=run.ids, seed=seed)


def table_rows(run: SystemRun, scores: dict[str, RougeResult]) -> list[dict[str, Any]]:
    """One table row per tokenizer: F1 x100 with CIs, mean length, time."""
    rows = []
    words = [len(p.split()) for p in run.predictions]
    for tok, res in scores.items():
        row: dict[str, Any] = {"system": run.name, "tokenizer": tok, "n": len(run.ids)}
        for t, label in (("rouge1", "R1"), ("rouge2", "R2"), ("rougeL", "RL"), ("rougeLsum", "RLsum")):
            iv = res.aggregate[t]["fmeasure"]
            row[label] = f"{iv.mean * 100:.2f} [{iv.low * 100:.2f}, {iv.high * 100:.2f}]"
        row["words"] = round(sum(words) / len(words), 1)
        row["time_s"] = round(run.time_s, 2)
        rows.append(row)
    return rows


def summary_row(run: SystemRun, result: RougeResult, tokenizer: str) -> dict[str, Any]:
    """Numeric row for tables and plots: F1 x100 means and CI bounds, mean words, time."""
    row: dict[str, Any] = {"system": run.name, "tokenizer": tokenizer, "n": len(run.ids)}
    for t, label in (("rouge1", "R1"), ("rouge2", "R2"), ("rougeL", "RL"), ("rougeLsum", "RLsum")):
        iv = result.aggregate[t]["fmeasure"]
        row[label], row[f"{label}_low"], row[f"{label}_high"] = iv.mean * 100, iv.low * 100, iv.high * 100
    row["words"] = sum(len(p.split()) for p in run.predictions) / max(len(run.ids), 1)
    row["time_s"] = run.time_s
    return row


def to_markdown(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of ``rows`` (written by hand: pandas' to_markdown needs tabulate)."""
    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.orangesum", description=__doc__.splitlines()[0])
    ap.add_argument("--system", default="lead-3", help="comma-separated systems (lead-1,lead-2,lead-3,oracle,barthez-published)")
    ap.add_argument("--split", default="test", choices=("train", "valid", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--data", default=None, help=f"OrangeSum folder (default {default_data_dir()})")
    ap.add_argument("--out", default="out/orangesum", help="folder for predictions JSONL")
    ap.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    ap.add_argument("--baseline", default=None, help="comma-separated: also test each system against these (paired bootstrap)")
    ap.add_argument("--no-title", action="store_true", help="give the summarizers the text only (no OrangeSum title), as BARThez")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    try:
        records = read_split(args.data, args.split, limit=args.limit)
    except (OSError, ValueError) as exc:
        ap.error(str(exc))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    results: dict[str, dict[str, RougeResult]] = {}
    names = [s for s in args.system.split(",") if s.strip()]
    baselines = [s for s in (args.baseline or "").split(",") if s.strip()]
    names += [b for b in baselines if b not in names]
    for name in names:  # every system built once before any runs: a typo fails at once
        try:
            build_system(name)
        except (ValueError, FileNotFoundError) as exc:
            ap.error(f"system {name!r}: {exc}")
    for name in names:
        try:
            run = run_system(name, records, data_dir=args.data, progress=not args.quiet, titles=not args.no_title)
        except (ValueError, FileNotFoundError) as exc:
            ap.error(str(exc))
        stem = re.sub(r"[^\w.-]+", "_", name) + ("_untitled" if args.no_title else "")
        path = out_dir / f"{stem}_{args.split}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i, sents in zip(run.ids, run.sentences):
                f.write(json.dumps({"id": i, "prediction": " ".join(sents), "sentences": sents}, ensure_ascii=False) + "\n")
        scores = {tok: score_system(run, records, tok, args.seed) for tok in TOKENIZERS}
        results[name] = scores
        rows += table_rows(run, scores)
    inputs = "text only (no title)" if args.no_title else "text and title"
    print(f"OrangeSum abstract, {args.split} split, {len(records)} articles, summarizers given the {inputs}; F1 x100, mean [95% bootstrap CI]")
    print(to_markdown(rows))
    if baselines:
        tests = []
        for baseline in baselines:
            for name in names:
                if name in baselines:
                    continue
                for tok in TOKENIZERS:
                    for t in ("rouge1", "rouge2", "rougeL"):
                        pt = paired_bootstrap(results[name][tok], results[baseline][tok], t, seed=args.seed)
                        tests.append({
                            "system": name, "vs": baseline, "tokenizer": tok, "rouge": t,
                            "delta": f"{pt.delta.mean * 100:+.2f} [{pt.delta.low * 100:+.2f}, {pt.delta.high * 100:+.2f}]",
                            "p (not better)": "< 0.001" if pt.p_value == 0 else round(pt.p_value, 4),  # 0 of 1,000 resamples
                        })
        print()
        print("Paired bootstrap (1,000 resamples), F1 x100 difference:")
        print(to_markdown(tests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
