"""Train the supervised extractive summarizer on OrangeSum and write the shipped artifact.

    python -m eval.train_extractive [--data ../shared/data/orangesum] [--out summarize/data/models/orangesum-ext-fr.npz]

Steps (seeded, about 3 minutes on 2 cores):

1. IDF of content terms over the train split (terms in 3+ documents).
2. For each train article: sentences (``summarize.segment``), features
   (``summarize.ranking.features``), and labels from the greedy ROUGE oracle (``eval.orangesum``:
   up to 3 sentences maximising R1 F1 + R2 F1 against the editors' abstract, ``fr`` tokenization).
   The title is hidden for a seeded 15% of articles, so the model also handles untitled pages.
3. A ``HistGradientBoostingClassifier`` (scikit-learn) learns P(sentence picked by the oracle).
4. The trees are exported to NumPy arrays and checked to predict exactly like scikit-learn.
5. The word budget and fill ratio of the selection are tuned on the valid split (mean R1+R2+RL F1, ``fr``).
   The test split is not read.

The artifact is ``<out>.npz`` (trees, IDF table) plus ``<out>.json`` (metadata: data, seed,
features, hyperparameters, valid scores, timings).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from summarize.ranking import FEATURE_NAMES, ExtractiveModel, TreeEnsemble, content_terms, sentence_features
from summarize.scoring import RougeScorer
from summarize.segment import split_sentences
from summarize.summarizers.select import select_by_score

from .orangesum import greedy_oracle
from .orangesum_data import default_data_dir, read_split

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "summarize" / "data" / "models" / "orangesum-ext-fr.npz"
MIN_DF = 3
HIDE_TITLE = 0.15
BUDGETS = (40, 45, 50, 55, 60, 65)
FILLS = (0.6, 0.8)
HYPERPARAMETERS = {"max_iter": 400, "learning_rate": 0.05, "max_leaf_nodes": 31, "l2_regularization": 0.0, "early_stopping": False}

_IDF: dict[str, float] = {}
_DEFAULT_IDF = 0.0


def compute_idf(records: list[dict[str, Any]]) -> tuple[dict[str, float], float]:
    """IDF ``log(N / (1 + df))`` of content terms found in ``MIN_DF``+ documents, and the IDF
    given to rarer terms."""
    df: Counter = Counter()
    for r in records:
        df.update(set(content_terms(r["text"])))
    n = len(records)
    idf = {t: round(math.log(n / (1 + c)), 4) for t, c in df.items() if c >= MIN_DF}
    return idf, math.log(n / MIN_DF)


def _init(idf: dict[str, float], default_idf: float) -> None:
    global _IDF, _DEFAULT_IDF
    _IDF, _DEFAULT_IDF = idf, default_idf


def _featurize(job: tuple[dict[str, Any], bool, bool]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features (and oracle labels when asked) of one article; runs in worker processes."""
    record, with_labels, hide_title = job
    sentences = split_sentences(record["text"])
    X = sentence_features(sentences, None if hide_title else record["title"], _IDF, _DEFAULT_IDF)
    y = np.zeros(len(sentences))
    if with_labels and sentences:
        picked = set(greedy_oracle(sentences, record["summary"], RougeScorer(("rouge1", "rouge2"))))
        y = np.array([s in picked for s in sentences], dtype=float)
    return X, y, sentences


def featurize_all(records, *, with_labels: bool, hide: list[bool], idf, default_idf, jobs: int):
    jobs_in = [(r, with_labels, h) for r, h in zip(records, hide)]
    if jobs <= 1:
        _init(idf, default_idf)
        return [_featurize(j) for j in jobs_in]
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(idf, default_idf)) as pool:
        return list(pool.map(_featurize, jobs_in, chunksize=64))


