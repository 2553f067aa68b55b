"""Features of each sentence of an article, for the supervised extractive summarizer.

Shared by inference (``summarize.ranking.model``) and training (``eval/train_extractive.py``),
so both compute exactly the same numbers. ``FEATURE_NAMES`` documents the columns.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..lexicon import stopwords, words

FEATURE_NAMES: tuple[str, ...] = (
    *(f"position_is_{i}" for i in range(7)), "position_is_7_or_more",
    "relative_position", "inverse_position", "log_sentences", "sentences",
    "log_words", "words", "is_short", "is_long",
    "title_recall", "title_precision", "has_title",
    "centrality", "similarity_to_first",
    "has_quote", "starts_with_quote", "has_colon", "digit_ratio", "capitalised_ratio", "is_question",
    "centrality_rank", "is_most_central", "title_rank", "is_best_title_match",
    "relative_length", "is_first_long_sentence",
)


def content_terms(text: str, lang: str = "fr") -> list[str]:
    """Words of 3+ letters that are not stop words (the terms the features weigh)."""
    stop = stopwords(lang)
    return [w for w in words(text) if len(w) > 2 and w not in stop]


def _norm(a: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


def _cosine(a: Mapping[str, float], b: Mapping[str, float], nb: float | None = None) -> float:
    """Cosine of two sparse vectors (``nb``: the norm of ``b`` when known)."""
    na = _norm(a)
    nb = _norm(b) if nb is None else nb
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items()) / (na * nb)


def sentence_features(
    sentences: Sequence[str],
    title: str | None,
    idf: Mapping[str, float],
    default_idf: float,
    lang: str = "fr",
) -> np.ndarray:
    """Feature matrix of shape ``(len(sentences), len(FEATURE_NAMES))``.

    Args:
        sentences: The article's sentences, in order.
        title: The article's title, if any (title-overlap features are 0 without one).
        idf: Inverse document frequency of content terms (learnt on the training corpus).
        default_idf: IDF of terms missing from ``idf`` (rare words).
        lang: Language of the stop-word list.
    """
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    bags = [Counter(content_terms(s, lang)) for s in sentences]
    doc: Counter = Counter()
    for b in bags:
        doc.update(b)

    def tfidf(bag: Counter) -> dict[str, float]:
        return {w: c * idf.get(w, default_idf) for w, c in bag.items()}

    doc_vec = tfidf(doc)
    vecs = [tfidf(b) for b in bags]
    first = vecs[0]
    title_terms = set(content_terms(title or "", lang))
    lens = [len(s.split()) for s in sentences]
    mean_len = sum(lens) / n
    doc_norm = _norm(doc_vec)
    centrality = np.array([_cosine(v, doc_vec, doc_norm) for v in vecs])
    title_recall = np.array([len(set(b) & title_terms) / len(title_terms) if title_terms else 0.0 for b in bags])
    cen_rank = np.argsort(np.argsort(-centrality, kind="stable"), kind="stable")
    title_rank = np.argsort(np.argsort(-title_recall, kind="stable"), kind="stable")
    rows = []
    seen_long = False
    for i, (s, b) in enumerate(zip(sentences, bags)):
        w = lens[i]
        position = [0.0] * 8
        position[min(i, 7)] = 1.0
        terms = set(b)
        capitalised = sum(1 for t in s.split()[1:] if t[:1].isupper())
        first_long = w >= 8 and not seen_long
        seen_long = seen_long or w >= 8
        rows.append(
            position
            + [
                i / n, 1 / (i + 1), math.log(n), n,
                math.log(w + 1), w, float(w < 8), float(w > 45),
                title_recall[i], len(terms & title_terms) / len(terms) if terms else 0.0, float(bool(title_terms)),
                centrality[i], _cosine(vecs[i], first) if i else 1.0,
                float("«" in s or '"' in s or "“" in s), float(s.lstrip()[:1] in "«\"“"), float(":" in s),
                sum(map(str.isdigit, s)) / (len(s) + 1), capitalised / (w + 1), float(s.rstrip().endswith("?")),
                cen_rank[i] / n, float(cen_rank[i] == 0), title_rank[i] / n, float(title_rank[i] == 0),
                w / mean_len, float(first_long),
            ]
        )
    return np.array(rows, dtype=float)
