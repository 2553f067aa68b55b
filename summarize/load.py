"""Load articles from a folder of text files, one file, a JSONL file or a ``datasets.Dataset``.

Encodings are detected, not guessed silently: UTF-8 (with or without BOM) and UTF-16 (with a BOM,
or without one when NUL bytes sit at every other position) are recognised exactly; anything else
is handed to ``charset_normalizer`` and the encoding it found is
recorded on the article (``Article.encoding``). Binary, empty and undecodable files raise
:class:`LoadError` naming the file; in a batch (:func:`load_corpus`) they are reported in
``Corpus.errors`` and skipped, so one bad file never stops the run.

Input is read safely (:mod:`summarize.jsonl`): every file is checked with ``stat`` before it is
opened (a FIFO, a device or a ``/proc`` file is never read), and read with a cap (``max_bytes``
for one file or one JSONL line); JSONL files are read and decoded line by line, so one bad line
is that line's error. A link whose target is outside the input folder is not read unless
``follow_links=True``. Folders of any depth are walked without recursion.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from charset_normalizer import from_bytes
from ftfy.fixes import fix_c1_controls

from .jsonl import (
    BadLine,
    InputFileError,
    capped_lines,
    file_kind,
    is_system_path,
    kind_problem,
    open_regular,
    parse_line,
    read_capped,
    too_big,
)
from .lexicon import text_or_none
from .markup import extract_html, markdown_to_text
from .records import Article, ArticleError

_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# One file (or one JSONL line) over this many bytes is refused before it is read. The pipeline's
# own limit (PipelineConfig.max_chars, 500,000 characters) is on the text; this one bounds memory
# and leaves room for HTML markup and 4-byte characters.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
MAX_FIELD_CHARS = 1_000  # a title, author, site or date longer than this is cut (with "…")
MAX_ID_CHARS = 1_000  # a record id longer than this is refused
_HEAD = 1 << 16  # bytes of a JSONL file read to decide its encoding
ACCEPTED = (
    "a folder or file path (str or Path), a datasets.Dataset, one Article or mapping ({'text': ...}), "
    "or an iterable of Article, str or mapping"
)
NAME_NOT_UTF8 = "name is not valid UTF-8 (shown with \\x escapes); not read: rename it in UTF-8 (e.g. convmv -f latin1 -t utf8)"


def max_bytes_for(max_chars: int) -> int:
    """The ``max_bytes`` that goes with the pipeline's ``max_chars`` (``PipelineConfig.max_chars``):
    room for 8 bytes of file (markup, 4-byte characters) per character of text, and never below
    :data:`DEFAULT_MAX_BYTES`, so raising ``--max-chars`` raises the file cap with it.

    Example:
        >>> max_bytes_for(500_000) == DEFAULT_MAX_BYTES, max_bytes_for(10_000_000)
        (True, 80000000)
    """
    return max(DEFAULT_MAX_BYTES, 8 * max_chars)


class LoadError(ValueError):
    """A file could not be read as an article. The message names the file and the fix."""

    def __init__(self, source: str | Path, message: str) -> None:
        self.source = shown(source)
        self.reason = message
        super().__init__(f"{self.source}: {message}")


@dataclass
class Corpus:
    """Articles loaded from one input, plus the inputs that could not be loaded."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self):
        return iter(self.articles)


def shown(value: str | Path) -> str:
    """``value`` as text that can be written as UTF-8: a file name's undecodable bytes and lone
    surrogates become backslash escapes.

    Example:
        >>> shown("caf\\udce9.txt"), shown("bad\\ud800"), shown("été")
        ('caf\\\\xe9.txt', 'bad\\\\ud800', 'été')
    """
    text = str(value)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


# What must not reach a terminal or a report raw: C0 and C1 control characters (ESC starts the
# ANSI sequences that recolour, move the cursor or retitle a terminal; newlines break one-line
# messages and table rows) and the bidirectional overrides that reorder what is displayed.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: str | Path) -> str:
    """``value`` (see :func:`shown`) with every control character, ANSI escape and bidirectional
    override written as a backslash escape, so that printing it cannot recolour or rewrite a
    terminal, and it stays on one line.

    Example:
        >>> printable("a\\x1b[31mred\\nb.txt")
        'a\\\\x1b[31mred\\\\nb.txt'
    """
    text = shown(value)
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# --------------------------------------------------------------------------- decoding


