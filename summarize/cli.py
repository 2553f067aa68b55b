"""Command line (also ``python -m summarize``):

* ``summarize run INPUT --out DIR``: clean, summarize and merge the articles of INPUT; exit code 0
  when every input was summarized, 3 when some were skipped (listed in ``errors.jsonl``), 1 when
  none was, 2 for bad usage or outputs that could not be written;
* ``summarize score PRED.jsonl REF.jsonl``: ROUGE of predictions against references (JSON);
* ``summarize download MODEL --to DIR``: fetch a seq2seq checkpoint (the only command that downloads).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .engines import EngineError
from .extras import MissingExtraError
from .jsonl import is_system_path
from .load import LoadError, printable
from .merge import MERGERS
from .pipeline import ENGINES, STORY_MODES, Pipeline, PipelineConfig
from .report import EarlierRunError
from .run import OutputBusyError, PublishError, ResumeError, run_to_folder
from .scoring import TOKENIZERS, load_references, score_files
from .segment import supported_languages
from .summarizers import BACKENDS, PRECISIONS, SUMMARIZERS, check_model_name, download_model
from .version import __version__


def _option(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` with VALUE read as JSON when it parses (``3``, ``0.5``, ``true``), else a string."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key.strip(), json.loads(value)
    except json.JSONDecodeError:
        return key.strip(), value


def _positive_int(text: str) -> int:
    """An integer >= 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


