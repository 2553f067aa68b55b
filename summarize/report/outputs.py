"""Write a run's outputs: ``summaries.jsonl``, ``stories.jsonl``, ``merged.json``, ``errors.jsonl``, ``report.md``
(and ``scores.json`` when references were given). Every file is written atomically: to a temporary
file in the same folder, then renamed over the old one, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..pipeline import RunResult
from ..records import MergedSummary
from ..scoring import RunScores
from ..summarizers.extractive import opens_with_title


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (temp file + ``os.replace``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write_outputs(result: RunResult, out_dir: str | Path, scores: RunScores | None = None) -> dict[str, Path]:
    """Write every output file of ``result`` into ``out_dir`` and return their paths by name."""
    out = Path(out_dir)
    merged = result.merged.to_dict() if result.merged else {"summary": None, "sentences": [], "method": None}
    paths = {
        "summaries": atomic_write_text(out / "summaries.jsonl", _jsonl(s.to_dict() for s in result.summaries)),
        "merged": atomic_write_text(out / "merged.json", json.dumps(merged, ensure_ascii=False, indent=2) + "\n"),
        "errors": atomic_write_text(out / "errors.jsonl", _jsonl(e.to_dict() for e in result.errors)),
        "stories": atomic_write_text(out / "stories.jsonl", _jsonl(s.to_dict() for s in result.stories)),
    }
    if scores is not None:
        paths["scores"] = atomic_write_text(
            out / "scores.json", json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n"
        )
    paths["report"] = atomic_write_text(out / "report.md", render_report(result, scores))
    return paths


def _md_cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


STORIES_LISTED = 100
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
        for i, s in enumerate(result.merged.sentences, 1):
            lines.append(f"{i}. {s.text} — sources: {', '.join(f'`{x}`' for x in s.sources)}")
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
    """The stories, largest first (a run about one event has one: no section)."""
    if len(result.stories) <= 1:
        return []
    ranked = sorted(result.stories, key=lambda s: (-s.size, s.id))
    lines = [
        "## Stories",
        "",
        f"Articles grouped by event into stories (`stories.jsonl` has each one's merged summary, sources "
        f"and conflicts); the {min(len(ranked), STORIES_LISTED)} largest listed here.",
        "",
        "| story | articles | label | merged words | conflicts |",
        "|---|---:|---|---:|---:|",
    ]
    for s in ranked[:STORIES_LISTED]:
        words = s.merged.words if s.merged else "merge failed"
        conflicts = len(s.merged.conflicts) if s.merged else 0
        lines.append(f"| `{s.id}` | {s.size} | {_md_cell(s.label)} | {words} | {conflicts} |")
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
    if merged.conflicts:
        lines += ["### Where the sources disagree", "", "| slot | about | values (sources) |", "|---|---|---|"]
        for c in merged.conflicts:
            values = "; ".join(f"{v}: {', '.join(f'`{a}`' for a in arts)}" for v, arts in c.values.items())
            lines.append(f"| {c.slot} | {_md_cell(c.about)} | {_md_cell(values)} |")
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
