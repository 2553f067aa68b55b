"""Shared fixtures: paths to ../shared data (present beside the checkout in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUMMARIZE_SHARED", REPO.parent / "shared"))
SAMPLE_DIR = SHARED / "data" / "articles" / "blinken-lavrov-2022"
ORANGESUM_DIR = SHARED / "data" / "orangesum"
REFERENCES = REPO / "eval" / "references" / "blinken-lavrov-2022.jsonl"


def _need(path: Path) -> Path:
    if not path.exists():
        msg = f"{path} is missing: the tests expect ../shared beside the checkout"
        if os.environ.get("CI"):
            pytest.fail(msg)  # CI always has it: a missing folder is a real failure there
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return _need(SAMPLE_DIR)


@pytest.fixture(scope="session")
def orangesum_dir() -> Path:
    return _need(ORANGESUM_DIR)


@pytest.fixture(scope="session")
def tiny_mbart(tmp_path_factory, sample_dir) -> Path:
    """A tiny MBart + BarthezTokenizer checkpoint directory (BARThez's classes), built once."""
    from summarize.summarizers.seq2seq.tiny import build_tiny_mbart, corpus_lines

    return build_tiny_mbart(tmp_path_factory.mktemp("models") / "tiny-mbart", corpus_lines(sample_dir))


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory, sample_dir) -> Path:
    """A tiny T5 checkpoint whose config asks for the "summarize: " prefix, built once."""
    from summarize.summarizers.seq2seq.tiny import build_tiny_t5, corpus_lines

    return build_tiny_t5(tmp_path_factory.mktemp("models") / "tiny-t5", corpus_lines(sample_dir))
