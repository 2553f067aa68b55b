"""Abstractive summarization with any ``transformers`` sequence-to-sequence checkpoint.

* Long inputs are never silently truncated: an article longer than the model's window is split at
  sentence boundaries into chunks that fit (counted with the model's own tokenizer), every chunk is
  summarized, and the partial summaries are joined; when the joined text is longer than one
  summary may be, it is summarized again (and chunked again if needed). ``Summary.chunks`` and
  ``Summary.passes`` record what happened.
* Inputs of all articles (chunks included) are sorted by length and grouped into batches under a
  token budget (``batch_tokens`` = batch size x longest input), then generated under
  ``torch.inference_mode``. Outputs are put back in input order.
* Generation settings: the checkpoint's ``generation_config``, updated with the preset's model-card
  defaults, then with the caller's ``generation`` (a dict of ``generate()`` arguments or a
  ``GenerationConfig``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from ...language import detect_language
from ...records import Article, Document, Summary
from ...segment import DEFAULT_SPLITTER, Splitter, as_document, supported_languages
from .._base import Summarizer, make_summary
from .loading import load_seq2seq
from .presets import LOSSY_PRECISIONS

MAX_PASSES = 8


def length_batches(lengths: Sequence[int], batch_tokens: int, max_batch_size: int) -> list[list[int]]:
    """Indices grouped into batches: longest first, at most ``max_batch_size`` per batch, and
    batch size x longest input <= ``batch_tokens`` (inputs of similar length share a batch, so
    little padding is computed)."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    out: list[list[int]] = []
    for i in order:
        if out and len(out[-1]) < max_batch_size and (len(out[-1]) + 1) * lengths[out[-1][0]] <= batch_tokens:
            out[-1].append(i)
        else:
            out.append([i])
    return out


