"""Sentence importance learnt on OrangeSum (and on many languages): features, a NumPy tree ensemble,
the shipped models."""

from .features import FEATURE_NAMES, GRAPH_FEATURE_NAMES, content_terms, graph_features, sentence_features
from .lexical import LEXICAL_FEATURE_NAMES, LexicalScorer
from .model import DEFAULT_MODEL, MULTILINGUAL, MULTILINGUAL_MODEL, ExtractiveModel, load_model, model_path
from .trees import TreeEnsemble

__all__ = [
    "DEFAULT_MODEL", "MULTILINGUAL", "MULTILINGUAL_MODEL", "ExtractiveModel", "FEATURE_NAMES", "GRAPH_FEATURE_NAMES", "LEXICAL_FEATURE_NAMES", "LexicalScorer", "TreeEnsemble",
    "content_terms", "graph_features", "load_model", "model_path",
    "sentence_features",
]
