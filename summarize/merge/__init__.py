"""One summary for the documents of one story, with the sources of every sentence.

Mergers follow the :class:`Merger` protocol (``merge(documents, summaries) -> MergedSummary``) and
are registered in ``MERGERS``, which config validation, CLI choices and ``--help`` read:

* ``extractive`` (default, :class:`ExtractiveMerger`): cluster sentences across documents and
  favour facts several sources state;
* ``hierarchical`` (:class:`HierarchicalMerger`): summarize the per-article summaries again.

Every registered merger takes ``max_words`` (the length budget of the merged summary).
:func:`merge_with_checks` adds conflicts between sources (``conflicts``), articles to check, and
an independent attribution check (``checks``).
"""

from __future__ import annotations

from typing import Any

from ..registry import Registry
from ._base import Merger
from .checks import check_attribution, merge_with_checks, redundancy
from .conflicts import ConflictReport, find_conflicts, french_ner
from .extractive import ExtractiveMerger
from .hierarchical import HierarchicalMerger

__all__ = [
    "MERGERS", "ConflictReport", "ExtractiveMerger", "HierarchicalMerger", "Merger", "check_attribution",
    "find_conflicts", "french_ner", "get_merger", "merge_with_checks", "redundancy", "register_merger",
]

MERGERS: Registry[Merger] = Registry("merger")
MERGERS.register("extractive", ExtractiveMerger, help="cluster sentences across articles, favour facts several sources state")
MERGERS.register("hierarchical", HierarchicalMerger, help="summarize the per-article summaries again")


def register_merger(name: str, factory: Any = None, *, help: str = "", replace: bool = False):
    """Make a merger available by name (config ``merge_strategy``, CLI ``--merge-strategy``).

    ``factory`` is a class or callable returning a :class:`Merger`; it must accept ``max_words``.
    Without ``factory``, a class decorator.

    Raises:
        ValueError: the name is taken (pass ``replace=True``), or the factory takes no ``max_words``.
    """

    def add(f: Any) -> Any:
        if not MERGERS.accepts(f, "max_words"):
            raise ValueError(f"merger '{name}' must accept max_words (the merged summary's length budget)")
        return MERGERS.register(name, f, help=help, replace=replace)

    return add(factory) if factory is not None else add


def get_merger(name: str, /, **params: Any) -> Merger:
    """Merger by registry name, with its parameters (``get_merger("extractive", max_words=100)``).

    Raises:
        ValueError: unknown name (the message lists the known ones) or unknown parameter.
    """
    return MERGERS.create(name, **params)
