"""Rich views (HTML) for notebooks: a run, its stories and topics, a merged summary with its
sources and conflicts, and scores with their confidence intervals.

Jupyter shows an object through its ``_repr_html_``. The records, the run and the scores have one
that asks :func:`summarize.records.html_view`, a registry this module fills when the report stage
is imported (``import summarize`` does it): the classes never import this later stage. Every
function here is pure (it returns a string, reads nothing else) and every text that comes from an
article (titles, sentences, ids, error messages) goes through :func:`html.escape`: a page's
``<script>`` shows as text. The styles are inline (one small ``<style>`` per view, every class
prefixed ``sz-``), nothing needs JavaScript, and nothing links anywhere.

:func:`show` wraps what has no view of its own (a list of stories or topics) or needs the articles
for its hovers (a merged summary: each source badge shows, on hover, the source's sentence that
supports the merged one)::

    from summarize.report.html import show
    result.merged                           # badges show the source's id on hover
    show(result.merged, result.documents)   # ... and the source's own sentence
    show(result.stories, result.topics)     # one compact table
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..lexicon import content_words
from ..pipeline import RunResult, Topic
from ..records import HTML_VIEWS, Article, Conflict, Document, MergedSummary, Story
from ..scoring import RougeResult, RunScores
from ..segment import as_document

MAX_ROWS = 50  # rows of a table before "... and N more"
ABOUT_CHARS = 100  # what a conflict is about, shown in full on hover beyond this
SHORT_VALUE = 60  # a conflict's value up to this length (a figure, a place) is shown in bold
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")

CSS = """<style>
.sz-view{font-family:var(--jp-content-font-family,system-ui,sans-serif);font-size:13px;line-height:1.45;max-width:1100px}
.sz-view h4{margin:.3em 0 .4em 0;font-size:14px}
.sz-view .sz-meta{color:#666;font-size:12px;margin:0 0 .4em 0}
.sz-view table.sz-table{border-collapse:collapse;margin:.2em 0 .6em 0;font-size:12px}
.sz-view table.sz-table th,.sz-view table.sz-table td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.sz-view table.sz-table th{background:rgba(127,127,127,.12)}
.sz-view table.sz-table td.sz-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sz-view table.sz-table td.sz-id{white-space:nowrap}
.sz-view ol.sz-sentences{margin:.2em 0 .6em 1.4em;padding:0}
.sz-view li.sz-sentence{margin:.15em 0}
.sz-view .sz-badge{display:inline-block;border-radius:8px;padding:0 6px;margin:0 2px;font-size:10px;line-height:16px;
color:#fff;background:var(--sz-c,#777);vertical-align:1px;cursor:help;white-space:nowrap}
.sz-view .sz-error{color:#b00020}
.sz-view .sz-ci{color:#666;font-size:11px}
.sz-view .sz-more{color:#666;font-style:italic}
.sz-view .sz-attributed{background:rgba(89,161,79,.10)}
</style>"""


def esc(value: Any) -> str:
    """``value`` as HTML text: ``None`` as an empty string, everything else escaped (quotes too,
    so that it may go into an attribute)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _view(kind: str, body: str) -> str:
    return f'{CSS}<div class="sz-view sz-{kind}">{body}</div>'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Iterable[int] = (), ids: Iterable[int] = (0,),
           total: int | None = None, more: str = "") -> str:
    """An HTML table of already-escaped cells; ``numeric``: columns aligned right, ``ids``: columns
    never wrapped (ids); ``total``: rows in all (when ``rows`` is the first of them), said in a last line."""
    kinds = {**{k: ' class="sz-id"' for k in ids}, **{k: ' class="sz-num"' for k in numeric}}
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td{kinds.get(k, '')}>{c}</td>" for k, c in enumerate(row)) + "</tr>" for row in rows)
    out = f'<table class="sz-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    if total is not None and total > len(rows):
        out += f'<p class="sz-more">... and {total - len(rows)} more{esc(more)}</p>'
    return out


def _clip(text: str, width: int) -> str:
    """``text`` escaped, cut to ``width`` characters with the whole of it on hover."""
    if len(text) <= width:
        return esc(text)
    return f'<span title="{esc(text)}">{esc(text[: width - 1])}…</span>'


def _short(article_id: str, width: int = 14) -> str:
    return article_id if len(article_id) <= width else article_id[: width - 1] + "…"


def badge(article_id: str, hover: str | None = None, color: str | None = None) -> str:
    """A small badge naming an article (its id, shortened), with ``hover`` (default: the id) as its
    tooltip; both escaped."""
    style = f' style="--sz-c:{esc(color)}"' if color else ""
    tip = hover if hover is not None else article_id
    return f'<span class="sz-badge" title="{esc(tip)}"{style}>{esc(_short(article_id))}</span>'


def _colors(ids: Iterable[str]) -> dict[str, str]:
    return {i: PALETTE[k % len(PALETTE)] for k, i in enumerate(dict.fromkeys(ids))}


def source_sentences(merged: MergedSummary, documents: Iterable[Document | Article]) -> dict[tuple[int, str], str]:
    """For each merged sentence (by position) and each of its sources, the source's sentence that
    supports it: the merged sentence itself when the source has it word for word, else the sentence
    sharing the most content words (what :func:`summarize.checks.check_attribution` measures).
    Sources not in ``documents`` are left out."""
    by_id = {d.id: d.sentences for d in map(as_document, documents)}  # an Article is split into sentences here
    out: dict[tuple[int, str], str] = {}
    bags: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for k, s in enumerate(merged.sentences):
        words = content_words(s.text)
        for src in s.sources:
            sentences = by_id.get(src)
            if not sentences:
                continue
            if s.text in sentences:
                out[k, src] = s.text
                continue
            if src not in bags:
                bags[src] = [(x, content_words(x)) for x in sentences]
            best, common = max(((x, len(words & w)) for x, w in bags[src]), key=lambda p: p[1])
            if common:
                out[k, src] = best
    return out


def _hover(src: str, sentence: str | None, documents_given: bool) -> str:
    """A source badge's tooltip: the source's sentence when known, else its id (and, when no
    articles were given, how to see the sentences)."""
    if sentence is not None:
        return f"{src}: {sentence}"
    return src if documents_given else f"{src} (its sentences on hover: show(merged, result.documents))"


def conflicts_html(conflicts: Sequence[Conflict], colors: Mapping[str, str] | None = None) -> str:
    """The conflicts as one table, a row per value, grouped by conflict: what (slot) and about what,
    the value, who says it (article badges, hover: the sentence it comes from; for an
    ``attributed`` record, the named source: "selon la police"), and that sentence (when it is not
    the value itself)."""
    if not conflicts:
        return '<p class="sz-meta">No conflict found between the sources.</p>'
    colors = colors if colors is not None else _colors(a for c in conflicts for ids in c.values.values() for a in ids)
    body = []
    for c in conflicts:
        evidence: dict[str, str] = {}
        for article, sentence in c.evidence:
            evidence.setdefault(article, sentence)
        cls = "sz-attributed" if c.kind == "attributed" else "sz-disagree"
        what = esc(c.slot) + ("<br><em>attributed: who says what</em>" if c.kind == "attributed" else "")
        for k, (value, ids) in enumerate(c.values.items()):
            who = " ".join(badge(a, f"{a}: {evidence[a]}" if a in evidence else a, colors.get(a)) for a in ids)
            if c.sources.get(value):
                who += f" <em>{esc(c.sources[value])}</em>"
            said = next((evidence[a] for a in ids if a in evidence), "")
            about = _clip(c.about, ABOUT_CHARS)
            head = f'<td rowspan="{len(c.values)}">{what}</td><td rowspan="{len(c.values)}">{about}</td>' if k == 0 else ""
            shown = f"<b>{esc(value)}</b>" if len(value) <= SHORT_VALUE else esc(value)  # a figure, a place; not a sentence
            body.append(f'<tr class="{cls}">{head}<td>{shown}</td><td>{who}</td><td>{esc(said) if said != value else ""}</td></tr>')
    head_row = "".join(f"<th>{h}</th>" for h in ("what", "about", "value", "who says it", "in the sentence"))
    return (f'<div class="sz-conflicts"><table class="sz-table"><thead><tr>{head_row}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def conflict_html(conflict: Conflict) -> str:
    """One conflict as a view (:func:`conflicts_html` of it alone)."""
    kind = "figures given by named sources" if conflict.kind == "attributed" else "the sources disagree"
    body = f"<h4>{esc(conflict.slot)}: {esc(conflict.about)}</h4><p class=\"sz-meta\">{kind}</p>" + conflicts_html([conflict])
    return _view("conflict", body)


def merged_body(merged: MergedSummary, documents: Iterable[Document | Article] | None = None) -> str:
    """The inside of :func:`merged_html` (no style, no wrapper): to embed in a larger view."""
    colors = _colors([*merged.article_ids, *(a for s in merged.sentences for a in s.sources)])
    support = source_sentences(merged, documents) if documents is not None else {}
    items = []
    for k, s in enumerate(merged.sentences):
        badges = "".join(badge(src, _hover(src, support.get((k, src)), documents is not None), colors.get(src)) for src in s.sources)
        items.append(f'<li class="sz-sentence">{esc(s.text)} {badges}</li>')
    parts = [
        f'<p class="sz-meta">{merged.words} words from {len(merged.article_ids)} article(s) · {esc(merged.method)}</p>',
        f'<ol class="sz-sentences">{"".join(items)}</ol>' if items else '<p class="sz-meta">(empty)</p>',
        "<h4>Conflicts</h4>" + (
            "".join(f'<p class="sz-meta">Not checked: {esc(note)}.</p>' for note in merged.checks.not_checked)
            if merged.checks is not None and merged.checks.not_checked and not merged.conflicts
            else conflicts_html(merged.conflicts, colors)
        ),
    ]
    if merged.context:  # the story's other episodes, in date order around this one
        rows = [[esc(c.date), esc(c.text), " ".join(badge(a, color=colors.get(a)) for a in c.sources)] for c in merged.context]
        rows.append([esc(merged.episode or ""), "<i>the merged summary above</i>", ""])
        parts.append("<h4>Other episodes, in date order</h4>" + _table(["date", "what it said", "sources"], sorted(rows)))
    if merged.flags:
        rows = [[badge(f.article, color=colors.get(f.article)), esc(f.kind), esc(f.reason)] for f in merged.flags]
        parts.append("<h4>Articles to check</h4>" + _table(["article", "flag", "why"], rows))
    if merged.duplicates:
        rows = [[badge(g[0], color=colors.get(g[0])), " ".join(badge(a) for a in g[1:])] for g in merged.duplicates]
        parts.append("<h4>Duplicates</h4>" + _table(["kept", "copies (not counted as sources)"], rows))
    if merged.checks is not None:
        ch = merged.checks
        precision = ch.attribution.precision
        parts.append(
            '<p class="sz-meta">Checks: attribution '
            + (f"{precision:.0%}" if precision is not None else "n/a")
            + f" of {ch.attribution.pairs} (sentence, source) pairs hold; highest similarity between two sentences "
            f"{ch.max_sentence_similarity:.2f}"
            + (f"; left out (other language): {esc(', '.join(ch.excluded))}" if ch.excluded else "")
            + "</p>"
        )
    return "".join(parts)


def merged_html(merged: MergedSummary, documents: Iterable[Document | Article] | None = None) -> str:
    """A merged summary: each sentence with its sources as badges (hover: the source's sentence
    that supports it, with ``documents``; else its id), the conflicts as a table of who says what,
    the articles to check, the duplicates and the checks."""
    return _view("merged", "<h4>Merged summary</h4>" + merged_body(merged, documents))


def story_html(story: Story, documents: Iterable[Document | Article] | None = None) -> str:
    """A story: its id, label and articles, then its merged summary (or why the merge failed)."""
    head = (
        f"<h4>{esc(story.id)} · {esc(story.label)}</h4>"
        f'<p class="sz-meta">{story.size} article(s): {" ".join(badge(a) for a in story.article_ids[:MAX_ROWS])}'
        + (f" ... and {story.size - MAX_ROWS} more" if story.size > MAX_ROWS else "") + "</p>"
    )
    if story.merged is None:
        return _view("story", head + f'<p class="sz-error">merge failed: {esc(story.error)}</p>')
    return _view("story", head + merged_body(story.merged, documents))


def stories_html(stories: Sequence[Story], topics: Sequence[Topic] = (), *, max_rows: int = MAX_ROWS) -> str:
    """Stories as one compact table (topic, story, articles, label, merged words, conflicts, flags),
    the largest first."""
    return _view("stories", _stories_table(stories, topics, max_rows=max_rows))


def _stories_table(stories: Sequence[Story], topics: Sequence[Topic] = (), *, max_rows: int = MAX_ROWS) -> str:
    topic_of = {sid: t.id for t in topics for sid in t.story_ids}
    shown = sorted(stories, key=lambda s: -s.size)[:max_rows]
    rows = []
    for s in shown:
        m = s.merged
        rows.append([
            esc(topic_of.get(s.id, "")), esc(s.id), str(s.size), esc(s.label),
            str(m.words) if m else f'<span class="sz-error">{esc(s.error)}</span>',
            str(len(m.conflicts)) if m else "", str(len(m.flags)) if m else "",
        ])
    header = ["topic", "story", "articles", "label", "merged words", "conflicts", "flags"]
    return _table(header, rows, numeric=(2, 4, 5, 6), ids=(0, 1), total=len(stories), more=" (smaller) stories")


def topic_html(topic: Topic) -> str:
    """A topic: its id, label, size and stories."""
    return topics_html([topic])


def topics_html(topics: Sequence[Topic], *, max_rows: int = MAX_ROWS) -> str:
    """Topics as one compact table (topic, articles, stories, label), the largest first."""
    shown = sorted(topics, key=lambda t: -t.size)[:max_rows]
    rows = [[esc(t.id), str(t.size), str(len(t.story_ids)), esc(t.label), esc(", ".join(t.story_ids[:8]) + (" ..." if len(t.story_ids) > 8 else ""))]
            for t in shown]
    table = _table(["topic", "articles", "stories", "label", "story ids"], rows, numeric=(1, 2), total=len(topics), more=" (smaller) topics")
    return _view("topics", table)


def run_html(result: RunResult, *, max_rows: int = MAX_ROWS) -> str:
    """A run: counts (articles summarized per model, skipped, stories, topics, time), the problems,
    a table of the summaries (no links: sources are shown as text), the stories, and the merged
    summary of the largest story with the articles' sentences on its badges."""
    models = ", ".join(f"{esc(m)}: {n}" for m, n in result.models().items()) or "none"
    n_topics, n_stories = len(result.topics), len(result.stories)
    parts = [
        "<h4>Run</h4>",
        '<table class="sz-table sz-counts"><tbody>'
        f'<tr><th>articles summarized</th><td class="sz-num">{len(result.summaries)}</td><td>{models}</td></tr>'
        f'<tr><th>skipped</th><td class="sz-num">{len(result.errors)}</td><td>{"see below" if result.errors else ""}</td></tr>'
        f'<tr><th>stories / topics</th><td class="sz-num">{n_stories} / {n_topics}</td><td>merger: {esc(result.merger)}</td></tr>'
        f'<tr><th>time</th><td class="sz-num">{result.time_s:.2f} s</td><td>summarizer: {esc(result.summarizer)}</td></tr>'
        "</tbody></table>",
    ]
    if result.errors:
        rows = [[esc(e.source), esc(e.stage), f'<span class="sz-error">{esc(e.message)}</span>'] for e in result.errors[:max_rows]]
        parts.append("<h4>Problems</h4>" + _table(["source", "stage", "what to do"], rows, ids=(), total=len(result.errors)))
    if result.summaries:
        rows = [
            [esc(s.id), esc(s.title or "—"), esc(s.lang), str(s.input_words), str(s.words), f"{s.time_s:.3f}", esc(s.text)]
            for s in result.summaries[:max_rows]
        ]
        header = ["id", "title", "lang", "words in", "words out", "time (s)", "summary"]
        parts.append("<h4>Summaries</h4>" + _table(header, rows, numeric=(3, 4, 5), total=len(result.summaries),
                                                     more=" (result.to_frame() has them all)"))
    if result.stories and n_stories > 1:
        parts.append("<h4>Stories</h4>" + _stories_table(result.stories, result.topics, max_rows=max_rows))
    if result.merged is not None:
        parts.append("<h4>Merged summary of the largest story</h4>" + merged_body(result.merged, result.documents))
    return _view("run", "".join(parts))


def _ci(res: RougeResult, rouge: str, field: str = "fmeasure") -> str:
    iv = res.aggregate[rouge][field]
    if res.n_bootstrap <= 0 or len(res.ids) < 2:
        return f"{iv.mean * 100:.2f}"
    return f'{iv.mean * 100:.2f} <span class="sz-ci">[{iv.low * 100:.2f}, {iv.high * 100:.2f}]</span>'


def _rouge_rows(label: str, results: Mapping[str, RougeResult]) -> list[list[str]]:
    return [
        [esc(label), esc(tok), esc(rouge), _ci(res, rouge), _ci(res, rouge, "precision"), _ci(res, rouge, "recall"), str(len(res.ids))]
        for tok, res in results.items() for rouge in res.aggregate
    ]


def scores_body(scores: RunScores, tokenizers: Sequence[str] | None = None) -> str:
    """The inside of :func:`scores_html`: one table, ROUGE x100 with its CI per summaries,
    tokenizer and ROUGE type (``tokenizers``: only these)."""
    def keep(results: Mapping[str, RougeResult]) -> dict[str, RougeResult]:
        return {t: r for t, r in results.items() if tokenizers is None or t in tokenizers}

    articles, merged = keep(scores.articles), keep(scores.merged)
    rows = _rouge_rows("articles", articles) + _rouge_rows("merged", merged)
    first = next(iter([*articles.values(), *merged.values()]), None)
    ci = (
        f"{first.confidence:.0%} bootstrap CI in brackets ({first.n_bootstrap} resamples, seed {first.seed})"
        if first is not None and first.n_bootstrap > 0 else "no confidence interval (no bootstrap)"
    )
    parts = [
        f'<p class="sz-meta">ROUGE x100 against {esc(scores.references or "the references")}; {ci}.</p>',
        _table(["summaries", "tokenizer", "ROUGE", "F1", "precision", "recall", "n"], rows, numeric=(3, 4, 5, 6), ids=()),
    ]
    if scores.missing:
        parts.append(f'<p class="sz-meta">No reference for: {esc(", ".join(scores.missing))}</p>')
    return "".join(parts)


def scores_html(scores: RunScores) -> str:
    """Scores of a run: F1, precision and recall x100 with their bootstrap CIs, per tokenizer and
    ROUGE type, for the articles and the merged summary; the articles without a reference."""
    return _view("scores", "<h4>Scores</h4>" + scores_body(scores))


def output_scores_html(scores: Any) -> str:
    """Scores of a run's outputs read back from its folder (:class:`summarize.scoring.files.OutputScores`:
    ``scores``, ``tokenizer``, ``note``): :func:`scores_html` for its tokenizer, and why the merged
    summary was not scored when it was not."""
    note = f'<p class="sz-error">{esc(scores.note)}</p>' if scores.note else ""
    return _view("scores", "<h4>Scores</h4>" + scores_body(scores.scores, (scores.tokenizer,)) + note)


def render(obj: Any, context: Iterable[Any] | None = None) -> str:
    """The HTML view of ``obj``: a run, a story, a merged summary (``context``: the run's documents,
    whose sentences the source badges show on hover), a conflict, scores, or a list of stories
    (``context``: the run's topics, for a topic column), topics or conflicts.

    Raises:
        TypeError: nothing here shows ``obj``.
    """
    if isinstance(obj, MergedSummary):
        return merged_html(obj, context)
    if isinstance(obj, Story):
        return story_html(obj, context)
    if isinstance(obj, (list, tuple)) and obj:
        if all(isinstance(x, Story) for x in obj):
            return stories_html(obj, [t for t in context or () if isinstance(t, Topic)])
        if all(isinstance(x, Topic) for x in obj):
            return topics_html(obj)
        if all(isinstance(x, Conflict) for x in obj):
            return _view("conflicts", conflicts_html(obj))
    view = HTML_VIEWS.get(f"{type(obj).__module__}.{type(obj).__qualname__}")
    if view is None:
        raise TypeError(f"no HTML view of {type(obj).__name__} (views: runs, stories, topics, merged summaries, conflicts, scores)")
    return view(obj)


@dataclass(frozen=True)
class HTMLView:
    """What :func:`show` returns: Jupyter displays its HTML; its repr is the object's plain one."""

    obj: Any
    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return repr(self.obj)


def show(obj: Any, context: Iterable[Any] | None = None) -> HTMLView:
    """``obj`` as a rich view in a notebook (see :func:`render`): ``show(result.merged,
    result.documents)`` puts each source's own sentence on its badge, ``show(result.stories,
    result.topics)`` makes one table of the stories with their topics."""
    return HTMLView(obj, render(obj, context))


# The views the classes' _repr_html_ find (summarize.records.html_view), by "module.Class": the
# records never import this stage, and OutputScores is reached without entering scoring.files.
HTML_VIEWS.update({
    "summarize.pipeline.RunResult": run_html,
    "summarize.pipeline.Topic": topic_html,
    "summarize.records.MergedSummary": merged_html,
    "summarize.records.Story": story_html,
    "summarize.records.Conflict": conflict_html,
    "summarize.scoring.references.RunScores": scores_html,
    "summarize.scoring.files.OutputScores": output_scores_html,
})
