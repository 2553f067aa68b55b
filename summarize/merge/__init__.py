"""One summary for the documents of one story, with the sources of every sentence.

Mergers follow the :class:`Merger` protocol (``merge(documents, summaries, length=...) ->
MergedSummary``) and are registered in ``MERGERS``, which config validation, CLI choices and
``--help`` read:

* ``extractive`` (default, :class:`ExtractiveMerger`): cluster sentences across documents and
  favour facts several sources state;
* ``hierarchical`` (:class:`HierarchicalMerger`): summarize the per-article summaries again.

The merged summary's length is a :class:`~summarize.records.Length` given to ``merge`` (its
``words`` a budget; ``--merged-words``), never a merger parameter. The checks of a merged summary
(conflicts, attribution) are the next stage, :mod:`summarize.checks`.
"""

from __future__ import annotations

from typing import Any

from ..registry import Registry
from ._base import DEFAULT_LENGTH, Merger, duplicate_groups, majority_language, source_order
from .extractive import ExtractiveMerger
from .hierarchical import HierarchicalMerger

__all__ = [
    "DEFAULT_LENGTH", "MERGERS", "ExtractiveMerger", "HierarchicalMerger", "Merger", "check_merger", "duplicate_groups", "get_merger",
    "majority_language",
    "register_merger", "source_order",
]

MERGERS: Registry[Merger] = Registry("merger")
MERGERS.register("extractive", ExtractiveMerger, help="cluster sentences across articles, favour facts several sources state")
MERGERS.register("hierarchical", HierarchicalMerger, help="summarize the per-article summaries again")


def check_merger(merger: Any, name: str | None = None) -> None:
    """Raise ``ValueError`` unless ``merger`` (a merger or its class) has ``merge(..., length=...)``."""
    name = name or getattr(merger, "name", None) or type(merger).__name__
    if not callable(getattr(merger, "merge", None)) or not Registry.accepts(merger.merge, "length"):
        raise ValueError(f"merger '{name}' must take merge(documents, summaries, length=None): the merged summary's length")


def register_merger(name: str, factory: Any = None, *, help: str = "", replace: bool = False):
    """Make a merger available by name (config ``merge_strategy``, CLI ``--merge-strategy``).

    ``factory`` is a class or callable returning a :class:`Merger`, whose ``merge`` takes
    ``length``. Without ``factory``, a class decorator.

    Raises:
        ValueError: the name is taken (pass ``replace=True``), or the class's ``merge`` takes no
            ``length``.
    """

    def add(f: Any) -> Any:
        if isinstance(f, type):
            check_merger(f, name)
        return MERGERS.register(name, f, help=help, replace=replace)

    return add(factory) if factory is not None else add


def get_merger(name: str, /, **params: Any) -> Merger:
    """Merger by registry name, with its parameters (``get_merger("extractive", position_weight=5)``);
    the length is given to ``merge``.

    Raises:
        ValueError: unknown name (the message lists the known ones), an unknown parameter, or a
            merger whose ``merge`` takes no ``length``.
    """
    if "max_words" in params and not MERGERS.entry(name).accepts("max_words"):
        raise ValueError(
            "the merged summary's length is not a merger parameter (max_words): give it to merge(..., "
            "length=Length(words=N)), or as merged_words (--merged-words N)"
        )
    merger = MERGERS.create(name, **params)
    check_merger(merger, name)
    return merger
