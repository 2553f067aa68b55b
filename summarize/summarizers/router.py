"""Route each article to a summarizer by its language."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..records import Article, Document, Length, Summary
from ..segment import as_document
from ._base import Summarizer


@dataclass(frozen=True)
class LanguageRouter(Summarizer):
    """Use ``routes[article.lang]`` when there is one, else ``default``.

    The summary's ``model`` field names the summarizer that actually ran.
    """

    routes: Mapping[str, Summarizer] = field(default_factory=dict)
    default: Summarizer | None = None
    name = "auto"

    def __post_init__(self) -> None:
        members = self.members()
        object.__setattr__(self, "extractive", all(s.extractive for s in members))
        object.__setattr__(self, "supports_length", all(s.supports_length for s in members))

    def members(self) -> list[Summarizer]:
        """Every summarizer this router may pick."""
        return [s for s in [*self.routes.values(), self.default] if s is not None]

    def pick(self, doc: Document) -> Summarizer:
        """The summarizer for ``doc``.

        Raises:
            ValueError: no route for its language and no default.
        """
        chosen = self.routes.get(doc.lang or "", self.default)
        if chosen is None:
            raise ValueError(f"no summarizer for language '{doc.lang}' (routes: {sorted(self.routes)})")
        return chosen

    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        return self.pick(doc).summarize_sentences(doc, length)

    def check(self, doc: Document) -> None:
        self.pick(doc).check(doc)

    def summarize(self, doc: Document | Article, *, length: Length | None = None) -> Summary:
        segmented = as_document(doc)
        return self.pick(segmented).summarize(segmented, length=length)

    def summarize_many(
        self, docs: Sequence[Document | Article], progress: bool = False, *, length: Length | None = None
    ) -> list[Summary]:
        """Each route summarizes its documents together (so batching models batch); order kept."""
        segmented = [as_document(d) for d in docs]
        groups: dict[int, list[int]] = {}
        routes: dict[int, Summarizer] = {}
        for i, d in enumerate(segmented):
            s = self.pick(d)
            groups.setdefault(id(s), []).append(i)
            routes[id(s)] = s
        out: list[Summary | None] = [None] * len(segmented)
        for key, idx in groups.items():
            for i, summary in zip(idx, routes[key].summarize_many([segmented[i] for i in idx], progress=progress, length=length)):
                out[i] = summary
        return [s for s in out if s is not None]


class LazySummarizer(Summarizer):
    """Builds the wrapped summarizer on first use, so a router can name models that are only
    loaded (and only need to exist) when an article of their language comes. It wraps seq2seq
    models, which honour a length (words map to tokens): building it to ask would load it."""

    supports_length = True

    def __init__(self, factory: Callable[[], Summarizer], name: str, *, extractive: bool = False) -> None:
        self._factory = factory
        self._inner: Summarizer | None = None
        self.name = name
        self.extractive = extractive

    @property
    def inner(self) -> Summarizer:
        if self._inner is None:
            self._inner = self._factory()
        return self._inner

    def summarize_sentences(self, doc: Document, length: Length | None = None) -> list[str]:
        return self.inner.summarize_sentences(doc, length)

    def check(self, doc: Document) -> None:
        self.inner.check(doc)

    def summarize(self, doc: Document | Article, *, length: Length | None = None) -> Summary:
        return self.inner.summarize(doc, length=length)

    def summarize_many(
        self, docs: Sequence[Document | Article], progress: bool = False, *, length: Length | None = None
    ) -> list[Summary]:
        return self.inner.summarize_many(docs, progress=progress, length=length)
