"""The report stage: the output files of a run (``outputs``: the streaming :class:`FolderSink` and
:func:`write_outputs`), the Markdown report (``markdown``), and tables and figures (``tables``)."""

from .markdown import render_report
from .outputs import FILES, REPORT_DETAIL_MAX, FolderSink, ResumeError, atomic_write_text, cleaning_record, write_outputs
from .tables import (
    attribution_matrix,
    cleaning_table,
    conflicts_table,
    merged_table,
    plot_attribution,
    plot_scores,
    plot_tradeoff,
    scores_frame,
)

__all__ = [
    "FILES", "REPORT_DETAIL_MAX", "FolderSink", "ResumeError", "atomic_write_text", "attribution_matrix", "cleaning_record",
    "cleaning_table", "conflicts_table", "merged_table", "plot_attribution", "plot_scores", "plot_tradeoff", "render_report",
    "scores_frame", "write_outputs",
]
