"""The summarizer interface every summarizer of the toolkit implements."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence

from tqdm.auto import tqdm

from ..records import Article, Document, Summary
from ..segment import as_document


class Summarizer(ABC):
    """Turns one segmented :class:`~summarize.records.Document` into a :class:`~summarize.records.Summary`.

    Subclasses implement :meth:`summarize_sentences`; batching summarizers may also override
    :meth:`summarize_many`. ``name`` identifies the summarizer in outputs (``model`` field);
    ``extractive`` says that every summary sentence is a sentence of the document.
    A plain :class:`~summarize.records.Article` is accepted too and segmented on the way in.
    """

    name: str = "summarizer"
    extractive: bool = True

    @abstractmethod
    def summarize_sentences(self, doc: Document) -> list[str]:
        """The summary of ``doc`` as a list of sentences."""

    def check(self, doc: Document) -> None:
        """Raise ``ValueError`` when ``doc`` cannot be summarized by this summarizer."""
        if not doc.text.strip():
            raise ValueError(f"article '{doc.id}' has no text to summarize")

    def summarize(self, doc: Document | Article) -> Summary:
        """Summarize one document and time it.

        Raises:
            ValueError: the document has no text to summarize (or fails :meth:`check`).
        """
        doc = as_document(doc)
        self.check(doc)
        t0 = time.perf_counter()
        sentences = self.summarize_sentences(doc)
        return make_summary(doc, sentences, self.name, time.perf_counter() - t0)

    def summarize_many(self, docs: Sequence[Document | Article], progress: bool = False) -> list[Summary]:
        """Summarize several documents (one by one unless a subclass batches), in order."""
        bar = tqdm(docs, desc="summarizing", unit="article", disable=not progress)
        return [self.summarize(d) for d in bar]


def make_summary(doc: Document, sentences: Sequence[str], model: str, time_s: float, **extra) -> Summary:
    """The :class:`~summarize.records.Summary` record of ``doc`` made of ``sentences``."""
    return Summary(
        id=doc.id,
        text=" ".join(sentences),
        sentences=tuple(sentences),
        model=model,
        source=doc.article.source,
        lang=doc.lang,
        title=doc.title,
        input_words=len(doc.text.split()),
        time_s=time_s,
        **extra,
    )
