"""Unsupervised extractive summarizers over TF-IDF sentence vectors: TextRank and centroid + MMR.

Both work in any language the sentence splitter supports (stop words from stopwords-iso).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..records import Article
from ..segment import split_sentences
from ..similarity import stopwords
from ._base import Summarizer
from .select import select_by_score


def tfidf_matrix(sentences: list[str], lang: str) -> np.ndarray:
    """L2-normalised TF-IDF rows, one per sentence (IDF over the article's sentences)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    pattern = r"(?u)\b[^\W\d_]{2,}\b"
    # Tokenize the stop words like the text ("quelqu'un" -> "quelqu", "un"), as scikit-learn expects.
    stop = sorted({t for w in stopwords(lang) for t in re.findall(pattern, w)})
    vectorizer = TfidfVectorizer(lowercase=True, token_pattern=pattern, stop_words=stop, sublinear_tf=True)
    try:
        return vectorizer.fit_transform(sentences).toarray()
    except ValueError:  # only stop words: no vocabulary
        return np.zeros((len(sentences), 1))


def sentence_vectors(article: Article, default_lang: str = "fr") -> tuple[list[str], np.ndarray]:
    """The article's sentences and their TF-IDF rows (none computed for fewer than 2 sentences)."""
    lang = article.lang or default_lang
    sentences = split_sentences(article.text, lang)
    return sentences, (tfidf_matrix(sentences, lang) if len(sentences) > 1 else np.zeros((len(sentences), 1)))


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
class TextRankSummarizer(Summarizer):
    """TextRank (Mihalcea & Tarau 2004) with TF-IDF cosine edge weights.

    Args:
        budget_words: Length budget of the summary.
        max_sentences: At most this many sentences.
        damping: PageRank damping factor.
        default_lang: Used when the article has no language.
    """

    budget_words: int = 50
    max_sentences: int = 3
    damping: float = 0.85
    default_lang: str = "fr"
    name = "textrank"

    def summarize_sentences(self, article: Article) -> list[str]:
        sentences, X = sentence_vectors(article, self.default_lang)
        if len(sentences) <= 1:
            return sentences
        sim = X @ X.T
        np.fill_diagonal(sim, 0.0)
        scores = pagerank(sim, self.damping)
        keep = select_by_score(sentences, scores, budget_words=self.budget_words, max_sentences=self.max_sentences)
        return [sentences[i] for i in keep]


@dataclass(frozen=True)
class CentroidMMRSummarizer(Summarizer):
    """Sentences closest to the article's TF-IDF centroid, with maximal marginal relevance.

    Args:
        budget_words: Length budget of the summary.
        max_sentences: At most this many sentences.
        diversity: MMR trade-off: 0 = centrality only, 1 = novelty only.
        default_lang: Used when the article has no language.
    """

    budget_words: int = 50
    max_sentences: int = 3
    diversity: float = 0.3
    default_lang: str = "fr"
    name = "centroid-mmr"

    def summarize_sentences(self, article: Article) -> list[str]:
        sentences, X = sentence_vectors(article, self.default_lang)
        if len(sentences) <= 1:
            return sentences
        centroid = X.mean(axis=0)
        norm = np.linalg.norm(centroid) or 1.0
        relevance = X @ centroid / norm
        sim = X @ X.T
        chosen: list[int] = []
        words = 0
        candidates = set(range(len(sentences)))
        while candidates and len(chosen) < self.max_sentences:
            def mmr(i: int) -> float:
                redundancy = max((sim[i, j] for j in chosen), default=0.0)
                return (1 - self.diversity) * relevance[i] - self.diversity * redundancy
            best = max(sorted(candidates), key=mmr)
            candidates.discard(best)
            n = len(sentences[best].split())
            if chosen and words + n > self.budget_words:
                continue
            chosen.append(best)
            words += n
            if words >= 0.8 * self.budget_words:
                break
        return [sentences[i] for i in sorted(chosen)]
