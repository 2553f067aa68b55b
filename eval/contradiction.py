"""Contradiction detection on sentence pairs in the DACCORD format: precision, recall, F1.

    python -m eval.contradiction --tsv FILE [--json] [--cv K] [--system model|rules|both]

FILE is tab-separated with a header and at least the columns ``premise``, ``hypothesis`` and
``label`` (1 = contradiction, 0 = compatible), like ``../shared/data/daccord/daccord_dev.tsv``.
Two systems:

* ``model``: the project's learned detector (:mod:`summarize.checks.contradiction`). Without
  ``--cv``, the shipped model and its shipped threshold score FILE (use it on pairs the model never
  saw: it was trained on DACCORD dev). With ``--cv K``, K-fold cross-validation on FILE (seeded,
  deterministic): for each fold the model is retrained, threshold included, on RTE3-FR + the other
  folds (``python -m eval.train_contradiction``'s procedure) and scores the held-out fold;
* ``rules``: the stance rules alone (:func:`summarize.checks.stance`, the hypothesis as the
  claim, the premise as the source; with spaCy NER for places and people when the ``conflicts``
  extra is installed). They learn nothing, so ``--cv`` does not change them.

Prints one table row per system: P, R, F1 (x100) and n (pairs scored). ``--json`` prints one JSON
object with keys ``precision``, ``recall``, ``f1``, ``n`` (and ``system``) for the first system,
the other one's figures nested under its name.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REQUIRED = ("premise", "hypothesis", "label")


@dataclass(frozen=True)
class Pairs:
    """Sentence pairs with a contradiction label each."""

    premises: tuple[str, ...]
    hypotheses: tuple[str, ...]
    labels: tuple[bool, ...]


def read_pairs(path: str | Path) -> Pairs:
    """Read a DACCORD-format TSV (header; ``premise``, ``hypothesis``, ``label`` with 1 =
    contradiction).

    Raises:
        ValueError: a required column is missing or a label is not 0 or 1.
    """
    premises, hypotheses, labels = [], [], []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: expected columns {', '.join(REQUIRED)}, missing {', '.join(missing)}")
        for i, row in enumerate(reader, start=2):
            label = (row["label"] or "").strip()
            if label not in ("0", "1"):
                raise ValueError(f"{path}, line {i}: expected label 0 or 1, got {label!r}")
            premises.append((row["premise"] or "").strip())
            hypotheses.append((row["hypothesis"] or "").strip())
            labels.append(label == "1")
    return Pairs(tuple(premises), tuple(hypotheses), tuple(labels))


def scores(pred: Sequence[bool], gold: Sequence[bool]) -> dict[str, Any]:
    """Precision, recall, F1 (x100, 0 when undefined) of ``pred`` against ``gold``, and n."""
    tp = sum(bool(p) and bool(g) for p, g in zip(pred, gold))
    n_pred, n_gold = sum(map(bool, pred)), sum(map(bool, gold))
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f1, 1), "n": len(gold)}


def rules_predictions(pairs: Pairs) -> tuple[list[bool], str]:
    """The stance rules' verdicts, and which variant ran (with or without NER)."""
    from summarize.checks import stance
    from summarize.extras import missing

    nlp = None
    if not missing("conflicts"):
        from summarize.checks import french_ner

        nlp = french_ner()
    pred = [stance(h, p, nlp=nlp).contradicts for p, h in zip(pairs.premises, pairs.hypotheses)]
    return pred, "rules (stance, with spaCy NER)" if nlp is not None else "rules (stance, without NER)"


def model_predictions(pairs: Pairs, cv: int | None) -> tuple[list[bool], str]:
    """The learned detector's verdicts: the shipped model, or ``cv``-fold cross-validated."""
    if cv is None:
        from summarize.checks import load_contradiction_model

        model = load_contradiction_model()
        prob = model.probabilities(pairs.premises, pairs.hypotheses)
        return list(prob >= model.threshold), f"model (shipped, threshold {model.threshold:.3f})"
    from eval.train_contradiction import Features, TrainConfig, cross_validate, rte3_pairs

    pred, _ = cross_validate(Features.of(pairs), Features.of(rte3_pairs()), TrainConfig(), cv)
    return list(pred), f"model ({cv}-fold CV, retrained on RTE3-FR + the other folds)"


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eval.contradiction", description=__doc__.splitlines()[0])
    ap.add_argument("--tsv", type=Path, required=True, help="pairs: premise, hypothesis, label (1 = contradiction)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--cv", type=int, default=None, metavar="K", help="K-fold cross-validation of the model on FILE")
    ap.add_argument("--system", choices=("model", "rules", "both"), default="both")
    args = ap.parse_args(argv)
    if args.cv is not None and args.cv < 2:
        ap.error(f"--cv expects at least 2 folds, got {args.cv}")
    try:
        pairs = read_pairs(args.tsv)
    except (OSError, ValueError) as exc:
        ap.error(str(exc))
    if len(pairs.labels) < (args.cv or 1) * 2:
        ap.error(f"{args.tsv}: {len(pairs.labels)} pairs, too few for --cv {args.cv}")
    rows = []
    for system in ("model", "rules") if args.system == "both" else (args.system,):
        pred, name = model_predictions(pairs, args.cv) if system == "model" else rules_predictions(pairs)
        rows.append((system, name, scores(pred, pairs.labels)))
    if args.json:
        (system, name, first), rest = rows[0], rows[1:]
        out: dict[str, Any] = {**first, "system": name}
        for other, other_name, figures in rest:
            out[other] = {**figures, "system": other_name}
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"{args.tsv.name}: {len(pairs.labels)} pairs, {sum(pairs.labels)} contradictions\n")
    print("| system | P | R | F1 | n |")
    print("|---|---:|---:|---:|---:|")
    for _, name, s in rows:
        print(f"| {name} | {s['precision']:.1f} | {s['recall']:.1f} | {s['f1']:.1f} | {s['n']} |")


if __name__ == "__main__":
    main()
