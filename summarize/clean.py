"""Remove site boilerplate from scraped news pages, line by line, and say why each line went.

Scraped pages mix the article body with navigation ("Accueil Dernières minutes ..."), link
teasers ("Lire aussi : ...", "TU PEUX VOIR: ..."), share counters ("72"), tag lists, calls to
action ("Cliquez pour commenter", "Lisez ... sur Google News !"), comment forms and bylines.
Generic extractors such as trafilatura work on HTML structure; our input is often plain text
already stripped of tags, so the rules here look at the lines themselves:

========================  ==========================================================================
rule                      what it catches
========================  ==========================================================================
``no-words``              lines without letters: counters, lone punctuation ("0", "72", ".")
``truncated-copy``        a line ending in "..." whose words repeat another line (breadcrumbs)
``glued-label``           navigation label glued to the link text ("Article précédentPlus de ...")
``teaser``                "<short label>: <link text>" where the label is upper case or made of
                          reading/watching words ("Lire aussi :", "TU PEUX VOIR:", "Read more:")
``call-to-action``        a short line opening with an imperative ("Cliquez", "Connectez-vous",
                          "Lisez ... sur Google News !")
``repeated``              a non-sentence line that occurs more than once on the page
``duplicate``             a later copy of a sentence already kept
``tag-list``              a run of capitalised words without punctuation ("Switzerland Russia ...")
``dateline``              a short non-sentence carrying a date ("21.01.2022 14h19 ATS / Rédaction")
``title``                 the headline, before the body; kept in ``Article.title``
``heading``               a non-sentence of 4+ words: intertitles, teasers, credits
``label``                 a non-sentence of 1–3 words: sections, bylines, "Publié", "Advertisement"
========================  ==========================================================================

A "sentence" line ends with ``. ! ? …`` (closing quotes allowed) or, when it has 6+ words, ``:``.
A line of 25+ words is kept even without final punctuation: body text is sometimes scraped
without its last period, boilerplate is short. Link labels are short too: ``glued-label`` and
``teaser`` apply only to lines under 40 words (``link_max_words``), so an interview paragraph
("Q: ... R: ...") or a heading glued to its paragraph ("Rémunération minimaleÀ l'occasion...") is
prose. And they may not remove the only body of an article: when every line would go, the
sentences and long lines they removed are kept (navigation, calls to action, labels and teasers
without a final period are not: a page of navigation alone stays empty, and is reported as such).
On the 24,401 clean OrangeSum articles (``python -m eval.clean_precision``), no article is emptied
and no line removed.

Glued words. A page flattened to text often glues the last word of a line (a heading, a byline, a
paragraph cut short) to the first word of the next: "Antoine BlinkIl a promis", "LibéréDepuis",
"Des rassemblements à ParisLe groupe". Each kept line is split there into two lines
(:func:`summarize.readable.split_glued`, in the article's language, French when unknown): the
right part is a capitalised sentence-opening function word ("Il", "Depuis", "Le", "L’"), or the
left part a lower-case word of 4+ letters ("remaniementMardi"). Brand and family names stay whole
("iPhone", "McDonald", "YouTube", "MoDem", "LinkedIn"). On the sample corpus this splits the one
glued body line (``BlinkIl``; the four glued navigation lines are removed before); on the 200
RPM2 documents it splits nothing; on OrangeSum test text (not cleaned by ``eval.orangesum``) it
finds 422 glues, of which a read sample of 60 held no false split but in embedded JavaScript.
The line count (``body_lines``) and line numbers of the report are those of the page.

Dates. An article without a date (from its JSONL record or HTML metadata) takes the first full
date above its body or in a dateline ("21.01.2022 14h19", "Publié le 21 janvier 2022") or in an
agency dateline opening its first paragraph ("PARIS, 21 janvier 2022 (AFP) -"). A short dateline
above the body that gives no year ("Paris, 21 janvier (…) –") gives ``--01-21``, which a story
completes with the year of its other articles (:func:`summarize.dates.resolve_dates`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .lexicon import month_numbers, needs_unicode_words, word_count
from .readable import split_glued
from .records import Article, RemovedLine

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ELLIPSIS_END = re.compile(r"(?:\.{3}|…)\s*$")
# a lower-case run of 4+ letters directly followed by an upper-case letter: "précédentPlus" (searched
# as exactly 4: "{4,}" would backtrack quadratically on a long word, 134 s for 100,000 letters)
_GLUED = re.compile(r"[a-zß-öø-ÿœ]{4}[A-ZÀ-ÖØ-ÞŒ]")
_TEASER = re.compile(r"^(?P<label>[^\W\d_][^:]{0,30}?)\s*:\s*(?P<rest>\S.*)$")
_IMPERATIVE = re.compile(r"^(?P<verb>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+ez)(?:-(?:vous|nous|les|le|la|en|y))*\b")
_NOT_IMPERATIVE = {"Chez", "Assez", "Rez"}
# The rules that read a line's first words as a link label: on a page where they would remove every
# line, the lines they removed are kept (an interview "Q: ... R: ..." is not a teaser).
_LINK_RULES = ("glued-label", "teaser")

# Words that make up link-teaser labels ("Lire aussi", "À voir", "Sur le même sujet", "Read more").
TEASER_WORDS = frozenset(
    """
    lire lisez aussi à a voir voyez tu peux vous pouvez sur le la les même sujet notre nos dossier
    article articles relatif relatifs connexe connexes en savoir plus découvrir découvrez regarder
    regardez écouter écoutez vidéo vidéos video photo photos diaporama recommandé recommandés populaire
    populaires lus l'essentiel essentiel publicité sponsorisé partenaire read more see also watch
    related listen recommended popular sponsored advertisement
    """.split()
)

_MONTHS = month_numbers()
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_WORDS = re.compile(
    r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
# A year-less day in a dateline ("Paris, 21 janvier (Cinktank.com) –"): kept as ISO's ``--MM-DD``
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS) + r")\b(?!\s+\d{4})", re.IGNORECASE)
# An agency dateline opening the first paragraph: "PARIS, 21 janvier 2022 (AFP) - Le ministre..."
_LEAD_DATELINE = re.compile(
    r"^[^\W\d_][^\W\d_' .-]{0,30}(?:\s*\([^)]{1,30}\))?,\s+(?:le\s+)?(?:\w+\s+)?(\d{1,2}(?:er)?\s+\w+(?:\s+\d{4})?)"
    r"\s*(?:\([^)]{1,30}\)\s*)?[-–—]"
)
_DATE_ANY = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:er)?\s+(?:"
    + "|".join(_MONTHS)
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CleanerConfig:
    """Thresholds of the cleaning rules (see the module docstring).

    Attributes:
        long_line_words: A line this long is body text even without final punctuation.
        heading_min_words: Non-sentences shorter than this are ``label``, not ``heading``.
        cta_max_words: Calls to action longer than this are left to the other rules.
        link_max_words: Lines this long or longer are never link labels (``glued-label``,
            ``teaser``): boilerplate links are short, prose is not.
        split_glued: Split kept lines where a word is glued to the next line's first word.
    """

    long_line_words: int = 25
    heading_min_words: int = 4
    cta_max_words: int = 15
    link_max_words: int = 40
    split_glued: bool = True

    def __post_init__(self) -> None:
        if min(self.long_line_words, self.heading_min_words, self.cta_max_words, self.link_max_words) < 1:
            raise ValueError(f"CleanerConfig thresholds must be >= 1, got {self}")


@dataclass(frozen=True)
class CleanResult:
    """What :func:`clean_article` kept and removed.

    Attributes:
        article: The article with ``text`` = body lines joined by newlines, plus the title and
            date found in the header when the article had none.
        removed: Every dropped line, with its 1-based line number and the rule that dropped it.
        body_lines: Number of lines kept.
    """

    article: Article
    removed: tuple[RemovedLine, ...]
    body_lines: int


def normalize_line(line: str) -> str:
    """NFC, one ASCII space for every run of (non-breaking, thin...) spaces, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


