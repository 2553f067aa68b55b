"""TF-IDF sentence vectors shared by TextRank, centroid + MMR, the merger and conflict detection."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import stopwords

_TOKEN = r"(?u)\b[^\W\d_]{2,}\b"


def tfidf_matrix(sentences: Sequence[str], lang: str | None) -> np.ndarray:
    """L2-normalised TF-IDF rows, one per sentence (IDF over ``sentences`` themselves).

    Example:
        >>> X = tfidf_matrix(["Le chat dort.", "Le chat mange.", "Il pleut."], "fr")
        >>> X.shape[0], round(float(X[0] @ X[1]), 2) > 0, float(X[0] @ X[2])
        (3, True, 0.0)
    """
    # Tokenize the stop words like the text ("quelqu'un" -> "quelqu", "un"), as scikit-learn expects.
    stop = sorted({t for w in stopwords(lang) for t in re.findall(_TOKEN, w)})
    vectorizer = TfidfVectorizer(lowercase=True, token_pattern=_TOKEN, stop_words=stop, sublinear_tf=True)
    try:
        return vectorizer.fit_transform(list(sentences)).toarray()
    except ValueError:  # only stop words: no vocabulary
        return np.zeros((len(sentences), 1))


def sentence_vectors(sentences: Sequence[str], lang: str | None) -> np.ndarray:
    """TF-IDF rows of one document's sentences (a zero column for fewer than 2 sentences)."""
    return tfidf_matrix(sentences, lang) if len(sentences) > 1 else np.zeros((len(sentences), 1))

