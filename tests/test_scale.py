"""Feeds of many articles: story grouping, near-linear merge, streaming outputs and --resume."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from summarize.checks import find_conflicts
from summarize.cli import main
from summarize.group import GroupingConfig, StoryGrouper, group_texts
from summarize.merge import ExtractiveMerger
from summarize.pipeline import Pipeline, PipelineConfig
from summarize.records import Article, Summary
from summarize.run import ResumeError, run_to_folder
from summarize.vectors import neighbours, tfidf_sparse


def _orangesum(orangesum_dir: Path, n: int, split: str = "train") -> list[dict]:
    rows = []
    with (orangesum_dir / f"abstract_{split}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


def _feed(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_neighbours_match_the_dense_similarities_without_building_them():
    texts = ["le chat dort sur le canapé", "le chat dort dehors", "il pleut sur Paris", "Paris sous la pluie", "le chien aboie"]
    X = tfidf_sparse(texts, "fr")
    dense = (X @ X.T).toarray()
    G = neighbours(X, threshold=0.1, k=2, budget=3)  # a tiny budget: one row per block
    for i in range(len(texts)):
        expected = sorted((j for j in range(len(texts)) if j != i and dense[i, j] >= 0.1), key=lambda j: (-dense[i, j], j))[:2]
        row = G.getrow(i)
        assert sorted(row.indices.tolist()) == sorted(expected)
        assert np.allclose(sorted(row.data), sorted(dense[i, expected]))


def test_grouping_finds_the_same_event_and_keeps_dates_apart():
    quake = "Un séisme de magnitude 6 a frappé Izmir en Turquie vendredi, faisant au moins 40 morts selon les secours turcs."
    items = [
        ("a", "Séisme à Izmir : au moins 40 morts", quake, "2020-10-30"),
        ("b", "Turquie : le bilan du séisme d'Izmir monte à 40 morts", quake.replace("vendredi", "samedi"), "2020-10-31"),
        ("c", "Le PSG s'impose contre Lyon", "Le Paris Saint-Germain a battu l'Olympique lyonnais trois buts à un au Parc des Princes dimanche.", "2020-10-31"),
        ("d", "Séisme à Izmir : au moins 40 morts", quake, "2021-06-01"),  # same words, months later: another story
    ]
    assert group_texts(items) == [["a", "b"], ["c"], ["d"]]
    assert group_texts([(i, t, x, None) for i, t, x, _ in items]) == [["a", "b", "d"], ["c"]]  # no dates: text only


def test_the_sample_corpus_stays_one_story_with_the_merged_summary_of_before(sample_dir):
    result = Pipeline(PipelineConfig(progress=False)).run(sample_dir)
    assert len(result.stories) == 1 and result.stories[0].size == 5
    assert result.merged is result.stories[0].merged and result.merged.conflicts
    forced = Pipeline(PipelineConfig(progress=False, stories="one")).run(sample_dir)
    assert forced.merged.to_dict() == result.merged.to_dict()
    off = Pipeline(PipelineConfig(progress=False, stories="off")).run(sample_dir)
    assert off.stories == [] and off.merged is None and len(off.summaries) == 5


def test_a_feed_is_grouped_into_stories_with_their_own_merged_summaries(tmp_path, orangesum_dir, sample_dir):
    feed = tmp_path / "in"
    feed.mkdir()
    _feed(feed / "orangesum.jsonl", _orangesum(orangesum_dir, 40))
    for f in sample_dir.iterdir():
        (feed / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    assert main(["run", str(feed), "--out", str(out), "-q", "--no-conflicts"]) == 0
    stories = [json.loads(x) for x in (out / "stories.jsonl").read_text().splitlines()]
    assert sum(s["size"] for s in stories) == 45 and len(stories) > 30  # 40 unrelated articles, 5 about one event
    sample = [s for s in stories if any(a.startswith("00") for a in s["article_ids"])]
    assert len(sample) == 1 and sample[0]["size"] == 5 and sample[0]["summary"]
    singles = [s for s in stories if s["size"] == 1]
    summaries = {json.loads(x)["id"]: json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()}
    for s in singles:  # a story of one article gets that article's summary
        assert s["summary"] == summaries[s["article_ids"][0]]["summary"]
    merged = json.loads((out / "merged.json").read_text())
    assert merged["story"] == sample[0]["story"] and merged["stories"] == len(stories)
    report = (out / "report.md").read_text()
    assert "## Stories" in report and sample[0]["story"] in report


def test_a_story_of_a_thousand_articles_merges_without_a_quadratic_blow_up(orangesum_dir):
    rows = _orangesum(orangesum_dir, 1000)
    from summarize.segment import segment

    docs = [segment(Article(id=r["id"], text=r["text"], title=r["title"], lang="fr")) for r in rows]
    sums = [Summary(d.id, d.sentences[0], d.sentences[:1], "lead-1") for d in docs]
    t0 = time.perf_counter()
    merged = ExtractiveMerger().merge(docs, sums)
    elapsed = time.perf_counter() - t0
    assert merged.words <= 150 and all(s.sources for s in merged.sentences)
    assert elapsed < 120  # generous: the dense version needed a 20,000 x 20,000 matrix here
    report = find_conflicts(docs[:200], nlp=_NoNER())
    assert report.conflicts is not None


class _NoNER:
    """A stand-in for spaCy: no entities (conflict detection still aligns sentences)."""

    def pipe(self, texts, batch_size=64):
        for _ in texts:
            yield type("Doc", (), {"ents": ()})()


def test_outputs_are_streamed_and_a_killed_run_resumes(tmp_path, orangesum_dir):
    rows = _orangesum(orangesum_dir, 30)
    feed = _feed(tmp_path / "feed.jsonl", rows)
    out = tmp_path / "out"
    out.mkdir()
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False, batch_size=8))
    (tmp_path / "ref").mkdir()
    full = run_to_folder(pipeline, feed, tmp_path / "ref")

    # A run killed after 20 articles: partial files, and the old final outputs untouched.
    (out / "summaries.jsonl").write_text("OLD\n")

    class Killed(Exception):
        pass

    def feed_killed_after(n):  # the same articles, and the process dies after n of them
        for k, r in enumerate(rows):
            if k == n:
                raise Killed
            yield {"id": r["id"], "title": r["title"], "text": r["text"]}

    with pytest.raises(Killed):
        run_to_folder(pipeline, feed_killed_after(20), out)
    assert (out / "summaries.jsonl").read_text() == "OLD\n"  # never half-written
    (run_dir,) = out.glob(".run-*")  # the killed run's own folder
    partial = (run_dir / "summaries.jsonl.partial").read_text().splitlines()
    assert len(partial) == 16
    with (run_dir / "summaries.jsonl.partial").open("a") as f:
        f.write('{"id": "cut in the mid')  # killed while writing a line

    resumed = run_to_folder(pipeline, feed, out, resume=True)
    assert resumed.resumed == 16 and resumed.summarized == 30
    got = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    want = [json.loads(x) for x in (tmp_path / "ref" / "summaries.jsonl").read_text().splitlines()]
    strip = lambda rs: sorted((r["id"], r["summary"]) for r in rs)  # noqa: E731
    assert strip(got) == strip(want)
    assert (out / "stories.jsonl").read_text() == (tmp_path / "ref" / "stories.jsonl").read_text()
    # the cleaning audit of the articles done before the kill is not lost (issue 23 item 10)
    audit = lambda folder: sorted((folder / "cleaning.jsonl").read_text().splitlines())  # noqa: E731
    assert len(audit(out)) == 30 and audit(out) == audit(tmp_path / "ref")
    assert not list(out.glob(".run-*")) and not list(out.glob("*.partial"))
    assert full.summarized == 30


def test_resume_refuses_other_settings(tmp_path, orangesum_dir):
    feed = _feed(tmp_path / "feed.jsonl", _orangesum(orangesum_dir, 5))
    out = tmp_path / "out"
    out.mkdir()
    killed = out / ".run-1-abc"
    killed.mkdir()
    (killed / "run.json.partial").write_text(json.dumps({"summarizer": "lead-3"}))
    for name in ("summaries", "documents", "cleaning", "errors"):
        (killed / f"{name}.jsonl.partial").write_text("")
    with pytest.raises(ResumeError, match="other settings"):
        run_to_folder(Pipeline(PipelineConfig(progress=False, conflicts=False)), feed, out, resume=True)
    # without partial files, --resume simply starts from the beginning
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert run_to_folder(Pipeline(PipelineConfig(progress=False, conflicts=False)), feed, fresh, resume=True).summarized == 5


def test_grouping_settings_are_validated():
    with pytest.raises(ValueError, match="threshold"):
        GroupingConfig(threshold=0)
    with pytest.raises(ValueError, match="stories"):
        PipelineConfig(stories="some")
    with pytest.raises(ValueError, match="engine"):
        PipelineConfig(engine="spark")
    assert StoryGrouper().stories() == []


def test_run_to_folder_creates_its_folder_and_pipeline_run_gives_the_same_run(tmp_path, sample_dir):
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False))
    out = tmp_path / "new" / "nested"
    streamed = run_to_folder(pipeline, sample_dir, out)  # like the CLI: the folder is created
    assert (out / "summaries.jsonl").exists() and streamed.summarized == 5
    in_memory = pipeline.run(sample_dir)  # the same run loop, kept in memory
    assert [s.sentences for s in in_memory.summaries] == [s.sentences for s in streamed.result.summaries]
    assert in_memory.merged == streamed.result.merged and in_memory.stories == streamed.result.stories


def test_resume_refuses_another_input(tmp_path, orangesum_dir, monkeypatch):
    """--resume with another input would mix that input's articles in (issue 22 item 5)."""
    import summarize.run as run_module

    rows = _orangesum(orangesum_dir, 12)
    first, second = _feed(tmp_path / "a.jsonl", rows[:6]), _feed(tmp_path / "b.jsonl", rows[6:])
    out = tmp_path / "out"
    pipeline = Pipeline(PipelineConfig(progress=False, conflicts=False, batch_size=2))

    class Killed(Exception):
        pass

    real = run_module.iter_corpus

    def dies_after_four(*args, **kwargs):  # the process dies while reading the first input
        for k, item in enumerate(real(*args, **kwargs)):
            if k == 4:
                raise Killed
            yield item

    monkeypatch.setattr(run_module, "iter_corpus", dies_after_four)
    with pytest.raises(Killed):
        run_to_folder(pipeline, first, out)
    monkeypatch.setattr(run_module, "iter_corpus", real)
    assert list(out.glob(".run-*"))
    with pytest.raises(ResumeError, match="input"):
        run_to_folder(pipeline, second, out, resume=True)
    resumed = run_to_folder(pipeline, first, out, resume=True)
    assert resumed.summarized == 6 and resumed.resumed > 0
