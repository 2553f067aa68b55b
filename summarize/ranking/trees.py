"""Prediction with a gradient-boosted tree ensemble stored as plain arrays (``.npz``).

Written by hand on purpose: the ensemble is trained with scikit-learn's
``HistGradientBoostingClassifier`` (``eval/train_extractive.py``), but shipping its pickle would
tie the package to one scikit-learn version and load code from a pickle. Exporting the trees'
node arrays and walking them with NumPy (a dozen lines) keeps the artifact small, portable and
safe (``np.load(..., allow_pickle=False)``). ``tests/test_extractive.py`` checks that the
predictions equal scikit-learn's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

# Samples walked through the trees together (their arrays stay in cache; measured 128-512 alike).
_BLOCK_ROWS = 256


@dataclass(frozen=True)
class TreeEnsemble:
    """Binary classifier: ``sigmoid(baseline + sum of tree leaf values)``.

    Nodes of all trees are concatenated; ``roots[t]`` is the index of tree ``t``'s root.
    A sample goes left when ``x[feature] <= threshold`` (or when the value is missing and
    ``missing_left``).
    """

    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    missing_left: np.ndarray
    is_leaf: np.ndarray
    value: np.ndarray

    @classmethod
    def from_sklearn(cls, model) -> TreeEnsemble:
        """Export a fitted binary ``HistGradientBoostingClassifier`` (numerical features only)."""
        names = ("feature", "threshold", "left", "right", "missing_left", "is_leaf", "value")
        parts: dict[str, list[np.ndarray]] = {k: [] for k in names}
        roots: list[int] = []
        offset = 0
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported by this exporter")
            roots.append(offset)
            parts["feature"].append(nodes["feature_idx"].astype(np.int32))
            parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
            parts["left"].append(nodes["left"].astype(np.int32) + offset)
            parts["right"].append(nodes["right"].astype(np.int32) + offset)
            parts["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
            parts["is_leaf"].append(nodes["is_leaf"].astype(bool))
            parts["value"].append(nodes["value"].astype(np.float64))
            offset += len(nodes)
        arrays = {k: np.concatenate(v) for k, v in parts.items()}
        return cls(float(np.ravel(model._baseline_prediction)[0]), np.array(roots, dtype=np.int32), **arrays)

    def to_arrays(self, prefix: str = "tree_") -> dict[str, np.ndarray]:
        return {
            f"{prefix}{k}": np.asarray(getattr(self, k))
            for k in ("baseline", "roots", "feature", "threshold", "left", "right", "missing_left", "is_leaf", "value")
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str = "tree_") -> TreeEnsemble:
        get = lambda k: np.asarray(arrays[f"{prefix}{k}"])  # noqa: E731
        return cls(
            float(get("baseline")), get("roots"), get("feature"), get("threshold"), get("left"),
            get("right"), get("missing_left"), get("is_leaf"), get("value"),
        )

    @cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Children with leaves pointing to themselves (so that every sample can take the same
        number of steps without masks), split features with 0 at leaves, and the deepest path."""
        idx = np.arange(len(self.feature), dtype=np.int64)
        left = np.where(self.is_leaf, idx, self.left).astype(np.int64)
        right = np.where(self.is_leaf, idx, self.right).astype(np.int64)
        feature = np.where(self.is_leaf, 0, self.feature).astype(np.int64)
        depth, frontier = 0, self.roots[~self.is_leaf[self.roots]].astype(np.int64)
        while len(frontier):  # the split nodes at each depth
            children = np.unique(np.concatenate([left[frontier], right[frontier]]))
            frontier = children[~self.is_leaf[children]]
            depth += 1
        return left, right, feature, depth

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds), shape ``(n_samples,)``."""
        X = np.asarray(X, dtype=float)
        if len(X) == 0:
            return np.zeros(0)
        # Rows are independent: blocks keep the working arrays in cache (same leaves, same sums).
        blocks = [self._leaves(X[start : start + _BLOCK_ROWS]) for start in range(0, len(X), _BLOCK_ROWS)]
        return self.baseline + self.value[np.concatenate(blocks)].sum(axis=1)

    def _leaves(self, X: np.ndarray) -> np.ndarray:
        """The leaf each sample reaches in each tree, shape ``(n_samples, n_trees)``.

        Only the (sample, tree) pairs still at a split node take each step: most paths end after
        3-4 splits while the deepest takes 20, so this is several times less work than moving
        every pair for the deepest path's number of steps."""
        left, right, feature, _ = self._walk
        n_trees = len(self.roots)
        node = np.tile(self.roots.astype(np.int64), len(X))  # (sample, tree) pairs, row-major
        row_start = np.repeat(np.arange(len(X), dtype=np.int64) * X.shape[1], n_trees)
        flat = X.ravel()
        has_nan = bool(np.isnan(X).any())
        active = np.flatnonzero(~self.is_leaf[node])
        while len(active):
            current = node[active]
            x = flat[row_start[active] + feature[current]]
            go_left = x <= self.threshold[current]
            if has_nan:
                go_left = np.where(np.isnan(x), self.missing_left[current], go_left)
            nxt = np.where(go_left, left[current], right[current])
            node[active] = nxt
            active = active[~self.is_leaf[nxt]]
        return node.reshape(len(X), n_trees)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class, shape ``(n_samples,)``."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(X)))
