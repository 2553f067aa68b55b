"""Supervised extractive summarizer trained on OrangeSum (the offline default for French).

The ext-fr sentence scorer (``summarize.ranking``) scores each sentence by how likely the greedy
ROUGE oracle is to pick it; the best sentences are kept under a word budget tuned on OrangeSum
valid. When the model was tuned that way (``title_first`` in its metadata), a summary of an
article with a title opens with the title, then the best sentences under a shorter budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ranking import DEFAULT_MODEL, load_model
from ..records import Document
from ..registry import check_positive_ints
from ._base import Summarizer
from .select import select_by_score


@dataclass(frozen=True)
class SupervisedExtractiveSummarizer(Summarizer):
    """Best-scored sentences under a word budget.

    Args:
        model: Packaged model name or path to a ``.npz`` written by the training script.
        max_words: Length budget of the selected sentences (the title, when it opens the
            summary, is not counted); ``None`` uses the value tuned on OrangeSum valid for the
            situation: title first, titled article without its title, article without a title
            (the fill ratio is always the tuned one).
        max_sentences: At most this many sentences of the text (the title comes on top).
        candidates: Only the this many best-scored sentences are considered (3, tuned on valid).
        redundancy: Skip a sentence this similar (content-word Jaccard) to a kept one, or to the
            title when it opens the summary.
        title_first: Open the summary with the article's title (when it has one); ``None``: as the
            model was tuned on valid. An explicit ``length`` (``summarize(doc, length=...)``)
            selects sentences of the text only.

    Raises:
        ValueError: a parameter of the wrong type (at construction); (when summarizing) an article
            in another language than the model's.
    """

    model: str = DEFAULT_MODEL
    max_words: int | None = None
    max_sentences: int = 3
    candidates: int = 3
    redundancy: float = 0.5
    title_first: bool | None = None

    def __post_init__(self) -> None:
        load_model(str(self.model))  # fail at construction if the model is missing
        check_positive_ints(
            "ext-fr", max_words=self.max_words, max_sentences=self.max_sentences, candidates=self.candidates
        )
        if self.title_first is not None and not isinstance(self.title_first, bool):
            raise ValueError(f"ext-fr: title_first must be true or false, got {self.title_first!r}")

    @property
    def name(self) -> str:  # type: ignore[override]
        return load_model(str(self.model)).metadata["name"]

    def check(self, doc: Document) -> None:
        super().check(doc)
        model = load_model(str(self.model))
        if doc.lang and doc.lang != model.lang:  # unknown language: read as the model's
            raise ValueError(
                f"the {self.name} model is trained on '{model.lang}' text, this article is '{doc.lang}'; "
                "use the 'auto' or 'textrank' summarizer for other languages"
            )

    def rank(self, doc: Document) -> np.ndarray:
        return load_model(str(self.model)).score(list(doc.sentences), doc.title)

    def summarize_sentences(self, doc: Document) -> list[str]:
        model = load_model(str(self.model))
        sentences = list(doc.sentences)
        if not sentences:
            return []
        title = doc.title if doc.title and doc.title.strip() else None
        title_first = bool(model.metadata.get("title_first", False)) if self.title_first is None else self.title_first
        situation = "untitled" if title is None else "title_first" if title_first else "sentences_only"
        tuned = model.metadata.get("selection", {}).get(situation, model.metadata)  # first model: one setting
        return title_led(
            sentences, model.score(sentences, title), title if situation == "title_first" else None,
            max_words=self.max_words or int(tuned["budget_words"]), fill=float(tuned["fill"]),
            max_sentences=self.max_sentences, candidates=self.candidates, redundancy=self.redundancy,
        )


def title_led(
    sentences: Sequence[str], scores: Sequence[float], title: str | None, *, max_words: int, fill: float,
    max_sentences: int = 3, candidates: int = 3, redundancy: float = 0.5,
) -> list[str]:
    """The summary: ``title`` as its first sentence (when given), then the sentences
    :func:`~summarize.summarizers.select.select_by_score` keeps, none repeating the title. The one
    rule of the summarizer and of its tuning (``eval/train_extractive.py``)."""
    lead = [headline(title)] if title else []
    keep = select_by_score(
        sentences, scores, max_words=max_words, max_sentences=max_sentences, candidates=candidates,
        redundancy=redundancy, fill=fill, avoid=lead,
    )
    return lead + [sentences[i] for i in keep]


def opens_with_title(sentences: Sequence[str], title: str | None) -> bool:
    """Whether a summary's first sentence is its article's title (see :func:`title_led`)."""
    return bool(title and title.strip()) and bool(sentences) and sentences[0] == headline(title or "")


def headline(title: str) -> str:
    """A title as the summary's first sentence: one line, ending with a full stop unless it
    already ends with ``. ! ? …`` (a trailing ``, ; :`` gives way to it).

    Example:
        >>> headline(" Venise : un paquebot percute un quai ")
        'Venise : un paquebot percute un quai.'
        >>> headline("Électricité :")
        'Électricité.'
    """
    line = " ".join(title.split()).rstrip(" ,;:")
    return line if line[-1:] in ".!?…" else line + "."
