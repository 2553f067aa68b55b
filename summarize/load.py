"""Load articles from a folder of text files, one file, a JSONL file or a ``datasets.Dataset``.

Encodings are detected, not guessed silently: UTF-8 (with or without BOM) and UTF-16 (with a BOM,
or without one when NUL bytes sit at every other position) are recognised exactly; anything else
is handed to ``charset_normalizer`` and the encoding it found is
recorded on the article (``Article.encoding``). Binary, empty and undecodable files raise
:class:`LoadError` naming the file; in a batch (:func:`load_corpus`) they are reported in
``Corpus.errors`` and skipped, so one bad file never stops the run.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from ftfy.fixes import fix_c1_controls

from .jsonl import iter_jsonl
from .lexicon import text_or_none
from .markup import extract_html, markdown_to_text
from .records import Article, ArticleError

_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


class LoadError(ValueError):
    """A file could not be read as an article. The message names the file and the fix."""

    def __init__(self, source: str | Path, message: str) -> None:
        self.source = str(source)
        self.reason = message
        super().__init__(f"{source}: {message}")


@dataclass
class Corpus:
    """Articles loaded from one input, plus the inputs that could not be loaded."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self):
        return iter(self.articles)


# --------------------------------------------------------------------------- decoding


_C1 = re.compile("[\x80-\x9f]")


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


def _decode_legacy(data: bytes, source: str | Path) -> tuple[str, str]:
    """Detect a non-UTF-8 encoding with charset_normalizer (a maintained detector)."""

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
            and m.chaos <= best.chaos
            and m.coherence >= best.coherence
        ):
            encoding = m.encoding
            break
    return _decode(data, encoding, source), encoding


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a text file and return ``(text, encoding)`` (see :func:`decode_bytes`)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoadError(p, "no such file; check the path") from None
    except IsADirectoryError:
        raise LoadError(p, "is a folder; pass the folder to load_corpus instead") from None
    except OSError as exc:
        raise LoadError(p, f"cannot be read ({exc.strerror}); check its permissions") from None
    return decode_bytes(data, p)


# --------------------------------------------------------------------------- loaders


def load_file(path: str | Path, *, article_id: str | None = None) -> Article:
    """Load one ``.txt``, ``.md`` or ``.html`` file as an :class:`Article`.

    The id is the file stem unless ``article_id`` is given. Text and Markdown are returned as
    found (boilerplate included; :func:`summarize.clean.clean_article` removes it); HTML pages go
    through trafilatura, which also gives the title, date, author and site name
    (:func:`summarize.markup.extract_html`).

    Raises:
        LoadError: unreadable, empty, binary or undecodable file, or an unsupported suffix.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise LoadError(
            p,
            f"unsupported file type {suffix or '(none)'}; supported: "
            f"{', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)}",
        )
    text, encoding = read_text(p)
    article = Article(id=article_id or p.stem, text=text, source=str(p), encoding=encoding)
    if suffix in (".html", ".htm"):
        page = extract_html(text)
        article = replace(article, text=page.text, title=page.title, date=page.date, author=page.author, site=page.site)
    elif suffix in (".md", ".markdown"):
        body, title = markdown_to_text(text)
        article = replace(article, text=body, title=title)
    if not article.text.strip():
        raise LoadError(p, "has no visible text; check that it is the article page")
    return article


def article_from_record(
    record: Mapping[str, Any],
    *,
    source: str,
    default_id: str,
    text_key: str = "text",
    id_key: str = "id",
) -> Article:
    """Build an :class:`Article` from a mapping (a JSONL line or a dataset row).

    Raises:
        LoadError: the text field is missing, not a string, or empty.
    """
    if text_key not in record:
        raise LoadError(
            source, f"no '{text_key}' field (fields: {sorted(record)}); pass text_key=... to name it"
        )
    text = record[text_key]
    if not isinstance(text, str):
        raise LoadError(source, f"'{text_key}' must be a string, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    if not text.strip():
        raise LoadError(source, f"'{text_key}' is empty; remove the record or fill it")
    raw_id = record.get(id_key)
    title = record.get("title")
    return Article(
        id=str(raw_id) if raw_id not in (None, "") else default_id,
        text=text,
        title=title if isinstance(title, str) and title.strip() else None,
        source=source,
        date=text_or_none(record.get("date")),
        lang=(text_or_none(record.get("lang")) or "").lower() or None,  # " FR " -> "fr"
        author=text_or_none(record.get("author")),
        site=text_or_none(record.get("site")),
    )


def iter_jsonl_articles(
    path: str | Path, *, text_key: str = "text", id_key: str = "id", name: str | None = None
) -> Iterator[Article | ArticleError]:
    """The articles of a JSONL file, one per line, read lazily when the file is UTF-8 (the usual
    case: a file of any size in bounded memory; other encodings are detected on the whole file).
    A bad line is yielded as an :class:`ArticleError` (with its line number) in its place.

    Raises:
        LoadError: at once, when the file itself cannot be read or decoded.
    """
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(1 << 16)
    except FileNotFoundError:
        raise LoadError(p, "no such file; check the path") from None
    except OSError as exc:
        raise LoadError(p, f"cannot be read ({exc.strerror}); check its permissions") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head or not _utf8_prefix(head):
        text, encoding = read_text(p)
        lines: Iterable[str | None] = text.split("\n")
    else:
        encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
        lines = _utf8_lines(p)
    return _jsonl_articles(p, lines, encoding, text_key=text_key, id_key=id_key, name=name)


def _utf8_lines(p: Path) -> Iterator[str | None]:
    """The lines of a UTF-8 file, each decoded alone: a line that is not UTF-8 comes as ``None``
    (reported with its number), and the lines after it are still read."""
    with p.open("rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                yield None


def _utf8_prefix(data: bytes) -> bool:
    """Whether ``data`` (the start of a file) is UTF-8, allowing a character cut at the end."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"


