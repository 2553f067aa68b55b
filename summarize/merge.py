"""One summary for a set of articles about the same story, with the sources of every sentence.

Two strategies behind one method, ``merge(summaries, articles) -> MergedSummary``:

* :class:`ExtractiveMerger` (``extractive``, default): sentences of all articles are clustered when
  they state the same thing (TF-IDF cosine >= ``cluster_similarity`` across articles); a cluster
  scores by the importance of its best sentence (the ``ext-fr`` model's probability for French,
  lead position otherwise) plus a bonus for every independent source that says it. Clusters are
  picked best first, skipping near-duplicates (cosine >= ``redundancy``), up to ``max_words``;
  facts from a single source are only added until ``min_words`` is reached. The merged sentences
  follow the sources' order (article date, then input order, then position). A sentence's
  sources are the articles of its cluster.
* :class:`HierarchicalMerger` (``hierarchical``): the per-article summaries, joined, are summarized
  again by any summarizer (default: ``ext-fr`` for French, TextRank otherwise; abstractive models
  chunk the joined text when it exceeds their window). A sentence's sources are the articles with
  a sentence at cosine >= ``support_similarity`` from it.

:func:`check_attribution` measures attribution independently of how it was made: a claimed
(sentence, source) pair holds when one sentence of the source contains at least half of the merged
sentence's content words (4+ letters).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .records import Article, MergedSentence, MergedSummary, Summary
from .segment import split_sentences, splitter_lang
from .similarity import content_words

STRATEGIES = ("extractive", "hierarchical")


def _lang(articles: Sequence[Article]) -> str:
    langs = Counter(a.lang for a in articles if a.lang)
    lang = langs.most_common(1)[0][0] if langs else "fr"
    return splitter_lang(lang)


def _article_order(articles: Sequence[Article]) -> dict[str, int]:
    """Rank of each article: dated ones by date, then input order."""
    keyed = sorted(range(len(articles)), key=lambda i: (articles[i].date or "9999", i))
    return {articles[i].id: rank for rank, i in enumerate(keyed)}


def _sentences(articles: Sequence[Article], lang: str) -> list[tuple[str, int, str]]:
    return [(a.id, i, s) for a in articles for i, s in enumerate(split_sentences(a.text, splitter_lang(a.lang, lang)))]


def _importance(articles: Sequence[Article], items: list[tuple[str, int, str]]) -> np.ndarray:
    """ext-fr probability for French articles, 1 / (1 + position) otherwise."""
    from .summarizers.extractive import load_model

    by_article: dict[str, list[int]] = {}
    for k, (aid, _, _) in enumerate(items):
        by_article.setdefault(aid, []).append(k)
    scores = np.zeros(len(items))
    for a in articles:
        idx = by_article.get(a.id, [])
        if not idx:
            continue
        if a.lang == "fr":
            scores[idx] = load_model().score([items[k][2] for k in idx], a.title)
        else:
            scores[idx] = [1.0 / (1 + items[k][1]) for k in idx]
    return scores


def check_attribution(merged: MergedSummary, articles: Sequence[Article], min_recall: float = 0.5) -> dict[str, Any]:
    """Share of claimed (sentence, source) pairs where the source really says it.

    Criterion: some sentence of the source contains at least ``min_recall`` of the merged
    sentence's content words (4+ letters). Returns ``{"pairs", "supported", "precision", "criterion"}``.
    """
    texts = {a.id: [content_words(s) for s in split_sentences(a.text, splitter_lang(a.lang))] for a in articles}
    pairs = ok = 0
    for s in merged.sentences:
        words = content_words(s.text)
        for src in s.sources:
            pairs += 1
            best = max((len(words & w) / len(words) for w in texts.get(src, []) if words), default=0.0)
            ok += best >= min_recall
    return {
        "pairs": pairs,
        "supported": ok,
        "precision": round(ok / pairs, 4) if pairs else None,
        "criterion": f"a sentence of the source holds >= {min_recall:.0%} of the merged sentence's content words (4+ letters)",
    }


def redundancy(merged: MergedSummary, lang: str = "fr") -> float:
    """Highest TF-IDF cosine similarity between two sentences of the merged summary."""
    from .summarizers.graph import tfidf_matrix

    texts = [s.text for s in merged.sentences]
    if len(texts) < 2:
        return 0.0
    X = tfidf_matrix(texts, lang)
    sim = X @ X.T
    np.fill_diagonal(sim, 0.0)
    return float(sim.max())


@dataclass(frozen=True)
class ExtractiveMerger:
    """Multi-document extractive merge (see module docstring).

    Args:
        max_words: Length budget (the merged summary never exceeds it, unless one sentence does).
        min_words: Single-source facts are added only while the summary is shorter than this.
        cluster_similarity: TF-IDF cosine from which sentences of different articles say the same.
        redundancy: Cosine from which two picked sentences repeat each other (the later is skipped).
        support_bonus: Score added for a fact stated by every article (linear in the share).
    """

    max_words: int = 150
    min_words: int = 80
    # On the sample corpus, 0.35 gives R1 44.4 (fr) against the merged reference with 6/7
    # attribution pairs passing the lexical check (the failing one is a paraphrase); 0.40 gives
    # R1 37.5 with 6/6 but drops the key "written answer within a week" fact (eval/README.md).
    cluster_similarity: float = 0.35
    redundancy: float = 0.5
    support_bonus: float = 0.5
    name = "extractive"

    def __post_init__(self) -> None:
        if not 0 < self.min_words <= self.max_words:
            raise ValueError(f"need 0 < min_words <= max_words, got {self.min_words}, {self.max_words}")

    def merge(self, summaries: Sequence[Summary], articles: Sequence[Article]) -> MergedSummary:
        """Merge ``articles`` (``summaries`` fix which articles take part).

        Raises:
            ValueError: no article to merge.
        """
        from .summarizers.graph import tfidf_matrix

        ids = {s.id for s in summaries}
        articles = [a for a in articles if a.id in ids]
        if not articles:
            raise ValueError("nothing to merge: no article was summarized")
        lang = _lang(articles)
        items = _sentences(articles, lang)
        X = tfidf_matrix([t for _, _, t in items], lang)
        sim = X @ X.T
        importance = _importance(articles, items)
        clusters: list[list[int]] = []  # first member is the representative
        for k in sorted(range(len(items)), key=lambda k: (-importance[k], k)):
            best, best_sim = None, self.cluster_similarity
            for c in clusters:
                if items[k][0] in {items[m][0] for m in c}:
                    continue
                if sim[k, c[0]] >= best_sim:
                    best, best_sim = c, sim[k, c[0]]
            if best is None:
                clusters.append([k])
            else:
                best.append(k)
        n = len(articles)

        def support(c: list[int]) -> int:
            return len({items[m][0] for m in c})

        def score(c: list[int]) -> float:
            return importance[c[0]] + self.support_bonus * (support(c) - 1) / max(n - 1, 1)

        chosen: list[list[int]] = []
        words = 0
        for c in sorted(clusters, key=lambda c: (-score(c), c[0])):
            size = len(items[c[0]][2].split())
            if chosen and words + size > self.max_words:
                continue
            if words >= self.min_words and support(c) < 2:
                continue
            if any(sim[c[0], d[0]] >= self.redundancy for d in chosen):
                continue
            chosen.append(c)
            words += size
        order = _article_order(articles)
        chosen.sort(key=lambda c: min((order[items[m][0]], items[m][1]) for m in c))
        sentences = tuple(
            MergedSentence(items[c[0]][2], tuple(sorted({items[m][0] for m in c}, key=order.__getitem__)))
            for c in chosen
        )
        return MergedSummary(sentences=sentences, method=self.name, article_ids=tuple(a.id for a in articles))


@dataclass(frozen=True)
class HierarchicalMerger:
    """Summarize the joined per-article summaries again (see module docstring).

    Args:
        summarizer: Any summarizer; ``None``: ``ext-fr`` for French, TextRank otherwise, with a
            ``max_words`` budget.
        max_words: Length budget given to the default summarizers.
        support_similarity: TF-IDF cosine from which an article's sentence supports a merged one.
    """

    summarizer: Any = None
    max_words: int = 150
    support_similarity: float = 0.35
    name = "hierarchical"

    def _summarizer(self, lang: str):
        if self.summarizer is not None:
            return self.summarizer
        from .summarizers import SupervisedExtractiveSummarizer, TextRankSummarizer

        if lang == "fr":
            return SupervisedExtractiveSummarizer(budget_words=self.max_words, max_sentences=8, candidates=8)
        return TextRankSummarizer(budget_words=self.max_words, max_sentences=8)

    def merge(self, summaries: Sequence[Summary], articles: Sequence[Article]) -> MergedSummary:
        """Merge the ``summaries`` of ``articles``.

        Raises:
            ValueError: no summary to merge.
        """
        from .summarizers.graph import tfidf_matrix

        if not summaries:
            raise ValueError("nothing to merge: no article was summarized")
        ids = {s.id for s in summaries}
        articles = [a for a in articles if a.id in ids]
        lang = _lang(articles)
        joined = Article(id="__merged__", text="\n".join(s.summary for s in summaries), lang=lang)
        out = self._summarizer(lang).summarize(joined)
        items = _sentences(articles, lang)
        texts = list(out.sentences)
        X = tfidf_matrix(texts + [t for _, _, t in items], lang)
        sim = X[: len(texts)] @ X[len(texts):].T
        order = _article_order(articles)
        sentences = []
        for i, text in enumerate(texts):
            best: dict[str, float] = {}
            for j, (aid, _, _) in enumerate(items):
                best[aid] = max(best.get(aid, 0.0), sim[i, j])
            sources = sorted((a for a, v in best.items() if v >= self.support_similarity), key=order.__getitem__)
            sentences.append(MergedSentence(text, tuple(sources)))
        return MergedSummary(sentences=tuple(sentences), method=f"{self.name}({out.model})", article_ids=tuple(a.id for a in articles))


def get_merger(strategy: str, *, max_words: int = 150, min_words: int = 80, summarizer: Any = None):
    """Merger by name: ``extractive`` or ``hierarchical``.

    Raises:
        ValueError: unknown strategy.
    """
    if strategy == "extractive":
        return ExtractiveMerger(max_words=max_words, min_words=min(min_words, max_words))
    if strategy == "hierarchical":
        return HierarchicalMerger(summarizer=summarizer, max_words=max_words)
    raise ValueError(f"unknown merge strategy '{strategy}'; expected one of {STRATEGIES}")


def merge_with_checks(
    merger: Any, summaries: Sequence[Summary], articles: Sequence[Article], *, conflicts: bool = True
) -> MergedSummary:
    """Merge, then attach conflicts, episode flags and the measured checks (attribution,
    redundancy, length, languages). Articles not in the majority language are left out of the
    merged summary and listed in ``checks["excluded"]``."""
    langs = Counter(a.lang for a in articles)
    main = langs.most_common(1)[0][0] if langs else None
    keep = [a for a in articles if a.lang == main]
    excluded = [a.id for a in articles if a.lang != main]
    kept_ids = {a.id for a in keep}
    merged = merger.merge([s for s in summaries if s.id in kept_ids], keep)
    report = None
    if conflicts and len(keep) >= 2:
        from .conflicts import find_conflicts

        report = find_conflicts(keep)
    checks = {
        "words": merged.words,
        "attribution": check_attribution(merged, keep),
        "max_sentence_similarity": round(redundancy(merged, _lang(keep)), 4),
        "languages": dict(langs),
        "excluded": excluded,
    }
    return replace(
        merged,
        conflicts=tuple(c.to_dict() for c in report.conflicts) if report else (),
        flags=tuple(f.to_dict() for f in report.flags) if report else (),
        checks=checks,
    )
