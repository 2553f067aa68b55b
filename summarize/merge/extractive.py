"""Extractive multi-document merge: cluster the sentences that state the same fact across
articles and keep the best-supported ones.

Sentences of all documents are clustered when they state the same thing (TF-IDF cosine >=
``cluster_similarity`` across documents); a cluster scores by the importance of its best sentence
(the ext-fr sentence scorer's probability for French, lead position otherwise) plus a bonus for
every independent source that says it. Clusters are picked best first, skipping near-duplicates
(cosine >= ``redundancy``), within the length's words; facts from a single source are only added
until ``min_words`` is reached. The merged sentences follow the sources' order (article date, then input
order, then position). A sentence's sources are the documents of its cluster.

Cost grows about linearly with the sentences: similarities come from a sparse nearest-neighbour
graph (the ``neighbours`` most similar sentences of each, :func:`summarize.vectors.neighbours`),
never from a sentences x sentences matrix, so a story of 1,000 articles merges in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..ranking import load_model
from ..records import Article, Document, Length, MergedSentence, MergedSummary, Summary
from ..registry import check_positive_ints
from ..segment import as_document
from ..selection import select
from ..vectors import neighbours, tfidf_sparse
from ._base import DEFAULT_LENGTH, majority_language, sentence_items, source_order, summarized


@lru_cache(maxsize=4096)
def _scores(sentences: tuple[str, ...], title: str | None, model: str) -> np.ndarray:
    """ext-fr probabilities of one article's sentences; cached, since copies of the same wire
    article often sit in one story."""
    return load_model(model).score(list(sentences), title)


def _importance(documents: Sequence[Document], items: list[tuple[str, int, str]], model: str) -> np.ndarray:
    """ext-fr probability (``model``) for French documents, 1 / (1 + position) otherwise."""
    by_doc: dict[str, list[int]] = {}
    for k, (did, _, _) in enumerate(items):
        by_doc.setdefault(did, []).append(k)
    scores = np.zeros(len(items))
    for d in documents:
        idx = by_doc.get(d.id, [])
        if not idx:
            continue
        if d.lang == "fr":
            scores[idx] = _scores(tuple(items[k][2] for k in idx), d.title, model)
        else:
            scores[idx] = [1.0 / (1 + items[k][1]) for k in idx]
    return scores


@dataclass(frozen=True)
class ExtractiveMerger:
    """Multi-document extractive merge (see module docstring).

    Args:
        min_words: Single-source facts are added only while the summary is shorter than this
            (default: 80 words; never more than the length's words).
        cluster_similarity: TF-IDF cosine from which sentences of different articles say the same.
        redundancy: Cosine from which two picked sentences repeat each other (the later is skipped).
        support_bonus: Score added for a fact stated by every article (linear in the share).
        neighbours: Candidates per sentence when clustering (its most similar sentences); the
            result is exact as long as no sentence has more similar ones than this.
        model: The ext-fr sentence scorer giving French sentences their importance (packaged
            name or ``.npz`` path).
    """

    min_words: int | None = None
    # On the sample corpus, 0.35 gives R1 44.4 (fr) against the merged reference with 6/7
    # attribution pairs passing the lexical check (the failing one is a paraphrase); 0.40 gives
    # R1 37.5 with 6/6 but drops the key "written answer within a week" fact (eval/README.md).
    cluster_similarity: float = 0.35
    redundancy: float = 0.5
    support_bonus: float = 0.5
    neighbours: int = 50
    # The first ext-fr model: cluster_similarity and support_bonus were tuned with its
    # probabilities; against the merged reference of the sample corpus it gives R1 44.4 (fr), the
    # second model (orangesum-ext-fr, better on single articles) 40.5 (eval/README.md).
    model: str = "orangesum-ext-fr-v1"
    name = "extractive"

    def __post_init__(self) -> None:
        check_positive_ints(self.name, min_words=self.min_words, neighbours=self.neighbours)
        load_model(self.model)  # a missing model fails here, not after every article is summarized

    def merge(
        self, documents: Sequence[Document | Article], summaries: Sequence[Summary], length: Length | None = None
    ) -> MergedSummary:
        """Merge ``documents`` (``summaries`` fix which documents take part) within ``length``
        (``None``: :data:`~summarize.merge.DEFAULT_LENGTH`).

        Raises:
            ValueError: no document to merge.
        """
        documents = summarized([as_document(d) for d in documents], summaries)
        lang = majority_language(documents)
        items = sentence_items(documents)
        X = tfidf_sparse([t for _, _, t in items], lang)
        graph = neighbours(X, threshold=self.cluster_similarity, k=self.neighbours)
        importance = _importance(documents, items, self.model)
        clusters: list[list[int]] = []  # first member is the representative
        cluster_of_rep: dict[int, int] = {}  # representative item -> its cluster
        docs_in: list[set[str]] = []
        for k in sorted(range(len(items)), key=lambda k: (-importance[k], k)):
            lo, hi = graph.indptr[k], graph.indptr[k + 1]
            # the most similar cluster whose representative is a neighbour (ties: the later cluster)
            candidates = [
                (sim, cluster_of_rep[j])
                for j, sim in zip(graph.indices[lo:hi], graph.data[lo:hi])
                if j in cluster_of_rep and items[k][0] not in docs_in[cluster_of_rep[j]]
            ]
            if candidates:
                c = max(candidates)[1]
                clusters[c].append(k)
                docs_in[c].add(items[k][0])
            else:
                cluster_of_rep[k] = len(clusters)
                clusters.append([k])
                docs_in.append({items[k][0]})
        n = len(documents)

        def support(c: list[int]) -> int:
            return len(docs_in[cluster_of_rep[c[0]]])

        def score(c: list[int]) -> float:
            return importance[c[0]] + self.support_bonus * (support(c) - 1) / max(n - 1, 1)

        length = length or DEFAULT_LENGTH
        floor = min(self.min_words or 80, length.words or self.min_words or 80)
        ranked = sorted(clusters, key=lambda c: (-score(c), c[0]))
        sizes = [len(items[c[0]][2].split()) for c in ranked]

        def skip(i: int, kept: list[int]) -> bool:
            """A single-source fact once the summary is long enough, or a repeat of a kept fact."""
            if sum(sizes[j] for j in kept) >= floor and support(ranked[i]) < 2:
                return True
            return bool(kept) and (X[[ranked[j][0] for j in kept]] @ X[ranked[i][0]].T).max() >= self.redundancy

        chosen = [ranked[i] for i in select(range(len(ranked)), sizes, length, skip=skip)]
        order = source_order(documents)
        chosen.sort(key=lambda c: min((order[items[m][0]], items[m][1]) for m in c))
        sentences = tuple(
            MergedSentence(items[c[0]][2], tuple(sorted({items[m][0] for m in c}, key=order.__getitem__)))
            for c in chosen
        )
        return MergedSummary(sentences=sentences, method=self.name, article_ids=tuple(d.id for d in documents))
