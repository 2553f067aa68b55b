"""The flow end to end, from Python and from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCES
from summarize import Pipeline, PipelineConfig
from summarize.cli import main
from summarize.records import Article
from summarize.summarizers import LeadSummarizer, get_summarizer, headline


def test_pipeline_on_the_sample_corpus(sample_dir):
    result = Pipeline(PipelineConfig(summarizer="lead-3", progress=False)).run(sample_dir)
    assert len(result.summaries) == 5 and not result.errors
    for s in result.summaries:
        assert s.lang == "fr" and s.model == "lead-3" and len(s.sentences) == 3
        assert s.text.startswith(s.sentences[0])
    frame = result.to_frame()
    assert list(frame["id"]) == sorted(frame["id"])
    assert (frame["compression"] > 1).all()
    merged = result.merged
    assert merged is not None and 0 < merged.words <= 150
    ids = {s.id for s in result.summaries}
    assert all(set(m.sources) <= ids and m.sources for m in merged.sentences)


def test_lead_k_and_registry():
    assert get_summarizer("lead-2") == LeadSummarizer(k=2)
    with pytest.raises(ValueError, match="unknown summarizer 'bart'"):
        get_summarizer("bart")
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        LeadSummarizer(k=0)


def _bad_batch(tmp_path, sample_dir):
    folder = tmp_path / "batch"
    folder.mkdir()
    for p in sorted(sample_dir.glob("*.txt"))[:2]:
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (folder / "english.txt").write_text(
        "The US secretary of state met his Russian counterpart in Geneva on Friday. "
        "They agreed to keep talking, but no breakthrough was announced after the meeting.\n",
        encoding="utf-8",
    )
    (folder / "menu.txt").write_text("Accueil\nPolitique\nConnectez-vous\n", encoding="utf-8")
    (folder / "huge.txt").write_text("Une phrase assez longue pour compter. " * 20_000, encoding="utf-8")
    return folder


def test_bad_articles_are_reported_and_the_batch_goes_on(tmp_path, sample_dir):
    folder = _bad_batch(tmp_path, sample_dir)
    result = Pipeline(PipelineConfig(progress=False, languages=("fr",), max_chars=100_000)).run(folder)
    assert len(result.summaries) == 2
    by_file = {e.source.rsplit("/", 1)[-1]: e for e in result.errors}
    assert set(by_file) == {"empty.txt", "binary.txt", "english.txt", "menu.txt", "huge.txt"}
    assert by_file["english.txt"].stage == "language" and "detected language 'en'" in by_file["english.txt"].message
    assert "--lang" in by_file["english.txt"].message
    assert by_file["menu.txt"].stage == "clean" and "words left" in by_file["menu.txt"].message
    assert by_file["huge.txt"].stage == "check" and "--max-chars" in by_file["huge.txt"].message
    # accepting English lets the English article through
    result = Pipeline(PipelineConfig(progress=False, languages=("fr", "en"), max_chars=100_000)).run(folder)
    assert {s.lang for s in result.summaries} == {"fr", "en"}


def test_a_summarizer_failure_is_isolated(sample_dir):
    class Flaky(LeadSummarizer):
        def summarize_sentences(self, article, length=None):
            if article.id.startswith("002"):
                raise RuntimeError("model crashed")
            return super().summarize_sentences(article, length)

    result = Pipeline(PipelineConfig(progress=False), summarizer=Flaky(k=1)).run(sample_dir)
    assert len(result.summaries) == 4
    assert result.errors[0].stage == "summarize" and "model crashed" in result.errors[0].message


def test_config_is_validated():
    with pytest.raises(ValueError, match=r"unknown language code\(s\) \['xx'\]"):
        PipelineConfig(languages=("xx",))
    with pytest.raises(ValueError, match="unknown summarizer 'nope'; expected one of: auto, ext-fr"):
        PipelineConfig(summarizer="nope")
    with pytest.raises(ValueError, match="merged_words=0"):
        PipelineConfig(merged_words=0)
    with pytest.raises(ValueError, match="summarizer 'textrank' does not take colour; it takes: damping"):
        Pipeline(PipelineConfig(summarizer="textrank", summarizer_options={"colour": "red"}))
    with pytest.raises(ValueError, match="summarizer 'lead' does not take n"):
        PipelineConfig(summarizer="lead-3", summarizer_options={"n": 5})  # checked before any build
    with pytest.raises(ValueError, match="the summary length is not a summarizer parameter \\(max_words\\)"):
        PipelineConfig(summarizer="lead-3", summarizer_options={"max_words": 5})
    with pytest.raises(ValueError, match="ext-fr: candidates must be an integer >= 1, got 'abc'"):
        Pipeline(PipelineConfig(summarizer="ext-fr", summarizer_options={"candidates": "abc"}))
    with pytest.raises(ValueError, match="'seq2seq' cannot be built with these parameters .missing a required argument: 'model'"):
        PipelineConfig(summarizer="seq2seq")
    with pytest.warns(UserWarning, match="precision='int8' applies to abstractive models only"):
        Pipeline(PipelineConfig(precision="int8", conflicts=False))  # extractive: ignored, not silently
    options = {"damping": 0.9}
    config = PipelineConfig(summarizer="textrank", summarizer_options=options)
    options["damping"] = 0.5
    assert config.summarizer_options["damping"] == 0.9 and hash(config) == hash(PipelineConfig(summarizer="textrank"))


def test_the_report_names_the_summarizer_that_ran(sample_dir, tmp_path):
    from summarize.report import write_outputs

    result = Pipeline(PipelineConfig(progress=False, conflicts=False), summarizer=LeadSummarizer(1)).run(sample_dir)
    assert result.summarizer == "lead-1" and result.merger == "extractive"
    report = write_outputs(result, tmp_path / "a")["report"].read_text()
    assert "summarized with `lead-1` in" in report and "`auto`" not in report
    routed = Pipeline(PipelineConfig(progress=False, conflicts=False)).run(sample_dir)
    report = write_outputs(routed, tmp_path / "b")["report"].read_text()
    assert "summarized with `auto` (`ext-fr`: 5) in" in report


def test_each_article_is_split_once_by_the_injected_splitter(sample_dir):
    from summarize.segment import SentenceSplitter

    calls = []

    class CountingSplitter:
        def split(self, text, lang=None):
            calls.append(text)
            return SentenceSplitter("fr").split(text, lang)

    result = Pipeline(PipelineConfig(progress=False), splitter=CountingSplitter()).run(sample_dir)
    assert len(calls) == 5 == len(result.documents)  # summarize, merge and conflicts reuse the sentences
    assert [d.text for d in result.documents] == calls
    assert result.merged is not None and result.merged.conflicts

    class LinesSplitter:
        def split(self, text, lang=None):
            return [line for line in text.split("\n") if line.strip()]

    lines = Pipeline(PipelineConfig(summarizer="lead-1", progress=False, conflicts=False), splitter=LinesSplitter()).run(sample_dir)
    assert all(s.text == d.text.split("\n")[0] for s, d in zip(lines.summaries, lines.documents))


def test_cli_options_reach_the_registries_and_bad_ones_are_one_line(sample_dir, tmp_path, capsys):
    out = tmp_path / "o"
    args = ["run", str(sample_dir), "-q", "--no-conflicts"]
    assert main([*args, "--out", str(out), "--summarizer", "lead-3", "-O", "k=1", "-M", "position_weight=5", "--merged-words", "40"]) == 0
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert {r["model"] for r in rows} == {"lead-1"} and all(len(r["sentences"]) == 1 for r in rows)
    assert json.loads((out / "merged.json").read_text())["words"] <= 40
    capsys.readouterr()
    for bad, message in [
        (["--summarizer", "seq2seq"], "missing a required argument: 'model'"),
        (["--summarizer", "ext-fr", "-O", "candidates=abc"], "candidates must be an integer >= 1, got 'abc'"),
        (["-O", "max_words=60"], "not a summarizer parameter (max_words): ask for it with words= (--words N"),
        (["-M", "max_words=60"], "the merged summary's length is merged_words (--merged-words)"),
        (["-M", "colour=red"], "merger 'extractive' does not take colour"),
        (["-O", "nokey"], "expected KEY=VALUE"),
    ]:
        with pytest.raises(SystemExit) if "KEY=VALUE" in message else _no_raise():
            assert main([*args, "--out", str(tmp_path / "bad"), *bad]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
    assert main([*args, "--out", str(tmp_path / "dev"), "--device", "cpu"]) == 0  # ignored, with a warning
    assert "summarize: warning: device='cpu' applies to abstractive models only" in capsys.readouterr().err


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_documents_without_a_language_keep_the_old_routing():
    english = Article(id="x", text="The minister met his counterpart in Geneva. They talked about Ukraine for hours.")
    assert get_summarizer("auto").summarize(english).model == "ext-multi"  # no language: the router's default
    assert get_summarizer("ext-fr").summarize(english).lang is None  # ext-fr reads it as French
    with pytest.raises(TypeError, match="expected an Article or a Document, got Summary"):
        get_summarizer("auto").summarize(get_summarizer("lead-1").summarize(english))


def test_summarizer_options_reach_the_summarizer_by_name(sample_dir, tmp_path):
    result = Pipeline(
        PipelineConfig(summarizer="ext-fr", summarizer_options={"title_first": False}, progress=False, conflicts=False)
    ).run(sample_dir)
    assert not any(s.title and s.sentences[0] == headline(s.title) for s in result.summaries)
    out = tmp_path / "o"
    assert main(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "textrank",
                 "-O", "damping=0.5", "--sentences", "1"]) == 0
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert all(len(r["sentences"]) == 1 for r in rows)


def test_cli_run_writes_every_output(tmp_path, sample_dir, capsys):
    out = tmp_path / "out"
    code = main(["run", str(sample_dir), "--out", str(out), "--references", str(REFERENCES), "-q"])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "cleaning.jsonl", "errors.jsonl", "merged.json", "report.md", "scores.json", "stories.jsonl", "summaries.jsonl"
    ]  # and no temporary file left behind
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert len(rows) == 5
    assert {"id", "source", "lang", "summary", "model", "time_s"} <= set(rows[0])
    merged = json.loads((out / "merged.json").read_text())
    assert merged["summary"] and all(s["sources"] for s in merged["sentences"])
    scores = json.loads((out / "scores.json").read_text())
    assert set(scores["articles"]) == {"fr", "compat"} and scores["articles"]["fr"]["n"] == 5
    r1 = scores["articles"]["fr"]["scores"]["rouge1"]["fmeasure"]
    assert 10 < r1["mean"] < 80 and r1["low"] <= r1["mean"] <= r1["high"]
    assert scores["merged"]["fr"]["n"] == 1
    report = (out / "report.md").read_text()
    for section in ("## Merged summary", "## ROUGE against the references", "## Cleaning audit", "`teaser`"):
        assert section in report
    assert "ROUGE (fr) per article" in capsys.readouterr().out
    # ext-fr opens a titled article's summary with its title; the report shows it once, as the heading
    titled = [r for r in rows if r["title"] and r["sentences"][0] == headline(r["title"])]
    assert titled
    for r in titled:
        assert f"### {r['title']}" in report and r["summary"] not in report and " ".join(r["sentences"][1:]) in report


def test_cli_is_deterministic(tmp_path, sample_dir):
    outs = []
    for name in ("a", "b"):
        main(["run", str(sample_dir), "--out", str(tmp_path / name), "-q", "--references", str(REFERENCES)])
        rows = [json.loads(x) for x in (tmp_path / name / "summaries.jsonl").read_text().splitlines()]
        for r in rows:
            r.pop("time_s")
        outs.append((rows, (tmp_path / name / "merged.json").read_text(), (tmp_path / name / "scores.json").read_text()))
    assert outs[0] == outs[1]


def test_cli_errors_exit_codes(tmp_path, sample_dir):
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.txt").write_bytes(b"")
    assert main(["run", str(empty), "--out", str(tmp_path / "o2"), "-q"]) == 1  # nothing summarized
    assert json.loads((tmp_path / "o2" / "errors.jsonl").read_text())["stage"] == "load"
    assert main(["run", str(sample_dir), "--out", str(tmp_path / "o3"), "--summarizer", "nope"]) == 2


@pytest.mark.slow
def test_console_script_end_to_end(tmp_path, sample_dir):
    exe = shutil.which("summarize") or str(__import__("pathlib").Path(sys.executable).parent / "summarize")
    out = tmp_path / "o"
    proc = subprocess.run([exe, "run", str(sample_dir), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "5 summarized, 0 skipped" in proc.stdout
    assert "summarizing" in proc.stderr  # the tqdm progress bar


def test_a_merge_failure_keeps_the_summaries(sample_dir, tmp_path):
    class BrokenMerger:
        name = "broken"

        def merge(self, documents, summaries, length=None):
            raise RuntimeError("merger crashed")

    with pytest.raises(ValueError, match="must take merge\\(documents, summaries, length=None\\)"):
        Pipeline(PipelineConfig(progress=False), merger=type("Old", (), {"merge": lambda self, d, s: None})())
    result = Pipeline(PipelineConfig(progress=False), merger=BrokenMerger()).run(sample_dir)
    assert len(result.summaries) == 5 and result.merged is None
    assert result.errors[-1].stage == "merge" and "merger crashed" in result.errors[-1].message
    from summarize.report import write_outputs

    paths = write_outputs(result, tmp_path)
    assert "no merged summary" in paths["report"].read_text()


def test_config_normalises_what_is_unambiguous_and_survives_a_copy():
    import dataclasses

    import numpy as np

    cfg = PipelineConfig(languages="FR, en", batch_size=np.int64(8), summarizer=Path("lead-2"), progress=False)
    assert cfg.languages == ("fr", "en") and type(cfg.batch_size) is int and cfg.batch_size == 8
    assert cfg.summarizer == "lead-2"
    copy = dataclasses.replace(cfg, words=30)  # __post_init__ runs again on the normalised values
    assert copy.languages == ("fr", "en") and copy.words == 30 and dict(copy.summarizer_options) == {}
    with pytest.raises(TypeError, match=r"PipelineConfig\(batch_size=2.5\): expected a whole number"):
        PipelineConfig(batch_size=2.5)
