"""Conflicts and episode flags on RPM2 T01–T10, read and labelled; and conflicts injected into them.

    python -m eval.conflicts [--clusters T01_C1 T04_C1] [--todo] [--json]

For every RPM2 cluster (``../shared/data/rpm2/documents/TNN_Cc_DD.txt``, 10 articles), the
pipeline is run as a user would (``stories="one"``, 100-word merged summary) and every conflict and
flag of the merged summary is looked up in ``eval/conflicts/labels.jsonl``: one line per reported
conflict or flag, labelled ``genuine`` or ``false`` by reading the articles, with the pattern and a
one-line reason (see eval/conflicts/README.md). A line with ``"before": true`` was reported by the
detector before issue 21 item 2 (main at e47c2c2 with the working tree of 3 December 2026); the "after" set is what the detector reports now. The
key of a conflict is (cluster, slot, its sorted values); of a flag (cluster, article, kind): a
report that stays the same keeps its label. ``--todo`` prints the reports that have no label yet.

Printed: precision (genuine / reported) before and after, how many of the genuine reports of
"before" are still found (a report of the same cluster and slot sharing two of their values),
and **injected recall**: in each cluster, a number with its unit, a day-month or a place ("à
Lyon", read as a place by spaCy) that two articles state in sentences sharing 4+ content words
and 40%+ of the shorter one's (calendar words aside: the same fact told twice) is changed in one
of them to another value (every occurrence in that article, in memory: a number x2+3, a day +9, a
place from a fixed list). The injection is found when ``find_conflicts`` reports the new value
(from the edited article) against the old one (from another). Candidates are found by patterns,
not by the detector, and drawn with a generator seeded per cluster (up to 8 per cluster, kinds
taken in turn). Recall is printed twice: over every injection (the protocol of the first
measurement), and over the injections that make a conflict a reader would see
(:func:`invalid_reason` leaves out a "place" spaCy reads as a place in fewer than half of the
sentences naming it, and an edit after which the article still gives the old value in another form).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from summarize import Pipeline, PipelineConfig
from summarize.checks import find_conflicts, french_ner
from summarize.checks.conflicts import parse_quantity, same_quantity
from summarize.dates import find_days
from summarize.lexicon import MONTHS_FR, WEEKDAYS_FR, content_words
from summarize.load import load_file, shared_dir
from summarize.records import Conflict, Document, EpisodeFlag

HERE = Path(__file__).parent / "conflicts"
LABELS = HERE / "labels.jsonl"
SEED = 21
PER_CLUSTER = 8
_CALENDAR = frozenset(MONTHS_FR) | frozenset(WEEKDAYS_FR)
_PLACES = ("Toulouse", "Bordeaux", "Lille", "Rennes", "Grenoble", "Dijon", "Limoges", "Brest")
_MONTHS = "|".join(MONTHS_FR)
_NUMBER = re.compile(
    r"(?<![\w,.])((\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?)"
    rf"\s+(?:millions?\s+|milliards?\s+)?(?:d[e'’]\s*)?(?!(?:{_MONTHS})\b)[a-zé]{{3,}})\b"
)
_DAY = re.compile(r"(?<![\w,.])((\d{1,2})(?:er)?\s+(?:" + _MONTHS + r"))\b")
_PLACE = re.compile(r"(?<=\bà )([A-Z][a-zéèô]+(?:-[A-Z][a-zéèô]+)*)\b")


def rpm2_clusters(names: Sequence[str] = ()) -> dict[str, list[Path]]:
    """``{cluster: its 10 files}`` for RPM2 T01–T10 (or the ``names`` given)."""
    folder = shared_dir() / "data" / "rpm2" / "documents"
    out: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.glob("T*_C*_*.txt")):
        cluster = path.stem[:6]
        if not names or cluster in names:
            out[cluster].append(path)
    return dict(out)


def run_cluster(files: Sequence[Path]) -> tuple[list[Document], tuple[Conflict, ...], tuple[EpisodeFlag, ...]]:
    """The pipeline on one cluster: its documents, and the merged summary's conflicts and flags."""
    result = Pipeline(PipelineConfig(stories="one", merged_words=100, progress=False)).run([load_file(p) for p in files])
    merged = result.merged
    return result.documents, (merged.conflicts if merged else ()), (merged.flags if merged else ())


