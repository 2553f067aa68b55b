"""RPM2 multi-document harness (eval.multidoc): clusters, baselines, scores, update summaries."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval import multidoc
from summarize.clean import clean_article
from summarize.load import C1_REPAIRED, load_file
from summarize.readable import summary_defects
from summarize.report.outputs import cleaning_record
from summarize.scoring import RougeScorer


@pytest.fixture(scope="module")
def t01(rpm2_dir):
    clusters = multidoc.load_clusters(rpm2_dir, ["T01"])
    config = multidoc.PipelineConfig(stories="one", merged_words=100, conflicts=False, progress=False)
    return multidoc.evaluate(clusters, config, words=100, progress=False)


def test_clusters_are_read_from_the_shared_folder(rpm2_dir, tmp_path):
    clusters = multidoc.load_clusters(rpm2_dir)
    assert len(clusters) == 20 and all(len(c.files) == 10 and len(c.references) == 4 for c in clusters)
    assert {c.topic for c in clusters} == {f"T{i:02d}" for i in range(1, 11)}
    with pytest.raises(FileNotFoundError, match="no RPM2 cluster under .*shared/data/rpm2"):
        multidoc.load_clusters(tmp_path)


def test_the_cp1252_file_loads_repaired(rpm2_dir):
    # T08_C1_08 stores cp1252 apostrophes as C1 control characters: read as text, repaired
    article = load_file(rpm2_dir / "documents" / "T08_C1_08.txt")
    assert "d’Armstrong" in article.text and not any("\x80" <= ch <= "\x9f" for ch in article.text)
    # and the repair is recorded (issue 23 item 11): Article.encoding, then cleaning.jsonl
    assert article.encoding == "utf-8" + C1_REPAIRED
    assert cleaning_record(article.id, clean_article(article))["encoding"] == article.encoding
    plain = load_file(rpm2_dir / "documents" / "T08_C1_01.txt")
    assert "encoding" not in cleaning_record(plain.id, clean_article(plain))


def test_merged_summaries_and_baselines_are_scored_against_the_four_abstracts(t01):
    runs, scores = t01
    assert [r.cluster.id for r in runs] == ["T01_C1", "T01_C2"]
    for run in runs:
        assert set(run.summaries) == {"summarize", "first-article", "first-sentences", "lexrank", "textrank", "centroid"}
        assert 60 <= len(run.summaries["summarize"].split()) <= 100  # a budget, filled
        assert summary_defects(run.merged_sentences, lang="fr") == []  # readable sentences
    for tok in ("fr", "compat"):
        assert set(scores[tok]) == {"summarize", "first-article", "first-sentences", "lexrank", "textrank", "centroid", "human"}
        assert all(v.shape == (2, 4) and ((v > 0) & (v < 1)).all() for v in scores[tok].values())
    # the toolkit's merged summary beats the first article's first 100 words on both clusters
    assert (scores["fr"]["summarize"][:, :2] > scores["fr"]["first-article"][:, :2]).all()


def test_scores_average_the_references():
    scorer = RougeScorer(("rouge1",), multi_ref="mean")
    best = RougeScorer(("rouge1",))
    refs = ["le chat dort", "un chien aboie"]
    assert scorer.score(refs, "le chat dort")["rouge1"].recall == pytest.approx(0.5)
    assert best.score(refs, "le chat dort")["rouge1"].recall == 1.0
    with pytest.raises(ValueError, match="multi_ref='max'"):
        RougeScorer(multi_ref="max")


def test_update_summaries_restate_less(t01):
    runs, _ = t01
    table = multidoc.update_summaries(runs, 100)
    assert list(table["mode"]) == ["without", "since C1"]
    restating = table.set_index("mode")["restating C1 %"]
    assert restating["since C1"] <= restating["without"]


def test_the_cli_prints_the_table_and_writes_json(rpm2_dir, tmp_path, capsys):
    out = tmp_path / "multidoc.json"
    assert multidoc.main(["--rpm2", str(rpm2_dir), "--topics", "T02", "--no-conflicts", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "tokenization fr" in printed and "tokenization compat" in printed and "human" in printed
    assert "time per cluster" in printed and "readable sentences" in printed
    payload = json.loads(out.read_text())
    assert payload["clusters"] == ["T02_C1", "T02_C2"] and set(payload["scores"]) == {"fr", "compat"}
    assert np.isfinite(payload["scores"]["fr"]["summarize"]["R1 recall"])


def test_summarize_run_since_an_earlier_run_gives_an_update_summary(rpm2_dir, tmp_path, capsys):
    from summarize.cli import main

    for cluster in ("C1", "C2"):
        folder = tmp_path / cluster
        folder.mkdir()
        for f in sorted((rpm2_dir / "documents").glob(f"T05_{cluster}_*.txt")):
            (folder / f.name).write_bytes(f.read_bytes())
    common = ["--stories", "one", "--merged-words", "100", "-q", "--no-conflicts"]
    assert main(["run", str(tmp_path / "C1"), "--out", str(tmp_path / "o1"), *common]) == 0
    assert main(["run", str(tmp_path / "C2"), "--out", str(tmp_path / "o2"), *common]) == 0
    assert main(["run", str(tmp_path / "C2"), "--out", str(tmp_path / "o2s"), *common, "--since", str(tmp_path / "o1")]) == 0
    assert "(update since" in capsys.readouterr().out
    plain = json.loads((tmp_path / "o2" / "merged.json").read_text())
    update = json.loads((tmp_path / "o2s" / "merged.json").read_text())
    assert "update: what is new against" in update["method"] and "update" not in plain["method"]
    earlier = [s for row in (tmp_path / "o1" / "summaries.jsonl").read_text().splitlines() for s in json.loads(row)["sentences"]]
    restated = multidoc.restated_share([s["text"] for s in update["sentences"]], earlier)
    assert restated <= multidoc.restated_share([s["text"] for s in plain["sentences"]], earlier)
    assert main(["run", str(tmp_path / "C2"), "--out", str(tmp_path / "o3"), *common, "--since", str(tmp_path / "nope")]) == 2
    assert "no summaries.jsonl there; give the --out folder of an earlier `summarize run`" in capsys.readouterr().err
