"""The learned contradiction detector (summarize.checks.contradiction), its harness
(eval.contradiction) and its training (eval.train_contradiction), on DACCORD and RTE3-FR."""

from __future__ import annotations

import json

import numpy as np
import pytest

import eval.train_contradiction as training
from conftest import SHARED, _need
from eval.contradiction import main, read_pairs, scores
from summarize.checks import (
    contradiction_probabilities,
    contradiction_probability,
    contradiction_threshold,
    learned_stance,
    load_contradiction_model,
    stance,
)
from summarize.checks.contradiction import FEATURE_NAMES, features_matrix

DACCORD = SHARED / "data" / "daccord" / "daccord_dev.tsv"


@pytest.fixture(scope="module")
def daccord():
    return read_pairs(_need(DACCORD))


def _write_tsv(path, pairs, n=None):
    rows = ["id\tpremise\thypothesis\tlabel"]
    for i, (p, h, y) in enumerate(zip(pairs.premises[:n], pairs.hypotheses[:n], pairs.labels[:n])):
        rows.append(f"x{i}\t{p}\t{h}\t{int(y)}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_harness_json_on_a_small_tsv(tmp_path, capsys):
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text(
        "id\tpremise\thypothesis\tlabel\n"
        "a\tLe vaccin n'est pas efficace contre le variant Omicron.\tLe vaccin est efficace contre le variant Omicron.\t1\n"
        "b\tLe gouvernement a annoncé une hausse des impôts en 2022.\tLes impôts vont augmenter en 2022, selon le gouvernement.\t0\n"
        "c\tTous les soldats de l'île sont morts.\tLes soldats de l'île sont tous en vie.\t1\n",
        encoding="utf-8",
    )
    main(["--tsv", str(tsv), "--json", "--system", "model"])
    out = json.loads(capsys.readouterr().out)
    assert {"precision", "recall", "f1", "n"} <= set(out) and out["n"] == 3
    assert all(0 <= out[k] <= 100 for k in ("precision", "recall", "f1"))
    main(["--tsv", str(tsv)])  # the table: the model's row and the rules' row
    table = capsys.readouterr().out
    assert "| model (shipped" in table and "| rules (stance" in table


def test_harness_rejects_a_tsv_without_labels(tmp_path):
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("premise\thypothesis\nA\tB\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["--tsv", str(tsv)])


def test_cross_validation_cli_is_deterministic(tmp_path, capsys, monkeypatch, daccord):
    rte3 = training.rte3_pairs()
    small = training.Pairs(rte3.premises[::8], rte3.hypotheses[::8], rte3.labels[::8])  # 200 pairs, to stay fast
    monkeypatch.setattr(training, "rte3_pairs", lambda directory=None: small)
    tsv = _write_tsv(tmp_path / "d.tsv", daccord, 80)
    runs = []
    for _ in range(2):
        main(["--tsv", str(tsv), "--json", "--system", "model", "--cv", "3"])
        runs.append(json.loads(capsys.readouterr().out))
    assert runs[0] == runs[1] and runs[0]["n"] == 80 and "3-fold CV" in runs[0]["system"]


def test_shipped_model_beats_the_rules_on_daccord(daccord):
    """In-sample (the shipped model was trained on DACCORD dev): this guards loading and feature
    drift; the honest figures are the cross-validated ones in the model's .json."""
    n = 240
    prem, hyp, gold = daccord.premises[:n], daccord.hypotheses[:n], list(daccord.labels[:n])
    prob = contradiction_probabilities(prem, hyp)
    model = scores(list(prob >= contradiction_threshold()), gold)
    rules = scores([stance(h, p).contradicts for p, h in zip(prem, hyp)], gold)
    assert model["f1"] >= rules["f1"] + 20 and model["precision"] >= 65, (model, rules)
    meta = load_contradiction_model().metadata
    assert meta["cv"]["f1"] >= 60 and meta["cv"]["precision"] >= 65 and meta["command"] == "python -m eval.train_contradiction"
    assert contradiction_probability(prem[0], hyp[0]) == pytest.approx(float(prob[0]))


def test_training_reproduces_the_shipped_model(daccord):
    main_f = training.Features.of(daccord)
    extra = training.Features.of(training.rte3_pairs())
    model = training.train(main_f, extra, training.TrainConfig())
    shipped = load_contradiction_model()
    assert np.allclose(model.coef, shipped.coef, atol=1e-6) and np.allclose(model.mean, shipped.mean)
    assert model.threshold == pytest.approx(shipped.threshold, abs=1e-6)
    assert np.array_equal(features_matrix(daccord.premises[:20], daccord.hypotheses[:20]), main_f.X[:20])
    assert main_f.X.shape == (len(daccord.labels), len(FEATURE_NAMES))


def test_learned_stance_keeps_the_rules_and_adds_the_model(daccord):
    pairs = list(zip(daccord.premises[:60], daccord.hypotheses[:60]))
    rules = [stance(h, p) for p, h in pairs]
    learned = [learned_stance(h, p) for p, h in pairs]
    added = [s for r, s in zip(rules, learned) if s.contradicts and not r.contradicts]
    assert added and all(s.kind == "learned" and "learned detector" in s.evidence for s in added)
    assert all(s == r for r, s in zip(rules, learned) if r.contradicts)  # the rules keep their verdict and kind
