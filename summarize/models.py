"""Sequence-to-sequence summarization models: presets, offline-aware loading, device and precision.

Weights load with ``from_pretrained`` from a local directory, or from a Hub id that is already in
the local Hugging Face cache. When they are missing and cannot be downloaded (offline machine,
``HF_HUB_OFFLINE=1``), :class:`ModelNotAvailableError` says which model, why, and how to get it.
Nothing falls back silently to another model.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

PRECISIONS = ("fp32", "bf16", "fp16", "int8")
LOSSY_PRECISIONS = ("bf16", "fp16", "int8")


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


class ModelNotAvailableError(OSError):
    """The weights of a model are neither local nor downloadable here; the message says how to get them."""


def hub_offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) asks for no network access."""
    return any(os.environ.get(v, "").strip().lower() in {"1", "true", "yes", "on"} for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def resolve_model(name_or_path: str | Path) -> tuple[str, ModelPreset | None]:
    """``(what to pass to from_pretrained, preset)`` for a preset name, Hub id or local directory.

    Raises:
        ModelNotAvailableError: a path that exists but is not a model directory.
    """
    key = str(name_or_path)
    if key in PRESETS:
        return PRESETS[key].model_id, PRESETS[key]
    path = Path(key).expanduser()
    if path.exists():
        if not (path / "config.json").is_file():
            raise ModelNotAvailableError(
                f"{path} is not a model directory (no config.json); pass a folder written by "
                "save_pretrained() or downloaded from the Hub"
            )
        return str(path), None
    preset = next((p for p in PRESETS.values() if p.model_id == key), None)
    return key, preset


def _missing_message(name: str, model_id: str, reason: str) -> str:
    from huggingface_hub.constants import HF_HUB_CACHE

    folder = model_id.rsplit("/", 1)[-1]
    label = f"'{name}' ({model_id})" if name != model_id else f"'{model_id}'"
    return (
        f"model {label} is not available: it is not in the local Hugging Face cache ({HF_HUB_CACHE}) "
        f"and cannot be downloaded here ({reason}).\n"
        "To use it:\n"
        f"  1. on a machine with internet access: hf download {model_id} --local-dir {folder}\n"
        f"     (or: python -c \"from huggingface_hub import snapshot_download; snapshot_download('{model_id}', local_dir='{folder}')\")\n"
        f"  2. copy the folder '{folder}' to this machine and pass its path: "
        f"summarize run INPUT --out OUT --model path/to/{folder}\n"
        "  or point HF_HOME at a Hugging Face cache that holds it."
    )


def load_seq2seq(name_or_path: str | Path, *, device: str | None = None, precision: str = "fp32"):
    """Load tokenizer and model with ``from_pretrained``.

    Args:
        name_or_path: Preset name (``barthez``, ``mt5-xlsum``, ``t5-fr``), Hub id, or local directory.
        device: ``cuda``, ``cpu``... (default: CUDA when available, else CPU).
        precision: ``fp32`` (default, exact), or the lossy opt-ins ``bf16``, ``fp16`` (GPU), ``int8``
            (dynamic quantization of linear layers, CPU).

    Returns:
        ``(tokenizer, model, preset, device)``; the model is in eval mode on ``device``.

    Raises:
        ModelNotAvailableError: weights missing and not downloadable (message says how to get them).
        ValueError: unknown precision, or a precision the device cannot run.
    """
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision '{precision}'; expected one of {PRECISIONS}")
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if precision == "fp16" and not device.startswith("cuda"):
        raise ValueError("fp16 generation needs a GPU; on CPU use bf16 or int8")
    if precision == "int8" and device != "cpu":
        raise ValueError("int8 dynamic quantization runs on CPU only; on GPU use fp16 or bf16")
    source, preset = resolve_model(name_or_path)
    local = Path(source).exists()
    attempts = [True] if local or hub_offline() else [True, False]
    last: Exception | None = None
    for local_only in attempts:
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
            model = AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=local_only)
            break
        except (OSError, ValueError) as exc:
            if local:
                raise ModelNotAvailableError(f"{source}: could not load the model from this directory: {exc}") from exc
            last = exc
    else:
        reason = "HF_HUB_OFFLINE is set" if hub_offline() else f"download failed: {str(last).splitlines()[0][:200]}"
        raise ModelNotAvailableError(_missing_message(str(name_or_path), source, reason)) from last
    model.eval()
    if precision == "int8":
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    elif precision in ("bf16", "fp16"):
        model = model.to(torch.bfloat16 if precision == "bf16" else torch.float16)
    return tokenizer, model.to(device), preset, device
