"""Sentence boundaries on Universal Dependencies: our splitter against each library alone.

Rebuilds running text from the test treebanks of UD (``# text =`` of each sentence, ``# newdoc``
and ``# newpar`` for the paragraphs), splits each paragraph, and scores the sentence boundaries
inside paragraphs (a paragraph end is a newline: every splitter finds it) with precision, recall
and F1, for :class:`summarize.segment.SentenceSplitter` and for each library installed (pysbd
where it has the language, blingfire, sentencex, ICU's BreakIterator through PyICU, and
pythainlp's CRF model for Thai).

Text is rebuilt as a reader would see it: the sentences of a paragraph joined by a space, or by
nothing after a last token marked ``SpaceAfter=No`` and always in languages written without
spaces (Chinese, Japanese); paragraphs are ``# newpar`` blocks, else ``# newdoc`` blocks, cut into
chunks of at most :data:`CHUNK` sentences. A treebank with under two sentences per block (one
document per sentence: Arabic-PUD, Japanese-GSD) is cut into chunks of :data:`CHUNK` sentences
instead. Boundaries are compared as offsets that ignore whitespace, so a splitter that strips or
normalises spaces is scored fairly.

    python -m eval.sentences              # the committed excerpts, eval/ud/
    python -m eval.sentences --ud DIR     # every UD_*/*-ud-test.conllu under a fetched folder
    python -m eval.sentences --ud DIR --write-excerpts eval/ud --n 30   # remake the excerpts

The excerpts of eval/ud/ are small (a few dozen sentences per treebank, CC BY-SA: see
eval/ud/README.md); the tables of eval/README.md come from full fetched test files.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize.segment import SentenceSplitter

EXCERPTS = Path(__file__).resolve().parent / "ud"
CHUNK = 10
NO_SPACE_LANGS = frozenset({"zh", "ja", "yue", "lzh"})

SplitFn = Callable[[str, str], list[str]]


@dataclass(frozen=True)
class Paragraph:
    """Running text and the gold sentences it was built from."""

    text: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Treebank:
    """The paragraphs of one UD test file."""

    name: str
    lang: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def n_sentences(self) -> int:
        """Gold sentences."""
        return sum(len(p.sentences) for p in self.paragraphs)


@dataclass
class Score:
    """Boundary counts: true positives, predicted and gold boundaries."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, gold: set[int], pred: set[int]) -> None:
        """Count one paragraph."""
        self.tp += len(gold & pred)
        self.pred += len(pred)
        self.gold += len(gold)

    @property
    def precision(self) -> float:
        """Share of predicted boundaries that are gold (1 when nothing is predicted)."""
        return self.tp / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        """Share of gold boundaries found (1 when there are none)."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --- reading UD --------------------------------------------------------------------------------

@dataclass
class _Sentence:
    text: str
    newdoc: bool
    newpar: bool
    space_after: bool


def _sentences(path: Path) -> Iterator[_Sentence]:
    text, newdoc, newpar, last_misc, covered = "", False, False, "", 0
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if line.startswith("# newdoc"):
            newdoc = True
        elif line.startswith("# newpar"):
            newpar = True
        elif line.startswith("# text ="):
            text = line[len("# text =") :].strip()
        elif line and line[0].isdigit():
            token_id, misc = line.split("\t", 1)[0], line.split("\t")[-1]
            if "-" in token_id:  # a multiword token: its line holds SpaceAfter, not its words'
                last_misc, covered = misc, int(token_id.split("-")[1])
            elif "." not in token_id and int(token_id) > covered:  # not an empty node
                last_misc = misc
        elif not line.strip() and text:
            yield _Sentence(text, newdoc, newpar, "SpaceAfter=No" not in last_misc.split("|"))
            text, newdoc, newpar, last_misc, covered = "", False, False, "", 0


def _blocks(sentences: list[_Sentence]) -> list[list[_Sentence]]:
    """``# newpar`` blocks (else ``# newdoc``), or no blocks when they hold under 2 sentences."""
    key = "newpar" if any(s.newpar for s in sentences) else "newdoc"
    starts = [i for i, s in enumerate(sentences) if getattr(s, key)]
    if not starts or len(sentences) / len(starts) < 2:
        return [sentences]
    if starts[0] != 0:
        starts.insert(0, 0)
    return [sentences[a:b] for a, b in zip(starts, [*starts[1:], len(sentences)])]


def _paragraph(sentences: list[_Sentence], lang: str) -> Paragraph:
    parts: list[str] = []
    for i, s in enumerate(sentences):
        parts.append(s.text)
        if i < len(sentences) - 1:
            parts.append(" " if s.space_after and lang not in NO_SPACE_LANGS else "")
    return Paragraph("".join(parts), tuple(s.text for s in sentences))


