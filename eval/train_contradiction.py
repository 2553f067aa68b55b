"""Train the shipped contradiction detector (``summarize/data/models/contradiction-fr.*``).

    python -m eval.train_contradiction [--out PATH.npz] [--daccord TSV] [--rte3 DIR] [--cv K]

Training data: RTE3-FR (``../shared/data/rte3-fr``, both files, 1,600 pairs; *contradiction*
against entailment and neutral) with weight ``rte3_weight``, plus DACCORD dev
(``../shared/data/daccord/daccord_dev.tsv``, 489 pairs; label 1 = contradiction) with weight 1.
The model is a logistic regression on standardised :data:`summarize.checks.contradiction.FEATURE_NAMES`.
Its decision threshold maximises F-beta (beta = 0.5: precision counts more than recall) on
out-of-fold probabilities of the DACCORD pairs (inner K-fold, each fold's model trained on RTE3-FR
and the other inner folds), so it is never chosen on the pairs it is then applied to.

Before writing, the whole procedure (threshold choice included) is cross-validated on DACCORD dev
(``--cv K`` outer folds, seeded); the figures go into the model's ``.json``. Deterministic: same
data, same arrays (the ``.json`` also records ``--date``, today by default).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from eval.contradiction import Pairs, read_pairs, scores
from summarize.checks.contradiction import FEATURE_NAMES, ContradictionModel, features_matrix
from summarize.load import shared_dir

RTE3_FILES = ("RTE3-FR-dev-set-3class.tsv", "RTE3-FR-test-gold-3class.tsv")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "summarize" / "data" / "models" / "contradiction-fr.npz"


@dataclass(frozen=True)
class TrainConfig:
    """How the detector is fitted and its threshold chosen.

    Attributes:
        C: Inverse L2 regularisation of the logistic regression.
        rte3_weight: Sample weight of an RTE3-FR pair (a DACCORD pair weighs 1).
        inner_folds: Folds of the inner cross-validation that chooses the threshold.
        beta: The threshold maximises F-beta on the inner out-of-fold probabilities.
        seed: Seed of every fold split.
    """

    C: float = 0.1
    rte3_weight: float = 0.3
    inner_folds: int = 5
    beta: float = 0.5
    seed: int = 0

    def __post_init__(self) -> None:
        if self.C <= 0 or self.rte3_weight < 0 or self.inner_folds < 2 or self.beta <= 0:
            raise ValueError(f"expected C > 0, rte3_weight >= 0, inner_folds >= 2, beta > 0, got {self}")


@dataclass(frozen=True)
class Features:
    """Feature rows and gold labels of a pair set."""

    X: np.ndarray
    y: np.ndarray

    @classmethod
    def of(cls, pairs: Pairs) -> Features:
        return cls(features_matrix(pairs.premises, pairs.hypotheses), np.asarray(pairs.labels, dtype=bool))

    def take(self, idx: np.ndarray) -> Features:
        return Features(self.X[idx], self.y[idx])


def rte3_pairs(directory: Path | None = None) -> Pairs:
    """RTE3-FR's 1,600 pairs, labelled True for *contradiction* (label 2), False otherwise."""
    directory = directory or shared_dir() / "data" / "rte3-fr"
    premises, hypotheses, labels = [], [], []
    for name in RTE3_FILES:
        with open(directory / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                premises.append(row["premise"].strip())
                hypotheses.append(row["hypothesis"].strip())
                labels.append(row["label"].strip() == "2")
    return Pairs(tuple(premises), tuple(hypotheses), tuple(labels))


def fit(main: Features, extra: Features, config: TrainConfig, threshold: float = 0.5) -> ContradictionModel:
    """Logistic regression on ``main`` (weight 1) + ``extra`` (weight ``config.rte3_weight``)."""
    X = np.vstack([main.X, extra.X])
    y = np.concatenate([main.y, extra.y]).astype(int)
    w = np.concatenate([np.ones(len(main.y)), np.full(len(extra.y), config.rte3_weight)])
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lr = LogisticRegression(C=config.C, max_iter=5000).fit((X - scaler.mean_) / scale, y, sample_weight=w)
    return ContradictionModel(scaler.mean_, scale, lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), threshold)


