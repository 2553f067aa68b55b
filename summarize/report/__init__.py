"""The report stage: the output files of a run (``outputs``: the streaming :class:`FolderSink` and
:func:`write_outputs`), the Markdown report (``markdown``), tables and figures (``tables``), and
an earlier run read back for update summaries (``earlier``), and the rich views of notebooks (``html``:
importing it gives runs, stories, merged summaries, conflicts and scores their ``_repr_html_`` view)."""

from .earlier import EarlierRun, EarlierRunError, read_earlier_run
from .html import show
from .markdown import render_report
from .outputs import (
    FILES,
    REPORT_DETAIL_MAX,
    FolderSink,
    PublishError,
    ResumeError,
    atomic_write_text,
    cleaning_record,
    complete_publishing,
    pending_publishing,
    write_outputs,
)
from .tables import (
    attribution_matrix,
    cleaning_table,
    conflicts_table,
    merged_table,
    plot_attribution,
    plot_scores,
    plot_tradeoff,
    scores_frame,
    stories_table,
)

__all__ = [
    "FILES", "EarlierRun", "EarlierRunError", "read_earlier_run", "REPORT_DETAIL_MAX", "FolderSink", "PublishError", "ResumeError", "atomic_write_text", "attribution_matrix", "cleaning_record",
    "complete_publishing", "pending_publishing",
    "cleaning_table", "conflicts_table", "merged_table", "plot_attribution", "plot_scores", "plot_tradeoff", "render_report",
    "scores_frame", "show", "stories_table", "write_outputs",
]
