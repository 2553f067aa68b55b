"""A merged summary with its checks: conflicts between the sources, articles to check, and the
measured attribution and redundancy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..lexicon import DEFAULT_LANG
from ..merge import Merger, majority_language
from ..records import Article, Document, Length, MergeChecks, MergedSummary, Summary
from ..registry import Registry
from ..segment import as_document
from .attribution import check_attribution, drop_contradicted, redundancy
from .conflicts import find_conflicts, french_ner

# Languages whose conflicts are checked (the French NER model, word lists and date rules).
CONFLICT_LANGUAGES: tuple[str, ...] = ("fr",)


def merge_with_checks(
    merger: Merger,
    documents: Sequence[Document | Article],
    summaries: Sequence[Summary],
    *,
    length: Length | None = None,
    conflicts: bool = True,
    nlp: Any = None,
    known: Sequence[str] = (),
) -> MergedSummary:
    """Merge, then attach conflicts, episode flags and the measured checks (attribution,
    redundancy, length, languages). Documents not in the majority language are left out of the
    merged summary and listed in ``checks.excluded``.

    Args:
        merger: Any :class:`~summarize.merge.Merger`.
        documents: The segmented documents (plain articles are segmented on the way in).
        summaries: Their summaries (a document without one is left out).
        length: The merged summary's length (``None``: the merger's own).
        conflicts: Look for conflicting facts and other-episode articles (spaCy NER, the
            ``conflicts`` extra). French only (its NER model, word lists and date rules): for
            articles in another language the checks do not run and ``checks.not_checked`` says so.
        nlp: A spaCy pipeline with NER for conflict detection (default: ``fr_core_news_sm``).
        known: Sentences the reader already has (an earlier run, ``--since``): the merged summary
            says what is new (the merger must take ``known``, as ``extractive`` does).

    Raises:
        ValueError: ``known`` given to a merger that cannot make update summaries.
    """
    docs = [as_document(d) for d in documents]
    langs = Counter(d.lang for d in docs)
    main = langs.most_common(1)[0][0] if langs else None
    keep = [d for d in docs if d.lang == main]
    excluded = tuple(d.id for d in docs if d.lang != main)
    kept_ids = {d.id for d in keep}
    kept_summaries = [s for s in summaries if s.id in kept_ids]
    if known:
        if not Registry.accepts(merger.merge, "known"):
            raise ValueError(f"merger '{getattr(merger, 'name', type(merger).__name__)}' cannot make update summaries "
                             "(its merge takes no known=); use --merge-strategy extractive with --since")
        merged = merger.merge(keep, kept_summaries, length=length, known=known)  # type: ignore[call-arg]
    else:
        merged = merger.merge(keep, kept_summaries, length=length)
    not_checked: tuple[str, ...] = ()
    checkable = (main or DEFAULT_LANG) in CONFLICT_LANGUAGES  # no language given: read as French
    if conflicts and not checkable:
        conflicts = False
        not_checked = (
            f"conflicts between sources: checked in {', '.join(CONFLICT_LANGUAGES)} only (named entities, number "
            f"and date rules); these articles are in '{main}'",
        )
    # another episode's values (a place, a day, a toll then) are its story's development, not a conflict
    other_episode = {f.article for f in merged.flags if f.kind == "other-episode"}
    same_episode = [d for d in keep if d.id not in other_episode]
    report = find_conflicts(same_episode, nlp=nlp) if conflicts and len(same_episode) >= 2 else None
    ner = (nlp or french_ner()) if conflicts else None
    if checkable and len(keep) >= 2:
        merged, stance_conflicts = drop_contradicted(merged, keep, ner)
    else:  # its negation and antonym lists are French
        stance_conflicts = []
    checks = MergeChecks(
        words=merged.words,
        attribution=check_attribution(merged, keep),
        max_sentence_similarity=round(redundancy(merged, majority_language(keep)), 4),
        languages=dict(langs),
        excluded=excluded,
        not_checked=not_checked,
    )
    return replace(
        merged,
        conflicts=(report.conflicts if report else ()) + tuple(stance_conflicts),
        flags=merged.flags + tuple(
            f for f in (report.flags if report else ()) if (f.article, f.kind) not in {(g.article, g.kind) for g in merged.flags}
        ),
        checks=checks,
    )