def read_treebank(path: Path) -> Treebank:
    """The paragraphs of a ``<lang>_<name>-ud-test.conllu`` file (see the module docstring)."""
    lang = path.name.split("_", 1)[0]
    paragraphs = []
    for block in _blocks(list(_sentences(path))):
        for i in range(0, len(block), CHUNK):
            paragraphs.append(_paragraph(block[i : i + CHUNK], lang))
    name = path.parent.name if path.parent.name.startswith("UD_") else path.stem
    return Treebank(name.removeprefix("UD_"), lang, tuple(paragraphs))


def find_treebanks(root: Path) -> list[Path]:
    """The test files under ``root`` (``UD_*/*-ud-test.conllu``, excerpts included), by name."""
    return sorted(root.glob("UD_*/*-ud-test*.conllu"))


# --- scoring -----------------------------------------------------------------------------------

def _dense(text: str) -> str:
    return "".join(text.split())


def boundaries(text: str, pieces: list[str]) -> set[int]:
    """End offsets of ``pieces`` in ``text``, counted in non-space characters, without the end
    of ``text`` itself. A piece that is not found where expected is skipped (a splitter that
    drops a punctuation-only piece is not penalised twice)."""
    dense = _dense(text)
    out: set[int] = set()
    pos = 0
    for piece in pieces:
        d = _dense(piece)
        if not d:
            continue
        at = dense.find(d, pos)
        if at < 0:
            continue
        pos = at + len(d)
        out.add(pos)
    out.discard(len(dense))
    return out


def score(treebank: Treebank, split: SplitFn) -> Score:
    """Boundary counts of ``split`` over every paragraph of ``treebank``."""
    total = Score()
    for p in treebank.paragraphs:
        total.add(boundaries(p.text, list(p.sentences)), boundaries(p.text, split(p.text, treebank.lang)))
    return total


# --- the splitters -----------------------------------------------------------------------------

def _ours() -> SplitFn:
    splitter = SentenceSplitter()
    return lambda text, lang: splitter.split(text, lang)


def _pysbd() -> SplitFn | None:
    if importlib.util.find_spec("pysbd") is None:
        return None
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    cache: dict[str, pysbd.Segmenter] = {}

    def split(text: str, lang: str) -> list[str]:
        if lang not in LANGUAGE_CODES:
            raise LookupError(lang)
        seg = cache.setdefault(lang, pysbd.Segmenter(language=lang, clean=False))
        return [str(s) for s in seg.segment(text)]

    return split


def _blingfire() -> SplitFn | None:
    if importlib.util.find_spec("blingfire") is None:
        return None
    import blingfire

    return lambda text, lang: blingfire.text_to_sentences(text).split("\n")


def _sentencex() -> SplitFn | None:
    if importlib.util.find_spec("sentencex") is None:
        return None
    import sentencex

    return lambda text, lang: list(sentencex.segment(lang, text))


def _icu() -> SplitFn | None:
    if importlib.util.find_spec("icu") is None:
        return None
    import icu

    def split(text: str, lang: str) -> list[str]:
        it = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
        u16 = text.encode("utf-16-le")
        it.setText(text)
        cuts = [0, *list(it)]  # UTF-16 offsets
        return [u16[2 * a : 2 * b].decode("utf-16-le") for a, b in zip(cuts, cuts[1:])]

    return split


def _pythainlp() -> SplitFn | None:
    if importlib.util.find_spec("pythainlp") is None or importlib.util.find_spec("pycrfsuite") is None:
        return None
    from pythainlp.tokenize import sent_tokenize

    def split(text: str, lang: str) -> list[str]:
        if lang != "th":
            raise LookupError(lang)
        return list(sent_tokenize(text, engine="crfcut"))

    return split


CANDIDATES: dict[str, Callable[[], SplitFn | None]] = {
    "ours": _ours,
    "pysbd": _pysbd,
    "blingfire": _blingfire,
    "sentencex": _sentencex,
    "icu": _icu,
    "pythainlp": _pythainlp,
}


def splitters(names: list[str] | None = None) -> dict[str, SplitFn]:
    """The candidates installed here, by name (``names``: a subset)."""
    out = {}
    for name, make in CANDIDATES.items():
        if names and name not in names:
            continue
        fn = make()
        if fn is not None:
            out[name] = fn
    return out


# --- the table ---------------------------------------------------------------------------------

def _cell(treebank: Treebank, split: SplitFn) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        s = score(treebank, split)
    except LookupError:  # pysbd has no rules for the language
        return "n/a", 0.0
    return f"{100 * s.f1:.1f} ({100 * s.precision:.0f}/{100 * s.recall:.0f})", time.perf_counter() - start