class Seq2SeqSummarizer(Summarizer):
    """Summarize with a seq2seq model (BARThez, mT5, T5, any local checkpoint directory).

    Args:
        model: Preset name (``barthez``, ``mt5-xlsum``, ``t5-fr``), Hub id in the local cache, or a
            local directory written by ``save_pretrained``.
        generation: ``generate()`` keyword arguments or a ``GenerationConfig`` overriding the defaults.
        max_input_tokens: Encoder window for chunking (default: preset value, else the model's
            position limit).
        batch_tokens: Token budget of one batch (batch size x longest input).
        max_batch_size: At most this many inputs per batch.
        device: ``cuda``/``cpu``... (default: CUDA if available, else CPU).
        precision: ``fp32`` (default), or the lossy opt-ins ``bf16``, ``fp16``, ``int8``; a lossy
            precision is written into the summarizer's name (``barthez[int8]``).
        progress: Show a progress bar over the generation inputs.
        prefix: Text prepended to every input (default: the preset's, else the checkpoint's
            ``task_specific_params["summarization"]["prefix"]``, else none).
        splitter: Splits long inputs and generated summaries into sentences (default: the
            rule-based :class:`~summarize.segment.SentenceSplitter`).

    Raises:
        ModelNotAvailableError: the weights are missing here (the message says how to get them).
        MissingExtraError: torch/transformers are not installed (``pip install 'summarize[abstractive]'``).
    """

    extractive = False

    def __init__(
        self,
        model: str | Path,
        *,
        generation: Mapping[str, Any] | Any | None = None,
        max_input_tokens: int | None = None,
        batch_tokens: int = 16_384,
        max_batch_size: int = 16,
        device: str | None = None,
        precision: str = "fp32",
        progress: bool = True,
        prefix: str | None = None,
        splitter: Splitter | None = None,
    ) -> None:
        self.tokenizer, self.model, self.preset, self.device = load_seq2seq(model, device=device, precision=precision)
        self.precision = precision
        base = self.preset.name if self.preset else Path(str(model)).name or str(model)
        self.name = f"{base}[{precision}]" if precision in LOSSY_PRECISIONS else base
        # The checkpoint's own summarization settings (transformers' task_specific_params
        # convention, e.g. T5's "summarize: " prefix), then the preset's model-card values.
        task = dict((getattr(self.model.config, "task_specific_params", None) or {}).get("summarization", {}))
        task_prefix = task.pop("prefix", "")
        if prefix is not None:
            self.prefix = prefix
        else:
            self.prefix = self.preset.prefix if self.preset and self.preset.prefix else task_prefix
        self.languages = self.preset.languages if self.preset else ()
        self.splitter = splitter or DEFAULT_SPLITTER
        from transformers import GenerationConfig  # installed: load_seq2seq checked the extra

        config = GenerationConfig.from_dict(self.model.generation_config.to_dict())
        config.update(**task)
        config.update(**dict(self.preset.generation if self.preset else {}))
        if isinstance(generation, GenerationConfig):
            config = generation
        elif generation:
            config.update(**dict(generation))
        self.generation = config
        self.window = self._window(max_input_tokens)
        overhead = len(self.tokenizer("")["input_ids"]) + len(self.tokenizer(self.prefix, add_special_tokens=False)["input_ids"])
        self.chunk_budget = self.window - overhead
        if self.chunk_budget < 8:
            raise ValueError(f"max_input_tokens={self.window} leaves no room for text")
        if batch_tokens < self.window or max_batch_size < 1:
            raise ValueError(f"batch_tokens must be >= the window ({self.window}) and max_batch_size >= 1")
        self.batch_tokens = batch_tokens
        self.max_batch_size = max_batch_size
        self.progress = progress

    def _window(self, requested: int | None) -> int:
        limits = [requested, self.preset.max_input_tokens if self.preset else None]
        positions = getattr(self.model.config, "max_position_embeddings", None)
        tok_max = getattr(self.tokenizer, "model_max_length", None)
        if tok_max and tok_max < 1_000_000:
            limits.append(tok_max)
        limits.append(positions)
        chosen = [x for x in limits if x]
        return min(chosen) if chosen else 512

    @property
    def max_summary_tokens(self) -> int:
        g = self.generation
        return g.max_new_tokens or g.max_length or 128

    # ------------------------------------------------------------------ checks and API

    def check(self, doc: Document) -> None:
        """Raise ``ValueError`` if this model cannot summarize ``doc`` (empty, wrong language)."""
        super().check(doc)
        if self.languages and doc.lang and doc.lang not in self.languages:
            raise ValueError(
                f"{self.name} is trained on {', '.join(self.languages[:6])}{'...' if len(self.languages) > 6 else ''} "
                f"text, this article is '{doc.lang}'; use mt5-xlsum (45 languages) or the 'abstractive' router"
            )

    def summarize_sentences(self, doc: Document) -> list[str]:
        return list(self.summarize(doc).sentences)

    def summarize(self, doc: Document | Article) -> Summary:
        return self.summarize_many([doc])[0]

    def summarize_many(self, docs: Sequence[Document | Article], progress: bool | None = None) -> list[Summary]:
        """Summarize documents together (batched); one :class:`Summary` each, in order.

        Raises:
            ValueError: a document fails :meth:`check` (call it first to skip such documents).
        """
        docs = [as_document(d, self.splitter) for d in docs]
        for d in docs:
            self.check(d)
        t0 = time.perf_counter()
        outputs = self.summarize_texts(
            [d.text for d in docs], [d.lang for d in docs], progress=progress, sentences=[d.sentences for d in docs]
        )
        share = (time.perf_counter() - t0) / max(len(docs), 1)
        return [
            make_summary(d, self.splitter.split(text, d.lang) or [text], self.name, share, chunks=chunks, passes=passes)
            for d, (text, chunks, passes) in zip(docs, outputs)
        ]

    def summarize_texts(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        progress: bool | None = None,
        sentences: Sequence[Sequence[str] | None] | None = None,
    ) -> list[tuple[str, int, int]]:
        """``(summary, chunks in the first pass, passes)`` for each text, batched across texts.

        ``sentences``: the texts already segmented (from their documents), used to chunk them in
        the first pass instead of splitting them again.
        """
        langs = list(langs or [None] * len(texts))
        known: list[Sequence[str] | None] = list(sentences or [None] * len(texts))
        current = list(texts)
        result: list[tuple[str, int, int] | None] = [None] * len(texts)
        chunks = [0] * len(texts)
        passes = [0] * len(texts)
        todo = list(range(len(texts)))
        while todo:
            jobs = [(i, c) for i in todo for c in self.chunk(current[i], langs[i], known[i] if passes[i] == 0 else None)]
            for i in todo:
                if passes[i] == 0:
                    chunks[i] = sum(1 for j, _ in jobs if j == i)
            outs = self.generate([c for _, c in jobs], progress=progress)
            parts: dict[int, list[str]] = {i: [] for i in todo}
            for (i, _), out in zip(jobs, outs):
                parts[i].append(out.strip())
            next_todo = []
            for i in todo:
                passes[i] += 1
                fused = " ".join(p for p in parts[i] if p)
                too_long = len(parts[i]) > 1 and self._count(fused) > self.max_summary_tokens
                if too_long and passes[i] < MAX_PASSES:
                    current[i] = fused
                    next_todo.append(i)
                else:
                    result[i] = (fused, chunks[i], passes[i])
            todo = next_todo
        return [r for r in result if r is not None]

    def as_map_function(self, text_column: str = "text", summary_column: str = "summary") -> Callable[[dict], dict]:
        """A function for ``datasets.Dataset.map(fn, batched=True)`` adding ``summary`` and ``chunks``."""

        def fn(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
            langs = batch.get("lang")
            out = self.summarize_texts(batch[text_column], langs, progress=False)
            return {summary_column: [o[0] for o in out], "chunks": [o[1] for o in out]}

        return fn

    # ------------------------------------------------------------------ chunking and batching

    def _count(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def chunk(self, text: str, lang: str | None = None, sentences: Sequence[str] | None = None) -> list[str]:
        """Split ``text`` at sentence boundaries into pieces of at most ``chunk_budget`` tokens.

        ``sentences``: the text's sentences when already known (a document's). A single sentence
        longer than the budget is cut between words. Languages without sentence-splitting rules are
        cut between words only; without ``lang``, it is detected.
        """
        if self._count(text) <= self.chunk_budget:
            return [text]
        if sentences is None:
            if lang is None:
                lang = detect_language(text).lang
            sentences = self.splitter.split(text, lang) if lang in supported_languages() else [text]
        return self._pack(list(sentences), self._hard_split)

    def _pack(self, units: list[str], too_long) -> list[str]:
        """Join consecutive ``units`` (sentences, words) into pieces of at most ``chunk_budget``
        tokens; a unit longer than the budget alone is replaced by ``too_long(unit)``."""
        lengths = [len(x) for x in self.tokenizer(units, add_special_tokens=False)["input_ids"]]
        pieces: list[str] = []
        current: list[str] = []
        size = 0
        for unit, n in zip(units, lengths):
            if n > self.chunk_budget:
                if current:
                    pieces.append(" ".join(current))
                    current, size = [], 0
                pieces.extend(too_long(unit))
                continue
            if size + n + 1 > self.chunk_budget and current:
                pieces.append(" ".join(current))
                current, size = [], 0
            current.append(unit)
            size += n + 1
        if current:
            pieces.append(" ".join(current))
        return pieces

    def _hard_split(self, text: str) -> list[str]:
        """Cut a sentence longer than the budget between words (token windows only inside a word
        that alone exceeds the budget)."""
        return self._pack(text.split(), self._token_windows)

    def _token_windows(self, word: str) -> list[str]:
        ids = self.tokenizer(word, add_special_tokens=False)["input_ids"]
        step = max(self.chunk_budget - 8, 1)  # re-tokenizing decoded text may add a few tokens
        return [self.tokenizer.decode(ids[i : i + step]) for i in range(0, len(ids), step)]

    def batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Indices grouped into batches (see :func:`length_batches`) with this summarizer's budget."""
        return length_batches(lengths, self.batch_tokens, self.max_batch_size)

    def generate(self, inputs: Sequence[str], progress: bool | None = None) -> list[str]:
        """Generate one output per input (each must fit the window), batched; outputs in input order."""
        import torch

        if not inputs:
            return []
        encoded = self.tokenizer([self.prefix + x for x in inputs], truncation=True, max_length=self.window)["input_ids"]
        results: list[str] = [""] * len(inputs)
        show = self.progress if progress is None else progress
        with tqdm(total=len(inputs), desc=f"generating ({self.name})", unit="input", disable=not show) as bar:
            for batch in self.batches([len(e) for e in encoded]):
                padded = self.tokenizer.pad({"input_ids": [encoded[i] for i in batch]}, return_tensors="pt")
                padded = {k: v.to(self.device) for k, v in padded.items()}
                with torch.inference_mode():
                    out = self.model.generate(**padded, generation_config=self.generation)
                for i, text in zip(batch, self.tokenizer.batch_decode(out, skip_special_tokens=True)):
                    results[i] = text
                bar.update(len(batch))
        return results
