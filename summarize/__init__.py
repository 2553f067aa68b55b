"""summarize: clean, segment, summarize, merge and score French (and other) news articles.

The flow, one stage a module or subpackage::

    load → clean → language → segment → summarizers → group → merge → scoring → report
        (pipeline runs them in memory; run streams a feed of any size to a folder, on the local
         or the Ray engine; cli is the command line)

In a few lines::

    from summarize import Pipeline
    result = Pipeline().run("../shared/data/articles/blinken-lavrov-2022")
    result.to_frame()          # one row per article
    result.merged.text         # one summary of the whole set
    result.stories             # the stories (same event) and their merged summaries
"""

from .clean import CleanerConfig, CleanResult, clean_article
from .extras import MissingExtraError
from .group import GroupingConfig, StoryGrouper
from .language import LanguageGuess, detect_language
from .load import Corpus, LoadError, iter_corpus, load_corpus, load_file, load_jsonl
from .merge import MERGERS, ExtractiveMerger, HierarchicalMerger, Merger, find_conflicts, get_merger, register_merger
from .pipeline import Pipeline, PipelineConfig, RunResult
from .records import (
    Article,
    ArticleError,
    AttributionCheck,
    Conflict,
    Document,
    EpisodeFlag,
    Length,
    MergeChecks,
    MergedSentence,
    MergedSummary,
    RemovedLine,
    Story,
    Summary,
)
from .report import write_outputs
from .run import run_to_folder
from .scoring import RougeScorer, RunScores, load_references, score_run
from .segment import SentenceSplitter, Splitter, segment, split_sentences, supported_languages
from .summarizers import SUMMARIZERS, LeadSummarizer, Summarizer, get_summarizer, register_summarizer
from .version import __version__

__all__ = [
    "MERGERS", "SUMMARIZERS", "Article", "ArticleError", "AttributionCheck", "CleanResult", "CleanerConfig", "Conflict",
    "Corpus", "Document", "EpisodeFlag", "ExtractiveMerger", "GroupingConfig", "HierarchicalMerger", "LanguageGuess", "LeadSummarizer", "Length",
    "LoadError", "MergeChecks", "MergedSentence", "MergedSummary", "Merger", "MissingExtraError", "Pipeline",
    "PipelineConfig", "RemovedLine", "RougeScorer", "RunResult", "RunScores", "SentenceSplitter", "Splitter", "Story",
    "StoryGrouper",
    "Summarizer", "Summary", "__version__", "clean_article", "detect_language", "find_conflicts", "get_merger",
    "get_summarizer", "iter_corpus", "load_corpus", "load_file", "load_jsonl", "load_references", "register_merger",
    "register_summarizer", "run_to_folder", "score_run", "segment", "split_sentences", "supported_languages", "write_outputs",
]
