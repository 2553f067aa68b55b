"""Train ``ext-multi``: a sentence ranker on language-independent features, for every language.

    python -m eval.train_multilingual --masakhanews DIR [--orangesum ../shared/data/orangesum] [--out out/models/ext-multi.npz]
    python -m eval.train_multilingual --masakhanews DIR --replace-shipped   # rebuild the shipped model

Data: OrangeSum train (French articles and their editors' abstracts, which OrangeSum removed from
the text; ``--orangesum-limit`` of them) and MasakhaNEWS train + dev (16 African languages in
Latin and Ge'ez scripts; ``--per-language`` articles at most each) in the task of
``eval.multilingual --task intro``: the first sentence (BBC's standfirst) is the reference and the
rest of the article the input, as XL-Sum was built (``--task headline``: the headline). MasakhaNEWS
test is never read here: ``python -m eval.multilingual`` scores on it.

Features: ``summarize.ranking.features`` without title, with each article's own IDF (its
sentences as documents), plus the sentence-graph columns (TextRank score and rank, similarity to
the rest of the article): no vocabulary is learnt, so nothing depends on the language but the
stop words of the article's language, where stopwords-iso has them.
Labels: the greedy ROUGE oracle (``eval.orangesum.greedy_oracle``, ``multi`` tokenization).
Model: the ``HistGradientBoostingClassifier`` of ext-fr (same hyperparameters), exported to NumPy.

Cross-validation over languages (``--folds``, default 4): the languages are dealt into folds;
for each fold a model trained on the other languages summarizes the fold's MasakhaNEWS **dev**
articles (same task), scored with R1 F1 (``multi``) next to LEAD-1/2/3 and TextRank: how
the ranker does on a language it never saw, which is the case of every language outside the
training data (Spanish, Turkish, Ukrainian, Arabic...). The table is printed and stored in the
model's metadata.

Selection (word budget, fill ratio, at most 1-3 sentences) is tuned for mean R1 F1 (``multi``) on
MasakhaNEWS dev and OrangeSum valid; in cross-validation, on the other folds' languages only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from summarize.ranking import MULTILINGUAL, MULTILINGUAL_MODEL, ExtractiveModel, TreeEnsemble, graph_features, sentence_features
from summarize.records import Length
from summarize.scoring import MultilingualTokenizer, RougeScorer
from summarize.segment import SentenceSplitter
from summarize.summarizers import title_led

from .multilingual import TASKS, Pair, intro_task, read_masakhanews, run_system
from .orangesum import greedy_oracle
from .orangesum_data import read_split

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "summarize" / "data" / "models" / f"{MULTILINGUAL_MODEL}.npz"
DEFAULT_OUT = REPO / "out" / "models" / f"{MULTILINGUAL_MODEL}.npz"
HYPERPARAMETERS = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 31, "l2_regularization": 0.0, "early_stopping": False}
BUDGETS = (25, 30, 35, 40, 45, 50, 60)
FILLS = (0.6, 0.8, 1.0)
SENTENCES = (1, 2, 3)
BASELINES = ("lead-1", "lead-2", "lead-3", "textrank")
_SPLITTER = SentenceSplitter()


def featurize(pair: Pair) -> tuple[np.ndarray, np.ndarray]:
    """Features and oracle labels of one article (runs in worker processes)."""
    sentences = _SPLITTER.split(pair.text, pair.lang)
    X = np.hstack([sentence_features(sentences, None, None, 1.0, pair.lang), graph_features(sentences, pair.lang)])
    y = np.zeros(len(sentences))
    if sentences:
        scorer = RougeScorer(("rouge1", "rouge2"), tokenizer=MultilingualTokenizer())
        picked = set(greedy_oracle(sentences, pair.summary, scorer))
        y = np.array([s in picked for s in sentences], dtype=float)
    return X, y


def featurize_all(pairs: Sequence[Pair], jobs: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if jobs <= 1:
        return [featurize(p) for p in pairs]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(featurize, pairs, chunksize=32))


def fit(feats: Sequence[tuple[np.ndarray, np.ndarray]], seed: int) -> TreeEnsemble:
    from sklearn.ensemble import HistGradientBoostingClassifier

    kept = [(X, y) for X, y in feats if len(X)]
    X = np.vstack([X for X, _ in kept])
    y = np.concatenate([y for _, y in kept])
    clf = HistGradientBoostingClassifier(random_state=seed, **HYPERPARAMETERS).fit(X, y)
    trees = TreeEnsemble.from_sklearn(clf)
    gap = float(np.abs(trees.predict_proba(X[:5000]) - clf.predict_proba(X[:5000])[:, 1]).max())
    if gap > 1e-9:
        raise RuntimeError(f"exported trees disagree with scikit-learn (max difference {gap})")
    return trees


def model_of(trees: TreeEnsemble, metadata: dict[str, Any]) -> ExtractiveModel:
    base = {"lang": MULTILINGUAL, "titles": False, "in_document_idf": True, "graph_features": True}
    return ExtractiveModel(trees, {}, 1.0, {**base, **metadata})


def scored(model: ExtractiveModel, pairs: Sequence[Pair]) -> list[tuple[list[str], np.ndarray]]:
    """Each article's sentences and the model's probabilities (computed once, selected many times)."""
    out = []
    for p in pairs:
        split = _SPLITTER.split(p.text, p.lang)
        out.append((split, model.score(split, None, p.lang) if split else np.zeros(0)))
    return out


def select_all(scored_pairs: Sequence[tuple[list[str], np.ndarray]], budget: int, fill: float, sentences: int) -> list[str]:
    """The summarizer's output at one setting: at most ``sentences`` within ``budget`` words."""
    return [
        " ".join(title_led(split, probs, None, Length(words=budget, sentences=sentences), fill=fill)) if split else ""
        for split, probs in scored_pairs
    ]


