"""ROUGE-1/2/L/Lsum with French-aware and multilingual tokenization (aggregates and CIs: ``aggregate``;
CLI: ``summarize score``).

Three tokenizations, always named in the output:

``fr`` (default)
    NFC, lower case, tokens are maximal runs of Unicode letters and digits. Accents are kept, so
    "élu" does not match "lu" and "été" stays "été". Apostrophes and hyphens separate tokens:
    "l'OTAN" → ``l otan``, "peut-être" → ``peut être``, "porte-parole" → ``porte parole``. Elided
    articles and pronouns (``l``, ``d``, ``qu``) thus count as words, like the function words
    ROUGE already counts ("le", "de"); compounds match their parts. Optional Snowball French
    stemming (``stem=True``, tokens of 4+ letters, as rouge_score does for English).
``compat``
    Exactly ``rouge_score``'s default tokenizer without stemming: lower case, then maximal runs
    of ``[a-z0-9]``. Every non-ASCII letter is a separator ("été" → ``t``; "élu" → ``lu``), which is
    how published French ROUGE numbers (BARThez, OrangeSum) were computed. Use it to compare with
    them, and ``fr`` for French.
``multi``
    For any script, as XL-Sum's multilingual ROUGE intends: NFC, lower case, tokens are Unicode
    words with their combining marks (``fr`` would cut Hindi "भारत" into "भ", "रत" at its vowel
    sign), and every character of the scripts written without spaces (Chinese, Japanese, Thai,
    Lao, Khmer, Myanmar, Tibetan) is a token, the usual unit of Chinese ROUGE. Identical to ``fr``
    on text without combining marks or such scripts. Optional Snowball stemming for the languages
    Snowball has (``MultilingualTokenizer(lang="tr", stem=True)``, labelled ``multi+stem(tr)``).

Scores are identical to ``rouge_score`` 0.1.2 in ``compat`` mode (``tests/test_rouge.py`` checks
all 1,500 OrangeSum test pairs to 1e-9). ROUGE-L's LCS length comes from rapidfuzz (C++);
ROUGE-Lsum (summary-level union LCS, sentences split on newlines) follows rouge_score's
backtracking so ties resolve the same way.

Bad input: ``None`` or non-string predictions/references raise ``TypeError`` naming the item; an
empty reference raises ``ValueError``; an empty prediction scores 0 (documented, and counted in
``RougeResult.n_empty_predictions``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

import snowballstemmer
from rapidfuzz.distance import LCSseq

from ..lexicon import characters_and_words
from .aggregate import RougeResult, Score

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")
TOKENIZERS: tuple[str, ...] = ("fr", "compat", "multi")
MULTI_REF: tuple[str, ...] = ("best", "mean")


_ZERO = Score(0.0, 0.0, 0.0)

# ----------------------------------------------------------------------------- tokenizers

_FR_TOKEN = re.compile(r"[^\W_]+")
_COMPAT_TOKEN = re.compile(r"[a-z0-9]+")


class Tokenizer(Protocol):
    """What :class:`RougeScorer` needs from a tokenizer object (as ``rouge_score`` takes one):
    ``tokenize(text)`` gives the tokens; an optional ``name`` labels the scores."""

    def tokenize(self, text: str) -> list[str]: ...


@dataclass(frozen=True)
class FrenchTokenizer:
    """``fr`` tokenization (see module docstring). ``stem=True`` adds Snowball French stemming."""

    stem: bool = False
    name: str = "fr"

    def tokenize(self, text: str) -> list[str]:
        tokens = _FR_TOKEN.findall(unicodedata.normalize("NFC", text).lower())
        if self.stem:
            stemmer = _french_stemmer()
            tokens = [stemmer(t) if len(t) > 3 else t for t in tokens]
        return tokens


@dataclass(frozen=True)
class CompatTokenizer:
    """rouge_score's default tokenizer (no stemming): maximal ``[a-z0-9]`` runs after lower-casing.

    Equivalent to ``rouge_score.tokenize.tokenize(text, None)`` (lower, replace ``[^a-z0-9]+`` by a
    space, split, keep ``^[a-z0-9]+$`` tokens) in one regex pass; a test checks the equality.
    """

    name: str = "compat"

    def tokenize(self, text: str) -> list[str]:
        return _COMPAT_TOKEN.findall(text.lower())


# Snowball's algorithm for each ISO 639-1 code it covers (snowballstemmer.algorithms()).
SNOWBALL_LANGUAGES: dict[str, str] = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish", "nl": "dutch",
    "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


@dataclass(frozen=True)
class MultilingualTokenizer:
    """``multi`` tokenization (see module docstring): any script.

    Args:
        lang: ISO 639-1 code of the text, needed only to stem.
        stem: Snowball stemming of tokens of 4+ characters, for a ``lang`` Snowball covers.

    Raises:
        ValueError: ``stem`` without a ``lang`` Snowball covers (the message lists them).

    Example:
        >>> MultilingualTokenizer().tokenize("नई दिल्ली, 北京")
        ['नई', 'दिल्ली', '北', '京']
    """

    lang: str | None = None
    stem: bool = False
    name: str = field(init=False, default="multi")

    def __post_init__(self) -> None:
        if self.stem:
            if self.lang is None:
                raise ValueError(
                    "stemming with the multi tokenizer needs the texts' language: --lang tr (summarize score), "
                    "lang='tr' (Python)"
                )
            if self.lang not in SNOWBALL_LANGUAGES:
                raise ValueError(
                    f"no Snowball stemmer for language {self.lang!r}; stem one of {', '.join(sorted(SNOWBALL_LANGUAGES))} "
                    "or score without stemming"
                )
            object.__setattr__(self, "name", f"multi+stem({self.lang})")

    def tokenize(self, text: str) -> list[str]:
        tokens = characters_and_words(text)
        if self.stem and self.lang:
            stemmer = _stemmer(SNOWBALL_LANGUAGES[self.lang])
            tokens = [stemmer(t) if len(t) > 3 else t for t in tokens]
        return tokens


@lru_cache(maxsize=8)
def _stemmer(algorithm: str):
    return lru_cache(maxsize=200_000)(snowballstemmer.stemmer(algorithm).stemWord)


def _french_stemmer():
    return _stemmer("french")


def get_tokenizer(
    name: str = "fr", *, stem: bool = False, lang: str | None = None
) -> FrenchTokenizer | CompatTokenizer | MultilingualTokenizer:
    """Tokenizer by name: ``fr``, ``compat`` or ``multi`` (``lang``: the language to stem, ``multi`` only).

    Raises:
        ValueError: unknown name, stemming asked for ``compat`` (it has none, by definition), or
            for ``multi`` without a language Snowball covers.
    """
    if name == "fr":
        return FrenchTokenizer(stem=stem)
    if name == "compat":
        if stem:
            raise ValueError("the 'compat' tokenizer reproduces rouge_score without stemming; use 'fr' to stem")
        return CompatTokenizer()
    if name == "multi":
        return MultilingualTokenizer(lang=lang, stem=stem)
    raise ValueError(f"unknown tokenizer '{name}'; expected one of {TOKENIZERS}")


# ----------------------------------------------------------------------------- pair scoring


def _fmeasure(precision: float, recall: float) -> float:
    # Same expression as rouge_score.scoring.fmeasure, so floats are bit-identical.
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def _ngrams(tokens: list[str], n: int) -> Counter:
    if n == 1:
        return Counter(tokens)
    return Counter(zip(*(tokens[i:] for i in range(n))))


def _score_ngrams(ref: Counter, pred: Counter, ref_total: int, pred_total: int) -> Score:
    small, big = (ref, pred) if len(ref) <= len(pred) else (pred, ref)
    overlap = sum(min(c, big[g]) for g, c in small.items() if g in big)
    precision = overlap / max(pred_total, 1)
    recall = overlap / max(ref_total, 1)
    return Score(precision, recall, _fmeasure(precision, recall))


def _score_lcs(ref: list[str], pred: list[str]) -> Score:
    if not ref or not pred:
        return _ZERO
    lcs = LCSseq.similarity(ref, pred)
    precision = lcs / len(pred)
    recall = lcs / len(ref)
    return Score(precision, recall, _fmeasure(precision, recall))


def _lcs_indices(ref: list[str], cand: list[str]) -> list[int]:
    """Indices in ``ref`` of one LCS, chosen by rouge_score's backtracking (same tie-breaking)."""
    rows, cols = len(ref), len(cand)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        ri, prev, cur = ref[i - 1], table[i - 1], table[i]
        for j in range(1, cols + 1):
            if ri == cand[j - 1]:
                cur[j] = prev[j - 1] + 1
            else:
                cur[j] = cur[j - 1] if cur[j - 1] > prev[j] else prev[j]
    out: list[int] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if ref[i - 1] == cand[j - 1]:
            out.append(i - 1)
            i -= 1
            j -= 1
        elif table[i][j - 1] > table[i - 1][j]:
            j -= 1
        else:
            i -= 1
    out.reverse()
    return out


