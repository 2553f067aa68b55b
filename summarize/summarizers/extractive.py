"""Supervised extractive summarizer trained on OrangeSum (the offline default for French).

The ext-fr sentence scorer (``summarize.ranking``) scores each sentence by how likely the greedy
ROUGE oracle is to pick it; the best sentences are kept under a word budget tuned on OrangeSum
valid. When the model was tuned that way (``title_first`` in its metadata), a summary of an
article with a title opens with the title, then the best sentences under a shorter budget.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tqdm.auto import tqdm

from ..ranking import DEFAULT_MODEL, ExtractiveModel, load_model
from ..records import Article, Document, Length, Summary
from ..registry import check_positive_ints
from ..segment import as_document
from ._base import RankingSummarizer, make_summary, target_fields
from .titles import title_led

# Sentences of the text in a summary of ext-fr's own length (the title, when it opens it, on top).
MAX_SENTENCES = 3


@dataclass(frozen=True)
class SupervisedExtractiveSummarizer(RankingSummarizer):
    """Best-scored sentences under a word budget.

    Its own length is the one tuned on OrangeSum valid for the situation (title first, titled
    article without its title, article without a title): at most 3 sentences of the text within
    the tuned words, the title (when it opens the summary) not counted. A budget
    (``Length(words=N, sentences=K)``) replaces the tuned words and sentences and keeps the rest;
    a target (``Length(words=N)`` or ``Length(sentences=K)``) selects sentences of the text only.

    Args:
        model: Packaged model name or path to a ``.npz`` written by the training script.
        candidates: Only the this many best-scored sentences are considered (3, tuned on valid).
        redundancy: Skip a sentence this similar (content-word Jaccard) to a kept one, or to the
            title when it opens the summary.
        title_first: Open the summary with the article's title (when it has one); ``None``: as the
            model was tuned on valid.

    Raises:
        ValueError: a parameter of the wrong type (at construction); (when summarizing) an article
            in another language than the model's.
    """

    model: str = DEFAULT_MODEL
    candidates: int | None = 3
    redundancy: float | None = 0.5
    title_first: bool | None = None

    def __post_init__(self) -> None:
        model = load_model(str(self.model))  # fail at construction if the model is missing
        check_positive_ints("ext-fr", candidates=self.candidates)
        if self.title_first is not None and not isinstance(self.title_first, bool):
            raise ValueError(f"ext-fr: title_first must be true or false, got {self.title_first!r}")
        object.__setattr__(self, "name", model.metadata["name"])

    def check(self, doc: Document) -> None:
        super().check(doc)
        model = load_model(str(self.model))
        if doc.lang and doc.lang != model.lang and not model.multilingual:  # unknown language: read as the model's
            raise ValueError(
                f"the {self.name} model is trained on '{model.lang}' text, this article is '{doc.lang}'; "
                "use the 'auto' or 'ext-multi' summarizer for other languages"
            )

    def rank(self, doc: Document) -> np.ndarray:
        model = load_model(str(self.model))
        return model.score(list(doc.sentences), _title(doc, model), doc.lang)

    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        return self._summary(doc, None, length)

    def summarize_many(
        self, docs: Sequence[Document | Article], progress: bool = False, *, length: Length | None = None
    ) -> list[Summary]:
        """:meth:`summarize` of each document, in order, with their sentences scored together
        (:meth:`~summarize.ranking.ExtractiveModel.score_many`: the same scores, so the same
        summaries; each summary's ``time_s`` holds its share of the scoring)."""
        segmented = [as_document(d) for d in docs]
        self.check_length(length)  # refused as summarize() refuses, before any work
        for doc in segmented:
            self.check(doc)
        model = load_model(str(self.model))
        t0 = time.perf_counter()
        scores = model.score_many([(list(d.sentences), _title(d, model), d.lang) for d in segmented])
        share = (time.perf_counter() - t0) / max(len(segmented), 1)
        target = target_fields(length)
        out = []
        for doc, doc_scores in zip(tqdm(segmented, desc="summarizing", unit="article", disable=not progress), scores):
            t1 = time.perf_counter()
            sentences = self._summary(doc, doc_scores, length)
            out.append(make_summary(doc, sentences, self.name, share + time.perf_counter() - t1, **target))
        return out

    def _summary(self, doc: Document, scores: np.ndarray | None, length: Length | None) -> list[str]:
        """The summary's sentences; ``scores``: the model's scores of ``doc``'s sentences when
        already computed (``None``: scored here)."""
        if length is not None and not length.is_budget:
            return self.ranked_summary(doc, self.rank(doc) if scores is None else scores, length)
        model = load_model(str(self.model))
        sentences = list(doc.sentences)
        if not sentences:
            return []
        title = _title(doc, model)
        title_first = bool(model.metadata.get("title_first", False)) if self.title_first is None else self.title_first
        situation = "untitled" if title is None else "title_first" if title_first else "sentences_only"
        tuned = model.metadata.get("selection", {}).get(situation, model.metadata)  # first model: one setting
        budget = length or Length(words=int(tuned["budget_words"]), sentences=int(tuned.get("max_sentences", MAX_SENTENCES)))
        if scores is None:
            scores = model.score(sentences, title, doc.lang)
        return title_led(
            sentences, scores, title if situation == "title_first" else None, budget,
            fill=float(tuned["fill"]), candidates=self.candidates, redundancy=self.redundancy,
        )


def _title(doc: Document, model: ExtractiveModel) -> str | None:
    """The article's title as the model reads it: none for a model trained without titles
    (``"titles": false`` in its metadata, the multilingual one), whose title features were 0."""
    if not model.metadata.get("titles", True):
        return None
    return doc.title if doc.title and doc.title.strip() else None
