"""Unsupervised extractive summarizers over TF-IDF sentence vectors: TextRank and centroid + MMR.

Both work in any language the sentence splitter supports (stop words from stopwords-iso).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..records import Document
from ..registry import check_positive_ints
from ..vectors import sentence_vectors
from ._base import Summarizer
from .select import select_by_score


def pagerank(weights: np.ndarray, damping: float = 0.85, tol: float = 1e-8, max_iter: int = 200) -> np.ndarray:
    """PageRank of a weighted undirected graph by power iteration (a few NumPy lines; the
    graphs here have tens of nodes, so a graph library would add a dependency for nothing)."""
    n = len(weights)
    out = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, out, out=np.full_like(weights, 1.0 / n), where=out > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = (1 - damping) / n + damping * transition.T @ rank
        if np.abs(new - rank).sum() < tol:
            return new
        rank = new
    return rank


@dataclass(frozen=True)
class _TfidfSummarizer(Summarizer):
    """Shared by TextRank and centroid + MMR: TF-IDF rows of the document's sentences, then
    :meth:`select` picks sentence indices. Documents of 0 or 1 sentence are their own summary."""

    max_words: int = 50
    max_sentences: int = 3

    def __post_init__(self) -> None:
        check_positive_ints(self.name, max_words=self.max_words, max_sentences=self.max_sentences)

    def summarize_sentences(self, doc: Document) -> list[str]:
        sentences = list(doc.sentences)
        if len(sentences) <= 1:
            return sentences
        keep = self.select(sentences, sentence_vectors(sentences, doc.lang))
        return [sentences[i] for i in sorted(keep)]

    def rank(self, doc: Document) -> np.ndarray:
        sentences = list(doc.sentences)
        if len(sentences) <= 1:
            return np.ones(len(sentences))
        return self.scores(sentences, sentence_vectors(sentences, doc.lang))

    @abstractmethod
    def select(self, sentences: list[str], X: np.ndarray) -> list[int]:
        """Indices of the sentences to keep, given their TF-IDF rows ``X``."""

    @abstractmethod
    def scores(self, sentences: list[str], X: np.ndarray) -> np.ndarray:
        """Importance of every sentence (higher first), for length control."""


@dataclass(frozen=True)
class TextRankSummarizer(_TfidfSummarizer):
    """TextRank (Mihalcea & Tarau 2004) with TF-IDF cosine edge weights.

    Args:
        max_words: Length budget of the summary.
        max_sentences: At most this many sentences.
        damping: PageRank damping factor.
    """

    damping: float = 0.85
    name = "textrank"

    def select(self, sentences: list[str], X: np.ndarray) -> list[int]:
        scores = self.scores(sentences, X)
        return select_by_score(sentences, scores, max_words=self.max_words, max_sentences=self.max_sentences)

    def scores(self, sentences: list[str], X: np.ndarray) -> np.ndarray:
        sim = X @ X.T
        np.fill_diagonal(sim, 0.0)
        return pagerank(sim, self.damping)


@dataclass(frozen=True)
class CentroidMMRSummarizer(_TfidfSummarizer):
    """Sentences closest to the article's TF-IDF centroid, with maximal marginal relevance.

    Args:
        max_words: Length budget of the summary.
        max_sentences: At most this many sentences.
        diversity: MMR trade-off: 0 = centrality only, 1 = novelty only.
    """

    diversity: float = 0.3
    name = "centroid-mmr"

    def select(self, sentences: list[str], X: np.ndarray) -> list[int]:
        chosen: list[int] = []
        words = 0
        for best in self._by_mmr(X, chosen):
            if len(chosen) >= self.max_sentences:
                break
            n = len(sentences[best].split())
            if chosen and words + n > self.max_words:
                continue
            chosen.append(best)
            words += n
            if words >= 0.8 * self.max_words:
                break
        return chosen

    def scores(self, sentences: list[str], X: np.ndarray) -> np.ndarray:
        order: list[int] = []
        for best in self._by_mmr(X, order):
            order.append(best)
        out = np.zeros(len(order))
        out[order] = np.arange(len(order), 0, -1)  # picked first, scored highest
        return out

    def _by_mmr(self, X: np.ndarray, kept: list[int]) -> Iterator[int]:
        """Sentences best first by maximal marginal relevance, redundancy measured against
        ``kept`` (which the caller fills as it keeps sentences)."""
        centroid = X.mean(axis=0)
        norm = np.linalg.norm(centroid) or 1.0
        relevance = X @ centroid / norm
        sim = X @ X.T
        candidates = set(range(len(X)))
        while candidates:
            def mmr(i: int) -> float:
                redundancy = max((sim[i, j] for j in kept), default=0.0)
                return (1 - self.diversity) * relevance[i] - self.diversity * redundancy
            best = max(sorted(candidates), key=mmr)
            candidates.discard(best)
            yield best
