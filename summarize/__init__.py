"""summarize: clean, segment, summarize, merge and score French (and other) news articles.

The flow in a few lines::

    from summarize import Pipeline
    result = Pipeline().run("../shared/data/articles/blinken-lavrov-2022")
    result.to_frame()          # one row per article
    result.merged.text         # one summary of the whole set
"""

from .clean import CleanerConfig, CleanResult, clean_article
from .conflicts import find_conflicts
from .language import LanguageGuess, detect_language
from .load import Corpus, LoadError, load_corpus, load_file, load_jsonl
from .merge import ExtractiveMerger, HierarchicalMerger, get_merger
from .pipeline import Pipeline, PipelineConfig, RunResult
from .records import Article, ArticleError, MergedSentence, MergedSummary, RemovedLine, Summary
from .report import write_outputs
from .segment import SentenceSplitter, split_sentences, supported_languages
from .summarizers import LeadSummarizer, Summarizer, get_summarizer

__version__ = "0.1.0"

__all__ = [
    "Article", "ArticleError", "CleanResult", "CleanerConfig", "Corpus", "LanguageGuess",
    "LeadSummarizer", "LoadError", "MergedSentence", "MergedSummary", "Pipeline", "PipelineConfig",
    "RemovedLine", "RunResult", "SentenceSplitter", "ExtractiveMerger", "HierarchicalMerger", "get_merger",
    "Summarizer", "Summary",
    "clean_article", "detect_language", "find_conflicts", "get_summarizer", "load_corpus", "load_file", "load_jsonl",
    "split_sentences", "supported_languages", "write_outputs", "__version__",
]
