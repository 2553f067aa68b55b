"""Where the per-article stages run: ``local`` (this process, :meth:`Pipeline.process`) or ``ray``
(Ray Data workers, :mod:`summarize.engines.ray_data`, the ``ray`` extra). Both yield the same
outcomes in the same order; grouping and merging then run in the calling process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..pipeline import Pipeline, Processed
from ..records import Article, ArticleError
from .ray_data import EngineError, process_on_ray, require_ray

__all__ = ["EngineError", "process_on_ray", "process_with", "require_ray"]


def process_with(pipeline: Pipeline, items: Iterable[Article | ArticleError]) -> Iterator[Processed | ArticleError]:
    """The per-article stages of ``pipeline`` on ``items`` with the engine its config names."""
    if pipeline.config.engine == "ray":
        return process_on_ray(pipeline, items)
    return pipeline.process(items)
