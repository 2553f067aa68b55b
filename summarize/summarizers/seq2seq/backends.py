"""Inference backends of :class:`~summarize.summarizers.seq2seq.Seq2SeqSummarizer`: the same token
ids in, generated token ids out, with the same ``GenerationConfig``.

* ``transformers`` (default): ``model.generate`` under ``torch.inference_mode``;
* ``ctranslate2`` (the ``ctranslate2`` extra): the checkpoint is converted once into a cache folder
  keyed by the checkpoint's content hash, and run with ``Translator.translate_batch``; the
  generation settings are mapped onto its options (:func:`translate_options`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Protocol

from ...extras import require
from .loading import Checkpoint

BACKENDS = ("transformers", "ctranslate2")
TRANSFORMERS_PRECISIONS = ("fp32", "bf16", "fp16", "int8")
# summarize's precision names -> CTranslate2 compute types.
CT2_COMPUTE_TYPES = {"fp32": "float32", "int8": "int8", "int8_float32": "int8_float32", "fp16": "float16", "bf16": "bfloat16"}
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".h5", ".msgpack", ".ckpt")
_RECIPE = 1  # bump when convert_checkpoint changes what it writes
# transformers generation settings translate_batch has no equivalent for: refused, never dropped.
_UNSUPPORTED = {
    "forced_bos_token_id": None, "bad_words_ids": None, "begin_suppress_tokens": None,
    "num_beam_groups": 1, "diversity_penalty": 0.0, "encoder_no_repeat_ngram_size": 0,
}


class Backend(Protocol):
    """Generates from token ids; ``name`` appears in the summarizer's name."""

    name: str
    device: str
    model: Any  # a transformers model, or a ctranslate2.Translator

    def generate(self, input_ids: list[list[int]], generation: Any, tokenizer: Any) -> list[list[int]]:
        """Generated token ids for each input (special tokens may be included)."""
        ...


def make_backend(kind: str, checkpoint: Checkpoint, *, device: str | None, precision: str, **options: Any) -> Backend:
    """The backend ``kind`` for ``checkpoint``.

    Raises:
        ValueError: unknown backend or a precision it does not run.
        MissingExtraError: ctranslate2 is not installed (the ``ctranslate2`` extra).
    """
    if kind == "transformers":
        return TransformersBackend(checkpoint, device=device, precision=precision)
    if kind == "ctranslate2":
        return CTranslate2Backend(checkpoint, device=device, precision=precision, **options)
    raise ValueError(f"unknown backend '{kind}'; expected one of {BACKENDS}")


class TransformersBackend:
    """``AutoModelForSeq2SeqLM`` from the checkpoint folder; ``fp32``, or the lossy ``bf16``,
    ``fp16`` (GPU) and ``int8`` (dynamic quantization of linear layers, CPU)."""

    name = "transformers"

    def __init__(self, checkpoint: Checkpoint, *, device: str | None = None, precision: str = "fp32") -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        if checkpoint.ct2_dir is not None:
            raise ValueError(f"{checkpoint.ct2_dir} is a CTranslate2 model; use backend='ctranslate2'")
        if precision not in TRANSFORMERS_PRECISIONS:
            raise ValueError(f"precision '{precision}' is not run by the transformers backend; expected one of {TRANSFORMERS_PRECISIONS}")
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if precision == "fp16" and not device.startswith("cuda"):
            raise ValueError("fp16 generation needs a GPU; on CPU use bf16 or int8")
        if precision == "int8" and device != "cpu":
            raise ValueError("int8 dynamic quantization runs on CPU only; on GPU use fp16 or bf16")
        model = AutoModelForSeq2SeqLM.from_pretrained(checkpoint.path, local_files_only=True).eval()
        if precision == "int8":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        elif precision in ("bf16", "fp16"):
            model = model.to(torch.bfloat16 if precision == "bf16" else torch.float16)
        self.model = model.to(device)
        self.device = device

    def generate(self, input_ids: list[list[int]], generation: Any, tokenizer: Any) -> list[list[int]]:
        import torch

        padded = tokenizer.pad({"input_ids": input_ids}, return_tensors="pt")
        padded = {k: v.to(self.device) for k, v in padded.items()}
        with torch.inference_mode():
            return self.model.generate(**padded, generation_config=generation).tolist()


