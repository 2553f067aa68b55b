"""Typed records exchanged between the stages (load → clean → segment → summarize → merge).

Every record is a frozen dataclass: stages never mutate what they receive, they return a new
record (``dataclasses.replace``). ``to_dict`` gives the JSON-ready form written by the CLI.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article.

    Attributes:
        id: Stable identifier (file stem, JSONL ``id`` field, or dataset row id).
        text: The article text (raw after loading, body only after cleaning).
        title: Headline, when the source gives one or the cleaner finds one.
        source: Where the article came from (file path, ``path:line`` for JSONL rows).
        date: ISO date (``YYYY-MM-DD``) when one was found.
        lang: ISO 639-1 language code once detected.
        encoding: Text encoding used to decode the file, as detected (``None`` for in-memory).
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    lang: str | None = None
    encoding: str | None = None

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
    """

    source: str
    stage: str
    message: str
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: [{self.stage}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped, with the rule that dropped it (for auditing)."""

    lineno: int
    text: str
    reason: str


@dataclass(frozen=True)
class Summary:
    """The summary of one article.

    Attributes:
        id: Article id.
        summary: Summary text.
        sentences: The summary as a list of sentences.
        model: Name of the summarizer that produced it (e.g. ``lead-3``).
        source: Article source (path).
        lang: Article language.
        title: Article title, if any.
        input_words: Words in the cleaned article.
        time_s: Seconds spent summarizing this article (batched models: the batch's time shared
            equally among its articles).
        chunks: Abstractive models: pieces the article was split into to fit the model window.
        passes: Abstractive models: generation passes (more than 1 when partial summaries were
            summarized again).
    """

    id: str
    summary: str
    sentences: tuple[str, ...]
    model: str
    source: str | None = None
    lang: str | None = None
    title: str | None = None
    input_words: int = 0
    time_s: float = 0.0
    chunks: int | None = None
    passes: int | None = None

    @property
    def words(self) -> int:
        return len(self.summary.split())

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["sentences"] = list(self.sentences)
        d["words"] = self.words
        return d


@dataclass(frozen=True)
class MergedSentence:
    """A sentence of the merged summary and the ids of the articles that support it."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class MergedSummary:
    """One summary for a whole set of articles, sentence by sentence with attribution.

    Attributes:
        sentences: The merged sentences, each with the ids of the articles that support it.
        method: Merge strategy (and summarizer) used.
        article_ids: Articles that took part.
        conflicts: Facts the sources disagree on (``summarize.conflicts.Conflict.to_dict``).
        flags: Articles to check: probably another episode, or outliers.
        checks: Measured properties: words, attribution precision, redundancy, languages.
    """

    sentences: tuple[MergedSentence, ...]
    method: str
    article_ids: tuple[str, ...] = field(default_factory=tuple)
    conflicts: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    flags: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.text,
            "words": self.words,
            "method": self.method,
            "article_ids": list(self.article_ids),
            "sentences": [{"text": s.text, "sources": list(s.sources)} for s in self.sentences],
            "conflicts": list(self.conflicts),
            "flags": list(self.flags),
            "checks": self.checks,
        }
