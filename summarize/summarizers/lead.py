"""LEAD-k: the first k sentences of the article, the standard news-summarization baseline."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Article
from ..segment import split_sentences
from ._base import Summarizer


@dataclass(frozen=True)
class LeadSummarizer(Summarizer):
    """The first ``k`` sentences of the cleaned article.

    Args:
        k: Number of sentences (>= 1).
        default_lang: Sentence-splitting rules used when the article has no detected language.

    Example:
        >>> from summarize.records import Article
        >>> LeadSummarizer(k=1).summarize(Article(id="a", text="Un. Deux. Trois.")).summary
        'Un.'
    """

    k: int = 3
    default_lang: str = "fr"

    def __post_init__(self) -> None:
        if not isinstance(self.k, int) or self.k < 1:
            raise ValueError(f"LEAD-k needs k >= 1, got {self.k!r}")

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"lead-{self.k}"

    def summarize_sentences(self, article: Article) -> list[str]:
        return split_sentences(article.text, article.lang or self.default_lang)[: self.k]
