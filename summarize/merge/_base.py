"""The merger interface, and helpers the mergers share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..records import Document, Length, MergedSummary, Summary

# A merged summary's length when none is given (``--merged-words`` defaults to it too).
DEFAULT_LENGTH = Length(words=150)


@runtime_checkable
class Merger(Protocol):
    """Merges the documents of one story into one :class:`~summarize.records.MergedSummary`.

    ``summaries`` are the per-article summaries; they also fix which documents take part (a
    document without a summary is left out). Every merged sentence names its sources.
    ``length``: the merged summary's length (``None``: :data:`DEFAULT_LENGTH`); its ``words`` are a
    budget.
    """

    name: str

    def merge(
        self, documents: Sequence[Document], summaries: Sequence[Summary], length: Length | None = None
    ) -> MergedSummary:
        """Merge; raise ``ValueError`` when there is nothing to merge."""
        ...


def majority_language(documents: Sequence[Document]) -> str:
    """The most common language of ``documents`` (``fr`` when there is none)."""
    langs = Counter(d.lang for d in documents if d.lang)
    return langs.most_common(1)[0][0] if langs else "fr"


def source_order(documents: Sequence[Document]) -> dict[str, int]:
    """Rank of each document: dated ones by date, then input order."""
    keyed = sorted(range(len(documents)), key=lambda i: (documents[i].article.date or "9999", i))
    return {documents[i].id: rank for rank, i in enumerate(keyed)}


def summarized(documents: Sequence[Document], summaries: Sequence[Summary]) -> list[Document]:
    """The documents that have a summary, in input order.

    Raises:
        ValueError: none has.
    """
    ids = {s.id for s in summaries}
    kept = [d for d in documents if d.id in ids]
    if not kept:
        raise ValueError("nothing to merge: no article was summarized")
    return kept


def sentence_items(documents: Sequence[Document]) -> list[tuple[str, int, str]]:
    """``(document id, position, sentence)`` for every sentence of ``documents``."""
    return [(d.id, i, s) for d in documents for i, s in enumerate(d.sentences)]
