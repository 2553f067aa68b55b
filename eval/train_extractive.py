"""Train the supervised extractive summarizer on OrangeSum and write its artifact.

    python -m eval.train_extractive [--data ../shared/data/orangesum] [--out out/models/orangesum-ext-fr.npz]
    python -m eval.train_extractive --replace-shipped    # rebuild the model shipped in the package

By default the model is written to ``out/models/orangesum-ext-fr.npz`` (ignored by git; use it
with ``summarize run INPUT --out OUT --summarizer ext-fr -O model=out/models/orangesum-ext-fr.npz``):
the shipped ``summarize/data/models/orangesum-ext-fr.npz`` is replaced only with
``--replace-shipped``, and nothing is written into ``summarize/data/models/`` without it.

Steps (seeded, about 4 minutes on 2 cores):

1. IDF of content terms over the train split (terms in 3+ documents).
2. For each train article: sentences (``summarize.segment``), features
   (``summarize.ranking.features``), and labels from the greedy ROUGE oracle (``eval.orangesum``:
   up to 3 sentences maximising R1 F1 + R2 F1 against the editors' abstract, ``fr`` tokenization).
   The title is hidden for a seeded 15% of articles, so the model also handles untitled pages.
3. The lexical scorer (``summarize.ranking.lexical``): a logistic regression on each sentence's
   hashed word unigrams and bigrams, same labels. The trees read its score through 2-fold
   cross-fitting on train (each article scored by the model fitted on the other half, so that
   the trees do not learn from scores of sentences the regression has seen); the shipped
   regression is fitted on all of train.
4. A ``HistGradientBoostingClassifier`` (scikit-learn) learns P(sentence picked by the oracle)
   from the features and the three lexical columns.
5. The trees are exported to NumPy arrays and checked to predict exactly like scikit-learn.
6. Whether the summary opens with the title, the word budget and the fill ratio of the selection
   are tuned on the valid split (mean R1+R2+RL F1, ``fr``). The valid scores without titles (the
   input BARThez had) are recorded too. The test split is not read.

``--no-lexical`` trains the first model's way (features only).

The artifact is ``<out>.npz`` (trees, IDF table, lexical weights) plus ``<out>.json`` (metadata:
data, seed, features, hyperparameters, valid scores, timings).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from summarize.ranking import ExtractiveModel, LexicalScorer, TreeEnsemble, content_terms, sentence_features
from summarize.ranking.lexical import HASHING, hashing_vectorizer, in_article_features
from summarize.records import Length
from summarize.scoring import RougeScorer
from summarize.segment import split_sentences
from summarize.summarizers import title_led

from .orangesum import greedy_oracle
from .orangesum_data import default_data_dir, read_split

REPO = Path(__file__).resolve().parents[1]
SHIPPED_DIR = REPO / "summarize" / "data" / "models"
SHIPPED = SHIPPED_DIR / "orangesum-ext-fr.npz"  # the package's model: replaced only with --replace-shipped
DEFAULT_OUT = REPO / "out" / "models" / "orangesum-ext-fr.npz"
MIN_DF = 3
HIDE_TITLE = 0.15
BUDGETS = (30, 35, 40, 45, 50, 55, 60, 65)
FILLS = (0.6, 0.8)
HYPERPARAMETERS = {"max_iter": 400, "learning_rate": 0.05, "max_leaf_nodes": 31, "l2_regularization": 0.0, "early_stopping": False}
LEXICAL = {"C": 0.1, "solver": "liblinear", "folds": 2}

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


def fit_lexical(sentences: list[list[str]], labels: list[np.ndarray], seed: int) -> tuple[LexicalScorer, list[np.ndarray]]:
    """The lexical scorer fitted on all articles, and each article's out-of-fold scores
    (``LEXICAL["folds"]`` folds of articles, seeded)."""
    from sklearn.linear_model import LogisticRegression

    vectorizer = hashing_vectorizer()
    H = vectorizer.transform([s for doc in sentences for s in doc])
    y = np.concatenate(labels)
    article = np.repeat(np.arange(len(sentences)), [len(doc) for doc in sentences])
    fold_of = np.random.default_rng(seed).integers(0, LEXICAL["folds"], len(sentences))[article]

    def fit(rows: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=LEXICAL["C"], solver=LEXICAL["solver"], max_iter=200).fit(H[rows], y[rows])

    oof = np.zeros(len(y))
    for fold in range(LEXICAL["folds"]):
        rows = fold_of == fold
        oof[rows] = fit(~rows).decision_function(H[rows])
    full = fit(np.ones(len(y), dtype=bool))
    scorer = LexicalScorer(full.coef_.ravel().astype(np.float32).astype(np.float64), float(full.intercept_[0]), dict(HASHING))
    bounds = np.cumsum([0] + [len(doc) for doc in sentences])
    return scorer, [oof[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def with_lexical(featurized, lexical_scores: list[np.ndarray] | None):
    """Feature matrices with the lexical columns appended (unchanged when ``lexical_scores`` is None)."""
    if lexical_scores is None:
        return [X for X, _, _ in featurized]
    return [np.hstack([X, in_article_features(z)]) for (X, _, _), z in zip(featurized, lexical_scores)]


def summaries(sentences: list[list[str]], probs: list[np.ndarray], titles: list[str | None], budget: int, fill: float) -> list[str]:
    """The summarizer's output for every article at one setting (title first when given)."""
    return [" ".join(title_led(s, p, t, Length(words=budget, sentences=3), fill=fill)) if s else "" for s, p, t in zip(sentences, probs, titles)]


