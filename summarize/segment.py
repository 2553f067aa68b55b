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


@cache
def abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations (without their final period) after which a period does not end a sentence.

    Raises:
        LookupError: there is no list for ``lang``; the message names the file to add.
    """
    name = f"{lang}.txt"
    try:
        data = (resources.files("summarize") / "data" / "abbreviations" / name).read_text("utf-8")
    except FileNotFoundError:
        raise LookupError(
            f"no sentence-splitting rules for language '{lang}': add "
            f"summarize/data/abbreviations/{name} (one abbreviation per line, no final period)"
        ) from None
    return frozenset(
        line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")
    )


def supported_languages() -> list[str]:
    """Languages that have an abbreviation list, i.e. that the splitter supports."""
    return list(_languages())


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    # Package data: listed once per process.
    folder = resources.files("summarize") / "data" / "abbreviations"
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


@runtime_checkable
class Splitter(Protocol):
    """What :func:`segment` needs from a sentence splitter."""

    def split(self, text: str, lang: str | None = None) -> list[str]:
        """The sentences of ``text``, written in ``lang`` (ISO 639-1; ``None``: the splitter's default)."""
        ...


@dataclass(frozen=True)
class SentenceSplitter:
    """Split text into sentences with the rules of its language.

    Args:
        lang: Default language (ISO 639-1), whose abbreviation list is used when ``split`` gets no
            language or one without rules (see :func:`supported_languages`); French by default.

    Raises:
        LookupError: at construction, when ``lang`` has no abbreviation list.

    Example:
        >>> SentenceSplitter("fr").split("M. Blinken est arrivé.Il a parlé à Genève.")
        ['M. Blinken est arrivé.', 'Il a parlé à Genève.']
        >>> SentenceSplitter("fr").split("Dr. Who arrived. He spoke.", "en")
        ['Dr. Who arrived.', 'He spoke.']
    """

    lang: str = DEFAULT_LANG

    def __post_init__(self) -> None:
        abbreviations(self.lang)  # fail early, with the fix in the message

    def rules_for(self, lang: str | None) -> str:
        """The language whose rules apply: ``lang`` when there is a list for it, else ``self.lang``
        (the one language fallback of segmentation)."""
        return lang if lang in _languages() else self.lang

    def spans(self, text: str, lang: str | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of each sentence in ``text``."""
        abbrevs = abbreviations(self.rules_for(lang))
        out: list[tuple[int, int]] = []
        line_start = 0
        for line in text.split("\n"):
            for s, e in _line_spans(line, abbrevs):
                out.append((line_start + s, line_start + e))
            line_start += len(line) + 1
        return out

    def split(self, text: str, lang: str | None = None) -> list[str]:
        """The sentences of ``text``, stripped, without empty or punctuation-only pieces."""
        return [text[s:e] for s, e in self.spans(text, lang)]


DEFAULT_SPLITTER = SentenceSplitter(DEFAULT_LANG)


def split_sentences(text: str, lang: str = "fr") -> list[str]:
    """Shortcut for ``SentenceSplitter(lang).split(text)``.

    Raises:
        LookupError: no rules for ``lang`` (the message names the file to add).
    """
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


def _line_spans(line: str, abbrevs: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        nxt = m.end()
        if nxt >= len(line):
            break
        if _is_boundary(line, m, abbrevs):
            spans.append((start, m.end("close")))
            start = nxt
    spans.append((start, len(line)))
    return [t for t in (_strip(line, s, e) for s, e in spans) if t is not None]


def _is_boundary(line: str, m: re.Match[str], abbrevs: frozenset[str]) -> bool:
    term, gap = m.group("term"), m.group("gap")
    nxt = m.end()
    before = line[: m.start()]
    if not gap:  # glued: "américains.Au"
        if term not in ".!?" or m.group("close") and term != ".":
            return False
        if not _starts_capitalised_word(line, nxt):
            return False
        prev_ok = len(before) >= 2 and before[-1].islower() and before[-2].islower()
        prev_ok = prev_ok or (before[-1:].isdigit() or before[-1:] in ")]»”\"") or bool(m.group("close"))
        return prev_ok and _prev_token(before) not in abbrevs
    if not _sentence_starter(line, nxt):
        return False
    if term.startswith(".") and len(term) == 1:
        token = _prev_token(before)
        if token in abbrevs or token.lower() in abbrevs:
            return False
        if len(token) == 1 and token.isupper():  # initial: "J. K. Rowling"
            return False
        if _ACRONYM.match(token):  # "P.-D.G.", "U.S.A."
            return False
    if term in ("…", "...") or len(term) > 1 and set(term) == {"."}:
        if before.rstrip()[-1:] in "([" and m.group("close").strip()[:1] in ")]":
            return False  # elision inside a quotation: "(...)", "[…]"
    return True


def _prev_token(before: str) -> str:
    parts = before.rsplit(None, 1)
    token = parts[-1] if parts else ""
    return token.lstrip(_OPENERS)


def _sentence_starter(line: str, i: int) -> bool:
    """An upper-case letter or digit, possibly after opening quotes/dashes and spaces."""
    while i < len(line) and (line[i] in _OPENERS or line[i].isspace()):
        i += 1
    return i < len(line) and (line[i].isupper() or line[i].isdigit())


def _starts_capitalised_word(line: str, i: int) -> bool:
    """``Au``, ``L’explosion``: upper-case letter then a lower-case letter or apostrophe."""
    if i + 1 >= len(line) or not line[i].isupper():
        return False
    return line[i + 1].islower() or line[i + 1] in "’'"


def _strip(line: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    if s >= e or not _HAS_WORD.search(line, s, e):
        return None
    return s, e
