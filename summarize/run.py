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

One run at a time per output folder: a run holds a lock on ``out/.summarize.lock``
(``fcntl.flock``; released when the run ends or is killed, as the kernel drops the lock with the
process, and a lock file a killed run left is taken over); a second run into the same folder stops at once with
:class:`OutputBusyError`. The hidden folders of runs killed earlier (``out/.run-*``), which only
``--resume`` reads, are removed when a run into the folder completes (``FolderRun.stale``).

Outputs in ``out``: ``summaries.jsonl``, ``stories.jsonl`` (one line per story: id, topic id,
label, article ids, merged summary with attribution, conflicts and flags), ``merged.json`` (the largest
story's merged summary, with its story id), ``errors.jsonl``, ``cleaning.jsonl`` (every removed
line of every article) and ``report.md`` (plus ``scores.json`` with references).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .engines import process_with
from .load import iter_corpus, max_bytes_for
from .pipeline import Pipeline, RunResult
from .records import Article, ArticleError, MergedSummary, Summary
from .report import (
    EarlierRun,
    EarlierRunError,
    FolderSink,
    PublishError,
    ResumeError,
    complete_publishing,
    pending_publishing,
    read_earlier_run,
)
from .scoring import References, RunScores, score_run

try:  # POSIX; elsewhere runs into one folder are not kept apart
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_FILE", "FolderRun", "OutputBusyError", "PublishError", "ResumeError", "lock_output", "run_to_folder", "settings_key"]

LOCK_FILE = ".summarize.lock"


class OutputBusyError(RuntimeError):
    """Another run is writing into the same output folder (it holds ``out/.summarize.lock``)."""


@contextlib.contextmanager
def lock_output(out: Path) -> Iterator[None]:
    """Hold the lock of the output folder ``out`` (``out/.summarize.lock``, with this process's id
    in it) for the time of the block; the file is removed when the block ends. The kernel releases
    an ``flock`` when its process dies, so a run killed with ``kill -9`` leaves no stale lock.

    Raises:
        OutputBusyError: another process holds the lock (the message gives its id).
    """
    if fcntl is None:  # pragma: no cover - no flock on this system
        yield
        return
    path = out / LOCK_FILE
    for _ in range(10):  # the holder may remove the file between our open and our flock: try again
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise OutputBusyError(
                f"another run is writing into {out} (process {holder or '?'}, lock file {path}); wait for it to "
                "end, or choose another --out"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # we locked a file its holder had just removed
    else:  # pragma: no cover - a folder whose lock file keeps changing
        raise OutputBusyError(f"could not lock {path}: other runs keep writing into {out}; choose another --out")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


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
        stale: Hidden folders of runs killed earlier in ``out`` (``.run-*``), removed at the end.
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
    stale: int = 0


def settings_key(pipeline: Pipeline, source: Any = None) -> dict[str, Any]:
    """The settings that decide a run's per-article output, and its input when it is a path (a
    resumed run must use the same: resuming with another folder would mix its articles in)."""
    cfg = pipeline.config
    return {
        "input": str(Path(source).resolve()) if isinstance(source, (str, Path)) else None,
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
        OutputBusyError: another run is writing into ``out`` (nothing is read or written then).
        EarlierRunError: ``since`` is not the output folder of an earlier run.
        PublishError: a run killed while publishing into ``out`` (or ``since``) cannot be completed
            (the message names its ``.run-*`` folder and what to do).
        OSError: ``out`` cannot be created, or an output cannot be written (the earlier final
            files stay whole).
    """
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with lock_output(out):
        complete_publishing(out)  # a run killed while publishing into it: its set, whole, first
        if since is not None:
            _complete_earlier(Path(since))
        earlier = read_earlier_run(since, prepare=lambda a: pipeline.prepare(a)[1]) if since is not None else None
        return _run_locked(pipeline, source, out, earlier, t0, resume=resume, text_key=text_key, references=references,
                           follow_links=follow_links, max_bytes=max_bytes)


def _complete_earlier(since: Path) -> None:
    """The earlier run ``--since`` names was killed while publishing its outputs: complete it
    (under that folder's lock) before reading it, so that it is read as one run's set.

    Raises:
        EarlierRunError: it cannot be completed (another run is writing into it, or it is read-only).
    """
    if not since.is_dir() or not pending_publishing(since):  # --since into itself: completed just before
        return
    try:
        with lock_output(since):
            complete_publishing(since)
    except (OutputBusyError, OSError) as exc:
        raise EarlierRunError(
            f"--since {since}: that run was interrupted while publishing its outputs, and they could not be completed "
            f"({exc}); run `summarize run` into it again (--resume), then use it"
        ) from None


def _run_locked(
    pipeline: Pipeline,
    source: str | Path | Iterable[Any],
    out: Path,
    earlier: EarlierRun | None,
    t0: float,
    *,
    resume: bool,
    text_key: str,
    references: References | None,
    follow_links: bool,
    max_bytes: int | None,
) -> FolderRun:
    """:func:`run_to_folder` once ``out`` is locked."""
    opts: dict[str, Any] = {
        "text_key": text_key, "follow_links": follow_links, "max_bytes": max_bytes or max_bytes_for(pipeline.config.max_chars),
    }
    items = iter_corpus(source, exclude=[out], **opts) if isinstance(source, (str, Path)) else iter_corpus(source, **opts)
    sink = FolderSink(out, settings_key(pipeline, source), resume=resume)
    done = set(sink.resumed)

    def todo_items() -> Iterator[Article | ArticleError]:
        for x in items:
            if isinstance(x, ArticleError) or x.id not in done:
                sink.expect(None)
                yield x
            else:
                sink.expect(x.id)  # done before the kill: only its audit line, at its place

    todo = todo_items()
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
        since=earlier, stale=sink.stale,
    )
