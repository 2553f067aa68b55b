"""Score a predictions JSONL file against a references JSONL file, joined on ``id``
(the backend of ``summarize score PRED REF``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..jsonl import iter_jsonl
from .rouge import RougeResult, RougeScorer


def read_jsonl(path: str | Path, key: str, *, what: str) -> dict[str, Any]:
    """``{id: record[key]}`` from a JSONL file.

    Raises:
        ValueError: invalid JSON, missing ``id``/``key``, or a duplicated id; the message names
            the file and line.
    """
    out: dict[str, Any] = {}
    p = Path(path)
    with p.open(encoding="utf-8-sig") as f:
        for _, where, rec, error in iter_jsonl(f, p):
            if error:
                raise ValueError(f"{where}: {error} in {what} file")
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
        raise ValueError(
            f"ids do not match: {len(only_p)} only in predictions {only_p[:5]}, "
            f"{len(only_r)} only in references {only_r[:5]}"
        )
    return sorted(preds)


def score_files(
    pred_path: str | Path,
    ref_path: str | Path,
    *,
    tokenizer: str = "fr",
    stem: bool = False,
    pred_key: str = "prediction",
    ref_key: str = "summary",
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> RougeResult:
    """Score a predictions JSONL against a references JSONL, joined on ``id``."""
    preds = read_jsonl(pred_path, pred_key, what="predictions")
    refs = read_jsonl(ref_path, ref_key, what="references")
    ids = join_on_ids(preds, refs)
    scorer = RougeScorer(tokenizer=tokenizer, stem=stem)
    return scorer.score_corpus([preds[i] for i in ids], [refs[i] for i in ids], ids=ids, n_bootstrap=n_bootstrap, seed=seed)
