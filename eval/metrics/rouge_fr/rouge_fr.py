"""ROUGE with French-aware tokenization as an `evaluate` metric module, loadable offline:

    import evaluate
    rouge = evaluate.load("eval/metrics/rouge_fr")       # a local path: no Hub access
    rouge.compute(predictions=[...], references=[...], tokenizer="fr")

It wraps ``summarize.scoring.RougeScorer`` (installed with this project), so the numbers are the
ones ``summarize score`` prints.
"""

import datasets
import evaluate

from summarize.scoring import ROUGE_TYPES, RougeScorer

_DESCRIPTION = """ROUGE-1/2/L/Lsum F1 with a Unicode-aware French tokenizer (`fr`, accents kept) or
rouge_score's ASCII tokenizer (`compat`, identical to rouge_score without stemming)."""

_KWARGS = """
Args:
    predictions: list of predicted summaries (strings).
    references: list of reference summaries; each a string or a list of strings (best F1 kept).
    rouge_types: subset of rouge1, rouge2, rougeL, rougeLsum (default: all four).
    tokenizer: "fr" (default) or "compat".
    use_stemmer: Snowball French stemming ("fr" only).
    use_aggregator: True returns the mean F1 per type; False the list of per-pair F1.
Returns:
    {"rouge1": ..., "rouge2": ..., "rougeL": ..., "rougeLsum": ..., "tokenizer": "fr"}
Examples:
    >>> rouge = evaluate.load("eval/metrics/rouge_fr")  # doctest: +SKIP
    >>> rouge.compute(predictions=["Le président a été élu."], references=["Le président a été réélu."], rouge_types=["rouge1"])  # doctest: +SKIP
    {'rouge1': 0.8, 'tokenizer': 'fr'}
"""

_CITATION = """@inproceedings{lin-2004-rouge,
  title = "{ROUGE}: A Package for Automatic Evaluation of Summaries",
  author = "Lin, Chin-Yew", booktitle = "Text Summarization Branches Out", year = "2004",
  publisher = "Association for Computational Linguistics", pages = "74--81"}"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class RougeFr(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS,
            features=[
                datasets.Features(
                    {"predictions": datasets.Value("string"), "references": datasets.Sequence(datasets.Value("string"))}
                ),
                datasets.Features({"predictions": datasets.Value("string"), "references": datasets.Value("string")}),
            ],
            reference_urls=["https://aclanthology.org/W04-1013/"],
        )

    def _compute(self, predictions, references, rouge_types=None, tokenizer="fr", use_stemmer=False, use_aggregator=True):
        scorer = RougeScorer(tuple(rouge_types or ROUGE_TYPES), tokenizer=tokenizer, stem=use_stemmer)
        rows = [scorer.score(r, p) for p, r in zip(predictions, references)]
        out = {}
        for t in scorer.rouge_types:
            f1 = [row[t].fmeasure for row in rows]
            out[t] = sum(f1) / len(f1) if use_aggregator else f1
        out["tokenizer"] = scorer.label
        return out
