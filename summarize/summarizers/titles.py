"""Titles in summaries: a summary that opens with its article's title (``ext-fr``'s
``title_first``), and how a title reads as a sentence."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Length
from .select import Scores, select_ranked


def title_led(
    sentences: Sequence[str], scores: Scores, title: str | None, length: Length, *, fill: float,
    candidates: int | None = 3, redundancy: float | None = 0.5,
) -> list[str]:
    """The summary: ``title`` as its first sentence (when given), then the sentences
    :func:`~summarize.summarizers.select.select_ranked` keeps under the budget ``length`` (the
    title not counted), none repeating the title. The one rule of the ext-fr summarizer and of its
    tuning (``eval/train_extractive.py``)."""
    lead = [headline(title)] if title else []
    keep = select_ranked(sentences, scores, length, candidates=candidates, fill=fill, redundancy=redundancy, avoid=lead)
    return lead + [sentences[i] for i in keep]


def opens_with_title(sentences: Sequence[str], title: str | None) -> bool:
    """Whether a summary's first sentence is its article's title (see :func:`title_led`)."""
    return bool(title and title.strip()) and bool(sentences) and sentences[0] == headline(title or "")


def headline(title: str) -> str:
    """A title as the summary's first sentence: one line, ending with a full stop unless it
    already ends with ``. ! ? …`` (a trailing ``, ; :`` gives way to it).

    Example:
        >>> headline(" Venise : un paquebot percute un quai ")
        'Venise : un paquebot percute un quai.'
        >>> headline("Électricité :")
        'Électricité.'
    """
    line = " ".join(title.split()).rstrip(" ,;:")
    return line if line[-1:] in ".!?…" else line + "."
