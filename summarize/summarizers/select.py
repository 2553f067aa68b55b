"""Pick sentences by score under a word budget, without repeating content (shared by the
extractive summarizers)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..lexicon import content_words, jaccard
from ..records import Length


def select_by_score(
    sentences: Sequence[str], scores: Sequence[float], *, max_words: int, max_sentences: int = 3,
    candidates: int = 3, redundancy: float = 0.5, fill: float = 0.6, avoid: Sequence[str] = (),
) -> list[int]:
    """Indices (in document order) of the sentences to keep.

    Only the ``candidates`` best-scored sentences are considered, best first (padding a summary
    with low-scored short sentences costs precision, measured on OrangeSum valid). A sentence is
    skipped when it would exceed ``max_words`` (the best one is always kept) or when its
    content-word Jaccard similarity with a kept sentence, or with a text of ``avoid`` (what the
    summary already says, e.g. its title), reaches ``redundancy``; selection stops at
    ``max_sentences`` or once ``fill`` x budget is reached.
    """
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:candidates]
    chosen: list[int] = []
    given = [content_words(text) for text in avoid]
    bags: list[frozenset[str]] = []
    total = 0
    for i in order:
        if len(chosen) >= max_sentences or total >= fill * max_words:
            break
        n = len(sentences[i].split())
        if chosen and total + n > max_words:
            continue
        bag = content_words(sentences[i])
        if any(jaccard(bag, b) >= redundancy for b in bags + given):
            continue
        chosen.append(int(i))
        bags.append(bag)
        total += n
    return sorted(chosen)


def select_to_length(
    sentences: Sequence[str], scores: Sequence[float], length: Length, *, redundancy: float | None = 0.5
) -> list[int]:
    """Indices (in document order) of the best-scored sentences that make a summary of ``length``.

    ``length.sentences = K``: exactly K sentences (all of them when the document has fewer); a
    sentence too similar to a kept one (content-word Jaccard >= ``redundancy``) is passed over
    while others remain. ``length.words = N``: the best-ranked sentence (always, as in
    :func:`select_by_score`), then best first every sentence that still fits under N words, then
    the one sentence that brings the total closest to N if any does; sentences are never cut.

    Example:
        >>> s = ["Un deux trois.", "Quatre cinq.", "Six sept huit neuf.", "Dix."]
        >>> select_to_length(s, [0.9, 0.1, 0.8, 0.5], Length(sentences=2))
        [0, 2]
        >>> select_to_length(s, [0.9, 0.1, 0.8, 0.5], Length(words=5))
        [0, 3]
    """
    order = [int(i) for i in np.argsort(-np.asarray(scores, dtype=float), kind="stable")]
    bags = [content_words(s) for s in sentences]

    def repeats(i: int, chosen: list[int]) -> bool:
        return redundancy is not None and any(jaccard(bags[i], bags[j]) >= redundancy for j in chosen)

    chosen: list[int] = []
    if length.sentences is not None:
        passed: list[int] = []
        for i in order:
            if len(chosen) == length.sentences:
                break
            (passed if repeats(i, chosen) else chosen).append(i)
        chosen += passed[: length.sentences - len(chosen)]  # too few distinct sentences: keep the count
        return sorted(chosen)
    target = length.words or 0
    sizes = [len(s.split()) for s in sentences]
    if not order:
        return []
    chosen.append(order[0])
    total = sizes[order[0]]
    for i in order[1:]:
        if total + sizes[i] <= target and not repeats(i, chosen):
            chosen.append(i)
            total += sizes[i]
    closer = [i for i in order if i not in chosen and not repeats(i, chosen) and abs(total + sizes[i] - target) < abs(total - target)]
    if closer:
        chosen.append(min(closer, key=lambda i: (abs(total + sizes[i] - target), order.index(i))))
    return sorted(chosen)
