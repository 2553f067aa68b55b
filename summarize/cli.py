"""Command line: ``summarize run INPUT --out DIR`` (also ``python -m summarize``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .load import LoadError
from .pipeline import Pipeline, PipelineConfig
from .segment import supported_languages
from .summarizers import available_summarizers


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="summarize",
        description="Summarize a set of news articles: one summary per article and one merged summary.",
    )
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run",
        help="clean, summarize and merge the articles of INPUT; write summaries.jsonl, merged.json, report.md",
        description="Clean, summarize and merge articles. INPUT is a folder of .txt/.md/.html/.jsonl "
        "files, or one such file. Writes DIR/summaries.jsonl, DIR/merged.json, DIR/errors.jsonl and "
        "DIR/report.md (and DIR/scores.json with --references).",
    )
    run.add_argument("input", help="folder or file of articles")
    run.add_argument("--out", required=True, help="output folder (created if missing)")
    run.add_argument(
        "--summarizer", default="auto",
        help=f"summarizer name (default auto: the OrangeSum-trained model for French, TextRank otherwise); known: {', '.join(available_summarizers())}",
    )
    run.add_argument(
        "--model",
        help="abstractive seq2seq model: a local checkpoint directory, a preset (barthez, mt5-xlsum, t5-fr) "
        "or a Hub id in the local cache; overrides --summarizer",
    )
    run.add_argument("--device", help="abstractive models: cuda or cpu (default: cuda if available)")
    run.add_argument(
        "--precision", default="fp32", choices=("fp32", "bf16", "fp16", "int8"),
        help="abstractive models: fp32 (default, exact) or a lossy speed mode (bf16, fp16 on GPU, int8 on CPU)",
    )
    run.add_argument("--references", help="JSONL of hand-written references (see eval/references/README.md)")
    run.add_argument(
        "--lang", help=f"comma-separated accepted languages (default: any of {','.join(supported_languages())})"
    )
    run.add_argument("--merged-words", type=int, default=150, help="length budget of the merged summary")
    run.add_argument(
        "--merge-strategy", default="extractive", choices=("extractive", "hierarchical"),
        help="extractive: cluster sentences across articles (default); hierarchical: summarize the summaries",
    )
    run.add_argument("--no-conflicts", action="store_true", help="skip conflict detection (spaCy NER)")
    run.add_argument("--max-chars", type=int, default=500_000, help="skip inputs longer than this")
    run.add_argument("--text-key", default="text", help="text field of JSONL records")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    return ap


def cmd_run(args: argparse.Namespace) -> int:
    try:
        config = PipelineConfig(
            summarizer=args.model or args.summarizer,
            device=args.device,
            precision=args.precision,
            languages=tuple(x.strip() for x in args.lang.split(",")) if args.lang else None,
            max_chars=args.max_chars,
            merged_max_words=args.merged_words,
            merged_min_words=min(80, args.merged_words),
            merge_strategy=args.merge_strategy,
            conflicts=not args.no_conflicts,
            progress=not args.quiet,
        )
        pipeline = Pipeline(config)
    except (ValueError, LookupError, OSError) as exc:  # OSError: ModelNotAvailableError
        print(f"summarize: error: {exc}", file=sys.stderr)
        return 2
    references = None
    if args.references:
        from eval.references import load_references

        try:
            references = load_references(args.references)
        except (OSError, ValueError) as exc:
            print(f"summarize: error: {exc}", file=sys.stderr)
            return 2
    try:
        from .load import load_corpus

        corpus = load_corpus(args.input, text_key=args.text_key)
    except LoadError as exc:
        print(f"summarize: error: {exc}", file=sys.stderr)
        return 2
    result = pipeline.run(corpus)
    scores = None
    if references is not None:
        from eval.references import score_run

        try:
            scores = score_run(result, references)
        except ValueError as exc:
            print(f"summarize: warning: no ROUGE scores: {exc}", file=sys.stderr)
    from .report import write_outputs

    paths = write_outputs(result, args.out, scores)
    for err in result.errors:
        print(f"summarize: skipped {err}", file=sys.stderr)
    print(
        f"{len(result.summaries)} summarized, {len(result.errors)} skipped, "
        f"merged summary: {result.merged.words if result.merged else 0} words -> {paths['report'].parent}/"
    )
    if scores and scores.get("articles"):
        for tok, res in scores["articles"].items():
            f = {t: v["fmeasure"]["mean"] for t, v in res["scores"].items()}
            print(f"ROUGE ({tok}) per article: R1 {f['rouge1']:.2f}  R2 {f['rouge2']:.2f}  RL {f['rougeL']:.2f}")
    return 0 if result.summaries else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``summarize`` command."""
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return cmd_run(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
