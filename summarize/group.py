"""Group the articles of a run into stories (the same event), in about linear time and memory.

Each article becomes one sparse vector as it streams past (:class:`StoryGrouper.add`): the words
of its title (counted twice), of its opening (``lead_words`` words) and its names (capitalised
words inside sentences, counted again), hashed into a fixed space, so nothing but the ids, dates
and these sparse counts is kept. :meth:`StoryGrouper.stories` then

1. weights the counts by TF-IDF (sublinear TF; document frequencies of the run added to those of
   a background corpus shipped with the package for French, ``data/grouping/df_fr.npz`` from
   OrangeSum's train split, so that a run of five articles weighs words as a big one does; words
   in more than ``max_df`` of the articles dropped: they link everything),
2. finds candidate pairs by blocking: each article keeps its ``key_terms`` heaviest words, and its
   ``candidates`` articles sharing the most key-word weight are its candidates
   (:func:`summarize.vectors.neighbours` on these short vectors: blocks of sparse products, never
   an N x N matrix, and few pairs per word); the exact cosine of every candidate pair is then
   computed on the full vectors and pairs below ``threshold``, or dated more than ``max_days``
   apart when both dates are known, are dropped,
3. joins articles along these links from the most similar down (Kruskal order), but only while
   the two groups' centroids stay at cosine >= ``threshold`` (an average-link guard: a chain of
   pairwise links does not glue two stories together).

Why by hand: scikit-learn's ``AgglomerativeClustering`` and ``DBSCAN`` need a dense distance
matrix or a full radius graph (quadratic at 100,000 articles); this is the same average-link idea
restricted to the top-k graph. The baseline it is measured against (TF-IDF + scikit-learn
agglomerative clustering) is in ``eval/stories.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from .lexicon import DEFAULT_LANG, stopwords
from .records import Document
from .vectors import neighbours

_TOKEN = r"(?u)\b[^\W\d_]{2,}\b"
BACKGROUND_DIR = Path(__file__).parent / "data" / "grouping"
_NAME = re.compile(r"(?<=[\w,;:] )[A-ZÀ-ÖØ-Þ][\w'’-]{2,}")  # a capitalised word that does not start a sentence


@dataclass(frozen=True)
class GroupingConfig:
    """Settings of story grouping (tuned on ``eval/stories``; see eval/README.md).

    Attributes:
        threshold: Cosine from which two articles (and two groups' centroids) are the same story.
        key_terms: Heaviest words of each article used to find candidates (blocking).
        candidates: Candidate articles per article, whose exact similarity is then computed.
        max_days: Articles dated further apart are never the same story (when both have a date).
        lead_words: Words of the text read after the title.
        max_df: Words in more than this share of the articles are ignored (when there are 20+).
        n_features: Size of the hashed vocabulary.
    """

    threshold: float = 0.4
    key_terms: int = 12
    candidates: int = 30
    max_days: int = 3
    lead_words: int = 400
    max_df: float = 0.2
    n_features: int = 2**20

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1 or min(self.key_terms, self.candidates, self.lead_words) < 1 or self.max_days < 0:
            raise ValueError(
                f"invalid grouping settings: threshold={self.threshold} (0 < t <= 1), key_terms={self.key_terms}, "
                f"candidates={self.candidates}, lead_words={self.lead_words} (all >= 1), max_days={self.max_days} (>= 0)"
            )


def story_text(title: str | None, text: str, lead_words: int) -> str:
    """What grouping reads of an article: title twice, the opening ``lead_words`` words, and the
    names found in that opening once more."""
    lead = " ".join(text.split()[:lead_words])
    names = " ".join(_NAME.findall(lead))
    return " ".join(x for x in (title, title, lead, names) if x)


@lru_cache(maxsize=4)
def background_df(lang: str | None, n_features: int) -> tuple[np.ndarray, int] | None:
    """Document frequencies (hashed) of the background corpus for ``lang`` and its number of
    documents, or ``None`` when the package ships none for that language or feature size."""
    path = BACKGROUND_DIR / f"df_{lang}.npz"
    if not path.exists():
        return None
    data = np.load(path)
    if int(data["n_features"]) != n_features:
        return None
    df = np.zeros(n_features, dtype=np.int64)
    df[data["index"]] = data["df"]
    return df, int(data["n_docs"])


def _day(value: str | None) -> int:
    """Days since year 1 of an ISO date (``YYYY-MM-DD...``), -1 when unknown."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value[:10]).toordinal()
        except ValueError:
            return -1
    return -1


class StoryGrouper:
    """Collects articles one at a time, then groups them into stories (see module docstring).

    Example:
        >>> g = StoryGrouper()
        >>> for i, t in enumerate(["Séisme en Turquie : 40 morts à Izmir", "Izmir : le séisme en Turquie a fait 40 morts",
        ...                        "Le PSG bat Lyon au Parc des Princes"]):
        ...     g.add(str(i), t, t)
        >>> g.stories()
        [['0', '1'], ['2']]
    """

    def __init__(self, config: GroupingConfig | None = None, lang: str | None = DEFAULT_LANG) -> None:
        self.config = config or GroupingConfig()
        self.lang = lang
        stop = sorted({t for w in stopwords(lang) for t in re.findall(_TOKEN, w)})
        self._hasher = HashingVectorizer(
            n_features=self.config.n_features, token_pattern=_TOKEN, stop_words=stop,
            alternate_sign=False, norm=None, dtype=np.float32,
        )
        self.ids: list[str] = []
        self._days: list[int] = []
        self._pending: list[str] = []
        self._blocks: list[sparse.csr_matrix] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_id: str, title: str | None, text: str, date: str | None = None) -> None:
        """Add one article (its text as cleaned; only the opening is read)."""
        self.ids.append(article_id)
        self._days.append(_day(date))
        self._pending.append(story_text(title, text, self.config.lead_words))
        if len(self._pending) >= 512:
            self._flush()

    def add_document(self, doc: Document) -> None:
        """Add a segmented article."""
        a = doc.article
        self.add(a.id, a.title, " ".join(doc.sentences) or a.text, a.date)

    def _flush(self) -> None:
        if self._pending:
            self._blocks.append(self._hasher.transform(self._pending).tocsr())
            self._pending = []

    def counts(self) -> sparse.csr_matrix:
        """Hashed word counts of the articles added so far (one sparse row each)."""
        self._flush()
        if not self._blocks:
            return sparse.csr_matrix((0, self.config.n_features), dtype=np.float32)
        if len(self._blocks) > 1:
            self._blocks = [sparse.vstack(self._blocks).tocsr()]
        return self._blocks[0]

    def vectors(self) -> sparse.csr_matrix:
        """TF-IDF rows of the articles added so far (L2-normalised, sparse)."""
        X = self.counts().copy()
        n = X.shape[0]
        if not n:
            return X
        df = np.bincount(X.indices, minlength=X.shape[1])
        background = background_df(self.lang, self.config.n_features)
        if background is not None:
            df = df + background[0]
            n += background[1]
        idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        if n >= 20:
            idf[df > max(2, self.config.max_df * n)] = 0.0
        X.data = (1 + np.log(X.data)) * idf[X.indices]
        X.eliminate_zeros()
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1 / norms) @ X, dtype=np.float32)

    def stories(self) -> list[list[str]]:
        """The stories: lists of article ids, each in input order; stories ordered by their first
        article's position. Every article is in exactly one story (alone if it matches nothing)."""
        return [[self.ids[i] for i in members] for members in self.groups()]

    def groups(self) -> list[list[int]]:
        """:meth:`stories` as positions in input order."""
        n = len(self.ids)
        if n == 0:
            return []
        X = self.vectors()
        cfg = self.config
        pairs, sims = candidate_pairs(X, key_terms=cfg.key_terms, candidates=cfg.candidates, threshold=cfg.threshold)
        days = np.asarray(self._days)
        if len(sims):
            a, b = pairs
            dated = (days[a] >= 0) & (days[b] >= 0)
            ok = ~dated | (np.abs(days[a] - days[b]) <= cfg.max_days)
            pairs, sims = pairs[:, ok], sims[ok]
        return _average_link(X, pairs, sims, cfg.threshold)


