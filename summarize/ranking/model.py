"""The ext-fr sentence scorer: a tree ensemble over sentence features, trained on OrangeSum.

It scores how likely the greedy ROUGE oracle is to pick each sentence. Two stages use it: the
``ext-fr`` summarizer (``summarize.summarizers.extractive``) and the extractive merger (sentence
importance). The model ships in the package (``summarize/data/models/orangesum-ext-fr.npz`` +
``.json`` with its training metadata), loads without pickle, and is rebuilt by
``python -m eval.train_extractive``. A model with a lexical scorer (``lexical_coef`` in its
arrays, :mod:`summarize.ranking.lexical`) gives the trees three more columns; the first model
(``orangesum-ext-fr-v1``, without it) still loads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .features import FEATURE_NAMES, GRAPH_FEATURE_NAMES, graph_features, sentence_features
from .lexical import LEXICAL_FEATURE_NAMES, LexicalScorer
from .trees import TreeEnsemble

DEFAULT_MODEL = "orangesum-ext-fr"
MULTILINGUAL_MODEL = "ext-multi"
# The ``lang`` of a model trained on many languages (ISO 639-2 "multiple languages").
MULTILINGUAL = "mul"


@dataclass(frozen=True)
class ExtractiveModel:
    """Sentence scorer + the IDF table its features need (+ the lexical scorer whose output it
    reads, if any) + training metadata."""

    trees: TreeEnsemble
    idf: dict[str, float]
    default_idf: float
    metadata: dict[str, Any]
    lexical: LexicalScorer | None = None

    @property
    def lang(self) -> str:
        return self.metadata["lang"]

    @property
    def feature_names(self) -> tuple[str, ...]:
        """Columns the trees read: ``FEATURE_NAMES`` (+ ``LEXICAL_FEATURE_NAMES``) (+ ``GRAPH_FEATURE_NAMES``)."""
        graph = GRAPH_FEATURE_NAMES if self.metadata.get("graph_features") else ()
        return FEATURE_NAMES + (LEXICAL_FEATURE_NAMES if self.lexical is not None else ()) + graph

    @property
    def multilingual(self) -> bool:
        """Trained on many languages (``lang`` is ``mul``): its features read no language's
        vocabulary, and stop words are those of each article's language."""
        return self.lang == MULTILINGUAL

    def features(
        self, sentences: list[str], title: str | None, lang: str | None = None, *, lexical: np.ndarray | None = None
    ) -> np.ndarray:
        """The tree ensemble's input, shape ``(len(sentences), len(self.feature_names))``
        (``lang``: the article's language, for a multilingual model's stop words; ``lexical``: the
        lexical scorer's columns when already computed, see :meth:`score_many`)."""
        idf = None if self.metadata.get("in_document_idf") else self.idf
        X = sentence_features(sentences, title, idf, self.default_idf, lang if self.multilingual and lang else self.lang)
        if self.lexical is not None:
            X = np.hstack([X, self.lexical.features(sentences) if lexical is None else lexical])
        if self.metadata.get("graph_features"):
            X = np.hstack([X, graph_features(sentences, lang if self.multilingual and lang else self.lang)])
        return X

    def score(self, sentences: list[str], title: str | None, lang: str | None = None) -> np.ndarray:
        """Probability that each sentence belongs in the summary."""
        X = self.features(sentences, title, lang)
        return self.trees.predict_proba(X) if len(X) else np.zeros(0)

    def score_many(self, articles: Sequence[tuple[list[str], str | None, str | None]]) -> list[np.ndarray]:
        """:meth:`score` of several articles (``(sentences, title, lang)`` each), equal to it
        article by article: the lexical scorer and the trees run once for all (their rows are
        independent), the other features per article."""
        if not articles:
            return []
        lexical = self.lexical.features_many([s for s, _, _ in articles]) if self.lexical is not None else None
        parts = [
            self.features(sentences, title, lang, lexical=None if lexical is None else lexical[k])
            for k, (sentences, title, lang) in enumerate(articles)
        ]
        X = np.vstack(parts)
        scores = self.trees.predict_proba(X) if len(X) else np.zeros(0)
        return np.split(scores, np.cumsum([len(part) for part in parts])[:-1])

    def save(self, path: str | Path) -> tuple[Path, Path]:
        """Write ``<path>.npz`` (arrays) and ``<path>.json`` (metadata)."""
        base = Path(path).with_suffix("")
        terms = sorted(self.idf)
        # Any: numpy types savez_compressed(**kwds) so that a key could be its allow_pickle flag
        arrays: dict[str, Any] = {
            "idf_terms": np.array(terms),
            "idf_values": np.array([self.idf[t] for t in terms], dtype=np.float32),
            "default_idf": np.array(self.default_idf),
            **self.trees.to_arrays(),
        }
        if self.lexical is not None:
            arrays.update(lexical_coef=self.lexical.coef.astype(np.float32), lexical_intercept=np.array(self.lexical.intercept))
        np.savez_compressed(base.with_suffix(".npz"), **arrays)
        base.with_suffix(".json").write_text(json.dumps(self.metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return base.with_suffix(".npz"), base.with_suffix(".json")


def model_path(name_or_path: str | Path, *, kind: str = "extractive", trainer: str = "eval.train_extractive") -> Path:
    """Path of a shipped model's ``.npz`` (``summarize/data/models``) from its packaged name or a
    file path; ``kind`` and ``trainer`` name the model and its training module in the error.

    Raises:
        FileNotFoundError: neither a packaged model nor an existing file; says how to build one.
    """
    p = Path(name_or_path)
    if p.suffix == ".npz" and p.exists():
        return p
    packaged = Path(str(resources.files("summarize") / "data" / "models" / f"{name_or_path}.npz"))
    if packaged.exists():
        return packaged
    raise FileNotFoundError(
        f"{kind} model '{name_or_path}' not found (neither a packaged model nor a .npz file); "
        f"build one with: python -m {trainer} --out <path>.npz"
    )


@lru_cache(maxsize=8)
def load_model(name_or_path: str = DEFAULT_MODEL) -> ExtractiveModel:
    """Load (once per process) a model by packaged name or ``.npz`` path."""
    trainer = "eval.train_multilingual --masakhanews DIR" if str(name_or_path) == MULTILINGUAL_MODEL else "eval.train_extractive"
    path = model_path(name_or_path, trainer=trainer)
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    with np.load(path, allow_pickle=False) as arrays:
        idf = dict(zip(arrays["idf_terms"].tolist(), arrays["idf_values"].astype(float).tolist()))
        lexical = None
        if "lexical_coef" in arrays:
            lexical = LexicalScorer(arrays["lexical_coef"].astype(np.float64), float(arrays["lexical_intercept"]), meta["lexical"]["hashing"])
        model = ExtractiveModel(TreeEnsemble.from_arrays(arrays), idf, float(arrays["default_idf"]), meta, lexical)
    if tuple(meta["feature_names"]) != model.feature_names:
        raise ValueError(
            f"{path} was trained with other features than this version computes; "
            "retrain it with python -m eval.train_extractive"
        )
    return model
