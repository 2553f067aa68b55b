"""Topic and story grouping against two labelled sets (F1 etc. x100).

    python -m eval.stories [--shared ../shared]

1. ``eval/stories/`` (see its README): 329 hand-labelled French articles, stories = one event.
   Pairwise and B-cubed precision / recall / F1 of the stories of ``summarize.group`` (hashed
   TF-IDF of title + opening + names, top-k neighbour graph, average link inside topics) and of
   a baseline (scikit-learn TF-IDF of title + text and ``AgglomerativeClustering``, cosine,
   average linkage, distance threshold).
2. RPM2 topics T01-T10 (``../shared/data/rpm2/documents/TNN_Cc_DD.txt``; labels from the file
   names at run time: topic ``TNN``, cluster ``TNN_Cc``, the cluster C2 of a topic written a
   month after C1): B-cubed of ``summarize.group``'s topics against the RPM2 topics and of its
   stories against the RPM2 clusters; the baseline's groups against both.

Thresholds are tuned honestly by 2-fold cross-validation: each set is grouped whole at every
setting; the setting is chosen on the articles of one half (of the stories of ``eval/stories``,
of the topics of RPM2) and scored on the other half's articles (a wrong link to a tuning article
counts), both ways, pooled. The topic threshold is tuned on RPM2 topics; the two story thresholds
on the mean of the two sets' story B-cubed F1 (``eval/stories`` stories, RPM2 clusters). For
reference: the shipped defaults and the best setting in hindsight (optimistic, marked as such).
Articles are read from ``../shared`` (OrangeSum splits, sample corpus, RPM2), cleaned as the
pipeline cleans them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from summarize.clean import clean_article
from summarize.group import GroupingConfig, StoryGrouper
from summarize.lexicon import stopwords
from summarize.load import load_file
from summarize.records import Article

HERE = Path(__file__).parent / "stories"
THRESHOLDS = [round(x, 2) for x in np.arange(0.10, 0.61, 0.05)]  # the baseline's
TOPIC_THRESHOLDS = [0.05, 0.075, 0.1, 0.125, 0.15, 0.2]
STORY_THRESHOLDS = [0.25, 0.275, 0.3, 0.325, 0.35, 0.4]
STORY_CENTROIDS = [0.3, 0.35, 0.375, 0.4, 0.45, 2.0]  # 2.0: the centroid rule off
TOLERANCE = 0.01  # story settings: within 1 B-cubed F1 point of the best on eval/stories
RPM2_TOPICS = [f"T{k:02d}" for k in range(1, 11)]
_RPM2_FILE = re.compile(r"(T\d\d)_(C\d)_\d\d")


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


def read_rpm2_file(path: Path) -> tuple[str, str]:
    """Title (first line) and body of an RPM2 document: UTF-8 with BOM and CRLF; the cp1252
    punctuation one file stores as C1 control characters is read as cp1252."""
    raw = path.read_bytes().decode("utf-8-sig")
    raw = re.sub(r"[\x80-\x9f]", lambda m: bytes([ord(m.group())]).decode("cp1252", "replace"), raw)
    title, _, body = raw.replace("\r\n", "\n").strip().partition("\n")
    return title.strip(), body


def load_rpm2(shared: Path, topics: Sequence[str] = RPM2_TOPICS) -> pd.DataFrame:
    """RPM2 documents of ``topics`` (columns split, id, topic, story, title, text); ``topic`` and
    ``story`` (the cluster) come from the file names, the text is cleaned as the pipeline does."""
    rows = []
    for path in sorted((shared / "data" / "rpm2" / "documents").glob("T*_C*_*.txt")):
        m = _RPM2_FILE.fullmatch(path.stem)
        if not m or m.group(1) not in topics:
            continue
        title, body = read_rpm2_file(path)
        article = clean_article(Article(path.stem, body, title=title or None, source=str(path))).article
        rows.append({"split": "rpm2", "id": path.stem, "topic": m.group(1), "story": f"{m.group(1)}_{m.group(2)}",
                     "title": article.title, "text": article.text})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- metrics


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- systems


def ours(df: pd.DataFrame, config: GroupingConfig) -> tuple[list[int], list[int]]:
    """Topic and story of every article of ``df`` (labels by position) under ``config``."""
    grouper = StoryGrouper(config)
    for row in df.itertuples():
        grouper.add(row.id, row.title if isinstance(row.title, str) else None, row.text)
    topic, story = [0] * len(df), [0] * len(df)
    k = 0
    for t, stories in enumerate(grouper.topic_groups()):
        for members in stories:
            for i in members:
                topic[i], story[i] = t, k
            k += 1
    return topic, story


def baseline(df: pd.DataFrame, threshold: float) -> list[int]:
    """TF-IDF (title + text) and agglomerative clustering, average linkage, cosine distance < 1 - threshold."""
    texts = [f"{t or ''}. {x}" for t, x in zip(df.title, df.text)]
    with warnings.catch_warnings():  # the stop list holds "quelqu'", which this tokenizer cuts
        warnings.simplefilter("ignore", UserWarning)
        X = TfidfVectorizer(
            sublinear_tf=True, stop_words=sorted(stopwords("fr")), token_pattern=r"(?u)\b[^\W\d_]{2,}\b"
        ).fit_transform(texts)
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - threshold)
    return model.fit_predict(X.toarray()).tolist()


def gold_labels(df: pd.DataFrame, column: str = "story") -> list[int]:
    """The labels of ``column`` as numbers (by position)."""
    ids = {s: k for k, s in enumerate(dict.fromkeys(df[column]))}
    return [ids[s] for s in df[column]]


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


def halves(groups: Sequence[str], seed: int = 0) -> list[set[int]]:
    """Two folds of the articles (positions): the distinct ``groups`` shuffled (``seed``) and dealt
    in turn, every article going with its group."""
    names = sorted(set(groups))
    random.Random(seed).shuffle(names)
    fold_of = {g: i % 2 for i, g in enumerate(names)}
    return [{i for i, g in enumerate(groups) if fold_of[g] == k} for k in (0, 1)]


def choose(
    preds: dict[Any, Sequence[Sequence[int]]], golds: Sequence[Sequence[int]], members: Sequence[set[int]],
    tolerance: float | None = None,
) -> Any:
    """The setting with the best mean B-cubed F1 over the tasks, scored on the articles
    ``members[t]`` of each task ``t`` (ties: the first setting); with ``tolerance``, among the
    settings within ``tolerance`` of the best B-cubed F1 of task 0 only (task 0 first).
    ``preds[setting][t]`` are the labels task ``t`` gets under ``setting``, ``golds[t]`` its gold."""
    settings = list(preds)
    f1 = {
        x: [_from_counts(_subset_counts(preds[x][t], gold, members[t]))["B3 F1"] for t, gold in enumerate(golds)]
        for x in settings
    }
    allowed = settings
    if tolerance is not None:
        top = max(f[0] for f in f1.values())
        allowed = [x for x in settings if f1[x][0] >= top - tolerance - 1e-9]
    return max(allowed, key=lambda x: (float(np.mean(f1[x])), -settings.index(x)))


def cross_validate(
    preds: dict[Any, Sequence[Sequence[int]]], golds: Sequence[Sequence[int]], folds: Sequence[Sequence[set[int]]],
    tolerance: float | None = None,
) -> tuple[list[dict[str, float]], list[Any]]:
    """2-fold CV of :func:`choose` on one or more tasks at once: ``folds[t]`` are the two halves
    of task ``t`` (a labelled set, grouped whole under each setting). The setting chosen on one
    half of every task is scored on the other half's articles; both ways, pooled per task.
    Returns the pooled scores per task and the two settings chosen."""
    pooled: list[Counter] = [Counter() for _ in golds]
    chosen = []
    for k in (0, 1):
        best = choose(preds, golds, [f[k] for f in folds], tolerance)
        chosen.append(best)
        for t, gold in enumerate(golds):
            pooled[t].update(_subset_counts(preds[best][t], gold, folds[t][1 - k]))
    return [_from_counts(c) for c in pooled], chosen


def cross_validated(system: Callable, df: pd.DataFrame, seed: int = 0) -> tuple[dict[str, float], list[float]]:
    """2-fold CV over stories of a system with one threshold (``THRESHOLDS``): every article is
    grouped with all the others at each threshold; the threshold is tuned (B-cubed F1) on the
    articles of one half of the stories and scored on the other half's articles (a wrong link to
    a tuning article counts), both ways, pooled."""
    preds = {t: [system(df, t)] for t in THRESHOLDS}
    result, chosen = cross_validate(preds, [gold_labels(df)], [halves(list(df.story), seed)])
    return result[0], chosen


def _best(preds: dict[Any, list[int]], gold: list[int]) -> Any:
    """The setting with the best B-cubed F1 on the whole set (in hindsight: optimistic)."""
    return max(preds, key=lambda x: scores(preds[x], gold)["B3 F1"])


def _setting(config: GroupingConfig) -> str:
    centroid = "off" if config.story_centroid > 1 else f"{config.story_centroid:g}"
    return f"topic {config.topic_threshold:g}, story mean {config.threshold:g}, centroid {centroid}"


def evaluate(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The tables: ``eval/stories`` (stories), RPM2 (topics, stories against clusters), and every
    story setting tried on both whole sets (optimistic: the trade-off between the two)."""
    stories_df, rpm2 = load_set(shared), load_rpm2(shared)
    gold_s, gold_topic, gold_cluster = gold_labels(stories_df), gold_labels(rpm2, "topic"), gold_labels(rpm2, "story")
    folds_s, folds_r = halves(list(stories_df.story)), halves(list(rpm2.topic))
    default = GroupingConfig()
    rows_s: list[dict[str, Any]] = []
    rows_r: list[dict[str, Any]] = []

    # topics: one threshold, tuned on RPM2 topics (story settings do not change topics)
    topic_preds = {t: ours(rpm2, replace(default, topic_threshold=t))[0] for t in TOPIC_THRESHOLDS}
    (cv,), chosen = cross_validate({t: [p] for t, p in topic_preds.items()}, [gold_topic], [folds_r])
    best = _best(topic_preds, gold_topic)
    run_default = ours(rpm2, default)
    for setting, sc in (
        (f"2-fold CV over topics (topic thresholds {chosen[0]:g}, {chosen[1]:g})", cv),
        (f"shipped default (topic {default.topic_threshold:g})", scores(run_default[0], gold_topic)),
        (f"best in hindsight (topic {best:g}; optimistic)", scores(topic_preds[best], gold_topic)),
    ):
        rows_r.append({"level": "topics vs RPM2 topics", "system": "summarize.group", "setting": setting, **sc})

    # stories: two thresholds, tuned on both sets at once (mean of the stories' B-cubed F1)
    grid = {(t, c): replace(default, threshold=t, story_centroid=c) for t in STORY_THRESHOLDS for c in STORY_CENTROIDS}
    story_preds = {key: [ours(stories_df, cfg)[1], ours(rpm2, cfg)[1]] for key, cfg in grid.items()}
    (cv_s, cv_r), chosen = cross_validate(story_preds, [gold_s, gold_cluster], [folds_s, folds_r], TOLERANCE)
    (mean_s, mean_r), chosen_mean = cross_validate(story_preds, [gold_s, gold_cluster], [folds_s, folds_r])
    (cv_alone,), chosen_alone = cross_validate({k: v[:1] for k, v in story_preds.items()}, [gold_s], [folds_s])
    names = [_setting(grid[c]) for c in chosen]
    whole = choose(story_preds, [gold_s, gold_cluster], [set(range(len(stories_df))), set(range(len(rpm2)))], TOLERANCE)
    best_s = _best({k: v[0] for k, v in story_preds.items()}, gold_s)
    best_r = _best({k: v[1] for k, v in story_preds.items()}, gold_cluster)
    joint = f"2-fold CV, both sets, eval/stories first ({names[0]} | {names[1]})"
    plain = "2-fold CV, both sets, plain mean (" + " | ".join(_setting(grid[c]) for c in chosen_mean) + ")"
    rows_s += [
        {"system": "summarize.group", "setting": joint, **cv_s},
        {"system": "summarize.group", "setting": plain, **mean_s},
        {"system": "summarize.group", "setting": "2-fold CV, this set only (" + " | ".join(_setting(grid[c]) for c in chosen_alone) + ")", **cv_alone},
        {"system": "summarize.group", "setting": f"shipped default ({_setting(default)})", **scores(ours(stories_df, default)[1], gold_s)},
        {"system": "summarize.group", "setting": f"same rule on both whole sets ({_setting(grid[whole])}; optimistic)",
         **scores(story_preds[whole][0], gold_s)},
        {"system": "summarize.group", "setting": f"best in hindsight ({_setting(grid[best_s])}; optimistic)", **scores(story_preds[best_s][0], gold_s)},
    ]
    rows_r += [
        {"level": "stories vs RPM2 clusters", "system": "summarize.group", "setting": joint, **cv_r},
        {"level": "stories vs RPM2 clusters", "system": "summarize.group", "setting": plain, **mean_r},
        {"level": "stories vs RPM2 clusters", "system": "summarize.group", "setting": f"shipped default ({_setting(default)})",
         **scores(run_default[1], gold_cluster)},
        {"level": "stories vs RPM2 clusters", "system": "summarize.group",
         "setting": f"same rule on both whole sets ({_setting(grid[whole])}; optimistic)", **scores(story_preds[whole][1], gold_cluster)},
        {"level": "stories vs RPM2 clusters", "system": "summarize.group",
         "setting": f"best in hindsight ({_setting(grid[best_r])}; optimistic)", **scores(story_preds[best_r][1], gold_cluster)},
    ]

    # the baseline: one threshold, tuned on each task alone
    base_s = {t: baseline(stories_df, t) for t in THRESHOLDS}
    base_r = {t: baseline(rpm2, t) for t in THRESHOLDS}
    (cv,), chosen = cross_validate({t: [p] for t, p in base_s.items()}, [gold_s], [folds_s])
    b = _best(base_s, gold_s)
    rows_s += [
        {"system": "baseline tfidf+agglomerative", "setting": f"2-fold CV (thresholds {chosen[0]:g}, {chosen[1]:g})", **cv},
        {"system": "baseline tfidf+agglomerative", "setting": f"best in hindsight {b:g} (optimistic)", **scores(base_s[b], gold_s)},
    ]
    for level, gold in (("topics vs RPM2 topics", gold_topic), ("stories vs RPM2 clusters", gold_cluster)):
        (cv,), chosen = cross_validate({t: [p] for t, p in base_r.items()}, [gold], [folds_r])
        b = _best(base_r, gold)
        rows_r += [
            {"level": level, "system": "baseline tfidf+agglomerative", "setting": f"2-fold CV over topics (thresholds {chosen[0]:g}, {chosen[1]:g})", **cv},
            {"level": level, "system": "baseline tfidf+agglomerative", "setting": f"best in hindsight {b:g} (optimistic)", **scores(base_r[b], gold)},
        ]
    frontier = pd.DataFrame([
        {"story mean": t, "centroid": "off" if c > 1 else c, "eval/stories B3 F1": scores(p[0], gold_s)["B3 F1"],
         "eval/stories pair F1": scores(p[0], gold_s)["pair F1"], "RPM2 clusters B3 F1": scores(p[1], gold_cluster)["B3 F1"]}
        for (t, c), p in story_preds.items()
    ])
    return (
        _percent(pd.DataFrame(rows_s)), _percent(pd.DataFrame(rows_r).drop(columns=["pair P", "pair R", "pair F1"])),
        _percent(frontier, keep=("story mean", "centroid")),
    )


def _percent(table: pd.DataFrame, keep: Sequence[str] = ("level", "system", "setting")) -> pd.DataFrame:
    for col in table.columns:
        if col not in keep:
            table[col] = (100 * table[col]).round(1)
    return table


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    args = ap.parse_args(argv)
    table_s, table_r, frontier = evaluate(Path(args.shared))
    print("eval/stories: 329 hand-labelled articles, stories (one event)")
    print(table_s.to_string(index=False))
    print("\nRPM2 T01-T10: 200 articles, 10 topics of 2 clusters (a month apart) of 10 articles")
    print(table_r.sort_values("level", kind="stable").to_string(index=False))
    print("\nEvery story setting on both whole sets (topic threshold as shipped; optimistic):")
    print(frontier.pivot(index="story mean", columns="centroid").round(1).to_string())


if __name__ == "__main__":
    main()
