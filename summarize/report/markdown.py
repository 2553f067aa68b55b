"""The Markdown report of a run (``report.md``): per-article table and summaries, topics and their
stories, the merged summary of the largest story with its checks, scores, problems, and the cleaning audit."""

from __future__ import annotations

import html
import re
from typing import Any

from ..load import printable
from ..pipeline import RunResult, Topic
from ..records import MergedSummary
from ..scoring import RunScores
from ..summarizers import opens_with_title

# Escaping: whatever comes from the input (titles, ids, file names, sentences, labels, messages) is
# shown as the text it is, never read as Markdown or HTML: a title "<script>", a "|" in a table
# cell, a backtick or a "*" cannot open a tag, split a row, open a code span or emphasis, and a
# control character or ANSI escape is shown as a backslash escape (summarize.load.printable).
# Text without such characters is written unchanged.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # a backslash that would escape the next character
_EMPHASIS = re.compile(r"(?<=\S)\*|\*(?=\S)")  # a "*" that can open or close emphasis (not " * ")
_LINK_END = re.compile(r"\](?=[(\[])")  # "](" or "][": the end of a link or image text
_BLOCK_START = re.compile(r"(?:[#>+=|-]|\d{1,9}[.)](?=\s|$))")  # what would start a heading, quote, list...


def _md_text(text: Any, *, cell: bool = False, block: bool = False) -> str:
    """``text`` as Markdown that shows it as it is, on one line (see above); ``cell``: in a table
    cell (``|`` escaped); ``block``: at the start of a line (a leading ``#``, ``>``, ``-``, ``1.``
    is escaped)."""
    out = printable(_LINE_BREAK.sub(" ", str(text if text is not None else "")))
    out = _BACKSLASH.sub(r"\\\\", out)
    out = out.replace("`", "\\`").replace("<", "&lt;").replace(">", "&gt;")
    out = _EMPHASIS.sub(r"\\*", out)
    out = _LINK_END.sub(r"\\]", out)
    if cell:
        out = out.replace("|", "\\|")
    if block and _BLOCK_START.match(out):
        out = "\\" + out
    return out


def _md_cell(text: Any) -> str:
    """``text`` in a table cell or a heading (see :func:`_md_text`)."""
    return _md_text(text, cell=True)


def _code(text: Any, *, cell: bool = False) -> str:
    """``text`` as an inline code span, whatever backticks it holds (a longer fence), on one line
    with control characters escaped; ``cell``: in a table cell (``|`` escaped, as GFM needs even
    in code)."""
    body = printable(_LINE_BREAK.sub(" ", str(text)))
    if cell:
        body = body.replace("|", "\\|")
    if "`" not in body:
        return f"`{body}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", body)) + 1)
    return f"{fence} {body} {fence}"


def _html(text: Any) -> str:
    """``text`` inside an HTML element (``<code>`` of the cleaning audit), escaped."""
    return html.escape(printable(_LINE_BREAK.sub(" ", str(text))), quote=False)


TOPICS_LISTED = 100
STORIES_LISTED = 20  # per topic
ERRORS_LISTED = 500


