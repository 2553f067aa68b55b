"""The Ray Data engine: same summaries as the local engine, faults reported, clear errors.

A local Ray cluster of 2 CPUs is started once for the module (``ray.init(num_cpus=2,
include_dashboard=False)``); the tests are small (the sample corpus and a few OrangeSum articles).
"""

from __future__ import annotations

import json
import os
import sys

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed")

from summarize.cli import main  # noqa: E402
from summarize.engines.ray_data import _Worker, process_on_ray  # noqa: E402
from summarize.pipeline import Pipeline, PipelineConfig, Processed  # noqa: E402
from summarize.records import Article, ArticleError  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _rows(path):
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    for r in rows:
        r.pop("time_s")
    return rows


def test_ray_gives_the_local_engine_s_outputs(tmp_path, sample_dir, capfd):
    assert main(["run", str(sample_dir), "--out", str(tmp_path / "local"), "-q"]) == 0
    capfd.readouterr()
    assert main(["run", str(sample_dir), "--out", str(tmp_path / "ray"), "-q", "--engine", "ray", "--workers", "2", "--batch-size", "2"]) == 0
    # -q: none of Ray Data's console lines (execution plan, "Progress bars disabled"), nor the line
    # Ray's C++ core prints about its own actor arguments (ray#57733)
    assert capfd.readouterr().err.strip() == ""
    assert _rows(tmp_path / "ray" / "summaries.jsonl") == _rows(tmp_path / "local" / "summaries.jsonl")
    for name in ("stories.jsonl", "merged.json"):
        assert (tmp_path / "ray" / name).read_text() == (tmp_path / "local" / name).read_text()


def test_the_quiet_filter_drops_only_ray_s_own_line(capfd):
    from summarize.engines.ray_data import _without_ray_noise

    with _without_ray_noise(True):
        os.write(2, b"[E core_worker.cc] Actor X has constructor arguments in the object store and max_restarts > 0. See\n")
        os.write(2, b"a real error\n")
        os.write(2, b"no newline at the end")
    assert capfd.readouterr().err == "a real error\nno newline at the end"
    os.write(2, b"restored\n")
    assert capfd.readouterr().err == "restored\n"


class _Crashy(_Worker):
    """Kills its own process on an article whose text says so (a segfault, an OOM kill)."""

    def __call__(self, batch):
        import pickle

        if any("CRASH" in getattr(pickle.loads(x), "text", "") for x in batch["item"]):
            os._exit(1)
        return super().__call__(batch)


def test_a_worker_that_keeps_dying_loses_no_article_silently(sample_dir):
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    articles = [Article(id=f"a{i}", text=f"Le texte numéro {i} parle de la réunion de Genève entre Blinken et Lavrov vendredi dernier.", lang="fr") for i in range(4)]
    articles[2] = Article(id="a2", text="CRASH " + articles[2].text, lang="fr")
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False, engine="ray", workers=1, batch_size=1, min_words=5))
    outcomes = list(process_on_ray(pipeline, [*articles, ArticleError("bad.txt", "load", "empty")], worker=_Crashy))
    done = [o.document.id for o in outcomes if isinstance(o, Processed)]
    errors = [o for o in outcomes if isinstance(o, ArticleError)]
    assert done == ["a0", "a1", "a3"]
    assert [e.source for e in errors] == ["bad.txt", "a2"]
    assert errors[1].stage == "worker" and "failed 3 times" in errors[1].message


def test_too_many_workers_is_a_clear_error(sample_dir, tmp_path, capsys):
    assert main(["run", str(sample_dir), "--out", str(tmp_path / "o"), "-q", "--engine", "ray", "--workers", "9"]) == 2
    assert "more than the 2 CPUs" in capsys.readouterr().err


def test_without_ray_the_error_names_the_extra(monkeypatch):
    import summarize.extras
    from summarize.extras import MissingExtraError

    monkeypatch.setattr(summarize.extras.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingExtraError, match=r"summarize\[ray\]"):
        list(process_on_ray(Pipeline(PipelineConfig(progress=False, conflicts=False, engine="ray")), []))


def test_a_summarizer_given_to_the_pipeline_runs_on_the_workers(tmp_path, sample_dir):
    import threading

    from summarize.engines import EngineError
    from summarize.run import run_to_folder
    from summarize.summarizers import LeadSummarizer

    config = PipelineConfig(engine="ray", workers=1, progress=False, conflicts=False)
    run = run_to_folder(Pipeline(config, summarizer=LeadSummarizer(k=1)), sample_dir, tmp_path / "o")
    assert run.summarized == 5 and {s.model for s in run.result.summaries} == {"lead-1"}  # not the config's auto

    class Locked(LeadSummarizer):
        lock = threading.Lock()  # cannot be serialized

    with pytest.raises(EngineError, match="cannot be sent to Ray workers.*--engine local"):
        run_to_folder(Pipeline(config, summarizer=Locked(k=1)), sample_dir, tmp_path / "p")


def test_outcomes_come_back_in_input_order_whatever_order_ray_gives():
    import random

    from summarize.engines.ray_data import in_input_order

    rows = [(i, f"outcome {i}".encode()) for i in range(3000)]
    shuffled = rows[:]
    random.Random(0).shuffle(shuffled)
    assert list(in_input_order(shuffled)) == [p for _, p in rows]
    # a row that never comes (lost with a worker) holds back at most `limit` rows, then the rest go on in order
    windows = [rows[k: k + 20] for k in range(0, len(rows), 20)]  # out of order within blocks of 20
    for w in windows:
        random.Random(len(w)).shuffle(w)
    without = [r for w in windows for r in w if r[0] != 10]
    out = list(in_input_order(iter(without), limit=50))
    assert out == [p for i, p in rows if i != 10]
    late = [r for r in rows if r[0] != 5] + [rows[5]]  # a late row is not lost: it comes when it arrives
    assert list(in_input_order(late, limit=10)) == [p for i, p in rows if i != 5] + [rows[5][1]]
