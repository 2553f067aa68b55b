"""Reading JSONL line by line with the position of every line, shared by the loaders of articles,
references and predictions (each decides what a bad line means: skip it or stop)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple


class JsonLine(NamedTuple):
    """One non-blank line: its number, ``file:line``, the parsed value or why it did not parse."""

    lineno: int
    where: str
    value: Any
    error: str | None


def iter_jsonl(lines: Iterable[str | None], source: str | Path) -> Iterator[JsonLine]:
    """Parse every non-blank line of ``lines`` (read from ``source``); a line given as ``None``
    could not be decoded and is reported as such.

    Example:
        >>> [(x.where, x.value, x.error) for x in iter_jsonl(['{"id": 1}', "", "{oops"], "f.jsonl")]
        [('f.jsonl:1', {'id': 1}, None), ('f.jsonl:3', None, 'invalid JSON (Expecting property name enclosed in double quotes)')]
    """
    for lineno, line in enumerate(lines, start=1):
        where = f"{source}:{lineno}"
        if line is None:
            yield JsonLine(lineno, where, None, "not UTF-8 while the rest of the file is; convert the file to UTF-8")
            continue
        if not line.strip():
            continue
        try:
            yield JsonLine(lineno, where, json.loads(line), None)
        except json.JSONDecodeError as exc:
            yield JsonLine(lineno, where, None, f"invalid JSON ({exc.msg})")
