"""Best-scored sentences under a length, without repeating content (the extractive summarizers'
use of :func:`summarize.selection.select`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..lexicon import content_words, jaccard
from ..records import Length
from ..selection import select

# Importance of each sentence, higher first.
Scores = Sequence[float] | np.ndarray


def select_ranked(
    sentences: Sequence[str], scores: Scores, length: Length, *, target: bool = False,
    candidates: int | None = None, fill: float | None = None, redundancy: float | None = 0.5, avoid: Sequence[str] = (),
) -> list[int]:
    """Indices (in document order) of the sentences to keep, best-scored first.

    Only the ``candidates`` best-scored sentences are considered (``None``: all; padding a
    summary with low-scored short sentences costs precision, measured on OrangeSum valid). A
    sentence is passed over when its content-word Jaccard similarity with a kept sentence, or with
    a text of ``avoid`` (what the summary already says, e.g. its title), reaches ``redundancy``;
    ``length``, ``fill`` and ``target`` as in :func:`~summarize.selection.select`: a budget (the
    best sentence always, then each that fits, until ``fill`` of the words) or a target (about N
    words, exactly K sentences).

    Example:
        >>> s = ["Un deux trois.", "Quatre cinq.", "Six sept huit neuf.", "Dix."]
        >>> select_ranked(s, [0.9, 0.1, 0.8, 0.5], Length(sentences=2), target=True)
        [0, 2]
        >>> select_ranked(s, [0.9, 0.1, 0.8, 0.5], Length(words=5), target=True)
        [0, 3]
        >>> select_ranked(s, [0.9, 0.1, 0.8, 0.5], Length(words=5, sentences=3), candidates=2)
        [0]
    """
    order = [int(i) for i in np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:candidates]]
    bags: dict[int, frozenset[str]] = {}
    given = [content_words(text) for text in avoid]

    def bag(i: int) -> frozenset[str]:
        if i not in bags:
            bags[i] = content_words(sentences[i])
        return bags[i]

    def repeats(i: int, kept: list[int]) -> bool:
        if redundancy is None:
            return False
        return any(jaccard(bag(i), b) >= redundancy for b in [*(bag(j) for j in kept), *given])

    sizes = [len(s.split()) for s in sentences]
    return sorted(select(order, sizes, length, fill=fill, skip=repeats, target=target))
