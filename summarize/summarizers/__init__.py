"""Summarizers and their registry (``SUMMARIZERS``), which config, CLI choices and ``--help`` read.

========================  ====================================================================
name                      summarizer
========================  ====================================================================
``auto`` (default)        ``ext-fr`` for French, ``textrank`` for other languages (offline)
``ext-fr``                supervised extractive model trained on OrangeSum (French, shipped)
``textrank``              TextRank over TF-IDF sentence vectors (any supported language)
``centroid-mmr``          centroid + maximal marginal relevance (any supported language)
``lead`` / ``lead-K``     the first K sentences (``lead-3``), the standard baseline
``barthez``               BARThez fine-tuned on OrangeSum (abstractive, needs its weights)
``mt5-xlsum``             mT5 fine-tuned on XL-Sum, 45 languages (abstractive, needs weights)
``t5-fr``                 T5 fine-tuned on French CNN/DM (abstractive, needs weights)
``abstractive``           ``barthez`` for French, ``mt5-xlsum`` for other languages
``seq2seq``               any seq2seq checkpoint (``model=`` a directory or cached Hub id)
a local directory         any seq2seq checkpoint saved with ``save_pretrained``
a Hub id                  a seq2seq checkpoint already in the local Hugging Face cache
========================  ====================================================================

Entries take parameters (``get_summarizer("textrank", max_words=60)``), and a summarizer defined
elsewhere joins with ``register_summarizer("name", MySummarizer)``.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from ..extras import require
from ..registry import Registry
from ._base import Summarizer, make_summary
from .extractive import SupervisedExtractiveSummarizer
from .graph import CentroidMMRSummarizer, TextRankSummarizer
from .lead import LeadSummarizer
from .router import LanguageRouter, LazySummarizer
from .seq2seq import PRESETS, Seq2SeqSummarizer

__all__ = [
    "SUMMARIZERS", "CentroidMMRSummarizer", "LanguageRouter", "LazySummarizer", "LeadSummarizer", "Seq2SeqSummarizer",
    "Summarizer", "SupervisedExtractiveSummarizer", "TextRankSummarizer", "available_summarizers", "get_summarizer",
    "make_summary", "register_summarizer", "resolve_summarizer", "summarizer_entry",
]

SUMMARIZERS: Registry[Summarizer] = Registry("summarizer")


def _auto(*, max_words: int | None = None, max_sentences: int = 3) -> Summarizer:
    """ext-fr for French, TextRank for other languages (offline); max_words and max_sentences go to both"""
    budget = {"max_words": max_words} if max_words is not None else {}  # else each keeps its own default
    return LanguageRouter(
        routes={"fr": SupervisedExtractiveSummarizer(max_sentences=max_sentences, **budget)},
        default=TextRankSummarizer(max_sentences=max_sentences, **budget),
    )


def _abstractive(*, device: str | None = None, precision: str = "fp32", backend: str = "transformers") -> Summarizer:
    """BARThez for French, mT5-XLSum for other languages (each loaded when an article needs it)"""
    require("abstractive", "abstractive summarization")  # now, not at the first article

    def model(name: str) -> LazySummarizer:
        return LazySummarizer(lambda: Seq2SeqSummarizer(name, device=device, precision=precision, backend=backend), name)

    return LanguageRouter(routes={"fr": model("barthez")}, default=model("mt5-xlsum"))


SUMMARIZERS.register("auto", _auto)
SUMMARIZERS.register("ext-fr", SupervisedExtractiveSummarizer, help="supervised extractive model trained on OrangeSum (French)")
SUMMARIZERS.register("textrank", TextRankSummarizer, help="TextRank over TF-IDF sentence vectors")
SUMMARIZERS.register("centroid-mmr", CentroidMMRSummarizer, help="centroid + maximal marginal relevance")
SUMMARIZERS.register("lead", LeadSummarizer, help="the first k sentences (also lead-<k>)")
for _preset in PRESETS.values():
    SUMMARIZERS.register(_preset.name, partial(Seq2SeqSummarizer, _preset.name), help=f"{_preset.model_id} (abstractive, needs its weights)")
SUMMARIZERS.register("abstractive", _abstractive)
SUMMARIZERS.register("seq2seq", Seq2SeqSummarizer, help="any seq2seq checkpoint: model=<directory or cached Hub id>")

_LEAD = re.compile(r"lead-?(\d+)")
_HUB_ID = re.compile(r"[\w.-]+/[\w.-]+")


def register_summarizer(name: str, factory: Any = None, *, help: str = "", replace: bool = False):
    """Make a summarizer available by name (config, CLI, :func:`get_summarizer`).

    ``factory`` is a :class:`Summarizer` subclass or any callable returning one; its keyword
    parameters become the entry's parameters. Without ``factory``, a class decorator.

    Raises:
        ValueError: the name is taken (pass ``replace=True``).
    """
    return SUMMARIZERS.register(name, factory, help=help, replace=replace)


def available_summarizers() -> list[str]:
    """Names accepted by :func:`get_summarizer` (``lead-<k>`` stands for lead-1, lead-2...)."""
    return [*SUMMARIZERS.names(), "lead-<k>", "<model directory>", "<hub id>"]


def summarizer_entry(name: str, /, **params: Any) -> tuple[str, dict[str, Any]]:
    """``(registry entry, parameters)`` for a name and parameters, checked against the entry
    without building anything (``params`` override those implied by the name, e.g. ``lead-3``).

    Raises:
        ValueError: unknown name, or parameters that do not fit the entry.
    """
    entry, implied = resolve_summarizer(name)
    merged = {**implied, **params}
    try:
        SUMMARIZERS.check(entry, **merged)
    except ValueError as exc:
        # auto routes to ext-fr (French) or TextRank and takes only what both take: say where the rest goes
        routed = [n for n in ("ext-fr", "textrank") if all(SUMMARIZERS.entry(n).accepts(k) for k in merged)]
        if entry == "auto" and routed:
            raise ValueError(f"{exc}; to set it, choose the summarizer: --summarizer {routed[0]}") from None
        raise
    return entry, merged


def resolve_summarizer(name: str) -> tuple[str, dict[str, Any]]:
    """``(registry entry, parameters implied by the name)`` for a name, ``lead-K``, a model
    directory or a Hub id.

    Raises:
        ValueError: nothing matches; the message lists the known names.
    """
    key = name.strip()
    if key.lower() in SUMMARIZERS:
        return key.lower(), {}
    m = _LEAD.fullmatch(key.lower())
    if m:
        return "lead", {"k": int(m.group(1))}
    if Path(key).expanduser().exists() or _HUB_ID.fullmatch(key):
        return "seq2seq", {"model": key}
    raise ValueError(f"unknown summarizer '{name}'; expected one of: {', '.join(available_summarizers())}")


def get_summarizer(name: str, /, **params: Any) -> Summarizer:
    """Build a summarizer from its registry name, ``lead-K``, a model directory or a Hub id.

    ``params`` go to the entry (``get_summarizer("textrank", max_words=60)``,
    ``get_summarizer("barthez", device="cuda", precision="bf16")``).

    Raises:
        ValueError: unknown name (the message lists the known ones), or a parameter the entry
            does not take (the message lists the ones it takes).
        ModelNotAvailableError: an abstractive model whose weights are missing (says how to get them).
        MissingExtraError: an abstractive model without the ``abstractive`` extra installed.
    """
    entry, merged = summarizer_entry(name, **params)  # checked there: build without checking again
    return SUMMARIZERS.entry(entry).factory(**merged)
