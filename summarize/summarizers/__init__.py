"""Summarizers and their registry (``SUMMARIZERS``), which config, CLI choices and ``--help`` read.

========================  ====================================================================
name                      summarizer
========================  ====================================================================
``auto`` (default)        ``ext-fr`` for French, ``ext-multi`` for other languages (offline)
``ext-fr``                supervised extractive model trained on OrangeSum (French, shipped)
``ext-multi``             supervised extractive model on language-independent features, trained on
                          OrangeSum and MasakhaNEWS (any language, shipped)
``textrank``              TextRank over TF-IDF sentence vectors (any language)
``centroid-mmr``          centroid + maximal marginal relevance (any language)
``lead`` / ``lead-K``     the first K sentences (``lead-3``), the standard baseline
``barthez``               BARThez fine-tuned on OrangeSum (abstractive, needs its weights)
``mt5-xlsum``             mT5 fine-tuned on XL-Sum, 45 languages (abstractive, needs weights)
``t5-fr``                 T5 fine-tuned on French CNN/DM (abstractive, needs weights)
``abstractive``           ``barthez`` for French, ``mt5-xlsum`` for other languages
``seq2seq``               any seq2seq checkpoint (``model=`` a directory or cached Hub id)
a local directory         any seq2seq checkpoint saved with ``save_pretrained``
a Hub id                  a seq2seq checkpoint already in the local Hugging Face cache
========================  ====================================================================

Entries take parameters (``get_summarizer("textrank", damping=0.9)``; the length of a summary is
asked for when summarizing, as a :class:`~summarize.records.Length`), and a summarizer defined
elsewhere joins with ``register_summarizer("name", MySummarizer)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..extras import require
from ..ranking import MULTILINGUAL_MODEL
from ..registry import Registry
from ._base import RankingSummarizer, Summarizer, make_summary
from .extractive import SupervisedExtractiveSummarizer
from .graph import CentroidMMRSummarizer, TextRankSummarizer
from .lead import LeadSummarizer
from .router import LanguageRouter, LazySummarizer
from .select import select_ranked
from .seq2seq import (
    BACKENDS,
    PRECISIONS,
    PRESETS,
    ModelNotAvailableError,
    Seq2SeqSummarizer,
    download_model,
    missing_folder_message,
)
from .titles import headline, opens_with_title, title_led

__all__ = [
    "BACKENDS", "PRECISIONS", "SUMMARIZERS", "ModelNotAvailableError", "download_model", "CentroidMMRSummarizer", "LanguageRouter", "LazySummarizer", "LeadSummarizer", "RankingSummarizer",
    "Seq2SeqSummarizer", "Summarizer", "SummarizerSpec", "SupervisedExtractiveSummarizer", "TextRankSummarizer",
    "available_summarizers", "check_model_name", "get_summarizer", "headline", "make_summary", "opens_with_title", "register_summarizer",
    "resolve_summarizer", "select_ranked", "title_led",
]

SUMMARIZERS: Registry[Summarizer] = Registry("summarizer")


def _auto() -> Summarizer:
    """ext-fr for French, ext-multi for other languages (offline)"""
    return LanguageRouter(
        routes={"fr": SupervisedExtractiveSummarizer()}, default=SupervisedExtractiveSummarizer(model=MULTILINGUAL_MODEL)
    )


def _abstractive(*, device: str | None = None, precision: str = "fp32", backend: str = "transformers") -> Summarizer:
    """BARThez for French, mT5-XLSum for other languages (each loaded when an article needs it)"""
    require("abstractive", "abstractive summarization")  # now, not at the first article

    def model(name: str) -> LazySummarizer:
        return LazySummarizer(lambda: Seq2SeqSummarizer(name, device=device, precision=precision, backend=backend), name)

    return LanguageRouter(routes={"fr": model("barthez")}, default=model("mt5-xlsum"))


SUMMARIZERS.register("auto", _auto)
SUMMARIZERS.register("ext-fr", SupervisedExtractiveSummarizer, help="supervised extractive model trained on OrangeSum (French)")
SUMMARIZERS.register(
    "ext-multi", partial(SupervisedExtractiveSummarizer, model=MULTILINGUAL_MODEL),
    help="supervised extractive model on language-independent features (any language)",
)
SUMMARIZERS.register("textrank", TextRankSummarizer, help="TextRank over TF-IDF sentence vectors")
SUMMARIZERS.register("centroid-mmr", CentroidMMRSummarizer, help="centroid + maximal marginal relevance")
SUMMARIZERS.register("lead", LeadSummarizer, help="the first k sentences (also lead-<k>)")
for _preset in PRESETS.values():
    SUMMARIZERS.register(_preset.name, partial(Seq2SeqSummarizer, _preset.name), help=f"{_preset.model_id} (abstractive, needs its weights)")
SUMMARIZERS.register("abstractive", _abstractive)
SUMMARIZERS.register("seq2seq", Seq2SeqSummarizer, help="any seq2seq checkpoint: model=<directory or cached Hub id>")

_LEAD = re.compile(r"lead-?(\d+)")
_HUB_ID = re.compile(r"[\w.-]+/[\w.-]+")
# Lengths are not summarizer parameters: each run, call or CLI gives one (Length, --words/--sentences).
_LENGTH_PARAMETERS = {"max_words": "words", "max_sentences": "sentences", "words": "words", "sentences": "sentences"}


def register_summarizer(name: str, factory: Any = None, *, help: str = "", replace: bool = False):
    """Make a summarizer available by name (config, CLI, :func:`get_summarizer`).

    ``factory`` is a :class:`Summarizer` subclass or any callable returning one; its keyword
    parameters become the entry's parameters. Without ``factory``, a class decorator.

    Raises:
        ValueError: the name is taken (pass ``replace=True``).
    """
    return SUMMARIZERS.register(name, factory, help=help, replace=replace)


def available_summarizers() -> list[str]:
    """Names accepted by :func:`get_summarizer` (``lead-<k>`` stands for lead-1, lead-2...)."""
    return [*SUMMARIZERS.names(), "lead-<k>", "<model directory>", "<hub id>"]


@dataclass(frozen=True)
class SummarizerSpec:
    """A summarizer name resolved to its registry entry and checked parameters (nothing built).

    Attributes:
        entry: The registry entry's name (``lead`` for ``lead-3``, ``seq2seq`` for a directory).
        params: Its parameters: those implied by the name, then the given ones, then the settings
            the entry takes.
        ignored: Settings given that the entry does not take (e.g. ``device`` for ext-fr).
    """

    entry: str
    params: Mapping[str, Any] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    def build(self) -> Summarizer:
        """The summarizer."""
        return SUMMARIZERS.entry(self.entry).factory(**self.params)


def resolve_summarizer(
    name: str, params: Mapping[str, Any] | None = None, *, settings: Mapping[str, Any] | None = None
) -> SummarizerSpec:
    """Resolve a registry name, ``lead-K``, a model directory or a Hub id, and check parameters
    against the entry, without building anything: the one place a summarizer name is read.

    Args:
        name: The summarizer's name.
        params: Its parameters (they override those implied by the name, e.g. ``lead-3``).
        settings: Run-wide settings (``device``, ``precision``, ``backend``) given to the entry when
            it takes them, else listed in ``SummarizerSpec.ignored``.

    Raises:
        ValueError: unknown name (the message lists the known ones), a name written as a path to
            a folder that does not exist (the message says how to get the weights), a length
            given as a parameter, or parameters that do not fit the entry.
    """
    key = name.strip()
    implied: dict[str, Any] = {}
    if key.lower() in SUMMARIZERS:
        entry = key.lower()
    elif m := _LEAD.fullmatch(key.lower()):
        entry, implied = "lead", {"k": int(m.group(1))}
    elif _looks_like_path(key) and not Path(key).expanduser().exists():
        raise ValueError(missing_folder_message(key))
    elif Path(key).expanduser().exists() or _HUB_ID.fullmatch(key):
        entry, implied = "seq2seq", {"model": key}
    else:
        raise ValueError(f"unknown summarizer '{name}'; expected one of: {', '.join(available_summarizers())}")
    merged = {**implied, **dict(params or {})}
    factory = SUMMARIZERS.entry(entry)
    for key in merged:
        if key in _LENGTH_PARAMETERS and not factory.accepts(key):
            raise ValueError(
                f"the summary length is not a summarizer parameter ({key}): ask for it with "
                f"{_LENGTH_PARAMETERS[key]}= (--{_LENGTH_PARAMETERS[key]} N, or length=Length({_LENGTH_PARAMETERS[key]}=N))"
            )
    ignored = []
    for key, value in (settings or {}).items():
        if factory.accepts(key):
            merged.setdefault(key, value)
        else:
            ignored.append(key)
    try:
        SUMMARIZERS.check(entry, **merged)
    except ValueError as exc:
        # auto routes to ext-fr (French) or ext-multi and takes only what both take: say where the rest goes
        routed = [n for n in ("ext-fr", "ext-multi") if all(SUMMARIZERS.entry(n).accepts(k) for k in merged)]
        if entry == "auto" and routed:
            raise ValueError(f"{exc}; to set it, choose the summarizer: --summarizer {routed[0]}") from None
        raise
    return SummarizerSpec(entry, merged, tuple(ignored))


def _looks_like_path(name: str) -> bool:
    """``name`` can only be a path (``./model``, ``model/``, ``~/m``, ``/abs``, ``a/b/c``), never a
    registry name nor a Hub id (``org/name``)."""
    return name.startswith((".", "~", "/")) or name.endswith("/") or "\\" in name or name.count("/") > 1


def check_model_name(name: str) -> None:
    """Check a name given as a model (``--model``): a registry name, a local directory or a Hub
    id; anything else is a model folder that does not exist.

    Raises:
        ValueError: the folder does not exist; the message says how to get the weights.
    """
    key = name.strip()
    if key.lower() in SUMMARIZERS or _LEAD.fullmatch(key.lower()) or Path(key).expanduser().exists():
        return
    if _HUB_ID.fullmatch(key) and not _looks_like_path(key):
        return
    raise ValueError(missing_folder_message(key))


def get_summarizer(name: str, /, **params: Any) -> Summarizer:
    """Build a summarizer from its registry name, ``lead-K``, a model directory or a Hub id.

    ``params`` go to the entry (``get_summarizer("textrank", damping=0.9)``,
    ``get_summarizer("barthez", device="cuda", precision="bf16")``); the length of a summary is
    asked for when summarizing (``summarize(doc, length=Length(words=60))``).

    Raises:
        ValueError: unknown name (the message lists the known ones), or a parameter the entry
            does not take (the message lists the ones it takes).
        ModelNotAvailableError: an abstractive model whose weights are missing (says how to get them).
        MissingExtraError: an abstractive model without the ``abstractive`` extra installed.
    """
    return resolve_summarizer(name, params).build()