def _score_lsum(ref_sents: list[list[str]], pred_sents: list[list[str]]) -> Score:
    if len(ref_sents) == 1 and len(pred_sents) == 1:
        # One sentence each: the union LCS is the LCS, so Lsum equals L exactly.
        return _score_lcs(ref_sents[0], pred_sents[0])
    m = sum(map(len, ref_sents))
    n = sum(map(len, pred_sents))
    if not ref_sents or not pred_sents or not m or not n:
        return _ZERO
    ref_counts: Counter = Counter()
    pred_counts: Counter = Counter()
    for s in ref_sents:
        ref_counts.update(s)
    for s in pred_sents:
        pred_counts.update(s)
    hits = 0
    for r in ref_sents:
        union = sorted(set().union(*(_lcs_indices(r, c) for c in pred_sents)))
        for t in (r[i] for i in union):
            if pred_counts[t] > 0 and ref_counts[t] > 0:
                hits += 1
                pred_counts[t] -= 1
                ref_counts[t] -= 1
    precision = hits / n
    recall = hits / m
    return Score(precision, recall, _fmeasure(precision, recall))


class _Tokenized(NamedTuple):
    tokens: list[str]
    grams: dict[int, Counter]
    sents: list[list[str]] | None


# ----------------------------------------------------------------------------- scorer


