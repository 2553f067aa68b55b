"""Multilingual harness: score every system on article/summary pairs of each language found.

    python -m eval.multilingual --masakhanews DIR [--task intro|headline] [--split test] [--systems lead-1,lead-2,lead-3,textrank,auto]
    python -m eval.multilingual --pairs tr=xlsum/turkish_test.jsonl --pairs uk=... [--limit 200]

Data (nothing is shipped: point the harness at a folder you fetched):

``--masakhanews DIR``
    MasakhaNEWS (Adelani et al. 2023; https://github.com/masakhane-io/masakhane-news, dataset card
    licence AFL-3.0): BBC and other news in 16 African languages and scripts (Amharic and Tigrinya
    in Ge'ez, Latin-script Hausa, Swahili, Yorùbá...), each article with its headline. ``DIR`` is
    the repository's ``data/`` folder (``<iso639-3>/{train,dev,test}.tsv``). Two tasks:

    ``--task intro`` (default)
        The article's first sentence (BBC's standfirst, the bold summary that opens its pages) is
        the reference, and the rest of the article is the input: how XL-Sum was built from the
        same BBC services (its summary is that introduction, removed from the text). Articles
        with fewer than 4 sentences after it are skipped.
    ``--task headline``
        The headline is the reference and the whole text the input. A headline is very short
        (about 10 words) and restates the first sentence, so LEAD-1 is hard to beat and absolute
        scores are low.
``--pairs LANG=FILE``
    Any JSONL of ``{"text": ..., "summary": ...}`` (XL-Sum's format; ``title`` is not given to the
    systems), e.g. XL-Sum test files. Repeatable.

Scores: ROUGE-1/2/L F1 x100 with the ``multi`` tokenization (:mod:`summarize.scoring.rouge`: Unicode
words with their combining marks, characters of unspaced scripts; labelled in the table), mean
over articles, one row per language and system, the best of LEAD-1/2/3 per language and each
system's difference from it. Systems are registry names (``lead-1``, ``textrank``, ``ext-multi``,
``auto``...; parameters after colons as in ``eval.orangesum``). Articles are given to the systems
with their language code and without a title.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from summarize.lexicon import word_count
from summarize.records import Article
from summarize.scoring import MultilingualTokenizer, RougeScorer
from summarize.segment import SentenceSplitter, segment

from .orangesum import build_system

# MasakhaNEWS folder names (ISO 639-3) -> ISO 639-1 codes where one exists (what the toolkit uses).
MASAKHANEWS_LANGUAGES: dict[str, str] = {
    "amh": "am", "eng": "en", "fra": "fr", "hau": "ha", "ibo": "ig", "lin": "ln", "lug": "lg", "orm": "om",
    "pcm": "pcm", "run": "rn", "sna": "sn", "som": "so", "swa": "sw", "tir": "ti", "xho": "xh", "yor": "yo",
}
DEFAULT_SYSTEMS = ("lead-1", "lead-2", "lead-3", "textrank", "auto")
LEADS = ("lead-1", "lead-2", "lead-3")
ROUGE = (("rouge1", "R1"), ("rouge2", "R2"), ("rougeL", "RL"))
TASKS = ("intro", "headline")
_SPLITTER = SentenceSplitter()


@dataclass(frozen=True)
class Pair:
    """One article and its reference summary (or headline)."""

    id: str
    lang: str
    text: str
    summary: str


def read_masakhanews(folder: str | Path, split: str = "test", languages: Sequence[str] | None = None) -> dict[str, list[Pair]]:
    """``{lang: pairs}`` of a MasakhaNEWS ``data/`` folder (headline as the reference).

    Raises:
        FileNotFoundError: ``folder`` has no ``<lang>/<split>.tsv`` at all (the message says how to get it).
    """
    root = Path(folder)
    out: dict[str, list[Pair]] = {}
    for code3, code in MASAKHANEWS_LANGUAGES.items():
        if languages and code not in languages and code3 not in languages:
            continue
        path = root / code3 / f"{split}.tsv"
        if not path.is_file():
            continue
        out[code] = list(_masakhanews_rows(path, code, f"{code3}-{split}"))
    if not out:
        raise FileNotFoundError(
            f"no MasakhaNEWS <lang>/{split}.tsv under {root}; clone https://github.com/masakhane-io/masakhane-news "
            "and pass its data/ folder"
        )
    return out


def _masakhanews_rows(path: Path, lang: str, prefix: str) -> Iterator[Pair]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f, delimiter="\t")):
            text, headline = (row.get("text") or "").strip(), (row.get("headline") or "").strip()
            if text and headline:
                yield Pair(f"{prefix}-{i:05d}", lang, text, headline)


def read_pairs(spec: str) -> tuple[str, list[Pair]]:
    """``"tr=path.jsonl"`` -> ``("tr", pairs)`` (records need ``text`` and ``summary``).

    Raises:
        ValueError: no ``LANG=`` prefix, or a line without text or summary (named with its line number).
    """
    lang, sep, path = spec.partition("=")
    if not sep or not lang or not path:
        raise ValueError(f"--pairs {spec!r}: expected LANG=FILE, e.g. tr=turkish_test.jsonl")
    pairs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc})") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{n}: not a JSON object")
            text, summary = str(record.get("text") or "").strip(), str(record.get("summary") or "").strip()
            if not text or not summary:
                raise ValueError(f"{path}:{n}: a record needs non-empty 'text' and 'summary'")
            pairs.append(Pair(str(record.get("id", f"{lang}-{n}")), lang, text, summary))
    return lang, pairs


def intro_task(pairs: Sequence[Pair], min_sentences: int = 4) -> list[Pair]:
    """Each article's first sentence as its reference, the rest as its text (see ``--task intro``)."""
    out = []
    for p in pairs:
        sentences = _SPLITTER.split(p.text, p.lang)
        if len(sentences) <= min_sentences:
            continue
        out.append(Pair(p.id, p.lang, " ".join(sentences[1:]), sentences[0]))
    return out


