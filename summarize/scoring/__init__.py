"""ROUGE scoring: French-aware ROUGE with bootstrap CIs (``rouge``, ``aggregate``), JSONL files
(``files``, the ``summarize score`` command) and hand-written references of a run (``references``)."""

from .aggregate import Interval, PairedTest, RougeResult, Score, bootstrap_intervals, bootstrap_means, paired_bootstrap
from .files import join_on_ids, read_jsonl, score_files
from .references import MERGED_ID, References, RunScores, load_references, score_run
from .rouge import (
    ROUGE_TYPES,
    TOKENIZERS,
    CompatTokenizer,
    FrenchTokenizer,
    MultilingualTokenizer,
    RougeScorer,
    Tokenizer,
    get_tokenizer,
)

__all__ = [
    "MERGED_ID", "ROUGE_TYPES", "TOKENIZERS", "CompatTokenizer", "FrenchTokenizer", "Interval", "MultilingualTokenizer", "PairedTest",
    "References", "RougeResult", "RougeScorer", "RunScores", "Score", "Tokenizer", "bootstrap_intervals", "bootstrap_means",
    "get_tokenizer", "join_on_ids", "load_references", "paired_bootstrap", "read_jsonl", "score_files", "score_run",
]