@dataclass(frozen=True)
class RougeScorer:
    """Score predictions against one or several references.

    Args:
        rouge_types: Any of ``rouge1``…``rouge9``, ``rougeL``, ``rougeLsum``.
        tokenizer: ``fr`` (default), ``compat`` or ``multi`` (see module docstring), or a tokenizer object:
            anything with a ``tokenize(text) -> list[str]`` method, as ``rouge_score`` accepts;
            its scores are labelled with its ``name`` attribute, or else its class name.
        stem: Snowball stemming: French with ``fr``; with ``multi``, the language ``lang``.
        multi_ref: With several references: ``best`` (default, as ``rouge_score``'s
            ``score_multi``: the reference with the best F1, per ROUGE type) or ``mean`` (precision,
            recall and F1 averaged over the references, as ROUGE-1.5.5 averages them and as
            multi-document benchmarks with several human abstracts are scored).
        lang: The texts' language (ISO 639-1), to stem with the ``multi`` tokenizer.

    Raises:
        ValueError: at construction, for an unknown ROUGE type or tokenizer name, or ``stem``
            with a tokenizer object (stemming is then the object's business).
        TypeError: at construction, a tokenizer that is neither a name nor has a ``tokenize`` method.

    Example:
        >>> s = RougeScorer(["rouge1"], tokenizer="fr")
        >>> round(s.score("Le président a été élu.", "Le président a été réélu.")["rouge1"].fmeasure, 4)
        0.8
    """

    rouge_types: tuple[str, ...] = ROUGE_TYPES
    tokenizer: str | Tokenizer = "fr"
    stem: bool = False
    multi_ref: str = "best"
    lang: str | None = None
    _tok: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rouge_types", tuple(self.rouge_types))
        if self.multi_ref not in MULTI_REF:
            raise ValueError(f"multi_ref={self.multi_ref!r}: expected one of {', '.join(MULTI_REF)}")
        if not self.rouge_types:
            raise ValueError("rouge_types is empty; expected some of " + ", ".join(ROUGE_TYPES))
        for t in self.rouge_types:
            if t not in ("rougeL", "rougeLsum") and not re.fullmatch(r"rouge[1-9]", t):
                raise ValueError(f"unknown ROUGE type '{t}'; expected rouge1..rouge9, rougeL or rougeLsum")
        if isinstance(self.tokenizer, str):
            object.__setattr__(self, "_tok", get_tokenizer(self.tokenizer, stem=self.stem, lang=self.lang))
            return
        if not callable(getattr(self.tokenizer, "tokenize", None)):
            raise TypeError(
                f"tokenizer must be one of {TOKENIZERS} or an object with a tokenize(text) method, "
                f"got {type(self.tokenizer).__name__}"
            )
        if self.stem:
            raise ValueError("stem=True applies to the 'fr' tokenizer; a tokenizer object does its own stemming")
        object.__setattr__(self, "_tok", self.tokenizer)

    @property
    def label(self) -> str:
        """Tokenization label used in every output (``fr``, ``fr+stem`` or ``compat``; for a
        tokenizer object, its ``name`` attribute, or else its class name)."""
        if isinstance(self.tokenizer, str):
            return str(self._tok.name) if self.tokenizer == "multi" else self.tokenizer + ("+stem" if self.stem else "")
        name = getattr(self.tokenizer, "name", None)
        return name if isinstance(name, str) and name else type(self.tokenizer).__name__

    def _prepare(self, text: str) -> _Tokenized:
        tokens = self._tok.tokenize(text)
        grams = {int(t[5:]): _ngrams(tokens, int(t[5:])) for t in self.rouge_types if t[5:].isdigit()}
        sents = None
        if "rougeLsum" in self.rouge_types:
            if "\n" in text:
                sents = [self._tok.tokenize(s) for s in text.split("\n") if s]
            else:  # one line: its tokens are the text's tokens
                sents = [tokens] if text else []
        return _Tokenized(tokens, grams, sents)

    def _score_prepared(self, ref: _Tokenized, pred: _Tokenized) -> dict[str, Score]:
        out = {}
        for t in self.rouge_types:
            if t == "rougeL":
                out[t] = _score_lcs(ref.tokens, pred.tokens)
            elif t == "rougeLsum":
                out[t] = _score_lsum(ref.sents or [], pred.sents or [])
            else:
                n = int(t[5:])
                out[t] = _score_ngrams(
                    ref.grams[n], pred.grams[n],
                    max(len(ref.tokens) - n + 1, 0), max(len(pred.tokens) - n + 1, 0),
                )
        return out

    def score(self, reference: str | Sequence[str], prediction: str) -> dict[str, Score]:
        """Scores of one prediction; with several references, the best F1 per ROUGE type or the
        mean over the references (``multi_ref``).

        Raises:
            TypeError: a non-string prediction or reference.
            ValueError: an empty reference or an empty list of references.
        """
        refs = _check_refs(reference, "reference")
        _check_pred(prediction, "prediction")
        return self._score_checked(refs, prediction)

    def _score_checked(self, refs: list[str], prediction: str) -> dict[str, Score]:
        pred = self._prepare(prediction)
        if self.multi_ref == "mean":
            per_ref = [self._score_prepared(self._prepare(r), pred) for r in refs]
            return {t: Score(*(sum(s[t][k] for s in per_ref) / len(per_ref) for k in range(3))) for t in self.rouge_types}
        best: dict[str, Score] = {}
        for r in refs:
            scores = self._score_prepared(self._prepare(r), pred)
            for t, s in scores.items():
                if t not in best or s.fmeasure > best[t].fmeasure:
                    best[t] = s
        return best

    def score_corpus(
        self,
        predictions: Sequence[str],
        references: Sequence[str | Sequence[str]],
        *,
        ids: Sequence[str] | None = None,
        n_bootstrap: int = 1000,
        confidence: float = 0.95,
        seed: int = 0,
    ) -> RougeResult:
        """Score aligned lists and aggregate: means plus bootstrap confidence intervals.

        Raises:
            ValueError: lists of different lengths, empty lists, or bad ``ids``.
            TypeError: a non-string item (the message gives its index/id).
        """
        if len(predictions) != len(references):
            raise ValueError(
                f"{len(predictions)} predictions but {len(references)} references; they must be aligned"
            )
        if not predictions:
            raise ValueError("no predictions to score")
        if ids is None:
            ids = [str(i) for i in range(len(predictions))]
        elif len(ids) != len(predictions) or len(set(ids)) != len(ids):
            raise ValueError("ids must be unique and as many as the predictions")
        rows = []
        n_empty = 0
        for i, (p, r) in enumerate(zip(predictions, references)):
            where = f"item {i} (id {ids[i]!r})"
            _check_pred(p, f"prediction of {where}")
            refs = _check_refs(r, f"reference of {where}")
            if not p.strip():
                n_empty += 1
            rows.append(self._score_checked(refs, p))
        return RougeResult.from_scores(
            rows, ids=list(ids), rouge_types=self.rouge_types, tokenizer=self.label,
            n_bootstrap=n_bootstrap, confidence=confidence, seed=seed, n_empty_predictions=n_empty,
        )


def _check_pred(p: Any, what: str) -> None:
    if not isinstance(p, str):
        raise TypeError(f"{what} must be a string, got {type(p).__name__}")


def _check_refs(reference: Any, what: str) -> list[str]:
    refs = [reference] if isinstance(reference, str) else reference
    if not isinstance(refs, Sequence) or isinstance(refs, (bytes, bytearray)):
        raise TypeError(f"{what} must be a string or a list of strings, got {type(reference).__name__}")
    if not refs:
        raise ValueError(f"{what} is an empty list; give at least one reference")
    for r in refs:
        if not isinstance(r, str):
            raise TypeError(f"{what} must be a string or a list of strings, got {type(r).__name__} inside")
        if not r.strip():
            raise ValueError(f"{what} is empty; a reference summary must have text")
    return list(refs)
