"""Features of each sentence of an article, for the supervised extractive summarizer.

Shared by inference (``summarize.ranking.model``) and training (``eval/train_extractive.py``),
so both compute exactly the same numbers. ``FEATURE_NAMES`` documents the columns.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain, repeat
from operator import mul

import numpy as np

from ..lexicon import stopwords, word_count, words
from ..vectors import pagerank, sentence_vectors

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


# Columns of graph_features: the sentence graph of TextRank (TF-IDF cosine between the article's
# sentences, IDF over those sentences), read by the multilingual model.
GRAPH_FEATURE_NAMES: tuple[str, ...] = (
    "textrank", "textrank_relative", "textrank_rank", "is_textrank_top", "rest_similarity", "max_similarity",
    "mean_similarity",
)


def content_terms(text: str, lang: str = "fr") -> list[str]:
    """Words of 3+ letters that are not stop words (the terms the features weigh)."""
    stop = stopwords(lang)
    return [w for w in words(text) if len(w) > 2 and w not in stop]


# The sums below add their products one after the other (``sum`` over ``map``: the loops run in
# C, the additions and their order are those of the generator expressions they replace).


def _norm(a: Mapping[str, float]) -> float:
    values = a.values()
    return math.sqrt(sum(map(mul, values, values)))


def _cosine(a: Mapping[str, float], b: Mapping[str, float], nb: float | None = None, na: float | None = None) -> float:
    """Cosine of two sparse vectors (``nb``, ``na``: the norms of ``b`` and ``a`` when known)."""
    na = _norm(a) if na is None else na
    nb = _norm(b) if nb is None else nb
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0)))) / (na * nb)


def sentence_features(
    sentences: Sequence[str],
    title: str | None,
    idf: Mapping[str, float] | None,
    default_idf: float,
    lang: str = "fr",
) -> np.ndarray:
    """Feature matrix of shape ``(len(sentences), len(FEATURE_NAMES))``.

    Args:
        sentences: The article's sentences, in order.
        title: The article's title, if any (title-overlap features are 0 without one).
        idf: Inverse document frequency of content terms (learnt on the training corpus), or
            ``None`` for the article's own: each sentence a document, ``log((1 + n) / (1 + df)) + 1``
            (no vocabulary learnt, so it works in any language; words in every sentence weigh least).
        default_idf: IDF of terms missing from ``idf`` (rare words).
        lang: Language of the stop-word list.
    """
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    term_lists = [content_terms(s, lang) for s in sentences]
    bags = [Counter(t) for t in term_lists]
    if idf is None:
        df = Counter(chain.from_iterable(bags))  # each bag's terms once
        idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    # the article's bag: the terms in order of first occurrence, as adding the bags one by one gives
    doc = Counter(chain.from_iterable(term_lists))

    def tfidf(bag: Counter) -> dict[str, float]:
        return dict(zip(bag, map(mul, bag.values(), map(idf.get, bag, repeat(default_idf)))))

    doc_vec = tfidf(doc)
    vecs = [tfidf(b) for b in bags]
    first = vecs[0]
    title_terms = set(content_terms(title or "", lang))
    splits = [s.split() for s in sentences]  # for the word counts and the capitalised words
    lens = [word_count(s, split) for s, split in zip(sentences, splits)]
    mean_len = sum(lens) / n
    doc_norm = _norm(doc_vec)
    norms = [_norm(v) for v in vecs]  # each computed once (the same numbers _cosine would compute)
    centrality = np.array([_cosine(v, doc_vec, doc_norm, na) for v, na in zip(vecs, norms)])
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
        capitalised = sum(1 for t in splits[i][1:] if t[:1].isupper())
        first_long = w >= 8 and not seen_long
        seen_long = seen_long or w >= 8
        rows.append(
            position
            + [
                i / n, 1 / (i + 1), math.log(n), n,
                math.log(w + 1), w, float(w < 8), float(w > 45),
                title_recall[i], len(terms & title_terms) / len(terms) if terms else 0.0, float(bool(title_terms)),
                centrality[i], _cosine(vecs[i], first, norms[0], norms[i]) if i else 1.0,
                float("«" in s or '"' in s or "“" in s), float(s.lstrip()[:1] in "«\"“"), float(":" in s),
                sum(map(str.isdigit, s)) / (len(s) + 1), capitalised / (w + 1), float(s.rstrip().endswith("?")),
                cen_rank[i] / n, float(cen_rank[i] == 0), title_rank[i] / n, float(title_rank[i] == 0),
                w / mean_len, float(first_long),
            ]
        )
    return np.array(rows, dtype=float)


def graph_features(sentences: Sequence[str], lang: str | None) -> np.ndarray:
    """Sentence-graph columns (:data:`GRAPH_FEATURE_NAMES`), shape ``(len(sentences), 7)``: TextRank
    score (PageRank over TF-IDF cosines), that score over the best one, its rank over the count,
    whether it is the best, the cosine to the rest of the article, and the highest and mean cosine
    to another sentence. No vocabulary is learnt (IDF over the article's own sentences), so they
    mean the same in every language."""
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(GRAPH_FEATURE_NAMES)))
    if n == 1:
        return np.array([[1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]])
    X = sentence_vectors(list(sentences), lang)
    sim = X @ X.T
    np.fill_diagonal(sim, 0.0)
    rank_score = pagerank(sim)
    order = np.argsort(np.argsort(-rank_score, kind="stable"), kind="stable")
    total = X.sum(axis=0)
    rest = total[None, :] - X
    rest_norm = np.linalg.norm(rest, axis=1)
    rest_similarity = np.divide((X * rest).sum(axis=1), rest_norm, out=np.zeros(n), where=rest_norm > 0)
    top = rank_score.max() or 1.0
    return np.column_stack([
        rank_score * n, rank_score / top, order / n, (order == 0).astype(float), rest_similarity, sim.max(axis=1),
        sim.sum(axis=1) / (n - 1),
    ])
