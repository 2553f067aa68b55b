"""Group the articles of a run into topics, and each topic into stories, in about linear time and
memory.

Two levels, as news readers know them: a **topic** is one subject followed over weeks (the
Betancourt affair, a bank's losses), a **story** one event or episode of it (her release, her first
summer free). Each article becomes one sparse vector as it streams past (:class:`StoryGrouper.add`):
the words of its title (counted twice), of its opening (``lead_words`` words) and its names
(capitalised words inside sentences, counted again), hashed into a fixed space, so nothing but the
ids, dates and these sparse counts is kept. :meth:`StoryGrouper.topics` then

1. weights the counts by TF-IDF (sublinear TF; document frequencies of the run added to those of
   a background corpus shipped with the package for French, ``data/grouping/df_fr.npz`` from
   OrangeSum's train split, so that a run of five articles weighs words as a big one does; words
   in more than ``max_df`` of the articles dropped: they link everything),
2. finds candidate pairs by blocking: each article keeps its ``key_terms`` heaviest words, and its
   ``candidates`` articles sharing the most key-word weight are its candidates
   (:func:`summarize.vectors.neighbours` on these short vectors: blocks of sparse products, never
   an N x N matrix, and few pairs per word); the exact cosine of every candidate pair is then
   computed on the full vectors,
3. **topics**: joins articles along the candidate pairs from the most similar down (Kruskal
   order), but only while the mean cosine of all the pairs across the two groups stays
   >= ``topic_threshold`` (exact, from the groups' summed vectors: average linkage restricted to
   the candidate graph). Dates never split a topic,
4. **stories**: the same inside each topic, with the pairs of that topic at cosine >=
   ``min(threshold, story_centroid)`` and, when both are dated, at most ``max_days`` apart; two
   groups join when the mean cosine across them is >= ``threshold`` or their centroids are at
   cosine >= ``story_centroid`` (the guard of the one-level grouping before topics).

Why by hand: scikit-learn's ``AgglomerativeClustering`` and ``DBSCAN`` need a dense distance
matrix or a full radius graph (quadratic at 100,000 articles); this is the same average-link idea
restricted to the top-k graph. The baseline it is measured against (TF-IDF + scikit-learn
agglomerative clustering) and the tuning of the thresholds are in ``eval/stories.py``.
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

from .lexicon import DEFAULT_LANG, stopwords, terms
from .records import Document
from .vectors import neighbours

BACKGROUND_DIR = Path(__file__).parent / "data" / "grouping"
_NAME = re.compile(r"(?<=[\w,;:] )[A-ZÀ-ÖØ-Þ][\w'’-]{2,}")  # a capitalised word that does not start a sentence


@dataclass(frozen=True)
class GroupingConfig:
    """Settings of topic and story grouping (tuned by cross-validation on ``eval/stories`` and
    RPM2; see eval/README.md).

    Attributes:
        threshold: Stories: mean cosine across two groups from which they are one story.
        story_centroid: Stories: or cosine of the two groups' centroids from which they are one
            story (above 1: this rule is off).
        topic_threshold: Topics: mean cosine across two groups from which they are one topic.
        key_terms: Heaviest words of each article used to find candidates (blocking).
        candidates: Candidate articles per article, whose exact similarity is then computed.
        max_days: Articles dated further apart are never the same story (when both have a date);
            they can be the same topic.
        lead_words: Words of the text read after the title.
        max_df: Words in more than this share of the articles are ignored (when there are 20+).
        n_features: Size of the hashed vocabulary.
    """

    threshold: float = 0.3
    story_centroid: float = 0.4
    topic_threshold: float = 0.1
    key_terms: int = 12
    candidates: int = 30
    max_days: int = 3
    lead_words: int = 400
    max_df: float = 0.2
    n_features: int = 2**20

    def __post_init__(self) -> None:
        if (
            not (0 < self.topic_threshold <= 1 and 0 < self.threshold <= 1) or self.story_centroid <= 0
            or min(self.key_terms, self.candidates, self.lead_words) < 1 or self.max_days < 0
        ):
            raise ValueError(
                f"invalid grouping settings: topic_threshold={self.topic_threshold}, threshold={self.threshold} "
                f"(both 0 < t <= 1), story_centroid={self.story_centroid} (> 0), "
                f"key_terms={self.key_terms}, candidates={self.candidates}, lead_words={self.lead_words} (all >= 1), "
                f"max_days={self.max_days} (>= 0)"
            )

    @property
    def link_threshold(self) -> float:
        """The lowest cosine of a pair that can link two articles (of a topic or a story)."""
        return min(self.topic_threshold, self.threshold, self.story_centroid)


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
    """Collects articles one at a time, then groups them into topics and stories (see module
    docstring).

    Example:
        >>> g = StoryGrouper()
        >>> for i, t in enumerate(["Séisme en Turquie : 40 morts à Izmir", "Izmir : le séisme en Turquie a fait 40 morts",
        ...                        "Le PSG bat Lyon au Parc des Princes"]):
        ...     g.add(str(i), t, t)
        >>> g.stories()
        [['0', '1'], ['2']]
        >>> g.topics()  # each topic: its stories
        [[['0', '1']], [['2']]]
    """

    def __init__(self, config: GroupingConfig | None = None, lang: str | None = DEFAULT_LANG) -> None:
        self.config = config or GroupingConfig()
        self.lang = lang
        stop = sorted({t for w in stopwords(lang) for t in terms(w)})
        self._hasher = HashingVectorizer(
            n_features=self.config.n_features, tokenizer=terms, token_pattern=None, stop_words=stop,
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

    def topics(self) -> list[list[list[str]]]:
        """The topics, each a list of its stories (lists of article ids, as :meth:`stories`);
        topics ordered by their first article's position, stories inside a topic too."""
        return [[[self.ids[i] for i in story] for story in topic] for topic in self.topic_groups()]

    def groups(self) -> list[list[int]]:
        """:meth:`stories` as positions in input order."""
        return sorted((story for topic in self.topic_groups() for story in topic), key=lambda g: g[0])

    def topic_groups(self) -> list[list[list[int]]]:
        """:meth:`topics` as positions in input order."""
        if not self.ids:
            return []
        X = self.vectors()
        cfg = self.config
        pairs, sims = candidate_pairs(X, key_terms=cfg.key_terms, candidates=cfg.candidates, threshold=cfg.link_threshold)
        keep = sims >= cfg.topic_threshold
        topics = average_link(X, pairs[:, keep], sims[keep], mean=cfg.topic_threshold)
        topic_of = np.empty(len(self.ids), dtype=np.int64)
        for k, members in enumerate(topics):
            topic_of[members] = k
        days = np.asarray(self._days)
        a, b = pairs
        dated = (days[a] >= 0) & (days[b] >= 0)
        keep = (
            (topic_of[a] == topic_of[b]) & (sims >= min(cfg.threshold, cfg.story_centroid))
            & (~dated | (np.abs(days[a] - days[b]) <= cfg.max_days))
        )
        stories = average_link(X, pairs[:, keep], sims[keep], mean=cfg.threshold, centroid=cfg.story_centroid)
        nested: list[list[list[int]]] = [[] for _ in topics]
        for story in stories:  # in order of first article, so each topic's stories are too
            nested[topic_of[story[0]]].append(story)
        return nested


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


