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
