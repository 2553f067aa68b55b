"""The whole flow in one object: load → clean → check → summarize → merge.

Example:
    >>> from summarize.pipeline import Pipeline
    >>> result = Pipeline().run("../shared/data/articles/blinken-lavrov-2022")  # doctest: +SKIP
    >>> result.to_frame()  # one row per article  # doctest: +SKIP
    >>> result.merged.text  # doctest: +SKIP

An article that cannot be processed (unreadable file, empty after cleaning, too long, wrong
language, summarizer failure) is recorded in ``result.errors`` with the file and the fix, and the
others go on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from .clean import CleanerConfig, CleanResult, clean_article
from .language import UNDETERMINED, detect_language
from .load import Corpus, load_corpus
from .merge import STRATEGIES, get_merger, merge_with_checks
from .records import Article, ArticleError, MergedSummary, Summary
from .segment import supported_languages
from .summarizers import Summarizer, get_summarizer


@dataclass(frozen=True)
class PipelineConfig:
    """Settings of a run.

    Attributes:
        summarizer: Registry name of the summarizer (see ``summarize.summarizers``).
        languages: Accepted languages (ISO 639-1); ``None`` accepts every language the sentence
            splitter supports. Articles in another language are reported and skipped.
        max_chars: Longer inputs are reported and skipped (protects against a wrong file).
        min_words: Articles with fewer words after cleaning are reported and skipped.
        merged_max_words: Length budget of the merged summary.
        merged_min_words: Single-source facts enter the merged summary only below this length.
        merge_strategy: ``extractive`` (multi-document clustering) or ``hierarchical``.
        conflicts: Detect conflicting facts and other-episode articles (spaCy NER).
        progress: Show progress bars.
        cleaner: Thresholds of the boilerplate rules.
        device: Abstractive models: ``cuda``/``cpu`` (default: CUDA if available).
        precision: Abstractive models: ``fp32`` (default) or the lossy ``bf16``/``fp16``/``int8``.
    """

    summarizer: str = "auto"
    languages: tuple[str, ...] | None = None
    max_chars: int = 500_000
    min_words: int = 10
    merged_max_words: int = 150
    merged_min_words: int = 80
    merge_strategy: str = "extractive"
    conflicts: bool = True
    progress: bool = True
    cleaner: CleanerConfig = field(default_factory=CleanerConfig)
    device: str | None = None
    precision: str = "fp32"

    def __post_init__(self) -> None:
        if self.max_chars < 1 or self.min_words < 0 or self.merged_max_words < 1:
            raise ValueError(f"invalid PipelineConfig limits: {self}")
        if self.merge_strategy not in STRATEGIES:
            raise ValueError(f"unknown merge_strategy '{self.merge_strategy}'; expected one of {STRATEGIES}")
        if self.languages is not None:
            unknown = sorted(set(self.languages) - set(supported_languages()))
            if unknown:
                raise ValueError(
                    f"languages {unknown} are not supported (supported: {supported_languages()}); "
                    f"add summarize/data/abbreviations/{unknown[0]}.txt to support '{unknown[0]}'"
                )


@dataclass
class RunResult:
    """Everything a run produced.

    Attributes:
        articles: Cleaned articles that were summarized, in input order.
        cleaning: Cleaning report per article id (kept/removed lines with reasons).
        summaries: One summary per article in ``articles``.
        merged: The merged summary (``None`` when no article could be summarized).
        errors: Inputs that were reported and skipped.
        config: The configuration used.
        time_s: Wall time of the run.
    """

    articles: list[Article]
    cleaning: dict[str, CleanResult]
    summaries: list[Summary]
    merged: MergedSummary | None
    errors: list[ArticleError]
    config: PipelineConfig
    time_s: float = 0.0

    def to_frame(self):
        """Per-article table (pandas DataFrame): language, lengths, compression, time, summary."""
        import pandas as pd

        rows = []
        for s in self.summaries:
            clean = self.cleaning.get(s.id)
            rows.append(
                {
                    "id": s.id,
                    "title": s.title,
                    "lang": s.lang,
                    "input_words": s.input_words,
                    "summary_words": s.words,
                    "compression": round(s.input_words / s.words, 2) if s.words else None,
                    "removed_lines": len(clean.removed) if clean else 0,
                    "time_s": round(s.time_s, 4),
                    "summary": s.summary,
                }
            )
        return pd.DataFrame(rows)


class Pipeline:
    """load → clean → check → summarize → merge, with a report of what was skipped and why.

    Args:
        config: Run settings.
        summarizer: A ready summarizer (overrides ``config.summarizer``).
        merger: Object with ``merge(summaries, articles) -> MergedSummary`` (overrides
            ``config.merge_strategy``).
    """

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        summarizer: Summarizer | None = None,
        merger: Any | None = None,
    ) -> None:
        self.config = config or PipelineConfig()
        cfg = self.config
        self.summarizer = summarizer or get_summarizer(
            cfg.summarizer, device=cfg.device, precision=cfg.precision, progress=cfg.progress
        )
        self.merger = merger or get_merger(
            cfg.merge_strategy, max_words=cfg.merged_max_words, min_words=cfg.merged_min_words
        )

    def run(self, source: str | Path | Iterable[Any] | Corpus) -> RunResult:
        """Run the flow on a folder, file, dataset or list of articles (see :func:`load_corpus`)."""
        t0 = time.perf_counter()
        corpus = source if isinstance(source, Corpus) else load_corpus(source)
        errors = list(corpus.errors)
        articles: list[Article] = []
        cleaning: dict[str, CleanResult] = {}
        summaries: list[Summary] = []
        ready: list[Article] = []
        for raw in tqdm(corpus.articles, desc="cleaning", unit="article", disable=not self.config.progress):
            try:
                cleaned = self.prepare(raw)
            except ArticleRejected as exc:
                errors.append(ArticleError(raw.source or raw.id, exc.stage, str(exc), id=raw.id))
                if exc.cleaning is not None:
                    cleaning[raw.id] = exc.cleaning
                continue
            cleaning[raw.id] = cleaned
            ready.append(cleaned.article)
        for article, outcome in zip(ready, self._summarize_all(ready)):
            if isinstance(outcome, Summary):
                articles.append(article)
                summaries.append(outcome)
            else:
                errors.append(ArticleError(article.source or article.id, "summarize", outcome, id=article.id))
        merged = None
        if summaries:
            try:
                merged = merge_with_checks(self.merger, summaries, articles, conflicts=self.config.conflicts)
            except Exception as exc:  # the per-article summaries stand without the merged one
                errors.append(ArticleError("<merged summary>", "merge", f"{type(exc).__name__}: {exc}"))
        return RunResult(
            articles=articles,
            cleaning=cleaning,
            summaries=summaries,
            merged=merged,
            errors=errors,
            config=self.config,
            time_s=time.perf_counter() - t0,
        )

    def _summarize_all(self, articles: list[Article]) -> list[Summary | str]:
        """Summaries together (batching models batch); if that fails, one by one so that one
        article's failure is reported and the others still get their summary."""
        try:
            return list(self.summarizer.summarize_many(articles, progress=self.config.progress))
        except Exception:  # isolate the failing article(s) below
            pass
        out: list[Summary | str] = []
        for article in articles:
            try:
                out.append(self.summarizer.summarize(article))
            except Exception as exc:  # one article's failure must not stop the batch
                out.append(f"{type(exc).__name__}: {exc}")
        return out

    def prepare(self, article: Article) -> CleanResult:
        """Clean one article, detect its language and check it can be summarized.

        Raises:
            ArticleRejected: too long, nothing left after cleaning, or unsupported language.
        """
        cfg = self.config
        if len(article.text) > cfg.max_chars:
            raise ArticleRejected(
                "check",
                f"too long ({len(article.text):,} characters > max_chars={cfg.max_chars:,}); "
                "split the file, or raise the limit (--max-chars)",
            )
        result = clean_article(article, cfg.cleaner)
        body = result.article.text
        n_words = len(body.split())
        if n_words < max(cfg.min_words, 1):
            raise ArticleRejected(
                "clean",
                f"only {n_words} words left after removing {len(result.removed)} boilerplate "
                "lines; check that the file holds the article text (see the cleaning audit)",
                cleaning=result,
            )
        lang = result.article.lang
        if lang is None:
            guess = detect_language(body)
            lang = guess.lang
            if lang == UNDETERMINED:
                raise ArticleRejected(
                    "language",
                    "language could not be determined; set a 'lang' field for it",
                    cleaning=result,
                )
        accepted = cfg.languages or tuple(supported_languages())
        if lang not in accepted:
            raise ArticleRejected(
                "language",
                f"detected language '{lang}', expected one of {', '.join(accepted)}; "
                + (
                    "pass --lang with it to accept it, or remove the file"
                    if cfg.languages
                    else f"add summarize/data/abbreviations/{lang}.txt to support it"
                ),
                cleaning=result,
            )
        prepared = replace(result.article, lang=lang)
        try:
            self.summarizer.check(prepared)
        except ValueError as exc:
            raise ArticleRejected("summarize", str(exc), cleaning=result) from None
        return replace(result, article=prepared)


class ArticleRejected(ValueError):
    """An article failed a check; ``stage`` says which, the message says what to do."""

    def __init__(self, stage: str, message: str, cleaning: CleanResult | None = None) -> None:
        super().__init__(message)
        self.stage = stage
        self.cleaning = cleaning