def _key_term_vectors(X: sparse.csr_matrix, m: int) -> sparse.csr_matrix:
    """``X`` with only the ``m`` largest entries of each row."""
    keep = np.zeros(X.nnz, dtype=bool)
    for i in range(X.shape[0]):
        lo, hi = X.indptr[i], X.indptr[i + 1]
        if hi - lo <= m:
            keep[lo:hi] = True
        else:
            keep[lo + np.argpartition(-X.data[lo:hi], m - 1)[:m]] = True
    K = X.copy()
    K.data = np.where(keep, K.data, 0).astype(np.float32)
    K.eliminate_zeros()
    return K


def candidate_pairs(
    X: sparse.csr_matrix, *, key_terms: int, candidates: int, threshold: float, chunk: int = 20_000
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, of rows of ``X`` (L2-normalised) with cosine >= ``threshold``
    among each row's ``candidates`` best key-word matches, and their cosines."""
    K = _key_term_vectors(X, key_terms)
    C = neighbours(K, threshold=1e-6, k=candidates).tocoo()
    a, b = np.minimum(C.row, C.col), np.maximum(C.row, C.col)
    if not len(a):
        return np.zeros((2, 0), dtype=np.int64), np.zeros(0, dtype=np.float32)
    ab = np.unique(np.stack([a, b]), axis=1)
    sims = np.concatenate([
        np.asarray(X[ab[0, s : s + chunk]].multiply(X[ab[1, s : s + chunk]]).sum(axis=1)).ravel()
        for s in range(0, ab.shape[1], chunk)
    ]).astype(np.float32)
    ok = sims >= threshold
    return ab[:, ok], sims[ok]


def _average_link(X: sparse.csr_matrix, pairs: np.ndarray, sims: np.ndarray, threshold: float) -> list[list[int]]:
    """Join along ``pairs`` from the most similar down while the two groups' centroids (sums of
    their rows) stay at cosine >= ``threshold``. Centroids are kept as sorted index/value arrays
    with their squared norm (cheaper than scipy rows of 2**20 columns, merged thousands of times)."""
    n = X.shape[0]
    X.sort_indices()
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    centroid: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def vector(root: int) -> tuple[np.ndarray, np.ndarray, float]:
        if root in centroid:
            return centroid[root]
        lo, hi = X.indptr[root], X.indptr[root + 1]
        values = X.data[lo:hi].astype(np.float64)
        return X.indices[lo:hi], values, float(values @ values)

    def dot(a: tuple, b: tuple) -> float:
        _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        return float(a[1][ia] @ b[1][ib])

    # strongest links first; ties by positions (deterministic)
    order: np.ndarray | list[int] = np.lexsort((pairs[1], pairs[0], -sims)) if len(sims) else []
    for k in order:
        ra, rb = find(int(pairs[0, k])), find(int(pairs[1, k]))
        if ra == rb:
            continue
        va, vb = vector(ra), vector(rb)
        ab = dot(va, vb)
        if (len(members[ra]) > 1 or len(members[rb]) > 1) and ab < threshold * np.sqrt(va[2] * vb[2]):
            continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        index, inverse = np.unique(np.concatenate([va[0], vb[0]]), return_inverse=True)
        centroid[ra] = (index, np.bincount(inverse, weights=np.concatenate([va[1], vb[1]])), va[2] + vb[2] + 2 * ab)
        centroid.pop(rb, None)
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
    groups = [sorted(m) for m in members.values()]
    return sorted(groups, key=lambda g: g[0])


def group_texts(items: Iterable[tuple[str, str | None, str, str | None]], config: GroupingConfig | None = None) -> list[list[str]]:
    """Stories of ``(id, title, text, date)`` tuples (see :class:`StoryGrouper`)."""
    grouper = StoryGrouper(config)
    for item in items:
        grouper.add(*item)
    return grouper.stories()
