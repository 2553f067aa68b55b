"""The output files of a run, written by this module only: ``summaries.jsonl``, ``stories.jsonl``,
``merged.json``, ``errors.jsonl``, ``cleaning.jsonl``, ``report.md`` (and ``scores.json`` when
references were given; without scores, an earlier run's ``scores.json`` is removed). Each line of
``stories.jsonl`` names its story's ``topic``.

Two ways to write them, one format:

* :class:`FolderSink`, the sink of a streamed run (:func:`summarize.run.run_to_folder`): every
  article's summary, segmented document, cleaning audit and errors are appended to ``*.partial``
  files in the run's own hidden folder ``out/.run-<pid>-<random>`` as they are produced, stories
  as they are merged; at the end the files are renamed over the final ones, so a killed run never
  leaves a half-written ``summaries.jsonl`` in place of a good one, and a run with ``resume=True``
  goes on from the articles a killed one had done;
* :func:`write_outputs`, for a :class:`~summarize.pipeline.RunResult` held in memory.

Every whole file is written atomically (a temporary file in the same folder, then renamed), with
the mode of a new file (0644 under umask 022), as the streamed ones. Files are flushed to disk
(``fsync``) before a rename makes them final, and the streams before the publishing plan is
written: after a power cut the plan is whole or absent, and the files it moves hold their data.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..clean import CleanResult
from ..pipeline import Processed, RunResult, RunSink
from ..records import ArticleError, Document, RemovedLine, Story, Summary
from ..scoring import RunScores
from .markdown import render_report

# File of each output, by name.
FILES = {
    "summaries": "summaries.jsonl", "stories": "stories.jsonl", "merged": "merged.json", "errors": "errors.jsonl",
    "cleaning": "cleaning.jsonl", "report": "report.md", "scores": "scores.json",
}
# Runs up to this many articles keep per-article detail (summaries, cleaning audit) in memory for
# report.md; larger runs list them in summaries.jsonl and cleaning.jsonl only.
REPORT_DETAIL_MAX = 200
ERRORS_KEPT = 1000  # problems kept in memory (all are in errors.jsonl)
PARTIAL = ".partial"
RUN_DIR_PREFIX = ".run-"
# In a run's folder, written once every final file is there beside it: the set is complete and is
# being moved into the output folder (see :func:`publish`).
PUBLISH_PLAN = "publish.json"
_STREAMS = ("summaries", "documents", "cleaning", "errors")


class ResumeError(ValueError):
    """``--resume`` found a partial run made with other settings."""


class PublishError(ValueError):
    """A run killed while publishing its outputs into a folder cannot be completed; the message
    names its hidden folder (``out/.run-*``) and what to do."""


def _fsync_dir(path: Path) -> None:
    """Make the renames in ``path`` durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (temp file + ``os.replace``).

    The file gets the mode of any new file (``0o666`` less the umask: 0644 under umask 022), as
    the streamed outputs do; ``tempfile.mkstemp`` would make it 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename: a power cut leaves the old file or the new one, never an empty one
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def cleaning_record(article_id: str, cleaning: CleanResult) -> dict[str, Any]:
    """One line of ``cleaning.jsonl``: lines kept, and every removed line with its rule (and the
    file's encoding when it was not plain UTF-8, e.g. a repair of its characters)."""
    record: dict[str, Any] = {
        "id": article_id,
        "body_lines": cleaning.body_lines,
        "removed": [{"line": r.lineno, "rule": r.reason, "text": r.text} for r in cleaning.removed],
    }
    encoding = cleaning.article.encoding
    if encoding not in (None, "utf-8", "utf-8-sig"):
        record["encoding"] = encoding
    return record