def value_id(value: str) -> str:
    """A value as labels store it: itself, or for a sentence (a stance conflict) its opening and a
    hash (labels quote no more than that of the articles)."""
    if len(value) <= 40:
        return value
    return f"{value[:30]}… #{hashlib.sha1(value.encode('utf-8')).hexdigest()[:8]}"


def conflict_key(cluster: str, slot: str, values: Iterable[str]) -> str:
    return json.dumps([cluster, "conflict", slot, sorted(value_id(v) for v in values)], ensure_ascii=False)


def flag_key(cluster: str, article: str, kind: str) -> str:
    return json.dumps([cluster, "flag", article, kind], ensure_ascii=False)


def label_key(line: dict[str, Any]) -> str:
    if line["type"] == "flag":
        return flag_key(line["cluster"], line["article"], line["kind"])
    return conflict_key(line["cluster"], line["slot"], line["values"])


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The label lines (a report made twice by one detector run has one line per report)."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()] if path.exists() else []


def reports(cluster: str, conflicts: Sequence[Conflict], flags: Sequence[EpisodeFlag]) -> dict[str, dict[str, Any]]:
    """``{key: a label-line template}`` for what was reported on one cluster."""
    out = {}
    for c in conflicts:
        line = {"cluster": cluster, "type": "conflict", "slot": c.slot, "values": sorted(value_id(v) for v in c.values),
                "articles": {value_id(v): list(a) for v, a in c.values.items()}, "kind": c.kind}
        out[conflict_key(cluster, c.slot, c.values)] = line
    for f in flags:
        out[flag_key(cluster, f.article, f.kind)] = {"cluster": cluster, "type": "flag", "article": f.article, "kind": f.kind,
                                                     "reason_reported": f.reason}
    return out


def still_found(before: dict[str, Any], after: Sequence[dict[str, Any]]) -> bool:
    """A genuine report of "before" is still found: same cluster and slot, two values in common."""
    if before["type"] == "flag":
        return any(a["type"] == "flag" and a["article"] == before["article"] for a in after)
    return any(
        a["type"] == "conflict" and a["cluster"] == before["cluster"] and a["slot"].split()[0] == before["slot"].split()[0]
        and len(set(a["values"]) & set(before["values"])) >= 2
        for a in after
    )


@dataclass(frozen=True)
class Injection:
    """One value changed in one article: ``old`` becomes ``new`` wherever ``article`` says it."""

    cluster: str
    kind: str  # number, date or place
    article: str
    other: str  # an article that states the same fact with ``old``
    old: str
    new: str


def _other_value(kind: str, old: str, taken: str, rng: random.Random) -> str:
    if kind == "place":
        return rng.choice([p for p in _PLACES if p not in taken] or ["Lyon"])
    number, rest = re.match(r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?)(?:er)?(.*)", old, re.DOTALL).groups()  # type: ignore[union-attr]
    if kind == "date":
        return f"{(int(number) + 8) % 28 + 1}{rest}"
    if "," in number:
        whole, dec = number.split(",")
        return f"{int(whole) * 2 + 3},{dec}{rest}"
    head, *groups = number.split()
    return " ".join([str(int(head) * 2 + 3), *groups]) + rest


