"""LEAD-k: the first k sentences of the article, the standard news-summarization baseline."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from ..records import Document, Length
from ..registry import check_positive_ints
from ._base import Summarizer


@dataclass(frozen=True)
class LeadSummarizer(Summarizer):
    """The first ``k`` sentences of the cleaned article.

    Args:
        k: Number of sentences (>= 1).

    Example:
        >>> from summarize.records import Article
        >>> LeadSummarizer(k=1).summarize(Article(id="a", text="Un. Deux. Trois.")).text
        'Un.'
    """

    k: int = 3

    def __post_init__(self) -> None:
        check_positive_ints("lead", k=self.k)

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"lead-{self.k}"

    def summarize_sentences(self, doc: Document) -> list[str]:
        return list(doc.sentences[: self.k])

    def summarize_to_length(self, doc: Document, length: Length) -> list[str]:
        """The first ``length.sentences`` sentences, or the opening whose word count is closest to
        ``length.words`` (at least one sentence)."""
        if length.sentences is not None:
            return list(doc.sentences[: length.sentences])
        totals = list(accumulate(len(s.split()) for s in doc.sentences))
        if not totals:
            return []
        n = min(range(len(totals)), key=lambda i: (abs(totals[i] - (length.words or 0)), i))
        return list(doc.sentences[: n + 1])
