"""Summarizers and the registry that maps CLI names to them.

Names: ``lead-K`` (first K sentences, e.g. ``lead-3``).
"""

from __future__ import annotations

import re

from ._base import Summarizer
from .lead import LeadSummarizer

__all__ = ["LeadSummarizer", "Summarizer", "get_summarizer", "available_summarizers"]


def available_summarizers() -> list[str]:
    """Names accepted by :func:`get_summarizer` (patterns in angle brackets)."""
    return ["lead-<k>"]


def get_summarizer(name: str) -> Summarizer:
    """Build a summarizer from its registry name.

    Raises:
        ValueError: unknown name; the message lists the known ones.
    """
    m = re.fullmatch(r"lead-?(\d+)", name.strip().lower())
    if m:
        return LeadSummarizer(k=int(m.group(1)))
    raise ValueError(f"unknown summarizer '{name}'; expected one of: {', '.join(available_summarizers())}")