def r1(predictions: Sequence[str], pairs: Sequence[Pair]) -> float:
    scorer = RougeScorer(("rouge1",), tokenizer=MultilingualTokenizer())
    res = scorer.score_corpus(list(predictions), [p.summary for p in pairs], n_bootstrap=0)
    return res.aggregate["rouge1"]["fmeasure"].mean * 100


def language_folds(languages: Sequence[str], k: int) -> list[list[str]]:
    """Languages dealt into ``k`` folds in sorted order (deterministic)."""
    ordered = sorted(languages)
    return [ordered[i::k] for i in range(k)]


def cross_validate(
    train: dict[str, list[Pair]], heldout: dict[str, list[Pair]], feats: dict[str, list[tuple[np.ndarray, np.ndarray]]],
    valid: Sequence[Pair], folds: int, seed: int,
) -> list[dict[str, Any]]:
    """R1 F1 on each language's held-out articles, by a model that saw none of that language and
    whose selection was tuned on the other languages' held-out articles and OrangeSum valid."""
    rows = []
    for fold in language_folds([lang for lang in heldout if lang in train], folds):
        trees = fit([f for lang, fs in feats.items() if lang not in fold for f in fs], seed)
        model = model_of(trees, {"name": MULTILINGUAL_MODEL})
        tuning = [p for lang, pairs in heldout.items() if lang not in fold for p in pairs] + list(valid)
        setting, _ = tune(model, tuning)
        print(f"fold {fold}: {setting}", flush=True)
        for lang in fold:
            pairs = heldout[lang]
            probs = scored(model, pairs)
            row: dict[str, Any] = {"lang": lang, "n": len(pairs)}
            row[MULTILINGUAL_MODEL] = r1(select_all(probs, setting["budget_words"], setting["fill"], setting["max_sentences"]), pairs)
            row.update({name: r1(run_system(name, pairs, progress=False)[0], pairs) for name in BASELINES})
            rows.append(row)
            print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    return rows


def tune(model: ExtractiveModel, pairs: Sequence[Pair]) -> tuple[dict[str, Any], dict[str, float]]:
    """Word budget, fill ratio and sentence count maximising mean R1 F1 (``multi``) on ``pairs``;
    the setting and its R1/R2/RL F1."""
    probs = scored(model, pairs)
    refs = [p.summary for p in pairs]
    r1_only = RougeScorer(("rouge1",), tokenizer=MultilingualTokenizer())
    best: tuple[float, dict[str, Any]] = (-1.0, {})
    for sentences in SENTENCES:
        for budget in BUDGETS:
            for fill in FILLS:
                res = r1_only.score_corpus(select_all(probs, budget, fill, sentences), refs, n_bootstrap=0)
                value = res.aggregate["rouge1"]["fmeasure"].mean
                if value > best[0]:
                    best = (value, {"budget_words": budget, "fill": fill, "max_sentences": sentences})
    setting = best[1]
    scorer = RougeScorer(("rouge1", "rouge2", "rougeL"), tokenizer=MultilingualTokenizer())
    res = scorer.score_corpus(select_all(probs, setting["budget_words"], setting["fill"], setting["max_sentences"]), refs, n_bootstrap=0)
    return setting, {t: round(res.aggregate[t]["fmeasure"].mean * 100, 2) for t in scorer.rouge_types}


