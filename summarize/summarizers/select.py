"""Pick sentences by score under a word budget, without repeating content (shared by the
extractive summarizers)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..lexicon import content_words, jaccard


def select_by_score(
    sentences: Sequence[str], scores: Sequence[float], *, max_words: int, max_sentences: int = 3,
    candidates: int = 3, redundancy: float = 0.5, fill: float = 0.6,
) -> list[int]:
    """Indices (in document order) of the sentences to keep.

    Only the ``candidates`` best-scored sentences are considered, best first (padding a summary
    with low-scored short sentences costs precision, measured on OrangeSum valid). A sentence is
    skipped when it would exceed ``max_words`` (the best one is always kept) or when its
    content-word Jaccard similarity with a kept sentence reaches ``redundancy``; selection stops
    at ``max_sentences`` or once ``fill`` x budget is reached.
    """
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:candidates]
    chosen: list[int] = []
    bags: list[frozenset[str]] = []
    total = 0
    for i in order:
        if len(chosen) >= max_sentences or total >= fill * max_words:
            break
        n = len(sentences[i].split())
        if chosen and total + n > max_words:
            continue
        bag = content_words(sentences[i])
        if any(jaccard(bag, b) >= redundancy for b in bags):
            continue
        chosen.append(int(i))
        bags.append(bag)
        total += n
    return sorted(chosen)
