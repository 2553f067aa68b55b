"""RPM2 harness: merged summaries of real multi-document clusters against 4 human abstracts.

    python -m eval.multidoc [--rpm2 DIR] [--topics T01,T02] [--words 100] [--json FILE]

RPM2 (de Loupy et al., LREC 2010; ``../shared/data/rpm2``, read from there) holds clusters of 10
French press articles with 4 abstracts of ~100 words each. For every cluster the harness runs the
toolkit as ``summarize run CLUSTER --stories one --merged-words 100`` does (the pipeline in this
process) and scores its merged summary, beside baselines fed with the same cleaned sentences:

* ``first-article``: the first 100 words of the first article;
* ``first-sentences``: the first sentence of each article, in file order, to 100 words;
* ``lexrank`` / ``textrank``: sumy's LexRank (TF-IDF cosine > 0.1) and TextRank (damping 0.85)
  ratings over the cluster's sentences (our sentences and tokens fed to sumy's document model),
  best first, a sentence skipped when its TF-IDF cosine to a kept one is >= 0.5, to 100 words;
* ``centroid``: sentences by TF-IDF cosine to the cluster's centroid, same redundancy cut;
* ``human``: each abstract scored against the other three (the agreement between people).

Scoring: every summary cut at ``--words`` whitespace words; ROUGE-1/2 recall and F1 averaged over
the references (``RougeScorer(multi_ref="mean")``), no stemming, in both tokenizations (``fr``:
Unicode words; ``compat``: rouge_score's ASCII runs); means over clusters with 95% bootstrap CIs
(1,000 resamples, seed 0), and a paired bootstrap of the toolkit against each baseline (R1/R2
recall, ``fr``). Time: the toolkit's seconds per cluster (load, clean, summarize, merge, checks).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from summarize import Pipeline, PipelineConfig
from summarize.lexicon import stopwords
from summarize.load import load_file, read_text, shared_dir
from summarize.merge import get_merger
from summarize.readable import summary_defects
from summarize.records import Document, Length, Summary
from summarize.scoring import RougeScorer, bootstrap_intervals, bootstrap_means
from summarize.vectors import tfidf_sparse

TOKENIZERS = ("fr", "compat")
_FILE = re.compile(r"(T\d\d)_(C\d)_(\d\d)\.txt$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Cluster:
    """One RPM2 cluster: its article files (in file order) and its human abstracts."""

    id: str
    files: tuple[Path, ...]
    references: tuple[str, ...]

    @property
    def topic(self) -> str:
        return self.id.split("_")[0]


@dataclass
class ClusterRun:
    """What every system produced for one cluster (text before the cut)."""

    cluster: Cluster
    summaries: dict[str, str] = field(default_factory=dict)
    time_s: float = 0.0
    merged_sentences: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    article_summaries: list[Summary] = field(default_factory=list)


def default_rpm2_dir() -> Path:
    return shared_dir() / "data" / "rpm2"


def load_clusters(root: str | Path, topics: Sequence[str] | None = None) -> list[Cluster]:
    """The clusters under ``root`` (``documents/TNN_Cc_DD.txt``, ``references/TNN_Cc_AK.txt``).

    Raises:
        FileNotFoundError: no RPM2 documents under ``root`` (the message says where they come from).
    """
    root = Path(root)
    files: dict[str, list[Path]] = {}
    for path in sorted((root / "documents").glob("T*_C*_*.txt")):
        m = _FILE.search(path.name)
        if m and (not topics or m.group(1) in topics):
            files.setdefault(f"{m.group(1)}_{m.group(2)}", []).append(path)
    if not files:
        raise FileNotFoundError(
            f"no RPM2 cluster under {root}/documents (TNN_Cc_DD.txt files{' for ' + ','.join(topics) if topics else ''}); "
            "RPM2's development half ships in ../shared/data/rpm2 (see its README), or pass --rpm2 DIR"
        )
    clusters = []
    for cid, paths in sorted(files.items()):
        refs = tuple(read_text(p)[0].strip() for p in sorted((root / "references").glob(f"{cid}_A*.txt")))
        if not refs:
            raise FileNotFoundError(f"cluster {cid} has no abstract under {root}/references ({cid}_A1.txt...)")
        clusters.append(Cluster(cid, tuple(paths), refs))
    return clusters


def cut(text: str, words: int) -> str:
    """The first ``words`` whitespace words of ``text``."""
    return " ".join(text.split()[:words])


def _fill(sentences: Sequence[str], words: int) -> str:
    """Sentences in the given order until ``words`` words are reached (the last one is cut by scoring)."""
    out: list[str] = []
    n = 0
    for s in sentences:
        if n >= words:
            break
        out.append(s)
        n += len(s.split())
    return " ".join(out)


def _pick(sentences: Sequence[str], ranking: Sequence[int], lang: str, words: int, redundancy: float = 0.5) -> str:
    """Best-ranked sentences, skipping one whose TF-IDF cosine to a kept one is >= ``redundancy``,
    to ``words`` words, shown in the sources' order."""
    X = tfidf_sparse(list(sentences), lang)
    kept: list[int] = []
    n = 0
    for i in ranking:
        if n >= words:
            break
        if kept and (X[kept] @ X[i].T).max() >= redundancy:
            continue
        kept.append(i)
        n += len(sentences[i].split())
    return " ".join(sentences[i] for i in sorted(kept))


