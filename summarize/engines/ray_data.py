"""The per-article stages on Ray Data workers: ``summarize run INPUT --engine ray --workers N``.

The driver reads the input with the same lazy loader as the local engine (so ids, encodings and
load errors are the same) and hands it to Ray in blocks of ``BLOCK_ROWS`` articles
(``ray.data.from_items``; only one block is in the driver's memory at a time). Then
``map_batches`` with a callable class (:class:`_Worker`) runs clean → language → segment →
summarize: each worker builds the pipeline, and so loads the summarizer, once (a summarizer or
splitter given to ``Pipeline(...)`` as an object is sent to the workers), with its torch
threads set explicitly (Ray sets ``OMP_NUM_THREADS=1`` in workers otherwise). Results come back
in input order: Ray Data is asked to keep it (``preserve_order``), and the driver puts every
outcome back at its input position anyway (a reorder buffer of at most ``REORDER_MAX`` outcomes,
:func:`in_input_order`), then groups and merges as the local engine does: summaries, stories and
merged summaries are identical.

On a laptop ``ray.init()`` starts a local cluster; on a cluster set ``RAY_ADDRESS`` (e.g.
``RAY_ADDRESS=ray://head:10001`` or ``auto`` on a node of the cluster) and every node needs this
package, with the same extras, installed.

Guards for known Ray Data pitfalls:

* actors that take every CPU starve Ray Data's other tasks and the dataset hangs
  (ray-project/ray#44687): the workers together ask for at most the cluster's CPUs minus half a
  CPU, and more workers than CPUs is refused with a clear error;
* a worker process that dies is always restarted (a pool whose workers stay dead hangs,
  ray-project/ray#62746) and its batch retried ``RETRIES`` times (``max_task_retries``; Ray's
  default retries forever); a batch that keeps failing is skipped (``max_errored_blocks`` is set to
  a finite number on purpose: ``-1`` can hang with a dead actor, ray-project/ray#62746) and its
  articles are reported as errors, never dropped silently.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

from ..extras import require
from ..pipeline import Pipeline, PipelineConfig, Processed
from ..records import Article, ArticleError

BLOCK_ROWS = 1000
RETRIES = 2  # retries of a batch whose worker died
MAX_ERRORED_BLOCKS = 100  # batches that may fail for good before the run stops
REORDER_MAX = 4 * BLOCK_ROWS  # outcomes held back at most while waiting for an earlier one


class EngineError(ValueError):
    """The engine cannot run as asked (e.g. more workers than CPUs); the message says what to do."""


def require_ray() -> None:
    """Raise ``MissingExtraError`` (naming the ``ray`` extra) unless Ray Data is installed."""
    require("ray", "the Ray engine (--engine ray)", "or use the local engine (--engine local)")


def _init_ray(workers: int, quiet: bool = False) -> tuple[int, float]:
    """Start or join Ray (``quiet``: its own log lines at ``ERROR`` only, as ``-q`` asks); return
    torch threads and CPUs to request per worker."""
    import ray

    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        level = logging.ERROR if quiet else logging.INFO
        if address:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=level)
        else:
            ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, log_to_driver=False, logging_level=level)
    cpus = float(ray.cluster_resources().get("CPU", 1))
    if workers > cpus:
        raise EngineError(
            f"--workers {workers} is more than the {cpus:g} CPUs of the Ray cluster; use at most {int(cpus)} "
            "(each worker needs a CPU)"
        )
    threads = max(1, int(cpus // workers))
    request = min(float(threads), (cpus - 0.5) / workers)  # leave room for Ray Data's own tasks (ray#44687)
    return threads, request


class _Worker:
    """A Ray Data worker: builds the pipeline once, then runs the per-article stages on batches."""

    def __init__(self, config_bytes: bytes, threads: int, stages: dict[str, Any] | None = None) -> None:
        os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            import torch

            torch.set_num_threads(threads)
        except ImportError:  # extractive summarizers only: no torch needed
            pass
        fields = pickle.loads(config_bytes)
        self.pipeline = Pipeline(PipelineConfig(**fields), **(stages or {}))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        items = [pickle.loads(x) for x in batch["item"]]
        outcomes = list(self.pipeline.process(items))
        return {"index": batch["index"], "outcome": [pickle.dumps(o) for o in outcomes]}


def _shippable(stages: dict[str, Any]) -> dict[str, Any]:
    """The stages given to the pipeline as objects (a summarizer, a splitter), checked to travel to
    the workers (Ray serializes them with cloudpickle); the workers build the rest from the config.

    Raises:
        EngineError: one cannot be serialized.
    """
    import ray

    for name, stage in stages.items():
        try:
            ray.cloudpickle.dumps(stage)
        except Exception as exc:  # cloudpickle raises TypeError, PicklingError... per object kind
            raise EngineError(
                f"the {name} given to Pipeline(...) cannot be sent to Ray workers ({type(exc).__name__}: {exc}); "
                "register it by name (register_summarizer) and choose it in the config, or use --engine local"
            ) from None
    return stages


def in_input_order(rows: Iterable[tuple[int, bytes]], limit: int = REORDER_MAX) -> Iterator[bytes]:
    """The payloads of ``(input position, payload)`` rows in input order, whatever order they come
    in. At most ``limit`` rows are held back waiting for an earlier one; past that (a row lost with
    a failed worker), the wait is given up: the held rows go on in order, and a late row comes when
    it arrives. The last held rows come in order at the end.

    Example:
        >>> list(in_input_order([(1, b"b"), (0, b"a"), (3, b"d"), (2, b"c")]))
        [b'a', b'b', b'c', b'd']
        >>> list(in_input_order([(1, b"b"), (2, b"c"), (3, b"d"), (0, b"a")], limit=2))
        [b'b', b'c', b'd', b'a']
    """
    pending: dict[int, bytes] = {}
    expected = 0  # the next input position to give
    for index, payload in rows:
        if index < expected:  # late: the wait for it was given up
            yield payload
            continue
        pending[index] = payload
        while expected in pending or len(pending) > limit:
            expected = expected if expected in pending else min(pending)
            yield pending.pop(expected)
            expected += 1
    for index in sorted(pending):
        yield pending[index]


def process_on_ray(
    pipeline: Pipeline, items: Iterable[Article | ArticleError], *, worker: type = _Worker
) -> Iterator[Processed | ArticleError]:
    """The per-article stages of ``pipeline`` on Ray Data workers (see module docstring); the same
    outcomes, in the same order, as :meth:`Pipeline.process` (articles lost with a worker that
    kept failing come last, as errors). ``worker``: the worker class (a subclass of ``_Worker``,
    e.g. to inject faults in tests)."""
    require_ray()
    import ray.data  # noqa: F401 - configures Ray Data's loggers (quieted under -q by _quiet_ray_data)

    with _quiet_ray_data(not pipeline.config.progress):
        yield from _process_on_ray(pipeline, items, worker)


# Lines Ray's C++ core prints on the driver's stderr for every run, about Ray's own internals, not
# about the run (Ray Data passes its actors an argument through the object store: ray#57733). No Ray
# setting silences one C++ line without announcing itself on stderr, hence this filter under -q.
RAY_NOISE = ("has constructor arguments in the object store and max_restarts > 0",)


@contextlib.contextmanager
def _without_ray_noise(quiet: bool) -> Iterator[None]:
    """With ``quiet``, the lines of :data:`RAY_NOISE` written to file descriptor 2 during the block
    are dropped; everything else written there (errors included) passes unchanged, in order. Kept
    short (Ray's start): lines written just before the process dies abruptly (``os.abort``) could
    stay in the pipe."""
    if not quiet:
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:  # no stderr: print everything rather than fail
        yield
        return
    try:
        read_end, write_end = os.pipe()
    except OSError:  # no descriptors left
        os.close(saved)
        yield
        return

    def forward() -> None:
        pending, shown = b"", True
        while chunk := os.read(read_end, 65536):  # to the end: a writer must never block on a full pipe
            *lines, pending = (pending + chunk).split(b"\n")
            kept = [line for line in lines if not any(noise.encode() in line for noise in RAY_NOISE)]
            if kept and shown:
                try:
                    os.write(saved, b"".join(line + b"\n" for line in kept))
                except OSError:  # stderr closed under us (EPIPE...): nothing left to show it on
                    shown = False
        if pending and shown:
            with contextlib.suppress(OSError):
                os.write(saved, pending)

    thread = threading.Thread(target=forward, name="ray-stderr-filter", daemon=True)
    thread.start()
    sys.stderr.flush()
    os.dup2(write_end, 2)
    os.close(write_end)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # the pipe's last write end closes: the thread reads the end and stops
        thread.join(timeout=5)
        if not thread.is_alive():  # else a process started meanwhile still holds the pipe: leave it be
            os.close(read_end)
            os.close(saved)


@contextlib.contextmanager
def _quiet_ray_data(quiet: bool) -> Iterator[None]:
    """With ``quiet`` (``-q``: ``progress=False``), Ray Data's console lines on the driver's stderr
    (execution plan, "Progress bars disabled", "execution finished"), INFO and WARNING, are not
    printed for the time of the block; errors are, and Ray Data's log files keep everything."""
    if not quiet:
        yield
        return
    consoles = [
        h for h in logging.getLogger("ray.data").handlers
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
    ]
    levels = [h.level for h in consoles]
    for h in consoles:
        h.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for h, level in zip(consoles, levels):
            h.setLevel(level)


def _process_on_ray(pipeline: Pipeline, items: Iterable[Article | ArticleError], worker: type) -> Iterator[Processed | ArticleError]:
    """:func:`process_on_ray` once Ray Data is imported."""
    import ray

    cfg = pipeline.config
    threads, request = _init_ray(cfg.workers, quiet=not cfg.progress)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.max_errored_blocks = MAX_ERRORED_BLOCKS
    context.enable_progress_bars = cfg.progress

    sources: list[str] = []  # what each row is, to report rows lost with a failed worker
    blocks = []
    chunk: list[dict[str, Any]] = []
    for item in items:
        sources.append(item.source or item.id or "?")
        chunk.append({"index": len(sources) - 1, "item": pickle.dumps(item)})
        if len(chunk) >= BLOCK_ROWS:
            blocks.append(ray.data.from_items(chunk))
            chunk = []
    if chunk:
        blocks.append(ray.data.from_items(chunk))
    if not blocks:
        return
    ds = blocks[0].union(*blocks[1:]) if len(blocks) > 1 else blocks[0]
    # the config's fields, its read-only option mappings as plain dicts (picklable)
    worker_config = {f.name: getattr(cfg, f.name) for f in fields(cfg)}
    worker_config.update(
        summarizer_options=dict(cfg.summarizer_options), merger_options=dict(cfg.merger_options), engine="local", progress=False
    )
    stages = _shippable(pipeline.stages)
    with warnings.catch_warnings():
        # Ray Data's actors default to endless task retries: an article that kills its worker
        # every time would loop forever. Finite ones can only be given as remote args for now
        # (deprecated in Ray 2.60, hence the pin below 2.64 in pyproject.toml).
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = ds.map_batches(
            worker,
            fn_constructor_args=(pickle.dumps(worker_config), threads, stages),
            batch_size=cfg.batch_size,
            # one batch at a time per worker: a batch that kills its worker takes no other with it
            compute=ray.data.ActorPoolStrategy(size=cfg.workers, max_tasks_in_flight_per_actor=1),
            num_cpus=request,
            batch_format="numpy",
            max_restarts=-1,  # a dead worker is always replaced: a pool of dead workers hangs (ray#62746)
            max_task_retries=RETRIES,
        )
    done = [False] * len(sources)

    def rows() -> Iterator[tuple[int, bytes]]:
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for index, payload in zip(batch["index"], batch["outcome"]):
                done[int(index)] = True
                yield int(index), payload

    with contextlib.ExitStack() as filtering:
        # Ray prints its line when Ray Data starts the workers, before their first rows; from the
        # first row on, stderr is left as it is (a crash's last lines must reach it whole)
        filtering.enter_context(_without_ray_noise(not cfg.progress))
        for payload in in_input_order(rows()):
            filtering.close()
            yield pickle.loads(payload)
    if not all(done):
        for index, ok in enumerate(done):
            if not ok:
                yield ArticleError(
                    sources[index], "worker",
                    f"lost with a Ray worker that failed {RETRIES + 1} times (crash or out of memory); "
                    "run again, or use --engine local to see the error",
                )