def run_system(name: str, pairs: Sequence[Pair], progress: bool = True) -> tuple[list[str], float]:
    """Predictions of system ``name`` (one string per pair; empty, scoring 0, when the system
    refuses an article: the count is printed on stderr) and seconds."""
    _, summarizer = build_system(name)
    if summarizer is None:
        raise ValueError(f"{name} is not a summarizer of the registry")
    t0 = time.perf_counter()
    out = []
    refused: list[str] = []
    for p in tqdm(pairs, desc=f"{name} [{pairs[0].lang}]" if pairs else name, disable=not progress, leave=False):
        try:
            out.append(summarizer.summarize(segment(Article(id=p.id, text=p.text, lang=p.lang))).text)
        except ValueError as exc:  # an article the system refuses scores 0, as an empty prediction
            out.append("")
            refused.append(str(exc))
    if refused:
        print(f"eval.multilingual: {name} refused {len(refused)} of {len(pairs)} '{pairs[0].lang}' articles "
              f"(scored 0): {refused[0]}", file=sys.stderr)
    return out, time.perf_counter() - t0


def score(predictions: Sequence[str], pairs: Sequence[Pair]) -> dict[str, float]:
    """Mean ROUGE-1/2/L F1 x100 (``multi`` tokenization) of ``predictions`` against the pairs."""
    scorer = RougeScorer(tuple(t for t, _ in ROUGE), tokenizer=MultilingualTokenizer())
    result = scorer.score_corpus(list(predictions), [p.summary for p in pairs], ids=[p.id for p in pairs], n_bootstrap=0)
    return {label: result.aggregate[t]["fmeasure"].mean * 100 for t, label in ROUGE}


