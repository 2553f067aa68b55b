"""Does a premise contradict a hypothesis? A small learned detector over rule and alignment cues.

:func:`contradiction_probability` scores a (premise, hypothesis) pair: the probability that they
cannot both be true. The model is a logistic regression over :data:`FEATURE_NAMES`,
cheap features computed from the two sentences:

* the stance rules' verdicts (:func:`summarize.checks.stance`, both ways, and the kind: negation,
  direction, number, date, modality), polarity flips on shared words;
* negations, negative predicates, hedges and conditionals, counted on each side;
* lexical alignment: content-word overlap both ways, words and capitalised names found on one
  side only, numbers and dates on one side only, lengths;
* cues of a claim being reported ("selon des publications", "affirment") or denied ("faux",
  "aucune preuve", "en réalité"), antonyms across the two sides ("mort"/"vivant",
  "efficace"/"inefficace").

It ships in the package (``summarize/data/models/contradiction-fr.npz`` + ``.json``: training
data, command, date, cross-validated figures, decision threshold), loads without pickle, and is
rebuilt by ``python -m eval.train_contradiction``; ``python -m eval.contradiction`` scores it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..lexicon import content_words, words
from ..ranking import model_path as shipped_model_path
from .stance import _CERTAIN, _HEDGES, Stance, _dates, _direction, _is_negative_predicate, overlap, polarity, stance

DEFAULT_MODEL = "contradiction-fr"

_KINDS = ("negation", "direction", "number", "date", "modality")
_NEGATION = re.compile(
    r"\b(?:n['’]|ne\s)(?:\S+\s){0,5}?(?:pas|plus|jamais|rien|guère|point|nullement|aucun|aucune|personne|ni)\b"
    r"|\b(?:sans|non|aucun|aucune|nul|nulle|jamais)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"\b\w{2,}(?:rait|raient)\b", re.IGNORECASE)
_REPORTED = re.compile(
    r"\b(?:selon|affirm\w*|prétend\w*|assur\w*|publications?|internautes?|réseaux sociaux|viral\w*|partagé\w*|"
    r"rumeurs?|allégu\w*|laisse\w* entendre|suggér\w*)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:faux|fausse|fausses|erron\w*|tromp\w*|infond\w*|infox|intox|fake|démenti\w*|dément\w*|contrairement|"
    r"en réalité|en fait|aucune preuve|aucun lien|rien ne|pas de lien|inexact\w*|invent\w*|détourn\w*|montage)\b",
    re.IGNORECASE,
)
_ANTONYMS = (
    ("mort", "vivant"), ("morts", "vie"), ("vrai", "faux"), ("vraie", "fausse"), ("hausse", "baisse"),
    ("augment", "diminu"), ("accept", "refus"), ("autoris", "interdi"), ("possible", "impossible"),
    ("efficace", "inefficace"), ("plus", "moins"), ("avant", "après"), ("victoire", "défaite"),
    ("gagn", "perd"), ("ouvert", "fermé"), ("légal", "illégal"), ("sûr", "dangereu"), ("protège", "menace"),
    ("confirm", "démen"), ("réel", "fictif"), ("authentique", "truqué"), ("soutien", "oppos"),
    ("russe", "ukrainien"), ("russes", "ukrainiens"), ("vacciné", "non"), ("toujours", "jamais"),
    ("tous", "aucun"), ("existe", "inexistant"), ("début", "fin"), ("réussi", "échou"),
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÉÈÀÂÎÔÛ][\w-]{2,})")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")

FEATURE_NAMES: tuple[str, ...] = (
    "rules_contradict", *(f"rules_{k}" for k in _KINDS), "rules_contradict_reversed",
    "overlap_h_in_p", "overlap_p_in_h", "jaccard", "shared_stems", "flipped_stems", "flipped_share",
    "negations_p", "negations_h", "negations_diff", "negation_one_side",
    "negative_predicates_p", "negative_predicates_h", "negative_predicates_diff",
    "hedges_p", "hedges_h", "certain_p", "certain_h", "conditionals_p", "conditionals_h",
    "reported_p", "reported_h", "denial_p", "denial_h",
    "numbers_p", "numbers_h", "numbers_only_p", "numbers_only_h", "dates_differ",
    "names_only_p", "names_only_h", "opposite_direction", "antonyms", "negated_prefix",
    "quotes_p", "quotes_h", "question_h", "log_words_p", "log_words_h", "length_ratio",
    "only_h_share", "only_p_share",
)


def _count_negations(text: str) -> int:
    return len(_NEGATION.findall(text))


def _antonym_pairs(a: list[str], b: list[str]) -> int:
    """Antonym pairs (:data:`_ANTONYMS`, as word prefixes) with one word on each side and not
    both words on the same side."""
    def has(ws: list[str], prefix: str) -> bool:
        return any(w == prefix or (len(prefix) >= 5 and w.startswith(prefix)) for w in ws)

    n = 0
    for x, y in _ANTONYMS:
        ax, ay, bx, by = has(a, x), has(a, y), has(b, x), has(b, y)
        n += (ax and by and not ay and not bx) or (ay and bx and not ax and not by)
    return n


def _negated_prefix(a: frozenset[str], b: frozenset[str]) -> int:
    """Words of one side found on the other with a negative prefix (efficace/inefficace)."""
    n = 0
    for x, y in ((a, b), (b, a)):
        for w in x:
            n += any(p + w in y for p in ("in", "im", "il", "ir", "dé", "non"))
    return n


def _names(text: str) -> set[str]:
    return {m.lower() for m in _NAME.findall(text.strip())}


def pair_features(premise: str, hypothesis: str) -> np.ndarray:
    """The detector's input for one pair, shape ``(len(FEATURE_NAMES),)`` (see module docstring).

    The hypothesis plays the stance rules' claim and the premise their source.
    """
    p, h = premise.strip(), hypothesis.strip()
    s = stance(h, p)
    s_rev = stance(p, h)
    cp, ch = content_words(p), content_words(h)
    pol_p, pol_h = polarity(p), polarity(h)
    shared = set(pol_p) & set(pol_h)
    flipped = sum(pol_p[x] != pol_h[x] for x in shared)
    neg_p, neg_h = _count_negations(p), _count_negations(h)
    npred_p = sum(_is_negative_predicate(w) for w in words(p))
    npred_h = sum(_is_negative_predicate(w) for w in words(h))
    num_p, num_h = set(_DIGITS.findall(p)), set(_DIGITS.findall(h))
    dates_p, dates_h = _dates(p), _dates(h)
    names_p, names_h = _names(p), _names(h)
    wp, wh = words(p), words(h)
    dp, dh = _direction(p), _direction(h)
    n_p, n_h = max(len(wp), 1), max(len(wh), 1)
    values = [
        float(s.contradicts), *(float(s.kind == k) for k in _KINDS), float(s_rev.contradicts),
        overlap(h, p), overlap(p, h), len(cp & ch) / len(cp | ch) if cp | ch else 0.0,
        float(len(shared)), float(flipped), flipped / len(shared) if shared else 0.0,
        float(neg_p), float(neg_h), float(neg_h - neg_p), float((neg_p > 0) != (neg_h > 0)),
        float(npred_p), float(npred_h), float(npred_h - npred_p),
        float(bool(_HEDGES.search(p))), float(bool(_HEDGES.search(h))),
        float(bool(_CERTAIN.search(p))), float(bool(_CERTAIN.search(h))),
        float(len(_CONDITIONAL.findall(p))), float(len(_CONDITIONAL.findall(h))),
        float(len(_REPORTED.findall(p))), float(len(_REPORTED.findall(h))),
        float(len(_DENIAL.findall(p))), float(len(_DENIAL.findall(h))),
        float(len(num_p)), float(len(num_h)), float(len(num_p - num_h)), float(len(num_h - num_p)),
        float(bool(dates_p and dates_h and not dates_p & dates_h)),
        float(len(names_p - names_h)), float(len(names_h - names_p)),
        float(bool(dp and dh and dp != dh)),
        float(_antonym_pairs(wp, wh)), float(_negated_prefix(cp, ch)),
        float(p.count('"') + p.count("«")), float(h.count('"') + h.count("«")), float("?" in h),
        math.log(n_p), math.log(n_h), math.log(n_h / n_p),
        len(ch - cp) / len(ch) if ch else 0.0, len(cp - ch) / len(cp) if cp else 0.0,
    ]
    return np.array(values, dtype=np.float64)


def features_matrix(premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
    """:func:`pair_features` for each pair, shape ``(n, len(FEATURE_NAMES))``."""
    if len(premises) != len(hypotheses):
        raise ValueError(f"expected as many premises as hypotheses, got {len(premises)} and {len(hypotheses)}")
    if not premises:
        return np.zeros((0, len(FEATURE_NAMES)))
    return np.vstack([pair_features(p, h) for p, h in zip(premises, hypotheses)])


@dataclass(frozen=True)
class ContradictionModel:
    """Logistic regression on standardised :data:`FEATURE_NAMES`, its decision threshold and
    its training metadata."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability of a contradiction for each row of features, shape ``(n,)``."""
        z = ((np.asarray(X, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def probabilities(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """Probability that each premise contradicts its hypothesis, shape ``(n,)``."""
        X = features_matrix(premises, hypotheses)
        return self.predict_proba(X) if len(X) else np.zeros(0)

    def save(self, path: str | Path) -> tuple[Path, Path]:
        """Write ``<path>.npz`` (the arrays) and ``<path>.json`` (metadata with the threshold)."""
        base = Path(path).with_suffix("")
        np.savez_compressed(
            base.with_suffix(".npz"), mean=self.mean, scale=self.scale, coef=self.coef, intercept=np.array(self.intercept)
        )
        meta = {**self.metadata, "threshold": self.threshold, "feature_names": list(FEATURE_NAMES)}
        base.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return base.with_suffix(".npz"), base.with_suffix(".json")


def model_path(name_or_path: str | Path = DEFAULT_MODEL) -> Path:
    """Path of a contradiction model's ``.npz`` from a packaged name or a file path.

    Raises:
        FileNotFoundError: neither a packaged model nor an existing file; says how to build one.
    """
    return shipped_model_path(name_or_path, kind="contradiction", trainer="eval.train_contradiction")


@lru_cache(maxsize=4)
def load_contradiction_model(name_or_path: str = DEFAULT_MODEL) -> ContradictionModel:
    """Load (once per process) a contradiction model by packaged name or ``.npz`` path.

    Raises:
        FileNotFoundError: see :func:`model_path`.
        ValueError: the model was trained on other features than this version computes.
    """
    path = model_path(name_or_path)
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if tuple(meta.get("feature_names", ())) != FEATURE_NAMES:
        raise ValueError(f"{path} was trained with other features than this version computes; "
                         "retrain it with python -m eval.train_contradiction")
    with np.load(path, allow_pickle=False) as a:
        return ContradictionModel(
            a["mean"].astype(np.float64), a["scale"].astype(np.float64), a["coef"].astype(np.float64),
            float(a["intercept"]), float(meta["threshold"]), meta,
        )


def contradiction_probabilities(
    premises: Sequence[str], hypotheses: Sequence[str], model: str = DEFAULT_MODEL
) -> np.ndarray:
    """Batch form of :func:`contradiction_probability`, shape ``(n,)``."""
    return load_contradiction_model(model).probabilities(premises, hypotheses)


def contradiction_probability(premise: str, hypothesis: str, model: str = DEFAULT_MODEL) -> float:
    """Probability that ``premise`` and ``hypothesis`` cannot both be true.

    Compare it with :func:`contradiction_threshold` (the shipped decision threshold) or use
    :func:`contradicts`.

    Example:
        >>> p = contradiction_probability("Le vaccin n'est pas efficace contre le variant.",
        ...                               "Le vaccin est efficace contre le variant.")
        >>> 0.0 <= p <= 1.0
        True
    """
    return float(contradiction_probabilities([premise], [hypothesis], model)[0])


def contradiction_threshold(model: str = DEFAULT_MODEL) -> float:
    """The decision threshold the model was shipped with (chosen by cross-validation on its
    training data; see its ``.json``)."""
    return load_contradiction_model(model).threshold


def contradicts(premise: str, hypothesis: str, model: str = DEFAULT_MODEL) -> bool:
    """Whether the detector calls the pair a contradiction (probability >= its threshold)."""
    return contradiction_probability(premise, hypothesis, model) >= contradiction_threshold(model)


def learned_stance(claim: str, source: str, *, nlp: Any = None, aligned: float = 0.2, model: str = DEFAULT_MODEL) -> Stance:
    """:func:`summarize.checks.stance`, or the learned detector when the rules see nothing: an
    aligned pair (overlap >= ``aligned``) whose probability (source as premise, claim as
    hypothesis) reaches the model's threshold contradicts, with kind ``learned``. The rules' own
    verdicts, and their kinds, are kept.

    Not what the checks use: on the project's 190 hand-labelled pairs it finds more
    contradictions but adds more false ones and halves attribution recall (eval/README.md).
    """
    verdict = stance(claim, source, nlp=nlp, aligned=aligned)
    if verdict.contradicts or verdict.overlap < aligned:
        return verdict
    detector = load_contradiction_model(model)
    p = float(detector.probabilities([source], [claim])[0])
    if p >= detector.threshold:
        return Stance("contradicts", "learned", f"learned detector: p = {p:.2f} >= {detector.threshold:.2f}", verdict.overlap)
    return verdict