def clean_article(article: Article, config: CleanerConfig | None = None) -> CleanResult:
    """Split ``article.text`` into body and boilerplate.

    Args:
        article: An article as loaded (raw page text).
        config: Rule thresholds; defaults suit news pages.

    Returns:
        A :class:`CleanResult`; ``result.article.text`` is the body, one paragraph per line (a
        line with glued words split in two, see the module docstring).

    Example:
        >>> a = Article(id="x", text="Accueil\\nLe ministre a parlé à Genève.\\nLire aussi : Autre chose")
        >>> r = clean_article(a)
        >>> r.article.text, [x.reason for x in r.removed]
        ('Le ministre a parlé à Genève.', ['label', 'teaser'])
    """
    cfg = config or CleanerConfig()
    lines = [normalize_line(x) for x in article.text.split("\n")]
    counts = Counter(x for x in lines if x)
    reasons: dict[int, str] = {}
    kept_sentences: dict[str, int] = {}
    for i, line in enumerate(lines):
        if not line:
            continue
        reason = _rule(line, i, lines, counts, cfg)
        if reason is None and line in kept_sentences:
            reason = f"duplicate of line {kept_sentences[line] + 1}"
        if reason is None:
            kept_sentences[line] = i
        else:
            reasons[i] = reason

    body_idx = [i for i, x in enumerate(lines) if x and i not in reasons]
    if not body_idx:  # never remove the only body of an article: the link rules can misread prose
        restored = [
            i for i, r in reasons.items()
            if r in _LINK_RULES and (_is_sentence(lines[i], len(lines[i].split())) or len(lines[i].split()) >= cfg.long_line_words)
        ]
        for i in restored:
            del reasons[i]
        body_idx = sorted(restored)
    first_body = body_idx[0] if body_idx else len(lines)
    title = article.title
    if title is None:
        for i in range(first_body):
            if reasons.get(i) == "heading":
                title, reasons[i] = lines[i], "title"
                break
    header = [lines[i] for i in range(first_body) if lines[i]]
    datelines = [lines[i] for i, r in reasons.items() if r == "dateline"]
    lead = _LEAD_DATELINE.match(lines[first_body]) if body_idx else None
    lead_date = list(lead.groups()) if lead else []
    date = article.date or _find_date(header) or _find_date(datelines) or _find_date(lead_date)
    # year-less: only from a short dateline above the body (not a headline's "Manifestation du 5
    # décembre : ...", nor a list's "Le 8 août :" inside the body)
    header_datelines = [lines[i] for i, r in reasons.items() if r == "dateline" and i < first_body and len(lines[i].split()) <= 6]
    date = date or _find_day_month(header_datelines + lead_date)
    removed = tuple(RemovedLine(i + 1, lines[i], reasons[i]) for i in sorted(reasons))
    body = "\n".join(split_glued(lines[i], article.lang) if cfg.split_glued else lines[i] for i in body_idx)
    return CleanResult(replace(article, text=body, title=title, date=date), removed, len(body_idx))


