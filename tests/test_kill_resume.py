"""``kill -9`` at any moment, then ``--resume``: the outputs of an uninterrupted run (issue 22 item 5).

A real ``summarize run`` process is killed with SIGKILL at several points (first articles written,
half of them, grouping and merging under way), then run again with ``--resume``; every output file
must equal the uninterrupted run's, the cleaning audit included, apart from the run's timings and
report.md's note of how many articles were resumed. The moment when the finished outputs are being
moved into ``--out`` is too short to hit from outside; it is cut in the middle in-process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize.pipeline import Pipeline, PipelineConfig
from summarize.report import outputs
from summarize.run import run_to_folder

N = 300
OUTPUTS = ("summaries.jsonl", "errors.jsonl", "cleaning.jsonl", "stories.jsonl", "merged.json", "report.md")


@pytest.fixture(scope="module")
def feed(tmp_path_factory, orangesum_dir) -> Path:
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    with (orangesum_dir / "abstract_test.jsonl").open(encoding="utf-8") as f, path.open("w", encoding="utf-8") as out:
        for _, line in zip(range(N), f):
            r = json.loads(line)
            out.write(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n")
    return path


def _command(feed: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarize", "run", str(feed), "--out", str(out), "-q", "--no-conflicts", *extra]


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as f:
            return sum(1 for line in f if line.endswith(b"\n"))
    except FileNotFoundError:
        return 0


def _normalised(out: Path) -> dict[str, str]:
    """Every output file of ``out``, less what differs between two identical runs (timings) and
    what a resumed run says it did (the resumed count)."""
    files = {}
    for name in OUTPUTS:
        text = (out / name).read_text(encoding="utf-8")
        if name == "summaries.jsonl":
            text = "".join(json.dumps({k: v for k, v in json.loads(x).items() if k != "time_s"}) + "\n" for x in text.splitlines())
        if name == "report.md":
            text = re.sub(r" in [0-9.]+ s;", " in T s;", text)
            text = re.sub(r" \(resumed: [^)]*\)", "", text)
            text = re.sub(r"\| [0-9.]+ \|$", "| T |", text, flags=re.M)  # the per-article time column
        files[name] = text
    assert not list(out.glob(".run-*")), "a run folder was left behind"
    return files


def _killed_at(feed: Path, out: Path, point: str, extra: tuple[str, ...], timeout: float) -> None:
    """Start a run into ``out`` and SIGKILL it at ``point``: ``first`` (an article written),
    ``half`` (half of them), ``grouping`` (every article done, stories being grouped and merged)."""
    proc = subprocess.Popen(_command(feed, out, *extra), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            runs = list(out.glob(".run-*"))
            done = max((_lines(d / "summaries.jsonl.partial") for d in runs), default=0)
            grouping = any((d / "stories.jsonl.partial").exists() for d in runs)
            if (point == "first" and done >= 1) or (point == "half" and done >= N // 2) or (point == "grouping" and grouping):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        assert proc.wait(timeout=60) == -signal.SIGKILL, f"the run ended before the kill point {point!r}: {proc.stderr.read()!r}"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()


def _kill_then_resume(tmp_path: Path, feed: Path, extra: tuple[str, ...], points: tuple[str, ...], timeout: float) -> None:
    whole = tmp_path / "whole"
    subprocess.run(_command(feed, whole, *extra), check=True, timeout=timeout)
    want = _normalised(whole)
    for point in points:
        out = tmp_path / point
        for attempt in range(3):  # the grouping phase is short: a run may end before it is seen
            try:
                _killed_at(feed, out, point, extra, timeout)
                break
            except AssertionError:
                if attempt == 2:
                    raise
        assert not (out / "summaries.jsonl").exists() or point == "grouping"  # nothing published by the killed run
        resumed = subprocess.run(_command(feed, out, "--resume", *extra), capture_output=True, text=True, timeout=timeout)
        assert resumed.returncode == 0, resumed.stderr
        got = _normalised(out)
        for name in OUTPUTS:
            assert got[name] == want[name], f"{name} differs after a kill at {point!r} and --resume"
        assert f"{N} summarized" in resumed.stdout
        if point != "first":  # by then the streams were flushed at least once: work to go on from
            assert "resumed)" in resumed.stdout, resumed.stdout


@pytest.mark.slow
def test_kill_9_then_resume_gives_the_uninterrupted_outputs(tmp_path, feed):
    _kill_then_resume(tmp_path, feed, (), ("first", "half", "grouping"), timeout=300)


@pytest.mark.slow
def test_kill_9_then_resume_on_ray_gives_the_uninterrupted_outputs(tmp_path, feed):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    extra = ("--engine", "ray", "--workers", "2", "--batch-size", "16")
    _kill_then_resume(tmp_path, feed, extra, ("half",), timeout=400)  # the grouping phase is the local one
    local = tmp_path / "local"  # and those are the local engine's outputs
    subprocess.run(_command(feed, local), check=True, timeout=300)
    assert _normalised(local) == _normalised(tmp_path / "whole")


class _Killed(BaseException):
    """A kill -9 in the middle of publishing (raised by the patched ``os.replace``)."""


def _dies_while_publishing(out: Path, monkeypatch: pytest.MonkeyPatch, after: int = 2) -> list[str]:
    """Patch ``os.replace`` so that the run dies after moving ``after`` finished files into ``out``;
    return the list of the files it moved."""
    real = os.replace
    moved: list[str] = []

    def replace(src, dst):
        if Path(dst).parent == out and not Path(src).name.startswith("."):
            if len(moved) == after:
                monkeypatch.setattr(outputs.os, "replace", real)
                raise _Killed
            moved.append(Path(dst).name)
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    return moved


def test_a_kill_while_publishing_is_completed_by_the_next_run(tmp_path, feed, monkeypatch):
    """Killed after the finished set was marked complete, with only some files moved into
    ``--out``: publishing what is left gives the uninterrupted run's outputs, and the next run
    into the folder, ``--resume`` or not, does it first."""
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False))
    rows = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines()[:40]]
    assert run_to_folder(pipeline, rows, tmp_path / "whole").summarized == 40
    want = _normalised(tmp_path / "whole")

    for out in (tmp_path / "out", tmp_path / "out2", tmp_path / "out3"):
        moved = _dies_while_publishing(out, monkeypatch)
        with pytest.raises(_Killed):
            run_to_folder(pipeline, rows, out)
        assert len(moved) == 2 and sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(moved)
        (run_dir,) = out.glob(".run-*")
        assert (run_dir / outputs.PUBLISH_PLAN).exists()

    outputs.publish(next((tmp_path / "out").glob(".run-*")))
    assert _normalised(tmp_path / "out") == want

    later = tmp_path / "out2"  # another run into the folder: the killed one is published first
    (pending,) = later.glob(".run-*")
    real_publish, published = outputs.publish, []

    def recording(run_dir):
        published.append(run_dir)
        if run_dir == pending:  # the killed run's set, whole, before this run reads or writes anything
            assert not list(later.glob(".run-*")) or set(later.glob(".run-*")) == {pending}
        return real_publish(run_dir)

    monkeypatch.setattr(outputs, "publish", recording)
    again = run_to_folder(pipeline, rows, later, resume=True)
    monkeypatch.undo()
    assert published[0] == pending and again.summarized == 40 and again.resumed == 0
    assert _normalised(later) == want

    # an update run --since that folder reads it once its set is whole, never a mix
    update = run_to_folder(pipeline, rows[:3], tmp_path / "update", since=tmp_path / "out3")
    assert update.since is not None and len(update.since.ids) == 40
    assert _normalised(tmp_path / "out3") == want


def test_resume_keeps_input_order_with_skipped_inputs_before_the_kill(tmp_path, feed, monkeypatch):
    """Inputs skipped before the kill (tried again by the resumed run) and articles done before it:
    every output, the cleaning audit's order included, is the uninterrupted run's."""
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False, batch_size=4))
    rows = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines()[:30]]
    for k in (1, 7, 12, 25):  # too short once cleaned: skipped, with a cleaning audit
        rows.insert(k, {"id": f"short-{k}", "title": "Brève", "text": "Trois mots seulement."})
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    whole = run_to_folder(pipeline, path, tmp_path / "whole")
    assert whole.summarized == 30 and whole.errors == 4
    want = _normalised(tmp_path / "whole")
    assert '"id": "short-1"' in want["cleaning.jsonl"]

    real_add = outputs.FolderSink.add
    count = [0]

    def dies_after_twenty(self, outcome):
        if count[0] == 20:
            self.flush()
            raise _Killed
        count[0] += 1
        return real_add(self, outcome)

    out = tmp_path / "out"
    monkeypatch.setattr(outputs.FolderSink, "add", dies_after_twenty)
    with pytest.raises(_Killed):
        run_to_folder(pipeline, path, out)
    monkeypatch.setattr(outputs.FolderSink, "add", real_add)
    resumed = run_to_folder(pipeline, path, out, resume=True)
    assert resumed.summarized == 30 and resumed.errors == 4 and resumed.resumed > 0
    assert _normalised(out) == want


def test_a_kill_while_the_published_run_folder_is_removed_leaves_nothing_to_resume(tmp_path, feed, monkeypatch):
    """Killed inside the removal of the run's folder, after its files were moved: the rest of the
    folder is not taken for a run to resume; ``--resume`` simply runs."""
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False))
    rows = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines()[:10]]
    out = tmp_path / "out"

    def killed_in_rmtree(path, ignore_errors=False):  # the plan already removed, the rest not yet
        (Path(path) / outputs.PUBLISH_PLAN).unlink()
        raise _Killed

    monkeypatch.setattr(outputs.shutil, "rmtree", killed_in_rmtree)
    with pytest.raises(_Killed):
        run_to_folder(pipeline, rows, out)
    monkeypatch.undo()
    (left,) = out.glob(".run-*")
    assert (left / "documents.jsonl.partial").exists()  # what the removal had not reached
    again = run_to_folder(pipeline, rows, out, resume=True)
    assert again.summarized == 10 and again.resumed == 0
    assert not list(out.glob(".run-*"))


def test_an_unreadable_publishing_plan_is_refused_with_its_folder_named(tmp_path, feed, capsys):
    """A plan cut by a power loss (now written with fsync, so whole or absent) would have blocked
    the folder with a JSON traceback: the run is refused with the folder to look at and what to do."""
    from summarize.cli import main

    rows = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines()[:5]]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    stuck = out / ".run-1-cafe"
    stuck.mkdir(parents=True)
    (stuck / outputs.PUBLISH_PLAN).write_text("", encoding="utf-8")
    with pytest.raises(outputs.PublishError, match=r"\.run-1-cafe.*remove"):
        run_to_folder(Pipeline(PipelineConfig(progress=False, conflicts=False)), rows, out)
    assert main(["run", str(path), "--out", str(out), "--no-conflicts", "-q"]) == 2
    err = capsys.readouterr().err
    assert "publish.json cannot be read" in err and str(stuck) in err and "Traceback" not in err
