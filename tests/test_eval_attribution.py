"""eval.attribution's alignment comparison: thresholds chosen on one half, scored on the other."""

from __future__ import annotations

import numpy as np

from eval.attribution import cross_validated, load_pairs


def test_cross_validated_threshold_separates_and_respects_the_veto():
    rng = np.random.default_rng(1)
    gold = rng.random(200) < 0.4
    score = np.where(gold, 0.6, 0.2) + rng.normal(0, 0.05, 200)  # separable at ~0.4
    veto = np.zeros(200, dtype=bool)
    veto[:10] = True
    pred = cross_validated(score, gold, veto)
    assert not pred[:10].any()  # a vetoed pair is never called supported
    assert (pred[10:] == gold[10:]).all()
    assert (cross_validated(score, gold, veto) == pred).all()  # seeded


def test_labelled_pairs_are_all_there():
    pairs = load_pairs()
    assert len(pairs) == 190 and {p["label"] for p in pairs} == {"supports", "contradicts", "unrelated"}
