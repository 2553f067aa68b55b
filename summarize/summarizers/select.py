"""Best-scored sentences under a length, without repeating content or unreadable sentences (the
extractive summarizers' use of :func:`summarize.selection.select`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..lexicon import content_words, jaccard, word_count
from ..readable import STATIC_DEFECTS, sentence_defects
from ..records import Length
from ..selection import select

# Importance of each sentence, higher first.
Scores = Sequence[float] | np.ndarray


def select_ranked(
    sentences: Sequence[str], scores: Scores, length: Length, *, target: bool = False,
    candidates: int | None = None, fill: float | None = None, redundancy: float | None = 0.5, avoid: Sequence[str] = (),
    readable: bool = True, lang: str | None = None,
) -> list[int]:
    """Indices (in document order) of the sentences to keep, best-scored first.

    Only the ``candidates`` best-scored sentences are considered (``None``: all; padding a
    summary with low-scored short sentences costs precision, measured on OrangeSum valid). A
    sentence is passed over when its content-word Jaccard similarity with a kept sentence, or with
    a text of ``avoid`` (what the summary already says, e.g. its title), reaches ``redundancy``;
    ``length``, ``fill`` and ``target`` as in :func:`~summarize.selection.select`: a budget (the
    best sentence always, then each that fits, until ``fill`` of the words) or a target (about N
    words, exactly K sentences).

    With ``readable`` (the default), a sentence with a defect of its own
    (:func:`summarize.readable.sentence_defects` in ``lang``: a heading, a bare question, glued
    words, an incomplete sentence, unbalanced quotes) is no candidate, and one that would open on
    a dangling reference (read after ``avoid`` and the kept sentences before it in the text) is
    passed over. When every candidate is passed over,
    all readable sentences are candidates; when none is readable the selection is made as without
    ``readable``, so a summary is never empty. A target gets its length from the defective
    sentences last. Sentences are kept verbatim: quotes are not mended here (the summary's
    sentences are the document's).

    Example:
        >>> s = ["Un deux trois.", "Quatre cinq.", "Six sept huit neuf.", "Dix."]
        >>> select_ranked(s, [0.9, 0.1, 0.8, 0.5], Length(sentences=2), target=True)
        [0, 2]
        >>> select_ranked(s, [0.9, 0.1, 0.8, 0.5], Length(words=5), target=True)
        [0, 3]
        >>> select_ranked(s, [0.9, 0.1, 0.8, 0.5], Length(words=5, sentences=3), candidates=2)
        [0]
    """
    ranked = [int(i) for i in np.argsort(-np.asarray(scores, dtype=float), kind="stable")]
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

    def dangles(i: int, kept: list[int]) -> bool:
        before = [*avoid, *(sentences[j] for j in sorted(kept) if j < i)]
        return bool(sentence_defects(sentences[i], previous=before, lang=lang, kinds=("dangling_reference",)))

    sizes = [word_count(s) for s in sentences]
    if readable:
        verdict: dict[int, bool] = {}

        def readable_first(pool: int | None) -> list[int]:
            out: list[int] = []
            for i in ranked:  # checked lazily: a budget reads only the first few
                if pool is not None and len(out) >= pool:
                    break
                if i not in verdict:
                    verdict[i] = readable_alone(sentences[i], lang)
                if verdict[i]:
                    out.append(i)
            return out

        def skip(i: int, kept: list[int]) -> bool:
            return repeats(i, kept) or dangles(i, kept)

        # the best readable candidates; all readable sentences when those all dangle or repeat
        for pool in (None,) if target or candidates is None else (candidates, None):
            clean = readable_first(pool)
            order = clean + ([i for i in ranked if not verdict[i]] if target else [])
            keep = select(order, sizes, length, fill=fill, skip=skip, target=target)
            if keep:
                return sorted(keep)
    return sorted(select(ranked[:candidates], sizes, length, fill=fill, skip=repeats, target=target))


def readable_alone(sentence: str, lang: str | None = None) -> bool:
    """Whether ``sentence`` has no defect of its own (the summary around it aside): see
    :func:`summarize.readable.sentence_defects`."""
    return not sentence_defects(sentence, lang=lang, kinds=STATIC_DEFECTS)