_C1 = re.compile("[\x80-\x9f]")
# Said after the encoding of a text whose C1 control characters were read as the cp1252
# punctuation they stand for (``Article.encoding``; shown in cleaning.jsonl).
C1_REPAIRED = ", C1 controls repaired as cp1252 punctuation (ftfy)"


def decode_bytes(data: bytes, source: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes to text and say which encoding was used.

    Returns:
        ``(text, encoding)``; the text is NFC-normalised with ``\\n`` line ends.

    Raises:
        LoadError: the bytes are empty, binary, or in no encoding that can be detected.
    """
    if not data.strip():
        raise LoadError(source, "file is empty; remove it or put the article text in it")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _decode(data, "utf-8-sig", source), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode(data, "utf-16", source), "utf-16"
    elif b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise LoadError(
                source,
                "looks binary (contains NUL bytes), not text; give a .txt/.md/.html/.jsonl file "
                "or convert it to UTF-8 text first",
            )
        text, encoding = _decode(data, utf16, source), utf16
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data, source)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _C1.search(text):
        # cp1252 punctuation stored as C1 control characters (U+0080-U+009F: "d\x92Armstrong"),
        # a common defect of pages converted from Windows-1252: ftfy maps them back ("d’Armstrong").
        text = fix_c1_controls(text)
        encoding = f"{encoding}{C1_REPAIRED}"
    if not text.strip():
        raise LoadError(source, "file has no text; remove it or put the article text in it")
    _check_controls(text, encoding, source)
    return text, encoding


def _decode(data: bytes, encoding: str, source: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(
            source,
            f"is not valid {encoding} (byte {exc.start}: {exc.reason}; truncated or corrupt file); "
            "re-save it as UTF-8 text",
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit at every other position, as UTF-16 text of a Latin
    script has them; ``None`` otherwise (binary)."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    half = len(data) // 2
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _check_controls(text: str, encoding: str, source: str | Path) -> None:
    """Control characters other than whitespace mean binary data or a wrong encoding."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t\r\f")
    if controls > max(2, len(text) // 200):
        raise LoadError(
            source,
            f"decoding as {encoding} gives {controls} control characters: binary or unknown "
            "encoding; re-save it as UTF-8 text",
        )


def _decode_legacy(data: bytes, source: str | Path, tolerance: float = 0.0) -> tuple[str, str]:
    """Detect a non-UTF-8 encoding with charset_normalizer (a maintained detector). A Western
    European code page is preferred when it scores as well as the detector's pick, or within
    ``tolerance`` (JSONL: its punctuation blurs the scores of short samples)."""

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise LoadError(
            source,
            "is not UTF-8 and no text encoding could be detected (binary file?); "
            "re-save it as UTF-8 text",
        )
    encoding = best.encoding
    # On short files several code pages often score exactly as well (same chaos and coherence)
    # and the detector's pick among them is arbitrary (cp1250 for French text, "è" -> "č").
    # Break such ties towards the Western European code pages; a real preference is kept.
    for m in matches:
        if (
            m.encoding in _PREFERRED_LEGACY
            and m.chaos <= best.chaos + tolerance
            and m.coherence >= best.coherence - tolerance
        ):
            encoding = m.encoding
            break
    return _decode(data, encoding, source), encoding


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read a text file and return ``(text, encoding)`` (see :func:`decode_bytes`).

    The file is checked before it is read: a regular file (never a FIFO, a device or a ``/proc``
    file) of at most ``max_bytes`` bytes.

    Raises:
        LoadError: missing, unreadable, not a regular file, too big, or undecodable.
    """
    p = Path(path)
    try:
        data = read_capped(p, max_bytes)
    except (InputFileError, OSError) as exc:
        raise _read_error(p, exc) from None
    return decode_bytes(data, shown(p))


def _read_error(p: Path, exc: Exception) -> LoadError:
    if isinstance(exc, InputFileError):
        return LoadError(p, exc.reason)
    if isinstance(exc, FileNotFoundError):
        return LoadError(p, "no such file; check the path")
    if isinstance(exc, IsADirectoryError):
        return LoadError(p, "is a folder; pass the folder to load_corpus instead")
    strerror = exc.strerror if isinstance(exc, OSError) else None
    return LoadError(p, f"cannot be read ({strerror or exc}); check its permissions")


# --------------------------------------------------------------------------- loaders


def load_file(path: str | Path, *, article_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Load one ``.txt``, ``.md`` or ``.html`` file as an :class:`Article`.

    The id is the file stem unless ``article_id`` is given. Text and Markdown are returned as
    found (boilerplate included; :func:`summarize.clean.clean_article` removes it); HTML pages go
    through trafilatura, which also gives the title, date, author and site name
    (:func:`summarize.markup.extract_html`). A file over ``max_bytes`` is refused unread.

    Raises:
        LoadError: unreadable, empty, binary, too big or undecodable file, or an unsupported suffix.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise LoadError(
            p,
            f"unsupported file type {suffix or '(none)'}; supported: "
            f"{', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)}",
        )
    text, encoding = read_text(p, max_bytes=max_bytes)
    article = Article(id=article_id or shown(p.stem), text=text, source=shown(p), encoding=encoding)
    if suffix in (".html", ".htm"):
        page = extract_html(text)
        article = replace(
            article, text=page.text, title=_bounded(page.title), date=_bounded(page.date),
            author=_bounded(page.author), site=_bounded(page.site),
        )
    elif suffix in (".md", ".markdown"):
        body, title = markdown_to_text(text)
        article = replace(article, text=body, title=_bounded(title))
    if not article.text.strip():
        raise LoadError(p, "has no visible text; check that it is the article page")
    return article


_SURROGATE = re.compile("[\ud800-\udfff]")


def article_from_record(
    record: Mapping[str, Any],
    *,
    source: str,
    default_id: str,
    text_key: str = "text",
    id_key: str = "id",
) -> Article:
    """Build an :class:`Article` from a mapping (a JSONL line or a dataset row).

    The title, date, author and site are cut to :data:`MAX_FIELD_CHARS` characters.

    Raises:
        LoadError: the text field is missing, not a string, or empty; the id is over
            :data:`MAX_ID_CHARS` characters; a field holds a lone surrogate (not text).
    """
    if text_key not in record:
        names = sorted(shown(str(k))[:80] for k in list(record)[:20])
        raise LoadError(source, f"no '{text_key}' field (fields: {names}); pass text_key=... to name it")
    text = record[text_key]
    if not isinstance(text, str):
        raise LoadError(source, f"'{text_key}' must be a string, got {type(text).__name__}")
    raw_id = record.get(id_key)
    article_id = str(raw_id) if isinstance(raw_id, (str, int)) and raw_id != "" else None
    if isinstance(raw_id, (str, int)) and article_id is not None and len(article_id) > MAX_ID_CHARS:
        raise LoadError(source, f"'{id_key}' is {len(article_id):,} characters long (at most {MAX_ID_CHARS:,}); shorten it")
    fields = {text_key: text, id_key: article_id, **{k: record.get(k) for k in ("title", "date", "lang", "author", "site")}}
    problem = _surrogate_problem(fields)
    if problem:
        raise LoadError(source, problem)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    if not text.strip():
        raise LoadError(source, f"'{text_key}' is empty; remove the record or fill it")
    title = record.get("title")
    return Article(
        id=article_id if article_id is not None else (str(raw_id) if raw_id not in (None, "") else default_id),
        text=text,
        title=_bounded(title.strip()) if isinstance(title, str) and title.strip() else None,
        source=source,
        date=_bounded(text_or_none(record.get("date"))),
        lang=(text_or_none(record.get("lang")) or "").lower()[:20] or None,  # " FR " -> "fr"
        author=_bounded(text_or_none(record.get("author"))),
        site=_bounded(text_or_none(record.get("site"))),
    )


def _surrogate_problem(fields: Mapping[str, Any]) -> str | None:
    """Why these fields cannot be text: one holds a lone surrogate ("\\ud800" in JSON), which no
    output can be written with."""
    for key, value in fields.items():
        match = _SURROGATE.search(value) if isinstance(value, str) else None
        if match:
            return (
                f"field '{shown(key)}' holds a lone surrogate (U+{ord(match.group()):04X}), which is not text; "
                "fix the record (a JSON \\uD800-\\uDFFF escape must be part of a pair)"
            )
    return None


def _bounded(value: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    """``value`` cut to ``limit`` characters (at a space when one is near the end, with "…")."""
    if value is None or len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ", limit // 2)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def iter_jsonl_articles(
    path: str | Path,
    *,
    text_key: str = "text",
    id_key: str = "id",
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ArticleError]:
    """The articles of a JSONL file, one per line, read lazily and line by line (a file of any size
    in bounded memory; a line over ``max_bytes`` is skipped unread and reported).

    Each line is decoded alone: as UTF-8; a line that is not UTF-8 is that line's error, unless the
    file's first 64 KB hold non-UTF-8 lines and no UTF-8 accented line (a file in a legacy code
    page, detected there: cp1252...), whose non-UTF-8 lines are decoded in that code page; UTF-16
    files are decoded as a stream. A line that does not decode, parse (invalid, too deeply nested, a too big number) or
    give an article is yielded as an :class:`ArticleError` (with its line number) in its place; the
    lines after it are read. A file with no line gives one error.

    Raises:
        LoadError: at once, when the file itself cannot be read (missing, not a regular file) or is
            binary.
    """
    p = Path(path)
    try:
        with open_regular(p) as f:
            head = f.read(_HEAD)
    except (InputFileError, OSError) as exc:
        raise _read_error(p, exc) from None
    encoding = _jsonl_encoding(head, p)
    return _jsonl_articles(p, _decoded_lines(p, encoding, max_bytes), text_key=text_key, id_key=id_key, name=name)


def _jsonl_encoding(head: bytes, p: Path) -> str:
    """The encoding of a JSONL file, from its first bytes (see :func:`iter_jsonl_articles`)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head[: len(head) // 2 * 2])
        if utf16 is None:
            raise LoadError(p, "looks binary (contains NUL bytes), not JSON lines; convert it to UTF-8 text first")
        return utf16
    lines = head.split(b"\n")
    utf8_accented = not_utf8 = 0
    for i, raw in enumerate(lines):
        last = i == len(lines) - 1 and len(head) == _HEAD  # possibly cut in the middle of a character
        if _utf8_prefix(raw) if last else _is_utf8_bytes(raw):
            utf8_accented += not raw.isascii()
        else:
            not_utf8 += 1
    if not_utf8 and not utf8_accented:  # a file in a legacy code page, not a UTF-8 file with bad lines
        return _decode_legacy(head[: head.rfind(b"\n") + 1] or head, shown(p), tolerance=0.05)[1]
    return "utf-8"


def _is_utf8_bytes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _decoded_lines(p: Path, encoding: str, max_bytes: int) -> Iterator[tuple[str | BadLine | None, str]]:
    """The lines of ``p``, each read with the cap and decoded alone, with the encoding used. In a
    UTF-8 file a line that is not UTF-8 comes as ``None``; in a legacy file (``encoding`` a code
    page) a line is decoded as UTF-8 when it is UTF-8, else in the code page, so that a UTF-8 line
    is never garbled. A line over the cap comes as a :class:`BadLine`."""
    utf8 = encoding.startswith("utf-8")
    with open_regular(p) as f:
        if encoding.startswith("utf-16"):
            for line in _utf16_lines(f, encoding, max_bytes):
                yield line, encoding
            return
        for lineno, raw in enumerate(capped_lines(f, max_bytes), start=1):
            if isinstance(raw, int):
                yield BadLine(f"line {too_big(raw, max_bytes)}"), encoding
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8"), "utf-8" if not utf8 else encoding
                continue
            except UnicodeDecodeError:
                if utf8:
                    yield None, encoding
                    continue
            try:
                yield raw.decode(encoding), encoding
            except UnicodeDecodeError:
                yield BadLine(f"is not valid {encoding} like the rest of the file; convert the file to UTF-8"), encoding


_MARK_BROKEN = "summarize-mark-broken"


def _mark_broken(exc: UnicodeError) -> tuple[str, int]:
    """Decode a broken character as a lone surrogate, which valid text never holds, so that its
    line (only) is reported."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\ud800", exc.end


codecs.register_error(_MARK_BROKEN, _mark_broken)


def _utf16_lines(f: IO[bytes], encoding: str, max_bytes: int) -> Iterator[str | BadLine]:
    """The lines of a UTF-16 file, decoded as a stream with the cap (in characters: half the bytes);
    a line with a broken character is a :class:`BadLine`, the lines after it are read."""
    text = io.TextIOWrapper(f, encoding=encoding, errors=_MARK_BROKEN, newline="")
    limit = max(1, max_bytes // 2)
    while line := text.readline(limit + 1):
        if len(line) > limit and not line.endswith(("\n", "\r")):
            size = len(line)
            while (chunk := text.readline(1 << 19)) and not chunk.endswith(("\n", "\r")):
                size += len(chunk)
            yield BadLine(f"line {too_big(2 * (size + len(chunk)), max_bytes)}")
        elif _SURROGATE.search(line):  # valid UTF-16 never decodes to one: a broken character
            yield BadLine(f"is not valid {encoding} (a broken character); re-save the file as UTF-8")
        else:
            yield line


def _utf8_prefix(data: bytes) -> bool:
    """Whether ``data`` (the start of a file) is UTF-8, allowing a character cut at the end."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"


def _jsonl_articles(
    p: Path, lines: Iterable[tuple[str | BadLine | None, str]], *, text_key: str, id_key: str, name: str | None
) -> Iterator[Article | ArticleError]:
    seen = False
    for lineno, (line, encoding) in enumerate(lines, start=1):
        parsed = parse_line(lineno, line, shown(p))
        if parsed is None:
            continue
        seen = True
        _, where, record, error = parsed
        if error:
            advice = "; fix or remove the line" if error.startswith(("invalid JSON", "JSON ")) else ""
            yield ArticleError(where, "load", f"{error}{advice}")
            continue
        if not isinstance(record, dict):
            yield ArticleError(where, "load", "line is not a JSON object")
            continue
        try:
            article = article_from_record(
                record, source=where, default_id=f"{name or shown(p.stem)}-{lineno}", text_key=text_key, id_key=id_key
            )
        except LoadError as exc:
            yield ArticleError(where, "load", exc.reason, id=_str_or_none(record.get(id_key)))
            continue
        yield _with_encoding(article, encoding)
    if not seen:
        yield ArticleError(
            shown(p), "load", "file is empty (no JSON line); remove it or put one article per line in it", id=name or shown(p.stem)
        )


def load_jsonl(
    path: str | Path, *, text_key: str = "text", id_key: str = "id", name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Corpus:
    """Load a JSONL file, one article per line (``id``, ``text``, optional ``title``, ``date``).

    Lines that are not valid JSON, lack text or are over ``max_bytes`` are reported in
    ``Corpus.errors`` (with their line number) and skipped.

    Raises:
        LoadError: the file itself cannot be read or is binary.
    """
    return _collect(iter_jsonl_articles(path, text_key=text_key, id_key=id_key, name=name, max_bytes=max_bytes))


def load_dataset(dataset: Any, *, text_key: str = "text", id_key: str = "id", name: str | None = None) -> Corpus:
    """Load the rows of a ``datasets.Dataset`` (or any iterable of mappings) as articles."""
    return _collect(_iter_rows(dataset, text_key=text_key, id_key=id_key, name=name))


def _iter_rows(dataset: Any, *, text_key: str, id_key: str, name: str | None) -> Iterator[Article | ArticleError]:
    label = name or getattr(getattr(dataset, "info", None), "dataset_name", None) or "dataset"
    for i, row in enumerate(dataset):
        where = f"{label}[{i}]"
        try:
            yield article_from_record(row, source=where, default_id=str(i), text_key=text_key, id_key=id_key)
        except LoadError as exc:
            yield ArticleError(where, "load", exc.reason)


def _collect(items: Iterable[Article | ArticleError]) -> Corpus:
    corpus = Corpus()
    for item in items:
        if isinstance(item, Article):
            corpus.articles.append(item)
        else:
            corpus.errors.append(item)
    return corpus


def load_corpus(
    source: str | Path | Mapping[str, Any] | Article | Iterable[Any],
    *,
    text_key: str = "text",
    id_key: str = "id",
    exclude: Iterable[str | Path] = (),
    follow_links: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Corpus:
    """Load articles from whatever the user has.

    Args:
        source: a folder (its ``.txt``/``.md``/``.html``/``.jsonl`` files, sub-folders included,
            sorted by path; any other file is reported as unsupported; hidden folders and hidden
            files without an article suffix, such as ``.DS_Store`` or ``.git/``, are skipped), a
            single file, a ``datasets.Dataset``, one :class:`Article` or mapping (``{"text":
            ...}``: one article), or an iterable of :class:`Article`, strings or mappings.
        text_key: field holding the text in JSONL records and dataset rows.
        id_key: field holding the id in JSONL records and dataset rows.
        exclude: folders not to read inside ``source`` (the CLI's own ``--out``).
        follow_links: read the files that links point to outside the input folder (by default such
            a link is reported, not read). Links into ``/proc`` or ``/sys`` and links to anything
            but a regular file are never read.
        max_bytes: a file (or a JSONL line) bigger than this is reported, not read.

    Returns:
        A :class:`Corpus`. Files or records that cannot be loaded are listed in ``errors`` with the
        file name and what to do; the others are loaded. Duplicate ids are reported and skipped.

    Raises:
        LoadError: ``source`` is a path that does not exist, or a folder with no article file.
        TypeError: ``source`` is none of the above (``None``, a number, bytes).
        ValueError: ``source`` is an empty path, or ``max_bytes`` is below 1.
    """
    return _collect(
        iter_corpus(source, text_key=text_key, id_key=id_key, exclude=exclude, follow_links=follow_links, max_bytes=max_bytes)
    )


def iter_corpus(
    source: str | Path | Mapping[str, Any] | Article | Iterable[Any],
    *,
    text_key: str = "text",
    id_key: str = "id",
    exclude: Iterable[str | Path] = (),
    follow_links: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ArticleError]:
    """:func:`load_corpus`, lazily: articles (and :class:`ArticleError` for what cannot be loaded)
    one at a time, in input order, so that a feed of any size is read in bounded memory (only the
    ids seen are kept, to report duplicates).

    Raises:
        LoadError: at once (not on first use), for a path that does not exist or a folder with no
            article file.
        TypeError, ValueError: at once, for a ``source`` of no accepted kind (see :func:`load_corpus`).
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes={max_bytes!r}: give the largest file to read, in bytes (an integer >= 1)")
    items: Iterator[Article | ArticleError]
    if isinstance(source, (str, os.PathLike)):
        name = os.fsdecode(source)
        if not name:
            raise ValueError(f"the input path is empty; give {ACCEPTED}")
        items = _iter_path(
            Path(name), text_key=text_key, id_key=id_key, exclude=[Path(p) for p in exclude],
            follow_links=follow_links, max_bytes=max_bytes,
        )
    elif isinstance(source, (Mapping, Article)):  # one record, not an iteration over its keys
        items = _iter_objects([source], text_key=text_key, id_key=id_key)
    elif _is_hf_dataset(source):
        items = _iter_rows(source, text_key=text_key, id_key=id_key, name=None)
    elif isinstance(source, (bytes, bytearray, memoryview)) or not isinstance(source, Iterable):
        raise TypeError(f"cannot load articles from {type(source).__name__}; give {ACCEPTED}")
    else:
        items = _iter_objects(source, text_key=text_key, id_key=id_key)
    return _drop_duplicate_ids(items)


def _iter_path(
    path: Path, *, text_key: str, id_key: str, exclude: list[Path], follow_links: bool, max_bytes: int
) -> Iterator[Article | ArticleError]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise LoadError(path, "no such file or folder; check the path") from None
    except OSError as exc:
        return iter([ArticleError(shown(path), "load", f"cannot be read ({exc.strerror}); check the path", id=shown(path.stem))])
    if stat.S_ISDIR(st.st_mode):
        files = _walk(path, exclude, follow_links=follow_links)
        if not files:
            raise LoadError(path, f"folder has no article files ({', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)})")
        return _iter_folder(path, files, text_key=text_key, id_key=id_key, max_bytes=max_bytes)
    if not _is_utf8(path.name):
        problem: str | None = NAME_NOT_UTF8
    elif path.is_symlink():  # a link given as the input: its target must be in the link's folder
        problem = _link_problem(path, os.path.realpath(path.parent), follow_links)
    else:
        problem = kind_problem(st.st_mode)
    if problem:
        return iter([ArticleError(shown(path), "load", problem, id=shown(path.stem))])
    return _load_one(path, shown(path.stem), text_key=text_key, id_key=id_key, max_bytes=max_bytes)


def _iter_folder(
    path: Path, files: list[tuple[Path, str | None]], *, text_key: str, id_key: str, max_bytes: int
) -> Iterator[Article | ArticleError]:
    for f, problem in files:
        article_id = _relative_id(path, f)
        if problem:
            yield ArticleError(shown(f), "load", problem, id=article_id)
            continue
        yield from _load_one(f, article_id or shown(f.name), text_key=text_key, id_key=id_key, max_bytes=max_bytes)


def _load_one(f: Path, article_id: str, *, text_key: str, id_key: str, max_bytes: int) -> Iterator[Article | ArticleError]:
    """The article(s) of one file, or one error in its place: one file never stops the others."""
    try:
        if f.suffix.lower() in JSONL_SUFFIXES:
            yield from iter_jsonl_articles(f, text_key=text_key, id_key=id_key, name=article_id, max_bytes=max_bytes)
        else:
            yield load_file(f, article_id=article_id, max_bytes=max_bytes)
    except LoadError as exc:
        yield ArticleError(shown(f), "load", exc.reason, id=article_id)
    except Exception as exc:  # one file must never stop the others
        message = shown(str(exc).replace("\n", " "))[:300]
        yield ArticleError(shown(f), "load", f"could not be read ({type(exc).__name__}: {message}); check the file", id=article_id)


def _relative_id(root: Path, f: Path) -> str | None:
    """The id of the file ``f`` of the folder ``root``: its path inside, without the suffix."""
    try:
        relative = f.relative_to(root)
        return shown((relative.with_suffix("") if relative.suffix else relative).as_posix()) if relative.parts else None
    except ValueError:
        return shown(f.name) or None


# --------------------------------------------------------------------------- folders and links


def _walk(folder: Path, exclude: Iterable[Path] = (), *, follow_links: bool = False) -> list[tuple[Path, str | None]]:
    """Files under ``folder`` (sub-folders of any depth included: the walk keeps its own stack, no
    recursion), sorted, each with the reason it is not read, if any: a folder that cannot be
    listed, a name that is not UTF-8, a hidden article file, a link (to a folder, to a missing file,
    outside ``folder`` unless ``follow_links``, into ``/proc``), or a FIFO, device or socket (found
    with ``stat``, never opened). Hidden folders, other hidden files and ``exclude`` are skipped."""
    out: list[tuple[Path, str | None]] = []
    root = os.path.realpath(folder)
    skip = {key for key in map(_identity, exclude) if key is not None}
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            out.append((current, _unreadable(exc, "folder cannot be read")))
            continue
        for entry in entries:
            action, problem = _classify(entry, root, skip, follow_links)
            if action == "folder":
                stack.append(Path(entry.path))
            elif action == "file":
                out.append((Path(entry.path), problem))
    return sorted(out, key=lambda item: _sort_key(folder, item[0]))


def _sort_key(folder: Path, path: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


def _classify(entry: os.DirEntry[str], root: str, skip: set[tuple[int, int]], follow_links: bool) -> tuple[str, str | None]:
    """What the walk does with one folder entry: ``("folder", None)`` (enter it), ``("skip",
    None)``, or ``("file", problem)`` (a file to read, or to report with ``problem``)."""
    name = entry.name
    try:
        is_link = entry.is_symlink()
        is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        is_file = not is_link and entry.is_file(follow_symlinks=False)
        if name.startswith("."):
            if is_dir or Path(name).suffix.lower() not in TEXT_SUFFIXES + JSONL_SUFFIXES:
                return "skip", None  # .git/, .DS_Store, editor files: not articles
            return "file", "is a hidden file (its name starts with '.'); not read: rename it to include it"
        if is_dir:
            if _identity(Path(entry.path)) in skip:
                return "skip", None
            return ("folder", None) if _is_utf8(name) else ("file", f"folder {NAME_NOT_UTF8}")
        if not _is_utf8(name):
            return "file", NAME_NOT_UTF8
        if is_link:
            return "file", _link_problem(Path(entry.path), root, follow_links)
        return "file", None if is_file else kind_problem(entry.stat(follow_symlinks=False).st_mode)
    except OSError as exc:
        return "file", _unreadable(exc, "cannot be read")


def _unreadable(exc: OSError, what: str) -> str:
    """``what`` with the system's reason and the fix it calls for."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{what} ({exc.strerror}); check its permissions"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{what} ({exc.strerror}: the path is longer than the system allows); move it up the tree"
    return f"{what} ({exc.strerror or exc}); check the path"


def _identity(path: str | Path) -> tuple[int, int] | None:
    """``(device, inode)`` of a folder, to recognise it under any name; ``None`` when missing."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _link_problem(link: Path, root: str, follow_links: bool) -> str | None:
    """Why the file a link points to is not read (``None``: it is read). ``root`` is the resolved
    input folder; the target is checked with ``stat`` only, never opened here. A link to anything
    but a regular file, or into ``/proc`` or ``/sys``, is never read; one out of ``root`` only with
    ``follow_links``."""
    target = os.path.realpath(link)
    try:
        st = os.stat(link)
    except FileNotFoundError:
        return f"is a link to a missing file (no such file: {shown(target)}); fix or remove the link"
    except OSError as exc:
        return f"is a link that cannot be followed ({exc.strerror}); fix or remove the link"
    if stat.S_ISDIR(st.st_mode):
        return "is a link to a folder, not followed; pass that folder itself"
    kind = file_kind(st.st_mode)
    if kind:
        return f"links to {kind} ({shown(target)}), not a regular file; never read"
    if is_system_path(target):
        return f"links to a system file ({shown(target)}); never read"
    inside = target == root or target.startswith(root.rstrip("/") + "/")
    if not inside and not follow_links:
        return (
            f"links outside the input folder (to {shown(target)}); not read: pass --follow-links "
            "(follow_links=True) to read the files links point to"
        )
    return None


def _iter_objects(items: Iterable[Any], *, text_key: str, id_key: str) -> Iterator[Article | ArticleError]:
    for i, item in enumerate(items):
        where = f"<input>[{i}]"
        if isinstance(item, Article):
            problem = _surrogate_problem({"id": item.id, "text": item.text, "title": item.title})
            yield ArticleError(where, "load", problem, id=shown(item.id)) if problem else item
        elif isinstance(item, str):
            problem = _surrogate_problem({"text": item})
            if problem:
                yield ArticleError(where, "load", problem, id=str(i))
            elif item.strip():
                yield Article(id=str(i), text=item, source=where)
            else:
                yield ArticleError(where, "load", "empty text", id=str(i))
        elif isinstance(item, Mapping):
            try:
                yield article_from_record(item, source=where, default_id=str(i), text_key=text_key, id_key=id_key)
            except LoadError as exc:
                yield ArticleError(where, "load", exc.reason, id=_str_or_none(item.get(id_key)))
        else:
            yield ArticleError(where, "load", f"expected an Article, str or mapping, got {type(item).__name__}")


def _drop_duplicate_ids(items: Iterable[Article | ArticleError]) -> Iterator[Article | ArticleError]:
    seen: dict[str, str] = {}
    for a in items:
        if isinstance(a, ArticleError):
            yield a
        elif a.id in seen:
            yield ArticleError(
                a.source or a.id, "load",
                f"duplicate id '{a.id}' (first seen in {seen[a.id]}); skipped — give it a unique id",
                id=a.id,
            )
        else:
            seen[a.id] = a.source or "?"
            yield a


def _is_hf_dataset(obj: Any) -> bool:
    # A Dataset object means its package is imported already; no import (datasets is optional).
    datasets = sys.modules.get("datasets")
    return datasets is not None and isinstance(obj, datasets.Dataset)


def _with_encoding(article: Article, encoding: str) -> Article:
    return replace(article, encoding=encoding)


def _str_or_none(value: Any) -> str | None:
    """An id for an error line: text that can be written, at most :data:`MAX_ID_CHARS` long."""
    return None if value is None or isinstance(value, (dict, list)) else shown(str(value))[:MAX_ID_CHARS]


def shared_dir() -> Path:
    """The project's shared data folder (sample corpus, OrangeSum): ``$SUMMARIZE_SHARED`` when set,
    else ``shared/`` beside the checkout this package is imported from, or beside the working
    directory for an installed package (``../shared`` from the checkout's root).

    The notebooks and the tests find the data with it, so one variable moves them all.
    """
    configured = os.environ.get("SUMMARIZE_SHARED")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[1]
    root = checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()
    return root.parent / "shared"
