"""Loading seq2seq checkpoints with ``from_pretrained``: local files only, explicit downloads.

Weights load from a local directory, or from a Hub id that is already in the local Hugging Face
cache; loading never downloads. Fetching weights is a separate, explicit step
(:func:`download_model`, ``summarize download NAME``). When weights are missing,
:class:`ModelNotAvailableError` says which model and how to get it. Nothing falls back silently to
another model.
"""

from __future__ import annotations

from pathlib import Path

from ...extras import require
from .presets import LOSSY_PRECISIONS, PRECISIONS, PRESETS, ModelPreset

__all__ = ["LOSSY_PRECISIONS", "PRECISIONS", "ModelNotAvailableError", "download_model", "load_seq2seq", "resolve_model"]

class ModelNotAvailableError(OSError):
    """The weights of a model are neither local nor downloadable here; the message says how to get them."""


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
        f"and loading never downloads ({reason}).\n"
        "To use it:\n"
        f"  1. on a machine with internet access: summarize download {name} --to {folder}\n"
        f"     (or: hf download {model_id} --local-dir {folder})\n"
        f"  2. copy the folder '{folder}' to this machine if needed and pass its path: "
        f"summarize run INPUT --out OUT --model path/to/{folder}\n"
        "  or point HF_HOME at a Hugging Face cache that holds it."
    )


def download_model(name_or_id: str, local_dir: str | Path | None = None) -> Path:
    """Download a preset or Hub checkpoint (the only function of the toolkit that downloads).

    Args:
        name_or_id: Preset name (``barthez``, ``mt5-xlsum``, ``t5-fr``) or Hub id.
        local_dir: Folder to write the checkpoint to (default: the Hugging Face cache).

    Returns:
        The folder holding the checkpoint, to pass as ``--model``.

    Raises:
        ModelNotAvailableError: the download failed (no network, unknown id); the message says why.
    """
    require("abstractive", "downloading a seq2seq model")
    from huggingface_hub import snapshot_download

    model_id = PRESETS[name_or_id].model_id if name_or_id in PRESETS else str(name_or_id)
    try:
        return Path(snapshot_download(model_id, local_dir=str(local_dir) if local_dir else None))
    except Exception as exc:  # huggingface_hub raises many types (HTTP, offline mode, not found)
        raise ModelNotAvailableError(
            f"could not download '{model_id}': {type(exc).__name__}: {str(exc).splitlines()[0][:300]}; "
            "run this on a machine with access to huggingface.co, then copy the folder here"
        ) from exc


def load_seq2seq(name_or_path: str | Path, *, device: str | None = None, precision: str = "fp32"):
    """Load tokenizer and model with ``from_pretrained``.

    Args:
        name_or_path: Preset name (``barthez``, ``mt5-xlsum``, ``t5-fr``), Hub id in the local
            cache, or local directory.
        device: ``cuda``, ``cpu``... (default: CUDA when available, else CPU).
        precision: ``fp32`` (default, exact), or the lossy opt-ins ``bf16``, ``fp16`` (GPU), ``int8``
            (dynamic quantization of linear layers, CPU).

    Returns:
        ``(tokenizer, model, preset, device)``; the model is in eval mode on ``device``.

    Raises:
        ModelNotAvailableError: weights missing here (the message says how to get them).
        MissingExtraError: torch/transformers are not installed (the ``abstractive`` extra).
        ValueError: unknown precision, or a precision the device cannot run.
    """
    require("abstractive", "abstractive summarization")
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
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError) as exc:
        if local:
            raise ModelNotAvailableError(f"{source}: could not load the model from this directory: {exc}") from exc
        reason = f"{str(exc).splitlines()[0][:200]}"
        raise ModelNotAvailableError(_missing_message(str(name_or_path), source, reason)) from exc
    model.eval()
    if precision == "int8":
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    elif precision in ("bf16", "fp16"):
        model = model.to(torch.bfloat16 if precision == "bf16" else torch.float16)
    return tokenizer, model.to(device), preset, device
