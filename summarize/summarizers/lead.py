"""LEAD-k: the first k sentences of the article, the standard news-summarization baseline."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from ..lexicon import word_count
from ..records import Document, Length
from ..registry import check_positive_ints
from ._base import Summarizer


@dataclass(frozen=True)
class LeadSummarizer(Summarizer):
    """The first ``k`` sentences of the cleaned article.

    A length asked for takes the opening instead: ``Length(sentences=K)`` the first K sentences,
    ``Length(words=N)`` the opening whose word count is closest to N (at least one sentence), a
    budget the longest opening within both.

    Args:
        k: Number of sentences (>= 1).

    Example:
        >>> from summarize.records import Article
        >>> LeadSummarizer(k=1).summarize(Article(id="a", text="Un. Deux. Trois.")).text
        'Un.'
    """

    k: int = 3
    supports_length = True

    def __post_init__(self) -> None:
        check_positive_ints("lead", k=self.k)
        object.__setattr__(self, "name", f"lead-{self.k}")

    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        if length is None:
            return list(doc.sentences[: self.k])
        opening = list(doc.sentences[: length.sentences])
        totals = list(accumulate(word_count(s) for s in opening))
        if not totals or length.words is None:
            return opening
        if length.is_budget:
            n = max([i for i, t in enumerate(totals) if t <= length.words], default=0)
        else:
            n = min(range(len(totals)), key=lambda i: (abs(totals[i] - (length.words or 0)), i))
        return opening[: n + 1]
