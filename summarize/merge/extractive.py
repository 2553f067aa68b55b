"""Extractive multi-document merge: the sentences that cover most of what several sources state.

The facts of a story are approximated by **concepts**: word bigrams (not two stop words) of the
sentences. A concept counts, with weight its number of distinct sources, when at least
``min_sources`` of the story's sources use it (the share of sources, at least 2; every concept of
a one-source story; below that it weighs 1/100, so that single-source facts fill what is left of
the budget). Sentences are picked greedily by the weight of the concepts they add per
word (``gain / words ** length_exponent``), times a lead prior ``1 + position_weight / (1 +
position in its article)`` (news put the facts first), within the length's words: the
budgeted-coverage objective of Gillick & Favre's ILP summarizer and of Lin & Bilmes' submodular
selection, solved by the lazy greedy algorithm (gains only shrink, so a heap re-evaluates few
sentences). A sentence that repeats what is covered adds nothing and is never picked.

Language-neutral: words are Unicode letter/digit runs and stop words come from stopwords-iso for
the story's language. Measured on RPM2 T01–T10 (French, 20 clusters of 10 articles, 4 human
abstracts each; ``python -m eval.multidoc``, eval/README.md): the parameters were chosen by
leave-one-topic-out cross-validation there. The per-article summarizer's choices are not used as
importance: as a prior (the sentences it kept, or the ext-fr probabilities) they scored no better
there than the lead prior, which works in every language (eval/README.md).

Only readable sentences are candidates (:func:`summarize.readable.sentence_defects`: no heading,
bare question, unbalanced quote, dangling reference...). Copies of an article (the same text in
another encoding, a wire copy) are one source: the first one takes part, the others are listed in
``MergedSummary.duplicates`` and never counted as support. A merged sentence's sources are its
article and every other article with a sentence at TF-IDF cosine >= ``cluster_similarity`` from
it (a sparse nearest-neighbour graph, :func:`summarize.vectors.neighbours`: the cost grows about
linearly with the sentences). Sentences follow the sources' order (article date, then input
order, then position). When the articles' dates (``Article.date``) fall into several episodes (a
gap of more than ``episode_days``), the merged summary tells the main one (most articles; the
latest of equals) and leaves the others out, each of their articles flagged ``other-episode`` with
its dates, never mixed in silently: each other episode is told beside it by one sentence with its
date (``MergedSummary.context``, in date order: a story's development, "ne se rencontreront pas"
in December, "n'exclut pas une rencontre" in January, is shown in order, not as a
contradiction). An undated article beside a dated episode of two articles or more may tell
another episode: the merged summary is told from the episode's dated articles, the undated one
is flagged ``undated`` and credited as a source only where it states the same.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..lexicon import stopwords, word_count, words
from ..readable import sentence_defects
from ..records import Article, DatedSentence, Document, EpisodeFlag, Length, MergedSentence, MergedSummary, Summary
from ..registry import check_positive_ints
from ..segment import as_document
from ..selection import select
from ..vectors import neighbours, tfidf_sparse
from ._base import (
    DEFAULT_LENGTH,
    Episode,
    dated_episodes,
    duplicate_groups,
    majority_language,
    sentence_items,
    source_order,
    summarized,
)

_BELOW_FLOOR = 0.01

# The longest sentence told as another episode's dated context (MergedSummary.context).
CONTEXT_WORDS = 45

# What the merged summary says about how it was made (MergedSummary.method).
METHOD = "extractive (bigrams several sources state, lead prior; language-neutral)"


def concepts(sentence: str, stop: frozenset[str]) -> frozenset[tuple[str, str]]:
    """The word bigrams of ``sentence`` that are not two stop words (lower-cased; accents kept:
    stripping them cost 1.3 R1 points on RPM2).

    Example:
        >>> sorted(concepts("Le président a été élu.", frozenset({"le", "a", "été"})))
        [('le', 'président'), ('président', 'a'), ('été', 'élu')]
    """
    t = words(sentence)
    return frozenset((a, b) for a, b in zip(t, t[1:]) if not (a in stop and b in stop))


def restates(known: Sequence[str], sentences: Sequence[str], lang: str, threshold: float) -> set[int]:
    """Indices of ``sentences`` at TF-IDF cosine >= ``threshold`` from one of ``known``."""
    X = tfidf_sparse([*known, *sentences], lang)
    graph = neighbours(X[len(known):], Y=X[: len(known)], threshold=threshold, k=1)
    return {int(i) for i in np.flatnonzero(np.diff(graph.indptr))}


@dataclass(frozen=True)
class ExtractiveMerger:
    """Multi-document extractive merge by concept coverage (see module docstring).

    Args:
        min_sources: Share of the story's sources that must use a concept for it to count (at
            least 2 sources; 1 in a one-source story).
        position_weight: Lead prior: a sentence's value is multiplied by ``1 + position_weight /
            (1 + its position in its article)``.
        length_exponent: A sentence's gain is divided by its words to this power (1: gain per
            word; 0: longer sentences are not penalised).
        min_sentence_words: Shorter sentences are not candidates (captions, datelines).
        cluster_similarity: TF-IDF cosine from which another article's sentence states the same
            (that article is then a source of the merged sentence).
        neighbours: Candidates per sentence when finding sources (its most similar sentences).
        restates: Update summaries (``known``): TF-IDF cosine from which a sentence restates a
            known one.
        episode_days: Dated articles more than this many days from the others are another episode:
            left out of the merged summary and flagged (``other-episode``, with their dates).
        known_weight: Update summaries: what a concept the reader already knows still weighs
            (0.3: on RPM2, C2 given its C1, restated sentences fall from 22% to 17% and ROUGE
            against the C2 abstracts does not drop; 0 drops it by 2 R1 points, eval/README.md).
    """

    # Leave-one-topic-out on RPM2 T01-T10 (eval/README.md, "Merged summaries on RPM2").
    min_sources: float = 0.3
    position_weight: float = 8.0
    length_exponent: float = 0.7
    min_sentence_words: int = 12
    source_exponent: float = 1.0
    cluster_similarity: float = 0.35
    neighbours: int = 50
    restates: float = 0.5
    episode_days: int = 3
    known_weight: float = 0.3
    name = "extractive"

    def __post_init__(self) -> None:
        check_positive_ints(
            self.name, min_sentence_words=self.min_sentence_words, neighbours=self.neighbours, episode_days=self.episode_days
        )
        if not 0.0 <= self.min_sources <= 1.0:
            raise ValueError(f"{self.name}: min_sources={self.min_sources!r} must be a share between 0 and 1")
        if self.position_weight < 0 or self.length_exponent < 0:
            raise ValueError(f"{self.name}: position_weight and length_exponent must be >= 0")

    def merge(
        self, documents: Sequence[Document | Article], summaries: Sequence[Summary], length: Length | None = None,
        *, known: Sequence[str] = (),
    ) -> MergedSummary:
        """Merge ``documents`` (``summaries`` fix which documents take part) within ``length``
        (``None``: :data:`~summarize.merge.DEFAULT_LENGTH`; its words are a budget).

        ``known``: sentences the reader already has (an earlier run's articles, for an update
        summary): their concepts weigh ``known_weight`` only, and a sentence that restates one of them
        (TF-IDF cosine >= ``restates``) is not a candidate; the summary says what is new.

        Raises:
            ValueError: no document to merge.
        """
        all_docs = summarized([as_document(d) for d in documents], summaries)
        groups = duplicate_groups(all_docs)
        copies = {c for g in groups for c in g[1:]}
        docs = [d for d in all_docs if d.id not in copies]
        flags: tuple[EpisodeFlag, ...] = ()
        episodes = dated_episodes(docs, self.episode_days)
        anchors: set[str] = set()
        episode: str | None = None
        context: tuple[DatedSentence, ...] = ()
        if episodes:
            main = max(episodes, key=lambda e: (len(e.ids), e.last))
            episode = main.iso
            flags = tuple(  # dated articles of other episodes: left out, told as dated context, and said
                EpisodeFlag(i, "other-episode", f"dated {e.words}, another "
                            f"episode than the merged summary's ({main.words}): left out of the merged summary, told as dated context")
                for e in episodes if e is not main for i in e.ids
            )
            context = tuple(c for e in episodes if e is not main if (c := self._context(e, docs)) is not None)
            left_out = {f.article for f in flags}
            docs = [d for d in docs if d.id not in left_out]
            undated = [d.id for d in docs if d.id not in main.ids]
            if undated and len(main.ids) >= 2:  # they may tell another episode: the dated ones tell it, they support it
                anchors = set(main.ids)
                flags += tuple(
                    EpisodeFlag(i, "undated", f"undated, so it cannot be placed in the merged summary's episode ({main.words}): "
                                "the summary is told from that episode's dated articles, and this one is credited only where it "
                                "states the same")
                    for i in undated
                )
        lang = majority_language(docs)
        items = sentence_items(docs)
        budget = (length or DEFAULT_LENGTH).words or DEFAULT_LENGTH.words or 150
        chosen = self._select(docs, items, lang, budget, known, anchors)
        order = source_order(docs)
        chosen.sort(key=lambda k: (order[items[k][0]], items[k][1]))
        sources = self._sources(items, chosen, lang, order)
        sentences = tuple(MergedSentence(items[k][2], sources[k]) for k in chosen)
        method = METHOD + (f"; update: what is new against {len(known)} known sentences" if known else "")
        return MergedSummary(
            sentences=sentences, method=method, article_ids=tuple(d.id for d in docs),
            duplicates=tuple(g for g in groups if len(g) > 1), flags=flags, episode=episode, context=context,
        )

    def _context(self, episode: Episode, documents: Sequence[Document]) -> DatedSentence | None:
        """The sentence that best tells ``episode`` (the selection's first pick among its
        articles, within :data:`CONTEXT_WORDS`), with its date and the articles that state it."""
        docs = [d for d in documents if d.id in episode.ids]
        items = sentence_items(docs)
        lang = majority_language(docs)
        chosen = self._select(docs, items, lang, CONTEXT_WORDS)
        if not chosen:
            return None
        k = chosen[0]
        sources = self._sources(items, [k], lang, source_order(docs))[k]
        return DatedSentence(episode.iso, items[k][2], sources)

    def _select(
        self, docs: Sequence[Document], items: list[tuple[str, int, str]], lang: str, budget: int, known: Sequence[str] = (),
        anchors: set[str] | frozenset[str] = frozenset(),
    ) -> list[int]:
        """Lazy greedy budgeted coverage; the indices of the kept sentences (in the order kept).
        With ``anchors`` (the dated articles of the main episode), only their sentences are
        candidates; the other articles' concepts still count as support."""
        stop = stopwords(lang)
        sentence_concepts = [concepts(s, stop) for _, _, s in items]
        old: set[tuple[str, str]] = set().union(*(concepts(s, stop) for s in known)) if known else set()
        restating = restates(known, [s for _, _, s in items], lang, self.restates) if known else set()
        sources_of: dict[tuple[str, str], set[str]] = {}
        for (did, _, _), cs in zip(items, sentence_concepts):
            for c in cs:
                sources_of.setdefault(c, set()).add(did)
        n = len(docs)
        floor = 1 if n == 1 else max(2, math.ceil(self.min_sources * n - 1e-9))
        # Below the floor a concept still weighs a little: once what several sources state is
        # covered, the rest of the budget goes to single-source facts (lead first).
        weight = {
            c: len(s) ** self.source_exponent * (1.0 if len(s) >= floor else _BELOW_FLOOR) * (self.known_weight if c in old else 1.0)
            for c, s in sources_of.items()
        }
        sizes = [word_count(s) for _, _, s in items]
        prior = [(1 + self.position_weight / (1 + pos)) / max(sizes[k], 1) ** self.length_exponent for k, (_, pos, _) in enumerate(items)]
        candidates = [
            k for k, (_, _, s) in enumerate(items)
            if self.min_sentence_words <= sizes[k] <= budget and not sentence_defects(s, lang=lang) and k not in restating
        ]
        if anchors:
            candidates = [k for k in candidates if items[k][0] in anchors]
        covered: set[tuple[str, str]] = set()

        def value(k: int) -> float:
            return sum(weight.get(c, 0) for c in sentence_concepts[k] - covered) * prior[k]

        chosen: list[int] = []

        def best_first() -> Iterator[int]:
            """Candidates by the value they add to what ``chosen`` covers (lazy greedy: a popped
            value that went stale is re-ranked); stops when nothing adds anything."""
            heap = [(-value(k), k) for k in candidates]
            heapq.heapify(heap)
            seen = 0
            while heap:
                for k in chosen[seen:]:
                    covered.update(sentence_concepts[k])
                seen = len(chosen)
                _, k = heapq.heappop(heap)
                current = value(k)
                if heap and current < -heap[0][0] - 1e-12:
                    heapq.heappush(heap, (-current, k))
                    continue
                if current <= 0 and chosen:
                    return
                yield k

        # the project's one best-first loop keeps what fits the budget (a unit too long now never fits)
        select(best_first(), sizes, Length(words=budget), chosen=chosen)
        if not chosen and candidates:
            chosen.append(min(candidates, key=lambda k: (items[k][1], k)))  # nothing shared: the lead
        elif not chosen and items:  # no readable sentence: the first (of an anchor), rather than nothing
            chosen.append(next((k for k, (did, _, _) in enumerate(items) if not anchors or did in anchors), 0))
        return chosen

    def _sources(
        self, items: list[tuple[str, int, str]], chosen: list[int], lang: str, order: dict[str, int]
    ) -> dict[int, tuple[str, ...]]:
        """Each kept sentence's article and the articles with a sentence stating the same."""
        X = tfidf_sparse([t for _, _, t in items], lang)
        graph = neighbours(X[chosen], Y=X, threshold=self.cluster_similarity, k=self.neighbours)
        out = {}
        for row, k in enumerate(chosen):
            lo, hi = graph.indptr[row], graph.indptr[row + 1]
            ids = {items[k][0]} | {items[j][0] for j in graph.indices[lo:hi]}
            out[k] = tuple(sorted(ids, key=order.__getitem__))
        return out
