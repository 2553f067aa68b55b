"""Route each article to a summarizer by its language."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..records import Article, Summary
from ._base import Summarizer


@dataclass(frozen=True)
class LanguageRouter(Summarizer):
    """Use ``routes[article.lang]`` when there is one, else ``default``.

    The summary's ``model`` field names the summarizer that actually ran.
    """

    routes: Mapping[str, Summarizer] = field(default_factory=dict)
    default: Summarizer | None = None
    name = "auto"

    def pick(self, article: Article) -> Summarizer:
        """The summarizer for ``article``.

        Raises:
            ValueError: no route for its language and no default.
        """
        chosen = self.routes.get(article.lang or "", self.default)
        if chosen is None:
            raise ValueError(f"no summarizer for language '{article.lang}' (routes: {sorted(self.routes)})")
        return chosen

    def check(self, article: Article) -> None:
        self.pick(article).check(article)

    def summarize(self, article: Article) -> Summary:
        return self.pick(article).summarize(article)

    def summarize_many(self, articles: Sequence[Article], progress: bool = False) -> list[Summary]:
        """Each route summarizes its articles together (so batching models batch); order kept."""
        groups: dict[int, list[int]] = {}
        routes: dict[int, Summarizer] = {}
        for i, a in enumerate(articles):
            s = self.pick(a)
            groups.setdefault(id(s), []).append(i)
            routes[id(s)] = s
        out: list[Summary | None] = [None] * len(articles)
        for key, idx in groups.items():
            for i, summary in zip(idx, routes[key].summarize_many([articles[i] for i in idx], progress=progress)):
                out[i] = summary
        return [s for s in out if s is not None]

    def summarize_sentences(self, article: Article) -> list[str]:
        return self.pick(article).summarize_sentences(article)


class LazySummarizer(Summarizer):
    """Builds the wrapped summarizer on first use, so a router can name models that are only
    loaded (and only need to exist) when an article of their language comes."""

    def __init__(self, factory: Callable[[], Summarizer], name: str) -> None:
        self._factory = factory
        self._inner: Summarizer | None = None
        self.name = name

    @property
    def inner(self) -> Summarizer:
        if self._inner is None:
            self._inner = self._factory()
        return self._inner

    def check(self, article: Article) -> None:
        self.inner.check(article)

    def summarize(self, article: Article) -> Summary:
        return self.inner.summarize(article)

    def summarize_many(self, articles: Sequence[Article], progress: bool = False) -> list[Summary]:
        return self.inner.summarize_many(articles, progress=progress)

    def summarize_sentences(self, article: Article) -> list[str]:
        return self.inner.summarize_sentences(article)
