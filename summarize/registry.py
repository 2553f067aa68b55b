"""A registry maps the names used by configs and the CLI to the classes that build a stage.

One registry per extension point (``summarize.summarizers.SUMMARIZERS``,
``summarize.merge.MERGERS``); config validation, CLI choices and ``--help`` text all read it, so
a name is declared once. Entries take parameters: ``SUMMARIZERS.create("textrank", max_words=60)``
checks the keywords against the factory's signature before calling it.

Example:
    >>> reg = Registry("greeter")
    >>> @reg.register("hello", help="says hello")
    ... def hello(name: str = "world") -> str:
    ...     return f"hello {name}"
    >>> reg.create("hello", name="Genève")
    'hello Genève'
    >>> reg.create("hello", nom="x")
    Traceback (most recent call last):
    ...
    ValueError: greeter 'hello' does not take nom; it takes: name
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A registered name: the callable that builds it and a one-line description."""

    name: str
    factory: Callable[..., T]
    help: str = ""

    @property
    def parameters(self) -> list[str]:
        """Keyword parameters the factory accepts."""
        return Registry.entry_parameters(self.factory)


class Registry(Generic[T]):
    """Names → factories for one kind of stage (``kind`` appears in error messages)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry[T]] = {}

    def register(self, name: str, factory: Callable[..., T] | None = None, *, help: str = "", replace: bool = False):
        """Register ``factory`` under ``name``; without ``factory``, a decorator.

        Raises:
            ValueError: ``name`` is taken (pass ``replace=True`` to override it) or malformed.
        """
        key = name.strip().lower()
        if not key or any(ch.isspace() for ch in key):
            raise ValueError(f"a {self.kind} name needs non-blank characters and no spaces, got {name!r}")

        def add(f: Callable[..., T]) -> Callable[..., T]:
            if key in self._entries and not replace:
                raise ValueError(f"{self.kind} '{key}' is already registered; pass replace=True to override it")
            self._entries[key] = Entry(key, f, help or _first_line(f))
            return f

        return add(factory) if factory is not None else add

    @staticmethod
    def entry_parameters(factory: Callable[..., Any]) -> list[str]:
        """Keyword parameters ``factory`` accepts."""
        try:
            params = inspect.signature(factory).parameters.values()
        except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
            return []
        return [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]

    def unregister(self, name: str) -> None:
        """Remove ``name`` (tests and notebooks that registered something temporary)."""
        self._entries.pop(name.strip().lower(), None)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().lower() in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def names(self) -> list[str]:
        return list(self._entries)

    def entry(self, name: str) -> Entry[T]:
        """The entry of ``name``.

        Raises:
            ValueError: unknown name; the message lists the known ones.
        """
        key = name.strip().lower()
        if key not in self._entries:
            raise ValueError(f"unknown {self.kind} '{name}'; expected one of: {', '.join(self._entries)}")
        return self._entries[key]

    def create(self, name: str, /, **params: Any) -> T:
        """Build ``name`` with ``params``.

        Raises:
            ValueError: unknown name, or a parameter the entry does not take (the message lists
                the ones it takes).
        """
        entry = self.entry(name)
        try:
            inspect.signature(entry.factory).bind_partial(**params)
        except TypeError:
            unknown = sorted(set(params) - set(entry.parameters))
            raise ValueError(
                f"{self.kind} '{entry.name}' does not take {', '.join(unknown) or 'these arguments'}; "
                f"it takes: {', '.join(entry.parameters) or 'no parameters'}"
            ) from None
        return entry.factory(**params)

    def help_text(self) -> str:
        """``name: description`` for every entry, for ``--help``."""
        return "; ".join(f"{e.name}: {e.help}" if e.help else e.name for e in self._entries.values())


def _first_line(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.strip().splitlines()[0].rstrip(".") if doc.strip() else ""
