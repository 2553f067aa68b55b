"""OrangeSum harness: systems run, predictions are written, the table is printed."""

from __future__ import annotations

import json

import pytest

from eval.orangesum import greedy_oracle, main, run_system, score_system
from eval.orangesum_data import read_split
from summarize.scoring import RougeScorer


def test_oracle_picks_the_sentences_that_match_the_reference():
    sentences = ["Le chat dort sur le canapé.", "Il pleut à Paris.", "Le chien aboie fort."]
    picked = greedy_oracle(sentences, "Il pleut à Paris et le chien aboie.", RougeScorer(("rouge1", "rouge2")))
    assert picked == ["Il pleut à Paris.", "Le chien aboie fort."]
    assert greedy_oracle(sentences, "rien de commun", RougeScorer(("rouge1", "rouge2"))) == []


def test_lead_and_oracle_on_valid_subset(orangesum_dir):
    records = read_split(orangesum_dir, "valid", limit=60)
    lead = run_system("lead3", records, data_dir=orangesum_dir, progress=False)
    oracle = run_system("oracle", records, data_dir=orangesum_dir, progress=False)
    assert all(1 <= len(s) <= 3 for s in lead.sentences)
    assert all(len(s) <= 3 for s in oracle.sentences)
    r_lead = score_system(lead, records, "fr").aggregate["rouge1"]["fmeasure"].mean
    r_oracle = score_system(oracle, records, "fr").aggregate["rouge1"]["fmeasure"].mean
    assert 0.15 < r_lead < r_oracle  # the oracle is an upper bound for extractive systems
    with pytest.raises(ValueError, match="test split only"):
        run_system("barthez-published", records, data_dir=orangesum_dir)


def test_cli_writes_predictions_and_prints_both_tokenizations(tmp_path, orangesum_dir, capsys):
    code = main(["--system", "lead-2,barthez-published", "--split", "test", "--limit", "25",
                 "--data", str(orangesum_dir), "--out", str(tmp_path), "-q"])
    assert code == 0
    out = capsys.readouterr().out
    assert "| lead-2 | fr | 25 |" in out and "| lead-2 | compat | 25 |" in out
    assert "| barthez-published | compat | 25 |" in out
    rows = [json.loads(x) for x in (tmp_path / "lead-2_test.jsonl").read_text().splitlines()]
    assert len(rows) == 25 and {"id", "prediction", "sentences"} <= set(rows[0])


def test_systems_take_parameters_and_can_be_given_the_text_only(tmp_path, orangesum_dir, capsys):
    from eval.orangesum import system_spec
    from summarize.summarizers import headline

    assert system_spec("ext-fr:model=orangesum-ext-fr-v1:candidates=5") == ("ext-fr", {"model": "orangesum-ext-fr-v1", "candidates": 5})
    assert system_spec("lead-2") == ("lead-2", {})
    with pytest.raises(ValueError, match="KEY=VALUE"):
        system_spec("ext-fr:oops")
    records = read_split(orangesum_dir, "valid", limit=20)
    titled = run_system("ext-fr", records, progress=False)
    untitled = run_system("ext-fr", records, progress=False, titles=False)
    assert all(s[0] == headline(r["title"]) for s, r in zip(titled.sentences, records))  # tuned: title first
    assert not any(s[0] == headline(r["title"]) for s, r in zip(untitled.sentences, records))
    v1 = run_system("ext-fr:model=orangesum-ext-fr-v1", records, progress=False)
    assert v1.sentences != titled.sentences
    code = main(["--system", "ext-fr", "--baseline", "lead-2,ext-fr:model=orangesum-ext-fr-v1", "--split", "valid",
                 "--limit", "20", "--data", str(orangesum_dir), "--out", str(tmp_path), "-q", "--no-title"])
    assert code == 0
    out = capsys.readouterr().out
    assert "given the text only (no title)" in out
    # every system against both baselines, in both tokenizations
    assert out.count("| ext-fr | lead-2 |") == 6 and out.count("| ext-fr | ext-fr:model=orangesum-ext-fr-v1 |") == 6
    assert (tmp_path / "ext-fr_model_orangesum-ext-fr-v1_untitled_valid.jsonl").exists()


def test_a_bad_system_fails_before_any_system_runs(tmp_path, orangesum_dir, capsys):
    from eval.orangesum import build_system

    with pytest.raises(ValueError, match="takes no parameters"):
        build_system("oracle:model=x")
    with pytest.raises(FileNotFoundError, match="train_extractive"):
        build_system("ext-fr:model=nope")
    with pytest.raises(SystemExit):
        main(["--system", "lead-2,ext-fr:model=nope", "--split", "valid", "--limit", "5",
              "--data", str(orangesum_dir), "--out", str(tmp_path)])
    assert "system 'ext-fr:model=nope'" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # lead-2 did not run first