_COMMANDS = {
    "run": (
        "clean and summarize the articles of INPUT, group them into stories, merge each story; write summaries.jsonl, stories.jsonl, merged.json, report.md",
        "Clean and summarize articles, group them into stories (same event) and merge each story. INPUT is a "
        "folder of .txt/.md/.html/.jsonl files, or one such file, read lazily (a feed of any size). Writes "
        "DIR/summaries.jsonl (as articles are done), DIR/stories.jsonl, DIR/merged.json (the largest story), "
        "DIR/errors.jsonl, DIR/cleaning.jsonl and DIR/report.md (and DIR/scores.json with --references). A killed "
        "run leaves the earlier outputs whole; --resume goes on from the articles it had done.",
    ),
    "score": (
        "ROUGE of a predictions JSONL against a references JSONL, joined on id (prints JSON)",
        "Print corpus ROUGE-1/2/L/Lsum (F1/P/R x100, 95% bootstrap CIs) as one JSON object. PREDICTIONS is a "
        "JSONL of {\"id\", \"prediction\"} records, or the summaries.jsonl of summarize run: that one is scored "
        "as the run scores it (scores.json), each summary as its sentences, with the run's merged summary "
        "(merged.json beside it) against the '__merged__' reference, under \"merged\".",
    ),
    "download": (
        "download a seq2seq checkpoint (preset or Hub id); the only command that uses the network",
        "Download a seq2seq checkpoint with huggingface_hub (needs the 'abstractive' extra and internet access).",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The ``summarize`` parser; summarizer and merger choices and help come from the registries."""
    ap = argparse.ArgumentParser(
        prog="summarize",
        description="Summarize a set of news articles: one summary per article and one merged summary.",
    )
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    parsers = {name: sub.add_parser(name, help=h, description=d) for name, (h, d) in _COMMANDS.items()}
    run = parsers["run"]
    run.add_argument("input", help="folder or file of articles")
    run.add_argument("--out", required=True, help="output folder (created if missing)")
    run.add_argument(
        "--summarizer", default="auto",
        help=f"summarizer name (default auto), lead-<k>, a model directory or a cached Hub id; {SUMMARIZERS.help_text()}",
    )
    run.add_argument(
        "--summarizer-option", "-O", action="append", type=_option, default=[], metavar="KEY=VALUE",
        help="parameter of the summarizer, repeatable (e.g. -O damping=0.9 for textrank, -O model=DIR for "
        "--summarizer seq2seq); the length is --words/--sentences",
    )
    run.add_argument(
        "--model",
        help="abstractive seq2seq model: a local checkpoint directory, a preset (barthez, mt5-xlsum, t5-fr) "
        "or a Hub id in the local cache; overrides --summarizer",
    )
    run.add_argument("--device", help="abstractive models: cuda or cpu (default: cuda if available)")
    run.add_argument(
        "--precision", default="fp32", choices=PRECISIONS,
        help="abstractive models: fp32 (default, exact) or a lossy speed mode (bf16, fp16 on GPU, int8 on CPU)",
    )
    run.add_argument(
        "--backend", default="transformers", choices=BACKENDS,
        help="abstractive models: transformers (default) or ctranslate2 (faster; converts the model once into a cache)",
    )
    length = run.add_mutually_exclusive_group()
    length.add_argument(
        "--words", type=int,
        help="target length of each summary in words, not a cap: extractive summarizers keep the whole sentences "
        "whose total is closest to N, and always the best-ranked one, even when it alone is longer than N "
        "(sentences are never cut); abstractive ones generate about N words (within 20%%)",
    )
    length.add_argument("--sentences", type=int, help="length of each summary in sentences (exactly, when the article has them)")
    run.add_argument("--references", help="JSONL of hand-written references (see eval/references/README.md)")
    run.add_argument(
        "--lang",
        help="comma-separated accepted languages, in any case (--lang fr,en; default: every language; "
        f"sentences are split in any language, with rules of their own for {','.join(supported_languages())})",
    )
    run.add_argument("--merged-words", type=int, default=150, help="length budget of the merged summary in words")
    run.add_argument(
        "--merger-option", "-M", action="append", type=_option, default=[], metavar="KEY=VALUE",
        help="parameter of the merger, repeatable (e.g. -M position_weight=5 -M min_sources=0.4); the length is --merged-words",
    )
    run.add_argument(
        "--merge-strategy", default="extractive", choices=MERGERS.names(),
        help=f"how to merge the articles (default extractive); {MERGERS.help_text()}",
    )
    run.add_argument("--no-conflicts", action="store_true", help="skip conflict detection (spaCy NER)")
    run.add_argument(
        "--stories", default="group", choices=STORY_MODES,
        help="group: group the articles into stories by event, one merged summary each (default); one: all "
        "articles are one story; off: per-article summaries only",
    )
    run.add_argument("--resume", action="store_true", help="go on from the articles a killed run in DIR had done")
    run.add_argument(
        "--since", metavar="EARLIER_OUT",
        help="update summaries: the --out folder of an earlier run; the merged summaries say what the new articles add",
    )
    run.add_argument(
        "--follow-links", action="store_true",
        help="read links whose target is outside the input folder (never /proc, devices or FIFOs)",
    )
    run.add_argument(
        "--max-bytes", type=_positive_int, default=None, metavar="N",
        help="refuse files (and JSONL lines) over N bytes before reading them (default: 8 x --max-chars, at least 16 MiB)",
    )
    run.add_argument(
        "--engine", default="local", choices=ENGINES,
        help="where the per-article stages run: local (default) or ray (Ray Data workers; the 'ray' extra; "
        "RAY_ADDRESS=... to use a cluster)",
    )
    run.add_argument("--workers", type=int, default=1, help="--engine ray: workers (each loads the summarizer once)")
    run.add_argument("--batch-size", type=int, default=64, help="articles summarized together")
    run.add_argument("--max-chars", type=int, default=500_000, help="skip inputs longer than this")
    run.add_argument("--text-key", default="text", help="text field of JSONL records")
    run.add_argument(
        "-q", "--quiet", action="store_true",
        help="no progress bars, and no log lines or warnings from transformers, Hugging Face Hub, Ray or torch; "
        "errors, skipped inputs and the summary line still print",
    )

    score = parsers["score"]
    score.add_argument(
        "predictions", help="JSONL with 'id' and the prediction field, or a summaries.jsonl written by summarize run"
    )
    score.add_argument("references", help="JSONL with 'id' and the reference field (string or list)")
    score.add_argument(
        "--tokenizer", choices=TOKENIZERS, default="fr",
        help="fr (default): French-aware, keeps accented letters; compat: rouge_score's default tokenizer "
        "(drops non-ASCII letters, as published French results did); multi: any script (words with their "
        "combining marks, characters of Chinese, Japanese, Thai...)",
    )
    score.add_argument("--stem", action="store_true", help="Snowball stemming: French with fr; with multi, of --lang")
    score.add_argument("--lang", help="language of the texts (ISO 639-1), to stem with --tokenizer multi --stem")
    score.add_argument(
        "--pred-key", default=None,
        help="field of the predictions (default: 'prediction', or 'summary' when the records have no 'prediction')",
    )
    score.add_argument("--ref-key", default="summary", help="field of the references (default: summary)")
    score.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the CIs (default 1000; 0: no CI)")
    score.add_argument("--seed", type=int, default=0, help="seed of the bootstrap resampling (default 0): same seed, same CIs")

    parsers["download"].add_argument("model", help="preset (barthez, mt5-xlsum, t5-fr) or Hub id")
    parsers["download"].add_argument("--to", help="folder to write it to (default: the Hugging Face cache)")
    return ap


# Exit codes of `summarize run`: every input done / nothing summarized / bad usage or outputs not
# written / some inputs skipped (or no merged summary) but the others done.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


def _say(text: object) -> None:
    """Print one line to stderr, with control characters and ANSI escapes (from file names,
    titles...) shown as backslash escapes: nothing printed can recolour or rewrite the terminal."""
    print(printable(str(text)), file=sys.stderr)


def _error(exc: BaseException | str) -> int:
    _say(f"summarize: error: {exc}")
    return EXIT_USAGE


_PACKAGE = Path(__file__).resolve().parent  # this package's files (its own warnings print under -q)

# Folders of the system that are no place for outputs (their files are generated or devices;
# /dev/shm, a plain tmpfs, is allowed).
_SYSTEM_OUT = ("/proc", "/sys", "/dev")


def _output_folder(out: str) -> Path:
    """``out`` as a folder this process can write into (created if missing), checked by writing
    (and removing) a small file there, so that a read-only or pseudo file system (``/proc``) is
    refused before any work, not after.

    Raises:
        ValueError: it is empty, a file, a system folder, or it cannot be created or written.
    """
    if not out.strip():
        raise ValueError("--out is empty; give the folder for the outputs (e.g. --out out/)")
    path = Path(out)
    real = os.path.realpath(path)
    system = any(real == root or real.startswith(root + "/") for root in _SYSTEM_OUT) and not real.startswith("/dev/shm/")
    if is_system_path(real) or system:
        raise ValueError(f"--out {out} is a system folder ({real}), not a place for files; choose a writable folder")
    if path.exists() and not path.is_dir():
        raise ValueError(f"--out {out} is a file, not a folder; pass a folder for the outputs")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"--out {out}: cannot create the folder ({exc.strerror}); choose a writable folder") from None
    probe = path / f".summarize-write-test-{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise ValueError(
            f"--out {out}: cannot write into the folder ({exc.strerror or exc}); choose a writable folder"
        ) from None
    return path


# What --quiet silences besides the progress bars: the libraries' log lines and warnings.
QUIET_ENV = {
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TQDM_DISABLE": "1",
    "RAY_DATA_DISABLE_PROGRESS_BARS": "1",
}
QUIET_LOGGERS = ("transformers", "huggingface_hub", "datasets", "ray", "ray.data", "ctranslate2", "torch", "urllib3")
QUIET_WARNINGS = ("transformers", "huggingface_hub", "datasets", "ray", "ctranslate2", "torch", "sklearn", "spacy", "thinc")


@contextlib.contextmanager
def quiet_mode(enabled: bool) -> Iterator[None]:
    """``-q``: for the time of the block, the environment variables of :data:`QUIET_ENV` (read by
    transformers, Hugging Face Hub, tqdm and Ray, including Ray's worker processes), the loggers of
    :data:`QUIET_LOGGERS` at ``ERROR`` and the warnings of the libraries of :data:`QUIET_WARNINGS`
    ignored; errors still print. Everything is restored afterwards (``main`` may be called from
    Python)."""
    if not enabled:
        yield
        return
    env = {key: os.environ.get(key) for key in QUIET_ENV}
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    os.environ.update(QUIET_ENV)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    if "transformers" in sys.modules:  # imported already: its settings were read from the environment then
        with contextlib.suppress(Exception):
            tf_logging = sys.modules["transformers"].utils.logging
            tf_logging.set_verbosity_error()
            tf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            for module in QUIET_WARNINGS:
                warnings.filterwarnings("ignore", module=module)
            yield
    finally:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def cmd_run(args: argparse.Namespace) -> int:
    """``summarize run``: the checks that need no model first (input, --out, settings), then the
    pipeline, then the run, quiet with ``-q`` (:func:`quiet_mode`)."""
    with quiet_mode(args.quiet):
        return _cmd_run(args)


def _cmd_run(args: argparse.Namespace) -> int:
    if not args.input.strip():
        return _error("the input is empty; give a folder or file of articles")
    if not Path(args.input).exists():
        return _error(LoadError(args.input, "no such file or folder; check the path"))
    created = not os.path.lexists(args.out) if args.out.strip() else False
    try:
        out = _output_folder(args.out)
    except ValueError as exc:
        return _error(exc)

    def fail(exc: BaseException | str) -> int:
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()  # leave no empty folder behind
        return _error(exc)

    try:
        if args.model:  # a name that is no preset, folder or Hub id is a folder that does not exist
            check_model_name(args.model)
        config = PipelineConfig(
            summarizer=args.model or args.summarizer,
            summarizer_options=dict(args.summarizer_option),
            device=args.device,
            precision=args.precision,
            backend=args.backend,
            words=args.words,
            sentences=args.sentences,
            languages=args.lang,  # "FR, en" is read as ("fr", "en")
            max_chars=args.max_chars,
            merged_words=args.merged_words,
            merge_strategy=args.merge_strategy,
            merger_options=dict(args.merger_option),
            conflicts=not args.no_conflicts,
            progress=not args.quiet,
            stories=args.stories,
            engine=args.engine,
            workers=args.workers,
            batch_size=args.batch_size,
        )
        references = load_references(args.references) if args.references else None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pipeline = Pipeline(config)
    except (ValueError, TypeError, LookupError, OSError, ModuleNotFoundError) as exc:  # OSError: ModelNotAvailableError
        return fail(exc)
    for w in caught:
        if not args.quiet or Path(w.filename).resolve().is_relative_to(_PACKAGE):  # -q: not the libraries' warnings
            _say(f"summarize: warning: {w.message}")
    try:
        run = run_to_folder(
            pipeline, args.input, out, resume=args.resume, text_key=args.text_key, references=references,
            since=args.since, follow_links=args.follow_links, max_bytes=args.max_bytes,
        )
    except OutputBusyError as exc:
        return _error(exc)
    except (LoadError, ResumeError, EarlierRunError, PublishError, MissingExtraError, EngineError) as exc:
        return fail(exc)
    except (OSError, ModuleNotFoundError) as exc:  # a model or extra needed only now, or a full disk
        if isinstance(exc, OSError) and exc.errno is not None:
            return fail(
                f"could not write the outputs to {out} ({exc.strerror or exc}); no file there is half "
                "written: each is the earlier one or the new one, whole; free space and run again (--resume "
                "goes on from the articles done)"
            )
        return fail(exc)
    result = run.result
    if run.scores_error:
        _say(f"summarize: warning: no ROUGE scores: {run.scores_error}")
    for err in result.errors[:50]:
        _say(f"summarize: skipped {err}")
    if run.errors > 50:
        _say(f"summarize: ... {run.errors - 50} more skipped (see {out}/errors.jsonl)")
    if run.stale:
        _say(f"summarize: removed {run.stale} partial run folder(s) (.run-*) left in {out} by interrupted runs")
    stories = f"{run.stories} stor{'y' if run.stories == 1 else 'ies'}, " if args.stories != "off" else ""
    if args.stories != "off" and run.topics:
        stories = f"{run.topics} topic{'' if run.topics == 1 else 's'}, " + stories
    print(printable(
        f"{run.summarized} summarized" + (f" ({run.resumed} resumed)" if run.resumed else "")
        + f", {run.errors} skipped, {stories}merged summary"
        + (" of the largest story" if run.stories > 1 else "")
        + f": {result.merged.words if result.merged else 0} words"
        + (f" (update since {run.since.folder}: {len(run.since)} earlier articles)" if run.since else "")
        + f" -> {out}/"
    ))
    if run.scores:
        for tok, res in run.scores.articles.items():
            f = {t: res.aggregate[t]["fmeasure"].to_dict(100.0)["mean"] for t in res.aggregate}
            print(f"ROUGE ({tok}) per article: R1 {f['rouge1']:.2f}  R2 {f['rouge2']:.2f}  RL {f['rougeL']:.2f}")
    if not run.summarized:
        return EXIT_FAILED
    return EXIT_PARTIAL if run.errors or (args.stories != "off" and result.merged is None) else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    try:
        result = score_files(
            args.predictions, args.references, tokenizer=args.tokenizer, stem=args.stem, lang=args.lang,
            pred_key=args.pred_key, ref_key=args.ref_key, n_bootstrap=args.bootstrap, seed=args.seed,
        )
    except (OSError, ValueError, TypeError) as exc:
        return _error(exc)
    note = getattr(result, "note", None)  # a run's outputs: why its merged summary was not scored
    if note:
        _say(f"summarize: warning: {note}")
    print(json.dumps(result.to_dict(), ensure_ascii=False))
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    try:
        path = download_model(args.model, args.to)
    except (OSError, ModuleNotFoundError) as exc:
        return _error(exc)
    print(f"{args.model} -> {path}\nuse it with: summarize run INPUT --out OUT --model {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``summarize`` command."""
    args = build_parser().parse_args(argv)
    commands = {"run": cmd_run, "score": cmd_score, "download": cmd_download}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback; the outputs stay whole
        _say(
            "summarize: interrupted; the earlier outputs are whole"
            + ("; run again with --resume to go on from the articles done" if args.command == "run" else "")
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
