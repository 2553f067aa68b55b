"""The report stage: output files of a run (``outputs``) and tables and figures (``tables``)."""

from .outputs import atomic_write_text, render_report, write_outputs
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
    "atomic_write_text", "attribution_matrix", "cleaning_table", "conflicts_table", "merged_table", "plot_attribution",
    "plot_scores", "plot_tradeoff", "render_report", "scores_frame", "write_outputs",
]
