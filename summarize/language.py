"""Per-article language detection with py3langid (a maintained fork of langid.py).

py3langid ships its model inside the wheel (97 languages, naive Bayes over byte n-grams), so it
works offline, and it classifies a news article in about 2 ms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import numpy as np
import stopwordsiso
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined"


@dataclass(frozen=True)
class LanguageGuess:
    """A detected language: ISO 639-1 code (``und`` when unsure) and its probability."""

    lang: str
    probability: float

    @property
    def is_confident(self) -> bool:
        return self.lang != UNDETERMINED


# Characters read to detect a language.
DETECT_CHARS = 2000


# Feature rows of py3langid's table kept as float32 (4.7 MB; 31,000 are met in OrangeSum train,
# most lookups hit the first 8,192).
CACHED_ROWS = 8192


class _WindowedIdentifier(LanguageIdentifier):
    """py3langid's identifier with its byte n-gram scan done by NumPy instead of a Python loop.

    The scan is an Aho-Corasick automaton: the state after a byte is the longest suffix of the
    text so far that is a prefix of a feature n-gram, so it depends on the last ``window`` bytes
    only (``window``: the automaton's depth). Walking those bytes from the start state for every
    position at once gives the same states as the library's byte-by-byte walk, hence the same
    feature counts, in the same order (first occurrence, as its ``Counter``). The scores are the
    library's operations on the same operands (its ``_sparse_score``, with the float16 table rows
    cast to float32 once rather than per article; then its ``_decide``), so language and
    probability are identical; :func:`_identifier` checks both against the library at load.
    """

    __slots__ = ("_moves", "_row_starts", "_outputs", "_window", "_table", "_rows32", "_slot", "_met")

    def prepare(self) -> None:
        """Read the automaton into arrays and measure its depth (a breadth-first walk, ~0.1 s)."""
        self._moves = np.frombuffer(self.tk_nextmove, dtype=f"u{self.tk_nextmove.itemsize}")
        self._row_starts = np.asarray(self._rowbase, dtype=np.intp)
        self._outputs = np.asarray(self.tk_output, dtype=np.intp)
        rows = self._moves.reshape(-1, 256)
        row_of = np.asarray(self.tk_row, dtype=np.intp)
        seen = np.zeros(len(row_of), dtype=bool)
        seen[0] = True
        frontier, depth = np.zeros(1, dtype=np.intp), 0
        while len(frontier):  # states first reached after depth + 1 bytes (states sharing a row move alike)
            reached = np.zeros(len(row_of), dtype=bool)
            reached[rows[np.unique(row_of[frontier])].ravel()] = True
            frontier = np.flatnonzero(reached & ~seen)
            seen[frontier] = True
            depth += len(frontier) > 0
        self._window = depth
        # The table's rows met so far, as float32 (all of them would take 57 MB; the features of
        # one language are a fraction), and each feature's row there (-1: not met yet)
        self._table = self.nb_ptc
        self._rows32 = np.zeros((CACHED_ROWS, self.nb_ptc.shape[1]), dtype=np.float32)
        self._slot = np.full(len(self.nb_ptc), -1, dtype=np.intp)
        self._met = 0

    def features(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The feature ids that ``data`` visits, in order of first visit (the order of the
        library's ``Counter``), and their counts; ``None`` when none."""
        if not data:
            return None
        text = np.frombuffer(data, dtype=np.uint8)
        n = len(text)
        state = np.zeros(n, dtype=np.intp)
        for back in range(min(self._window, n) - 1, -1, -1):  # oldest byte of each window first
            state[back:] = self._moves[self._row_starts[state[back:]] + text[: n - back]]
        found = self._outputs[state]
        found = found[found >= 0]
        if not len(found):
            return None
        ids, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first)  # first visits are distinct positions: one order whatever the sort
        return ids[order], counts[order]

    def visits(self, data: bytes) -> Counter | None:
        """The feature counts of ``visit_counts`` (same keys, counts and order), or ``None``."""
        found = self.features(data)
        return None if found is None else Counter(dict(zip(found[0].tolist(), found[1].tolist())))

    def _rows(self, ids: np.ndarray) -> np.ndarray:
        """``nb_ptc[ids]`` as float32: the operand NumPy's float32 matmul gets when the library
        multiplies by the float16 rows (it casts them first; the cast is exact), without casting
        the same rows again for every article (that cast was most of the scoring time). The first
        :data:`CACHED_ROWS` rows met are kept cast (the frequent n-grams come first); the rarer
        ones are cast per call, as the library does, so memory stays bounded."""
        table = self.nb_ptc
        if table is not self._table or table.dtype != np.float16:  # set_languages() or another model
            return table[ids]
        slots = self._slot[ids]
        new = ids[slots < 0]
        if len(new) and self._met < len(self._rows32):
            met = self._met
            new = new[: len(self._rows32) - met]
            self._rows32[met: met + len(new)] = table[new]
            self._slot[new] = np.arange(met, met + len(new))  # after the rows are in place
            self._met = met + len(new)
            slots = self._slot[ids]
        cached = slots >= 0
        if cached.all():
            return self._rows32[slots]
        out = np.empty((len(ids), table.shape[1]), dtype=np.float32)
        out[cached] = self._rows32[slots[cached]]
        out[~cached] = table[ids[~cached]]
        return out

    def _raw_score(self, text):
        found = self.features(text)
        if found is None:
            return super()._raw_score(text)  # no features: the library's answer
        ids, counts = found
        # the library's _sparse_score: log1p of float32 counts, times the rows, plus the priors
        return np.log1p(counts.astype(np.float32)) @ self._rows(ids) + self.nb_pc


