"""Rough edges a new user hit (issue 23): scoring a run's own outputs, a missing --model folder,
stale scores.json, file modes, the top-level Seq2SeqSummarizer, empty seq2seq summaries, the
training script's default output, and a 100,000-letter word in cleaning."""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REFERENCES, REPO
from summarize import Pipeline, PipelineConfig
from summarize.cli import build_parser, main
from summarize.readable import MIXED_CASE_NAMES, glue_points, sentence_openers

SHIPPED_MODEL = REPO / "summarize" / "data" / "models" / "orangesum-ext-fr.npz"


@pytest.fixture(scope="module")
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture(scope="module")
def scored_run(tmp_path_factory, sample_dir, umask_022) -> Path:
    """A run of the sample with the references (outputs under umask 022)."""
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--references", str(REFERENCES)]) == 0
    return out


# 1. `summarize score` reads a run's own outputs, and agrees with scores.json


def test_score_reads_a_runs_summaries_and_merged_and_agrees_with_scores_json(scored_run, capsys):
    capsys.readouterr()
    assert main(["score", str(scored_run / "summaries.jsonl"), str(REFERENCES)]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = json.loads((scored_run / "scores.json").read_text(encoding="utf-8"))
    assert printed["n"] == expected["articles"]["fr"]["n"] == 5
    for kind in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        assert printed["scores"][kind] == expected["articles"]["fr"]["scores"][kind], kind
    assert printed["merged"]["scores"] == expected["merged"]["fr"]["scores"]
    # the same with --pred-key summary (what the error message used to suggest) and compat
    assert main(["score", str(scored_run / "summaries.jsonl"), str(REFERENCES), "--pred-key", "summary", "--tokenizer", "compat"]) == 0
    compat = json.loads(capsys.readouterr().out)
    assert compat["scores"] == expected["articles"]["compat"]["scores"]
    assert compat["merged"]["scores"] == expected["merged"]["compat"]["scores"]


def test_score_says_when_the_merged_summary_is_missing(scored_run, tmp_path, capsys):
    shutil.copy(scored_run / "summaries.jsonl", tmp_path / "summaries.jsonl")
    capsys.readouterr()
    assert main(["score", str(tmp_path / "summaries.jsonl"), str(REFERENCES), "--bootstrap", "0"]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert printed["n"] == 5 and printed["merged"] is None
    assert "merged.json" in captured.err and "not scored" in captured.err


def test_score_help_describes_every_option():
    score = build_parser()._subparsers._group_actions[0].choices["score"]  # type: ignore[union-attr]
    helps = {a.dest: a.help for a in score._actions}
    for dest in ("tokenizer", "pred_key", "ref_key", "seed", "bootstrap", "stem"):
        assert helps[dest], dest
    text = score.format_help()
    assert "%%" not in text and "95%" in text


# 2. --model with a folder that does not exist


@pytest.mark.parametrize("model", ["./no-such-folder/", "no-such-folder/", "barthez-orangesum-abstract"])
def test_a_missing_model_folder_is_named_with_how_to_get_the_weights(model, sample_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(sample_dir), "--out", "o", "-q", "--no-conflicts", "--model", model]) == 2
    err = capsys.readouterr().err
    assert "unknown summarizer" not in err
    assert "does not exist" in err and model.rstrip("/").lstrip("./") in err
    assert "summarize download" in err
    assert not (tmp_path / "o").exists()


# 3. a re-run without --references leaves no scores.json of an earlier run


def test_a_rerun_without_references_removes_the_earlier_scores(sample_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--references", str(REFERENCES)]) == 0
    assert (out / "scores.json").exists()
    assert main(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts"]) == 0
    assert not (out / "scores.json").exists()
    assert "ROUGE" not in (out / "report.md").read_text(encoding="utf-8")


def test_write_outputs_in_memory_removes_the_earlier_scores(sample_dir, tmp_path):
    from summarize.report import write_outputs

    (tmp_path / "scores.json").write_text("{}", encoding="utf-8")
    result = Pipeline(PipelineConfig(summarizer="lead-1", progress=False, conflicts=False)).run(sample_dir)
    paths = write_outputs(result, tmp_path)
    assert "scores" not in paths and not (tmp_path / "scores.json").exists()


# 4. every output file gets the same mode


def test_every_output_has_the_mode_of_a_new_file(scored_run):
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in scored_run.iterdir() if p.is_file()}
    assert {"merged.json", "report.md", "scores.json", "summaries.jsonl"} <= set(modes)
    assert set(modes.values()) == {0o644}, modes


def test_atomic_write_follows_the_umask(tmp_path):
    from summarize.report.outputs import atomic_write_text

    old = os.umask(0o027)
    try:
        path = atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


# 5. Seq2SeqSummarizer from the top level, without torch


def test_seq2seq_summarizer_is_at_the_top_level_without_importing_torch():
    probe = (
        "import sys, summarize\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
        "from summarize import Seq2SeqSummarizer\n"
        "from summarize.summarizers import Seq2SeqSummarizer as S\n"
        "assert Seq2SeqSummarizer is S and 'Seq2SeqSummarizer' in summarize.__all__\n"
        "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# 7. an empty summary is an error for its article


class _Empty:
    """A summarizer whose summaries come out empty, as a seq2seq model's can."""

    name = "empty"
    extractive = False
    supports_length = True

    def check(self, doc) -> None:  # noqa: ANN001
        pass

    def check_length(self, length) -> None:  # noqa: ANN001
        pass

    def summarize_many(self, docs, progress=False, *, length=None):  # noqa: ANN001
        from summarize.summarizers import make_summary

        return [make_summary(d, [""], self.name, 0.0) if i else make_summary(d, ["Une phrase."], self.name, 0.0) for i, d in enumerate(docs)]

    def summarize(self, doc, *, length=None):  # noqa: ANN001
        return self.summarize_many([doc], length=length)[0]


def test_an_empty_summary_is_an_error_not_a_summary(sample_dir):
    result = Pipeline(PipelineConfig(progress=False, conflicts=False, stories="off"), summarizer=_Empty()).run(sample_dir)  # type: ignore[arg-type]
    assert len(result.summaries) == 1 and result.summaries[0].text == "Une phrase."
    assert len(result.errors) == 4
    for err in result.errors:
        assert err.stage == "summarize" and "empty summary" in err.message and "choose another summarizer" in err.message


def test_an_empty_seq2seq_summary_is_an_error_in_errors_jsonl(tiny_mbart, sample_dir, tmp_path, monkeypatch, capsys):
    from summarize.summarizers import Seq2SeqSummarizer

    monkeypatch.setattr(Seq2SeqSummarizer, "generate", lambda self, texts, progress=None, bounds=None: [""] * len(texts))
    out = tmp_path / "out"
    code = main(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--model", str(tiny_mbart)])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    assert "0 summarized, 5 skipped" in captured.out
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 5 and {e["stage"] for e in errors} == {"summarize"}
    assert all("empty summary" in e["message"] for e in errors)
    assert (out / "summaries.jsonl").read_text(encoding="utf-8") == ""


# 9. the training script never replaces the shipped model unless asked


def test_training_writes_beside_the_shipped_model_only_when_asked(tmp_path, capsys):
    from eval.train_extractive import build_parser as train_parser
    from eval.train_extractive import main as train
    from eval.train_extractive import output_path

    default = output_path(train_parser().parse_args(["--limit", "60", "--valid-limit", "20"]))
    assert default.resolve() != SHIPPED_MODEL.resolve() and SHIPPED_MODEL.parent.resolve() not in default.resolve().parents
    assert output_path(train_parser().parse_args(["--out", str(tmp_path / "m.npz")])) == tmp_path / "m.npz"
    before = SHIPPED_MODEL.stat().st_mtime_ns, SHIPPED_MODEL.read_bytes()
    for target in (SHIPPED_MODEL, SHIPPED_MODEL.with_suffix(""), SHIPPED_MODEL.with_suffix(".json")):
        assert train(["--out", str(target), "--limit", "60", "--valid-limit", "20"]) == 2  # refused before any work
        assert "--replace-shipped" in capsys.readouterr().err
    assert (SHIPPED_MODEL.stat().st_mtime_ns, SHIPPED_MODEL.read_bytes()) == before
    shipped = output_path(train_parser().parse_args(["--replace-shipped"]))
    assert shipped.resolve() == SHIPPED_MODEL.resolve()


# 12. a very long word is cleaned in linear time


def _glue_points_reference(text: str, lang: str | None = None) -> list[int]:
    """The rule of glue_points written the direct (quadratic) way, to check the fast one against."""
    import re

    openers = sentence_openers(lang)
    points = []
    for m in re.finditer(r"[^\W\d_]+", text):
        token = m.group()
        if token.lower() in MIXED_CASE_NAMES:
            continue
        elided = text[m.end(): m.end() + 1] in ("'", "’")
        for i in range(2, len(token)):
            if not (token[i - 1].islower() and token[i].isupper()):
                continue
            left, right = token[:i], token[i:]
            key, capitalised = (right.lower() + "'", elided) if len(right) == 1 else (right.lower(), right[1:].islower())
            if not capitalised:
                continue
            if key in openers or (left.islower() and len(left) >= 4 and len(right) >= 2 and right[0] != "I"):
                points.append(m.start() + i)
    return points


def test_glue_points_are_unchanged_on_mixed_case_words():
    rng = random.Random(0)
    alphabet = "abcdeéILMDaǅªx'’ -"
    texts = ["Antoine BlinkIl a promis. LibéréDepuis. iPhone, McDonald, LinkedIn.", "suivantL’explosion", "aaaaIl", "ǅaaaaBbb"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        for lang in ("fr", "en", None):
            assert glue_points(text, lang) == _glue_points_reference(text, lang), (text, lang)


@pytest.mark.parametrize("word", ["a" * 100_000, "A" + "a" * 99_999, "aB" * 50_000, "abcdE" * 20_000])
def test_a_100000_letter_word_is_cleaned_in_seconds(word):
    from summarize.clean import clean_article
    from summarize.records import Article

    t0 = time.perf_counter()
    result = clean_article(Article(id="x", text=f"Le mot {word} est long.\nUne autre ligne du texte, assez longue."))
    assert time.perf_counter() - t0 < 5  # quadratic: minutes (134 s for 100,000 letters before)
    kept = result.article.text.replace("\n", "")  # a line with glues is split, or removed as a glued label
    assert word[:50] in kept or any(word in r.text for r in result.removed)


# 6. -q silences the libraries' chatter (transformers, Hugging Face Hub, Ray, tqdm); errors still print


def test_quiet_mode_silences_the_libraries_and_restores_everything(monkeypatch):
    import logging
    import warnings

    from summarize.cli import QUIET_ENV, quiet_mode

    for key in QUIET_ENV:
        monkeypatch.delenv(key, raising=False)
    level = logging.getLogger("transformers").level
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with quiet_mode(True):
            assert {k: os.environ.get(k) for k in QUIET_ENV} == QUIET_ENV
            assert logging.getLogger("transformers.modeling_utils").getEffectiveLevel() == logging.ERROR
            assert logging.getLogger("ray.data").getEffectiveLevel() == logging.ERROR
            warnings.warn_explicit("Loading weights", UserWarning, "modeling_utils.py", 1, module="transformers.modeling_utils")
            warnings.warn_explicit("max_length is set", UserWarning, "utils.py", 1, module="transformers.generation.utils")
            warnings.warn_explicit("our own warning", UserWarning, "pipeline.py", 1, module="summarize.pipeline")
    assert [str(w.message) for w in caught] == ["our own warning"]
    assert not any(key in os.environ for key in QUIET_ENV)  # restored: main() may be called from Python
    assert logging.getLogger("transformers").level == level


def test_quiet_run_with_a_model_prints_only_the_summary_line(tiny_mbart, sample_dir, tmp_path, capfd):
    out = tmp_path / "out"
    code = main(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--model", str(tiny_mbart), "--words", "20"])
    captured = capfd.readouterr()
    assert code in (0, 1, 3), captured.err
    noise = [line for line in captured.err.splitlines() if not line.startswith("summarize: skipped")]
    assert noise == [], noise  # no "Loading weights", no UserWarning, no progress bar
    assert len(captured.out.splitlines()) == 1 and " -> " in captured.out


def test_quiet_still_prints_errors(sample_dir, tmp_path, capsys):
    code = main(["run", str(sample_dir), "--out", str(tmp_path / "o"), "-q", "--summarizer", "nope"])
    assert code == 2 and capsys.readouterr().err.startswith("summarize: error: unknown summarizer 'nope'")


# 8. --words N is a target, not a cap: what the help and the README say is what the summarizers do


def test_words_is_documented_as_the_summarizers_use_it(sample_dir):
    from summarize.lexicon import word_count

    run_help = " ".join(build_parser()._subparsers._group_actions[0].choices["run"].format_help().split())
    assert "target length of each summary in words, not a cap" in run_help
    assert "always the best-ranked one, even when it alone is longer than N" in run_help
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "`--words N` is a target, not a cap" in readme and "can pass N by up to one sentence" in readme
    target = 40
    result = Pipeline(PipelineConfig(words=target, conflicts=False, progress=False, stories="off")).run(sample_dir)
    assert len(result.summaries) == 5
    for s in result.summaries:  # within N, or one sentence (the best) alone, or past N by one sentence
        sizes = [word_count(x) for x in s.sentences]
        assert s.words <= target or len(sizes) == 1 or any(s.words - n <= target for n in sizes), (s.id, s.words, sizes)
