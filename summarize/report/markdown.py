"""The Markdown report of a run (``report.md``): per-article table and summaries, topics and their
stories, the merged summary of the largest story with its checks, scores, problems, and the cleaning audit."""

from __future__ import annotations

from typing import Any

from ..pipeline import RunResult, Topic
from ..records import MergedSummary
from ..scoring import RunScores
from ..summarizers import opens_with_title


def _md_cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


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
) -> str:
    """The Markdown report: per-article table and summaries, stories, the merged summary of the
    largest, scores, errors, and the cleaning audit (every removed line with its rule).

    A streamed run (:func:`summarize.run.run_to_folder`) of many articles keeps no per-article
    detail; it passes the counts (``summarized``, ``models``, ``errors``) and the report points to
    ``summaries.jsonl`` and ``cleaning.jsonl`` instead.
    """
    n_summarized = len(result.summaries) if summarized is None else summarized
    n_errors = len(result.errors) if errors is None else errors
    models = result.models() if models is None else models
    n_in = n_summarized + n_errors
    ran = f"`{result.summarizer}`"
    if set(models) != {result.summarizer}:  # a router: say which model summarized how many
        ran += " (" + ", ".join(f"`{m}`: {n}" for m, n in models.items()) + ")"
    lines = [
        "# Summaries",
        "",
        f"{n_summarized} article(s) summarized with {ran}"
        f" in {result.time_s:.2f} s; {n_errors} problem(s) reported"
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
            lines += [f"### {_md_cell(s.title or s.id)}", "", f"`{s.id}` — {s.source}", "", body, ""]
    lines += _stories_section(result)
    lines += ["## Merged summary", ""]
    if len(result.stories) > 1 and result.merged:
        largest = max((s for s in result.stories if s.merged), key=lambda s: s.size)
        lines += [f"Of the largest story, `{largest.id}` ({largest.size} articles): {_md_cell(largest.label)}.", ""]
    if result.merged:
        lines += [f"Method: `{result.merged.method}`, {result.merged.words} words.", ""]
        for i, sentence in enumerate(result.merged.sentences, 1):
            lines.append(f"{i}. {sentence.text} — sources: {', '.join(f'`{x}`' for x in sentence.sources)}")
        lines.append("")
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
        lines += [f"- `{_md_cell(e.source)}` [{e.stage}]: {_md_cell(e.message)}" for e in result.errors[:ERRORS_LISTED]]
        if n_errors > min(len(result.errors), ERRORS_LISTED):
            lines.append(f"- ... {n_errors - min(len(result.errors), ERRORS_LISTED)} more in `errors.jsonl`")
        lines.append("")
    lines += ["## Cleaning audit", "", "Lines removed from each page, with the rule that removed them.", ""]
    for art_id, clean in result.cleaning.items():
        lines += [f"<details><summary><code>{art_id}</code>: {clean.body_lines} body lines kept, "
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
            lines.append(f"| ↳ `{s.id}` | {s.size} | {_md_cell(s.label)} | {words} | {conflicts} |")
        hidden = len(t.story_ids) - min(len(stories), STORIES_LISTED)
        if hidden:
            lines.append(f"| ↳ ... {hidden} more stor{'y' if hidden == 1 else 'ies'} in `stories.jsonl` | | | | |")
    lines.append("")
    return lines


def _score_section(scores: RunScores) -> list[str]:
    lines = ["## ROUGE against the references", ""]
    lines.append(f"References: `{scores.references}`. F1 x100, mean [95% bootstrap CI].")
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
        lines += ["", f"No reference for: {', '.join(scores.missing)}."]
    lines.append("")
    return lines


def _merge_checks_section(merged: MergedSummary) -> list[str]:
    lines = []
    conflicts = [c for c in merged.conflicts if c.kind == "conflict"]
    attributed = [c for c in merged.conflicts if c.kind == "attributed"]
    if conflicts:
        lines += ["### Where the sources disagree", "", "| slot | about | values (sources) |", "|---|---|---|"]
        for c in conflicts:
            values = "; ".join(f"{v}: {', '.join(f'`{a}`' for a in arts)}" for v, arts in c.values.items())
            lines.append(f"| {c.slot} | {_md_cell(c.about)} | {_md_cell(values)} |")
        lines.append("")
    elif merged.checks is not None:  # the checks ran: say that nothing was found
        lines += ["No conflicts found between the sources.", ""]
    if attributed:
        lines += ["### Figures by source", ""]
        for c in attributed:
            lines += [
                f"- {_md_cell(c.slot)}: {_md_cell(v)} ({_md_cell(c.sources.get(v, '?'))}): {', '.join(f'`{a}`' for a in arts)}"
                for v, arts in c.values.items()
            ]
        lines.append("")
    if merged.flags:
        lines += ["### Articles to check before merging", ""]
        lines += [f"- `{f.article}` ({f.kind}): {_md_cell(f.reason)}" for f in merged.flags]
        lines.append("")
    checks = merged.checks
    if checks:
        att = checks.attribution
        lines += [
            f"Checks: {checks.words} words; attribution precision {att.precision} "
            f"({att.supported}/{att.pairs} sentence-source pairs; criterion: {att.criterion}); "
            f"highest similarity between two merged sentences {checks.max_sentence_similarity}"
            + (f"; left out (other language): {', '.join(checks.excluded)}" if checks.excluded else "")
            + ".",
            "",
        ]
    return lines
