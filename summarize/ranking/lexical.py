"""Lexical sentence scorer: a linear model over hashed word unigrams and bigrams.

Which words make a sentence summary-worthy (announcements, decisions, tolls, verdicts) is a
signal the hand-made features of :mod:`summarize.ranking.features` do not see. A logistic
regression on the sentence's hashed word n-grams learns it from OrangeSum train; its score, its
rank within the article and its gap to the article's best become three more columns for the tree
ensemble (stacking; ``eval/train_extractive.py`` fits the trees on out-of-fold scores).

The hashing is scikit-learn's ``HashingVectorizer`` (MurmurHash3, stateless), so the shipped
model is only the weight vector: loaded from ``.npz`` without pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

LEXICAL_FEATURE_NAMES: tuple[str, ...] = ("lexical_score", "lexical_rank", "lexical_gap")

# Settings of the vectorizer; stored in the model's metadata, which rebuilds it on load.
HASHING: dict[str, Any] = {"n_features": 2**18, "ngram_range": [1, 2], "alternate_sign": False, "norm": "l2"}


def hashing_vectorizer(settings: dict[str, Any] | None = None) -> HashingVectorizer:
    """The vectorizer the lexical scorer reads sentences with (``HASHING`` by default)."""
    s = dict(HASHING if settings is None else settings)
    return HashingVectorizer(
        n_features=int(s["n_features"]), ngram_range=tuple(s["ngram_range"]),
        alternate_sign=bool(s["alternate_sign"]), norm=s["norm"], lowercase=True,
    )


def in_article_features(scores: np.ndarray) -> np.ndarray:
    """Columns ``LEXICAL_FEATURE_NAMES`` for one article's sentence scores: the score, its rank
    within the article (0 = best, divided by the number of sentences) and its gap to the best."""
    n = len(scores)
    if n == 0:
        return np.zeros((0, len(LEXICAL_FEATURE_NAMES)))
    rank = np.argsort(np.argsort(-scores, kind="stable"), kind="stable")
    return np.column_stack([scores, rank / n, scores - scores.max()])


@dataclass(frozen=True)
class LexicalScorer:
    """``coef · hashed n-grams + intercept`` (the decision function of a logistic regression)."""

    coef: np.ndarray
    intercept: float
    settings: dict[str, Any]

    @cached_property
    def vectorizer(self) -> HashingVectorizer:
        return hashing_vectorizer(self.settings)

    def decision(self, sentences: Sequence[str]) -> np.ndarray:
        """Score of each sentence (log-odds that the oracle picks it, from its words alone)."""
        if not sentences:
            return np.zeros(0)
        return np.asarray(self.vectorizer.transform(sentences) @ self.coef, dtype=float) + self.intercept

    def features(self, sentences: Sequence[str]) -> np.ndarray:
        """The ``LEXICAL_FEATURE_NAMES`` columns of one article's sentences."""
        return in_article_features(self.decision(sentences))

    def features_many(self, articles: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """:meth:`features` of several articles, their sentences vectorized in one call (each
        row's hashing, norm and dot product are its own: the same numbers as one by one)."""
        scores = self.decision([s for sentences in articles for s in sentences])
        bounds = np.cumsum([len(sentences) for sentences in articles])[:-1]
        return [in_article_features(part) for part in np.split(scores, bounds)]
