"""Measure a merged summary independently of how it was made: attribution and redundancy.

:func:`check_attribution`: a claimed (sentence, source) pair holds when one sentence of the source
contains at least half of the merged sentence's content words (4+ letters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..lexicon import content_words
from ..records import Article, AttributionCheck, Conflict, Document, MergedSentence, MergedSummary
from ..segment import as_document
from ..vectors import tfidf_matrix
from .conflicts import find_conflicts
from .stance import stance


def check_attribution(
    merged: MergedSummary, documents: Sequence[Document | Article], min_recall: float = 0.5
) -> AttributionCheck:
    """How many claimed (sentence, source) pairs hold: some sentence of the source contains at
    least ``min_recall`` of the merged sentence's content words (4+ letters)."""
    docs = {d.id: d for d in map(as_document, documents)}
    bags: dict[str, list[frozenset[str]]] = {}  # content words of each cited source's sentences, once
    pairs = ok = 0
    for s in merged.sentences:
        words = content_words(s.text)
        for src in s.sources:
            pairs += 1
            if src not in bags:
                bags[src] = [content_words(x) for x in docs[src].sentences] if src in docs else []
            best = max((len(words & w) / len(words) for w in bags[src] if words), default=0.0)
            ok += best >= min_recall
    return AttributionCheck(
        pairs=pairs,
        supported=ok,
        criterion=f"a sentence of the source holds >= {min_recall:.0%} of the merged sentence's content words (4+ letters)",
    )


def drop_contradicted(
    merged: MergedSummary, documents: Sequence[Document], nlp: Any = None
) -> tuple[MergedSummary, list[Conflict]]:
    """Stop crediting a source whose sentence closest to a merged sentence says the opposite
    (:func:`summarize.checks.stance`: polarity, modality, values), and report each such
    case as a ``stance`` conflict: who says what, with both sentences as evidence. The article a
    merged sentence was taken from always keeps it.

    With ``nlp`` (spaCy NER), a case is reported only when it is one fact of one event
    (:func:`worth_reporting`); the source is not credited either way."""
    by_id = {d.id: d for d in documents}
    bags: dict[str, list[tuple[str, frozenset[str]]]] = {}  # content words of each source sentence, once
    sentences, conflicts = [], []
    for s in merged.sentences:
        kept, dropped = [], []
        words = content_words(s.text)
        for src in s.sources:
            doc = by_id.get(src)
            if doc is None or s.text in doc.sentences:
                kept.append(src)
                continue
            if src not in bags:
                bags[src] = [(x, content_words(x)) for x in doc.sentences]
            best = max(bags[src], key=lambda p: len(words & p[1]), default=("", frozenset()))[0]
            verdict = stance(s.text, best, nlp=nlp)
            if verdict.contradicts:
                dropped.append((src, best, verdict))
            else:
                kept.append(src)
        if dropped and kept:
            for src, best, verdict in dropped:
                if nlp is not None and not worth_reporting(s.text, best, verdict.kind or "", nlp):
                    continue  # not credited, but no conflict a reader should see
                conflicts.append(
                    Conflict(
                        f"stance ({verdict.kind})", s.text,
                        {s.text: tuple(kept), best: (src,)},
                        tuple((k, s.text) for k in kept[:1]) + ((src, best),),
                    )
                )
            s = MergedSentence(s.text, tuple(kept))
        sentences.append(s)
    return replace(merged, sentences=tuple(sentences)), conflicts


def worth_reporting(claim: str, source: str, kind: str, nlp: Any) -> bool:
    """Whether a stance disagreement is a conflict to show: for values (number, date, place,
    person), the values still disagree once normalised (:func:`find_conflicts` on the two
    sentences: "4,9" and "près de 5 milliards" agree, "dimanche" and "19 octobre" cannot be
    compared undated); for polarity, modality or direction, the two sentences name at least two
    of the same people (the same event: "Biden et Poutine ne se rencontreront pas" / "n'exclut
    pas une rencontre entre Biden et Poutine"), not one actor refusing what another offered."""
    if kind in ("number", "date", "place", "person"):
        docs = [Document(Article(id=k, text=t, lang="fr"), (t,), "fr") for k, t in (("claim", claim), ("source", source))]
        return bool(find_conflicts(docs, nlp=nlp, similarity=0.0).conflicts)
    people = [{e.text.split()[-1] for e in doc.ents if e.label_ == "PER"} for doc in nlp.pipe([claim, source])]
    return len(people[0] & people[1]) >= 2


def redundancy(merged: MergedSummary, lang: str = "fr") -> float:
    """Highest TF-IDF cosine similarity between two sentences of the merged summary."""
    texts = [s.text for s in merged.sentences]
    if len(texts) < 2:
        return 0.0
    X = tfidf_matrix(texts, lang)
    sim = X @ X.T
    np.fill_diagonal(sim, 0.0)
    return float(sim.max())
