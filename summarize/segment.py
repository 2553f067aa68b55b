"""Sentence segmentation for news text, French first, and the segment stage: an article becomes a
:class:`~summarize.records.Document` (article + sentences + language) once, and every later stage
reads its sentences.

The splitter is injectable (as rouge_score's tokenizer is): any object with
``split(text, lang) -> list[str]`` (the :class:`Splitter` protocol) can replace the rule-based
:class:`SentenceSplitter` in :func:`segment` and ``Pipeline(splitter=...)``.

Written by hand on purpose: the maintained rule-based splitters we measured get French news
wrong where it matters for extractive summaries. pysbd 0.3.4 (``language="fr"``) splits
"P.-D.G." in two, cuts "croisés ? » a déclaré" before the closing guillemet, never splits
sentences glued by a missing space ("américains.Au lendemain", 1,193 of the 1,500 OrangeSum test
documents), and takes ~10 ms per article. spaCy's ``fr_core_news_sm`` parser is far slower still.
The rules below are small, documented, and tested on a table of French cases
(``tests/test_segment.py``).

Every language is split, none refused (:func:`splitter_for` tells which way):

* **Project rules** (:func:`supported_languages`: a list in ``data/abbreviations/<lang>.txt``;
  de, en, es, fr, it, nl, pt, ru, tr, uk): the rules below with that list. French output is
  unchanged.
* **Generic rules**, for any other code, ``"und"`` or ``None`` with a default language without
  rules: the same rules without an abbreviation list, plus the terminators of other scripts
  (Arabic ``؟``, Urdu ``۔``, Devanagari ``।`` ``॥``, Armenian ``։``, Ethiopic ``።`` ``፧``, Khmer
  ``។``, Myanmar ``။``, CJK ``。！？``, ``‼`` ``⁇``...), the Greek question mark ``;`` for ``el`` and
  the colon that Armenian text uses as a full stop for ``hy``; a letter of a script without case
  (Arabic, Hebrew, Devanagari, Tamil, CJK, Hangul...) starts a sentence, and one syllable before
  a period is an initial (Tamil ``டி.``, ``ஐ.நா.``); CJK full-width terminators, and ``!`` ``?``
  glued to an ideograph or a kana, end a sentence without a space after them, closing brackets
  」』）》 included.
* **Scripts without sentence punctuation** (Thai, Lao): the generic rules, then a cut at the
  first space after 40 characters (a space ends a clause or a sentence there).

On 26 test treebanks of Universal Dependencies in 22 languages (``python -m eval.sentences``;
table in eval/README.md) these rules score the best boundary F1, or within a point of the best, of
pysbd, blingfire, sentencex and ICU alone on 23, in a fraction of pysbd's time, so no library is
used. The three exceptions are web text (English-EWT, German-GSD: sentences without final
punctuation or starting in lower case) and Marathi-UFAL (one boundary in 47 sentences). For Thai
no library splits at all; pythainlp's CRF model (``crfcut``) does better than the cut at spaces
(F1 0.64 against 0.53): wrap it in a :class:`Splitter` where Thai matters.

Rules, applied line by line (a newline always ends a sentence):

* A sentence ends at ``.``, ``!``, ``?``, ``…`` or ``...``, followed by optional closing quotes or
  brackets (French spacing allowed: ``croisés ? »``), whitespace, and a sentence starter: an
  upper-case letter or a digit, possibly after an opening quote or dash (``« Nous``).
* Not after an abbreviation from ``data/abbreviations/<lang>.txt`` (``M.``, ``Mme``, ``Dr``...),
  a single-letter initial (``J. K. Rowling``), or a dotted acronym (``P.-D.G.``, ``U.S.A.``).
* Not after an elision mark inside brackets: ``(...)``, ``[…]``.
* Glued sentences: ``word.Word`` with no space splits when the period follows two lower-case
  letters, a digit or a closing quote/bracket and the next word is capitalised then lower-case
  (``américains.Au``); ``21.01.2022``, ``Orange.fr`` and ``M.Dupont`` do not split.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Protocol, runtime_checkable

from .lexicon import DEFAULT_LANG
from .records import Article, Document

_BOUNDARY = re.compile(
    r"""
    (?P<term>\.{2,}|…|[.!?]+)              # terminator: . ! ? … ... ?! etc.
    (?P<close>(?:[ \u00a0\u202f]?»|[»”"’)\]])*)  # closing quotes / brackets; a space only before »
    (?P<gap>\s*)                           # whitespace (may be empty: glued sentences)
    """,
    re.VERBOSE,
)
_OPENERS = "«“\"‘(['—–-"
_ACRONYM = re.compile(r"^(?:[^\W\d_]\.-?)+[^\W\d_]$")  # P.-D.G, U.S.A, J.-C
_HAS_WORD = re.compile(r"[^\W_]")

# Generic rules (languages without a list): the sentence terminators of other scripts too.
_TERMINATORS = (
    ".!?‼⁇⁈⁉‽"  # Latin, Cyrillic, Greek full stop...
    "؟۔܀"  # Arabic question mark, Urdu full stop, Syriac end of paragraph
    "।॥"  # Devanagari and other Indic scripts: danda, double danda
    "։"  # Armenian full stop
    "።፧፨"  # Ethiopic full stop, question mark, paragraph separator
    "។៕။჻"  # Khmer, Myanmar, Georgian
    "。！？．｡"  # CJK (full width and half width)
)
# Ended by a terminator whatever follows, without a space: CJK full-width punctuation.
_UNSPACED = frozenset("。！？．｡")
# Per-language terminators that are other punctuation elsewhere: the Greek question mark is a
# semicolon, Armenian text often writes its full stop as a colon.
_EXTRA_TERMINATORS = {"el": ";\u037e", "hy": ":"}
_GENERIC_CLOSERS = "»”\"’)]」』）》〉】〕›"
_GENERIC_OPENERS = _OPENERS + "「『（《〈【〔„‚¿¡‹"
# Scripts written without sentence punctuation: a space ends a clause or a sentence.
_SPACE_SEPARATED = frozenset({"th", "lo"})
# Characters before a space may end a sentence: on UD Thai-PUD, F1 0.52-0.55 from 20 to 60.
_MIN_THAI_SENTENCE = 40


@dataclass(frozen=True)
class _Rules:
    """How one language is split: its boundary pattern, abbreviations and sentence starters."""

    boundary: re.Pattern[str]
    abbrevs: frozenset[str]
    openers: str = _OPENERS
    caseless: bool = False  # a letter of a script without case (Arabic, Devanagari, CJK) starts a sentence
    unspaced: frozenset[str] = frozenset()


@cache
def _generic_boundary(extra: str) -> re.Pattern[str]:
    terms = re.escape(_TERMINATORS + extra)
    return re.compile(
        rf"(?P<term>\.{{2,}}|…|[{terms}]+)"
        rf"(?P<close>(?:[ \u00a0\u202f]?[»›]|[{re.escape(_GENERIC_CLOSERS)}])*)"
        r"(?P<gap>\s*)"
    )


@cache
def abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations (without their final period) after which a period does not end a sentence:
    the list of ``data/abbreviations/<lang>.txt``, empty for a language without one (its text is
    split by the generic rules, which still keep initials and dotted acronyms)."""
    if lang not in _languages():
        return frozenset()
    data = (resources.files("summarize") / "data" / "abbreviations" / f"{lang}.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")
    )


def supported_languages() -> list[str]:
    """Languages with the project's own rules (an abbreviation list in ``data/abbreviations/``).

    Every other language is split too, by the generic rules (see :func:`splitter_for`)."""
    return list(_languages())


def has_rules(lang: str | None) -> bool:
    """Whether ``lang`` (``"pt-BR"`` counts as ``"pt"``) has the project's own rules
    (:func:`supported_languages`)."""
    return _base(lang) in _languages()


def splitter_for(lang: str | None) -> str:
    """How text in ``lang`` is split, in words, for reports and ``--help``:

    ``"rules:<lang>"`` (the project's rules and abbreviation list), ``"spaces:<lang>"`` (a script
    without sentence punctuation: long clauses between spaces), or ``"generic"`` (the terminators
    of every script, for any other language or none).
    """
    code = _base(lang)
    if has_rules(code):
        return f"rules:{code}"
    if code in _SPACE_SEPARATED:
        return f"spaces:{code}"
    return "generic"


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    # Package data: listed once per process.
    folder = resources.files("summarize") / "data" / "abbreviations"
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


def _base(lang: str | None) -> str | None:
    """``"pt-BR"``, ``"pt_BR"``, ``"PT"`` -> ``"pt"``; ``None`` and ``""`` -> ``None``."""
    if not lang:
        return None
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower() or None


@lru_cache(maxsize=256)
def _rules(lang: str | None) -> _Rules:
    """The project's rules for a language with a list; the generic rules for any other."""
    if lang is not None and has_rules(lang):
        return _Rules(_BOUNDARY, abbreviations(lang))
    extra = _EXTRA_TERMINATORS.get(lang or "", "")
    return _Rules(_generic_boundary(extra), frozenset(), _GENERIC_OPENERS, caseless=True, unspaced=_UNSPACED)


@runtime_checkable
class Splitter(Protocol):
    """What :func:`segment` needs from a sentence splitter."""

    def split(self, text: str, lang: str | None = None) -> list[str]:
        """The sentences of ``text``, written in ``lang`` (ISO 639-1; ``None``: the splitter's default)."""
        ...


@dataclass(frozen=True)
class SentenceSplitter:
    """Split text into sentences with the rules of its language, in any language.

    Args:
        lang: Default language (ISO 639 code, ``"pt-BR"`` accepted), used when ``split`` gets no
            language; French by default. Any code works: one without the project's rules, or
            ``"und"``, gets the generic rules.

    Example:
        >>> SentenceSplitter("fr").split("M. Blinken est arrivé.Il a parlé à Genève.")
        ['M. Blinken est arrivé.', 'Il a parlé à Genève.']
        >>> SentenceSplitter("fr").split("Dr. Who arrived. He spoke.", "en")
        ['Dr. Who arrived.', 'He spoke.']
        >>> SentenceSplitter().split("这是第一句。这是第二句！", "zh")
        ['这是第一句。', '这是第二句！']
    """

    lang: str = DEFAULT_LANG

    def rules_for(self, lang: str | None) -> str | None:
        """The language whose project rules apply: ``lang`` (or, when ``None``, the splitter's
        default) if it has rules, else ``None``: the generic rules."""
        code = self._code(lang)
        return code if has_rules(code) else None

    def spans(self, text: str, lang: str | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of each sentence in ``text``."""
        code = self._code(lang)
        rules = _rules(code)
        by_spaces = code in _SPACE_SEPARATED
        out: list[tuple[int, int]] = []
        line_start = 0
        for line in text.split("\n"):
            for s, e in _line_spans(line, rules):
                pieces = _space_spans(line, s, e) if by_spaces else [(s, e)]
                out.extend(
                    (line_start + a, line_start + b) for s2, e2 in pieces for s3, e3 in _clauses(line, s2, e2)
                    for a, b in _bounded(line, s3, e3)
                )
            line_start += len(line) + 1
        return out

    def split(self, text: str, lang: str | None = None) -> list[str]:
        """The sentences of ``text``, stripped, without empty or punctuation-only pieces."""
        return [text[s:e] for s, e in self.spans(text, lang)]

    def _code(self, lang: str | None) -> str | None:
        """The base language code of ``lang``, or of the default language when ``lang`` is empty."""
        return _base(lang) if lang else _base(self.lang)


DEFAULT_SPLITTER = SentenceSplitter(DEFAULT_LANG)


def split_sentences(text: str, lang: str = "fr") -> list[str]:
    """Shortcut for ``SentenceSplitter(lang).split(text)`` (any language: see :func:`splitter_for`)."""
    return _splitter(lang).split(text)


@cache
def _splitter(lang: str) -> SentenceSplitter:
    return SentenceSplitter(lang)


def segment(article: Article, splitter: Splitter | None = None) -> Document:
    """Split ``article`` into sentences once: the :class:`~summarize.records.Document` later stages read.

    Args:
        article: A cleaned article (its ``lang`` is passed to the splitter; ``None`` when unknown).
        splitter: Any :class:`Splitter` (default: the rule-based :class:`SentenceSplitter`).

    Example:
        >>> doc = segment(Article(id="a", text="Un. Deux. Trois.", lang="fr"))
        >>> doc.sentences, doc.lang
        (('Un.', 'Deux.', 'Trois.'), 'fr')
    """
    return Document(article, tuple((splitter or DEFAULT_SPLITTER).split(article.text, article.lang)), article.lang)


def as_document(item: Article | Document, splitter: Splitter | None = None) -> Document:
    """``item`` if it is already a :class:`~summarize.records.Document`, else ``segment(item, splitter)``
    (lets the stages be called on plain articles from a notebook).

    Raises:
        TypeError: ``item`` is neither an ``Article`` nor a ``Document``.
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, Article):
        return segment(item, splitter)
    raise TypeError(f"expected an Article or a Document, got {type(item).__name__}")


def _line_spans(line: str, rules: _Rules) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in rules.boundary.finditer(line):
        nxt = m.end()
        if nxt >= len(line):
            break
        if _is_boundary(line, m, rules):
            spans.append((start, m.end("close")))
            start = nxt
    spans.append((start, len(line)))
    return [t for t in (_strip(line, s, e) for s, e in spans) if t is not None]


def _is_boundary(line: str, m: re.Match[str], rules: _Rules) -> bool:
    term, gap = m.group("term"), m.group("gap")
    nxt = m.end()
    before = line[: m.start()]
    if term[-1] in rules.unspaced:  # "。": a boundary whatever follows
        return True
    if not gap and rules.caseless and _glued_cjk(line, m):  # "ですか?この"
        return True
    if not gap:  # glued: "américains.Au"
        if term not in ".!?" or m.group("close") and term != ".":
            return False
        if not _starts_capitalised_word(line, nxt):
            return False
        prev_ok = len(before) >= 2 and before[-1].islower() and before[-2].islower()
        prev_ok = prev_ok or (before[-1:].isdigit() or before[-1:] in ")]»”\"") or bool(m.group("close"))
        return prev_ok and _prev_token(before, rules.openers) not in rules.abbrevs
    if not _sentence_starter(line, nxt, rules):
        return False
    if term.startswith(".") and len(term) == 1:
        token = _prev_token(before, rules.openers)
        if token in rules.abbrevs or token.lower() in rules.abbrevs:
            return False
        if _is_initial(token, rules.caseless):  # "J. K. Rowling", Tamil "டி. ராஜேந்திரன்"
            return False
        if _ACRONYM.match(token) or rules.caseless and _syllable_acronym(token):  # "P.-D.G.", "ஐ.நா."
            return False
    if term in ("…", "...") or len(term) > 1 and set(term) == {"."}:
        if before.rstrip()[-1:] in "([" and m.group("close").strip()[:1] in ")]":
            return False  # elision inside a quotation: "(...)", "[…]"
    return True


def _prev_token(before: str, openers: str = _OPENERS) -> str:
    parts = before.rsplit(None, 1)
    token = parts[-1] if parts else ""
    return token.lstrip(openers)


def _is_initial(token: str, caseless: bool) -> bool:
    """One upper-case letter, or in the generic rules a syllable of a script without case."""
    return len(token) == 1 and token.isupper() or caseless and _is_syllable(token)


def _is_syllable(part: str) -> bool:
    """One letter of a script without case and its combining marks: Tamil ``டி``, Hindi ``डॉ``
    (not a Hangul syllable or an ideograph: a word of their own)."""
    if not 1 <= len(part) <= 3 or not part[0].isalpha() or part[0].islower() or part[0].isupper():
        return False
    if _is_cjk(part[0]) or "\uac00" <= part[0] <= "\ud7a3":
        return False
    return all(unicodedata.category(c).startswith("M") for c in part[1:])


def _syllable_acronym(token: str) -> bool:
    """Dotted syllables of a script without case: Tamil ``ஐ.நா`` (UN)."""
    parts = token.split(".")
    return len(parts) > 1 and all(_is_syllable(p) for p in parts)


def _is_cjk(ch: str) -> bool:
    """A Han ideograph or a kana: scripts written without spaces between sentences."""
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _glued_cjk(line: str, m: re.Match[str]) -> bool:
    """``!`` or ``?`` (or ``.`` between two ideographs) glued to the next sentence in CJK text."""
    nxt = m.end()
    if nxt >= len(line) or not _is_cjk(line[nxt]):
        return False
    term = m.group("term")
    return term[-1] in "!?" or term == "." and m.start() > 0 and _is_cjk(line[m.start() - 1])


def _sentence_starter(line: str, i: int, rules: _Rules) -> bool:
    """An upper-case letter or digit (or, in the generic rules, a letter of a script without
    case), possibly after opening quotes/dashes and spaces."""
    while i < len(line) and (line[i] in rules.openers or line[i].isspace()):
        i += 1
    if i >= len(line):
        return False
    ch = line[i]
    return ch.isupper() or ch.isdigit() or rules.caseless and ch.isalpha() and not ch.islower()


def _starts_capitalised_word(line: str, i: int) -> bool:
    """``Au``, ``L’explosion``: upper-case letter then a lower-case letter or apostrophe."""
    if i + 1 >= len(line) or not line[i].isupper():
        return False
    return line[i + 1].islower() or line[i + 1] in "’'"


def _space_spans(line: str, s: int, e: int) -> list[tuple[int, int]]:
    """Sentences of a script written without sentence punctuation (Thai, Lao), in ``line[s:e]``:
    a cut at the first space after at least :data:`_MIN_THAI_SENTENCE` characters."""
    out = []
    pos = s
    for piece in _long_clauses(line[s:e]):
        at = line.find(piece.strip(), pos, e) if piece.strip() else -1
        if at < 0:
            continue
        pos = at + len(piece.strip())
        out.append((at, pos))
    return out or [(s, e)]


def _long_clauses(text: str) -> list[str]:
    out: list[str] = []
    current = ""
    for clause in text.split(" "):
        current = f"{current} {clause}" if current else clause
        if len(current) >= _MIN_THAI_SENTENCE:
            out.append(current)
            current = ""
    if current:
        if out and len(current) < _MIN_THAI_SENTENCE // 2:
            out[-1] = f"{out[-1]} {current}"
        else:
            out.append(current)
    return out


def _strip(line: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    if s >= e or not _HAS_WORD.search(line, s, e):
        return None
    return s, e


# A "sentence" longer than this is not one (a page without punctuation, a 450,000-character line):
# it is cut at the last space before the limit (or at the limit in unspaced scripts), so that no
# summary, which keeps whole sentences, can grow with it. Twice the longest sentence of OrangeSum
# test and valid (2,113 characters).
MAX_SENTENCE_CHARS = 4000


def _bounded(line: str, s: int, e: int) -> list[tuple[int, int]]:
    """``(s, e)`` cut into pieces of at most :data:`MAX_SENTENCE_CHARS` characters, at spaces when
    there are some; each piece stripped."""
    out = []
    while e - s > MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", s + MAX_SENTENCE_CHARS // 2, s + MAX_SENTENCE_CHARS)
        cut = cut if cut > s else s + MAX_SENTENCE_CHARS
        piece = _strip(line, s, cut)
        if piece is not None:
            out.append(piece)
        s = cut
    piece = _strip(line, s, e)
    if piece is not None:
        out.append(piece)
    return out


# Arabic-script news often chains a paragraph of clauses with commas (،) and semicolons (؛) and
# ends it once: such a "sentence" over LONG_CHAIN_WORDS words is cut after the comma or semicolon
# that follows each CLAUSE_WORDS words, so that a summary can keep part of it.
LONG_CHAIN_WORDS = 60
CLAUSE_WORDS = 25
_CHAIN_MARK = re.compile("[،؛]")


def _clauses(line: str, s: int, e: int) -> list[tuple[int, int]]:
    """``(s, e)``, or its pieces when it is a long chain of Arabic-script clauses."""
    if not _CHAIN_MARK.search(line, s, e) or len(line[s:e].split()) <= LONG_CHAIN_WORDS:
        return [(s, e)]
    out = []
    start = s
    for m in _CHAIN_MARK.finditer(line, s, e):
        if len(line[start:m.end()].split()) >= CLAUSE_WORDS and len(line[m.end():e].split()) >= CLAUSE_WORDS // 2:
            out.append((start, m.end()))
            start = m.end()
    out.append((start, e))
    return [t for t in (_strip(line, a, b) for a, b in out) if t is not None]