def table(treebanks: list[Treebank], fns: dict[str, SplitFn]) -> tuple[str, dict[str, float]]:
    """A Markdown table, one row per treebank: F1 (precision/recall) of each splitter, in %, and
    the seconds each splitter took in all."""
    head = ["lang", "treebank", "sentences", "boundaries", *fns]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    seconds = dict.fromkeys(fns, 0.0)
    for tb in treebanks:
        gold = tb.n_sentences - len(tb.paragraphs)
        cells = []
        for name, fn in fns.items():
            cell, took = _cell(tb, fn)
            cells.append(cell)
            seconds[name] += took
        rows.append(f"| {tb.lang} | {tb.name} | {tb.n_sentences} | {gold} | " + " | ".join(cells) + " |")
    return "\n".join(rows), seconds


# --- committed excerpts ------------------------------------------------------------------------

def licence(folder: Path) -> str:
    """The ``License:`` line of a UD treebank's README (``""`` when there is none)."""
    for name in ("README.md", "README.txt"):
        path = folder / name
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.lower().startswith("license:"):
                    return line.split(":", 1)[1].strip()
    return ""


_KEPT_COMMENTS = ("# newdoc", "# newpar", "# sent_id", "# text =")


def _slim(line: str) -> str | None:
    """A line of an excerpt: the comments the harness reads, and each token's ID, FORM and
    ``SpaceAfter=No`` (the other columns become ``_``); ``None`` for any other line."""
    if line.startswith("#"):
        return line if line.startswith(_KEPT_COMMENTS) else None
    cols = line.split("\t")
    if len(cols) != 10:
        return None
    misc = "SpaceAfter=No" if "SpaceAfter=No" in cols[9].split("|") else "_"
    return "\t".join([cols[0], cols[1], *["_"] * 7, misc])


def write_excerpt(test_file: Path, dest: Path, n: int) -> int:
    """Write the first ``n`` sentences of ``test_file``, slimmed (see :func:`_slim`), and the
    treebank's LICENSE.txt to ``dest/<UD folder>/``; the number of sentences written."""
    out_dir = dest / test_file.parent.name
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks = [b for b in test_file.read_text("utf-8").split("\n\n") if "# text =" in b][:n]
    kept = ["\n".join(x for x in map(_slim, b.strip("\n").splitlines()) if x is not None) for b in blocks]
    (out_dir / test_file.name).write_text("\n\n".join(kept) + "\n\n", "utf-8")
    (out_dir / "LICENSE.txt").write_text((test_file.parent / "LICENSE.txt").read_text("utf-8"), "utf-8")
    return len(kept)


def write_excerpts(files: list[Path], dest: Path, n: int) -> list[tuple[str, str, int]]:
    """Excerpts of the treebanks whose licence allows any use (CC BY-SA, not NC):
    ``(folder, licence, sentences)`` for each one written."""
    written = []
    for f in files:
        lic = licence(f.parent)
        if lic.startswith("CC BY-SA"):
            written.append((f.parent.name, lic, write_excerpt(f, dest, n)))
    return written


def main(argv: list[str] | None = None) -> None:
    """Print the table for the committed excerpts, or for ``--ud DIR``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud", type=Path, default=EXCERPTS, help="folder of UD_* treebanks (default: eval/ud/)")
    ap.add_argument("--only", nargs="*", help=f"splitters to run, among {', '.join(CANDIDATES)}")
    ap.add_argument("--lang", nargs="*", help="languages to keep (ISO 639-1 codes as in the file names)")
    ap.add_argument("--write-excerpts", type=Path, metavar="DIR",
                    help="write the first --n sentences of each CC BY-SA treebank to DIR, and stop")
    ap.add_argument("--n", type=int, default=30, help="sentences per excerpt (default: 30)")
    args = ap.parse_args(argv)
    files = find_treebanks(args.ud)
    if not files:
        raise SystemExit(f"no UD_*/*-ud-test.conllu under {args.ud}")
    if args.write_excerpts:
        for name, lic, n in write_excerpts(files, args.write_excerpts, args.n):
            print(f"{name}\t{lic}\t{n} sentences")
        return
    treebanks = [tb for tb in map(read_treebank, files) if not args.lang or tb.lang in args.lang]
    fns = splitters(args.only)
    text, seconds = table(treebanks, fns)
    print("Sentence-boundary F1 (precision/recall), % of the boundaries inside paragraphs\n")
    print(text)
    print("\nseconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))


if __name__ == "__main__":
    main()
