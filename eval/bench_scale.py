"""Benchmark: ``summarize run`` on feeds of 1,000 to 100,000 articles (prints a table).

    python -m eval.bench_scale [--sizes 1000,10000,100000] [--ray-articles 10000] [--abstractive 64]

Feeds are the OrangeSum train articles as one JSONL file, repeated past 21,401 with distinct ids
(``<id>-r1``, ...), so a feed of 100,000 holds each article 4 or 5 times: those copies are grouped
into one story each, and merged, as a real feed's duplicates would be. Each row is one run in its
own process (peak RSS is that process's ``VmHWM``; with Ray, the driver's only: the workers are
other processes), through :func:`summarize.run.run_to_folder` exactly as the CLI does, with
grouping on and conflict detection off (``--conflicts`` turns it on; spaCy NER over every story
of a big feed is the slowest part then). Timings: the per-article stages (load, clean, language,
segment, summarize, write), then grouping + merging of every story.

Rows:

* local engine, ext-fr (``auto``), N in ``--sizes``;
* Ray engine vs local on ``--ray-articles`` articles, ext-fr, 2 workers;
* the BARThez-sized random model of :mod:`eval.bench_seq2seq` on ``--abstractive`` articles,
  Ray with 1 worker (2 torch threads) vs 2 workers (1 thread each): the per-article stage only,
  model loading included.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .bench_seq2seq import _peak_rss_mb
from .orangesum_data import read_split

TRAIN_SIZE = 21_401


def write_feed(path: Path, n: int, data: str | None = None) -> Path:
    """``n`` OrangeSum train articles as JSONL, repeated with distinct ids past the split's size."""
    rows = list(read_split(data, "train"))
    with path.open("w", encoding="utf-8") as f:
        for k in range(n):
            r = rows[k % len(rows)]
            rid = r["id"] if k < len(rows) else f"{r['id']}-r{k // len(rows)}"
            f.write(json.dumps({"id": rid, "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n")
    return path


def run_one(feed: str, out: str, engine: str, workers: int, conflicts: bool, model: str | None, new_tokens: int) -> dict[str, Any]:
    """One run in this process (called in a child process by :func:`main`)."""
    from summarize.pipeline import Pipeline, PipelineConfig
    from summarize.run import run_to_folder

    options: dict[str, Any] = {}
    if model:
        from .bench_seq2seq import _generation

        options = {"generation": _generation(new_tokens), "progress": False}
    t0 = time.perf_counter()
    config = PipelineConfig(
        summarizer=model or "auto", summarizer_options=options, engine=engine, workers=workers,
        conflicts=conflicts, progress=False, batch_size=8 if model else 64,
    )
    run = run_to_folder(Pipeline(config), feed, out)
    wall = time.perf_counter() - t0
    sizes = [s.size for s in run.result.stories]
    return {
        "wall_s": wall, **run.timings, "summarized": run.summarized, "errors": run.errors, "stories": run.stories,
        "multi": sum(1 for n in sizes if n > 1), "largest": max(sizes, default=0), "peak_rss_mb": _peak_rss_mb(),
    }


def _child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "eval.bench_scale", "--one", *args], capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"run failed: {args}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="OrangeSum folder")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--ray-articles", type=int, default=10_000, help="0: no Ray row")
    ap.add_argument("--abstractive", type=int, default=64, help="articles for the abstractive Ray rows (0: none)")
    ap.add_argument("--new-tokens", type=int, default=48)
    ap.add_argument("--conflicts", action="store_true", help="conflict detection on (spaCy NER)")
    ap.add_argument("--one", nargs=7, metavar=("FEED", "OUT", "ENGINE", "WORKERS", "CONFLICTS", "MODEL", "NEW_TOKENS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        feed, out, engine, workers, conflicts, model, new_tokens = args.one
        Path(out).mkdir(parents=True, exist_ok=True)
        print(json.dumps(run_one(feed, out, engine, int(workers), conflicts == "1", None if model == "-" else model, int(new_tokens))))
        return 0

    rows = []
    conflicts = "1" if args.conflicts else "0"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        def measure(label: str, n: int, engine: str, workers: int, model: str = "-", feed: Path | None = None) -> None:
            feed = feed or write_feed(tmp_path / f"feed-{n}.jsonl", n, args.data)
            r = _child([str(feed), str(tmp_path / f"out-{label}-{n}-{engine}-{workers}"), engine, str(workers), conflicts, model, str(args.new_tokens)])
            rows.append({"run": label, "articles": n, "engine": engine, "workers": workers, **r})
            print(_line(rows[-1]), flush=True)

        print(_header(), flush=True)
        for n in (int(x) for x in args.sizes.split(",") if x):
            measure("ext-fr", n, "local", 1)
        if args.ray_articles:
            feed = write_feed(tmp_path / f"feed-{args.ray_articles}.jsonl", args.ray_articles, args.data)
            if not any(r["articles"] == args.ray_articles and r["engine"] == "local" for r in rows):
                measure("ext-fr", args.ray_articles, "local", 1, feed=feed)
            measure("ext-fr", args.ray_articles, "ray", 2, feed=feed)
        if args.abstractive:
            from summarize.segment import split_sentences

            from .bench_seq2seq import build_model

            train = [x for r in read_split(args.data, "train", limit=8000) for x in split_sentences(r["text"])]
            model_dir = tmp_path / "barthez-dims-random"
            build_model(model_dir, train)
            feed = write_feed(tmp_path / f"feed-abs-{args.abstractive}.jsonl", args.abstractive, args.data)
            for workers in (1, 2):
                measure("barthez-size", args.abstractive, "ray", workers, model=str(model_dir), feed=feed)
    print()
    by = {(r["run"], r["articles"], r["engine"], r["workers"]): r for r in rows}
    sizes = sorted(n for (run, n, engine, _) in by if run == "ext-fr" and engine == "local")
    if len(sizes) >= 2:
        small, big = sizes[-2], sizes[-1]
        ratio = (by[("ext-fr", big, "local", 1)]["wall_s"] / big) / (by[("ext-fr", small, "local", 1)]["wall_s"] / small)
        print(f"time per article at {big:,} / at {small:,}: {ratio:.2f}x")
    if ("ext-fr", args.ray_articles, "ray", 2) in by:
        local, ray = by[("ext-fr", args.ray_articles, "local", 1)], by[("ext-fr", args.ray_articles, "ray", 2)]
        print(f"Ray (2 workers) vs local on {args.ray_articles:,} articles, per-article stages: {local['articles_s'] / ray['articles_s']:.2f}x")
    if ("barthez-size", args.abstractive, "ray", 1) in by:
        one, two = by[("barthez-size", args.abstractive, "ray", 1)], by[("barthez-size", args.abstractive, "ray", 2)]
        print(f"abstractive, Ray 2 workers vs 1, per-article stage: {one['articles_s'] / two['articles_s']:.2f}x")
    return 0


def _header() -> str:
    return (f"{'run':13s} {'articles':>8s} {'engine':>6s} {'workers':>7s} {'wall s':>8s} {'articles/s':>10s} "
            f"{'articles s':>10s} {'stories s':>9s} {'peak RSS MB':>11s} {'stories':>8s} {'of 2+':>6s} {'largest':>7s} {'errors':>6s}")


def _line(r: dict[str, Any]) -> str:
    return (f"{r['run']:13s} {r['articles']:8d} {r['engine']:>6s} {r['workers']:7d} {r['wall_s']:8.1f} "
            f"{r['articles'] / r['wall_s']:10.1f} {r['articles_s']:10.1f} {r['stories_s']:9.1f} {r['peak_rss_mb']:11.0f} "
            f"{r['stories']:8d} {r['multi']:6d} {r['largest']:7d} {r['errors']:6d}")


if __name__ == "__main__":
    sys.exit(main())