def tune_selection(
    valid: list[dict[str, Any]], sentences: list[list[str]], probs: list[np.ndarray], probs_untitled: list[np.ndarray],
) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    """The selection settings tuned on valid (mean R1+R2+RL F1, ``fr``), and the scores of every
    setting tried.

    Three situations, each with its best word budget and fill ratio: ``title_first`` (the title,
    then sentences), ``sentences_only`` (a titled article summarized by its sentences) and
    ``untitled`` (no title in the features nor in the summary: pages without one, and the input
    BARThez had). ``title_first`` is on when it beats ``sentences_only``."""
    scorer = RougeScorer(("rouge1", "rouge2", "rougeL"), tokenizer="fr")
    refs = [r["summary"] for r in valid]
    table: dict[str, dict[str, float]] = {}
    selection: dict[str, dict[str, Any]] = {}
    for mode in ("title_first", "sentences_only", "untitled"):
        titles = [r.get("title") if mode == "title_first" else None for r in valid]
        p = probs_untitled if mode == "untitled" else probs
        for budget in BUDGETS:
            for fill in FILLS:
                preds = summaries(sentences, p, titles, budget, fill)
                res = scorer.score_corpus(preds, refs, n_bootstrap=0)
                row = {t: round(res.aggregate[t]["fmeasure"].mean * 100, 2) for t in scorer.rouge_types}
                row["words"] = round(float(np.mean([len(x.split()) for x in preds])), 1)
                table[f"{mode},budget={budget},fill={fill}"] = row
        best = max((k for k in table if k.startswith(mode + ",")), key=lambda k: table[k]["rouge1"] + table[k]["rouge2"] + table[k]["rougeL"])
        _, budget_s, fill_s = best.split(",")
        selection[mode] = {"budget_words": int(budget_s.split("=")[1]), "fill": float(fill_s.split("=")[1]), "valid": table[best]}
    total = {m: sum(selection[m]["valid"][t] for t in scorer.rouge_types) for m in selection}
    title_first = total["title_first"] > total["sentences_only"]
    chosen = selection["title_first" if title_first else "sentences_only"]
    return {"title_first": title_first, "budget_words": chosen["budget_words"], "fill": chosen["fill"], "selection": selection}, table


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m eval.train_extractive``."""
    ap = argparse.ArgumentParser(prog="python -m eval.train_extractive", description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help=f"OrangeSum folder (default {default_data_dir()})")
    ap.add_argument(
        "--out", default=None,
        help=f"artifact path (.npz; a .json is written beside it; default {DEFAULT_OUT.relative_to(REPO)}, "
        "or the shipped model with --replace-shipped)",
    )
    ap.add_argument(
        "--replace-shipped", action="store_true",
        help=f"write the model shipped in the package ({SHIPPED.relative_to(REPO)}, or --out inside "
        f"{SHIPPED_DIR.relative_to(REPO)}/), replacing it",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for features and oracle labels")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only (quick runs)")
    ap.add_argument("--valid-limit", type=int, default=None, help="tune on the first N valid articles only (quick runs)")
    ap.add_argument("--no-lexical", action="store_true", help="no lexical scorer (the first model's features only)")
    return ap


def output_path(args: argparse.Namespace) -> Path:
    """Where the model goes: ``--out``, else ``DEFAULT_OUT`` (``SHIPPED`` with ``--replace-shipped``).

    Raises:
        ValueError: the path is in the package's models folder (its ``.npz`` or ``.json``, as
            :meth:`ExtractiveModel.save` names them) and ``--replace-shipped`` was not given.
    """
    out = Path(args.out) if args.out else SHIPPED if args.replace_shipped else DEFAULT_OUT
    written = out.with_suffix("").with_suffix(".npz")  # what ExtractiveModel.save writes (and its .json)
    if written.resolve().parent == SHIPPED_DIR.resolve() and not args.replace_shipped:
        raise ValueError(
            f"--out {out} would replace a model shipped in the package ({written.with_suffix('.*')}); pass "
            f"--replace-shipped to do that, or another --out (default {DEFAULT_OUT.relative_to(REPO)})"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        out = output_path(args)
    except ValueError as exc:
        print(f"train_extractive: error: {exc}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    from sklearn import __version__ as sklearn_version
    from sklearn.ensemble import HistGradientBoostingClassifier

    t0 = time.perf_counter()
    train = read_split(args.data, "train", limit=args.limit)
    valid = read_split(args.data, "valid", limit=args.valid_limit)
    idf, default_idf = compute_idf(train)
    rng = random.Random(args.seed)
    hide = [rng.random() < HIDE_TITLE for _ in train]
    print(f"{len(train)} train / {len(valid)} valid articles; {len(idf)} IDF terms", flush=True)

    feats = [f for f in featurize_all(train, with_labels=True, hide=hide, idf=idf, default_idf=default_idf, jobs=args.jobs) if len(f[0])]
    y = np.concatenate([f[1] for f in feats])
    t_feat = time.perf_counter() - t0
    print(f"features + oracle labels: {len(y)} sentences, {int(y.sum())} positive, {t_feat:.0f} s", flush=True)

    lexical, oof = (None, None) if args.no_lexical else fit_lexical([f[2] for f in feats], [f[1] for f in feats], args.seed)
    X = np.vstack(with_lexical(feats, oof))
    t_lex = time.perf_counter() - t0 - t_feat
    if lexical is not None:
        print(f"lexical scorer: {t_lex:.0f} s", flush=True)
    clf = HistGradientBoostingClassifier(random_state=args.seed, **HYPERPARAMETERS).fit(X, y)
    trees = TreeEnsemble.from_sklearn(clf)
    model = ExtractiveModel(trees, idf, default_idf, {"lang": "fr"}, lexical)
    valid_sentences = [split_sentences(r["text"]) for r in valid]
    Xv = [model.features(s, r["title"]) for s, r in zip(valid_sentences, valid)]
    Xv_untitled = [model.features(s, None) for s in valid_sentences]
    stacked = np.vstack([x for x in Xv if len(x)])
    gap = float(np.abs(trees.predict_proba(stacked) - clf.predict_proba(stacked)[:, 1]).max())
    if gap > 1e-9:
        raise RuntimeError(f"exported trees disagree with scikit-learn (max difference {gap})")
    t_fit = time.perf_counter() - t0 - t_feat - t_lex

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
        "feature_names": list(model.feature_names),
        "idf": {"min_df": MIN_DF, "terms": len(idf)},
        **(
            {"lexical": {
                "class": "sklearn.linear_model.LogisticRegression", **LEXICAL, "hashing": dict(HASHING),
                "trees_read": "out-of-fold scores on train, the full fit's at inference",
            }}
            if lexical is not None else {}
        ),
        "model": {"class": "sklearn.ensemble.HistGradientBoostingClassifier", "sklearn": sklearn_version, **HYPERPARAMETERS},
        "export_max_difference": gap,
        "trained_on": date.today().isoformat(),
    }
    probs = [trees.predict_proba(x) if len(x) else np.zeros(0) for x in Xv]
    probs_untitled = [trees.predict_proba(x) if len(x) else np.zeros(0) for x in Xv_untitled]
    best, table = tune_selection(valid, valid_sentences, probs, probs_untitled)
    metadata.update(best)
    metadata["valid_scores_fr"] = table
    metadata["timings_s"] = {
        "features_and_labels": round(t_feat, 1),
        "lexical_scorer": round(t_lex, 1),
        "fit_and_export": round(t_fit, 1),
        "total": round(time.perf_counter() - t0, 1),
    }
    model = ExtractiveModel(trees, idf, default_idf, metadata, lexical)
    npz, meta = model.save(out)
    print(json.dumps({**best, "timings_s": metadata["timings_s"]}))
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB) and {meta}")
    if npz.resolve() != SHIPPED.resolve():
        print(f"use it with: summarize run INPUT --out OUT --summarizer ext-fr -O model={npz}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