def tune_selection(model: ExtractiveModel, valid: list[dict[str, Any]], featurized) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Word budget and fill ratio maximising mean R1+R2+RL F1 (``fr``) on valid, and the scores
    of every setting tried."""
    scorer = RougeScorer(("rouge1", "rouge2", "rougeL"), tokenizer="fr")
    probs = [model.trees.predict_proba(X) if len(X) else np.zeros(0) for X, _, _ in featurized]
    refs = [r["summary"] for r in valid]
    table: dict[str, dict[str, float]] = {}
    for budget in BUDGETS:
        for fill in FILLS:
            preds = [
                " ".join(s[i] for i in select_by_score(s, p, max_words=budget, fill=fill)) if s else ""
                for (_, _, s), p in zip(featurized, probs)
            ]
            res = scorer.score_corpus(preds, refs, n_bootstrap=0)
            row = {t: round(res.aggregate[t]["fmeasure"].mean * 100, 2) for t in scorer.rouge_types}
            row["words"] = round(float(np.mean([len(p.split()) for p in preds])), 1)
            table[f"budget={budget},fill={fill}"] = row
    best = max(table, key=lambda k: table[k]["rouge1"] + table[k]["rouge2"] + table[k]["rougeL"])
    budget, fill = (float(x.split("=")[1]) for x in best.split(","))
    return {"budget_words": int(budget), "fill": fill}, table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.train_extractive", description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help=f"OrangeSum folder (default {default_data_dir()})")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="artifact path (.npz; a .json is written beside it)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for features and oracle labels")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only (quick runs)")
    ap.add_argument("--valid-limit", type=int, default=None, help="tune on the first N valid articles only (quick runs)")
    args = ap.parse_args(argv)
    from sklearn import __version__ as sklearn_version
    from sklearn.ensemble import HistGradientBoostingClassifier

    t0 = time.perf_counter()
    train = read_split(args.data, "train", limit=args.limit)
    valid = read_split(args.data, "valid", limit=args.valid_limit)
    idf, default_idf = compute_idf(train)
    rng = random.Random(args.seed)
    hide = [rng.random() < HIDE_TITLE for _ in train]
    print(f"{len(train)} train / {len(valid)} valid articles; {len(idf)} IDF terms", flush=True)

    feats = featurize_all(train, with_labels=True, hide=hide, idf=idf, default_idf=default_idf, jobs=args.jobs)
    X = np.vstack([f[0] for f in feats if len(f[0])])
    y = np.concatenate([f[1] for f in feats if len(f[0])])
    t_feat = time.perf_counter() - t0
    print(f"features + oracle labels: {X.shape[0]} sentences, {int(y.sum())} positive, {t_feat:.0f} s", flush=True)

    clf = HistGradientBoostingClassifier(random_state=args.seed, **HYPERPARAMETERS).fit(X, y)
    trees = TreeEnsemble.from_sklearn(clf)
    valid_feats = featurize_all(valid, with_labels=False, hide=[False] * len(valid), idf=idf, default_idf=default_idf, jobs=args.jobs)
    Xv = np.vstack([f[0] for f in valid_feats if len(f[0])])
    gap = float(np.abs(trees.predict_proba(Xv) - clf.predict_proba(Xv)[:, 1]).max())
    if gap > 1e-9:
        raise RuntimeError(f"exported trees disagree with scikit-learn (max difference {gap})")
    t_fit = time.perf_counter() - t0 - t_feat

    metadata: dict[str, Any] = {
        "name": "ext-fr",
        "lang": "fr",
        "description": "Sentence scorer for extractive summaries of French news, trained on OrangeSum abstract.",
        "data": {
            "train": "OrangeSum abstract_train.jsonl (CC BY-SA 4.0)",
            "train_articles": len(train),
            "tuning": "OrangeSum abstract_valid.jsonl",
            "valid_articles": len(valid),
        },
        "labels": "greedy ROUGE oracle (<= 3 sentences, max R1 F1 + R2 F1, fr tokenization)",
        "seed": args.seed,
        "title_hidden_share": HIDE_TITLE,
        "feature_names": list(FEATURE_NAMES),
        "idf": {"min_df": MIN_DF, "terms": len(idf)},
        "model": {"class": "sklearn.ensemble.HistGradientBoostingClassifier", "sklearn": sklearn_version, **HYPERPARAMETERS},
        "export_max_difference": gap,
        "trained_on": date.today().isoformat(),
    }
    model = ExtractiveModel(trees, idf, default_idf, metadata)
    best, table = tune_selection(model, valid, valid_feats)
    metadata.update(best)
    metadata["valid_scores_fr"] = table
    metadata["timings_s"] = {
        "features_and_labels": round(t_feat, 1),
        "fit_and_export": round(t_fit, 1),
        "total": round(time.perf_counter() - t0, 1),
    }
    npz, meta = model.save(args.out)
    key = f"budget={best['budget_words']},fill={best['fill']}"
    print(json.dumps({**best, "valid": table[key], "timings_s": metadata["timings_s"]}))
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB) and {meta}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