# Checked once at load against the library's walk (several scripts, a byte-level edge case).
_PROBE = "Le président a rencontré «l'OTAN» — The minister; Der Außenminister; Москва; 北京天气; नई दिल्ली 😀".encode()


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's identifier (probabilities normalised), with the NumPy scan when this version
    of py3langid has the layout it reads (else the library's own)."""
    try:
        fast = _WindowedIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        fast.prepare()
        expected = visit_counts(fast.tk_nextmove, fast._rowbase, fast.tk_output, _PROBE)
        got = fast.visits(_PROBE)
        same_scores = np.array_equal(fast._raw_score(_PROBE), LanguageIdentifier._raw_score(fast, _PROBE))
        if expected and got and list(got.items()) == list(expected.items()) and same_scores:
            return fast
    except (AttributeError, TypeError, ValueError):  # another py3langid layout
        pass
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_letters: int = 20, min_probability: float = 0.5) -> LanguageGuess:
    """Detect the language of ``text``.

    Args:
        text: Any text; an article body works best.
        min_letters: Below this many letters the answer is ``und`` (too little evidence).
        min_probability: Below this probability the answer is ``und``.

    Returns:
        A :class:`LanguageGuess`; ``lang`` is an ISO 639-1 code such as ``fr`` or ``und``.

    Example:
        >>> detect_language("Le président a rencontré son homologue à Genève vendredi.").lang
        'fr'
    """
    text = text[:DETECT_CHARS]  # the opening tells the language; a whole long article costs time
    # only whether there are min_letters letters matters: stop counting there (C speed)
    if sum(1 for _ in islice(filter(str.isalpha, text), max(min_letters, 0))) < min_letters:
        return LanguageGuess(UNDETERMINED, 0.0)
    lang, prob = _identifier().classify(text)
    prob = float(prob)
    if prob < min_probability:
        return LanguageGuess(UNDETERMINED, prob)
    return LanguageGuess(str(lang), prob)


# ISO 639-1 (the two-letter codes of the standard, written out: no maintained package ships them
# without a large data set).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
    en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
    ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
    nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()
)


@lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """Language codes the toolkit knows: ISO 639-1, and the codes py3langid detects or stopwords-iso
    lists (some ISO 639-3, such as ``pcm`` or ``arz``). Every one of them can be summarized."""
    return ISO_639_1 | frozenset(_identifier().nb_classes) | frozenset(stopwordsiso.langs())


def primary_language(code: str) -> str:
    """The language of a language tag, lower case: ``"zh-CN"`` → ``"zh"``, ``"pt_BR"`` → ``"pt"``,
    ``" FR "`` → ``"fr"`` (the toolkit works per language, not per region or script).

    Example:
        >>> primary_language("zh-Hant-TW"), primary_language("EN")
        ('zh', 'en')
    """
    return code.strip().replace("_", "-").split("-", 1)[0].lower()