EXACT_CANDIDATES = 2_000


def candidate_pairs(
    X: sparse.csr_matrix, *, key_terms: int, candidates: int, threshold: float, chunk: int = 20_000
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, of rows of ``X`` (L2-normalised) with cosine >= ``threshold``
    among each row's ``candidates`` best key-word matches, and their cosines. A feed of at most
    :data:`EXACT_CANDIDATES` articles is searched on whole vectors: in a small feed, and in a
    language without background frequencies, the terms that two reports share weigh less than the
    ones each has alone, so their key words may not meet."""
    K = X if X.shape[0] <= EXACT_CANDIDATES else _key_term_vectors(X, key_terms)
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


def average_link(
    X: sparse.csr_matrix, pairs: np.ndarray, sims: np.ndarray, *, mean: float, centroid: float = np.inf
) -> list[list[int]]:
    """Groups of the rows of ``X`` (L2-normalised), joined along ``pairs`` from the most similar
    down while the mean cosine of all the pairs across the two groups is >= ``mean`` or their
    centroids are at cosine >= ``centroid``. Both come exactly from the groups' summed rows, kept
    as sorted index/value arrays with their squared norm (cheaper than scipy rows of 2**20
    columns, merged thousands of times). Groups are sorted lists of positions, ordered by their
    first one; every row is in one group."""
    n = X.shape[0]
    X.sort_indices()
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    summed: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def vector(root: int) -> tuple[np.ndarray, np.ndarray, float]:
        if root in summed:
            return summed[root]
        lo, hi = X.indptr[root], X.indptr[root + 1]
        values = X.data[lo:hi].astype(np.float64)
        return X.indices[lo:hi], values, float(values @ values)

    # strongest links first; ties by positions (deterministic)
    order: np.ndarray | list[int] = np.lexsort((pairs[1], pairs[0], -sims)) if len(sims) else []
    for k in order:
        ra, rb = find(int(pairs[0, k])), find(int(pairs[1, k]))
        if ra == rb:
            continue
        na, nb = len(members[ra]), len(members[rb])
        va, vb = vector(ra), vector(rb)
        ab = float(sims[k]) if na == nb == 1 else _dot(va, vb)
        if ab < mean * na * nb and ab < centroid * np.sqrt(va[2] * vb[2]):
            continue
        if na < nb:
            ra, rb = rb, ra
        summed[ra] = _add(va, vb, ab)
        summed.pop(rb, None)
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
    return sorted((sorted(m) for m in members.values()), key=lambda g: g[0])


def _dot(a: tuple[np.ndarray, np.ndarray, float], b: tuple[np.ndarray, np.ndarray, float]) -> float:
    """Dot product of two sparse vectors given as sorted indices and values."""
    if len(a[0]) > len(b[0]):
        a, b = b, a
    if not len(a[0]):
        return 0.0
    pos = np.searchsorted(b[0], a[0])
    pos[pos == len(b[0])] = 0
    hit = b[0][pos] == a[0]
    return float(a[1][hit] @ b[1][pos[hit]])


def _add(
    a: tuple[np.ndarray, np.ndarray, float], b: tuple[np.ndarray, np.ndarray, float], ab: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """Sum of two sparse vectors (sorted indices, values, squared norm) whose dot product is ``ab``."""
    index, inverse = np.unique(np.concatenate([a[0], b[0]]), return_inverse=True)
    return index, np.bincount(inverse, weights=np.concatenate([a[1], b[1]])), a[2] + b[2] + 2 * ab


def group_texts(items: Iterable[tuple[str, str | None, str, str | None]], config: GroupingConfig | None = None) -> list[list[str]]:
    """Stories of ``(id, title, text, date)`` tuples (see :class:`StoryGrouper`)."""
    grouper = StoryGrouper(config)
    for item in items:
        grouper.add(*item)
    return grouper.stories()
