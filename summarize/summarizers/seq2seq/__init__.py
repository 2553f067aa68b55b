"""Abstractive summarization with ``transformers`` seq2seq checkpoints (the ``abstractive`` extra).

* ``presets``: known checkpoints (BARThez, mT5-XLSum, T5-fr) and their model-card settings;
* ``loading``: ``from_pretrained`` from local files only, :func:`download_model` as the one
  explicit download, :class:`ModelNotAvailableError` that says how to get missing weights;
* ``summarizer``: :class:`Seq2SeqSummarizer` (chunking, length batching, generation);
* ``tiny``: tiny random checkpoints built locally for tests, CI and the notebooks.

Importing this package does not import torch; building a summarizer does.
"""

from .loading import ModelNotAvailableError, download_model, load_seq2seq, resolve_model
from .presets import LOSSY_PRECISIONS, PRECISIONS, PRESETS, ModelPreset
from .summarizer import Seq2SeqSummarizer, length_batches

__all__ = [
    "LOSSY_PRECISIONS", "PRECISIONS", "PRESETS", "ModelNotAvailableError", "ModelPreset", "Seq2SeqSummarizer",
    "download_model", "length_batches", "load_seq2seq", "resolve_model",
]
