"""Score a predictions JSONL file against a references JSONL file, joined on ``id``
(the backend of ``summarize score PRED REF``).

Predictions are read from their ``prediction`` field, or from ``summary`` when they have none.
A run's own ``summaries.jsonl`` (records with ``summary`` and ``sentences``) is scored the way
``summarize run --references`` scores it (:func:`score_run_outputs`): each summary as its
sentences, the references split into sentences, and the run's merged summary (``merged.json``
beside ``summaries.jsonl``) against the ``__merged__`` reference, so the numbers equal
``scores.json``'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..jsonl import iter_jsonl, open_text
from ..records import MergedSentence, MergedSummary, Summary, html_view
from .references import MERGED_ID, RunScores, load_references, score_run
from .rouge import RougeResult, RougeScorer

MERGED_FILE = "merged.json"  # written by summarize run beside summaries.jsonl


def read_jsonl(path: str | Path, key: str, *, what: str) -> dict[str, Any]:
    """``{id: record[key]}`` from a JSONL file.

    Raises:
        ValueError: invalid JSON, missing ``id``/``key``, or a duplicated id; the message names
            the file and line; the file is not a regular file (a FIFO or a device is never opened).
    """
    out: dict[str, Any] = {}
    p = Path(path)
    with open_text(p, what=what) as f:
        for _, where, rec, error in iter_jsonl(f, p):
            if error:
                hint = (
                    f"; {p.name} is a run's merged summary (one JSON document, not JSONL): score the run's "
                    f"summaries.jsonl instead, and the {MERGED_FILE} beside it is scored too"
                    if p.name == MERGED_FILE else ""
                )
                raise ValueError(f"{where}: {error} in {what} file{hint}")
            if not isinstance(rec, dict) or "id" not in rec:
                raise ValueError(f"{where}: {what} record has no 'id' field")
            if key not in rec:
                raise ValueError(f"{where}: {what} record has no '{key}' field (fields: {sorted(rec)})")
            rid = str(rec["id"])
            if rid in out:
                raise ValueError(f"{where}: duplicated id {rid!r} in {what} file")
            out[rid] = rec[key]
    return out


def join_on_ids(preds: dict[str, Any], refs: dict[str, Any]) -> list[str]:
    """Ids present in both; raises ``ValueError`` listing ids present on one side only."""
    only_p = sorted(set(preds) - set(refs))
    only_r = sorted(set(refs) - set(preds))
    if only_p or only_r:
        hint = (
            f"; '{MERGED_ID}' is the reference of a run's merged summary: score the run's summaries.jsonl "
            f"(with its {MERGED_FILE} beside it), or give a '{MERGED_ID}' prediction"
            if MERGED_ID in only_r else ""
        )
        raise ValueError(
            f"ids do not match: {len(only_p)} only in predictions {only_p[:5]}, "
            f"{len(only_r)} only in references {only_r[:5]}{hint}"
        )
    return sorted(preds)


def _first_record(path: str | Path) -> Any:
    """The first JSON record of a JSONL file (``None`` when it has none or is not JSON).

    Raises:
        ValueError: not a regular file (a FIFO, a device, a folder: never opened).
    """
    with open_text(path, what="predictions") as f:
        for line in f:
            if line.strip():
                try:
                    return json.loads(line)
                except ValueError:
                    return None
    return None


def prediction_key(path: str | Path) -> str:
    """The field predictions are read from: ``prediction``, or ``summary`` when the first
    record has no ``prediction`` but a ``summary`` (a run's ``summaries.jsonl``)."""
    rec = _first_record(path)
    if isinstance(rec, dict) and "prediction" not in rec and "summary" in rec:
        return "summary"
    return "prediction"


def is_run_summaries(path: str | Path) -> bool:
    """``path`` is a ``summaries.jsonl`` written by ``summarize run`` (records with ``summary``
    and the list of its ``sentences``)."""
    rec = _first_record(path)
    return isinstance(rec, dict) and "summary" in rec and isinstance(rec.get("sentences"), list)


def score_files(
    pred_path: str | Path,
    ref_path: str | Path,
    *,
    tokenizer: str = "fr",
    stem: bool = False,
    lang: str | None = None,
    pred_key: str | None = None,
    ref_key: str = "summary",
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> RougeResult | OutputScores:
    """Score a predictions JSONL against a references JSONL, joined on ``id``.

    ``pred_key=None`` reads :func:`prediction_key`'s field. A run's own ``summaries.jsonl``
    (:func:`is_run_summaries`, with ``pred_key`` ``None`` or ``summary`` and ``ref_key``
    ``summary``) is scored by :func:`score_run_outputs`, as ``summarize run --references`` does:
    an :class:`OutputScores` then, whose ``to_dict()`` has the per-article scores and ``merged``.
    Otherwise ROUGE-Lsum reads sentences as lines: a text without newlines is one sentence (Lsum
    then equals L).

    Raises:
        ValueError: unreadable JSONL, missing fields, ids that do not match (the message says which).
    """
    if pred_key in (None, "summary") and ref_key == "summary" and is_run_summaries(pred_path):
        return score_run_outputs(pred_path, ref_path, tokenizer=tokenizer, stem=stem, lang=lang, n_bootstrap=n_bootstrap, seed=seed)
    preds = read_jsonl(pred_path, pred_key or prediction_key(pred_path), what="predictions")
    refs = read_jsonl(ref_path, ref_key, what="references")
    ids = join_on_ids(preds, refs)
    scorer = RougeScorer(tokenizer=tokenizer, stem=stem, lang=lang)
    return scorer.score_corpus([preds[i] for i in ids], [refs[i] for i in ids], ids=ids, n_bootstrap=n_bootstrap, seed=seed)


@dataclass(frozen=True)
class OutputScores:
    """ROUGE of a run's outputs read back from its folder (:func:`score_run_outputs`).

    Attributes:
        scores: The scores, as ``summarize run --references`` computes them (one tokenizer).
        tokenizer: That tokenizer.
        note: Why the merged summary was not scored although the references have one.
    """

    scores: RunScores
    tokenizer: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The per-article scores as ``summarize score`` prints them, with ``merged`` (the merged
        summary's, or ``None``) and ``missing`` (summarized articles without a reference)."""
        articles = self.scores.articles.get(self.tokenizer)
        out: dict[str, Any] = articles.to_dict() if articles else {"tokenizer": self.tokenizer, "n": 0}
        merged = self.scores.merged.get(self.tokenizer)
        out["merged"] = merged.to_dict() if merged else None
        out["missing"] = list(self.scores.missing)
        return out

    def _repr_html_(self) -> str | None:
        return html_view(self)  # ROUGE with its CIs (summarize.report.html)


@dataclass(frozen=True)
class _ReadRun:
    summaries: list[Summary]
    merged: MergedSummary | None


def _read_merged(path: Path) -> MergedSummary | None:
    """The merged summary of ``merged.json`` (``None`` when the run had none).

    Raises:
        ValueError: the file is not the JSON ``summarize run`` writes.
    """
    try:
        with open_text(path, what=MERGED_FILE) as f:
            data = json.loads(f.read())
        sentences = tuple(MergedSentence(str(x["text"]), tuple(x.get("sources", ()))) for x in data.get("sentences") or ())
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"{path}: not a merged.json written by summarize run ({type(exc).__name__}: {exc})") from None
    if not sentences:
        return None
    return MergedSummary(sentences=sentences, method=str(data.get("method") or ""), article_ids=tuple(data.get("article_ids") or ()))


def score_run_outputs(
    summaries_path: str | Path,
    ref_path: str | Path,
    *,
    tokenizer: str = "fr",
    stem: bool = False,
    lang: str | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> OutputScores:
    """Score a run's ``summaries.jsonl`` (and the ``merged.json`` beside it, when there is one)
    against a references file exactly as ``summarize run --references`` does
    (:func:`~summarize.scoring.score_run`): the numbers equal ``scores.json``'s.

    Raises:
        ValueError: an unreadable file, or no summary has a reference and there is no merged
            reference (the message names the file).
    """
    path = Path(summaries_path)
    summaries: list[Summary] = []
    with open_text(path, what="summaries") as f:
        for _, where, rec, error in iter_jsonl(f, path):
            if error:
                raise ValueError(f"{where}: {error} in the summaries file")
            try:
                summaries.append(Summary.from_dict(rec))
            except (KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{where}: not a summary record of summarize run ({type(exc).__name__}: {exc})") from None
    references = load_references(ref_path)
    merged_path = path.parent / MERGED_FILE
    merged = _read_merged(merged_path) if merged_path.is_file() else None
    note = None
    if references.merged and merged is None:
        why = "has no merged summary" if merged_path.is_file() else "is missing"
        note = (
            f"the merged summary is not scored: the references have one ('{MERGED_ID}') but {merged_path} {why} "
            f"(summarize run writes it beside summaries.jsonl)"
        )
    scores = score_run(_ReadRun(summaries, merged), references, (tokenizer,), seed, n_bootstrap=n_bootstrap, stem=stem, lang=lang)
    return OutputScores(scores, tokenizer, note)
