"""summarize: clean, segment, summarize, merge and score French (and other) news articles.

The flow, one stage a module or subpackage::

    load → clean → language → segment → summarizers → merge → scoring → report
                                 (pipeline runs them; cli is the command line)

In a few lines::

    from summarize import Pipeline
    result = Pipeline().run("../shared/data/articles/blinken-lavrov-2022")
    result.to_frame()          # one row per article
    result.merged.text         # one summary of the whole set
"""

from .clean import CleanerConfig, CleanResult, clean_article
from .extras import MissingExtraError
from .language import LanguageGuess, detect_language
from .load import Corpus, LoadError, load_corpus, load_file, load_jsonl
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
    Summary,
)
from .report import write_outputs
from .scoring import RougeScorer, RunScores, load_references, score_run
from .segment import SentenceSplitter, Splitter, segment, split_sentences, supported_languages
from .summarizers import SUMMARIZERS, LeadSummarizer, Summarizer, get_summarizer, register_summarizer
from .version import __version__

__all__ = [
    "MERGERS", "SUMMARIZERS", "Article", "ArticleError", "AttributionCheck", "CleanResult", "CleanerConfig", "Conflict",
    "Corpus", "Document", "EpisodeFlag", "ExtractiveMerger", "HierarchicalMerger", "LanguageGuess", "LeadSummarizer", "Length",
    "LoadError", "MergeChecks", "MergedSentence", "MergedSummary", "Merger", "MissingExtraError", "Pipeline",
    "PipelineConfig", "RemovedLine", "RougeScorer", "RunResult", "RunScores", "SentenceSplitter", "Splitter",
    "Summarizer", "Summary", "__version__", "clean_article", "detect_language", "find_conflicts", "get_merger",
    "get_summarizer", "load_corpus", "load_file", "load_jsonl", "load_references", "register_merger",
    "register_summarizer", "score_run", "segment", "split_sentences", "supported_languages", "write_outputs",
]