def injection_candidates(cluster: str, documents: Sequence[Document]) -> list[Injection]:
    """Values two articles state in sentences sharing 40%+ of the shorter one's content words (4+
    letters): the same fact told twice. Found by patterns, not by the detector."""
    found = {}
    for kind, pattern in (("number", _NUMBER), ("date", _DAY), ("place", _PLACE)):
        occurrences: dict[str, list[tuple[str, frozenset[str], str]]] = defaultdict(list)
        for d in documents:
            for s in d.sentences:
                for m in pattern.finditer(s):
                    if kind == "number" and re.match(r"(?:19|20)\d\d\b", m.group(1)):
                        continue  # a year
                    occurrences[m.group(1)].append((d.id, _fact_words(s), s))
        for value, occ in occurrences.items():
            for i, (a, wa, sa) in enumerate(occ):
                for b, wb, sb in occ[i + 1:]:
                    shared = len(wa & wb)
                    if a != b and shared >= 4 and shared >= 0.4 * min(len(wa), len(wb)) and (kind, value) not in found and (kind != "place" or _is_place(value, sa)):
                        found[(kind, value)] = (a, b)
    return [Injection(cluster, kind, a, b, value, "") for (kind, value), (a, b) in sorted(found.items())]


def _fact_words(sentence: str) -> frozenset[str]:
    """Content words (4+ letters) without calendar words: what a sentence says, not when."""
    return frozenset(w for w in content_words(sentence) if w not in _CALENDAR and not w.isdigit())


def _is_place(value: str, sentence: str) -> bool:
    """Whether spaCy's NER reads ``value`` as a place (LOC) in ``sentence``."""
    return any(e.label_ == "LOC" and e.text == value for e in french_ner()(sentence).ents)


def choose_injections(cluster: str, documents: Sequence[Document], per_cluster: int = PER_CLUSTER) -> list[Injection]:
    """Up to ``per_cluster`` injections for a cluster, kinds mixed, drawn with a seeded generator."""
    rng = random.Random(f"{SEED}-{cluster}")
    by_kind: dict[str, list[Injection]] = defaultdict(list)
    for c in injection_candidates(cluster, documents):
        by_kind[c.kind].append(c)
    text = " ".join(s for d in documents for s in d.sentences)
    chosen: list[Injection] = []
    kinds = sorted(by_kind)
    while len(chosen) < per_cluster and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(chosen) < per_cluster:
                c = by_kind[kind].pop(rng.randrange(len(by_kind[kind])))
                chosen.append(replace(c, new=_other_value(kind, c.old, text, rng)))
    return chosen


_HEDGED_NUMBER = re.compile(
    r"(?<![\w,.])(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+(?:,\d+)?)\s*(milliards?|millions?|mille)?\s*(?:d[e'’]\s*)?([^\W\d_]+)?"
)


