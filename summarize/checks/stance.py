"""Does a source sentence say the opposite of a claim? Polarity, modality and values, by rules.

Lexical similarity sees that "Blinken n'exclut pas une rencontre entre Biden et Poutine" and
"Biden et Poutine ne se rencontreront pas" talk about the same thing, not that they disagree.
:func:`stance` compares the two sentences' **polarity** on the content words they share:

* a negation (``ne``/``n'`` … ``pas``/``plus``/``jamais``/``rien``/``guère``/``point``/``aucun``,
  ``aucun``/``nul``/``personne`` … ``ne``, ``sans``, ``non``) flips the polarity of the rest of its
  clause, from the verb it negates on;
* a negative predicate (``exclure``, ``refuser``, ``démentir``, ``nier``, ``rejeter``,
  ``renoncer``, ``annuler``, ``interdire``, ``empêcher``…) flips what follows it in the clause
  ("n'exclut pas une rencontre": two flips, the meeting is on; "ne se rencontreront pas": one
  flip, it is off);
* a direction (``hausse``/``augmenter`` vs ``baisse``/``diminuer``…) is compared like a polarity;

and their **modality** (a fact or a decision, "a décidé", "déjà", vs a possibility, "pourrait",
"envisage", "susceptible de", "peut-être") and **values** (numbers with the same unit, dates;
places and people when a spaCy pipeline is given) when the sentences are aligned (most of the
claim's content words are in the source sentence).

The rules decide by default; they are measured on a hand-labelled set (``python -m
eval.attribution``, eval/README.md). A learned detector (:mod:`summarize.checks.contradiction`,
logistic regression over these rules' outputs and alignment cues, trained on RTE3-FR and DACCORD)
finds more than twice the contradictions of these rules on DACCORD's fact-check pairs
(``python -m eval.contradiction``) but adds false ones on the project's own pairs, so the checks
keep :func:`stance`; :func:`summarize.checks.learned_stance` is the rules or the detector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..lexicon import MONTHS_FR, WEEKDAYS_FR, content_words, stopwords, words

_PARTICLES = frozenset("pas plus jamais rien guère point nullement aucun aucune personne".split())
_NEG_SUBJECTS = frozenset("aucun aucune nul nulle personne rien".split())
_NEGATIVE_PREDICATES = (
    "exclu", "exclure", "refus", "dément", "démenti", "démentent", "nie", "nié", "nier", "nient", "rejet", "rejeté",
    "renonc", "annul", "interdi", "empêch", "écart", "abandonn", "contest", "réfut",
)
_UP = ("hausse", "augment", "progress", "grimp", "monte", "accru", "croissan")
_DOWN = ("baisse", "diminu", "recul", "chute", "chut", "réduit", "réduct", "décrois")
_HEDGES = re.compile(
    r"\b(?:pourr\w*|devr\w*|peut-être|envisag\w*|possib\w*|susceptibles?|éventuel\w*|probabl\w*|"
    r"trop tôt|aurai[te]nt?|serai[te]nt?|si elle|si il|s'il|s’il)\b",
    re.IGNORECASE,
)
_CERTAIN = re.compile(r"\b(?:décidé\w*|déjà|définitiv\w*|a été|ont été|inchangée?s?|a dû|ont dû)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:()]|\b(?:mais|car|alors que|tandis que|cependant|pourtant|et que|et qu['’])", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+(?:[.,]\d+)?)\s*(%|[^\W\d_]{3,})")
_YEAR_OR_DAY = re.compile(
    r"\b(?:\d{1,2}(?:er)?\s+(?:" + "|".join(MONTHS_FR) + r")(?:\s+\d{4})?|(?:" + "|".join(WEEKDAYS_FR) + r")|(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_APPROX = re.compile(r"\b(dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|centaine|millier)s?\s+d[e'’]\s*([^\W\d_]{3,})", re.IGNORECASE)
_ORDINAL = re.compile(r"\b(premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|dernier|dernière)\s+(?:position|place|rang|tour)", re.IGNORECASE)
_NUMBER_WORDS = {
    "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7", "huit": "8",
    "neuf": "9", "dix": "10", "onze": "11", "douze": "12", "quinze": "15", "vingt": "20", "trente": "30", "cent": "100",
}


@dataclass(frozen=True)
class Stance:
    """What a source sentence does to a claim.

    Attributes:
        label: ``contradicts`` or ``compatible`` (the rules found no disagreement; whether it
            *supports* the claim is the lexical check's call).
        kind: ``negation``, ``direction``, ``modality``, ``number``, ``date``, ``place`` or
            ``person`` for a contradiction the rules found, ``learned`` for one only the learned
            detector found (:func:`summarize.checks.learned_stance`).
        evidence: What disagrees, e.g. ``"rencontr: + in the claim, - in the source"``.
        overlap: Share of the claim's content words found in the source sentence.
    """

    label: str
    kind: str | None = None
    evidence: str = ""
    overlap: float = 0.0

    @property
    def contradicts(self) -> bool:
        return self.label == "contradicts"


def _stem(word: str) -> str:
    return word[:6]  # a crude French stem: "rencontre"/"rencontreront" -> "rencon"


# Words skipped to find what a negation or a negative predicate bears on: clitics, auxiliaries,
# modal and planning verbs (their complement carries the meaning: "ne prévoient pas de rencontre").
_CLITICS = frozenset("se s me m te t le la les l lui leur y en nous vous".split())
_AUXILIARIES = re.compile(
    r"^(?:a|ai|as|avons|avez|ont|avait|avaient|aura|auront|aurait|auraient|avoir|eu|est|sont|était|étaient|été|être|"
    r"sera|seront|serait|seraient|fut|soit|soient|va|vont|allait|aller|peut|peuvent|pourra|pourront|pourrait|"
    r"pourraient|pouvoir|doit|doivent|devra|devrait|devraient|devoir|veut|veulent|voulait|vouloir|compte|comptent|"
    r"prévoi\w*|prévu\w*|envisag\w*|espèr\w*|espér\w*|souhait\w*|fait|faire|semble|semblent|bien|plus|jamais|"
    r"pas|point|guère|rien|aucun|aucune|encore|toujours|déjà|de|d|à|que|qu|un|une|des|du|le|la|les|l|alors)$"
)
_NEGATIVE_WORDS = frozenset("nie nié niée nient nier nia nièrent".split())


def _bears_on(tokens: list[str], start: int, n: int = 1) -> list[int]:
    """Positions of the first ``n`` content words from ``start`` on, skipping clitics and
    auxiliaries (what a negation at ``start`` bears on)."""
    out = []
    for j in range(start, len(tokens)):
        t = tokens[j]
        if t in _CLITICS or _AUXILIARIES.match(t):
            continue
        out.append(j)
        if len(out) == n:
            break
    return out


def _is_negative_predicate(t: str) -> bool:
    return t in _NEGATIVE_WORDS or (len(t) >= 5 and t.startswith(_NEGATIVE_PREDICATES))


def polarity(sentence: str) -> dict[str, int]:
    """The content-word stems of ``sentence`` (4+ letters) with their polarity, ``-1`` for what a
    negation or a negative predicate bears on (after double negation: ``+1``), ``+1`` otherwise.

    A negation ``ne … pas`` (``aucun … ne``, ``sans``) bears on the verb after ``ne`` (past
    clitics and auxiliaries) and, when that verb is a modal or planning one ("ne prévoient pas de
    rencontre"), on its complement; a negative predicate ("exclure", "nier", "démentir") bears on
    its complement ("démenti préparer une invasion": préparer is negative)."""
    out: dict[str, int] = {}
    for clause in _CLAUSE.split(sentence):
        if not clause or not clause.strip():
            continue
        tokens = [t.lower().rstrip("'’") for t in re.findall(r"[^\W\d_]+['’]?", clause)]
        sign = [1] * len(tokens)
        neg_subject = any(t in _NEG_SUBJECTS for t in tokens)
        for i, t in enumerate(tokens):
            targets: list[int] = []
            if t in ("ne", "n") and (any(x in _PARTICLES for x in tokens[i + 1 : i + 7]) or neg_subject):
                targets = _bears_on(tokens, i + 1)
                # a planning or modal verb passes the negation to its complement
                if targets and _AUXILIARIES.match(tokens[targets[0]] or ""):
                    targets += _bears_on(tokens, targets[0] + 1)
                elif targets and re.match(r"prévoi|envisag|espèr|espér|compt|souhait", tokens[targets[0]]):
                    targets += _bears_on(tokens, targets[0] + 1)
            elif t == "sans":
                targets = _bears_on(tokens, i + 1)
            elif _is_negative_predicate(t):  # its complement is negative unless it is negated itself
                for j in _bears_on(tokens, i + 1, 2):
                    sign[j] *= -sign[i]
            for j in targets:
                sign[j] = -sign[j]
        stop = stopwords("fr")
        for t, sg in zip(tokens, sign):
            if len(t) >= 4 and t not in stop and not _is_negative_predicate(t):
                out.setdefault(_stem(t), sg)
    return out


def _direction(sentence: str) -> int:
    low = sentence.lower()
    up = any(re.search(rf"\b{w}", low) for w in _UP)
    down = any(re.search(rf"\b{w}", low) for w in _DOWN)
    return (1 if up else 0) - (1 if down else 0)


def _numbers(sentence: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for m in _NUMBER.finditer(sentence):
        value = re.sub(r"[ \u00a0\u202f.]", "", m.group(1)).replace(",", ".")
        found.setdefault(m.group(2).lower()[:5], set()).add(value)
    for word, digit in _NUMBER_WORDS.items():  # "douze ans" = "12 ans"
        for m in re.finditer(rf"\b{word}\s+([^\W\d_]{{3,}})", sentence, re.IGNORECASE):
            if word not in ("un", "une"):
                found.setdefault(m.group(1).lower()[:5], set()).add(digit)
    for m in _APPROX.finditer(sentence):  # "une vingtaine de jeunes"
        found.setdefault(m.group(2).lower()[:5], set()).add("~" + m.group(1).lower())
    ranks = {m.group(1).lower() for m in _ORDINAL.finditer(sentence)}
    if ranks:
        found["(rank)"] = ranks
    return found


def _dates(sentence: str) -> set[str]:
    return {m.group(0).lower() for m in _YEAR_OR_DAY.finditer(sentence)}


def overlap(claim: str, source: str) -> float:
    """Share of the claim's content words (4+ letters) that are in the source sentence."""
    a, b = content_words(claim), content_words(source)
    return len(a & b) / len(a) if a else 0.0


def stance(claim: str, source: str, *, nlp: Any = None, aligned: float = 0.2) -> Stance:
    """Whether ``source`` contradicts ``claim`` (see module docstring).

    Args:
        claim: The sentence credited to the source (a merged or summary sentence).
        source: The source's sentence that best matches it.
        nlp: A spaCy pipeline with NER, to compare places and people too (optional).
        aligned: Content-word overlap from which the two sentences are about the same fact
            (below it, nothing is compared: they are reported ``compatible``).

    Example:
        >>> stance("Blinken n'exclut pas une rencontre entre Biden et Poutine.",
        ...        "Biden et Poutine ne se rencontreront pas en tête-à-tête, a dit Blinken.").kind
        'negation'
    """
    share = overlap(claim, source)
    if share < aligned:
        return Stance("compatible", overlap=share)
    pa, pb = polarity(claim), polarity(source)
    flipped = sorted(s for s in set(pa) & set(pb) if pa[s] != pb[s])
    if flipped:
        return Stance("contradicts", "negation", f"{', '.join(flipped)}: {'+' if pa[flipped[0]] > 0 else '-'} in the claim, "
                      f"{'+' if pb[flipped[0]] > 0 else '-'} in the source", share)
    da, db = _direction(claim), _direction(source)
    if da and db and da != db:
        return Stance("contradicts", "direction", "up in one, down in the other", share)
    na, nb = _numbers(claim), _numbers(source)
    for unit in sorted(set(na) & set(nb)):
        # aligned closely, any differing value; loosely, no value in common
        if (na[unit] != nb[unit] if share >= 0.6 else not na[unit] & nb[unit]):
            return Stance("contradicts", "number", f"{unit}: {sorted(na[unit])} vs {sorted(nb[unit])}", share)
    ta, tb = _dates(claim), _dates(source)
    if ta and tb and not ta & tb and share >= 0.5:
        return Stance("contradicts", "date", f"{sorted(ta)} vs {sorted(tb)}", share)
    if nlp is not None and share >= 0.5:
        kind = _entity_conflict(claim, source, nlp)
        if kind:
            return Stance("contradicts", kind[0], kind[1], share)
    ha, hb = bool(_HEDGES.search(claim)), bool(_HEDGES.search(source))
    ca, cb = bool(_CERTAIN.search(claim)), bool(_CERTAIN.search(source))
    if ha != hb and ((ha and cb) or (hb and ca)) and share >= 0.5:
        return Stance("contradicts", "modality", "a possibility in one, a fact or decision in the other", share)
    return Stance("compatible", overlap=share)


def _entity_conflict(claim: str, source: str, nlp: Any) -> tuple[str, str] | None:
    """Places or people named in each sentence and absent from the other one (on aligned
    sentences: the same fact with another place or person)."""
    da, db = nlp(claim), nlp(source)
    wa_all, wb_all = set(words(claim)), set(words(source))
    for label, kind in (("LOC", "place"), ("PER", "person")):
        only_a = sorted({e.text for e in da.ents if e.label_ == label and not set(words(e.text)) & wb_all})
        only_b = sorted({e.text for e in db.ents if e.label_ == label and not set(words(e.text)) & wa_all})
        if only_a and only_b:
            return kind, f"{only_a} vs {only_b}"
    return None