class _SumyTokenizer:
    """Our word split for sumy's document model (sumy's own needs NLTK data)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def sumy_ranking(sentences: Sequence[str], method: str, lang: str = "fr") -> list[int]:
    """Sentence indices best first by sumy's ``lexrank`` or ``textrank`` (stop words of ``lang``)."""
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
    except ImportError as exc:  # pragma: no cover - eval extra
        raise SystemExit("the lexrank/textrank baselines need sumy: pip install -e '.[eval]'") from exc
    tok = _SumyTokenizer(lang)
    objs = [Sentence(s, tok) for s in sentences]
    doc = ObjectDocumentModel([Paragraph(objs)])
    summarizer = LexRankSummarizer() if method == "lexrank" else TextRankSummarizer()
    summarizer.stop_words = stopwords(lang)
    ranked: list[Any] = []

    def capture(infos: list[Any]) -> list[Any]:  # sumy passes the infos sorted best first
        ranked.extend(infos)
        return infos

    summarizer(doc, capture)
    first = {}
    for i, s in enumerate(objs):
        first.setdefault(s, i)
    return [first[info.sentence] for info in ranked]


def centroid_ranking(sentences: Sequence[str], lang: str = "fr") -> list[int]:
    """Sentence indices by TF-IDF cosine to the cluster's centroid, best first."""
    X = tfidf_sparse(list(sentences), lang)
    centroid = np.asarray(X.mean(axis=0)).ravel()
    sims = X @ centroid
    return sorted(range(len(sentences)), key=lambda i: (-sims[i], i))


def baselines(documents: Sequence[Document], words: int) -> dict[str, str]:
    """The baseline summaries of one cluster from its cleaned, segmented documents."""
    sentences = [s for d in documents for s in d.sentences]
    lang = "fr"
    out = {
        "first-article": _fill(documents[0].sentences, words),
        "first-sentences": _fill([d.sentences[0] for d in documents if d.sentences], words),
        "lexrank": _pick(sentences, sumy_ranking(sentences, "lexrank", lang), lang, words),
        "textrank": _pick(sentences, sumy_ranking(sentences, "textrank", lang), lang, words),
        "centroid": _pick(sentences, centroid_ranking(sentences, lang), lang, words),
    }
    return out


def run_cluster(cluster: Cluster, config: PipelineConfig, words: int) -> ClusterRun:
    """The toolkit's merged summary of ``cluster`` and the baselines on the same documents."""
    start = time.perf_counter()
    result = Pipeline(config).run([load_file(p) for p in cluster.files])
    elapsed = time.perf_counter() - start
    if result.merged is None:
        raise RuntimeError(f"{cluster.id}: no merged summary ({[str(e) for e in result.errors]})")
    run = ClusterRun(
        cluster, time_s=elapsed, merged_sentences=[s.text for s in result.merged.sentences],
        documents=result.documents, article_summaries=result.summaries,
    )
    run.summaries["summarize"] = result.merged.text
    run.summaries.update(baselines(result.documents, words))
    return run


