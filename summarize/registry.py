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

    def accepts(self, parameter: str) -> bool:
        """Whether the factory takes ``parameter`` (by name, or through ``**kwargs``)."""
        return Registry.accepts(self.factory, parameter)


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
    def accepts(factory: Callable[..., Any], parameter: str) -> bool:
        """Whether ``factory`` takes ``parameter`` (by name, or through ``**kwargs``)."""
        try:
            params = inspect.signature(factory).parameters.values()
        except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
            return True
        return any(p.name == parameter or p.kind == p.VAR_KEYWORD for p in params)

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

    def check(self, name: str, /, **params: Any) -> Entry[T]:
        """The entry of ``name``, after checking that ``params`` fit its signature (nothing is built).

        Raises:
            ValueError: unknown name, a parameter the entry does not take, or a required one
                missing (the message lists the parameters it takes).
        """
        entry = self.entry(name)
        try:
            inspect.signature(entry.factory).bind(**params)
        except TypeError as exc:
            unknown = sorted(p for p in params if not entry.accepts(p))
            problem = f"does not take {', '.join(unknown)}" if unknown else f"cannot be built with these parameters ({exc})"
            raise ValueError(
                f"{self.kind} '{entry.name}' {problem}; it takes: {', '.join(entry.parameters) or 'no parameters'}"
            ) from None
        return entry

    def create(self, name: str, /, **params: Any) -> T:
        """Build ``name`` with ``params`` (checked first, see :meth:`check`).

        Raises:
            ValueError: unknown name, or parameters that do not fit the entry.
        """
        return self.check(name, **params).factory(**params)

    def help_text(self) -> str:
        """``name: description`` for every entry, for ``--help``."""
        return "; ".join(f"{e.name}: {e.help}" if e.help else e.name for e in self._entries.values())


def check_positive_ints(owner: str, **values: Any) -> None:
    """Raise ``ValueError`` naming ``owner`` and the parameter unless each value is ``None`` or an
    integer >= 1 (length budgets and counts given by name, e.g. from ``-O max_words=60``).

    Example:
        >>> check_positive_ints("textrank", max_words="abc")
        Traceback (most recent call last):
        ...
        ValueError: textrank: max_words must be an integer >= 1, got 'abc'
    """
    for name, value in values.items():
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise ValueError(f"{owner}: {name} must be an integer >= 1, got {value!r}")


def _first_line(obj: Any) -> str:
    doc = (getattr(obj, "__doc__", None) or "").strip()  # its own docstring, not a base class's
    return doc.splitlines()[0].rstrip(".") if doc else ""
