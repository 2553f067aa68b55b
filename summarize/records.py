"""Typed records exchanged between the stages (load → clean → segment → summarize → merge).

Every record is a frozen dataclass: stages never mutate what they receive, they return a new
record (``dataclasses.replace``). ``to_dict`` gives the JSON-ready form written by the CLI; the
records themselves stay typed until then.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .lexicon import join_sentences, word_count

# Rich views in Jupyter, by "module.Class": summarize.report.html fills this in when the report stage
# is imported (``import summarize`` does), so that records, runs and scores never import that later stage.
HTML_VIEWS: dict[str, Any] = {}


def html_view(obj: Any) -> str | None:
    """The HTML view of ``obj`` registered in :data:`HTML_VIEWS` for its class or a base class; ``None``
    when there is none (Jupyter then shows the plain repr). What the classes' ``_repr_html_`` return."""
    for cls in type(obj).__mro__:
        view = HTML_VIEWS.get(f"{cls.__module__}.{cls.__qualname__}")
        if view is not None:
            return str(view(obj))
    return None


@dataclass(frozen=True)
class Article:
    """One news article.

    Attributes:
        id: Stable identifier (file stem, JSONL ``id`` field, or dataset row id).
        text: The article text (raw after loading, body only after cleaning).
        title: Headline, when the source gives one or the cleaner finds one.
        source: Where the article came from (file path, ``path:line`` for JSONL rows).
        date: ISO date (``YYYY-MM-DD``) when one was found; ``--MM-DD`` (ISO 8601's month-day)
            when the page gives its day without the year ("Paris, 21 janvier (…)"): a story
            gives it the year of its other articles (:func:`summarize.dates.resolve_dates`).
        lang: ISO 639-1 language code once detected.
        encoding: Text encoding used to decode the file, as detected (``None`` for in-memory).
        author: Byline, when the page gives one (HTML metadata, a JSONL ``author`` field).
        site: Site name, when the page gives one (HTML metadata, a JSONL ``site`` field).
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    lang: str | None = None
    encoding: str | None = None
    author: str | None = None
    site: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ArticleError:
    """An article (or file) that could not be processed; the batch goes on without it.

    Attributes:
        source: The file (or ``file:line``) concerned.
        stage: Which stage failed: ``load``, ``clean``, ``language``, ``summarize``...
        message: What went wrong and what to do about it.
        id: Article id when known.
        cleaning: The cleaning report (``summarize.clean.CleanResult``) when the article got that
            far, for the audit; not part of :meth:`to_dict`.
    """

    source: str
    stage: str
    message: str
    id: str | None = None
    cleaning: Any = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.source}: [{self.stage}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "stage": self.stage, "message": self.message, "id": self.id}


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped, with the rule that dropped it (for auditing)."""

    lineno: int
    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    """An article split into sentences once, by the segment stage; summarizers, mergers and
    conflict detection read ``sentences`` instead of splitting the text again.

    Attributes:
        article: The cleaned article.
        sentences: Its sentences, in order.
        lang: The article's language (ISO 639-1), as detected or given; ``None`` when unknown
            (language-dependent steps then use French rules, see ``summarize.lexicon.DEFAULT_LANG``).
    """

    article: Article
    sentences: tuple[str, ...]
    lang: str | None

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def title(self) -> str | None:
        return self.article.title

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (metadata and sentences; the text is the sentences joined)."""
        a = self.article
        return {"id": a.id, "title": a.title, "source": a.source, "date": a.date, "lang": self.lang, "sentences": list(self.sentences)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_dict`."""
        sentences = tuple(d["sentences"])
        article = Article(id=d["id"], text="\n".join(sentences), title=d.get("title"), source=d.get("source"), date=d.get("date"), lang=d.get("lang"))
        return cls(article, sentences, d.get("lang"))


@dataclass(frozen=True)
class Length:
    """The one size concept of summaries and merged summaries: ``words``, ``sentences`` or both.

    Summarizers read one of them as a target: ``Length(words=N)`` about N words (sentences are
    never cut), ``Length(sentences=K)`` exactly K sentences when the article has them. Both
    together are a budget, what a summarizer uses as its own length: at most K sentences within
    N words (its selection may stop short). Mergers read ``words`` as a budget (never more,
    unless one sentence is longer).

    Example:
        >>> Length(sentences=2)
        Length(words=None, sentences=2)
        >>> Length(words=50, sentences=3).is_budget
        True
        >>> Length(words=0)
        Traceback (most recent call last):
        ...
        ValueError: a length is words >= 1 and/or sentences >= 1, got words=0, sentences=None
    """

    words: int | None = None
    sentences: int | None = None

    def __post_init__(self) -> None:
        given = [v for v in (self.words, self.sentences) if v is not None]
        if not given or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in given):
            raise ValueError(
                f"a length is words >= 1 and/or sentences >= 1, got words={self.words!r}, sentences={self.sentences!r}"
            )

    @property
    def is_budget(self) -> bool:
        """Both words and sentences: at most that many of each (else one of them is a target)."""
        return self.words is not None and self.sentences is not None


