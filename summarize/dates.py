"""Days named in French text, normalised so that two ways of writing one day compare equal.

:func:`find_days` reads "mercredi", "le 2 juillet", "mercredi 2 juillet 2008", "02/07/2008",
"hier", "aujourd'hui", "demain", "avant-hier", "mardi dernier", "lundi prochain". With the
article's date (ISO ``YYYY-MM-DD``) as reference, weekdays and relative days are resolved to a
calendar day; without one they stay relative. :func:`same_day` then says whether two mentions
name the same day (``True``), different days (``False``) or cannot be compared (``None``): an
undated "dimanche" and "19 octobre" may be the same day, so they are never a conflict.
:func:`resolve_dates` gives a year-less article date (``--MM-DD``, "Paris, 21 janvier") the year
of the other articles of its story.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .lexicon import MONTHS_FR, WEEKDAYS_FR, month_numbers, strip_accents

_RELATIVE = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1, "après-demain": 2}
_MONTH = "|".join(sorted({*MONTHS_FR, *(strip_accents(m) for m in MONTHS_FR)}, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS_FR)
DAY_PATTERN = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY})\b(?:\s+(?P<when>dernier|prochain)\b)?(?:\s+(?=\d))?)?"
    rf"(?:(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_MONTH})\b(?:\s+(?P<y>(?:1[89]|20)\d{{2}})\b)?"
    rf"|(?P<num>\d{{1,2}})[./](?P<nm>\d{{1,2}})[./](?P<ny>\d{{2,4}})\b)?"
    rf"|\b(?P<from>\d{{1,2}})(?:er)?\s+(?:au|et)\s+(?=\d{{1,2}}(?:er)?\s+(?:{_MONTH})\b)"
    rf"|\b(?P<rel>avant-hier|après-demain|aujourd['’]hui|hier|demain)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Day:
    """One day named in a text.

    Attributes:
        text: The words as written ("mercredi 2 juillet").
        day: Calendar day (``None``: not given, or not resolved).
        month: Month 1–12 (``None``: not given).
        year: Year when written or resolved.
        weekday: 0 (lundi) – 6 (dimanche) when written or known from a full date.
        relative: The relative word left unresolved ("hier", "mercredi" without a reference...).
    """

    text: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    relative: str | None = None

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD`` when the day is fully known."""
        if self.day and self.month and self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None

    @property
    def key(self) -> str:
        """A short normalised form: ISO date, ``MM-DD``, a weekday or a relative word."""
        if self.iso:
            return self.iso
        if self.day and self.month:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.weekday is not None and not self.relative:
            return WEEKDAYS_FR[self.weekday]
        return self.relative or self.text.lower()


