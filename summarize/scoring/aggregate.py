"""Aggregating per-pair ROUGE scores: means with seeded bootstrap confidence intervals, and the
paired bootstrap test between two systems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd


class Score(NamedTuple):
    """Precision, recall and F1 of one ROUGE type for one pair (same fields as rouge_score)."""

    precision: float
    recall: float
    fmeasure: float


@dataclass(frozen=True)
class Interval:
    """Mean of a per-pair score with a bootstrap confidence interval."""

    mean: float
    low: float
    high: float

    def to_dict(self, scale: float = 1.0, digits: int = 2) -> dict[str, float]:
        return {k: round(getattr(self, k) * scale, digits) for k in ("mean", "low", "high")}


def bootstrap_means(values: np.ndarray, *, n_bootstrap: int = 1000, seed: int = 0) -> np.ndarray:
    """Means of the columns of ``values`` (n, k) over ``n_bootstrap`` resamples of its rows.

    Deterministic for a given seed (``numpy.random.default_rng``); every column sees the same
    resamples. Returns an array of shape (n_bootstrap, k).
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_bootstrap, n))
    # How often each row is drawn in each resample; one matrix product then gives every mean.
    counts = np.bincount((idx + n * np.arange(n_bootstrap)[:, None]).ravel(), minlength=n * n_bootstrap)
    return counts.reshape(n_bootstrap, n) @ values / n


def bootstrap_intervals(
    values: np.ndarray, *, n_bootstrap: int = 1000, confidence: float = 0.95, seed: int = 0
) -> list[Interval]:
    """Percentile bootstrap CI of the mean of each column of ``values`` (n, k)."""
    values = np.asarray(values, dtype=float)
    means = values.mean(axis=0)
    if n_bootstrap <= 0 or len(values) < 2:
        return [Interval(float(m), float(m), float(m)) for m in means]
    alpha = (1 - confidence) / 2
    lows, highs = np.quantile(bootstrap_means(values, n_bootstrap=n_bootstrap, seed=seed), [alpha, 1 - alpha], axis=0)
    return [Interval(float(m), float(lo), float(hi)) for m, lo, hi in zip(means, lows, highs)]


@dataclass(frozen=True)
class RougeResult:
    """Per-pair scores and corpus aggregates of one scoring run.

    Attributes:
        ids: Pair ids, in order.
        scores: ``{rouge_type: array of shape (n, 3)}`` with precision, recall, F1 per pair.
        tokenizer: Tokenization label (``fr``, ``fr+stem``, ``compat``).
        aggregate: ``{rouge_type: {"precision"|"recall"|"fmeasure": Interval}}``.
        n_empty_predictions: Empty predictions (scored 0).
    """

    ids: list[str]
    scores: dict[str, np.ndarray]
    tokenizer: str
    aggregate: dict[str, dict[str, Interval]]
    n_bootstrap: int
    confidence: float
    seed: int
    n_empty_predictions: int = 0

    @classmethod
    def from_scores(
        cls,
        rows: list[dict[str, Score]],
        *,
        ids: list[str],
        rouge_types: Sequence[str],
        tokenizer: str,
        n_bootstrap: int = 1000,
        confidence: float = 0.95,
        seed: int = 0,
        n_empty_predictions: int = 0,
    ) -> RougeResult:
        scores = {t: np.array([tuple(r[t]) for r in rows], dtype=float).reshape(-1, 3) for t in rouge_types}
        intervals = iter(
            bootstrap_intervals(
                np.hstack(list(scores.values())), n_bootstrap=n_bootstrap, confidence=confidence, seed=seed
            )
        )
        aggregate = {t: {name: next(intervals) for name in Score._fields} for t in scores}
        return cls(ids, scores, tokenizer, aggregate, n_bootstrap, confidence, seed, n_empty_predictions)

    def fmeasure(self, rouge_type: str) -> np.ndarray:
        """Per-pair F1 of ``rouge_type``."""
        return self.scores[rouge_type][:, 2]

    def to_dict(self, scale: float = 100.0, digits: int = 2) -> dict[str, Any]:
        """JSON-ready summary: F1/P/R means and CIs (x100 by default), tokenizer, settings."""
        return {
            "tokenizer": self.tokenizer,
            "n": len(self.ids),
            "n_empty_predictions": self.n_empty_predictions,
            "confidence": self.confidence,
            "n_bootstrap": self.n_bootstrap,
            "seed": self.seed,
            "scores": {
                t: {name: iv.to_dict(scale, digits) for name, iv in agg.items()}
                for t, agg in self.aggregate.items()
            },
        }

    def to_frame(self) -> pd.DataFrame:
        """Per-pair table (pandas): one row per id, ``<type>_<p|r|f>`` columns."""
        data: dict[str, Any] = {"id": self.ids}
        for t, arr in self.scores.items():
            for k, short in enumerate("prf"):
                data[f"{t}_{short}"] = arr[:, k]
        return pd.DataFrame(data)


@dataclass(frozen=True)
class PairedTest:
    """Paired bootstrap comparison of two systems on the same pairs (A − B on F1)."""

    rouge_type: str
    delta: Interval
    p_value: float  # one-sided: probability that A is not better than B

    def to_dict(self, scale: float = 100.0) -> dict[str, Any]:
        return {"rouge_type": self.rouge_type, "delta": self.delta.to_dict(scale), "p_value": round(self.p_value, 4)}


def paired_bootstrap(
    a: RougeResult, b: RougeResult, rouge_type: str = "rouge1", *, n_bootstrap: int = 1000, seed: int = 0
) -> PairedTest:
    """Is system A better than B on these articles? Paired bootstrap over the pairs.

    ``p_value`` is the share of resamples where A's mean F1 is not above B's (one-sided).

    Raises:
        ValueError: the two results do not cover the same ids in the same order, or used
            different tokenizations.
    """
    if a.ids != b.ids:
        raise ValueError("paired test needs both systems scored on the same ids, in the same order")
    if a.tokenizer != b.tokenizer:
        raise ValueError(f"tokenizations differ ({a.tokenizer} vs {b.tokenizer}); score both the same way")
    diff = a.fmeasure(rouge_type) - b.fmeasure(rouge_type)
    means = bootstrap_means(diff[:, None], n_bootstrap=n_bootstrap, seed=seed)[:, 0]
    low, high = np.quantile(means, [0.025, 0.975])
    return PairedTest(rouge_type, Interval(float(diff.mean()), float(low), float(high)), float(np.mean(means <= 0)))
