"""Known seq2seq summarization checkpoints and the generation settings of their model cards."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Every precision some backend runs; each backend says which it takes (backends.py).
PRECISIONS = ("fp32", "bf16", "fp16", "int8", "int8_float32")
LOSSY_PRECISIONS = ("bf16", "fp16", "int8", "int8_float32")


@dataclass(frozen=True)
class ModelPreset:
    """A known summarization checkpoint and the generation settings of its model card.

    Attributes:
        name: Short name (``barthez``...).
        model_id: Hugging Face Hub id.
        max_input_tokens: Encoder window used for chunking.
        prefix: Text prepended to every input (T5 task prefix).
        generation: ``generate()`` keyword arguments from the model card / config.
        languages: ISO 639-1 codes the model was trained on (empty: any).
        source: Where the defaults come from.
    """

    name: str
    model_id: str
    max_input_tokens: int
    prefix: str = ""
    generation: Mapping[str, Any] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    source: str = ""


XLSUM_LANGUAGES = (
    "am", "ar", "az", "bn", "my", "zh", "en", "fr", "gu", "ha", "hi", "ig", "id", "ja", "rn", "ko",
    "ky", "mr", "ne", "om", "ps", "fa", "pcm", "pt", "pa", "ru", "gd", "sr", "si", "so", "es", "sw",
    "ta", "te", "th", "ti", "tr", "uk", "ur", "uz", "vi", "cy", "yo",
)

PRESETS: Mapping[str, ModelPreset] = MappingProxyType(
    {
        "barthez": ModelPreset(
            name="barthez",
            model_id="moussaKam/barthez-orangesum-abstract",
            max_input_tokens=1024,
            generation=MappingProxyType(
                {"num_beams": 4, "max_length": 100, "min_length": 10, "length_penalty": 2.0,
                 "no_repeat_ngram_size": 3, "early_stopping": True}
            ),
            languages=("fr",),
            source="model card (generate max_length=100) and the summarization task_specific_params "
            "of the BARThez OrangeSum configs (4 beams, min_length 10, length_penalty 2.0, no_repeat_ngram_size 3)",
        ),
        "mt5-xlsum": ModelPreset(
            name="mt5-xlsum",
            model_id="csebuetnlp/mT5_multilingual_XLSum",
            max_input_tokens=512,
            generation=MappingProxyType({"num_beams": 4, "max_length": 84, "no_repeat_ngram_size": 2}),
            languages=XLSUM_LANGUAGES,
            source="model card (512 input tokens, 4 beams, max_length 84, no_repeat_ngram_size 2)",
        ),
        "t5-fr": ModelPreset(
            name="t5-fr",
            model_id="plguillou/t5-base-fr-sum-cnndm",
            max_input_tokens=512,
            prefix="summarize: ",
            languages=("fr",),
            source="model card (\"summarize: \" prefix; generation settings from the checkpoint's config)",
        ),
    }
)
