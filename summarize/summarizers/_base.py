"""The summarizer interface every summarizer of the toolkit implements."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from tqdm.auto import tqdm

from ..lexicon import join_sentences, word_count
from ..records import Article, Document, Length, Summary
from ..segment import as_document
from .select import Scores, select_ranked


class Summarizer(ABC):
    """Turns one segmented :class:`~summarize.records.Document` into a :class:`~summarize.records.Summary`.

    Subclasses implement one method, :meth:`summarize_sentences`; batching summarizers may also
    override :meth:`summarize_many`, and :meth:`check` refuses documents before any work.
    ``name`` identifies the summarizer in outputs (``model`` field); ``extractive`` says that every
    summary sentence is a sentence of the document; ``supports_length`` declares that
    :meth:`summarize_sentences` honours a :class:`~summarize.records.Length`. A plain
    :class:`~summarize.records.Article` is accepted too and segmented on the way in.
    """

    name: str = "summarizer"
    extractive: bool = True
    supports_length: bool = False

    @abstractmethod
    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        """The summary of ``doc`` as a list of sentences, of ``length`` (``None``: the
        summarizer's own length)."""

    def check(self, doc: Document) -> None:
        """Raise ``ValueError`` when ``doc`` cannot be summarized by this summarizer."""
        if not doc.text.strip():
            raise ValueError(f"article '{doc.id}' has no text to summarize")

    def check_length(self, length: Length | None) -> None:
        """Raise ``ValueError`` when this summarizer cannot honour ``length``."""
        if length is not None and not self.supports_length:
            raise ValueError(
                f"summarizer '{self.name}' cannot honour a length in words or sentences; drop --words/--sentences "
                "or choose another summarizer (a summarizer of your own: set supports_length = True and read "
                "the length in summarize_sentences)"
            )

    def summarize(self, doc: Document | Article, *, length: Length | None = None) -> Summary:
        """Summarize one document and time it; ``length`` overrides the summarizer's own length.

        Raises:
            ValueError: the document has no text to summarize (or fails :meth:`check`), or a
                length this summarizer cannot honour.
        """
        doc = as_document(doc)
        self.check(doc)
        self.check_length(length)
        t0 = time.perf_counter()
        sentences = self.summarize_sentences(doc, length)
        return make_summary(doc, sentences, self.name, time.perf_counter() - t0, **target_fields(length))

    def summarize_many(
        self, docs: Sequence[Document | Article], progress: bool = False, *, length: Length | None = None
    ) -> list[Summary]:
        """Summarize several documents (one by one unless a subclass batches), in order."""
        bar = tqdm(docs, desc="summarizing", unit="article", disable=not progress)
        return [self.summarize(d, length=length) for d in bar]


class RankingSummarizer(Summarizer):
    """A summarizer that scores the sentences (:meth:`rank`) and keeps the best ones: under its
    own ``default_length`` (a budget, stopping at ``fill`` of its words, among the
    ``candidates`` best sentences), or to any length asked for (a target: all sentences are
    candidates). A sentence whose content words repeat a kept one's (Jaccard >= ``redundancy``)
    is passed over."""

    supports_length = True
    default_length: ClassVar[Length] = Length(words=50, sentences=3)
    fill: ClassVar[float] = 0.6
    candidates: int | None = 3
    redundancy: float | None = 0.5

    @abstractmethod
    def rank(self, doc: Document) -> Scores:
        """Importance of each sentence of ``doc`` (higher first)."""

    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        return self.ranked_summary(doc, self.rank(doc), length)

    def ranked_summary(self, doc: Document, scores: Scores, length: Length | None = None) -> list[str]:
        """The summary of ``doc`` given its sentences' ``scores`` (:meth:`rank`'s)."""
        sentences = list(doc.sentences)
        if length is None or length.is_budget:
            keep = select_ranked(
                sentences, scores, length or self.default_length,
                candidates=self.candidates, fill=self.fill, redundancy=self.redundancy, lang=doc.lang,
            )
        else:
            keep = select_ranked(sentences, scores, length, target=True, redundancy=self.redundancy, lang=doc.lang)
        return [sentences[i] for i in keep]


def target_fields(length: Length | None) -> dict[str, int]:
    """``{"target_words": N}`` when ``length`` is a target in words (the summary records it), else ``{}``."""
    return {"target_words": length.words} if length is not None and length.words and not length.is_budget else {}


def make_summary(doc: Document, sentences: Sequence[str], model: str, time_s: float, **extra) -> Summary:
    """The :class:`~summarize.records.Summary` record of ``doc`` made of ``sentences``."""
    return Summary(
        id=doc.id,
        text=join_sentences(sentences),
        sentences=tuple(sentences),
        model=model,
        source=doc.article.source,
        lang=doc.lang,
        title=doc.title,
        date=doc.article.date,
        input_words=word_count(doc.text),
        time_s=time_s,
        **extra,
    )