@dataclass(frozen=True)
class Summary:
    """The summary of one article.

    Attributes:
        id: Article id.
        text: Summary text.
        sentences: The summary as a list of sentences.
        model: Name of the summarizer that produced it (e.g. ``lead-3``).
        source: Article source (path).
        lang: Article language.
        title: Article title, if any.
        date: The article's date (ISO ``YYYY-MM-DD``; ``--MM-DD`` when the page gives no year),
            when the page, its metadata or the JSONL record gives one.
        input_words: Words in the cleaned article.
        time_s: Seconds spent summarizing this article (batched models: the batch's time shared
            equally among its articles).
        chunks: Abstractive models: pieces the article was split into to fit the model window.
        passes: Abstractive models: generation passes (more than 1 when partial summaries were
            summarized again).
        target_words: The length asked for in words, when one was (``words`` gives what came).
        token_bounds: Abstractive models given ``target_words``: the (min, max) new tokens it was
            mapped to with the tokenizer's measured tokens per word.
    """

    id: str
    text: str
    sentences: tuple[str, ...]
    model: str
    source: str | None = None
    lang: str | None = None
    title: str | None = None
    date: str | None = None
    input_words: int = 0
    time_s: float = 0.0
    chunks: int | None = None
    passes: int | None = None
    target_words: int | None = None
    token_bounds: tuple[int, int] | None = None

    @property
    def words(self) -> int:
        return word_count(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d = {"id": d.pop("id"), "summary": d.pop("text"), **d}  # the JSON field stays "summary"
        for key in ("target_words", "token_bounds"):  # only when a length was asked for
            if d[key] is None:
                del d[key]
        if "token_bounds" in d:
            d["token_bounds"] = list(d["token_bounds"])
        d["sentences"] = list(self.sentences)
        d["words"] = self.words
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Summary:
        """Inverse of :meth:`to_dict` (a line of ``summaries.jsonl``)."""
        names = {f.name for f in dataclasses.fields(cls)} - {"text", "sentences", "token_bounds"}
        bounds = d.get("token_bounds")
        return cls(
            text=d["summary"], sentences=tuple(d["sentences"]), token_bounds=tuple(bounds) if bounds else None,
            **{k: v for k, v in d.items() if k in names},
        )


@dataclass(frozen=True)
class MergedSentence:
    """A sentence of the merged summary and the ids of the articles that support it."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DatedSentence:
    """What another episode of the story said, told as context beside the merged summary.

    Attributes:
        date: The episode's day (ISO), or its first and last days as an ISO interval
            (``2021-12-03/2021-12-05``).
        text: Its leading sentence (chosen as the merged summary's sentences are).
        sources: The episode's articles that state it.
    """

    date: str
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class Conflict:
    """Sources giving different values for the same slot of the same fact.

    Attributes:
        slot: ``place``, ``date``, ``number`` (with its unit, e.g. ``number (morts)``) or ``person``.
        about: The event frame ("Blinken & Lavrov") or "similar sentences".
        values: ``{value: ids of the articles that say it}``.
        evidence: ``(article id, sentence)`` pairs the values come from.
        kind: ``conflict`` (the sources disagree) or ``attributed`` (each figure is given by a
            different named source, "selon la police" / "selon les syndicats": shown as who says
            what, not as a disagreement).
        sources: ``{value: who gives it}`` for an ``attributed`` record.
    """

    slot: str
    about: str
    values: dict[str, tuple[str, ...]]
    evidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    kind: str = "conflict"
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "slot": self.slot,
            "about": self.about,
            "values": {k: list(v) for k, v in self.values.items()},
            "evidence": [{"article": a, "sentence": s} for a, s in self.evidence],
        }
        if self.kind != "conflict" or self.sources:  # absent for a plain conflict: the older form
            out["kind"] = self.kind
            out["sources"] = dict(self.sources)
        return out

    def _repr_html_(self) -> str | None:
        return html_view(self)  # who says what (summarize.report.html)


@dataclass(frozen=True)
class EpisodeFlag:
    """An article to check before merging it with the others.

    ``kind`` is ``other-episode`` (in the minority on 2+ slots of the event most sources cover, or
    dated more than a week from the others), or ``undated`` (no date beside a dated episode: the
    merged summary is told from the dated articles, this one only supports it). ``outlier`` (the only source giving one value that
    most sources contradict) is no longer emitted: such a value is reported as a conflict.
    """

    article: str
    kind: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"article": self.article, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class AttributionCheck:
    """How many claimed (merged sentence, source) pairs hold under ``criterion``."""

    pairs: int
    supported: int
    criterion: str

    @property
    def precision(self) -> float | None:
        return round(self.supported / self.pairs, 4) if self.pairs else None

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, "supported": self.supported, "precision": self.precision, "criterion": self.criterion}


@dataclass(frozen=True)
class MergeChecks:
    """Measured properties of a merged summary.

    Attributes:
        words: Length in words.
        attribution: The independent check of its sentence-source pairs.
        max_sentence_similarity: Highest TF-IDF cosine between two of its sentences.
        languages: Articles per language in the input.
        excluded: Articles left out because they are not in the majority language.
        not_checked: Checks that did not run, each with why (conflict checks on a language
            other than French).
    """

    words: int
    attribution: AttributionCheck
    max_sentence_similarity: float
    languages: dict[str | None, int]
    excluded: tuple[str, ...] = ()
    not_checked: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "words": self.words,
            "attribution": self.attribution.to_dict(),
            "max_sentence_similarity": self.max_sentence_similarity,
            "languages": dict(self.languages),
            "excluded": list(self.excluded),
        }
        if self.not_checked:
            out["not_checked"] = list(self.not_checked)
        return out


@dataclass(frozen=True)
class MergedSummary:
    """One summary for a whole set of articles, sentence by sentence with attribution.

    Attributes:
        sentences: The merged sentences, each with the ids of the articles that support it.
        method: Merge strategy (and summarizer) used.
        article_ids: Articles that took part.
        conflicts: Facts the sources disagree on.
        flags: Articles to check: probably another episode, or outliers.
        checks: Measured properties: words, attribution precision, redundancy, languages
            (``None`` until :func:`summarize.checks.merge_with_checks` measures them).
        duplicates: Groups of articles that are copies of one another (another encoding, a wire
            copy): the first of each group took part, the others are not counted as sources.
        episode: The dates of the episode the sentences tell (ISO day or interval), when the
            articles' dates fall into several episodes or beside undated articles.
        context: One sentence of each other episode, with its date, in date order: the story's
            development told beside the merged summary, not mixed into it (not in ``text``).
    """

    sentences: tuple[MergedSentence, ...]
    method: str
    article_ids: tuple[str, ...] = field(default_factory=tuple)
    conflicts: tuple[Conflict, ...] = field(default_factory=tuple)
    flags: tuple[EpisodeFlag, ...] = field(default_factory=tuple)
    checks: MergeChecks | None = None
    duplicates: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    episode: str | None = None
    context: tuple[DatedSentence, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return join_sentences([s.text for s in self.sentences])

    @property
    def words(self) -> int:
        return word_count(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.text,
            "words": self.words,
            "method": self.method,
            "article_ids": list(self.article_ids),
            "sentences": [{"text": s.text, "sources": list(s.sources)} for s in self.sentences],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "flags": [f.to_dict() for f in self.flags],
            "checks": self.checks.to_dict() if self.checks else {},
            "duplicates": [list(g) for g in self.duplicates],
            "episode": self.episode,
            "context": [c.to_dict() for c in self.context],
        }

    def _repr_html_(self) -> str | None:
        return html_view(self)  # sentences with source badges, conflicts (summarize.report.html)


@dataclass(frozen=True)
class Story:
    """Articles of a run that report the same event, and their merged summary.

    Attributes:
        id: ``story-00001``, ... numbered in the order of each story's first article in the input.
        label: A short name: the title of its earliest article (or the start of its summary).
        article_ids: Its articles, in input order.
        merged: Their merged summary, with attribution, conflicts and flags (a story of one
            article: that article's summary); ``None`` when the merge failed.
        error: Why the merge failed, if it did.
    """

    id: str
    label: str
    article_ids: tuple[str, ...]
    merged: MergedSummary | None = None
    error: str | None = None

    @property
    def size(self) -> int:
        return len(self.article_ids)

    def as_error(self) -> ArticleError:
        """The failed merge as a problem of the run (``errors.jsonl``)."""
        return ArticleError(f"<story {self.id}>", "merge", self.error or "")

    def to_dict(self) -> dict[str, Any]:
        merged = self.merged.to_dict() if self.merged else None
        return {
            "story": self.id,
            "label": self.label,
            "size": self.size,
            "article_ids": list(self.article_ids),
            "summary": merged["summary"] if merged else None,
            "sentences": merged["sentences"] if merged else [],
            "conflicts": merged["conflicts"] if merged else [],
            "flags": merged["flags"] if merged else [],
            "episode": merged["episode"] if merged else None,
            "context": merged["context"] if merged else [],
            "method": merged["method"] if merged else None,
            "checks": merged["checks"] if merged else {},
            "error": self.error,
        }

    def _repr_html_(self) -> str | None:
        return html_view(self)  # its articles and merged summary (summarize.report.html)