def evaluate(data: dict[str, list[Pair]], systems: Sequence[str], progress: bool = True) -> pd.DataFrame:
    """One row per (language, system): n, R1/R2/RL, mean words, seconds."""
    rows: list[dict[str, Any]] = []
    for lang, pairs in data.items():
        for name in systems:
            preds, seconds = run_system(name, pairs, progress)
            words = sum(word_count(p) for p in preds) / max(len(preds), 1)
            rows.append({"lang": lang, "system": name, "n": len(pairs), **score(preds, pairs), "words": words, "time_s": seconds})
    return pd.DataFrame(rows)


def with_lead_gap(table: pd.DataFrame) -> pd.DataFrame:
    """Adds ``best_lead_R1`` (best of LEAD-1/2/3 in that language) and ``R1_vs_lead``."""
    leads = table[table.system.isin(LEADS)].groupby("lang").R1.max().rename("best_lead_R1")
    out = table.join(leads, on="lang")
    out["R1_vs_lead"] = out.R1 - out.best_lead_R1
    return out


def to_markdown(table: pd.DataFrame) -> str:
    """The R1 table, languages as rows and systems as columns, plus the mean over languages."""
    wide = table.pivot(index="lang", columns="system", values="R1")
    wide = wide[[s for s in table.system.unique()]]
    wide["n"] = table.groupby("lang").n.first().astype(float)
    wide["best lead"] = table[table.system.isin(LEADS)].groupby("lang").R1.max()
    wide.loc["mean"] = wide.mean(numeric_only=True)
    cols = list(wide.columns)
    lines = ["| lang | " + " | ".join(cols) + " |", "|---|" + "|".join("---:" for _ in cols) + "|"]
    for lang, row in wide.iterrows():
        cells = [f"{int(v)}" if c == "n" and lang != "mean" else ("" if c == "n" else f"{v:.2f}") for c, v in row.items()]
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m eval.multilingual", description=__doc__.splitlines()[0])
    ap.add_argument("--masakhanews", help="MasakhaNEWS data/ folder (headline as reference)")
    ap.add_argument("--split", default="test", help="MasakhaNEWS split (default test)")
    ap.add_argument("--task", choices=TASKS, default="intro", help="MasakhaNEWS reference: the first sentence (intro) or the headline")
    ap.add_argument("--pairs", action="append", default=[], metavar="LANG=FILE", help="JSONL of text/summary pairs, repeatable")
    ap.add_argument("--languages", help="comma-separated language codes to keep (default: all found)")
    ap.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help="comma-separated systems")
    ap.add_argument("--limit", type=int, default=None, help="first N pairs per language")
    ap.add_argument("--json", help="write the rows as JSON here")
    ap.add_argument("--no-progress", action="store_true")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.masakhanews and not args.pairs:
        build_parser().error("give --masakhanews DIR and/or --pairs LANG=FILE")
    languages = args.languages.split(",") if args.languages else None
    data: dict[str, list[Pair]] = {}
    try:
        if args.masakhanews:
            found = read_masakhanews(args.masakhanews, args.split, languages)
            data.update({lang: intro_task(p) if args.task == "intro" else p for lang, p in found.items()})
        for spec in args.pairs:
            lang, pairs = read_pairs(spec)
            if languages and lang not in languages:
                continue
            if lang in data:
                raise ValueError(f"--pairs {spec}: language '{lang}' given twice; one file per language")
            data[lang] = pairs
        systems = [s.strip() for s in args.systems.split(",") if s.strip()]
        for name in systems:
            build_system(name)  # fail before running anything
    except (OSError, ValueError) as exc:
        print(f"eval.multilingual: error: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        data = {lang: pairs[: args.limit] for lang, pairs in data.items()}
    table = with_lead_gap(evaluate(data, systems, progress=not args.no_progress))
    task = f"MasakhaNEWS {args.split}, task {args.task}; " if args.masakhanews else ""
    print(f"ROUGE-1 F1 x100 ({task}tokenization {MultilingualTokenizer().name}), mean over articles:\n")
    print(to_markdown(table))
    if args.json:
        Path(args.json).write_text(table.to_json(orient="records", indent=1, force_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