def choose_threshold(prob: np.ndarray, gold: np.ndarray, beta: float) -> float:
    """The threshold (midway between two observed probabilities) that maximises F-beta of
    ``prob >= threshold`` against ``gold``; the highest such threshold on ties."""
    values = np.unique(prob)
    candidates = np.concatenate([[values[0]], (values[1:] + values[:-1]) / 2])
    best, best_t = -1.0, float(candidates[0])
    for t in candidates:
        pred = prob >= t
        tp = float((pred & gold).sum())
        p = tp / pred.sum() if pred.any() else 0.0
        r = tp / gold.sum() if gold.any() else 0.0
        f = (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0
        if f >= best:
            best, best_t = f, float(t)
    return best_t


def train(main: Features, extra: Features, config: TrainConfig) -> ContradictionModel:
    """Fit on ``main`` + ``extra``, with the threshold chosen by inner cross-validation on ``main``."""
    oof = np.zeros(len(main.y))
    folds = StratifiedKFold(config.inner_folds, shuffle=True, random_state=config.seed + 1)
    for fit_idx, held in folds.split(main.X, main.y):
        oof[held] = fit(main.take(fit_idx), extra, config).predict_proba(main.X[held])
    return fit(main, extra, config, choose_threshold(oof, main.y, config.beta))


def cross_validate(main: Features, extra: Features, config: TrainConfig, k: int) -> tuple[np.ndarray, list[float]]:
    """Predictions for every pair of ``main`` by ``k``-fold cross-validation (each fold scored by
    a model trained, threshold included, on ``extra`` + the other folds), and the thresholds."""
    pred = np.zeros(len(main.y), dtype=bool)
    thresholds = []
    for fit_idx, held in StratifiedKFold(k, shuffle=True, random_state=config.seed).split(main.X, main.y):
        model = train(main.take(fit_idx), extra, config)
        pred[held] = model.predict_proba(main.X[held]) >= model.threshold
        thresholds.append(round(model.threshold, 4))
    return pred, thresholds


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eval.train_contradiction", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model path (default: the packaged model)")
    ap.add_argument("--daccord", type=Path, default=shared_dir() / "data" / "daccord" / "daccord_dev.tsv")
    ap.add_argument("--rte3", type=Path, default=None, help="RTE3-FR folder (default ../shared/data/rte3-fr)")
    ap.add_argument("--cv", type=int, default=5, help="outer folds of the figures recorded in the .json (default 5)")
    ap.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).date().isoformat())
    args = ap.parse_args(argv)
    config = TrainConfig()
    daccord_pairs, rte3 = read_pairs(args.daccord), rte3_pairs(args.rte3)
    start = time.perf_counter()
    daccord = Features.of(daccord_pairs)
    per_pair = (time.perf_counter() - start) / len(daccord.y)
    extra = Features.of(rte3)
    pred, thresholds = cross_validate(daccord, extra, config, args.cv)
    cv = scores(list(pred), list(daccord.y))
    model = train(daccord, extra, config)
    model = ContradictionModel(model.mean, model.scale, model.coef, model.intercept, model.threshold, {
        "name": "contradiction-fr",
        "lang": "fr",
        "description": "Does a premise contradict a hypothesis? Logistic regression on rule and alignment features.",
        "data": {
            "daccord": f"{args.daccord.name} ({len(daccord.y)} pairs, {int(daccord.y.sum())} contradictions; weight 1)",
            "rte3": f"RTE3-FR dev + test ({len(extra.y)} pairs, {int(extra.y.sum())} contradictions; weight {config.rte3_weight})",
        },
        "licences": "DACCORD BSD-2, RTE3-FR BSD-2",
        "command": "python -m eval.train_contradiction",
        "date": args.date,
        "config": asdict(config),
        "threshold_choice": f"max F{config.beta:g} on inner {config.inner_folds}-fold out-of-fold probabilities of DACCORD dev",
        "cv": {"folds": args.cv, "data": args.daccord.name, **cv, "thresholds": thresholds},
    })
    npz, js = model.save(args.out)
    print(f"features: {1e6 * per_pair:.0f} microseconds per pair ({len(daccord.y)} DACCORD pairs, {len(FEATURE_NAMES)} features)")
    print(f"{args.cv}-fold CV on {args.daccord.name}: P {cv['precision']:.1f} R {cv['recall']:.1f} F1 {cv['f1']:.1f} "
          f"(n {cv['n']}); thresholds {thresholds}")
    print(f"threshold {model.threshold:.4f}; wrote {npz} and {js}")


if __name__ == "__main__":
    main()
