"""A run of any size, streamed to an output folder: what ``summarize run`` does.

Memory stays bounded whatever the number of articles: inputs are read lazily
(:func:`summarize.load.iter_corpus`), the per-article stages run on the engine the config names
(:mod:`summarize.engines`), and every outcome goes into a :class:`~summarize.report.FolderSink`,
which streams it to ``*.partial`` files (in the run's hidden folder ``out/.run-*``) and keeps only
what grouping and the report need. The run loop is the pipeline's own
(:meth:`~summarize.pipeline.Pipeline.run_into`): group into stories, merge each from the documents
on disk; then the partial files are renamed over the final ones: a killed run never leaves a
half-written ``summaries.jsonl`` in place of a good one, and ``resume=True`` (``--resume``) goes on
from the articles already done.

Outputs in ``out``: ``summaries.jsonl``, ``stories.jsonl`` (one line per story: id, topic id,
label, article ids, merged summary with attribution, conflicts and flags), ``merged.json`` (the largest
story's merged summary, with its story id), ``errors.jsonl``, ``cleaning.jsonl`` (every removed
line of every article) and ``report.md`` (plus ``scores.json`` with references).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .engines import process_with
from .load import iter_corpus, max_bytes_for
from .pipeline import Pipeline, RunResult
from .records import Article, ArticleError, MergedSummary, Summary
from .report import EarlierRun, FolderSink, ResumeError, read_earlier_run
from .scoring import References, RunScores, score_run

__all__ = ["FolderRun", "ResumeError", "run_to_folder", "settings_key"]


@dataclass
class FolderRun:
    """What :func:`run_to_folder` did.

    Attributes:
        result: The run as a :class:`~summarize.pipeline.RunResult` (per-article detail only for
            runs of at most ``REPORT_DETAIL_MAX`` articles; ``stories`` always).
        paths: Output files by name.
        summarized: Articles summarized (resumed ones included).
        resumed: Articles taken from the partial run instead of being summarized again.
        errors: Inputs skipped (the first ones are in ``result.errors``; all in errors.jsonl).
        scores: ROUGE against the references, when given.
        scores_error: Why there are no scores although references were given.
        stories: Stories in all (``result.stories`` keeps them all for runs of at most
            ``REPORT_DETAIL_MAX`` articles, else the stories of 2+ articles; all are in
            ``stories.jsonl``).
        topics: Topics in all (``result.topics`` lists every one with its stories).
        timings: Seconds spent on the per-article stages, on grouping and merging, in all.
        since: The earlier run the merged summaries update (``since=``), else ``None``.
    """

    result: RunResult
    paths: dict[str, Path]
    summarized: int
    resumed: int
    errors: int
    scores: RunScores | None = None
    scores_error: str | None = None
    stories: int = 0
    topics: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    since: EarlierRun | None = None


def settings_key(pipeline: Pipeline) -> dict[str, Any]:
    """The settings that decide a run's per-article output (a resumed run must use the same)."""
    cfg = pipeline.config
    return {
        "summarizer": pipeline.summarizer.name,
        "summarizer_options": dict(cfg.summarizer_options),
        "words": cfg.words,
        "sentences": cfg.sentences,
        "languages": list(cfg.languages) if cfg.languages else None,
        "max_chars": cfg.max_chars,
        "min_words": cfg.min_words,
        "cleaner": asdict(cfg.cleaner),
        "precision": cfg.precision,
        "backend": cfg.backend,
    }


@dataclass(frozen=True)
class _Scored:
    """What :func:`~summarize.scoring.score_run` reads: every summary and the merged summary."""

    summaries: Sequence[Summary]
    merged: MergedSummary | None


def run_to_folder(
    pipeline: Pipeline,
    source: str | Path | Iterable[Any],
    out: str | Path,
    *,
    resume: bool = False,
    text_key: str = "text",
    references: References | None = None,
    since: str | Path | None = None,
    follow_links: bool = False,
    max_bytes: int | None = None,
) -> FolderRun:
    """Run ``pipeline`` on ``source`` and write every output into ``out`` (see module docstring).

    Args:
        pipeline: The configured pipeline (``config.engine`` picks local or Ray workers).
        source: A folder, a file, or an iterable of articles (read lazily).
        out: Output folder (created if missing).
        resume: Go on from the ``*.partial`` files of a killed run in ``out`` (made with the same
            settings); without them, start from the beginning.
        text_key: Field holding the text in JSONL records.
        references: Hand-written references to score against (ROUGE).
        since: The ``--out`` folder of an earlier run: the merged summaries say what the new
            articles add to what that run's reader already has (update summaries;
            :mod:`summarize.report.earlier`).
        follow_links: Read links whose target is outside the input folder (never ``/proc``,
            devices or FIFOs).
        max_bytes: Files (and JSONL lines) over this many bytes are refused before they are read
            (default: :func:`~summarize.load.max_bytes_for` the config's ``max_chars``).

    Raises:
        LoadError: ``source`` does not exist or holds no article file.
        ResumeError: the partial run in ``out`` used other settings.
        EarlierRunError: ``since`` is not the output folder of an earlier run.
        OSError: ``out`` cannot be created, or an output cannot be written (the earlier final
            files stay whole).
    """
    t0 = time.perf_counter()
    earlier: EarlierRun | None = read_earlier_run(since, prepare=lambda a: pipeline.prepare(a)[1]) if since is not None else None
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    opts: dict[str, Any] = {
        "text_key": text_key, "follow_links": follow_links, "max_bytes": max_bytes or max_bytes_for(pipeline.config.max_chars),
    }
    items = iter_corpus(source, exclude=[out], **opts) if isinstance(source, (str, Path)) else iter_corpus(source, **opts)
    sink = FolderSink(out, settings_key(pipeline), resume=resume)
    done = set(sink.resumed)
    todo: Iterator[Article | ArticleError] = (x for x in items if isinstance(x, ArticleError) or x.id not in done)
    try:
        result = pipeline.run_into(
            todo, sink, process=lambda batch: process_with(pipeline, batch), known=earlier.sentences if earlier else (),
        )
    except BaseException:
        sink.abort()
        raise
    t_run = time.perf_counter() - t0
    t_articles = sink.articles_s if sink.articles_s is not None else t_run
    scores, scores_error = None, None
    if references is not None:
        try:
            scored = result if len(result.summaries) == len(sink.offsets) else _Scored(sink.all_summaries(), result.merged)
            scores = score_run(scored, references)
        except ValueError as exc:
            scores_error = str(exc)
    paths = sink.finish(result, scores)
    return FolderRun(
        result=result, paths=paths, summarized=len(sink.offsets), resumed=len(done), errors=sink.skipped,
        scores=scores, scores_error=scores_error, stories=sink.n_stories, topics=len(result.topics),
        timings={"articles_s": round(t_articles, 2), "stories_s": round(t_run - t_articles, 2), "total_s": round(time.perf_counter() - t0, 2)},
        since=earlier,
    )