def parse_reference(value: str | None) -> date | None:
    """An article's ISO date as a :class:`datetime.date` (``None`` when missing or malformed)."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def find_days(text: str, reference: str | date | None = None) -> list[Day]:
    """Days named in ``text``, resolved against ``reference`` (the article's date) when given.

    A weekday alone is the latest such day up to the reference ("prochain": the next one after
    it; "dernier": the latest one before it); a day-month without a year takes the year that puts
    it nearest the reference.
    """
    return [day for _, _, day in day_spans(text, reference)]


def day_spans(text: str, reference: str | date | None = None) -> list[tuple[int, int, Day]]:
    """:func:`find_days` with where each day is written: ``(start, end, day)``."""
    ref = reference if isinstance(reference, date) else parse_reference(reference)
    out: list[tuple[int, int, Day]] = []
    pending = None  # "du 1er au 3 septembre": the first day takes the month of the second
    for m in DAY_PATTERN.finditer(text):
        if not m.group(0).strip():
            continue
        if m.group("from"):
            pending = m
            continue
        day = _read(m, ref)
        if day is not None:
            if pending is not None and day.month and pending.end() == m.start():
                first = _checked(pending.group(0).split()[0], int(pending.group("from")), day.month, day.year, None)
                if first is not None:
                    out.append((pending.start(), pending.end(), first))
            out.append((m.start(), m.end(), day))
        pending = None
    return out


def _read(m: re.Match[str], ref: date | None) -> Day | None:
    text = " ".join(m.group(0).split())
    if m.group("rel"):
        offset = _RELATIVE[m.group("rel").lower().replace("’", "'")]
        return _resolved(text, ref + timedelta(days=offset)) if ref else Day(text, relative=m.group("rel").lower())
    weekday = WEEKDAYS_FR.index(m.group("wd").lower()) if m.group("wd") else None
    if m.group("d"):
        d, mo = int(m.group("d")), month_numbers()[m.group("m").lower()]
        year = int(m.group("y")) if m.group("y") else _nearest_year(d, mo, ref, weekday)
        return _checked(text, d, mo, year, weekday)
    if m.group("num"):
        y = int(m.group("ny"))
        return _checked(text, int(m.group("num")), int(m.group("nm")), y + 2000 if y < 100 else y, None)
    if weekday is None:
        return None
    if ref is None:
        return Day(text, weekday=weekday, relative=WEEKDAYS_FR[weekday])
    when = (m.group("when") or "").lower()
    if when == "prochain":
        delta = (weekday - ref.weekday()) % 7 or 7
    else:
        delta = -((ref.weekday() - weekday) % 7 or (7 if when == "dernier" else 0))
    return _resolved(text, ref + timedelta(days=delta))


def _nearest_year(d: int, mo: int, ref: date | None, weekday: int | None = None) -> int | None:
    if ref is None:
        return None
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            day = date(y, mo, d)
        except ValueError:
            continue
        gap = abs((day - ref).days) + (1000 if weekday is not None and day.weekday() != weekday else 0)
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else None


def _checked(text: str, d: int, mo: int, year: int | None, weekday: int | None) -> Day | None:
    if not 1 <= mo <= 12 or not 1 <= d <= 31:
        return None
    if year is not None:
        try:
            weekday = date(year, mo, d).weekday()
        except ValueError:
            return None
    return Day(text, day=d, month=mo, year=year, weekday=weekday)


def _resolved(text: str, day: date) -> Day:
    return Day(text, day=day.day, month=day.month, year=day.year, weekday=day.weekday())


def same_day(a: Day, b: Day) -> bool | None:
    """Whether ``a`` and ``b`` name the same day: ``True``, ``False``, or ``None`` when the two
    cannot be compared (a weekday or relative day without a reference against a calendar day)."""
    if a.day and a.month and b.day and b.month:
        if (a.day, a.month) != (b.day, b.month):
            return False
        return not (a.year and b.year and a.year != b.year)
    if a.relative and b.relative:
        if a.weekday is not None and b.weekday is not None:
            return a.weekday == b.weekday  # two undated weekdays: the same week is assumed
        return True if a.relative == b.relative else None
    if a.weekday is not None and b.weekday is not None and not (a.relative or b.relative):
        return a.weekday == b.weekday
    return None


_MONTH_DAY = re.compile(r"--(\d{2})-(\d{2})")


def resolve_dates(dates: Mapping[str, str | None]) -> dict[str, str | None]:
    """Articles' dates as full ISO days, a year-less ``--MM-DD`` given the year of the others.

    A page may give its day without the year ("Paris, 21 janvier (…)"; the cleaner keeps it as
    ``--01-21``, ISO 8601's month-day form). Among articles of one story, it takes the year
    that puts it nearest the median of the full dates; with no full date it stays unknown
    (``None``), as do dates that are not ISO.

    Example:
        >>> resolve_dates({"a": "2022-01-21", "b": "--01-21", "c": "--12-30", "d": None})
        {'a': '2022-01-21', 'b': '2022-01-21', 'c': '2021-12-30', 'd': None}
        >>> resolve_dates({"b": "--01-21"})
        {'b': None}
    """
    full = {k: d for k, v in dates.items() if (d := parse_reference(v[:10] if v else None)) is not None}
    out: dict[str, str | None] = {k: d.isoformat() for k, d in full.items()}
    ordinals = sorted(d.toordinal() for d in full.values())
    median = date.fromordinal(ordinals[len(ordinals) // 2]) if ordinals else None
    for k, v in dates.items():
        if k in out:
            continue
        m = _MONTH_DAY.fullmatch(v or "")
        year = _nearest_year(int(m.group(2)), int(m.group(1)), median) if m else None
        out[k] = date(year, int(m.group(1)), int(m.group(2))).isoformat() if m and year else None
    return {k: out[k] for k in dates}
