"""Shared word-level utilities: word bags, Jaccard similarity, stop words, French month and day
names. Used by cleaning, the summarizers, the merger and conflict detection (one copy each)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import regex
import stopwordsiso

_WORD = re.compile(r"[^\W_]+")

# Scripts need care that Python's ``\w`` does not give them (hand-written: no tokenizer library
# covers every script without per-language models). Combining marks (Devanagari vowel signs,
# Thai tone marks, Arabic harakat, decomposed accents) are not ``\w``, so ``[^\W_]+`` cuts "भारत"
# into "भ", "रत"; and Chinese, Japanese, Thai, Lao, Khmer, Myanmar and Tibetan are written without
# spaces between words. Text without such characters (French, English, Cyrillic...) takes the
# plain ``re`` path, so its tokens are unchanged.
_SPECIAL = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0dff\u0e00-\u109f\u1780-\u17ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\u2e80-\u9fff\uf900-\ufaff\ufe20-\ufe2f\U00020000-\U0003134f]"
)
_UNICODE_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
# Scripts written without spaces between words: each character is a unit of its own.
_UNSPACED = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}][\p{M}]*"
)
_UNSPACED_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")
# Characters of those scripts per word, for word counts (a Chinese word is 1-2 characters, a Thai
# one about 4): lengths in "words" then mean the same amount of text in every language.
_CHARS_PER_WORD = {"Han": 1.5, "Hiragana": 2.0, "Katakana": 2.0}
_DEFAULT_CHARS_PER_WORD = 4.0

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
    """Lower-cased runs of letters and digits (apostrophes and hyphens separate words), in any
    script: combining marks stay in their word, and text written without spaces (Chinese,
    Japanese, Thai...) gives overlapping character pairs ("北京天气" → "北京", "京天", "天气"),
    the usual unit of search engines for these scripts.

    Example:
        >>> words("L'ONU a voté."), words("नई दिल्ली"), words("北京天气")
        (['l', 'onu', 'a', 'voté'], ['नई', 'दिल्ली'], ['北京', '京天', '天气'])
    """
    lowered = _lower(text)
    if not _SPECIAL.search(lowered):
        return _WORD.findall(lowered)
    return _unicode_tokens(lowered, pairs=True)


def characters_and_words(text: str) -> list[str]:
    """Lower-cased tokens for scoring in any script: words (combining marks kept in their word),
    and each character of scripts written without spaces (the usual unit of Chinese ROUGE).

    Example:
        >>> characters_and_words("Le 北京天气 est beau")
        ['le', '北', '京', '天', '气', 'est', 'beau']
    """
    lowered = _lower(unicodedata.normalize("NFC", text))
    if not _SPECIAL.search(lowered):
        return _WORD.findall(lowered)
    return _unicode_tokens(lowered, pairs=False)


def _lower(text: str) -> str:
    """``text`` lower-cased; Turkish "İ" gives "i", not "i" + a combining dot (what ``str.lower``
    gives), so that "İstanbul" and "istanbul" are one word."""
    lowered = text.lower()
    return lowered.replace("i\u0307", "i") if "\u0307" in lowered else lowered


def _unicode_tokens(lowered: str, *, pairs: bool) -> list[str]:
    """Unicode words of ``lowered``; the runs of unspaced scripts in them give their characters,
    as overlapping pairs (``pairs``) or one by one."""
    out: list[str] = []
    for token in _UNICODE_WORD.findall(lowered):
        units = _UNSPACED.findall(token)
        if not units:
            out.append(token)
            continue
        rest = _UNSPACED.split(token)  # the spaced parts between the units (often empty)
        run: list[str] = []
        for i, unit in enumerate(units):
            if rest[i]:
                out.extend(_pairs(run) if pairs else run)
                run = []
                out.append(rest[i])
            run.append(unit)
        out.extend(_pairs(run) if pairs else run)
        if rest[-1]:
            out.append(rest[-1])
    return out


def _pairs(run: list[str]) -> list[str]:
    """Overlapping pairs of consecutive units (one unit alone stays as it is)."""
    if len(run) < 2:
        return run
    return [a + b for a, b in zip(run, run[1:])]


# Terms of TF-IDF and hashed vectors: words of 2+ letters, no digits (scikit-learn's
# ``token_pattern`` below for spaced scripts; :func:`words` for the others).
TERM_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
_TERM = re.compile(TERM_PATTERN)


def terms(text: str) -> list[str]:
    """Lower-cased words of 2+ letters without digits, in any script: the tokens of the TF-IDF
    vectors (:mod:`summarize.vectors`) and of story grouping. For spaced scripts without
    combining marks, exactly scikit-learn's ``token_pattern`` :data:`TERM_PATTERN`.

    Example:
        >>> terms("Le G7 a voté à 15 h."), terms("नई दिल्ली"), terms("北京天气")
        (['le', 'voté'], ['नई', 'दिल्ली'], ['北京', '京天', '天气'])
    """
    lowered = _lower(text)
    if not _SPECIAL.search(lowered):
        return _TERM.findall(lowered)
    return [w for w in words(lowered) if len(w) >= 2 and not any(ch.isdigit() for ch in w)]


def needs_unicode_words(text: str) -> bool:
    """Whether ``text`` has combining marks or a script written without spaces, where ``\\w``
    runs do not give its words (see :func:`words`)."""
    return not text.isascii() and bool(_SPECIAL.search(text))


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences as one text: a space between two, except after a sentence of a script written
    without spaces that ends with its own full stop ("参展。本届").

    Example:
        >>> join_sentences(["Un.", "Deux."]), join_sentences(["参展。", "本届。"])
        ('Un. Deux.', '参展。本届。')
    """
    out = ""
    for i, s in enumerate(sentences):
        if i:
            out += "" if out.endswith(("。", "！", "？")) and is_unspaced(s[:1]) else " "
        out += s
    return out


def is_unspaced(token: str) -> bool:
    """Whether ``token`` is (starts with) a character of a script written without spaces."""
    return bool(_UNSPACED.match(token))


def word_count(text: str, split: Sequence[str] | None = None) -> int:
    """Words of ``text``: whitespace-separated tokens, where a run of a script written without
    spaces counts as its characters divided by the script's mean word length (Chinese 1.5,
    Japanese kana 2, Thai and others 4). Equal to ``len(text.split())`` for spaced scripts
    (``split``: ``text.split()`` when the caller has it already).

    Example:
        >>> word_count("Le président a parlé."), word_count("北京今天天气很好。")
        (4, 5)
    """
    tokens = text.split() if split is None else split
    n = len(tokens)
    if text.isascii() or not _SPECIAL.search(text):
        return n
    extra = 0.0
    for token in tokens:
        chars = _UNSPACED_CHAR.findall(token)
        if not chars:
            continue
        extra += sum(1 / _CHARS_PER_WORD.get(_script(c), _DEFAULT_CHARS_PER_WORD) for c in chars) - 1
    return max(n + round(extra), 1 if text.strip() else 0)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK"):
        return "Han"
    return name.split(" ", 1)[0].capitalize()


def content_words(text: str, min_len: int = 4) -> frozenset[str]:
    """Lower-cased words of ``min_len``+ letters: a cheap, language-neutral proxy for content words
    (character pairs of unspaced scripts count as content words)."""
    return frozenset(w for w in words(text) if len(w) >= min_len or is_unspaced(w))


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

    A language without a list (Amharic, say) gets none: the weighting by document frequency
    (TF-IDF, concept weights) then damps its frequent words.
    """
    lang = lang or DEFAULT_LANG
    if not stopwordsiso.has_lang(lang):
        return frozenset()
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
