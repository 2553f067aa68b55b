"""Unsupervised extractive summarizers over TF-IDF sentence vectors: TextRank and centroid + MMR.

Both work in any language the sentence splitter supports (stop words from stopwords-iso).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..lexicon import word_count
from ..records import Document, Length
from ..selection import select
from ..vectors import pagerank, sentence_vectors
from ._base import RankingSummarizer


@dataclass(frozen=True)
class _TfidfSummarizer(RankingSummarizer):
    """Shared by TextRank and centroid + MMR: sentences ranked from the TF-IDF rows of the
    document's sentences. Own length: at most 3 sentences within 50 words."""

    def rank(self, doc: Document) -> np.ndarray:
        sentences = list(doc.sentences)
        if len(sentences) <= 1:
            return np.ones(len(sentences))
        return self.scores(sentence_vectors(sentences, doc.lang))

    @abstractmethod
    def scores(self, X: np.ndarray) -> np.ndarray:
        """Importance of every sentence (higher first), given their TF-IDF rows ``X``."""


@dataclass(frozen=True)
class TextRankSummarizer(_TfidfSummarizer):
    """TextRank (Mihalcea & Tarau 2004) with TF-IDF cosine edge weights.

    Args:
        damping: PageRank damping factor.
    """

    damping: float = 0.85
    name = "textrank"

    def scores(self, X: np.ndarray) -> np.ndarray:
        sim = X @ X.T
        np.fill_diagonal(sim, 0.0)
        return pagerank(sim, self.damping)


@dataclass(frozen=True)
class CentroidMMRSummarizer(_TfidfSummarizer):
    """Sentences closest to the article's TF-IDF centroid, with maximal marginal relevance.

    Its own length picks by MMR against the sentences kept so far (stopping at 80% of the words);
    a length asked for ranks the sentences in MMR order once.

    Args:
        diversity: MMR trade-off: 0 = centrality only, 1 = novelty only.
    """

    diversity: float = 0.3
    name = "centroid-mmr"
    fill = 0.8

    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        if length is not None and not length.is_budget:
            return super().summarize_sentences(doc, length)
        sentences = list(doc.sentences)
        if len(sentences) <= 1:
            return sentences
        kept: list[int] = []  # _by_mmr reads it: redundancy against the sentences kept so far
        X = sentence_vectors(sentences, doc.lang)
        select(self._by_mmr(X, kept), [word_count(s) for s in sentences], length or self.default_length, fill=self.fill, chosen=kept)
        return [sentences[i] for i in sorted(kept)]

    def scores(self, X: np.ndarray) -> np.ndarray:
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
