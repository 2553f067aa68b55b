"""TF-IDF sentence vectors shared by TextRank, centroid + MMR, the mergers and conflict detection,
and sparse nearest neighbours for what grows with the input (the sentences of a story, the
articles of a feed): no dense N x N matrix is ever built."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import stopwords, terms


@lru_cache(maxsize=16)
def _stop_tokens(lang: str | None) -> tuple[str, ...]:
    # Tokenize the stop words like the text ("quelqu'un" -> "quelqu", "un"), as scikit-learn expects.
    return tuple(sorted({t for w in stopwords(lang) for t in terms(w)}))


@lru_cache(maxsize=16)
def _analyzer(lang: str | None) -> Callable[[str], list[str]]:
    """scikit-learn's word analyzer with our tokenizer and stop words, as one callable: lower-case,
    :func:`~summarize.lexicon.terms`, stop words dropped (the same tokens, hence the same matrix).
    Given as ``stop_words``, scikit-learn would re-tokenize the whole stop list to check it on
    every fit: a third of the time of a story's small matrices."""
    stop = frozenset(_stop_tokens(lang))

    def analyze(text: str) -> list[str]:
        return [t for t in terms(text.lower()) if t not in stop]

    return analyze


def _vectorizer(lang: str | None, dtype: type = np.float32) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_analyzer(lang), sublinear_tf=True, dtype=dtype)


def _fit_transform(sentences: Sequence[str], lang: str | None, dtype: type) -> sparse.csr_matrix:
    # Our parameters are constant and text has no NaN: scikit-learn's checks of them cost as much
    # as the work on a story's few sentences (same result without them).
    with sklearn.config_context(skip_parameter_validation=True, assume_finite=True):
        return _vectorizer(lang, dtype).fit_transform(list(sentences))


def tfidf_sparse(sentences: Sequence[str], lang: str | None) -> sparse.csr_matrix:
    """:func:`tfidf_matrix` as a sparse CSR matrix (memory grows with the words, not with
    sentences x vocabulary)."""
    try:
        return _fit_transform(sentences, lang, np.float32).tocsr()
    except ValueError:  # only stop words: no vocabulary
        return sparse.csr_matrix((len(sentences), 1), dtype=np.float32)


def neighbours(
    X: sparse.csr_matrix, *, threshold: float, k: int = 50, Y: sparse.csr_matrix | None = None, budget: int = 4_000_000
) -> sparse.csr_matrix:
    """Sparse graph of the ``k`` most similar rows of ``Y`` (default ``X``) for every row of ``X``,
    keeping cosines ``>= threshold`` (rows L2-normalised; a row is not its own neighbour when
    ``Y`` is ``X``).

    The products are computed a block of rows at a time, sized so that a block's product holds at
    most about ``budget`` entries: memory stays bounded and the time grows with the number of
    overlapping pairs, not with rows x rows.

    Example:
        >>> X = tfidf_sparse(["le chat dort", "le chat dort dehors", "il pleut"], "fr")
        >>> G = neighbours(X, threshold=0.5)
        >>> [(int(i), int(j)) for i, j in zip(*G.nonzero())]
        [(0, 1), (1, 0)]
    """
    same = Y is None
    Y = X if Y is None else Y
    n, m = X.shape[0], Y.shape[0]
    YT = Y.T.tocsr()  # CSR: scipy would convert a CSC operand to CSR again for every block
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    step = max(1, min(n, budget // max(m, 1)))
    for start in range(0, n, step):
        block = (X[start : start + step] @ YT).tocsr()
        block.data[block.data < threshold] = 0
        block.eliminate_zeros()
        for r in range(block.shape[0]):
            lo, hi = block.indptr[r], block.indptr[r + 1]
            idx, sim = block.indices[lo:hi], block.data[lo:hi]
            if same:
                keep = idx != start + r
                idx, sim = idx[keep], sim[keep]
            if len(idx) > k:
                # the k best, ties broken by the lower index (deterministic)
                order = np.lexsort((idx, -sim))[:k]
                idx, sim = idx[order], sim[order]
            rows.append(np.full(len(idx), start + r, dtype=np.int64))
            cols.append(idx.astype(np.int64))
            vals.append(sim)
    if not rows:
        return sparse.csr_matrix((n, m), dtype=np.float32)
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, m))


def tfidf_matrix(sentences: Sequence[str], lang: str | None) -> np.ndarray:
    """L2-normalised TF-IDF rows, one per sentence (IDF over ``sentences`` themselves).

    Example:
        >>> X = tfidf_matrix(["Le chat dort.", "Le chat mange.", "Il pleut."], "fr")
        >>> X.shape[0], round(float(X[0] @ X[1]), 2) > 0, float(X[0] @ X[2])
        (3, True, 0.0)
    """
    try:  # float64: the dense users (TextRank, MMR) keep the precision they were tuned with
        return _fit_transform(sentences, lang, np.float64).toarray()
    except ValueError:  # only stop words: no vocabulary
        return np.zeros((len(sentences), 1))


def sentence_vectors(sentences: Sequence[str], lang: str | None) -> np.ndarray:
    """TF-IDF rows of one document's sentences (a zero column for fewer than 2 sentences)."""
    return tfidf_matrix(sentences, lang) if len(sentences) > 1 else np.zeros((len(sentences), 1))


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