def invalid_reason(injection: Injection, documents: Sequence[Document], nlp: Any = None) -> str | None:
    """Why an injection makes no conflict a reader would see (``None``: it does). Two rules:

    * ``not-a-place``: spaCy reads the value as a place (LOC) in fewer than half of the cluster's
      sentences that name it: one sentence's tag is no evidence ("Non à Edvige": a police file;
      "le fichier de police Rennes" is no rival place, just a garbled sentence);
    * ``still-stated``: once edited, the article still gives the old value in another form
      ("près de 5 milliards d'euros" for 4,9 milliards, "1 juillet" for "1er juillet"): it states
      both values, so it contradicts itself rather than the other sources.
    """
    if injection.kind == "place":
        said = [s for d in documents for s in d.sentences if re.search(rf"\b{re.escape(injection.old)}\b", s)]
        docs = list((nlp or french_ner()).pipe(said))
        places = sum(any(e.label_ == "LOC" and e.text == injection.old for e in doc.ents) for doc in docs)
        return "not-a-place" if 2 * places < len(said) else None
    edited = next(d for d in inject(documents, injection) if d.id == injection.article)
    text = " ".join(edited.sentences)
    if injection.kind == "date":
        old = find_days(injection.old)[0]
        return "still-stated" if any((d.day, d.month) == (old.day, old.month) for d in find_days(text)) else None
    m = re.match(r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?)\s*(milliards?|millions?|mille)?\s*(?:d[e'’]\s*)?(\w+)?", injection.old)
    assert m is not None
    want = parse_quantity(m.group(1), m.group(2))
    unit = (m.group(3) or m.group(2) or "").lower()[:4]
    for x in _HEDGED_NUMBER.finditer(text):
        if (x.group(3) or x.group(2) or "").lower()[:4] != unit:
            continue
        got = parse_quantity(x.group(1), x.group(2), text[max(0, x.start() - 30): x.start()])
        if got is not None and got.hedge != "~":  # a bound ("jusqu'à 403") is the edited figure, not the old one
            got = replace(got, hedge="")
        if want is not None and got is not None and same_quantity(want, got):
            return "still-stated"
    return None


def inject(documents: Sequence[Document], injection: Injection) -> list[Document]:
    """The documents with ``injection.old`` replaced by ``injection.new`` in its article."""
    old, new = injection.old, injection.new
    if injection.kind == "number":  # "3 milliards d'euros": every "3 milliards" of the article
        old, new = (" ".join(x.split()[:2]) for x in (old, new))
    pattern = re.compile(rf"(?<![\w,.]){re.escape(old)}(?![\w]|,\d)")
    out = []
    for d in documents:
        if d.id == injection.article:
            d = replace(d, sentences=tuple(pattern.sub(new, s) for s in d.sentences))
        out.append(d)
    return out


def injected_found(conflicts: Sequence[Conflict], injection: Injection) -> bool:
    """Whether a conflict gives the new value (from the edited article) against the old one (from
    another article; for a number, the same figure however written: "4,91 milliards")."""
    def has(value: str, text: str) -> bool:
        return re.search(rf"(?<![\w,]){re.escape(value)}(?![\w]|,\d)", text) is not None

    def same(value: str, text: str) -> bool:  # numbers: the same figure ("4,9" and "4,91 milliards")
        if injection.kind != "number":
            return has(value, text)
        a, b = (re.match(r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?)\s*(\w*)", x) for x in (value, text))
        if not (a and b):
            return False
        qa, qb = parse_quantity(a.group(1), a.group(2)), parse_quantity(b.group(1), b.group(2))
        return qa is not None and qb is not None and same_quantity(qa, qb)

    for c in conflicts:
        new = [v for v, arts in c.values.items() if has(injection.new, v) and injection.article in arts]
        old = [v for v, arts in c.values.items() if same(injection.old, v) and set(arts) - {injection.article}]
        if new and old:
            return True
    return False


class CachedNER:
    """A spaCy pipeline that parses each sentence once across the injected runs."""

    def __init__(self, nlp: Any):
        self.nlp = nlp
        self.cache: dict[str, Any] = {}

    def pipe(self, texts: Sequence[str], batch_size: int = 64):
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        self.cache.update(zip(todo, self.nlp.pipe(todo, batch_size=batch_size)))
        return (self.cache[t] for t in texts)


def evaluate(clusters: dict[str, list[Path]], lines: Sequence[dict[str, Any]], per_cluster: int = PER_CLUSTER) -> dict[str, Any]:
    """Run everything; return the counts, the unlabelled reports and the injected outcomes."""
    labels = {label_key(x): x for x in lines}
    after: dict[str, dict[str, Any]] = {}
    injected = []
    nlp = CachedNER(french_ner())
    for cluster, files in clusters.items():
        docs, conflicts, flags = run_cluster(files)
        after.update(reports(cluster, conflicts, flags))
        for inj in choose_injections(cluster, docs, per_cluster):
            report = find_conflicts(inject(docs, inj), nlp=nlp)
            injected.append({**inj.__dict__, "found": injected_found(report.conflicts, inj),
                             "invalid": invalid_reason(inj, docs, nlp)})
    valid = [x for x in injected if not x["invalid"]]
    before = [x for x in lines if x.get("before") and x["cluster"] in clusters]
    labelled_after = [labels[k] for k in after if k in labels]
    todo = [after[k] for k in after if k not in labels]
    return {
        "before": _counts(before),
        "after": _counts(labelled_after, unlabelled=len(todo)),
        "genuine_before_still_found": [
            sum(still_found(x, list(after.values())) for x in before if x["label"] == "genuine"),
            sum(x["label"] == "genuine" for x in before),
        ],
        "injected": {"found": sum(x["found"] for x in injected), "n": len(injected),
                     "by_kind": _by_kind(injected)},
        "injected_valid": {"found": sum(x["found"] for x in valid), "n": len(valid), "by_kind": _by_kind(valid),
                           "left_out": _tally(x["invalid"] for x in injected if x["invalid"])},
        "injections": injected,
        "todo": todo,
    }


def _counts(lines: Sequence[dict[str, Any]], unlabelled: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("conflict", "flag"):
        xs = [x for x in lines if x["type"] == kind]
        genuine = sum(x["label"] == "genuine" for x in xs)
        out[kind] = {"reported": len(xs), "genuine": genuine, "precision": round(genuine / len(xs), 3) if xs else None,
                     "patterns": dict(sorted(_tally(x.get("pattern", "") for x in xs if x["label"] == "false").items()))}
    out["unlabelled"] = unlabelled
    return out


def _tally(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for x in items:
        out[x] += 1
    return dict(out)


def _by_kind(injected: Sequence[dict[str, Any]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for x in injected:
        out[x["kind"]][0] += x["found"]
        out[x["kind"]][1] += 1
    return dict(out)


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else f"{n}/0 (n/a)"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", nargs="*", default=(), help="e.g. T01_C1 T04_C1 (default: all of T01–T10)")
    parser.add_argument("--todo", action="store_true", help="print the reports that have no label yet (JSON lines)")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    parser.add_argument("--per-cluster", type=int, default=PER_CLUSTER, help="injected conflicts per cluster")
    args = parser.parse_args(argv)
    out = evaluate(rpm2_clusters(args.clusters), load_labels(), args.per_cluster)
    if args.todo:
        for line in out["todo"]:
            print(json.dumps(line, ensure_ascii=False))
        return
    if args.json:
        print(json.dumps({k: v for k, v in out.items() if k != "todo"}, ensure_ascii=False, indent=1))
        return
    print("| detector | conflicts genuine / reported | flags genuine / reported | unlabelled |")
    print("|---|---|---|---:|")
    for phase in ("before", "after"):
        c, f = out[phase]["conflict"], out[phase]["flag"]
        print(f"| {phase} | {_pct(c['genuine'], c['reported'])} | {_pct(f['genuine'], f['reported'])} | {out[phase]['unlabelled']} |")
    kept, total = out["genuine_before_still_found"]
    print(f"\ngenuine reports of 'before' still found: {_pct(kept, total)}")
    inj = out["injected"]
    kinds = ", ".join(f"{k} {_pct(*v)}" for k, v in sorted(inj["by_kind"].items()))
    print(f"injected recall, every injection: {_pct(inj['found'], inj['n'])} ({kinds})")
    val = out["injected_valid"]
    kinds = ", ".join(f"{k} {_pct(*v)}" for k, v in sorted(val["by_kind"].items()))
    print(f"injected recall, injections a reader sees as a conflict: {_pct(val['found'], val['n'])} ({kinds}); "
          f"left out: {val['left_out']}")
    for phase in ("before", "after"):
        print(f"false {phase}, by pattern: {out[phase]['conflict']['patterns']} flags: {out[phase]['flag']['patterns']}")
    missed = [x for x in out["injections"] if not x["found"]]
    for x in missed:
        why = f" [left out: {x['invalid']}]" if x["invalid"] else ""
        print(f"  missed: {x['cluster']} {x['kind']} {x['article']} {x['old']} -> {x['new']} (also in {x['other']}){why}")


if __name__ == "__main__":
    main()
