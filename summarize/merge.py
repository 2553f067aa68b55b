"""One summary for a set of articles, built from their per-article summaries.

:class:`SentenceUnionMerger` is the first merging strategy: it walks the per-article summaries
sentence by sentence, round robin (every article's first sentence, then every second one...),
keeps a sentence unless it repeats one already kept, and credits the articles whose summary
sentences it absorbed. Each merged sentence so carries the ids of every article that said it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

from .records import MergedSentence, MergedSummary, Summary
from .similarity import content_words, jaccard


@dataclass(frozen=True)
class SentenceUnionMerger:
    """Merge per-article summaries without repeating a fact.

    Args:
        max_words: Stop adding sentences once the merged summary reaches this length.
        redundancy: Two sentences whose content-word Jaccard similarity reaches this value
            say the same thing: the later one is dropped and its article credited.
    """

    max_words: int = 150
    redundancy: float = 0.5

    def __post_init__(self) -> None:
        if self.max_words < 1:
            raise ValueError(f"max_words must be >= 1, got {self.max_words}")
        if not 0 < self.redundancy <= 1:
            raise ValueError(f"redundancy must be in (0, 1], got {self.redundancy}")

    name = "sentence-union"

    def merge(self, summaries: Sequence[Summary]) -> MergedSummary:
        """Merge ``summaries`` (in the order given: it is the order of the articles).

        Raises:
            ValueError: ``summaries`` is empty.
        """
        if not summaries:
            raise ValueError("nothing to merge: no article was summarized")
        chosen: list[tuple[str, frozenset[str], list[str]]] = []
        words = 0
        rounds = zip_longest(*[[(s.id, x) for x in s.sentences] for s in summaries])
        for round_ in rounds:
            for item in round_:
                if item is None:
                    continue
                art_id, sentence = item
                bag = content_words(sentence)
                dup = next((c for c in chosen if jaccard(bag, c[1]) >= self.redundancy), None)
                if dup is not None:
                    if art_id not in dup[2]:
                        dup[2].append(art_id)
                    continue
                n = len(sentence.split())
                if words and words + n > self.max_words:
                    continue
                chosen.append((sentence, bag, [art_id]))
                words += n
        return MergedSummary(
            sentences=tuple(MergedSentence(t, tuple(src)) for t, _, src in chosen),
            method=self.name,
            article_ids=tuple(s.id for s in summaries),
        )