def _jsonl_articles(
    p: Path, lines: Iterable[str | None], encoding: str, *, text_key: str, id_key: str, name: str | None
) -> Iterator[Article | ArticleError]:
    for lineno, where, record, error in iter_jsonl(lines, p):
        if error:
            yield ArticleError(where, "load", f"{error}; fix or remove the line")
            continue
        if not isinstance(record, dict):
            yield ArticleError(where, "load", "line is not a JSON object")
            continue
        try:
            article = article_from_record(
                record, source=where, default_id=f"{name or p.stem}-{lineno}", text_key=text_key, id_key=id_key
            )
        except LoadError as exc:
            yield ArticleError(where, "load", exc.reason, id=_str_or_none(record.get(id_key)))
            continue
        yield _with_encoding(article, encoding)


def load_jsonl(path: str | Path, *, text_key: str = "text", id_key: str = "id", name: str | None = None) -> Corpus:
    """Load a JSONL file, one article per line (``id``, ``text``, optional ``title``, ``date``).

    Lines that are not valid JSON or lack text are reported in ``Corpus.errors`` (with their
    line number) and skipped.

    Raises:
        LoadError: the file itself cannot be read or decoded.
    """
    return _collect(iter_jsonl_articles(path, text_key=text_key, id_key=id_key, name=name))


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
    source: str | Path | Iterable[Any],
    *,
    text_key: str = "text",
    id_key: str = "id",
    exclude: Iterable[str | Path] = (),
) -> Corpus:
    """Load articles from whatever the user has.

    Args:
        source: a folder (its ``.txt``/``.md``/``.html``/``.jsonl`` files, sub-folders included,
            sorted by path; any other file is reported as unsupported), a single file, a
            ``datasets.Dataset``, or an iterable of :class:`Article`, strings or mappings.
        text_key: field holding the text in JSONL records and dataset rows.
        id_key: field holding the id in JSONL records and dataset rows.
        exclude: folders not to read inside ``source`` (the CLI's own ``--out``).

    Returns:
        A :class:`Corpus`. Files or records that cannot be loaded are listed in ``errors`` with the
        file name and what to do; the others are loaded. Duplicate ids are reported and skipped.

    Raises:
        LoadError: ``source`` is a path that does not exist, or a folder with no article file.
    """
    return _collect(iter_corpus(source, text_key=text_key, id_key=id_key, exclude=exclude))


