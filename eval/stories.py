"""Story grouping against the hand-labelled set in ``eval/stories/`` (see its README).

    python -m eval.stories [--shared ../shared]

Prints pairwise and B-cubed precision / recall / F1 of

* ``summarize.group`` (hashed TF-IDF of title + opening + names, top-k neighbour graph,
  average-link guard), and
* a baseline: scikit-learn TF-IDF of title + text and ``AgglomerativeClustering`` (cosine,
  average linkage) with a distance threshold,

each with its threshold tuned honestly by 2-fold cross-validation over stories (all articles
grouped together; the threshold tuned on the articles of one half of the stories and scored on
the other half's, where a wrong link to a tuning article counts; both ways, pooled), and, for
reference, at the shipped default threshold and at the best threshold in hindsight (optimistic,
marked as such).
Articles are read from ``../shared`` (OrangeSum splits, sample corpus), the sample files cleaned
as the pipeline cleans them.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from summarize.clean import clean_article
from summarize.group import GroupingConfig, StoryGrouper
from summarize.lexicon import stopwords
from summarize.load import load_file

HERE = Path(__file__).parent / "stories"
THRESHOLDS = [round(x, 2) for x in np.arange(0.10, 0.61, 0.05)]


def load_set(shared: Path) -> pd.DataFrame:
    """The labelled articles with their title and text (columns split, id, story, title, text)."""
    labels = [json.loads(line) for line in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = defaultdict(set)
    for r in labels:
        wanted[r["split"]].add(r["id"])
    texts: dict[tuple[str, str], tuple[str | None, str]] = {}
    for split in ("train", "valid", "test"):
        path = shared / "data" / "orangesum" / f"abstract_{split}.jsonl"
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["id"] in wanted[split]:
                    texts[(split, rec["id"])] = (rec["title"], rec["text"])
    for aid in wanted["sample"]:
        article = clean_article(load_file(shared / "data" / "articles" / "blinken-lavrov-2022" / f"{aid}.txt")).article
        texts[("sample", aid)] = (article.title, article.text)
    rows = []
    for r in labels:
        title, text = texts[(r["split"], r["id"])]
        rows.append({"split": r["split"], "id": f"{r['split']}/{r['id']}", "story": r["story"], "title": title, "text": text})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- metrics


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- systems


def ours(df: pd.DataFrame, threshold: float) -> list[int]:
    grouper = StoryGrouper(GroupingConfig(threshold=threshold))
    for row in df.itertuples():
        grouper.add(row.id, row.title if isinstance(row.title, str) else None, row.text)
    label = {}
    for k, members in enumerate(grouper.groups()):
        for i in members:
            label[i] = k
    return [label[i] for i in range(len(df))]


def baseline(df: pd.DataFrame, threshold: float) -> list[int]:
    """TF-IDF (title + text) and agglomerative clustering, average linkage, cosine distance < 1 - threshold."""
    texts = [f"{t or ''}. {x}" for t, x in zip(df.title, df.text)]
    X = TfidfVectorizer(sublinear_tf=True, stop_words=sorted(stopwords("fr")), token_pattern=r"(?u)\b[^\W\d_]{2,}\b").fit_transform(texts)
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - threshold)
    return model.fit_predict(X.toarray()).tolist()


SYSTEMS: dict[str, Callable[[pd.DataFrame, float], list[int]]] = {"summarize.group": ours, "baseline tfidf+agglomerative": baseline}


def gold_labels(df: pd.DataFrame) -> list[int]:
    ids = {s: k for k, s in enumerate(dict.fromkeys(df.story))}
    return [ids[s] for s in df.story]


def scores(pred: list[int], gold: list[int]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall/F1 of ``pred`` against ``gold`` (all articles)."""
    return _from_counts(_subset_counts(pred, gold, set(range(len(gold)))))


def _subset_counts(pred: Sequence[int], gold: Sequence[int], members: set[int]) -> dict[str, float]:
    """Counts for scoring the articles in ``members`` against the grouping of *all* articles:
    their B-cubed precision/recall sums (per article, the share of its predicted story that is in
    its true story, and the converse; Bagga & Baldwin 1998, Amigó et al. 2009), and the pairs with
    at least one of them (so a test article wrongly joined with a tuning one counts as an error)."""
    pc, gc = Counter(pred), Counter(gold)
    both = Counter(zip(pred, gold))
    b3p = sum(both[(pred[i], gold[i])] / pc[pred[i]] for i in members)
    b3r = sum(both[(pred[i], gold[i])] / gc[gold[i]] for i in members)
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].append(i)
        by_gold[g].append(i)

    def pairs(groups: dict) -> set[tuple[int, int]]:
        return {(a, b) for m in groups.values() for a, b in combinations(m, 2) if a in members or b in members}

    pp, gp = pairs(by_pred), pairs(by_gold)
    return {"n": len(members), "b3p": b3p, "b3r": b3r, "tp": len(pp & gp), "pred": len(pp), "gold": len(gp)}


def _from_counts(c: dict[str, float]) -> dict[str, float]:
    pp = c["tp"] / c["pred"] if c["pred"] else 1.0
    pr = c["tp"] / c["gold"] if c["gold"] else 1.0
    bp, br = c["b3p"] / c["n"], c["b3r"] / c["n"]
    return {"pair P": pp, "pair R": pr, "pair F1": _f1(pp, pr), "B3 P": bp, "B3 R": br, "B3 F1": _f1(bp, br)}


def cross_validated(system: Callable, df: pd.DataFrame, seed: int = 0) -> tuple[dict[str, float], list[float]]:
    """2-fold CV over stories: every article is grouped with all the others at each threshold;
    the threshold is tuned (B-cubed F1) on the articles of one half of the stories and scored on
    the other half's articles (a wrong link to a tuning article counts), both ways, pooled."""
    stories = sorted(set(df.story))
    random.Random(seed).shuffle(stories)
    fold_of = {s: i % 2 for i, s in enumerate(stories)}
    folds = [{i for i, s in enumerate(df.story) if fold_of[s] == k} for k in (0, 1)]
    gold = gold_labels(df)
    preds = {t: system(df, t) for t in THRESHOLDS}
    pooled: Counter = Counter()
    chosen = []
    for k in (0, 1):
        best = max(THRESHOLDS, key=lambda t: (_from_counts(_subset_counts(preds[t], gold, folds[k]))["B3 F1"], -t))
        chosen.append(best)
        pooled.update(_subset_counts(preds[best], gold, folds[1 - k]))
    return _from_counts(pooled), chosen


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    args = ap.parse_args(argv)
    df = load_set(Path(args.shared))
    gold = gold_labels(df)
    sizes = Counter(Counter(df.story).values())
    print(f"{len(df)} articles, {len(set(df.story))} stories ({sum(n for s, n in sizes.items() if s > 1)} of 2+ articles)")
    rows = []
    for name, system in SYSTEMS.items():
        cv, chosen = cross_validated(system, df)
        rows.append({"system": name, "setting": f"2-fold CV (thresholds {chosen[0]}, {chosen[1]})", **cv})
        if name == "summarize.group":
            default = GroupingConfig().threshold
            rows.append({"system": name, "setting": f"shipped default {default}", **scores(system(df, default), gold)})
        best = max(THRESHOLDS, key=lambda t: scores(system(df, t), gold)["B3 F1"])
        rows.append({"system": name, "setting": f"best in hindsight {best} (optimistic)", **scores(system(df, best), gold)})
    table = pd.DataFrame(rows)
    for col in table.columns[2:]:
        table[col] = (100 * table[col]).round(1)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
