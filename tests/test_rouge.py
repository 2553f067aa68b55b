"""ROUGE: compat mode equals rouge_score, published numbers reproduced, fr keeps accents."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval.orangesum_data import barthez_outputs, read_split
from summarize.cli import main as cli
from summarize.scoring import ROUGE_TYPES, RougeScorer, bootstrap_intervals, get_tokenizer, paired_bootstrap

NEEDS_ROUGE_SCORE = "google-research's rouge-score is not installed (the 'eval' extra)"


def main(argv: list[str]) -> int:
    return cli(["score", *argv])


@pytest.fixture(scope="module")
def barthez_pairs(orangesum_dir):
    refs = {r["id"]: r["summary"] for r in read_split(orangesum_dir, "test")}
    preds = barthez_outputs(orangesum_dir)
    ids = sorted(preds)
    assert len(ids) == 1500 and set(ids) == set(refs)
    return ids, [preds[i] for i in ids], [refs[i] for i in ids]


def test_compat_equals_rouge_score_on_every_orangesum_test_pair(barthez_pairs):
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer", reason=NEEDS_ROUGE_SCORE)
    _, preds, refs = barthez_pairs
    reference = rouge_scorer.RougeScorer(list(ROUGE_TYPES))
    ours = RougeScorer(tokenizer="compat")
    for p, r in zip(preds, refs):
        a, b = reference.score(r, p), ours.score(r, p)
        for t in ROUGE_TYPES:
            assert np.allclose(tuple(a[t]), tuple(b[t]), rtol=0, atol=1e-9), (t, p)


def test_compat_equals_rouge_score_for_multi_sentence_lsum(barthez_pairs):
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer", reason=NEEDS_ROUGE_SCORE)
    _, preds, refs = barthez_pairs
    reference = rouge_scorer.RougeScorer(["rougeLsum"])
    ours = RougeScorer(("rougeLsum",), tokenizer="compat")
    for p, r in list(zip(preds, refs))[:400]:
        p2, r2 = p.replace(". ", ".\n"), r.replace(". ", ".\n")
        assert np.allclose(tuple(reference.score(r2, p2)["rougeLsum"]), tuple(ours.score(r2, p2)["rougeLsum"]), rtol=0, atol=1e-9)


def test_compat_tokenizer_equals_rouge_score_tokenizer(barthez_pairs):
    tokenize = pytest.importorskip("rouge_score.tokenize", reason=NEEDS_ROUGE_SCORE)
    _, preds, refs = barthez_pairs
    tok = get_tokenizer("compat")
    for text in preds[:300] + refs[:300] + ["İstanbul — l'été 2022 : «ok» 3,5 %"]:
        assert tok.tokenize(text) == tokenize.tokenize(text, None)


def test_published_barthez_numbers_are_reproduced(barthez_pairs):
    ids, preds, refs = barthez_pairs
    result = RougeScorer(tokenizer="compat").score_corpus(preds, refs, ids=ids)
    means = {t: result.aggregate[t]["fmeasure"].mean * 100 for t in ROUGE_TYPES}
    assert abs(means["rouge1"] - 31.44) <= 0.02
    assert abs(means["rouge2"] - 12.77) <= 0.02
    assert abs(means["rougeL"] - 22.23) <= 0.02
    fr = RougeScorer(tokenizer="fr").score_corpus(preds, refs, ids=ids)
    # fr keeps accented words whole: fewer spurious matches on accent fragments, lower scores
    assert fr.aggregate["rouge1"]["fmeasure"].mean < result.aggregate["rouge1"]["fmeasure"].mean


def test_fr_tokenizer_keeps_accents_and_splits_elisions_and_hyphens():
    tok = get_tokenizer("fr")
    assert tok.tokenize("L'OTAN a été élu, peut-être ; le porte-parole.") == [
        "l", "otan", "a", "été", "élu", "peut", "être", "le", "porte", "parole",
    ]
    assert get_tokenizer("compat").tokenize("été élu") == ["t", "lu"]
    s = RougeScorer(("rouge1",), tokenizer="fr")
    assert s.score("élu", "lu")["rouge1"].fmeasure == 0.0
    assert RougeScorer(("rouge1",), tokenizer="compat").score("élu", "lu")["rouge1"].fmeasure == 1.0
    # NFC: a decomposed "é" matches a composed one
    assert s.score("e\u0301te\u0301", "été")["rouge1"].fmeasure == 1.0


def test_french_stemming_is_optional():
    plain = RougeScorer(("rouge1",), tokenizer="fr")
    stem = RougeScorer(("rouge1",), tokenizer="fr", stem=True)
    assert plain.score("les présidents", "le président")["rouge1"].fmeasure < 1.0
    assert stem.score("les présidents", "le président")["rouge1"].fmeasure > plain.score("les présidents", "le président")["rouge1"].fmeasure
    assert stem.label == "fr+stem"
    with pytest.raises(ValueError, match="without stemming"):
        RougeScorer(tokenizer="compat", stem=True)


def test_a_tokenizer_object_is_accepted_as_rouge_score_does():
    class Whitespace:  # no name: labelled with its class name
        def tokenize(self, text: str) -> list[str]:
            return text.lower().split()

    class Named(Whitespace):
        name = "ws"

    s = RougeScorer(("rouge1", "rougeL"), tokenizer=Whitespace())
    assert s.label == "Whitespace" and RougeScorer(tokenizer=Named()).label == "ws"
    # the object's tokens are scored: "élu," is one token here, unlike with "fr"
    assert s.score("Le président élu, hier", "le président élu hier")["rouge1"].fmeasure == pytest.approx(0.75)
    result = s.score_corpus(["le chat dort"], ["le chat dort"], ids=["a"])
    assert result.tokenizer == "Whitespace" and result.aggregate["rouge1"]["fmeasure"].mean == 1.0
    # the built-in tokenizers as objects score exactly as their names do
    for name in ("fr", "compat"):
        by_object = RougeScorer(tokenizer=get_tokenizer(name))
        assert by_object.label == name
        assert by_object.score("L'OTAN a été élu, peut-être.", "l'otan est élu") == RougeScorer(tokenizer=name).score(
            "L'OTAN a été élu, peut-être.", "l'otan est élu"
        )
    with pytest.raises(TypeError, match="tokenize"):
        RougeScorer(tokenizer=3)
    with pytest.raises(ValueError, match="does its own stemming"):
        RougeScorer(tokenizer=Whitespace(), stem=True)


def test_multiple_references_take_the_best_per_type():
    s = RougeScorer(("rouge1", "rouge2"))
    single = s.score("tout autre chose", "le chat dort")["rouge1"].fmeasure
    multi = s.score(["tout autre chose", "le chat dort ici"], "le chat dort")
    assert single == 0 and multi["rouge1"].fmeasure == pytest.approx(6 / 7)


def test_bad_input_is_rejected_or_scored_zero_as_documented():
    s = RougeScorer()
    with pytest.raises(TypeError, match="prediction of item 1"):
        s.score_corpus(["a", None], ["a", "b"])
    with pytest.raises(TypeError, match="reference of item 0"):
        s.score_corpus(["a"], [3])
    with pytest.raises(ValueError, match="reference of item 0 .* is empty"):
        s.score_corpus(["a"], ["  "])
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        s.score_corpus(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="no predictions"):
        s.score_corpus([], [])
    with pytest.raises(ValueError, match="empty list"):
        s.score([], "a")
    with pytest.raises(ValueError, match="unknown ROUGE type"):
        RougeScorer(("rougeX",))
    with pytest.raises(ValueError, match="unknown tokenizer"):
        RougeScorer(tokenizer="en")
    res = s.score_corpus(["", "le chat"], ["le chat", "le chat"])
    assert res.n_empty_predictions == 1
    assert res.fmeasure("rouge1").tolist() == [0.0, 1.0]


def test_confidence_intervals_are_deterministic_and_contain_the_mean(barthez_pairs):
    ids, preds, refs = barthez_pairs
    s = RougeScorer(("rouge1",))
    a = s.score_corpus(preds[:300], refs[:300], ids=ids[:300], seed=7).to_dict()
    b = s.score_corpus(preds[:300], refs[:300], ids=ids[:300], seed=7).to_dict()
    assert a == b
    f = a["scores"]["rouge1"]["fmeasure"]
    assert f["low"] < f["mean"] < f["high"]
    c = s.score_corpus(preds[:300], refs[:300], ids=ids[:300], seed=8).to_dict()
    assert c["scores"]["rouge1"]["fmeasure"]["mean"] == f["mean"]


def test_bootstrap_matches_the_direct_resampling_definition():
    values = np.random.default_rng(1).random((50, 2))
    (iv, _) = bootstrap_intervals(values, n_bootstrap=200, seed=3)
    rng = np.random.default_rng(3)
    idx = rng.integers(0, 50, size=(200, 50))
    direct = values[idx, 0].mean(axis=1)
    assert iv.low == pytest.approx(np.quantile(direct, 0.025)) and iv.high == pytest.approx(np.quantile(direct, 0.975))


def test_paired_bootstrap_prefers_the_better_system(barthez_pairs):
    ids, preds, refs = barthez_pairs
    s = RougeScorer(("rouge1",))
    good = s.score_corpus(preds[:200], refs[:200], ids=ids[:200])
    bad = s.score_corpus([" ".join(p.split()[:5]) for p in preds[:200]], refs[:200], ids=ids[:200])
    test = paired_bootstrap(good, bad, "rouge1")
    assert test.delta.mean > 0 and test.p_value < 0.01
    assert paired_bootstrap(bad, good, "rouge1").p_value > 0.99
    with pytest.raises(ValueError, match="same ids"):
        paired_bootstrap(good, s.score_corpus(preds[:10], refs[:10]))


def test_summarize_score_joins_on_ids_and_prints_json(tmp_path, capsys):
    pred = tmp_path / "p.jsonl"
    ref = tmp_path / "r.jsonl"
    pred.write_text(json.dumps({"id": "b", "prediction": "le chat dort"}) + "\n" + json.dumps({"id": "a", "prediction": "été"}) + "\n")
    ref.write_text(json.dumps({"id": "a", "summary": "été"}) + "\n" + json.dumps({"id": "b", "summary": "le chat dort"}) + "\n")
    assert main([str(pred), str(ref), "--tokenizer", "fr"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tokenizer"] == "fr" and out["n"] == 2
    assert out["scores"]["rouge1"]["fmeasure"]["mean"] == 100.0
    ref.write_text(json.dumps({"id": "a", "summary": "été"}) + "\n")
    assert main([str(pred), str(ref)]) == 2
    assert "only in predictions ['b']" in capsys.readouterr().err
    ref.write_text(json.dumps({"id": "a", "text": "été"}) + "\n")
    assert main([str(pred), str(ref)]) == 2
    assert "no 'summary' field" in capsys.readouterr().err


def test_evaluate_metric_module_loads_offline(monkeypatch):
    from conftest import REPO

    evaluate = pytest.importorskip("evaluate", reason="evaluate is not installed (the 'eval' extra)")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    metric = evaluate.load(str(REPO / "eval" / "metrics" / "rouge_fr"))
    out = metric.compute(predictions=["le président a été élu"], references=["le président a été réélu"], rouge_types=["rouge1"])
    assert out == {"rouge1": pytest.approx(0.8), "tokenizer": "fr"}
    out = metric.compute(predictions=["élu"], references=[["lu", "autre"]], tokenizer="compat", use_aggregator=False)
    assert out["rouge1"] == [1.0] and out["tokenizer"] == "compat"
