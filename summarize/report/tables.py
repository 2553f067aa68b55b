"""Tables (pandas) and figures (matplotlib) for notebooks and scripts.

Figures are built on ``matplotlib.figure.Figure`` objects, not on pyplot's global state; in
Jupyter, a returned figure is displayed inline.
"""

from __future__ import annotations

import pandas as pd

from ..extras import require
from ..pipeline import RunResult
from ..records import MergedSummary
from ..scoring import RunScores


def cleaning_table(result: RunResult) -> pd.DataFrame:
    """Every line the cleaner removed: article id, line number, rule, text."""
    rows = [
        {"id": art_id, "line": r.lineno, "rule": r.reason, "text": r.text}
        for art_id, clean in result.cleaning.items()
        for r in clean.removed
    ]
    return pd.DataFrame(rows, columns=["id", "line", "rule", "text"])


def stories_table(result: RunResult) -> pd.DataFrame:
    """One row per story kept in ``result``: its topic, id, articles, label and merged words."""
    topic_of = result.topic_of()
    rows = [
        {"topic": topic_of.get(s.id), "story": s.id, "articles": s.size, "label": s.label,
         "merged_words": s.merged.words if s.merged else None}
        for s in result.stories
    ]
    return pd.DataFrame(rows, columns=["topic", "story", "articles", "label", "merged_words"])


def merged_table(merged: MergedSummary) -> pd.DataFrame:
    """Merged sentences with their number of sources and the sources' ids."""
    return pd.DataFrame(
        [{"sentence": s.text, "n_sources": len(s.sources), "sources": ", ".join(s.sources)} for s in merged.sentences]
    )


def attribution_matrix(merged: MergedSummary) -> pd.DataFrame:
    """1 where an article supports a merged sentence (rows: sentences 1..n, columns: article ids)."""
    data = {a: [int(a in s.sources) for s in merged.sentences] for a in merged.article_ids}
    return pd.DataFrame(data, index=[f"{i + 1}" for i in range(len(merged.sentences))])


def conflicts_table(merged: MergedSummary) -> pd.DataFrame:
    """One row per (conflict, value): slot, what it is about, the value, the articles giving it."""
    rows = [
        {"slot": c.slot, "about": c.about, "value": v, "articles": ", ".join(arts)}
        for c in merged.conflicts
        for v, arts in c.values.items()
    ]
    return pd.DataFrame(rows, columns=["slot", "about", "value", "articles"])


def scores_frame(scores: RunScores) -> pd.DataFrame:
    """Long table of :func:`summarize.scoring.score_run` output: summaries, tokenizer, ROUGE type,
    F1 x100 and its CI."""
    rows = []
    for key, results in (("articles", scores.articles), ("merged", scores.merged)):
        for tok, res in results.items():
            for rouge, agg in res.aggregate.items():
                f = agg["fmeasure"].to_dict(100.0)
                rows.append({"summaries": key, "tokenizer": tok, "rouge": rouge, "f1": f["mean"], "low": f["low"], "high": f["high"], "n": len(res.ids)})
    return pd.DataFrame(rows)


def plot_attribution(merged: MergedSummary):
    """Heatmap: which article supports which merged sentence."""
    m = attribution_matrix(merged)
    fig = _figure((1.2 + 0.9 * m.shape[1], 0.9 + 0.45 * m.shape[0]))
    ax = fig.subplots()
    ax.imshow(m.values, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(m.shape[1]), [c[:12] for c in m.columns], rotation=45, ha="right")
    ax.set_yticks(range(m.shape[0]), [f"sentence {i}" for i in m.index])
    ax.set_title("Which source supports which merged sentence")
    fig.tight_layout()
    return fig


def plot_scores(frame: pd.DataFrame, summaries: str = "articles"):
    """Bar chart of ROUGE F1 with 95% CI error bars, one group per ROUGE type, one bar per tokenizer."""
    data = frame[frame["summaries"] == summaries]
    rouges = list(dict.fromkeys(data["rouge"]))
    toks = list(dict.fromkeys(data["tokenizer"]))
    fig = _figure((7, 3.5))
    ax = fig.subplots()
    width = 0.8 / max(len(toks), 1)
    for k, tok in enumerate(toks):
        d = data[data["tokenizer"] == tok].set_index("rouge").loc[rouges]
        xs = [i + k * width for i in range(len(rouges))]
        ax.bar(xs, d["f1"], width, yerr=[d["f1"] - d["low"], d["high"] - d["f1"]], capsize=3, label=tok)
    ax.set_xticks([i + width * (len(toks) - 1) / 2 for i in range(len(rouges))], rouges)
    ax.set_ylabel("F1 x100")
    ax.set_title(f"ROUGE of the {summaries} summaries (95% bootstrap CI)")
    ax.legend(title="tokenizer")
    fig.tight_layout()
    return fig


def plot_tradeoff(table: pd.DataFrame, x: str, y: str = "R1", label: str = "system"):
    """Scatter of ``y`` against ``x`` (e.g. score vs words or vs time), one labelled point per row."""
    fig = _figure((5.5, 3.5))
    ax = fig.subplots()
    ax.scatter(table[x], table[y])
    for _, row in table.iterrows():
        ax.annotate(str(row[label]), (row[x], row[y]), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    fig.tight_layout()
    return fig


def _figure(size: tuple[float, float]):
    """A new ``matplotlib.figure.Figure`` (matplotlib comes with the ``notebooks`` extra)."""
    require("notebooks", "plotting")
    from matplotlib.figure import Figure

    return Figure(figsize=size)
