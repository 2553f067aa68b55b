"""Sentence importance learnt on OrangeSum: features, a NumPy tree ensemble, the shipped model."""

from .features import FEATURE_NAMES, content_terms, sentence_features
from .lexical import LEXICAL_FEATURE_NAMES, LexicalScorer
from .model import DEFAULT_MODEL, ExtractiveModel, load_model, model_path
from .trees import TreeEnsemble

__all__ = [
    "DEFAULT_MODEL", "ExtractiveModel", "FEATURE_NAMES", "LEXICAL_FEATURE_NAMES", "LexicalScorer", "TreeEnsemble",
    "content_terms", "load_model", "model_path",
    "sentence_features",
]