class CTranslate2Backend:
    """CTranslate2 ``Translator`` over the checkpoint converted once (see :func:`convert_checkpoint`).

    Args:
        checkpoint: The checkpoint (or a folder already converted by this toolkit).
        device: ``cpu`` or ``cuda`` (default: CUDA when CTranslate2 sees a GPU).
        precision: ``fp32`` (default, ``float32``), or the lossy ``int8``, ``int8_float32``, and
            ``fp16``/``bf16`` on CUDA.
        threads: Intra-op threads (default: the CPUs this process may use).
        cache_dir: Where converted models go (default: ``$SUMMARIZE_CACHE`` or ``~/.cache/summarize``).
    """

    name = "ctranslate2"

    def __init__(
        self,
        checkpoint: Checkpoint,
        *,
        device: str | None = None,
        precision: str = "fp32",
        threads: int | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        require("ctranslate2", "the ctranslate2 backend")
        import ctranslate2

        if precision not in CT2_COMPUTE_TYPES:
            raise ValueError(f"precision '{precision}' is not run by the ctranslate2 backend; expected one of {tuple(CT2_COMPUTE_TYPES)}")
        device = device or ("cuda" if ctranslate2.get_cuda_device_count() else "cpu")
        if precision in ("fp16", "bf16") and not device.startswith("cuda"):
            raise ValueError(f"{precision} runs on CUDA only with ctranslate2; on CPU use int8 or int8_float32")
        self.model_dir = checkpoint.ct2_dir or convert_checkpoint(checkpoint, cache_dir)
        self.compute_type = CT2_COMPUTE_TYPES[precision]
        self.threads = threads or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
        self.model = ctranslate2.Translator(
            str(self.model_dir), device=device, compute_type=self.compute_type, inter_threads=1, intra_threads=self.threads
        )
        self.device = device

    def generate(self, input_ids: list[list[int]], generation: Any, tokenizer: Any) -> list[list[int]]:
        tokens = [tokenizer.convert_ids_to_tokens(ids) for ids in input_ids]
        results = self.model.translate_batch(tokens, **translate_options(generation, tokenizer))
        return [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]


def translate_options(generation: Any, tokenizer: Any) -> dict[str, Any]:
    """``translate_batch`` options equivalent to a transformers ``GenerationConfig``.

    Lengths: transformers' ``max_length``/``min_length`` count the decoder start token and
    ``max_new_tokens``/``min_new_tokens`` do not; CTranslate2 counts generated tokens. A forced
    end token (``forced_eos_token_id``) takes the last position in transformers, so one token
    fewer is decoded here. ``early_stopping`` has no equivalent (CTranslate2 stops a beam search
    when the best hypothesis is finished).

    Example:
        >>> from transformers import GenerationConfig
        >>> translate_options(GenerationConfig(num_beams=4, max_length=100, min_length=10, no_repeat_ngram_size=3), None)["max_decoding_length"]
        99
    """
    g = generation
    unsupported = [k for k, default in _UNSUPPORTED.items() if getattr(g, k, default) not in (default, None)]
    if unsupported:
        raise ValueError(
            f"the ctranslate2 backend cannot apply {', '.join(unsupported)} of this model's generation "
            "settings; use the transformers backend (or override them with generation={...})"
        )
    if g.max_new_tokens is not None:
        max_new = g.max_new_tokens
    else:
        max_new = (g.max_length or 20) - 1  # transformers' default max_length is 20
    min_new = g.min_new_tokens if g.min_new_tokens is not None else max((g.min_length or 0) - 1, 0)
    if g.forced_eos_token_id is not None:
        max_new -= 1
    options: dict[str, Any] = {
        "beam_size": g.num_beams or 1,
        "max_decoding_length": max(max_new, 1),
        "min_decoding_length": min(min_new, max_new),
        "length_penalty": g.length_penalty if g.length_penalty is not None else 1.0,
        "repetition_penalty": g.repetition_penalty if g.repetition_penalty is not None else 1.0,
        "no_repeat_ngram_size": g.no_repeat_ngram_size or 0,
        "max_input_length": 0,  # inputs are chunked to the model window before they get here
    }
    if g.suppress_tokens:
        options["suppress_sequences"] = [[t] for t in tokenizer.convert_ids_to_tokens(list(g.suppress_tokens))]
    if g.do_sample:
        options.update(sampling_topk=g.top_k or 0, sampling_topp=g.top_p or 1.0, sampling_temperature=g.temperature or 1.0)
    return options


def cache_root(cache_dir: str | Path | None = None) -> Path:
    """Where converted models are kept: ``cache_dir``, ``$SUMMARIZE_CACHE/ctranslate2`` or
    ``~/.cache/summarize/ctranslate2``."""
    if cache_dir:
        return Path(cache_dir)
    return Path(os.environ.get("SUMMARIZE_CACHE") or Path.home() / ".cache" / "summarize") / "ctranslate2"


def content_hash(folder: Path, salt: str = "") -> str:
    """SHA-256 of a folder's files (relative names and bytes; hidden files and folders left out)
    and ``salt``, to key the conversion cache."""
    digest = hashlib.sha256(salt.encode())
    visible = (p for p in folder.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.relative_to(folder).parts))
    for path in sorted(visible):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def convert_checkpoint(checkpoint: Checkpoint, cache_dir: str | Path | None = None) -> Path:
    """Convert ``checkpoint`` for CTranslate2 once; later calls reuse the cached folder.

    The folder holds CTranslate2's ``model.bin``, ``config.json`` and vocabulary, and an ``hf/``
    subfolder with the transformers tokenizer and configs (no weights), so it can be passed as a
    model by itself. MBart/BARThez configs get ``normalize_before=True`` (MBart is pre-norm; the
    converter reads an attribute transformers 5 no longer sets), and the decoder start token is
    the one transformers uses (``</s>`` for BARThez).

    Raises:
        ValueError: CTranslate2 cannot convert this architecture (the message says which).
    """
    import ctranslate2
    import ctranslate2.converters

    class Converter(ctranslate2.converters.TransformersConverter):
        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            kwargs.setdefault("local_files_only", True)
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            if model.config.model_type == "mbart" and not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = True
            return model

    root = cache_root(cache_dir)
    # Another CTranslate2 version or conversion recipe gives another folder.
    target = root / content_hash(checkpoint.path, f"ctranslate2={ctranslate2.__version__};recipe={_RECIPE}")[:24]
    if (target / "model.bin").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".converting-"))
    tmp.chmod(0o755)  # mkdtemp makes it private; a shared cache must be readable
    try:
        try:
            Converter(str(checkpoint.path)).convert(str(tmp), force=True)
        except (ValueError, NotImplementedError, KeyError) as exc:
            raise ValueError(f"ctranslate2 cannot convert {checkpoint.path}: {type(exc).__name__}: {exc}") from exc
        start_id = checkpoint.generation.decoder_start_token_id
        if start_id is None:
            start_id = checkpoint.config.decoder_start_token_id
        config_path = tmp / "config.json"
        ct2_config = json.loads(config_path.read_text(encoding="utf-8"))
        ct2_config["decoder_start_token"] = checkpoint.tokenizer.convert_ids_to_tokens(start_id)
        config_path.write_text(json.dumps(ct2_config, indent=2) + "\n", encoding="utf-8")
        (tmp / "hf").mkdir()
        for path in checkpoint.path.iterdir():
            if path.is_file() and not path.name.endswith(_WEIGHT_SUFFIXES):
                shutil.copy2(path, tmp / "hf" / path.name)
        try:
            os.replace(tmp, target)
        except OSError:  # converted meanwhile by another process: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not (target / "model.bin").is_file():
        raise OSError(f"{target} exists but holds no converted model; remove it and run again")
    return target
