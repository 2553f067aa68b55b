"""A run of any size, streamed to an output folder: what ``summarize run`` does.

Memory stays bounded whatever the number of articles: inputs are read lazily
(:func:`summarize.load.iter_corpus`), every article's summary, segmented document, cleaning audit
and errors are appended to ``*.partial`` files (in the run's hidden folder ``out/.run-*``) as
they are produced, and only what grouping
needs stays in memory (ids, file offsets, one sparse vector per article). Then the articles are
grouped into stories, each story's documents are read back from disk and merged, and the partial
files are renamed over the final ones: a killed run never leaves a half-written
``summaries.jsonl`` in place of a good one, and ``resume=True`` (``--resume``) goes on from the
articles already done.

Outputs in ``out``: ``summaries.jsonl``, ``stories.jsonl`` (one line per story: id, label,
article ids, merged summary with attribution, conflicts and flags), ``merged.json`` (the largest
story's merged summary, with its story id), ``errors.jsonl``, ``cleaning.jsonl`` (every removed
line of every article) and ``report.md`` (plus ``scores.json`` with references).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .clean import CleanResult
from .engines import process_with
from .load import iter_corpus
from .pipeline import Pipeline, Processed, RunResult
from .records import Article, ArticleError, Document, Story, Summary
from .report import atomic_write_text, render_report
from .scoring import References, RunScores, score_run

# Runs up to this many articles keep per-article detail (summaries, cleaning audit) in memory for
# report.md; larger runs list them in summaries.jsonl and cleaning.jsonl only.
REPORT_DETAIL_MAX = 200
PARTIAL = ".partial"
RUN_DIR_PREFIX = ".run-"
_STREAMS = ("summaries", "documents", "cleaning", "errors")


class ResumeError(ValueError):
    """``--resume`` found a partial run made with other settings."""


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
        timings: Seconds spent on the per-article stages, on grouping and merging, in all.
    """

    result: RunResult
    paths: dict[str, Path]
    summarized: int
    resumed: int
    errors: int
    scores: RunScores | None = None
    scores_error: str | None = None
    stories: int = 0
    timings: dict[str, float] = field(default_factory=dict)


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


