"""Hand-written reference summaries, and scoring a pipeline run against them.

A references file is JSONL, one record per reference (format documented in
``eval/references/README.md`` of the repository)::

    {"id": "<article id>", "kind": "article", "summary": "...", "author": "...", "written": "YYYY-MM-DD", "guidelines": "..."}
    {"id": "__merged__", "kind": "merged", "summary": "...", ...}

``summary`` may also be a list of strings (several references for the same article).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..jsonl import iter_jsonl, open_text
from ..lexicon import DEFAULT_LANG
from ..records import MergedSummary, Summary, html_view
from ..segment import DEFAULT_SPLITTER, Splitter
from .aggregate import RougeResult
from .rouge import RougeScorer

MERGED_ID = "__merged__"


@dataclass(frozen=True)
class References:
    """Per-article references by id, and the merged reference(s) of the whole set."""

    articles: dict[str, list[str]]
    merged: list[str] = field(default_factory=list)
    path: str | None = None


def load_references(path: str | Path) -> References:
    """Read a references JSONL file.

    Raises:
        ValueError: invalid JSON, a record without ``id``/``summary``, an empty summary, a
            duplicated id, or not a regular file (a FIFO or a device is never opened: reading it
            could block for ever); the message names the file and line.
        FileNotFoundError: there is no such file.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: references file not found")
    articles: dict[str, list[str]] = {}
    merged: list[str] = []
    with open_text(p, what="references") as f:
        for _, where, rec, error in iter_jsonl(f, p):
            if error:
                raise ValueError(f"{where}: {error}")
            if not isinstance(rec, dict) or "id" not in rec or "summary" not in rec:
                raise ValueError(f"{where}: a reference needs 'id' and 'summary' fields")
            summaries = rec["summary"] if isinstance(rec["summary"], list) else [rec["summary"]]
            if not summaries or not all(isinstance(s, str) and s.strip() for s in summaries):
                raise ValueError(f"{where}: 'summary' must be a non-empty string or list of strings")
            rid = str(rec["id"])
            if rec.get("kind") == "merged" or rid == MERGED_ID:
                merged.extend(summaries)
            elif rid in articles:
                raise ValueError(f"{where}: duplicated id {rid!r}")
            else:
                articles[rid] = summaries
    return References(articles, merged, str(p))


class _Run(Protocol):
    # read-only members: a run's list of summaries is a Sequence here (a plain attribute would be invariant)
    @property
    def summaries(self) -> Sequence[Summary]: ...

    @property
    def merged(self) -> MergedSummary | None: ...


@dataclass(frozen=True)
class RunScores:
    """ROUGE of a run's summaries against hand-written references.

    Attributes:
        references: Path of the references file.
        articles: Per-article summaries, by tokenizer (``fr``, ``compat``).
        merged: The merged summary against the merged reference(s), by tokenizer.
        missing: Summarized articles without a reference.
    """

    references: str | None
    articles: dict[str, RougeResult]
    merged: dict[str, RougeResult]
    missing: tuple[str, ...] = ()

    def per_article(self, tokenizer: str = "fr") -> dict[str, dict[str, float]]:
        """``{article id: {rouge type: F1 x100}}`` for one tokenizer."""
        res = self.articles[tokenizer]
        return {i: {t: round(float(res.fmeasure(t)[k]) * 100, 2) for t in res.scores} for k, i in enumerate(res.ids)}

    def to_dict(self) -> dict[str, Any]:
        """The JSON written to ``scores.json``."""
        return {
            "references": self.references,
            "missing": list(self.missing),
            "articles": {tok: r.to_dict() for tok, r in self.articles.items()},
            "merged": {tok: r.to_dict() for tok, r in self.merged.items()},
            "per_article": {tok: self.per_article(tok) for tok in self.articles},
        }

    def _repr_html_(self) -> str | None:
        return html_view(self)  # ROUGE with its CIs (summarize.report.html)


def score_run(
    result: _Run,
    references: References,
    tokenizers: tuple[str, ...] | None = None,
    seed: int = 0,
    splitter: Splitter | None = None,
    *,
    n_bootstrap: int = 1000,
    stem: bool = False,
    lang: str | None = None,
) -> RunScores:
    """ROUGE of a run (anything with ``summaries`` and ``merged``, e.g. a
    :class:`~summarize.pipeline.RunResult`) against ``references``, with 95% bootstrap CIs
    (``n_bootstrap`` resamples, 0 for none; ``stem``: Snowball French stemming, ``fr`` only).
    ``lang``: the language to stem with ``multi``. ``tokenizers`` default: ``fr`` and ``compat`` when every summary is French (or of unknown
    language), ``multi``, ``fr`` and ``compat`` as soon as one is in another language (``compat``
    keeps only a-z0-9, ``fr`` cuts Hindi words at their vowel signs: ``multi`` is the one to read).

    Each summary is scored as its own sentences, one per line, and the references are split into
    one sentence per line with ``splitter`` (default: the rule-based French splitter), so that
    ROUGE-Lsum is summary-level.

    Raises:
        ValueError: no summarized article has a reference and there is no merged reference.
    """
    scored = [s for s in result.summaries if s.id in references.articles]
    missing = tuple(s.id for s in result.summaries if s.id not in references.articles)
    if not scored and not (references.merged and result.merged):
        raise ValueError(
            f"no reference in {references.path} matches the article ids "
            f"({', '.join(s.id for s in result.summaries[:5])}...); check the 'id' fields"
        )
    split = splitter or DEFAULT_SPLITTER
    if tokenizers is None:
        other = any((s.lang or DEFAULT_LANG) != DEFAULT_LANG for s in result.summaries)
        tokenizers = ("multi", "fr", "compat") if other else ("fr", "compat")
    lang_of = {s.id: s.lang for s in result.summaries}
    main_lang = Counter(s.lang for s in result.summaries).most_common(1)[0][0] if result.summaries else None

    def lines(text: str, lang: str | None = "fr") -> str:
        return "\n".join(split.split(text, lang or DEFAULT_LANG))

    preds = ["\n".join(s.sentences) for s in scored]
    refs = [[lines(r, lang_of.get(s.id)) for r in references.articles[s.id]] for s in scored]
    articles: dict[str, RougeResult] = {}
    merged: dict[str, RougeResult] = {}
    for tok in tokenizers:
        scorer = RougeScorer(tokenizer=tok, stem=stem, lang=lang)
        if scored:
            articles[tok] = scorer.score_corpus(preds, refs, ids=[s.id for s in scored], n_bootstrap=n_bootstrap, seed=seed)
        if references.merged and result.merged:
            merged_pred = "\n".join(x.text for x in result.merged.sentences)
            merged[tok] = scorer.score_corpus(
                [merged_pred], [[lines(r, main_lang) for r in references.merged]], ids=[MERGED_ID],
                n_bootstrap=n_bootstrap, seed=seed,
            )
    return RunScores(references.path, articles, merged, missing)
