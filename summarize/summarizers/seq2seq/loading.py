"""Loading seq2seq checkpoints with ``from_pretrained``: local files only, explicit downloads.

Weights load from a local directory, or from a Hub id that is already in the local Hugging Face
cache; loading never downloads. Fetching weights is a separate, explicit step
(:func:`download_model`, ``summarize download NAME``). When weights are missing,
:class:`ModelNotAvailableError` says which model and how to get it. Nothing falls back silently to
another model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...extras import require
from .presets import PRESETS, ModelPreset

__all__ = ["Checkpoint", "ModelNotAvailableError", "download_model", "find_checkpoint", "missing_folder_message", "resolve_model"]

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
        if (path / "model.bin").is_file() and not (path / "hf" / "config.json").is_file():
            raise ModelNotAvailableError(
                f"{path} is a CTranslate2 model without its transformers tokenizer and config: "
                "pass the transformers checkpoint instead (the toolkit converts and caches it), or "
                f"put the tokenizer files and config.json in {path / 'hf'}"
            )
        if not (path / "config.json").is_file() and not (path / "model.bin").is_file():
            raise ModelNotAvailableError(
                f"{path} is not a model directory (no config.json); pass a folder written by "
                "save_pretrained() or downloaded from the Hub"
            )
        return str(path), None
    preset = next((p for p in PRESETS.values() if p.model_id == key), None)
    return key, preset


def _missing_message(name: str, model_id: str, reason: str) -> str:
    """One line: which model is missing, and how to get it (``reason`` is kept for the logs)."""
    from huggingface_hub.constants import HF_HUB_CACHE

    folder = model_id.rsplit("/", 1)[-1]
    label = f"'{name}' ({model_id})" if name != model_id else f"'{model_id}'"
    return (
        f"model {label} is not on this machine: it is not in the local Hugging Face cache ({HF_HUB_CACHE}) "
        f"and loading never downloads. To use it: summarize download {name} --to {folder} "
        f"(or: hf download {model_id} --local-dir {folder}) on a machine with internet access, copy "
        f"the folder here and pass --model path/to/{folder}, or point HF_HOME at a cache that holds it"
    )


def missing_folder_message(folder: str) -> str:
    """What to say when ``folder``, given as a model directory, does not exist: that it does not,
    and the command that downloads the weights there (the preset's, when the folder is named
    after one, as in the README's ``--model barthez-orangesum-abstract/``)."""
    target = folder.rstrip("/\\") or folder
    name = Path(target).name.lower()
    preset = next((p for p in PRESETS.values() if p.model_id.rsplit("/", 1)[-1].lower() == name), None)
    how = (
        f"summarize download {preset.name} --to {target}"
        if preset
        else f"summarize download MODEL --to {target} (MODEL: a preset, {', '.join(PRESETS)}, or a Hub id)"
    )
    return (
        f"model folder '{folder}' does not exist ({Path(folder).expanduser().absolute()}); get the weights with: "
        f"{how} on a machine with internet access, copy the folder here and pass its path to --model "
        "(a preset name such as --model barthez reads the local Hugging Face cache instead)"
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


@dataclass(frozen=True)
class Checkpoint:
    """A seq2seq checkpoint found on this machine, with what every backend needs from it.

    Attributes:
        name: What was asked for (preset, Hub id or folder).
        path: Local folder with ``config.json`` and the tokenizer (and the weights, except for a
            folder already converted for CTranslate2).
        tokenizer: The ``transformers`` tokenizer (every backend uses it).
        config: The ``transformers`` model config.
        generation: The checkpoint's ``GenerationConfig``.
        preset: The matching preset, if any.
        ct2_dir: A folder already converted for CTranslate2 (holding ``model.bin``), when that is
            what was given.
    """

    name: str
    path: Path
    tokenizer: Any
    config: Any
    generation: Any
    preset: ModelPreset | None = None
    ct2_dir: Path | None = None


def find_checkpoint(name_or_path: str | Path) -> Checkpoint:
    """Locate a checkpoint on this machine and read its tokenizer, config and generation settings
    (local files only: a preset or Hub id must be in the local Hugging Face cache).

    A folder converted by the ``ctranslate2`` backend (``model.bin`` and an ``hf/`` subfolder) is
    accepted as well.

    Raises:
        ModelNotAvailableError: not on this machine (the message says how to get it), or a folder
            that is not a model.
        MissingExtraError: transformers is not installed (the ``abstractive`` extra).
    """
    require("abstractive", "abstractive summarization")
    from transformers import AutoConfig, AutoTokenizer, GenerationConfig
    from transformers.utils import cached_file

    source, preset = resolve_model(name_or_path)
    path = Path(source).expanduser()
    ct2_dir = None
    if (path / "model.bin").is_file():  # converted for CTranslate2 by this toolkit
        ct2_dir, path = path, path / "hf"
    elif not path.exists():
        try:  # a Hub id: its snapshot folder in the local cache, never a download
            config_file = cached_file(source, "config.json", local_files_only=True)
            if config_file is None:  # cached_file raises rather than return None by default
                raise OSError(f"config.json of {source} is not in the local cache")
            path = Path(config_file).parent
        except (OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise ModelNotAvailableError(_missing_message(str(name_or_path), source, reason)) from exc
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        config = AutoConfig.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelNotAvailableError(
            f"{path}: could not load the model from this directory ({first}); check that it holds a "
            "complete checkpoint: config.json, the weights and the tokenizer files"
        ) from exc
    try:
        generation = GenerationConfig.from_pretrained(path, local_files_only=True)
    except OSError:  # no generation_config.json: the model config's settings, as from_pretrained does
        generation = GenerationConfig.from_model_config(config)
    return Checkpoint(str(name_or_path), path, tokenizer, config, generation, preset, ct2_dir)
