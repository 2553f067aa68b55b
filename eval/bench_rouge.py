"""Benchmark: this project's ROUGE vs rouge_score on the OrangeSum test split (prints a table).

    python -m eval.bench_rouge [--data ../shared/data/orangesum] [--repeat 5]

Both score the published BARThez outputs against the 1,500 test abstracts with rouge1, rouge2,
rougeL and rougeLsum, in one process, side by side; the best of ``--repeat`` runs is reported.
It also checks that the compat scores equal rouge_score's.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rouge_score import rouge_scorer

from summarize.scoring import ROUGE_TYPES, RougeScorer

from .orangesum_data import barthez_outputs, read_split


def _best_time(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared/data/orangesum"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    refs = {r["id"]: r["summary"] for r in read_split(args.data, "test")}
    preds = barthez_outputs(args.data)
    ids = sorted(preds)
    P, R = [preds[i] for i in ids], [refs[i] for i in ids]

    ref_scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES))
    t_ref, ref_out = _best_time(lambda: [ref_scorer.score(r, p) for r, p in zip(R, P)], args.repeat)
    rows = [("rouge_score 0.1.2 (compat)", t_ref, None)]
    for tok in ("compat", "fr"):
        scorer = RougeScorer(tokenizer=tok)
        t, out = _best_time(lambda: [scorer.score(r, p) for r, p in zip(R, P)], args.repeat)
        rows.append((f"summarize.scoring ({tok}), per pair", t, out if tok == "compat" else None))
        t, _ = _best_time(lambda: scorer.score_corpus(P, R, n_bootstrap=1000), args.repeat)
        rows.append((f"summarize.scoring ({tok}) + 1000-sample bootstrap CIs", t, None))

    diff = max(
        abs(a[t][k] - b[t][k]) for a, b in zip(ref_out, rows[1][2]) for t in ROUGE_TYPES for k in range(3)
    )
    print(f"{len(P)} pairs, {', '.join(ROUGE_TYPES)}; best of {args.repeat} runs")
    print(f"{'scorer':56s} {'seconds':>8s} {'speed-up':>9s}")
    for name, t, _ in rows:
        print(f"{name:56s} {t:8.3f} {t_ref / t:8.1f}x")
    print(f"max |compat - rouge_score| over all pairs, types and P/R/F: {diff:.3g}")


if __name__ == "__main__":
    main()
