"""The checks of a merged summary, the stage after merging: where the sources disagree
(``conflicts``: places, dates, numbers, people of the same fact, articles about another episode),
whether a source really says what a merged sentence credits it with (``attribution``, with the
``stance`` rules for polarity, modality and values), and how much the merged sentences repeat
each other.

:func:`merge_with_checks` runs a merger and attaches all of them to its
:class:`~summarize.records.MergedSummary`.
"""

from __future__ import annotations

from .attribution import check_attribution, drop_contradicted, redundancy
from .conflicts import ConflictReport, find_conflicts, french_ner, require_conflicts
from .contradiction import (
    contradiction_probabilities,
    contradiction_probability,
    contradiction_threshold,
    learned_stance,
    load_contradiction_model,
)
from .merged import merge_with_checks
from .stance import Stance, overlap, polarity, stance

__all__ = [
    "ConflictReport", "Stance", "check_attribution", "contradiction_probabilities", "contradiction_probability",
    "contradiction_threshold", "drop_contradicted", "find_conflicts", "french_ner", "learned_stance",
    "load_contradiction_model", "merge_with_checks", "overlap", "polarity", "redundancy", "require_conflicts", "stance",
]