def orangesum_pairs(data: str | None, split: str, limit: int | None) -> list[Pair]:
    return [Pair(f"orangesum-{split}-{r['id']}", "fr", r["text"], r["summary"]) for r in read_split(data, split, limit=limit)]


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m eval.train_multilingual", description=__doc__.splitlines()[0])
    ap.add_argument("--masakhanews", required=True, help="MasakhaNEWS data/ folder (https://github.com/masakhane-io/masakhane-news)")
    ap.add_argument("--task", choices=TASKS, default="intro", help="MasakhaNEWS reference: first sentence (intro) or headline")
    ap.add_argument("--orangesum", default=None, help="OrangeSum folder (default ../shared/data/orangesum)")
    ap.add_argument("--orangesum-limit", type=int, default=5000, help="OrangeSum train articles (default 5000)")
    ap.add_argument("--per-language", type=int, default=1500, help="MasakhaNEWS train+dev articles per language at most")
    ap.add_argument("--valid-limit", type=int, default=500, help="OrangeSum valid articles for tuning the length")
    ap.add_argument("--folds", type=int, default=4, help="folds of languages for cross-validation (0: none)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None, help=f"output .npz (default {DEFAULT_OUT.relative_to(REPO)})")
    ap.add_argument("--replace-shipped", action="store_true", help=f"write {SHIPPED.relative_to(REPO)}")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = SHIPPED if args.replace_shipped else Path(args.out) if args.out else DEFAULT_OUT
    if args.out and args.replace_shipped:
        print("train_multilingual: error: give --out or --replace-shipped, not both", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    train: dict[str, list[Pair]] = {}
    for split in ("train", "dev"):
        try:
            found = read_masakhanews(args.masakhanews, split)
        except FileNotFoundError:
            continue
        for lang, pairs in found.items():
            train.setdefault(lang, []).extend(pairs)
    if not train:
        print(f"train_multilingual: error: no MasakhaNEWS train/dev files under {args.masakhanews}", file=sys.stderr)
        return 2
    # Cross-validation scores each language's dev articles (the last ones read) with a model that
    # did not see the language; the final model trains on train + dev.
    if args.task == "intro":
        train = {lang: intro_task(pairs) for lang, pairs in train.items()}
    heldout = {lang: [p for p in pairs if "-dev-" in p.id][:300] for lang, pairs in train.items()}
    train = {lang: pairs[: args.per_language] for lang, pairs in train.items()}
    train["fr"] = train.get("fr", []) + orangesum_pairs(args.orangesum, "train", args.orangesum_limit)
    valid = orangesum_pairs(args.orangesum, "valid", args.valid_limit)
    sizes = {lang: len(p) for lang, p in sorted(train.items())}
    print(f"training articles per language: {sizes}", flush=True)
    feats = {lang: featurize_all(pairs, args.jobs) for lang, pairs in train.items()}
    t_feat = time.perf_counter() - t0
    print(f"features + oracle labels: {t_feat:.0f} s", flush=True)

    cv = cross_validate(train, heldout, feats, valid, args.folds, args.seed) if args.folds else []
    trees = fit([f for fs in feats.values() for f in fs], args.seed)
    setting, tuning_scores = tune(model_of(trees, {"name": MULTILINGUAL_MODEL}), [p for ps in heldout.values() for p in ps] + valid)
    print(f"selection tuned on MasakhaNEWS dev + OrangeSum valid: {setting}: {tuning_scores}", flush=True)
    from sklearn import __version__ as sklearn_version

    metadata: dict[str, Any] = {
        "name": MULTILINGUAL_MODEL,
        "description": "Sentence scorer for extractive summaries in any language: language-independent features, "
        "trained on OrangeSum (fr) and MasakhaNEWS (16 African languages).",
        "data": {
            "orangesum": f"OrangeSum abstract_train.jsonl, first {args.orangesum_limit} (CC BY-SA 4.0)",
            "masakhanews": f"MasakhaNEWS train + dev, task {args.task} (github.com/masakhane-io/masakhane-news, AFL-3.0)",
            "articles_per_language": sizes,
            "tuning": f"MasakhaNEWS dev (<= 300 per language, task {args.task}) + OrangeSum abstract_valid.jsonl, "
            f"first {args.valid_limit}: mean R1 F1, multi tokenization",
        },
        "labels": "greedy ROUGE oracle (<= 3 sentences, max R1 F1 + R2 F1, multi tokenization)",
        "seed": args.seed,
        "feature_names": list(model_of(trees, {}).feature_names),
        "model": {"class": "sklearn.ensemble.HistGradientBoostingClassifier", "sklearn": sklearn_version, **HYPERPARAMETERS},
        "title_first": False,
        **setting,
        "tuning_scores_multi": tuning_scores,
        "cross_validation": {"folds": args.folds, "heldout": f"MasakhaNEWS dev (<= 300 per language), task {args.task}", "r1_f1": cv},
        "trained_on": date.today().isoformat(),
        "timings_s": {"features_and_labels": round(t_feat, 1), "total": round(time.perf_counter() - t0, 1)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    npz, meta = model_of(trees, metadata).save(out)
    if cv:
        means = {k: round(float(np.mean([r[k] for r in cv])), 2) for k in cv[0] if k not in ("lang", "n")}
        print(f"cross-validated R1 F1, mean over {len(cv)} languages: {means}")
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB) and {meta}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