def iter_corpus(
    source: str | Path | Iterable[Any],
    *,
    text_key: str = "text",
    id_key: str = "id",
    exclude: Iterable[str | Path] = (),
) -> Iterator[Article | ArticleError]:
    """:func:`load_corpus`, lazily: articles (and :class:`ArticleError` for what cannot be loaded)
    one at a time, in input order, so that a feed of any size is read in bounded memory (only the
    ids seen are kept, to report duplicates).

    Raises:
        LoadError: at once (not on first use), for a path that does not exist or a folder with no
            article file.
    """
    if isinstance(source, (str, Path)):
        items = _iter_path(Path(source), text_key=text_key, id_key=id_key, exclude=[Path(p) for p in exclude])
    elif _is_hf_dataset(source):
        items = _iter_rows(source, text_key=text_key, id_key=id_key, name=None)
    else:
        items = _iter_objects(source, text_key=text_key, id_key=id_key)
    return _drop_duplicate_ids(items)


def _iter_path(path: Path, *, text_key: str, id_key: str, exclude: list[Path]) -> Iterator[Article | ArticleError]:
    if not path.exists():
        raise LoadError(path, "no such file or folder; check the path")
    if path.is_file():
        if path.suffix.lower() in JSONL_SUFFIXES:
            return iter_jsonl_articles(path, text_key=text_key, id_key=id_key)
        return iter([load_file(path)])
    files = _walk(path, exclude)
    if not files:
        raise LoadError(path, f"folder has no article files ({', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)})")
    return _iter_folder(path, files, text_key=text_key, id_key=id_key)


def _iter_folder(
    path: Path, files: list[tuple[Path, str | None]], *, text_key: str, id_key: str
) -> Iterator[Article | ArticleError]:
    for f, problem in files:
        article_id = f.relative_to(path).with_suffix("").as_posix()
        if problem:
            yield ArticleError(str(f), "load", problem, id=article_id)
            continue
        try:
            if f.suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl_articles(f, text_key=text_key, id_key=id_key, name=article_id)
            else:
                yield load_file(f, article_id=article_id)
        except LoadError as exc:
            yield ArticleError(str(f), "load", exc.reason, id=article_id)
        except Exception as exc:  # one file must never stop the others
            yield ArticleError(str(f), "load", f"could not be read ({type(exc).__name__}: {exc}); check the file", id=article_id)


def _walk(folder: Path, exclude: Iterable[Path] = ()) -> list[tuple[Path, str | None]]:
    """Files under ``folder`` (sub-folders included, hidden names and ``exclude`` folders skipped),
    sorted, each with the reason it cannot be read, if any. Links to folders are not followed."""
    out: list[tuple[Path, str | None]] = []
    skip = {p.resolve() for p in exclude}

    def unreadable(exc: OSError) -> None:
        out.append((Path(exc.filename or folder), f"folder cannot be read ({exc.strerror}); check its permissions"))

    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (base / d).resolve() not in skip)
        for d in dirs:
            if (base / d).is_symlink():
                out.append((base / d, "is a link to a folder, not followed; pass that folder itself"))
        for name in sorted(files):
            if not name.startswith("."):
                out.append((base / name, None))
    return sorted(out, key=lambda item: item[0].relative_to(folder).as_posix())


def _iter_objects(items: Iterable[Any], *, text_key: str, id_key: str) -> Iterator[Article | ArticleError]:
    for i, item in enumerate(items):
        where = f"<input>[{i}]"
        if isinstance(item, Article):
            yield item
        elif isinstance(item, str):
            if item.strip():
                yield Article(id=str(i), text=item, source=where)
            else:
                yield ArticleError(where, "load", "empty text", id=str(i))
        elif isinstance(item, Mapping):
            try:
                yield article_from_record(item, source=where, default_id=str(i), text_key=text_key, id_key=id_key)
            except LoadError as exc:
                yield ArticleError(where, "load", exc.reason)
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
    return None if value is None else str(value)


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
