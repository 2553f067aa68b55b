"""Shared word-level utilities: word bags, Jaccard similarity, stop words, French month and day
names. Used by cleaning, the summarizers, the merger and conflict detection (one copy each)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import stopwordsiso

_WORD = re.compile(r"[^\W_]+")

# The language whose rules (sentence splitting, stop words) apply to text of unknown language.
DEFAULT_LANG = "fr"

MONTHS_FR: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre",
)
MONTHS_EN: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)
WEEKDAYS_FR: tuple[str, ...] = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def strip_accents(text: str) -> str:
    """``text`` without combining accents (``février`` → ``fevrier``)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def month_numbers() -> dict[str, int]:
    """Month name → number, for French (with and without accents) and English names."""
    out: dict[str, int] = {}
    for i, name in enumerate(MONTHS_FR, start=1):
        out[name] = out[strip_accents(name)] = i
    return out | {name: i for i, name in enumerate(MONTHS_EN, start=1)}


def text_or_none(value: Any) -> str | None:
    """``value`` stripped, or ``None`` when it is blank or not a string (optional metadata fields).

    Example:
        >>> text_or_none("  Le Journal "), text_or_none(" "), text_or_none(3)
        ('Le Journal', None, None)
    """
    return value.strip() or None if isinstance(value, str) else None


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits (apostrophes and hyphens separate words)."""
    return _WORD.findall(text.lower())


def content_words(text: str, min_len: int = 4) -> frozenset[str]:
    """Lower-cased words of ``min_len``+ letters: a cheap, language-neutral proxy for content words."""
    return frozenset(w for w in words(text) if len(w) >= min_len)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity |a ∩ b| / |a ∪ b| (0 when either is empty).

    Stricter than the overlap coefficient on purpose: a short sentence whose words all appear
    in a long one may still say something else ("ne se rencontreront pas"), and crediting an
    article with a claim it does not make is worse than keeping a near-duplicate.
    """
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """Stop words of ``lang`` (``None``: :data:`DEFAULT_LANG`) from stopwords-iso (the
    ``stopwordsiso`` package, MIT).

    Raises:
        LookupError: stopwords-iso has no list for ``lang``.
    """
    lang = lang or DEFAULT_LANG
    if not stopwordsiso.has_lang(lang):
        raise LookupError(f"no stop-word list for language '{lang}' in stopwords-iso")
    return frozenset(stopwordsiso.stopwords(lang))
