"""Read the OrangeSum abstract splits and the published BARThez outputs from ``../shared``.

The files are read where they lie (``data/orangesum`` in the shared folder, ``$SUMMARIZE_SHARED`` or
``../shared`` beside the checkout, or the folder named by ``$ORANGESUM_DIR``); nothing is copied
into the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from summarize.load import shared_dir

SPLITS = ("train", "valid", "test")
REPO_ROOT = Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    """``$ORANGESUM_DIR`` if set, else ``data/orangesum`` in the shared folder (:func:`summarize.load.shared_dir`)."""
    env = os.environ.get("ORANGESUM_DIR")
    return Path(env) if env else shared_dir() / "data" / "orangesum"


def _path(data_dir: str | Path | None, name: str) -> Path:
    p = Path(data_dir or default_data_dir()) / name
    if not p.exists():
        raise FileNotFoundError(
            f"{p} not found: OrangeSum is expected in ../shared/data/orangesum beside the checkout; "
            "set ORANGESUM_DIR (or --data) to the folder holding abstract_<split>.jsonl"
        )
    return p


def read_split(data_dir: str | Path | None, split: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Records (``id``, ``title``, ``text``, ``summary``) of one split, in file order."""
    if split not in SPLITS:
        raise ValueError(f"unknown split '{split}'; expected one of {SPLITS}")
    out = []
    with _path(data_dir, f"abstract_{split}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(out) >= limit:
                break
            if line.strip():
                out.append(json.loads(line))
    return out


def barthez_outputs(data_dir: str | Path | None = None) -> dict[str, str]:
    """``{id: prediction}`` of the published BARThez outputs on the test split."""
    with _path(data_dir, "abstract_test_barthez_outputs.jsonl").open(encoding="utf-8") as f:
        return {str(r["id"]): r["prediction"] for r in map(json.loads, filter(str.strip, f))}
