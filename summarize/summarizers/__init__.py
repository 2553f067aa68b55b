"""Summarizers and the registry that maps names (CLI, configs) to them.

========================  ====================================================================
name                      summarizer
========================  ====================================================================
``auto`` (default)        ``ext-fr`` for French, ``textrank`` for other languages (offline)
``ext-fr``                supervised extractive model trained on OrangeSum (French, shipped)
``textrank``              TextRank over TF-IDF sentence vectors (any supported language)
``centroid-mmr``          centroid + maximal marginal relevance (any supported language)
``lead-K``                the first K sentences (``lead-3``), the standard baseline
``barthez``               BARThez fine-tuned on OrangeSum (abstractive, needs its weights)
``mt5-xlsum``             mT5 fine-tuned on XL-Sum, 45 languages (abstractive, needs weights)
``t5-fr``                 T5 fine-tuned on French CNN/DM (abstractive, needs weights)
``abstractive``           ``barthez`` for French, ``mt5-xlsum`` for other languages
a local directory         any seq2seq checkpoint saved with ``save_pretrained``
a Hub id                  a seq2seq checkpoint already in the local Hugging Face cache
========================  ====================================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..models import PRESETS
from ._base import Summarizer
from .extractive import SupervisedExtractiveSummarizer
from .graph import CentroidMMRSummarizer, TextRankSummarizer
from .lead import LeadSummarizer
from .router import LanguageRouter, LazySummarizer
from .seq2seq import Seq2SeqSummarizer

__all__ = [
    "CentroidMMRSummarizer", "LanguageRouter", "LazySummarizer", "LeadSummarizer", "Seq2SeqSummarizer",
    "Summarizer", "SupervisedExtractiveSummarizer", "TextRankSummarizer", "available_summarizers",
    "get_summarizer",
]


def _auto() -> Summarizer:
    return LanguageRouter(routes={"fr": SupervisedExtractiveSummarizer()}, default=TextRankSummarizer())


REGISTRY: dict[str, Callable[[], Summarizer]] = {
    "auto": _auto,
    "ext-fr": SupervisedExtractiveSummarizer,
    "textrank": TextRankSummarizer,
    "centroid-mmr": CentroidMMRSummarizer,
}


def available_summarizers() -> list[str]:
    """Names accepted by :func:`get_summarizer` (``lead-<k>`` stands for lead-1, lead-2...)."""
    return [*REGISTRY, "lead-<k>", *PRESETS, "abstractive", "<model directory>", "<hub id>"]


def get_summarizer(name: str, *, device: str | None = None, precision: str = "fp32", progress: bool = False) -> Summarizer:
    """Build a summarizer from its registry name, a model directory or a Hub id.

    ``device``, ``precision`` and ``progress`` apply to abstractive models only.

    Raises:
        ValueError: unknown name; the message lists the known ones.
        ModelNotAvailableError: an abstractive model whose weights are missing (says how to get them).
    """
    key = name.strip()
    m = re.fullmatch(r"lead-?(\d+)", key.lower())
    if m:
        return LeadSummarizer(k=int(m.group(1)))
    if key.lower() in REGISTRY:
        return REGISTRY[key.lower()]()

    def seq2seq(model: str) -> Seq2SeqSummarizer:
        return Seq2SeqSummarizer(model, device=device, precision=precision, progress=progress)

    if key.lower() == "abstractive":
        return LanguageRouter(
            routes={"fr": LazySummarizer(lambda: seq2seq("barthez"), "barthez")},
            default=LazySummarizer(lambda: seq2seq("mt5-xlsum"), "mt5-xlsum"),
        )
    if key in PRESETS or Path(key).expanduser().exists() or re.fullmatch(r"[\w.-]+/[\w.-]+", key):
        return seq2seq(key)
    raise ValueError(f"unknown summarizer '{name}'; expected one of: {', '.join(available_summarizers())}")
