"""Summarizers and the registry that maps names (CLI, configs) to them.

========================  =============================================================
name                      summarizer
========================  =============================================================
``auto`` (default)        ``ext-fr`` for French, ``textrank`` for other languages
``ext-fr``                supervised extractive model trained on OrangeSum (French)
``textrank``              TextRank over TF-IDF sentence vectors (any supported language)
``centroid-mmr``          centroid + maximal marginal relevance (any supported language)
``lead-K``                the first K sentences (``lead-3``), the standard baseline
========================  =============================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ._base import Summarizer
from .extractive import SupervisedExtractiveSummarizer
from .graph import CentroidMMRSummarizer, TextRankSummarizer
from .lead import LeadSummarizer
from .router import LanguageRouter

__all__ = [
    "CentroidMMRSummarizer", "LanguageRouter", "LeadSummarizer", "Summarizer",
    "SupervisedExtractiveSummarizer", "TextRankSummarizer", "available_summarizers", "get_summarizer",
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
    return [*REGISTRY, "lead-<k>"]


def get_summarizer(name: str) -> Summarizer:
    """Build a summarizer from its registry name.

    Raises:
        ValueError: unknown name; the message lists the known ones.
    """
    key = name.strip().lower()
    m = re.fullmatch(r"lead-?(\d+)", key)
    if m:
        return LeadSummarizer(k=int(m.group(1)))
    if key in REGISTRY:
        return REGISTRY[key]()
    raise ValueError(f"unknown summarizer '{name}'; expected one of: {', '.join(available_summarizers())}")
