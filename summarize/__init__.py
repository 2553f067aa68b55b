"""summarize: clean, segment, summarize, merge and score French (and other) news articles.

The flow, one stage a module or subpackage::

    load → clean → language → segment → summarizers → group → merge → checks → scoring → report
        (pipeline runs them in memory; run streams a feed of any size to a folder, on the local
         or the Ray engine; cli is the command line)

In a few lines::

    from summarize import Pipeline
    result = Pipeline().run("../shared/data/articles/blinken-lavrov-2022")
    result.to_frame()          # one row per article
    result.merged.text         # one summary of the whole set
    result.stories             # the stories (same event) and their merged summaries
"""

from .load import load_corpus
from .merge import get_merger, register_merger
from .pipeline import Pipeline, PipelineConfig, RunResult
from .records import Article, Document, Length, MergedSummary, Story, Summary
from .run import run_to_folder
from .summarizers import Seq2SeqSummarizer, Summarizer, get_summarizer, register_summarizer
from .version import __version__

# The face of the package: what a notebook or a script needs first. Every stage is a module or
# subpackage with its own (summarize.load, .clean, .segment, .summarizers, .group, .merge,
# .checks, .scoring, .report, .engines, .run). Seq2SeqSummarizer is a plain import: its package
# imports torch/transformers only when a model is built, so `import summarize` stays light.
__all__ = [
    "Article", "Document", "Length", "MergedSummary", "Pipeline", "PipelineConfig", "RunResult", "Seq2SeqSummarizer", "Story",
    "Summarizer", "Summary", "__version__", "get_merger", "get_summarizer", "load_corpus", "register_merger", "register_summarizer",
    "run_to_folder",
]
