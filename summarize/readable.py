"""Is a summary sentence readable on its own? Defects of extracted sentences, one check for all.

An extractive summary lifts sentences out of their article; some do not stand alone. The check
names each defect of a sentence, given the summary so far (``previous``), with these rules:

======================  ============================================================================
defect                  rule
======================  ============================================================================
``heading``             no sentence-final ``. ! ? …`` (closing quotes and brackets aside), a capital
                        or a digit first, at most ``heading_max_words`` words: an intertitle, a
                        label, a title line ("Des rassemblements à Paris")
``bare_question``       a question of at most ``question_max_words`` words without a subject or verb
                        of its own (``QUESTION_VERBS`` of the language, or an inverted pronoun
                        "-t-il"): "Ses projets ?", "Pour combien de temps ?". A language without
                        a list: any question of at most ``generic_question_words`` words
``dangling_reference``  opens on a word that needs an antecedent the summary does not have so far:
                        a connective ("Mais", "Pourtant", "En revanche") or a reference ("C'est",
                        "Cela", "Ce dernier", "Voici", "Celui-ci", "Lui aussi") when nothing comes
                        before it; a personal pronoun ("Il", "Elle"; impersonal "Il y a", "Il faut"
                        aside) unless a sentence before it names someone (a capitalised word that
                        is not a function word), or the sentence itself does when the pronoun
                        opens a quotation ("« Il est cinglé » : le cuisinier de Trump témoigne").
                        Word lists per language (``summarize.lexicon``); a language without them
                        is not checked for this defect
``unbalanced_quotes``   an opening « “ " ( [ without its closing one, or the reverse (an ASCII ``"``
                        opens after a space or at the start, and closes before one or at the end;
                        with a German „ in the sentence, “ closes)
``glued_words``         a word glued to the next one (the end of one line of the page and the
                        start of the next): see :func:`glue_points`
``incomplete``          starts with a lower-case letter, ends on ``: , ;`` or a dash, or lacks a
                        final ``. ! ? …`` without being a heading (longer)
======================  ============================================================================

Glued words (:func:`glue_points`): inside a run of letters, a lower-case letter followed by an
upper-case one, where the right part is a capitalised word (``Il``, ``Depuis``; an elided ``L’``)
and either it is a sentence-opening function word of the language (``SENTENCE_OPENERS``; other
languages: their stopwords-iso list), as in "BlinkIl a promis", "LibéréDepuis", "ParisLe groupe",
or the left part is an all lower-case word of 4+ letters ("remaniementMardi"; not before an
``I``, more often a mistyped ``l``: "branIeurs"). So brand and family names stay whole: "iPhone", "eBay" (1-letter left part), "McDonald", "YouTube", "MoDem",
"DiCaprio" (capitalised left part, right part not a function word), and the few whose right part
is a function word are listed (``MIXED_CASE_NAMES``: "LinkedIn").

:func:`repair_quotes` mends a sentence cut out of a longer quotation: the quote is taken to end
at the sentence's end (an opening mark without its closing one gets it appended) or to begin at its
start (a closing mark without its opening one gets it prepended); a sentence with an unbalanced
bracket, or with more than one mark of a kind to mend, is dropped (``None``). The summarizers'
selection does not mend (a summary's sentences are its document's); it passes over a sentence
with unbalanced quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache

from .lexicon import (
    CONNECTIVE_OPENERS,
    DEFAULT_LANG,
    IMPERSONAL_OPENERS,
    PERSONAL_OPENERS,
    QUESTION_VERBS,
    REFERENCE_EXCEPTIONS,
    REFERENCE_OPENERS,
    SENTENCE_OPENERS,
    stopwords,
)

DEFECTS: tuple[str, ...] = (
    "heading", "bare_question", "dangling_reference", "unbalanced_quotes", "glued_words", "incomplete",
)
# Defects that do not depend on the summary around the sentence.
STATIC_DEFECTS: frozenset[str] = frozenset(DEFECTS) - {"dangling_reference"}
# Mixed-case names whose right part is a function word ("Linked" + "In").
MIXED_CASE_NAMES: frozenset[str] = frozenset({"linkedin", "pinterest", "onedrive", "theguardian"})

_CLOSERS = " \t»”\"’')]*"
_OPENERS = " \t«“\"‘'([—–-•*"
_FINAL = ".!?…"
_LETTERS = re.compile(r"[^\W\d_]+")
_LETTERS_3 = re.compile(r"[^\W\d_]{3,}")  # the runs of _LETTERS of 3+ letters (runs are maximal)
_WORDS = re.compile(r"[^\W_]+")
_START_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?")
_INVERSION = re.compile(r"-(?:t-)?(?:il|elle|on|ils|elles|je|tu|nous|vous|ce)\b", re.IGNORECASE)
# Quote and bracket families: (opening marks, closing marks).
_PAIRS = {"guillemets": ("«“", "»”"), "parentheses": ("(", ")"), "brackets": ("[", "]")}


@dataclass(frozen=True)
class ReadableConfig:
    """Thresholds of the readability rules (see the module docstring).

    Attributes:
        heading_max_words: A line without final punctuation this short is a heading; longer, it is
            an incomplete sentence.
        question_max_words: Questions this short are checked for a subject or verb of their own.
        generic_question_words: In a language without word lists, questions this short are bare.
        glue_min_lower: Letters of an all lower-case left part that make a glue on their own.
    """

    heading_max_words: int = 15
    question_max_words: int = 4
    generic_question_words: int = 3
    glue_min_lower: int = 4

    def __post_init__(self) -> None:
        if min(self.heading_max_words, self.question_max_words, self.generic_question_words, self.glue_min_lower) < 1:
            raise ValueError(f"ReadableConfig thresholds must be >= 1, got {self}")


_DEFAULT = ReadableConfig()


def sentence_openers(lang: str | None) -> frozenset[str]:
    """Capitalised words that may start a sentence glued to the previous line (lower case): the
    curated list of ``lang``, else its stop words, else none."""
    lang = lang or DEFAULT_LANG
    if lang in SENTENCE_OPENERS:
        return SENTENCE_OPENERS[lang]
    return stopwords(lang)  # none for a language stopwords-iso lacks


def _char_class(test: Callable[[str], bool]) -> str:
    """A regular-expression class of the characters for which ``test`` holds, read from this
    Python's own Unicode data for planes 0 and 1 (every cased letter is there); all characters
    of the higher planes are in it too, so the class never misses one."""
    codes = [c for c in range(0x20000) if test(chr(c))]
    ranges: list[tuple[int, int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "\\U00020000-\\U0010ffff]"


@cache
def _case_change() -> re.Pattern[str]:
    """A lower-case letter (``str.islower``) followed by an upper-case one (``str.isupper``):
    every glue point is one, and most texts have none (built once, ~0.05 s)."""
    return re.compile(_char_class(str.islower) + _char_class(str.isupper))


def glue_points(text: str, lang: str | None = None, config: ReadableConfig | None = None) -> list[int]:
    """Offsets in ``text`` where a word glued to the next one should be split (see the module
    docstring for the rule).

    Example:
        >>> text = "Antoine BlinkIl a promis. LibéréDepuis. iPhone, McDonald, LinkedIn."
        >>> [text[i:i + 6] for i in glue_points(text, "fr")]
        ['Il a p', 'Depuis']
    """
    if not _case_change().search(text):  # a glue is a lower-case letter before an upper-case one
        return []
    cfg = config or _DEFAULT
    openers = sentence_openers(lang)
    points: list[int] = []
    for m in _LETTERS_3.finditer(text):  # a glue needs 3+ letters: shorter words are not even read
        token = m.group()
        n = len(token)
        if token[2:].islower():  # no upper-case letter past the second: no glue (most words, at C speed)
            continue
        # Linear in the token's length (a 100,000-letter "word" must not take minutes): where a
        # glue can be is read from the first and last upper/title-case letters and the last
        # lower-case one, instead of testing the halves of the token at every case change.
        upper = [j for j in range(n) if token[j].istitle()]  # one letter: upper or title case
        if not upper or upper[-1] < 2 or token.lower() in MIXED_CASE_NAMES:
            continue
        first_upper, last_upper = upper[0], upper[-1]
        last_lower = next((j for j in range(n - 1, -1, -1) if token[j].islower()), -1)
        elided = text[m.end(): m.end() + 1] in ("'", "’")
        for i in upper:
            if i < 2 or not (token[i - 1].islower() and token[i].isupper()):
                continue
            if i == n - 1:
                key, capitalised = token[i].lower() + "'", elided  # "suivantL’explosion"
            else:  # the rest is lower case: this is the last upper-case letter, a lower-case one follows
                capitalised = i == last_upper and last_lower > i
                key = token[i:].lower() if capitalised else ""
            if not capitalised:
                continue
            # the left part is lower case: no upper-case letter before this one (token[i - 1] is lower case)
            lower_word = i == first_upper and i >= cfg.glue_min_lower and n - i >= 2 and token[i] != "I"
            if key in openers or lower_word:
                points.append(m.start() + i)
    return points


def split_glued(text: str, lang: str | None = None, sep: str = "\n") -> str:
    """``text`` with ``sep`` inserted at each :func:`glue_points` offset.

    Example:
        >>> split_glued("Il a été LibéréDepuis, il se tait.", "fr")
        'Il a été Libéré\\nDepuis, il se tait.'
    """
    points = glue_points(text, lang)
    if not points:
        return text
    bounds = [0, *points, len(text)]
    return sep.join(text[a:b] for a, b in zip(bounds, bounds[1:]))


def _unmatched(sentence: str) -> dict[str, tuple[list[int], list[int]]]:
    """Per quote/bracket family, the offsets of unmatched opening and closing marks."""
    out: dict[str, tuple[list[int], list[int]]] = {}
    families = {**_PAIRS, "ascii": ('"', '"')}
    if "„" in sentence:  # German quotes: „ opens, “ closes
        families["guillemets"] = ("«„", "»“”")
    for family, (opening, closing) in families.items():
        if not any(mark in sentence for mark in opening + closing):  # most sentences: nothing to pair
            continue
        opened: list[int] = []
        stray: list[int] = []
        for i, ch in enumerate(sentence):
            if family == "ascii" and ch == '"':
                before = sentence[i - 1] if i else " "
                after = sentence[i + 1] if i + 1 < len(sentence) else " "
                opens = (before.isspace() or before in "([«“'’-—–") and not after.isspace()
                closes = not before.isspace() and (after.isspace() or not after.isalnum())
                if opens == closes:  # no telling from the context: pair in order
                    opens = not opened
                if opens:
                    opened.append(i)
                elif opened:
                    opened.pop()
                else:
                    stray.append(i)
            elif ch in opening:
                opened.append(i)
            elif ch in closing:
                if opened:
                    opened.pop()
                else:
                    stray.append(i)
        if opened or stray:
            out[family] = (opened, stray)
    return out


def repair_quotes(sentence: str) -> str | None:
    """``sentence`` with its unbalanced quotes mended, or ``None`` when it should be dropped.

    A sentence cut out of a longer quotation gets the missing mark: an opening « “ " without its
    closing one is taken to end with the sentence (the mark is appended), a closing one without its
    opening one to begin with it (prepended). An unbalanced bracket, two marks of a kind to mend,
    or a quote opened at the very end (nothing quoted) cannot be mended. A balanced sentence is
    returned as it is.

    Example:
        >>> repair_quotes("Il a déclaré : « Nous irons à Genève.")
        'Il a déclaré : « Nous irons à Genève. »'
        >>> repair_quotes('Nous irons à Genève", a déclaré M. Lavrov.')
        '"Nous irons à Genève", a déclaré M. Lavrov.'
        >>> repair_quotes("Le texte (voir plus haut a été voté.") is None
        True
    """
    text = sentence.strip()
    problems = _unmatched(text)
    if not problems:
        return sentence
    if _stray_final_ascii(text, problems):  # 'X", a dit Y."': a stray mark after the final stop
        text = text[:-1].rstrip()
        problems = _unmatched(text)
    if "parentheses" in problems or "brackets" in problems:
        return None
    head, tail = "", ""
    for family, (opened, stray) in problems.items():
        if len(opened) + len(stray) > 1:
            return None
        if opened:
            i = opened[0]
            if not text[i + 1:].strip(" .,;:!?…"):
                return None
            mark = text[i]
            tail += {"«": " »", "“": "”", "„": "“"}.get(mark, '"')
        else:
            mark = text[stray[0]]
            head += {"»": "« ", "”": "“"}.get(mark, '"')
    return head + text + tail


def _stray_final_ascii(text: str, problems: dict[str, tuple[list[int], list[int]]]) -> bool:
    """The sentence ends on an ASCII quote after its final stop that closes nothing while an
    earlier one closes nothing either (a stray mark of the page)."""
    opened, stray = problems.get("ascii", ([], []))
    return len(stray) >= 2 and not opened and stray[-1] == len(text) - 1 and text[-2:-1] in tuple(_FINAL)


def _start_words(sentence: str, n: int = 5) -> list[str]:
    body = sentence.lstrip(_OPENERS)
    return [w.lower().replace("’", "'") for w in _START_WORD.findall(body[:80])[:n]]


def _opens_with(start: list[str], phrases: Sequence[str]) -> bool:
    for phrase in phrases:
        words = phrase.split()
        if start[: len(words)] == words:
            return True
    return False


def _names_someone(previous: Sequence[str], lang: str) -> bool:
    """A sentence before names someone or something: a capitalised word not a function word."""
    openers = sentence_openers(lang)
    for text in previous:
        for word in _START_WORD.findall(text):
            if word[0].isupper() and word.lower().replace("’", "'").rstrip("'") not in openers and len(word) > 1:
                return True
    return False


def _dangling(sentence: str, previous: Sequence[str], lang: str) -> bool:
    start = _start_words(sentence)
    if not start or lang not in REFERENCE_OPENERS:
        return False
    if not previous and _opens_with(start, CONNECTIVE_OPENERS.get(lang, ())):
        return True
    if not previous and _opens_with(start, REFERENCE_OPENERS[lang]):
        return not _opens_with(start, REFERENCE_EXCEPTIONS.get(lang, ()))
    if _opens_with(start, PERSONAL_OPENERS.get(lang, ())) and not _opens_with(start, IMPERSONAL_OPENERS.get(lang, ())):
        quoted = sentence.lstrip()[:1] in ('"', "«", "“")  # a quotation's pronoun: its speaker named after it
        return not _names_someone([*previous, sentence] if quoted else previous, lang)
    return False


def _bare_question(core: str, n_words: int, lang: str, cfg: ReadableConfig) -> bool:
    if not core.endswith("?"):
        return False
    verbs = QUESTION_VERBS.get(lang)
    if verbs is None:
        return n_words <= cfg.generic_question_words
    if n_words > cfg.question_max_words or _INVERSION.search(core):
        return False
    return not any(w.lower().replace("’", "'") in verbs for w in _START_WORD.findall(core))


def sentence_defects(
    sentence: str, *, previous: Sequence[str] = (), lang: str | None = None, config: ReadableConfig | None = None,
    kinds: Collection[str] = DEFECTS,
) -> tuple[str, ...]:
    """The defects of ``sentence`` as a summary sentence after ``previous`` (the summary so far),
    in the order of :data:`DEFECTS`; ``()`` when it reads well. ``lang`` (ISO 639-1; ``None``:
    French) picks the word lists; see the module docstring for the rules. ``kinds``: the defects
    to check (all by default; the others are not computed).

    Example:
        >>> sentence_defects("Ses projets ?")
        ('bare_question',)
        >>> sentence_defects("C'est le nom que l'armée a donné à l'opération.")
        ('dangling_reference',)
        >>> sentence_defects("C'est le nom que l'armée a donné à l'opération.", previous=["L'opération Jaque a réussi."])
        ()
        >>> sentence_defects("C'est le nom que l'armée a donné à l'opération.", kinds=STATIC_DEFECTS)
        ()
    """
    cfg = config or _DEFAULT
    lang = lang or DEFAULT_LANG
    text = sentence.strip()
    core = text.rstrip(_CLOSERS)
    n_words = len(_WORDS.findall(text))
    first = next((ch for ch in text if ch.isalnum()), "")
    final = core[-1:] in tuple(_FINAL) or core.endswith("...")
    dangling_end = core[-1:] in tuple(":,;-–—")
    heading = bool(first) and not final and not dangling_end and (first.isupper() or first.isdigit()) and n_words <= cfg.heading_max_words
    found: list[str] = []  # in the order of DEFECTS
    if "heading" in kinds and heading:
        found.append("heading")
    if "bare_question" in kinds and _bare_question(core, n_words, lang, cfg):
        found.append("bare_question")
    if "dangling_reference" in kinds and _dangling(text, previous, lang):
        found.append("dangling_reference")
    if "unbalanced_quotes" in kinds and _unmatched(text):
        found.append("unbalanced_quotes")
    if "glued_words" in kinds and glue_points(text, lang, cfg):
        found.append("glued_words")
    if "incomplete" in kinds and (not first or first.islower() or dangling_end or (not final and not heading)):
        found.append("incomplete")
    return tuple(found)


def summary_defects(
    sentences: Sequence[str], *, lang: str | None = None, config: ReadableConfig | None = None,
) -> list[tuple[int, str]]:
    """``(index, defect)`` for each defect of each sentence of a summary, each read after the
    sentences before it.

    Example:
        >>> summary_defects(["Mais le texte est passé.", "Pour combien de temps ?"])
        [(0, 'dangling_reference'), (1, 'bare_question')]
    """
    return [
        (i, kind)
        for i, sentence in enumerate(sentences)
        for kind in sentence_defects(sentence, previous=sentences[:i], lang=lang, config=config)
    ]


def readable_version(
    sentence: str, *, previous: Sequence[str] = (), lang: str | None = None, config: ReadableConfig | None = None,
) -> str | None:
    """``sentence`` as it may go into a summary after ``previous``: itself when it has no defect,
    its :func:`repair_quotes` repair when unbalanced quotes are its only defect and the repair
    has none, else ``None``."""
    defects = sentence_defects(sentence, previous=previous, lang=lang, config=config)
    if not defects:
        return sentence
    if defects != ("unbalanced_quotes",):
        return None
    repaired = repair_quotes(sentence)
    if repaired is None or sentence_defects(repaired, previous=previous, lang=lang, config=config):
        return None
    return repaired
