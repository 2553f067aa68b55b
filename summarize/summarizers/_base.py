"""The summarizer interface every summarizer of the toolkit implements."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence

from tqdm.auto import tqdm

from ..records import Article, Summary


class Summarizer(ABC):
    """Turns one cleaned :class:`~summarize.records.Article` into a :class:`~summarize.records.Summary`.

    Subclasses implement :meth:`summarize_sentences`; batching summarizers may also override
    :meth:`summarize_many`. ``name`` identifies the summarizer in outputs (``model`` field).
    """

    name: str = "summarizer"

    @abstractmethod
    def summarize_sentences(self, article: Article) -> list[str]:
        """The summary of ``article`` as a list of sentences."""

    def check(self, article: Article) -> None:
        """Raise ``ValueError`` when ``article`` cannot be summarized by this summarizer."""
        if not article.text.strip():
            raise ValueError(f"article '{article.id}' has no text to summarize")

    def summarize(self, article: Article) -> Summary:
        """Summarize one article and time it.

        Raises:
            ValueError: the article has no text to summarize.
        """
        self.check(article)
        t0 = time.perf_counter()
        sentences = self.summarize_sentences(article)
        elapsed = time.perf_counter() - t0
        return Summary(
            id=article.id,
            summary=" ".join(sentences),
            sentences=tuple(sentences),
            model=self.name,
            source=article.source,
            lang=article.lang,
            title=article.title,
            input_words=len(article.text.split()),
            time_s=elapsed,
        )

    def summarize_many(self, articles: Sequence[Article], progress: bool = False) -> list[Summary]:
        """Summarize several articles (one by one unless a subclass batches), in order."""
        bar = tqdm(articles, desc="summarizing", unit="article", disable=not progress)
        return [self.summarize(a) for a in bar]