def _rule(line: str, i: int, lines: list[str], counts: Counter[str], cfg: CleanerConfig) -> str | None:
    words = _WORD.findall(line)
    if not words:
        return "no-words"
    # Hindi, Arabic with harakat: \w runs cut words at their marks; Chinese, Thai: a run is many words
    n_words = word_count(line) if needs_unicode_words(line) else len(words)
    if _ELLIPSIS_END.search(line) and _is_truncated_copy(line, i, lines):
        return "truncated-copy"
    link_sized = n_words < cfg.link_max_words
    head = " ".join(line.split()[:3])
    if link_sized and _GLUED.search(head):
        return "glued-label"
    m = _TEASER.match(line)
    if link_sized and m and _is_teaser_label(m.group("label")):
        return "teaser"
    m = _IMPERATIVE.match(line)
    if m and m.group("verb") not in _NOT_IMPERATIVE and n_words <= cfg.cta_max_words:
        return "call-to-action"
    sentence = _is_sentence(line, n_words)
    if sentence or n_words >= cfg.long_line_words:
        return None
    if counts[line] > 1:
        return "repeated"
    if _DATE_ANY.search(line):
        return "dateline"
    if len(words) >= 3 and all(w[0].isupper() or w[0].isdigit() for w in words):
        return "tag-list"
    return "heading" if n_words >= cfg.heading_min_words else "label"


# Sentence ends: Latin ones, then CJK, Arabic, Urdu, Devanagari, Ethiopic.
_SENTENCE_END = ".!?…。！？؟۔।॥።፧"


def _is_sentence(line: str, n_words: int) -> bool:
    tail = line.rstrip(" »”\"’')]*")
    if not tail:
        return False
    if tail[-1] in _SENTENCE_END:
        return True
    return tail[-1] == ":" and n_words >= 6


def _is_truncated_copy(line: str, i: int, lines: list[str]) -> bool:
    """The words before the final ellipsis appear, in order, in another line of the page."""
    words = _WORD.findall(_ELLIPSIS_END.sub("", line))
    if len(words) < 4:
        return False
    tail = " ".join(words[-4:])
    return any(j != i and other and tail in " ".join(_WORD.findall(other)) for j, other in enumerate(lines))


def _is_teaser_label(label: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 4:
        return False
    if label.isupper():
        return True
    return all(w.lower().strip("'’") in TEASER_WORDS for w in words)


def _find_day_month(lines: Sequence[str]) -> str | None:
    """First day and month without a year in ``lines``, as ``--MM-DD`` (ISO 8601's month-day:
    :func:`summarize.dates.resolve_dates` gives it the year of the story's other articles)."""
    for line in lines:
        m = _DAY_MONTH.search(line)
        if m and 1 <= int(m.group(1)) <= 31:
            return f"--{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    return None


def _find_date(lines: Sequence[str]) -> str | None:
    """First full date (with a year) in ``lines``, as ``YYYY-MM-DD``."""
    for line in lines:
        for pattern, order in ((_DATE_ISO, "ymd"), (_DATE_NUMERIC, "dmy"), (_DATE_WORDS, "dmy")):
            m = pattern.search(line)
            if not m:
                continue
            parts = dict(zip(order, m.groups()))
            month = parts["m"]
            month_n = _MONTHS[month.lower()] if not month.isdigit() else int(month)
            day, year = int(parts["d"]), int(parts["y"])
            if 1 <= month_n <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month_n:02d}-{day:02d}"
    return None
