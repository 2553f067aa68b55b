"""LEAD-k: the first k sentences of the article, the standard news-summarization baseline."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Document
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
