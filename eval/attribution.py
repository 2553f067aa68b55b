"""Attribution and contradiction detection on the hand-labelled pairs of ``eval/attribution/``.

    python -m eval.attribution

Each pair is (claim, source sentence) labelled ``supports`` / ``contradicts`` / ``unrelated``
(see eval/attribution/README.md). Two checkers are scored:

* **before** (the lexical check of ``summarize.merge.check_attribution``): the source supports the
  claim when it holds >= 50% of the claim's content words; contradictions are what
  ``find_conflicts`` reports for the two sentences (places, dates, numbers, people of aligned
  sentences; spaCy NER);
* **after** (``summarize.merge.stance``): the same lexical support, unless the stance rules find
  a contradiction (polarity, direction, modality, numbers, dates, places, people).

Attribution precision/recall: "supported" against the ``supports`` label; contradiction
precision/recall against ``contradicts``, with recall per kind.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from summarize.merge.conflicts import find_conflicts, french_ner
from summarize.merge.stance import overlap, stance
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


def main() -> None:
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


if __name__ == "__main__":
    main()
