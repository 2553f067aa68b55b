"""What an earlier run told the reader: the sentences an update summary (``--since``) leaves out.

``summarize run NEW --since EARLIER_OUT`` merges the new articles into a summary of what they add:
the merger is given, as ``known``, the sentences of the earlier run's articles. They come from the
earlier ``--out`` folder: its ``summaries.jsonl`` names every article's source; a source that is
still a readable file is read and segmented again (the reader had the whole article), any other
(a JSONL row, a moved file) counts by its summary; the merged summaries of ``stories.jsonl`` are
known too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..load import LoadError, load_file
from ..records import Article, Document


class EarlierRunError(ValueError):
    """The ``--since`` folder is not the output folder of an earlier run."""


@dataclass(frozen=True)
class EarlierRun:
    """The earlier run an update summary starts from.

    Attributes:
        folder: Its ``--out`` folder.
        ids: Its articles.
        sentences: What its reader already has (articles read again, summaries, merged summaries).
        reread: Articles whose source file was read again in full.
    """

    folder: Path
    ids: frozenset[str]
    sentences: tuple[str, ...]
    reread: int

    def __len__(self) -> int:
        return len(self.ids)


def _rows(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EarlierRunError(f"{path}:{n}: not a JSON line ({exc.msg}); is it an earlier run's output?") from None
                if isinstance(row, dict):
                    yield row


def read_earlier_run(folder: str | Path, prepare: Callable[[Article], Document] | None = None) -> EarlierRun:
    """The earlier run in ``folder`` (see module docstring).

    Args:
        folder: The ``--out`` folder of an earlier ``summarize run``.
        prepare: Cleans and segments an article read again (``Pipeline.prepare`` gives the run's
            own way); without it, sources are not read again and summaries stand for them.

    Raises:
        EarlierRunError: no such folder, or no ``summaries.jsonl`` in it.
    """
    folder = Path(folder)
    summaries = folder / "summaries.jsonl"
    if not summaries.is_file():
        raise EarlierRunError(
            f"--since {folder}: no summaries.jsonl there; give the --out folder of an earlier `summarize run`"
        )
    ids: set[str] = set()
    sentences: list[str] = []
    reread = 0
    for row in _rows(summaries):
        ids.add(str(row.get("id")))
        source = row.get("source")
        doc = None
        if prepare is not None and isinstance(source, str) and Path(source).is_file():
            try:
                doc = prepare(load_file(source, article_id=str(row.get("id"))))
            except (LoadError, ValueError, OSError):
                doc = None  # changed or unreadable since: its summary stands for it
        if doc is not None:
            sentences.extend(doc.sentences)
            reread += 1
        else:
            sentences.extend(s for s in row.get("sentences") or [] if isinstance(s, str))
    stories = folder / "stories.jsonl"
    if stories.is_file():
        for row in _rows(stories):
            sentences.extend(s["text"] for s in row.get("sentences") or [] if isinstance(s, dict) and isinstance(s.get("text"), str))
    return EarlierRun(folder, frozenset(ids), tuple(dict.fromkeys(sentences)), reread)
