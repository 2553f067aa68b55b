"""Supervised extractive summarizer trained on OrangeSum (the offline default for French).

A gradient-boosted tree ensemble scores each sentence (features: ``summarize.sentence_features``)
by how likely the greedy ROUGE oracle is to pick it; the best sentences are kept under a word
budget tuned on OrangeSum valid. The model ships in the package
(``summarize/data/models/orangesum-ext-fr.npz`` + ``.json`` with its training metadata) and is
rebuilt by ``python -m eval.train_extractive``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..records import Article
from ..segment import split_sentences
from ..sentence_features import FEATURE_NAMES, sentence_features
from ..tree_ensemble import TreeEnsemble
from ._base import Summarizer
from .select import select_by_score

DEFAULT_MODEL = "orangesum-ext-fr"


@dataclass(frozen=True)
class ExtractiveModel:
    """Sentence scorer + the IDF table its features need + training metadata."""

    trees: TreeEnsemble
    idf: dict[str, float]
    default_idf: float
    metadata: dict[str, Any]

    @property
    def lang(self) -> str:
        return self.metadata["lang"]

    def score(self, sentences: list[str], title: str | None) -> np.ndarray:
        """Probability that each sentence belongs in the summary."""
        X = sentence_features(sentences, title, self.idf, self.default_idf, self.lang)
        return self.trees.predict_proba(X) if len(X) else np.zeros(0)

    def save(self, path: str | Path) -> tuple[Path, Path]:
        """Write ``<path>.npz`` (arrays) and ``<path>.json`` (metadata)."""
        base = Path(path).with_suffix("")
        terms = sorted(self.idf)
        np.savez_compressed(
            base.with_suffix(".npz"),
            idf_terms=np.array(terms),
            idf_values=np.array([self.idf[t] for t in terms], dtype=np.float32),
            default_idf=np.array(self.default_idf),
            **self.trees.to_arrays(),
        )
        base.with_suffix(".json").write_text(json.dumps(self.metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return base.with_suffix(".npz"), base.with_suffix(".json")


def model_path(name_or_path: str | Path) -> Path:
    """Path of a model's ``.npz`` from a packaged model name or a file path.

    Raises:
        FileNotFoundError: neither a packaged model nor an existing file; says how to build one.
    """
    p = Path(name_or_path)
    if p.suffix == ".npz" and p.exists():
        return p
    packaged = Path(str(resources.files("summarize").joinpath("data", "models", f"{name_or_path}.npz")))
    if packaged.exists():
        return packaged
    raise FileNotFoundError(
        f"extractive model '{name_or_path}' not found (neither a packaged model nor a .npz file); "
        "build one with: python -m eval.train_extractive --out <path>.npz"
    )


@lru_cache(maxsize=8)
def load_model(name_or_path: str = DEFAULT_MODEL) -> ExtractiveModel:
    """Load (once per process) a model by packaged name or ``.npz`` path."""
    path = model_path(name_or_path)
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if tuple(meta["feature_names"]) != FEATURE_NAMES:
        raise ValueError(
            f"{path} was trained with other features than this version computes; "
            "retrain it with python -m eval.train_extractive"
        )
    with np.load(path, allow_pickle=False) as arrays:
        idf = dict(zip(arrays["idf_terms"].tolist(), arrays["idf_values"].astype(float).tolist()))
        return ExtractiveModel(TreeEnsemble.from_arrays(arrays), idf, float(arrays["default_idf"]), meta)


@dataclass(frozen=True)
class SupervisedExtractiveSummarizer(Summarizer):
    """Best-scored sentences under a word budget.

    Args:
        model: Packaged model name or path to a ``.npz`` written by the training script.
        budget_words: Length budget; ``None`` uses the value tuned on OrangeSum valid (the
            fill ratio is always the tuned one).
        max_sentences: At most this many sentences.
        candidates: Only the this many best-scored sentences are considered (3, tuned on valid).
        redundancy: Skip a sentence this similar (content-word Jaccard) to a kept one.

    Raises:
        ValueError: (when summarizing) an article in another language than the model's.
    """

    model: str = DEFAULT_MODEL
    budget_words: int | None = None
    max_sentences: int = 3
    candidates: int = 3
    redundancy: float = 0.5

    def __post_init__(self) -> None:
        load_model(str(self.model))  # fail at construction if the model is missing
        if self.budget_words is not None and self.budget_words < 1:
            raise ValueError(f"budget_words must be >= 1, got {self.budget_words}")

    @property
    def name(self) -> str:  # type: ignore[override]
        return load_model(str(self.model)).metadata["name"]

    def summarize_sentences(self, article: Article) -> list[str]:
        model = load_model(str(self.model))
        lang = article.lang or model.lang
        if lang != model.lang:
            raise ValueError(
                f"the {self.name} model is trained on '{model.lang}' text, this article is '{lang}'; "
                "use the 'auto' or 'textrank' summarizer for other languages"
            )
        sentences = split_sentences(article.text, lang)
        if not sentences:
            return []
        budget = self.budget_words or int(model.metadata["budget_words"])
        keep = select_by_score(
            sentences, model.score(sentences, article.title), budget_words=budget,
            max_sentences=self.max_sentences, candidates=self.candidates, redundancy=self.redundancy,
            fill=float(model.metadata["fill"]),
        )
        return [sentences[i] for i in keep]
