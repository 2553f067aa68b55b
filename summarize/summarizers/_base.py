"""The summarizer interface every summarizer of the toolkit implements."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence

from tqdm.auto import tqdm

from ..records import Article, Document, Length, Summary
from ..segment import as_document
from .select import select_to_length


class Summarizer(ABC):
    """Turns one segmented :class:`~summarize.records.Document` into a :class:`~summarize.records.Summary`.

    Subclasses implement :meth:`summarize_sentences`; batching summarizers may also override
    :meth:`summarize_many`. ``name`` identifies the summarizer in outputs (``model`` field);
    ``extractive`` says that every summary sentence is a sentence of the document.
    A plain :class:`~summarize.records.Article` is accepted too and segmented on the way in.

    Length control (``summarize(doc, length=Length(sentences=2))``): a summarizer that gives
    :meth:`rank` (the importance of each sentence) selects to any length in words or sentences;
    others may override :meth:`summarize_to_length`.
    """

    name: str = "summarizer"
    extractive: bool = True
    # Length control skips a sentence this similar (content-word Jaccard) to a kept one; None: never.
    length_redundancy: float | None = 0.5

    @abstractmethod
    def summarize_sentences(self, doc: Document) -> list[str]:
        """The summary of ``doc`` as a list of sentences (the summarizer's own default length)."""

    def rank(self, doc: Document) -> Sequence[float] | None:
        """Importance of each sentence of ``doc`` (higher first), for length control; ``None``
        when this summarizer does not rank sentences."""
        return None

    @property
    def supports_length(self) -> bool:
        """Whether :meth:`summarize` honours a ``length``."""
        cls = type(self)
        return cls.rank is not Summarizer.rank or cls.summarize_to_length is not Summarizer.summarize_to_length

    def summarize_to_length(self, doc: Document, length: Length) -> list[str]:
        """The sentences of a summary of ``length``: the best-ranked ones (see
        :func:`~summarize.summarizers.select.select_to_length`).

        Raises:
            ValueError: this summarizer does not rank sentences.
        """
        scores = self.rank(doc)
        if scores is None:
            raise ValueError(
                f"summarizer '{self.name}' cannot honour a length in words or sentences: give it a rank(doc) method"
            )
        keep = select_to_length(doc.sentences, scores, length, redundancy=self.length_redundancy)
        return [doc.sentences[i] for i in keep]

    def check(self, doc: Document) -> None:
        """Raise ``ValueError`` when ``doc`` cannot be summarized by this summarizer."""
        if not doc.text.strip():
            raise ValueError(f"article '{doc.id}' has no text to summarize")

    def summarize(self, doc: Document | Article, *, length: Length | None = None) -> Summary:
        """Summarize one document and time it; ``length`` overrides the summarizer's own length.

        Raises:
            ValueError: the document has no text to summarize (or fails :meth:`check`).
        """
        doc = as_document(doc)
        self.check(doc)
        t0 = time.perf_counter()
        sentences = self.summarize_sentences(doc) if length is None else self.summarize_to_length(doc, length)
        target = {"target_words": length.words} if length is not None and length.words else {}
        return make_summary(doc, sentences, self.name, time.perf_counter() - t0, **target)

    def summarize_many(
        self, docs: Sequence[Document | Article], progress: bool = False, *, length: Length | None = None
    ) -> list[Summary]:
        """Summarize several documents (one by one unless a subclass batches), in order."""
        bar = tqdm(docs, desc="summarizing", unit="article", disable=not progress)
        return [self.summarize(d, length=length) for d in bar]


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
