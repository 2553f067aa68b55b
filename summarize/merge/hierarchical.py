"""Hierarchical merge: summarize the joined per-article summaries again.

Any summarizer does the second pass (default: ``ext-fr`` for French, TextRank otherwise;
abstractive models chunk the joined text when it exceeds their window). A summary that opens with
its article's title (``ext-fr``'s ``title_first``) joins without it: merged sentences are article
sentences. A merged sentence's sources are the documents with a sentence at TF-IDF cosine >=
``support_similarity`` from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Article, Document, Length, MergedSentence, MergedSummary, Summary
from ..segment import as_document
from ..summarizers import Summarizer, SupervisedExtractiveSummarizer, TextRankSummarizer, opens_with_title
from ..vectors import tfidf_sparse
from ._base import DEFAULT_LENGTH, majority_language, sentence_items, source_order, summarized

# The second pass keeps at most this many sentences (within the merged summary's words).
MAX_SENTENCES = 8


@dataclass(frozen=True)
class HierarchicalMerger:
    """Summarize the joined per-article summaries again (see module docstring).

    Args:
        summarizer: Any summarizer; ``None``: ``ext-fr`` for French, TextRank otherwise. It is
            given the merged summary's length as a budget of at most 8 sentences within its words,
            when it honours a length.
        support_similarity: TF-IDF cosine from which an article's sentence supports a merged one.
    """

    summarizer: Summarizer | None = None
    support_similarity: float = 0.35
    name = "hierarchical"

    def _summarizer(self, lang: str) -> Summarizer:
        if self.summarizer is not None:
            return self.summarizer
        if lang == "fr":
            return SupervisedExtractiveSummarizer(candidates=MAX_SENTENCES)
        return TextRankSummarizer()

    def merge(
        self, documents: Sequence[Document | Article], summaries: Sequence[Summary], length: Length | None = None
    ) -> MergedSummary:
        """Merge the ``summaries`` of ``documents`` within ``length`` (``None``:
        :data:`~summarize.merge.DEFAULT_LENGTH`).

        Raises:
            ValueError: no summary to merge.
        """
        if not summaries:
            raise ValueError("nothing to merge: no article was summarized")
        documents = summarized([as_document(d) for d in documents], summaries)
        lang = majority_language(documents)
        # The summaries' sentences are already split: the joined document reuses them.
        parts = [s.sentences[1:] if opens_with_title(s.sentences, s.title) else s.sentences for s in summaries]
        joined = Document(
            Article(id="__merged__", text="\n".join(" ".join(x) for x in parts), lang=lang),
            tuple(x for part in parts for x in part),
            lang,
        )
        length = length or DEFAULT_LENGTH
        summarizer = self._summarizer(lang)
        budget = Length(words=length.words, sentences=min(length.sentences or MAX_SENTENCES, MAX_SENTENCES)) if length.words else length
        out = summarizer.summarize(joined, length=budget if summarizer.supports_length else None)
        items = sentence_items(documents)
        texts = list(out.sentences)
        X = tfidf_sparse(texts + [t for _, _, t in items], lang)
        # merged sentences x source sentences, sparse: grows with the sources, not their square
        sim = (X[: len(texts)] @ X[len(texts):].T).tocsr()
        order = source_order(documents)
        sentences = []
        for i, text in enumerate(texts):
            row = sim.getrow(i)
            supported = {items[j][0] for j, v in zip(row.indices, row.data) if v >= self.support_similarity}
            sources = sorted(supported, key=order.__getitem__)
            sentences.append(MergedSentence(text, tuple(sources)))
        return MergedSummary(sentences=tuple(sentences), method=f"{self.name}({out.model})", article_ids=tuple(d.id for d in documents))
