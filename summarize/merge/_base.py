"""The merger interface, and helpers the mergers share."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from ..dates import resolve_dates
from ..records import Document, Length, MergedSummary, Summary

# A merged summary's length when none is given (``--merged-words`` defaults to it too).
DEFAULT_LENGTH = Length(words=150)


@runtime_checkable
class Merger(Protocol):
    """Merges the documents of one story into one :class:`~summarize.records.MergedSummary`.

    ``summaries`` are the per-article summaries; they also fix which documents take part (a
    document without a summary is left out). Every merged sentence names its sources.
    ``length``: the merged summary's length (``None``: :data:`DEFAULT_LENGTH`); its ``words`` are a
    budget.
    """

    name: str

    def merge(
        self, documents: Sequence[Document], summaries: Sequence[Summary], length: Length | None = None
    ) -> MergedSummary:
        """Merge; raise ``ValueError`` when there is nothing to merge."""
        ...


def majority_language(documents: Sequence[Document]) -> str:
    """The most common language of ``documents`` (``fr`` when there is none)."""
    langs = Counter(d.lang for d in documents if d.lang)
    return langs.most_common(1)[0][0] if langs else "fr"


def story_dates(documents: Sequence[Document]) -> dict[str, str | None]:
    """Each document's date as a full ISO day (a year-less ``--MM-DD`` takes the year of the
    others, :func:`summarize.dates.resolve_dates`), ``None`` when unknown."""
    return resolve_dates({d.id: d.article.date for d in documents})


def source_order(documents: Sequence[Document]) -> dict[str, int]:
    """Rank of each document: dated ones by date, then input order."""
    dates = story_dates(documents)
    keyed = sorted(range(len(documents)), key=lambda i: (dates[documents[i].id] or "9999", i))
    return {documents[i].id: rank for rank, i in enumerate(keyed)}


def summarized(documents: Sequence[Document], summaries: Sequence[Summary]) -> list[Document]:
    """The documents that have a summary, in input order.

    Raises:
        ValueError: none has.
    """
    ids = {s.id for s in summaries}
    kept = [d for d in documents if d.id in ids]
    if not kept:
        raise ValueError("nothing to merge: no article was summarized")
    return kept


def sentence_items(documents: Sequence[Document]) -> list[tuple[str, int, str]]:
    """``(document id, position, sentence)`` for every sentence of ``documents``."""
    return [(d.id, i, s) for d in documents for i, s in enumerate(d.sentences)]


_NON_WORD = re.compile(r"[\W_]+")


def duplicate_groups(documents: Sequence[Document], *, containment: float = 0.8, max_share: int = 50) -> list[tuple[str, ...]]:
    """Articles that are copies of one another (the same text in another encoding, a wire copy
    with another headline), in groups; the first of a group, in input order, is the one kept.

    Two articles are copies when at least ``containment`` of the sentences of each appear in the
    other (a brief quoting one sentence of a longer article is not its copy; sentences compared lower-cased, on their letters and digits only, so
    that typography and mojibake repairs do not matter). Shared sentences are found through an
    index of the sentences (a sentence in more than ``max_share`` articles is boilerplate and
    ignored): the cost grows with the sentences, not with pairs of articles.

    Example:
        >>> from summarize.records import Article
        >>> a = Document(Article("a", "x"), ("Le ministre est arrivé.", "Il a parlé."), "fr")
        >>> b = Document(Article("b", "x"), ("Le ministre est arrivé !", "Il a parlé."), "fr")
        >>> c = Document(Article("c", "x"), ("Autre chose.",), "fr")
        >>> duplicate_groups([a, b, c])
        [('a', 'b'), ('c',)]
    """
    keys = [{k for k in (_NON_WORD.sub(" ", s.lower()).strip() for s in d.sentences) if k} for d in documents]
    index: dict[str, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            index.setdefault(k, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in index.values():
        if 1 < len(docs) <= max_share:
            for a in range(len(docs)):
                for b in range(a + 1, len(docs)):
                    shared[docs[a], docs[b]] += 1
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), n in sorted(shared.items()):
        if n >= containment * max(len(keys[a]), len(keys[b])):
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[str]] = {}
    for i, d in enumerate(documents):
        groups.setdefault(find(i), []).append(d.id)
    return [tuple(g) for _, g in sorted(groups.items())]


@dataclass(frozen=True)
class Episode:
    """Documents of a story dated close together: ``ids`` and the first and last date (ISO)."""

    ids: tuple[str, ...]
    first: str
    last: str

    @property
    def iso(self) -> str:
        """Its day, or its first and last days as an ISO interval (``2021-12-03/2021-12-05``)."""
        return self.first if self.last == self.first else f"{self.first}/{self.last}"

    @property
    def words(self) -> str:
        """Its day, or ``first to last``, for a sentence."""
        return self.first if self.last == self.first else f"{self.first} to {self.last}"


def dated_episodes(documents: Sequence[Document], max_days: int = 3) -> list[Episode]:
    """The episodes of ``documents`` by their dates: sorted by date, a gap of more than
    ``max_days`` days starts another episode. Undated documents (and dates that are not ISO)
    cannot be placed and are left out (``[]`` when fewer than two documents are dated); a
    year-less ``--MM-DD`` takes the year of the others.

    Example:
        >>> from summarize.records import Article
        >>> docs = [Document(Article(i, "x", date=d), (), "fr") for i, d in
        ...         [("a", "2022-01-21"), ("b", "2021-12-03"), ("c", "--01-20"), ("d", None)]]
        >>> [(e.ids, e.first, e.last) for e in dated_episodes(docs)]
        [(('b',), '2021-12-03', '2021-12-03'), (('a', 'c'), '2022-01-20', '2022-01-21')]
    """
    dated = [(date.fromisoformat(v), v, k) for k, v in story_dates(documents).items() if v]
    if len(dated) < 2:
        return []
    dated.sort()
    episodes: list[list[tuple[date, str, str]]] = [[dated[0]]]
    for item in dated[1:]:
        if (item[0] - episodes[-1][-1][0]).days > max_days:
            episodes.append([])
        episodes[-1].append(item)
    return [Episode(tuple(sorted(i for _, _, i in e)), e[0][1], e[-1][1]) for e in episodes]
