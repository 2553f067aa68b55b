"""Shared fixtures: paths to the shared data (``summarize.load.shared_dir()``: $SUMMARIZE_SHARED, or
../shared beside the checkout, present in CI), and skips, each with its reason, for what this
machine lacks: an optional extra (on a core install: ``pip install -e '.[test]'``), or root."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

from summarize.extras import EXTRAS, MissingExtraError, missing
from summarize.load import shared_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = shared_dir()
SAMPLE_DIR = SHARED / "data" / "articles" / "blinken-lavrov-2022"
ORANGESUM_DIR = SHARED / "data" / "orangesum"
RPM2_DIR = SHARED / "data" / "rpm2"
REFERENCES = REPO / "eval" / "references" / "blinken-lavrov-2022.jsonl"


def _need(path: Path) -> Path:
    if not path.exists():
        msg = f"{path} is missing: the tests expect ../shared beside the checkout (or set SUMMARIZE_SHARED)"
        if os.environ.get("CI"):
            pytest.fail(msg)  # CI always has it: a missing folder is a real failure there
        pytest.skip(msg)
    return path


# What this machine lacks, read once before any test fakes a missing module.
MISSING = {extra: missing(extra) for extra in EXTRAS}
_NEEDS_EXTRA = re.compile(r"needs the '(\w+)' extra \(")


def _skip_reason(extra: str) -> str:
    return f"needs the '{extra}' extra ({', '.join(MISSING[extra])} not installed)"


def need_extra(extra: str) -> None:
    """Skip, naming the extra, unless every module of ``extra`` is installed (in a test, a fixture
    or at the top of a test module)."""
    if MISSING[extra]:
        pytest.skip(_skip_reason(extra), allow_module_level=True)


def _extra_missing_here(exc: BaseException, stderr: str) -> str | None:
    """The extra, missing on this machine, that a failure comes from: a MissingExtraError, an import
    of one of its modules, or the command under test saying so (in the assertion or on stderr)."""
    if isinstance(exc, ModuleNotFoundError) and not isinstance(exc, MissingExtraError):
        top = (exc.name or "").split(".")[0]
        return next((e for e, absent in MISSING.items() if top in absent), None)
    errors = [ln for ln in stderr.splitlines() if ln.startswith("summarize: error:")]
    said = _NEEDS_EXTRA.findall(str(exc)) + _NEEDS_EXTRA.findall("\n".join(errors))
    return next((e for e in said if MISSING.get(e)), None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """A test that fails only because an extra is not installed (on a core install) is reported as
    skipped, with the extra to install; with every extra installed (``make test``, CI) nothing changes."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.excinfo is not None:
        extra = _extra_missing_here(call.excinfo.value, report.capstderr)
        if extra:
            report.outcome = "skipped"
            report.longrepr = (str(item.path), (item.location[1] or 0) + 1, f"Skipped: {_skip_reason(extra)}")


def _extra_of_doctest(test: doctest.DocTest) -> str | None:
    """The extra whose modules a doctest imports (e.g. ``from transformers import ...``), if any."""
    for example in test.examples:
        words = example.source.split()
        for keyword, module in zip(words, words[1:]):
            if keyword in ("import", "from"):
                top = module.split(".")[0].rstrip(",")
                for extra, modules in EXTRAS.items():
                    if top in modules:
                        return extra
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Library doctests that import an extra's module skip, with the reason, where it is missing
    (this hook sees every collected item, the package's doctests included)."""
    for item in items:
        test = getattr(item, "dtest", None)
        if isinstance(test, doctest.DocTest):
            extra = _extra_of_doctest(test)
            if extra and MISSING[extra]:
                item.add_marker(pytest.mark.skip(reason=f"doctest {_skip_reason(extra)}"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("root") and os.geteuid() != 0:
        pytest.skip("needs root (marked root)")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return _need(SAMPLE_DIR)


@pytest.fixture(scope="session")
def orangesum_dir() -> Path:
    return _need(ORANGESUM_DIR)


@pytest.fixture(scope="session")
def rpm2_dir() -> Path:
    return _need(RPM2_DIR)


@pytest.fixture(scope="session")
def tiny_mbart(tmp_path_factory, sample_dir) -> Path:
    """A tiny MBart + BarthezTokenizer checkpoint directory (BARThez's classes), built once."""
    need_extra("abstractive")
    from summarize.summarizers.seq2seq.tiny import build_tiny_mbart, corpus_lines

    return build_tiny_mbart(tmp_path_factory.mktemp("models") / "tiny-mbart", corpus_lines(sample_dir))


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory, sample_dir) -> Path:
    """A tiny T5 checkpoint whose config asks for the "summarize: " prefix, built once."""
    need_extra("abstractive")
    from summarize.summarizers.seq2seq.tiny import build_tiny_t5, corpus_lines

    return build_tiny_t5(tmp_path_factory.mktemp("models") / "tiny-t5", corpus_lines(sample_dir))
