"""Reading input files safely, and JSONL line by line with the position of every line, shared by
the loaders of articles, references and predictions (each decides what a bad line means: skip it
or stop).

Safety: a file is checked with ``stat`` before it is opened, so a named pipe, a device or a
``/proc`` pseudo-file is never read (:func:`open_regular`), and it is read with a cap: a whole
file with :func:`read_capped`, a JSONL file one line at a time with :func:`capped_lines`, so the
memory a file takes never depends on its size beyond the cap.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

# Pseudo-file systems whose "regular" files are generated on read (sizes lie, contents are secrets
# of the running process or the machine): never read, whatever a link or an option says.
SYSTEM_ROOTS = ("/proc", "/sys")


class InputFileError(ValueError):
    """A path that is not read: not a regular file, a system file, or over the size cap. The
    message (``reason``) says what it is and what to do; it does not name the path."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class JsonLine(NamedTuple):
    """One non-blank line: its number, ``file:line``, the parsed value or why it did not parse."""

    lineno: int
    where: str
    value: Any
    error: str | None


class BadLine(NamedTuple):
    """A line that was not decoded (too long, not in the file's encoding): why, to report it."""

    reason: str


def file_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, when it is not a regular file (``None`` when it is).

    Example:
        >>> file_kind(stat.S_IFIFO | 0o644), file_kind(stat.S_IFREG | 0o644)
        ('a named pipe (FIFO)', None)
    """
    if stat.S_ISREG(mode):
        return None
    return (
        "a folder" if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a character device" if stat.S_ISCHR(mode)
        else "a block device" if stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a special file"
    )


def kind_problem(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (``None`` for a regular file)."""
    kind = file_kind(mode)
    return f"is {kind}, not a regular file; not read (remove it from the input)" if kind else None


def is_system_path(real: str) -> bool:
    """Whether the resolved path ``real`` lies in ``/proc`` or ``/sys``."""
    return any(real == root or real.startswith(root + "/") for root in SYSTEM_ROOTS)


def too_big(size: int, max_bytes: int) -> str:
    """The message for a file or line of ``size`` bytes over ``max_bytes``."""
    return (
        f"is {size:,} bytes, over the {max_bytes:,}-byte limit for one article; not read: split it, "
        "or raise the limit (--max-bytes, max_bytes=...)"
    )


def open_regular(path: str | Path, max_bytes: int | None = None) -> IO[bytes]:
    """Open ``path`` for reading in binary after checking with ``stat`` (before any ``open``) that it
    is a regular file outside ``/proc`` and ``/sys``, of at most ``max_bytes`` bytes. A FIFO, a
    device (``/dev/zero``, ``/dev/stdin``) or a socket is never opened; the check is repeated on the
    open file (``fstat``) in case the path changed in between.

    Raises:
        InputFileError: not a regular file, a system file, or over ``max_bytes``.
        OSError: the path does not exist or cannot be opened.
    """
    real = os.path.realpath(path)
    if is_system_path(real):
        raise InputFileError(f"is a system file ({real}); never read")
    _check(os.stat(path), max_bytes)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        _check(os.fstat(fd), max_bytes)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb", closefd=True)  # noqa: SIM115 - the caller closes it


def open_text(path: str | Path, *, what: str, encoding: str = "utf-8-sig") -> IO[str]:
    """Open the regular file ``path`` for reading as text (:func:`open_regular`: a FIFO, a device,
    a folder or a ``/proc`` file is refused before anything blocks or is read); for the files a
    user names on the command line (references, predictions, a run's outputs).

    Args:
        path: The file.
        what: What the file is, for the message (``"references"``).
        encoding: Its text encoding (default UTF-8, with or without a BOM).

    Raises:
        ValueError: not a regular file; the message names the file and what to give instead.
        OSError: the file does not exist or cannot be opened.
    """
    try:
        raw = open_regular(path)
    except InputFileError as exc:
        raise ValueError(
            f"{path}: the {what} file {exc.reason.split(';')[0]}; give the path of a regular file "
            "(save a stream to a file first)"
        ) from None
    return io.TextIOWrapper(raw, encoding=encoding)


def _check(st: os.stat_result, max_bytes: int | None) -> None:
    problem = kind_problem(st.st_mode)
    if problem:
        raise InputFileError(problem)
    if max_bytes is not None and st.st_size > max_bytes:
        raise InputFileError(too_big(st.st_size, max_bytes))


def read_capped(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, refused before reading when it is over ``max_bytes``
    (and never more than ``max_bytes + 1`` bytes read, should it grow meanwhile).

    Raises:
        InputFileError: see :func:`open_regular`.
        OSError: the path does not exist or cannot be read.
    """
    with open_regular(path, max_bytes) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputFileError(too_big(len(data), max_bytes))
    return data


def capped_lines(f: IO[bytes], max_bytes: int) -> Iterator[bytes | int]:
    """The lines of the binary file ``f``, each read with a cap: a line over ``max_bytes`` is not
    kept (its bytes are skipped in 1 MiB chunks) and comes as its length (an ``int``), so memory
    stays under ``max_bytes`` whatever the file holds.

    Example:
        >>> import io
        >>> list(capped_lines(io.BytesIO(b"short\\n" + b"x" * 20 + b"\\nend"), 10))
        [b'short\\n', 21, b'end']
    """
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while True:
            chunk = f.readline(1 << 20)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield size


def iter_jsonl(lines: Iterable[str | BadLine | None], source: str | Path) -> Iterator[JsonLine]:
    """Parse every non-blank line of ``lines`` (read from ``source``); a line given as ``None``
    could not be decoded, one given as a :class:`BadLine` was not read; each is reported as such.
    A line too deeply nested or with too big a number is that line's error, like invalid JSON.

    Example:
        >>> [(x.where, x.value, x.error) for x in iter_jsonl(['{"id": 1}', "", "{oops"], "f.jsonl")]
        [('f.jsonl:1', {'id': 1}, None), ('f.jsonl:3', None, 'invalid JSON (Expecting property name enclosed in double quotes)')]
    """
    for lineno, line in enumerate(lines, start=1):
        parsed = parse_line(lineno, line, source)
        if parsed is not None:
            yield parsed


def parse_line(lineno: int, line: str | BadLine | None, source: str | Path) -> JsonLine | None:
    """Line ``lineno`` of ``source`` parsed (see :func:`iter_jsonl`); ``None`` when it is blank."""
    where = f"{source}:{lineno}"
    if line is None:
        return JsonLine(lineno, where, None, "not UTF-8 while the rest of the file is; convert the file to UTF-8")
    if isinstance(line, BadLine):
        return JsonLine(lineno, where, None, line.reason)
    if not line.strip():
        return None
    try:
        return JsonLine(lineno, where, json.loads(line), None)
    except json.JSONDecodeError as exc:
        return JsonLine(lineno, where, None, f"invalid JSON ({exc.msg})")
    except RecursionError:
        return JsonLine(lineno, where, None, "JSON nested too deeply to read")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return JsonLine(lineno, where, None, f"invalid JSON ({str(exc).split(';')[0]})")