def story_record(story: Story, topic: str | None) -> dict[str, Any]:
    """One line of ``stories.jsonl``: the story with its topic's id after its own."""
    record = story.to_dict()
    return {"story": record.pop("story"), "topic": topic, **record}


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _write_summary_files(
    out: Path, result: RunResult, scores: RunScores | None, *, largest: Story | None, stories: int,
    summarized: int | None = None, models: dict[str, int] | None = None, errors: int | None = None, resumed: int = 0,
) -> dict[str, Path]:
    """``merged.json``, ``report.md`` and (with scores) ``scores.json`` (``resumed``: articles read
    back from the run a resumed one goes on from)."""
    merged: dict[str, Any] = result.merged.to_dict() if result.merged else {"summary": None, "sentences": [], "method": None}
    if largest is not None:
        merged = {"story": largest.id, "stories": stories, **merged}
    paths = {"merged": atomic_write_text(out / FILES["merged"], json.dumps(merged, ensure_ascii=False, indent=2) + "\n")}
    paths["report"] = atomic_write_text(
        out / FILES["report"], render_report(result, scores, summarized=summarized, models=models, errors=errors, resumed=resumed)
    )
    if scores is not None:
        paths["scores"] = atomic_write_text(out / FILES["scores"], json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:  # no scores this time: an earlier run's file would be taken for this run's
        (out / FILES["scores"]).unlink(missing_ok=True)
    return paths


def write_outputs(result: RunResult, out_dir: str | Path, scores: RunScores | None = None) -> dict[str, Path]:
    """Write every output file of ``result`` (a run held in memory) into ``out_dir`` and return
    their paths by name."""
    out = Path(out_dir)
    topic_of = result.topic_of()
    paths = {
        "summaries": atomic_write_text(out / FILES["summaries"], _jsonl(s.to_dict() for s in result.summaries)),
        "errors": atomic_write_text(out / FILES["errors"], _jsonl(e.to_dict() for e in result.errors)),
        "cleaning": atomic_write_text(out / FILES["cleaning"], _jsonl(cleaning_record(i, c) for i, c in result.cleaning.items())),
        "stories": atomic_write_text(out / FILES["stories"], _jsonl(story_record(s, topic_of.get(s.id)) for s in result.stories)),
    }
    done = [s for s in result.stories if s.merged is not None]
    largest = max(done, key=lambda s: s.size) if done else None
    return paths | _write_summary_files(out, result, scores, largest=largest, stories=len(result.stories))


def publish(run_dir: Path) -> None:
    """Move the final files of a run, complete in ``run_dir``, into the output folder above it, as
    its :data:`PUBLISH_PLAN` lists them (and remove the files it says this run has none of), then
    remove ``run_dir``. Idempotent: a run killed while moving is completed by calling it again,
    which every later run into the folder does first (:func:`summarize.run.run_to_folder`), so the output folder
    never keeps a mix of two runs' files."""
    out = run_dir.parent
    try:
        plan = json.loads((run_dir / PUBLISH_PLAN).read_text(encoding="utf-8"))
        move, remove = dict(plan["move"]), list(plan["remove"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise PublishError(
            f"{run_dir / PUBLISH_PLAN} cannot be read ({exc}): a run killed while publishing its outputs into {out} "
            f"left them in {run_dir}; move what you need out of it, remove {run_dir}, and run again"
        ) from None
    try:
        for final, name in move.items():
            if (run_dir / name).exists():  # else: moved before a kill
                os.replace(run_dir / name, out / final)
        for final in remove:
            (out / final).unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(
            f"could not publish the outputs of {run_dir} into {out} ({exc.strerror or exc}); they are whole in "
            f"{run_dir}: fix the cause (space, permissions) and run again, which completes it first"
        ) from None
    _fsync_dir(out)
    # first what makes the folder look resumable: a kill while it is removed leaves no half run
    (run_dir / f"run.json{PARTIAL}").unlink(missing_ok=True)
    shutil.rmtree(run_dir, ignore_errors=True)


def pending_publishing(out: Path) -> list[Path]:
    """The folders of runs killed while moving their outputs into ``out`` (with their :data:`PUBLISH_PLAN`)."""
    return sorted(plan.parent for plan in out.glob(f"{RUN_DIR_PREFIX}*/{PUBLISH_PLAN}"))


def complete_publishing(out: Path) -> int:
    """Complete the publishing of runs killed while moving their outputs into ``out``; the caller
    holds ``out``'s lock. Returns how many."""
    runs = pending_publishing(out)
    for run_dir in runs:
        publish(run_dir)
    return len(runs)


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


def _read_at(f: BinaryIO, offset: int) -> dict[str, Any]:
    f.seek(offset)
    return json.loads(f.readline())


class FolderSink(RunSink):
    """The sink of a run streamed to the folder ``out`` (see module docstring): bounded memory
    whatever the number of articles (ids, file offsets, and the detail of runs of at most
    ``REPORT_DETAIL_MAX`` articles).

    Args:
        out: The output folder (it must exist).
        key: The settings that decide the per-article outputs (a resumed run must have the same).
        resume: Go on from the latest killed run in ``out`` made with the same settings.

    Raises:
        ResumeError: there are killed runs in ``out``, all made with other settings.
    """

    def __init__(self, out: Path, key: dict[str, Any], *, resume: bool = False) -> None:
        super().__init__()
        self.out = out
        self.started = time.perf_counter()
        self.articles_s: float | None = None
        self.offsets: dict[str, tuple[int, int]] = {}  # id -> (document offset, summary offset)
        self.resumed: list[str] = []
        self.n_stories = 0
        self.stale = 0  # hidden folders of runs killed earlier, removed by finish()
        self._detail = True
        self._audits: dict[str, bytes] = {}  # resumed articles' cleaning lines, until replayed
        self._order: deque[str | None] = deque()  # inputs to come: None (processed) or a resumed id
        earlier = self._resumable(key) if resume else None
        self.dir = earlier or out / f"{RUN_DIR_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
        self.paths = {name: self.dir / f"{name}.jsonl{PARTIAL}" for name in (*_STREAMS, "stories")}
        self.settings = self.dir / f"run.json{PARTIAL}"
        if earlier:
            self._recover()
        else:
            self.dir.mkdir()
            for name in _STREAMS:
                self.paths[name].write_bytes(b"")
            atomic_write_text(self.settings, json.dumps(key, ensure_ascii=False, sort_keys=True))
        self.paths["errors"].write_bytes(b"")  # skipped articles are tried again
        self.files: dict[str, BinaryIO] = {name: self.paths[name].open("ab") for name in _STREAMS}
        self.readers: dict[str, BinaryIO] = {}

    def _resumable(self, key: dict[str, Any]) -> Path | None:
        """The latest killed run in ``out`` made with these settings (``None``: none at all)."""
        runs = sorted(
            (d for d in self.out.glob(f"{RUN_DIR_PREFIX}*") if (d / f"run.json{PARTIAL}").exists()),
            key=lambda d: d.stat().st_mtime, reverse=True,
        )
        wanted = json.loads(json.dumps(key, sort_keys=True))
        changed: set[str] = set()
        for d in runs:
            before = json.loads((d / f"run.json{PARTIAL}").read_text(encoding="utf-8"))
            differ = {k for k in set(before) | set(wanted) if before.get(k) != wanted.get(k)}
            if before.get("input") is None or wanted.get("input") is None:  # an iterable from Python: no path to compare
                differ.discard("input")
            if not differ and all((d / f"{name}.jsonl{PARTIAL}").exists() for name in _STREAMS):
                return d
            changed |= differ
        if runs:
            raise ResumeError(
                f"the partial run in {self.out} was made with other settings ({', '.join(sorted(changed))}); "
                "run again with the same options, or without --resume to start over"
            )
        return None

    def _recover(self) -> None:
        """Read back what a killed run wrote: whole lines only (a cut last line is dropped). The
        streams are buffered separately, so a kill leaves each cut at its own point: an article
        counts as done only when its document, summary and cleaning audit all reached the disk,
        and the summaries and documents files are cut back to those articles (the others are
        done again, so they appear once)."""
        docs = {json.loads(line)["id"]: (off, off + len(line.encode("utf-8"))) for off, line in _whole_lines(self.paths["documents"])}
        audits = {json.loads(line)["id"]: line for _, line in _whole_lines(self.paths["cleaning"])}
        ends = {"documents": 0, "summaries": 0}
        for off, line in _whole_lines(self.paths["summaries"]):
            record = json.loads(line)
            aid = record["id"]
            if aid not in docs or aid not in audits:
                break  # every stream is written in the same order: what follows is not done either
            self.offsets[aid] = (docs[aid][0], off)
            self.resumed.append(aid)
            self.models[record.get("model")] += 1  # the report counts them under their model
            ends["summaries"] = off + len(line.encode("utf-8"))
            ends["documents"] = docs[aid][1]
        for name, end in ends.items():
            with self.paths[name].open("r+b") as f:
                f.truncate(end)
        # The audit is written again in input order (:meth:`expect`): a resumed article's line
        # where the input has it, beside the lines of the inputs tried again (skipped ones); kept
        # in memory meanwhile (one short line per article), the rest goes.
        self._audits = {aid: audits[aid].encode("utf-8") for aid in self.resumed}
        self.paths["cleaning"].write_bytes(b"")

    def expect(self, resumed_id: str | None) -> None:
        """The next input, in input order: ``None`` for one this run processes (its outcome comes
        to :meth:`add`), or the id of one the run it resumes had done. A resumed article's
        cleaning audit is written again when the outcomes before it are in, so that the audit
        keeps the input order of a run never interrupted."""
        if self._audits:  # else nothing is left to replay
            self._order.append(resumed_id)

    def _replay_until_next(self, *, last: bool = False) -> None:
        """Write the audits of the resumed articles ahead of the next outcome (all of them at the end)."""
        while self._order and (last or self._order[0] is not None):
            aid = self._order.popleft()
            line = self._audits.pop(aid, None) if aid is not None else None
            if aid is not None and line is not None:
                self.files["cleaning"].write(line)
                if self._detail:  # a small run: report.md shows the resumed article like the others
                    self.keep(self._resumed_outcome(aid, json.loads(line)))
        if self._order:
            self._order.popleft()  # the outcome now added

    def _resumed_outcome(self, aid: str, audit: dict[str, Any]) -> Processed:
        """A resumed article as the run that did it had it, read back from the partial files."""
        with self.paths["documents"].open("rb") as f:
            document = Document.from_dict(_read_at(f, self.offsets[aid][0]))
        with self.paths["summaries"].open("rb") as f:
            summary = Summary.from_dict(_read_at(f, self.offsets[aid][1]))
        removed = tuple(RemovedLine(r["line"], r["text"], r["rule"]) for r in audit["removed"])
        return Processed(document, CleanResult(document.article, removed, audit["body_lines"]), summary)

    def resumed_documents(self) -> Iterator[Document]:
        if len(self.resumed) > REPORT_DETAIL_MAX:
            self._detail = False  # a large run: the resumed articles' detail is on disk only
        with self.paths["documents"].open("rb") as f:
            for aid in self.resumed:
                yield Document.from_dict(_read_at(f, self.offsets[aid][0]))

    def add(self, outcome: Processed | ArticleError) -> None:
        if self._audits:
            self._replay_until_next()
        if isinstance(outcome, ArticleError):
            self.files["errors"].write(_line(outcome.to_dict()))
            if outcome.cleaning is not None:
                self.files["cleaning"].write(_line(cleaning_record(outcome.id or outcome.source, outcome.cleaning)))
        else:
            doc_off = self.files["documents"].tell()
            self.files["documents"].write(_line(outcome.document.to_dict()))
            self.files["cleaning"].write(_line(cleaning_record(outcome.document.id, outcome.cleaning)))
            sum_off = self.files["summaries"].tell()
            self.files["summaries"].write(_line(outcome.summary.to_dict()))
            self.offsets[outcome.document.id] = (doc_off, sum_off)
        super().add(outcome)
        if (self.summarized + self.skipped) % 256 == 0:
            self.flush()

    def keep(self, outcome: Processed) -> None:
        if not self._detail:
            return
        super().keep(outcome)
        if len(self.documents) > REPORT_DETAIL_MAX:  # a large run: per-article detail on disk only
            self._detail = False
            for d in self.documents:
                self.cleaning.pop(d.id, None)
            self.documents.clear()
            self.summaries.clear()

    def keep_error(self, error: ArticleError) -> None:
        if len(self.errors) < ERRORS_KEPT:
            super().keep_error(error)

    def _end_articles(self) -> None:
        """Articles done: close the streams, read them back for the stories."""
        if self.articles_s is None:
            self._replay_until_next(last=True)
            for line in self._audits.values():  # resumed articles the input no longer gave (an iterable)
                self.files["cleaning"].write(line)
            self._audits.clear()
            self.articles_s = time.perf_counter() - self.started
            self.close()
            self.readers = {name: self.paths[name].open("rb") for name in ("documents", "summaries")}
            self.files["stories"] = self.paths["stories"].open("wb")

    def story_inputs(self, ids: Sequence[str]) -> tuple[list[Document], list[Summary]]:
        self._end_articles()
        documents = [Document.from_dict(_read_at(self.readers["documents"], self.offsets[i][0])) for i in ids]
        summaries = [Summary.from_dict(_read_at(self.readers["summaries"], self.offsets[i][1])) for i in ids]
        return documents, summaries

    def add_story(self, story: Story, topic: str | None = None) -> None:
        self._end_articles()
        self.files["stories"].write(_line(story_record(story, topic)))
        self.n_stories += 1
        if story.error:
            with self.paths["errors"].open("ab") as f:
                f.write(_line(story.as_error().to_dict()))
        super().add_story(story, topic)

    def keep_story(self, story: Story) -> None:
        if len(self.offsets) <= REPORT_DETAIL_MAX or story.size > 1 or story.error:  # large runs: stories of 2+
            super().keep_story(story)

    def all_summaries(self) -> list[Summary]:
        """Every summary of the run (resumed ones included), read back from disk."""
        self.flush()
        with self.paths["summaries"].open(encoding="utf-8") as f:
            return [Summary.from_dict(json.loads(line)) for line in f if line.strip()]

    def flush(self) -> None:
        for f in self.files.values():
            if not f.closed:
                f.flush()

    def close(self) -> None:
        for f in [*self.files.values(), *self.readers.values()]:
            f.close()

    def abort(self) -> None:
        """The run failed: close the files, and remove the run's folder when nothing in it is
        worth resuming (e.g. a model missing at the first article)."""
        self.close()
        if not self.offsets:
            shutil.rmtree(self.dir, ignore_errors=True)

    def finish(self, result: RunResult, scores: RunScores | None) -> dict[str, Path]:
        """Publish the run as one set: ``merged.json``, ``report.md`` (and ``scores.json``) are
        written in the run's folder beside the streams, a plan naming them all marks the set
        complete, then :func:`publish` moves them over the final files. A kill before the plan
        leaves the earlier outputs and a resumable run; a kill after it, a move that the next run
        into the folder completes. Returns the final paths by name."""
        self._end_articles()
        self.close()
        names = ["summaries", "errors", "cleaning"]
        remove = []
        if result.config.stories != "off":
            names.append("stories")
        else:  # no stories this time: an earlier run's file would be taken for this run's
            remove.append(FILES["stories"])
        move = {FILES[name]: self.paths[name].name for name in names}
        written = _write_summary_files(
            self.dir, result, scores, largest=self.largest, stories=self.n_stories,
            summarized=len(self.offsets), models=dict(self.models), errors=self.skipped, resumed=len(self.resumed),
        )
        move.update({FILES[name]: path.name for name, path in written.items()})
        if scores is None:  # an earlier run's scores would be taken for this run's
            remove.append(FILES["scores"])
        for name in names:  # the streams on disk before the plan says the set is whole
            with self.paths[name].open("rb") as f:
                os.fsync(f.fileno())
        atomic_write_text(self.dir / PUBLISH_PLAN, json.dumps({"move": move, "remove": remove}, indent=1))
        publish(self.dir)
        self.stale = self._remove_stale_runs()
        return {name: self.out / FILES[name] for name in (*names, *written)}

    def _remove_stale_runs(self) -> int:
        """Remove the hidden folders of runs killed earlier in ``out`` (``.run-*``, which only
        ``--resume`` reads): this run's outputs replace theirs. :func:`summarize.run.run_to_folder`
        holds the folder's lock meanwhile, so no other run is writing into them. Returns how many
        were removed."""
        stale = [d for d in self.out.glob(f"{RUN_DIR_PREFIX}*") if d.is_dir() and not d.is_symlink() and d != self.dir]
        for d in stale:
            shutil.rmtree(d, ignore_errors=True)
        return len(stale)
