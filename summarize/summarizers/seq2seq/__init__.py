"""Abstractive summarization with ``transformers`` seq2seq checkpoints (the ``abstractive`` extra).

* ``presets``: known checkpoints (BARThez, mT5-XLSum, T5-fr) and their model-card settings;
* ``loading``: finding a checkpoint from local files only, :func:`download_model` as the one
  explicit download, :class:`ModelNotAvailableError` that says how to get missing weights;
* ``backends``: ``transformers`` (default) and ``ctranslate2`` (the ``ctranslate2`` extra;
  converts a checkpoint once into a cache folder);
* ``summarizer``: :class:`Seq2SeqSummarizer` (chunking, length batching, length control);
* ``tiny``: tiny random checkpoints built locally for tests, CI and the notebooks.

Importing this package does not import torch or ctranslate2; building a summarizer does.
"""

from .backends import BACKENDS, CT2_COMPUTE_TYPES, TRANSFORMERS_PRECISIONS, convert_checkpoint, translate_options
from .loading import Checkpoint, ModelNotAvailableError, download_model, find_checkpoint, missing_folder_message, resolve_model
from .presets import LOSSY_PRECISIONS, PRECISIONS, PRESETS, ModelPreset
from .summarizer import Seq2SeqSummarizer, length_batches

__all__ = [
    "BACKENDS", "CT2_COMPUTE_TYPES", "LOSSY_PRECISIONS", "PRECISIONS", "PRESETS", "TRANSFORMERS_PRECISIONS", "Checkpoint",
    "ModelNotAvailableError", "ModelPreset", "Seq2SeqSummarizer", "convert_checkpoint", "download_model",
    "find_checkpoint", "length_batches", "missing_folder_message", "resolve_model", "translate_options",
]