def render_report(
    result: RunResult,
    scores: RunScores | None = None,
    *,
    summarized: int | None = None,
    models: dict[str, int] | None = None,
    errors: int | None = None,
    resumed: int = 0,
) -> str:
    """The Markdown report: per-article table and summaries, stories, the merged summary of the
    largest, scores, errors, and the cleaning audit (every removed line with its rule).

    A streamed run (:func:`summarize.run.run_to_folder`) of many articles keeps no per-article
    detail; it passes the counts (``summarized``, ``models``, ``errors``) and the report points to
    ``summaries.jsonl`` and ``cleaning.jsonl`` instead. ``resumed``: how many of the articles a
    resumed run (``--resume``) read back from the interrupted run instead of summarizing them
    again; the first line says so ("(resumed)").
    """
    n_summarized = len(result.summaries) if summarized is None else summarized
    n_errors = len(result.errors) if errors is None else errors
    models = result.models() if models is None else models
    n_in = n_summarized + n_errors
    ran = _code(result.summarizer)
    if models and set(models) != {result.summarizer}:  # a router: say which model summarized how many
        ran += " (" + ", ".join(f"{_code(m)}: {n}" for m, n in models.items()) + ")"
    lines = [
        "# Summaries",
        "",
        f"{n_summarized} article(s) summarized with {ran}"
        + (f" (resumed: {resumed} of them done before the run was interrupted)" if resumed else "")
        + f" in {result.time_s:.2f} s; {n_errors} problem(s) reported"
        f" ({n_in} input(s) in all).",
        "",
    ]
    if n_summarized > len(result.summaries):
        lines += ["Per-article summaries: `summaries.jsonl`; lines removed by the cleaner: `cleaning.jsonl`.", ""]
    if result.summaries:
        lines += [
            "| id | title | lang | words in | words out | compression | time (s) |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        for row in result.to_frame().itertuples():
            lines.append(
                f"| {_md_cell(row.id)} | {_md_cell(row.title if isinstance(row.title, str) else None)} | {row.lang} | {row.input_words} | "
                f"{row.summary_words} | {row.compression} | {row.time_s:.3f} |"
            )
        lines.append("")
        for s in result.summaries:
            # a summary that opens with its title (ext-fr) shows it once, as the heading
            titled = len(s.sentences) > 1 and opens_with_title(s.sentences, s.title)
            body = " ".join(s.sentences[1:]) if titled else s.text
            lines += [f"### {_md_cell(s.title or s.id)}", "", f"{_code(s.id)} — {_md_text(s.source)}", "", _md_text(body, block=True), ""]
    lines += _stories_section(result)
    lines += ["## Merged summary", ""]
    if len(result.stories) > 1 and result.merged:
        largest = max((s for s in result.stories if s.merged), key=lambda s: s.size)
        lines += [f"Of the largest story, {_code(largest.id)} ({largest.size} articles): {_md_cell(largest.label)}.", ""]
    if result.merged:
        episode = f" The episode of {result.merged.episode}." if result.merged.episode else ""
        lines += [f"Method: `{result.merged.method}`, {result.merged.words} words.{episode}", ""]
        for i, sentence in enumerate(result.merged.sentences, 1):
            lines.append(f"{i}. {_md_text(sentence.text)} — sources: {', '.join(_code(x) for x in sentence.sources)}")
        lines.append("")
        lines += _context_section(result.merged)
        lines += _merge_checks_section(result.merged)
    else:
        why = (
            "stories are off" if result.config.stories == "off" and n_summarized
            else "the merge failed (see Problems)" if n_summarized else "no article could be summarized"
        )
        lines += [f"There is no merged summary: {why}.", ""]
    if scores:
        lines += _score_section(scores)
    if result.errors:
        lines += ["## Problems (inputs skipped)", ""]
        lines += [f"- {_code(e.source)} [{e.stage}]: {_md_cell(e.message)}" for e in result.errors[:ERRORS_LISTED]]
        if n_errors > min(len(result.errors), ERRORS_LISTED):
            lines.append(f"- ... {n_errors - min(len(result.errors), ERRORS_LISTED)} more in `errors.jsonl`")
        lines.append("")
    lines += ["## Cleaning audit", "", "Lines removed from each page, with the rule that removed them.", ""]
    for art_id, clean in result.cleaning.items():
        lines += [f"<details><summary><code>{_html(art_id)}</code>: {clean.body_lines} body lines kept, "
                  f"{len(clean.removed)} removed</summary>", ""]
        lines += [f"- line {r.lineno} `{r.reason}`: {_md_cell(r.text)}" for r in clean.removed]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _stories_section(result: RunResult) -> list[str]:
    """The topics, largest first, each with its stories, largest first (a run about one event has
    one story: no section). A large streamed run keeps only its stories of 2+ articles: the
    others are counted under their topic."""
    if len(result.stories) <= 1:
        return []
    by_id = {s.id: s for s in result.stories}
    topics = result.topics or [Topic(s.id, s.label, (s.id,), s.size) for s in result.stories]
    ranked = sorted((t for t in topics if any(i in by_id for i in t.story_ids)), key=lambda t: (-t.size, t.id))
    listed = ranked[:TOPICS_LISTED]
    lines = [
        "## Stories",
        "",
        f"Articles grouped into {len(topics)} topic(s) (one subject followed over time) of "
        f"{sum(len(t.story_ids) for t in topics)} stories (one event or episode each; `stories.jsonl` has each "
        f"story's topic, merged summary, sources and conflicts); the {len(listed)} largest topics listed "
        "here with their stories.",
        "",
        "| topic / story | articles | label | merged words | conflicts |",
        "|---|---:|---|---:|---:|",
    ]
    for t in listed:
        stories = sorted((by_id[i] for i in t.story_ids if i in by_id), key=lambda s: (-s.size, s.id))
        lines.append(f"| **`{t.id}`** ({len(t.story_ids)} stor{'y' if len(t.story_ids) == 1 else 'ies'}) | {t.size} | "
                     f"**{_md_cell(t.label)}** | | |")
        for s in stories[:STORIES_LISTED]:
            words = s.merged.words if s.merged else "merge failed"
            conflicts = len(s.merged.conflicts) if s.merged else 0
            lines.append(f"| ↳ {_code(s.id, cell=True)} | {s.size} | {_md_cell(s.label)} | {words} | {conflicts} |")
        hidden = len(t.story_ids) - min(len(stories), STORIES_LISTED)
        if hidden:
            lines.append(f"| ↳ ... {hidden} more stor{'y' if hidden == 1 else 'ies'} in `stories.jsonl` | | | | |")
    lines.append("")
    return lines


def _score_section(scores: RunScores) -> list[str]:
    lines = ["## ROUGE against the references", ""]
    lines.append(f"References: {_code(scores.references)}. F1 x100, mean [95% bootstrap CI].")
    lines.append("")
    lines += ["| summaries | tokenizer | n | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum |", "|---|---|---:|---|---|---|---|"]
    for key, results in (("articles", scores.articles), ("merged", scores.merged)):
        for tok, res in results.items():
            cells = []
            for t in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
                f = res.aggregate[t]["fmeasure"].to_dict(100.0)
                cells.append(f"{f['mean']:.2f} [{f['low']:.2f}, {f['high']:.2f}]")
            lines.append(f"| {key} | {tok} | {len(res.ids)} | " + " | ".join(cells) + " |")
    if scores.missing:
        lines += ["", f"No reference for: {', '.join(_md_text(x) for x in scores.missing)}."]
    lines.append("")
    return lines


def _context_section(merged: MergedSummary) -> list[str]:
    """The story's other episodes, in date order around the merged summary's (a development of
    the story, not a contradiction)."""
    if not merged.context:
        return []
    lines = ["### Other episodes of the story, in date order", ""]
    rows = [(c.date, f"{_md_text(c.text)} — sources: {', '.join(_code(x) for x in c.sources)}") for c in merged.context]
    rows.append((merged.episode or "", "the merged summary above"))
    lines += [f"- {date}: {text}" for date, text in sorted(rows)]
    return [*lines, ""]


def _merge_checks_section(merged: MergedSummary) -> list[str]:
    lines = []
    conflicts = [c for c in merged.conflicts if c.kind == "conflict"]
    attributed = [c for c in merged.conflicts if c.kind == "attributed"]
    if conflicts:
        lines += ["### Where the sources disagree", "", "| slot | about | values (sources) |", "|---|---|---|"]
        for c in conflicts:
            values = "; ".join(f"{_md_cell(v)}: {', '.join(_code(a, cell=True) for a in arts)}" for v, arts in c.values.items())
            lines.append(f"| {_md_cell(c.slot)} | {_md_cell(c.about)} | {values} |")
        lines.append("")
    elif merged.checks is not None and merged.checks.not_checked:  # they did not run: say so, and why
        lines += [f"Not checked: {_md_text(note)}." for note in merged.checks.not_checked] + [""]
    elif merged.checks is not None:  # the checks ran: say that nothing was found
        lines += ["No conflicts found between the sources.", ""]
    if attributed:
        lines += ["### Figures by source", ""]
        for c in attributed:
            lines += [
                f"- {_md_cell(c.slot)}: {_md_cell(v)} ({_md_cell(c.sources.get(v, '?'))}): {', '.join(_code(a) for a in arts)}"
                for v, arts in c.values.items()
            ]
        lines.append("")
    if merged.flags:
        lines += ["### Articles to check before merging", ""]
        lines += [f"- {_code(f.article)} ({f.kind}): {_md_cell(f.reason)}" for f in merged.flags]
        lines.append("")
    checks = merged.checks
    if checks:
        att = checks.attribution
        lines += [
            f"Checks: {checks.words} words; attribution precision {att.precision} "
            f"({att.supported}/{att.pairs} sentence-source pairs; criterion: {att.criterion}); "
            f"highest similarity between two merged sentences {checks.max_sentence_similarity}"
            + (f"; left out (other language): {_md_text(', '.join(checks.excluded))}" if checks.excluded else "")
            + ".",
            "",
        ]
    return lines
