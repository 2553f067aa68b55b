"""Supervised extractive summarizer trained on OrangeSum (the offline default for French).

The ext-fr sentence scorer (``summarize.ranking``) scores each sentence by how likely the greedy
ROUGE oracle is to pick it; the best sentences are kept under a word budget tuned on OrangeSum
valid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ranking import DEFAULT_MODEL, load_model
from ..records import Document
from ..registry import check_positive_ints
from ._base import Summarizer
from .select import select_by_score


@dataclass(frozen=True)
class SupervisedExtractiveSummarizer(Summarizer):
    """Best-scored sentences under a word budget.

    Args:
        model: Packaged model name or path to a ``.npz`` written by the training script.
        max_words: Length budget; ``None`` uses the value tuned on OrangeSum valid (the
            fill ratio is always the tuned one).
        max_sentences: At most this many sentences.
        candidates: Only the this many best-scored sentences are considered (3, tuned on valid).
        redundancy: Skip a sentence this similar (content-word Jaccard) to a kept one.

    Raises:
        ValueError: (when summarizing) an article in another language than the model's.
    """

    model: str = DEFAULT_MODEL
    max_words: int | None = None
    max_sentences: int = 3
    candidates: int = 3
    redundancy: float = 0.5

    def __post_init__(self) -> None:
        load_model(str(self.model))  # fail at construction if the model is missing
        check_positive_ints(
            "ext-fr", max_words=self.max_words, max_sentences=self.max_sentences, candidates=self.candidates
        )

    @property
    def name(self) -> str:  # type: ignore[override]
        return load_model(str(self.model)).metadata["name"]

    def check(self, doc: Document) -> None:
        super().check(doc)
        model = load_model(str(self.model))
        if doc.lang and doc.lang != model.lang:  # unknown language: read as the model's
            raise ValueError(
                f"the {self.name} model is trained on '{model.lang}' text, this article is '{doc.lang}'; "
                "use the 'auto' or 'textrank' summarizer for other languages"
            )

    def rank(self, doc: Document) -> np.ndarray:
        return load_model(str(self.model)).score(list(doc.sentences), doc.title)

    def summarize_sentences(self, doc: Document) -> list[str]:
        model = load_model(str(self.model))
        sentences = list(doc.sentences)
        if not sentences:
            return []
        budget = self.max_words or int(model.metadata["budget_words"])
        keep = select_by_score(
            sentences, model.score(sentences, doc.title), max_words=budget,
            max_sentences=self.max_sentences, candidates=self.candidates, redundancy=self.redundancy,
            fill=float(model.metadata["fill"]),
        )
        return [sentences[i] for i in keep]