def human_scores(clusters: Sequence[Cluster], scorer: RougeScorer, words: int) -> np.ndarray:
    """Per cluster, each abstract against the other three, averaged: (n_clusters, 4) R1/R2 recall/F1."""
    rows = []
    for c in clusters:
        per = []
        for k, ref in enumerate(c.references):
            others = [r for j, r in enumerate(c.references) if j != k]
            s = scorer.score(others, cut(ref, words))
            per.append([s["rouge1"].recall, s["rouge2"].recall, s["rouge1"].fmeasure, s["rouge2"].fmeasure])
        rows.append(np.mean(per, axis=0))
    return np.array(rows)


def system_scores(runs: Sequence[ClusterRun], system: str, scorer: RougeScorer, words: int) -> np.ndarray:
    """(n_clusters, 4): R1/R2 recall and F1 of ``system`` against each cluster's references (mean)."""
    rows = []
    for r in runs:
        s = scorer.score(list(r.cluster.references), cut(r.summaries[system], words))
        rows.append([s["rouge1"].recall, s["rouge2"].recall, s["rouge1"].fmeasure, s["rouge2"].fmeasure])
    return np.array(rows)


COLUMNS = ("R1 recall", "R2 recall", "R1 F1", "R2 F1")


def table(per_system: dict[str, np.ndarray], *, n_bootstrap: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Means x100 with 95% bootstrap CIs, one row per system."""
    rows = []
    for name, values in per_system.items():
        ivs = bootstrap_intervals(values, n_bootstrap=n_bootstrap, seed=seed)
        row: dict[str, Any] = {"system": name}
        for col, iv in zip(COLUMNS, ivs):
            row[col] = f"{100 * iv.mean:.2f} [{100 * iv.low:.2f}, {100 * iv.high:.2f}]"
        rows.append(row)
    return pd.DataFrame(rows).set_index("system")


def p_no_gain(a: np.ndarray, b: np.ndarray, *, n_bootstrap: int = 1000, seed: int = 0) -> float:
    """Paired bootstrap over clusters: share of resamples where ``a``'s mean is not above ``b``'s."""
    return float(np.mean(bootstrap_means((a - b)[:, None], n_bootstrap=n_bootstrap, seed=seed)[:, 0] <= 0))


def evaluate(
    clusters: Sequence[Cluster], config: PipelineConfig, *, words: int = 100, progress: bool = True,
    on_run: Callable[[ClusterRun], None] | None = None,
) -> tuple[list[ClusterRun], dict[str, dict[str, np.ndarray]]]:
    """Run every cluster; scores per tokenizer and system ((n_clusters, 4) arrays)."""
    runs = []
    for c in tqdm(clusters, desc="clusters", unit="cluster", disable=not progress):
        run = run_cluster(c, config, words)
        runs.append(run)
        if on_run:
            on_run(run)
    scores: dict[str, dict[str, np.ndarray]] = {}
    for tok in TOKENIZERS:
        scorer = RougeScorer(("rouge1", "rouge2"), tokenizer=tok, multi_ref="mean")
        per = {name: system_scores(runs, name, scorer, words) for name in runs[0].summaries}
        per["human"] = human_scores(clusters, scorer, words)
        scores[tok] = per
    return runs, scores


# The merger's parameters tried by --cv (eval/README.md, "Merged summaries on RPM2").
CV_GRID: dict[str, tuple[float, ...]] = {
    "position_weight": (3.0, 5.0, 8.0, 12.0),
    "min_sources": (0.2, 0.3, 0.4),
    "length_exponent": (0.5, 0.7, 1.0),
    "min_sentence_words": (6, 12),
}


def cross_validate(runs: Sequence[ClusterRun], words: int, grid: dict[str, tuple[float, ...]] = CV_GRID) -> pd.DataFrame:
    """Leave-one-topic-out: for each topic, the extractive merger's parameters with the best
    R1 + R2 recall (``fr``) on the other topics, scored on that topic's clusters. Returns one row
    per topic (chosen parameters, R1/R2 recall x100); the mean row is the cross-validated figure."""
    import itertools

    scorer = RougeScorer(("rouge1", "rouge2"), tokenizer="fr", multi_ref="mean")
    configs = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    per: list[np.ndarray] = []  # per config: (n_clusters, 2)
    for params in tqdm(configs, desc="cv grid", unit="config"):
        merger = get_merger("extractive", **params)
        rows = []
        for r in runs:
            merged = merger.merge(r.documents, r.article_summaries, Length(words=words))
            s = scorer.score(list(r.cluster.references), cut(merged.text, words))
            rows.append([s["rouge1"].recall, s["rouge2"].recall])
        per.append(np.array(rows))
    topics = [r.cluster.topic for r in runs]
    out = []
    for topic in sorted(set(topics)):
        held = np.array([t == topic for t in topics])
        best = max(range(len(configs)), key=lambda i: (per[i][~held].sum(), -i))
        r1, r2 = 100 * per[best][held].mean(axis=0)
        out.append({"topic": topic, **configs[best], "R1 recall": round(r1, 2), "R2 recall": round(r2, 2)})
    return pd.DataFrame(out).set_index("topic")


def restated_share(sentences: Sequence[str], earlier: Sequence[str], share: float = 0.6) -> float:
    """Share of ``sentences`` whose word bigrams are at least ``share`` in the ``earlier``
    sentences (all of them pooled): they restate what was already known."""
    def bigrams(text: str) -> set[tuple[str, str]]:
        t = re.findall(r"[^\W_]+", text.lower())
        return set(zip(t, t[1:]))

    old = set().union(*(bigrams(s) for s in earlier))
    restated = [len(b & old) >= share * len(b) for b in map(bigrams, sentences) if b]
    return sum(restated) / len(restated) if restated else 0.0


def update_summaries(runs: Sequence[ClusterRun], words: int) -> pd.DataFrame:
    """Each topic's C2 merged without and with its C1 as known (``--since``): R1/R2 recall x100
    against the C2 abstracts, and the share of merged sentences restating C1."""
    scorer = RougeScorer(("rouge1", "rouge2"), tokenizer="fr", multi_ref="mean")
    merger = get_merger("extractive")
    by_id = {r.cluster.id: r for r in runs}
    rows = []
    for r in runs:
        if not r.cluster.id.endswith("_C2") or r.cluster.id.replace("_C2", "_C1") not in by_id:
            continue
        c1 = by_id[r.cluster.id.replace("_C2", "_C1")]
        known = [s for d in c1.documents for s in d.sentences]
        for mode, kn in (("without", ()), ("since C1", known)):
            merged = merger.merge(r.documents, r.article_summaries, Length(words=words), known=kn)
            sc = scorer.score(list(r.cluster.references), cut(merged.text, words))
            rows.append({
                "topic": r.cluster.topic, "mode": mode, "R1 recall": 100 * sc["rouge1"].recall,
                "R2 recall": 100 * sc["rouge2"].recall,
                "restating C1 %": 100 * restated_share([x.text for x in merged.sentences], known),
            })
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.multidoc", description=__doc__.split("\n")[0])
    parser.add_argument("--rpm2", type=Path, default=None, help="RPM2 folder (default: ../shared/data/rpm2)")
    parser.add_argument("--topics", default="", help="comma-separated topics (T01,T02); default: all")
    parser.add_argument("--words", type=int, default=100, help="summary length and cut, in words (default 100)")
    parser.add_argument("--summarizer", default="auto", help="the run's summarizer (default auto)")
    parser.add_argument("--merge-strategy", default="extractive")
    parser.add_argument("-M", "--merger-option", action="append", default=[], metavar="KEY=VALUE",
                        help="merger parameter (JSON value), repeatable")
    parser.add_argument("--no-conflicts", action="store_true", help="skip the conflict checks (faster)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures and summaries as JSON here")
    parser.add_argument("--show", action="store_true", help="print every merged summary")
    parser.add_argument("--since", action="store_true", help="also measure update summaries: each C2 given its C1")
    parser.add_argument("--cv", action="store_true", help="also tune the extractive merger by leave-one-topic-out (CV_GRID)")
    args = parser.parse_args(argv)

    options = {}
    for kv in args.merger_option:
        key, _, value = kv.partition("=")
        try:
            options[key] = json.loads(value)
        except json.JSONDecodeError:
            options[key] = value
    config = PipelineConfig(
        summarizer=args.summarizer, stories="one", merged_words=args.words, merge_strategy=args.merge_strategy,
        merger_options=options, conflicts=not args.no_conflicts, progress=False,
    )
    topics = [t.strip() for t in args.topics.split(",") if t.strip()] or None
    clusters = load_clusters(args.rpm2 or default_rpm2_dir(), topics)
    runs, scores = evaluate(clusters, config, words=args.words)
    for tok in TOKENIZERS:
        print(f"\n## {len(clusters)} clusters, {args.words} words, ROUGE x100 mean over 4 references, tokenization {tok}")
        print(table(scores[tok]).to_string())
    fr = scores["fr"]
    print("\npaired bootstrap, summarize vs each baseline (fr, 1,000 resamples): p of no gain")
    for name in fr:
        if name in ("summarize",):
            continue
        ps = [p_no_gain(fr["summarize"][:, k], fr[name][:, k]) for k in (0, 1)]
        print(f"  vs {name:16s} R1 recall p={ps[0]:.3f}  R2 recall p={ps[1]:.3f}")
    defects = Counter(kind for r in runs for _, kind in summary_defects(r.merged_sentences, lang="fr"))
    n_sentences = sum(len(r.merged_sentences) for r in runs)
    print(f"\nreadable sentences (summarize.readable): {sum(defects.values())} defects in {n_sentences} merged sentences"
          + (f" ({', '.join(f'{k} {v}' for k, v in sorted(defects.items()))})" if defects else ""))
    times = [r.time_s for r in runs]
    print(f"\ntime per cluster: {np.mean(times):.2f} s mean, {max(times):.2f} s max ({config.summarizer}, {config.merge_strategy})")
    if args.cv:
        cv = cross_validate(runs, args.words)
        print("\nleave-one-topic-out (parameters chosen on the other topics; fr, x100):")
        print(cv.to_string())
        print(f"cross-validated mean: R1 recall {cv['R1 recall'].mean():.2f}, R2 recall {cv['R2 recall'].mean():.2f}")
    if args.since:
        upd = update_summaries(runs, args.words)
        print("\nupdate summaries: C2 merged without / with its C1 as known (--since), fr, x100, mean over topics:")
        print(upd.groupby("mode")[["R1 recall", "R2 recall", "restating C1 %"]].mean().round(2).to_string())
        cols = ["R1 recall", "R2 recall"]
        delta = upd[upd["mode"] == "since C1"].set_index("topic")[cols] - upd[upd["mode"] == "without"].set_index("topic")[cols]
        print(f"paired over {len(delta)} topics: R1 {delta['R1 recall'].mean():+.2f} (better in {(delta['R1 recall'] > 0).sum()}), "
              f"R2 {delta['R2 recall'].mean():+.2f} (better in {(delta['R2 recall'] > 0).sum()})")
    if args.show:
        for r in runs:
            print(f"\n### {r.cluster.id}\n" + "\n".join(r.merged_sentences))
    if args.json:
        payload = {
            "words": args.words, "clusters": [r.cluster.id for r in runs],
            "scores": {tok: {name: dict(zip(COLUMNS, (100 * v.mean(axis=0)).round(2).tolist())) for name, v in per.items()}
                       for tok, per in scores.items()},
            "time_s": times, "merged": {r.cluster.id: r.merged_sentences for r in runs},
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
