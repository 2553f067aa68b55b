"""Hand-written reference summaries, and scoring a pipeline run against them.

A references file is JSONL, one record per reference (format documented in
``eval/references/README.md``)::

    {"id": "<article id>", "kind": "article", "summary": "...", "author": "...", "written": "YYYY-MM-DD", "guidelines": "..."}
    {"id": "__merged__", "kind": "merged", "summary": "...", ...}

``summary`` may also be a list of strings (several references for the same article).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .rouge import RougeScorer

MERGED_ID = "__merged__"
SAMPLE_REFERENCES = Path(__file__).resolve().parent / "references" / "blinken-lavrov-2022.jsonl"


@dataclass(frozen=True)
class References:
    """Per-article references by id, and the merged reference(s) of the whole set."""

    articles: dict[str, list[str]]
    merged: list[str] = field(default_factory=list)
    path: str | None = None


def load_references(path: str | Path) -> References:
    """Read a references JSONL file.

    Raises:
        ValueError: invalid JSON, a record without ``id``/``summary``, an empty summary, a
            duplicated id; the message names the file and line.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: references file not found")
    articles: dict[str, list[str]] = {}
    merged: list[str] = []
    with p.open(encoding="utf-8-sig") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{p}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: invalid JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or "id" not in rec or "summary" not in rec:
                raise ValueError(f"{where}: a reference needs 'id' and 'summary' fields")
            summaries = rec["summary"] if isinstance(rec["summary"], list) else [rec["summary"]]
            if not summaries or not all(isinstance(s, str) and s.strip() for s in summaries):
                raise ValueError(f"{where}: 'summary' must be a non-empty string or list of strings")
            rid = str(rec["id"])
            if rec.get("kind") == "merged" or rid == MERGED_ID:
                merged.extend(summaries)
            elif rid in articles:
                raise ValueError(f"{where}: duplicated id {rid!r}")
            else:
                articles[rid] = summaries
    return References(articles, merged, str(p))


def score_run(result: Any, references: References, tokenizers: tuple[str, ...] = ("fr", "compat"), seed: int = 0) -> dict[str, Any]:
    """ROUGE of a :class:`~summarize.pipeline.RunResult` against ``references``.

    Returns a JSON-ready dict: ``articles`` and ``merged`` scores per tokenizer (F1/P/R x100 with
    95% bootstrap CIs), per-article F1, and ``missing`` (summarized articles without reference).

    Raises:
        ValueError: no summarized article has a reference and there is no merged reference.
    """
    scored = [s for s in result.summaries if s.id in references.articles]
    missing = [s.id for s in result.summaries if s.id not in references.articles]
    if not scored and not (references.merged and result.merged):
        raise ValueError(
            f"no reference in {references.path} matches the article ids "
            f"({', '.join(s.id for s in result.summaries[:5])}...); check the 'id' fields"
        )
    out: dict[str, Any] = {"references": references.path, "missing": missing, "articles": {}, "merged": {}, "per_article": {}}
    # One sentence per line on both sides, so ROUGE-Lsum is summary-level (as in eval.orangesum).
    preds = ["\n".join(s.sentences) for s in scored]
    refs = [[_lines(r) for r in references.articles[s.id]] for s in scored]
    for tok in tokenizers:
        scorer = RougeScorer(tokenizer=tok)
        if scored:
            res = scorer.score_corpus(preds, refs, ids=[s.id for s in scored], seed=seed)
            out["articles"][tok] = res.to_dict()
            out["per_article"][tok] = {
                i: {t: round(float(res.fmeasure(t)[k]) * 100, 2) for t in res.scores} for k, i in enumerate(res.ids)
            }
        if references.merged and result.merged:
            merged_pred = "\n".join(x.text for x in result.merged.sentences)
            res = scorer.score_corpus(
                [merged_pred], [[_lines(r) for r in references.merged]], ids=[MERGED_ID], seed=seed
            )
            out["merged"][tok] = res.to_dict()
    return out


def _lines(text: str) -> str:
    """``text`` with one sentence per line (for ROUGE-Lsum)."""
    from summarize.segment import split_sentences

    return "\n".join(split_sentences(text))