class _Sink:
    """The ``*.partial`` files of a run, appended line by line and flushed per batch, in the run's
    own hidden folder ``out/.run-<pid>-<random>`` (two runs into one folder do not mix; each
    renames its whole files over the outputs at its end)."""

    def __init__(self, out: Path, resume: bool, key: dict[str, Any]) -> None:
        self.out = out
        self.offsets: dict[str, tuple[int, int]] = {}  # id -> (document offset, summary offset)
        self.resumed: list[str] = []
        earlier = self._resumable(key) if resume else None
        self.dir = earlier or out / f"{RUN_DIR_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
        self.paths = {name: self.dir / f"{name}.jsonl{PARTIAL}" for name in _STREAMS}
        self.settings = self.dir / f"run.json{PARTIAL}"
        if earlier:
            self._recover()
        else:
            self.dir.mkdir()
            for p in self.paths.values():
                p.write_bytes(b"")
            atomic_write_text(self.settings, json.dumps(key, ensure_ascii=False, sort_keys=True))
        self.paths["errors"].write_bytes(b"")  # skipped articles are tried again
        self.files: dict[str, BinaryIO] = {name: p.open("ab") for name, p in self.paths.items()}

    def _resumable(self, key: dict[str, Any]) -> Path | None:
        """The latest killed run in ``out`` made with these settings (``None``: none at all).

        Raises:
            ResumeError: there are killed runs, all made with other settings.
        """
        runs = sorted(
            (d for d in self.out.glob(f"{RUN_DIR_PREFIX}*") if (d / f"run.json{PARTIAL}").exists()),
            key=lambda d: d.stat().st_mtime, reverse=True,
        )
        wanted = json.loads(json.dumps(key, sort_keys=True))
        changed: set[str] = set()
        for d in runs:
            before = json.loads((d / f"run.json{PARTIAL}").read_text(encoding="utf-8"))
            if before == wanted and all((d / f"{name}.jsonl{PARTIAL}").exists() for name in _STREAMS):
                return d
            changed |= {k for k in set(before) | set(wanted) if before.get(k) != wanted.get(k)}
        if runs:
            raise ResumeError(
                f"the partial run in {self.out} was made with other settings ({', '.join(sorted(changed))}); "
                "run again with the same options, or without --resume to start over"
            )
        return None

    def discard(self) -> None:
        """Remove this run's folder (nothing in it worth resuming)."""
        shutil.rmtree(self.dir, ignore_errors=True)

    def _recover(self) -> None:
        """Read back what a killed run wrote: whole lines only (a cut last line is dropped)."""
        docs = {json.loads(line)["id"]: off for off, line in _whole_lines(self.paths["documents"])}
        for off, line in _whole_lines(self.paths["summaries"]):
            aid = json.loads(line)["id"]
            if aid in docs:
                self.offsets[aid] = (docs[aid], off)
                self.resumed.append(aid)
        # the audit of articles that were not done (they are tried again) goes
        kept = self.paths["cleaning"].with_name(self.paths["cleaning"].name + ".tmp")
        with kept.open("wb") as dst:
            for _, line in _whole_lines(self.paths["cleaning"]):
                if json.loads(line)["id"] in self.offsets:
                    dst.write(line.encode("utf-8"))
        os.replace(kept, self.paths["cleaning"])

    def write(self, outcome: Processed | ArticleError) -> None:
        if isinstance(outcome, ArticleError):
            self.files["errors"].write(_line(outcome.to_dict()))
            if outcome.cleaning is not None:
                self.files["cleaning"].write(_line(cleaning_record(outcome.id or outcome.source, outcome.cleaning)))
            return
        doc_off = self.files["documents"].tell()
        self.files["documents"].write(_line(outcome.document.to_dict()))
        self.files["cleaning"].write(_line(cleaning_record(outcome.document.id, outcome.cleaning)))
        sum_off = self.files["summaries"].tell()
        self.files["summaries"].write(_line(outcome.summary.to_dict()))
        self.offsets[outcome.document.id] = (doc_off, sum_off)

    def flush(self) -> None:
        for f in self.files.values():
            f.flush()

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _whole_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(offset, line)`` of every complete line of ``path``, lazily; once read to the end, a cut
    last line (a run killed while writing it) is truncated away."""
    offset = 0
    with path.open("rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            try:
                json.loads(raw)
            except ValueError:
                break
            yield offset, raw.decode("utf-8")
            offset += len(raw)
    with path.open("r+b") as f:
        f.truncate(offset)


def cleaning_record(article_id: str, cleaning: CleanResult) -> dict[str, Any]:
    """One line of ``cleaning.jsonl``: lines kept, and every removed line with its rule."""
    return {
        "id": article_id,
        "body_lines": cleaning.body_lines,
        "removed": [{"line": r.lineno, "rule": r.reason, "text": r.text} for r in cleaning.removed],
    }


def _read_at(f: BinaryIO, offset: int) -> dict[str, Any]:
    f.seek(offset)
    return json.loads(f.readline())


def run_to_folder(
    pipeline: Pipeline,
    source: str | Path | Iterable[Any],
    out: str | Path,
    *,
    resume: bool = False,
    text_key: str = "text",
    references: References | None = None,
) -> FolderRun:
    """Run ``pipeline`` on ``source`` and write every output into ``out`` (see module docstring).

    Args:
        pipeline: The configured pipeline (``config.engine`` picks local or Ray workers).
        source: A folder, a file, or an iterable of articles (read lazily).
        out: Output folder (must exist).
        resume: Go on from the ``*.partial`` files of a killed run in ``out`` (made with the same
            settings); without them, start from the beginning.
        text_key: Field holding the text in JSONL records.
        references: Hand-written references to score against (ROUGE).

    Raises:
        LoadError: ``source`` does not exist or holds no article file.
        ResumeError: the partial run in ``out`` used other settings.
        OSError: an output cannot be written (the earlier final files stay whole).
    """
    t0 = time.perf_counter()
    out = Path(out)
    cfg = pipeline.config
    items = iter_corpus(source, text_key=text_key, exclude=[out]) if isinstance(source, (str, Path)) else iter_corpus(source, text_key=text_key)
    sink = _Sink(out, resume, settings_key(pipeline))
    done = set(sink.resumed)
    grouper = pipeline.grouper()
    detail: list[Processed] = []
    first_errors: list[ArticleError] = []
    models: Counter[str] = Counter()
    n_errors = 0
    keep_detail = True
    if done:  # articles of the killed run: back into the grouper, without summarizing them again
        with sink.paths["documents"].open("rb") as f:
            for aid in sink.resumed:
                grouper.add_document(Document.from_dict(_read_at(f, sink.offsets[aid][0])))
        keep_detail = False
    todo: Iterator[Article | ArticleError] = (x for x in items if isinstance(x, ArticleError) or x.id not in done)
    try:
        for k, outcome in enumerate(process_with(pipeline, todo), 1):
            sink.write(outcome)
            if isinstance(outcome, Processed):
                grouper.add_document(outcome.document)
                models[outcome.summary.model] += 1
                if keep_detail:
                    detail.append(outcome)
                    keep_detail = len(detail) <= REPORT_DETAIL_MAX
                    if not keep_detail:
                        detail = []
            else:
                n_errors += 1
                if len(first_errors) < 1000:
                    first_errors.append(outcome)
            if k % 256 == 0:
                sink.flush()
    except BaseException:
        sink.close()
        if not sink.offsets:  # nothing done: nothing to resume (e.g. a model missing at the first article)
            sink.discard()
        raise
    sink.close()
    t_articles = time.perf_counter() - t0
    stories, n_stories, largest = _write_stories(pipeline, sink, grouper) if cfg.stories != "off" and sink.offsets else ([], 0, None)
    t_stories = time.perf_counter() - t0 - t_articles
    n_story_errors = 0
    for story in stories:
        if story.error:
            n_story_errors += 1
            err = story.as_error()
            if len(first_errors) < 1000:
                first_errors.append(err)
            with sink.paths["errors"].open("ab") as f:
                f.write(_line(err.to_dict()))
    merged = largest.merged if largest else None
    for name in ("summaries", "errors", "cleaning"):
        os.replace(sink.paths[name], out / f"{name}.jsonl")
    sink.discard()
    paths = {name: out / f"{name}.jsonl" for name in ("summaries", "errors", "cleaning")}
    if cfg.stories != "off" and (out / "stories.jsonl").exists():
        paths["stories"] = out / "stories.jsonl"
    else:  # no stories this time: an earlier run's file would be taken for this run's
        (out / "stories.jsonl").unlink(missing_ok=True)
    merged_record = merged.to_dict() if merged else {"summary": None, "sentences": [], "method": None}
    if largest is not None:
        merged_record = {"story": largest.id, "stories": n_stories, **merged_record}
    paths["merged"] = atomic_write_text(out / "merged.json", json.dumps(merged_record, ensure_ascii=False, indent=2) + "\n")
    result = RunResult(
        documents=[p.document for p in detail],
        cleaning={p.document.id: p.cleaning for p in detail},
        summaries=[p.summary for p in detail],
        merged=merged,
        errors=first_errors,
        config=cfg,
        summarizer=pipeline.summarizer.name,
        merger=pipeline.merger.name,
        time_s=time.perf_counter() - t0,
        stories=stories,
    )
    for e in first_errors:
        if e.cleaning is not None:
            result.cleaning[e.id or e.source] = e.cleaning
    scores, scores_error = None, None
    if references is not None:
        try:
            scores = score_run(result if detail else _with_all_summaries(result, paths["summaries"]), references)
        except ValueError as exc:
            scores_error = str(exc)
    n_summarized = len(sink.offsets)
    paths["report"] = atomic_write_text(
        out / "report.md",
        render_report(result, scores, summarized=n_summarized, models=dict(models + Counter({"(resumed)": len(done)} if done else {})),
                      errors=n_errors + n_story_errors),
    )
    if scores is not None:
        paths["scores"] = atomic_write_text(out / "scores.json", json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return FolderRun(
        result=result, paths=paths, summarized=n_summarized, resumed=len(done), errors=n_errors + n_story_errors,
        scores=scores, scores_error=scores_error, stories=n_stories,
        timings={"articles_s": round(t_articles, 2), "stories_s": round(t_stories, 2), "total_s": round(time.perf_counter() - t0, 2)},
    )


def _with_all_summaries(result: RunResult, path: Path) -> RunResult:
    with path.open(encoding="utf-8") as f:
        summaries = [Summary.from_dict(json.loads(line)) for line in f if line.strip()]
    return RunResult(
        documents=[], cleaning={}, summaries=summaries, merged=result.merged, errors=result.errors,
        config=result.config, summarizer=result.summarizer, merger=result.merger, stories=result.stories,
    )


def _write_stories(pipeline: Pipeline, sink: _Sink, grouper) -> tuple[list[Story], int, Story | None]:
    """Group, then merge each story from the documents on disk; ``stories.jsonl`` is written to a
    partial file line by line and renamed at the end. Returns the stories kept in memory (all for
    small runs, else those of 2+ articles), how many there are, and the largest."""
    stories: list[Story] = []
    largest: Story | None = None
    n = 0
    small = len(grouper.ids) <= REPORT_DETAIL_MAX
    partial = sink.dir / f"stories.jsonl{PARTIAL}"
    with (
        sink.paths["documents"].open("rb") as docs,
        sink.paths["summaries"].open("rb") as sums,
        partial.open("wb") as f,
    ):
        for story_id, members in pipeline.stories_of(grouper):
            documents = [Document.from_dict(_read_at(docs, sink.offsets[i][0])) for i in members]
            summaries = [Summary.from_dict(_read_at(sums, sink.offsets[i][1])) for i in members]
            story = pipeline.merge_story(story_id, documents, summaries)
            f.write(_line(story.to_dict()))
            if story.merged is not None and (largest is None or story.size > largest.size):
                largest = story
            if small or story.size > 1 or story.error:
                stories.append(story)
            n += 1
    os.replace(partial, sink.out / "stories.jsonl")
    return stories, n, largest
