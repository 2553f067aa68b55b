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


# Word lists of the readability check (:mod:`summarize.readable`) and of the cleaner's glued-word
# split, per language; a language without a list gets the generic rules only. Lower case; an
# elided word keeps its apostrophe ("l'").

# Capitalised, these open a sentence: the right part of a glued token ("BlinkIl", "LibéréDepuis")
# that the cleaner may split off. Function words only (pronouns, determiners, prepositions,
# conjunctions, sentence adverbs): stopwords-iso's French list also holds content words ("force",
# "haut", "minimale") that end brand names.
SENTENCE_OPENERS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        """
        il elle ils elles on je nous vous tu le la les l' un une des du de d' au aux ce cet cette ces c'
        mon ma mes son sa ses leur leurs notre nos votre vos à a dans pour par sur sous avec sans selon
        depuis pendant après avant apres entre chez contre vers lors malgré dès outre en et mais ou donc
        or ni car si quand lorsque comme alors ainsi puis enfin pourtant cependant toutefois aussi
        désormais déjà encore ici là tous tout toutes toute chaque plusieurs certains certaines aucun
        aucune quel quelle quels quelles qui que qu' quoi où dont cela ceci ça celui celle ceux celles
        lui eux y s' n' j' m'
        """.split()
    ),
    "en": frozenset(
        """
        he she it they we you i the a an this that these those his her its their our my your in on at
        for with from by after before during since but and or so yet if when while as then there here
        however also all some many most no not one
        """.split()
    ),
}

# Openers that refer back to what was said before: a summary sentence opening with one needs a
# sentence before it ("C'est le nom que...", "Voici les principaux points...", "Ce dernier...").
REFERENCE_OPENERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "c'est", "c'était", "ce sont", "c'étaient", "ce fut", "ce serait", "ce n'est", "ce ne sont", "cela", "ceci",
        "ça", "celui-ci", "celle-ci", "ceux-ci", "celles-ci", "celui-là", "celle-là", "ceux-là", "celles-là",
        "ce dernier", "cette dernière", "ces derniers", "ces dernières", "voici", "voilà", "lui aussi", "elle aussi",
        "eux aussi", "elles aussi", "lui", "eux", "le premier", "la première", "le second", "la seconde",
    ),
    "en": (
        "this is", "that is", "these are", "those are", "this was", "that was", "the latter", "the former",
        "here is", "here are",
    ),
}
# Except these: a duration or a cleft that needs nothing before it ("Cela fait deux ans que...").
REFERENCE_EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "fr": ("cela fait", "ça fait", "ceci dit", "cela dit", "voilà deux", "voici deux"),
    "en": (),
}
# Personal pronouns: a summary sentence opening with one needs a named antecedent before it;
# impersonal uses ("Il y a", "Il faut") need none.
PERSONAL_OPENERS: dict[str, tuple[str, ...]] = {
    "fr": ("il", "elle", "ils", "elles"),
    "en": ("he", "she", "they"),
}
IMPERSONAL_OPENERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "il y a", "il y avait", "il y aura", "il faut", "il fallait", "il faudra", "il faudrait", "il existe",
        "il reste", "il était une fois", "il est temps", "il est possible", "il est impossible",
        "il est interdit", "il est prévu", "il est encore", "il est désormais", "il semble", "il pleut", "il neige",
        "il fait", "il suffit", "il vaut mieux", "il paraît",
    ),
    "en": ("they say",),
}
# Connectives that answer a sentence before them: they cannot open a summary.
CONNECTIVE_OPENERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "mais", "pourtant", "en revanche", "cependant", "toutefois", "néanmoins", "par ailleurs", "de plus",
        "en outre", "d'ailleurs", "or", "donc", "et", "aussi", "ainsi", "de son côté", "de leur côté",
        "pour sa part", "pour leur part", "quant à", "également", "en effet", "au contraire", "par contre",
        "enfin", "en tout cas", "du coup", "dès lors", "pour autant", "malgré tout", "là encore", "autre",
        "sinon",
    ),
    "en": (
        "but", "however", "yet", "moreover", "furthermore", "meanwhile", "nevertheless", "nonetheless",
        "instead", "therefore", "thus", "in addition", "on the other hand", "and", "also", "in fact",
        "indeed", "still", "likewise", "besides",
    ),
}
# Words that give a question a subject or a verb of its own ("Que faut-il faire ?"), so that it is
# not a bare one ("Ses projets ?", "Pour combien de temps ?").
QUESTION_VERBS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        """
        je j' tu il elle on nous vous ils elles c' est sont était étaient sera seront serait a ont avait
        aura va vont allait faut peut peuvent pourrait doit doivent devrait fait font faire être avoir
        dire aller savoir sait veut veulent
        """.split()
    ),
    "en": frozenset(
        "i you he she it we they is are was were be do does did can could will would should has have had".split()
    ),
}
