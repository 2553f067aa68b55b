"""Route each article to a summarizer by its language."""

from __future__ import annotations

from collections.abc import Mapping
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

    def summarize(self, article: Article) -> Summary:
        return self.pick(article).summarize(article)

    def summarize_sentences(self, article: Article) -> list[str]:
        return self.pick(article).summarize_sentences(article)
