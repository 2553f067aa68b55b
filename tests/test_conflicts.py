"""Conflicts a journalist can trust: normalised days and figures, attributed figures, roles, and
the RPM2 harness on one cluster (issue 21 item 2)."""

from __future__ import annotations

import pytest

from summarize.checks import find_conflicts
from summarize.checks.conflicts import parse_quantity, same_quantity
from summarize.dates import find_days, same_day
from summarize.records import Article, Conflict


def _articles(*texts: str, dates: tuple[str | None, ...] = ()) -> list[Article]:
    dates = dates or (None,) * len(texts)
    return [Article(id=chr(65 + i), text=t, lang="fr", date=d) for i, (t, d) in enumerate(zip(texts, dates))]


# --- days -------------------------------------------------------------------------------------

def test_weekday_resolved_with_the_article_date():
    (day,) = find_days("Le conseil s'est tenu dimanche.", "2008-10-21")
    assert day.iso == "2008-10-19"
    (hier,) = find_days("Il a démissionné hier.", "2008-10-20")
    assert hier.iso == "2008-10-19"
    assert same_day(day, find_days("le 19 octobre 2008")[0]) is True


def test_undated_weekday_and_date_cannot_be_compared():
    dimanche, octobre = find_days("dimanche"), find_days("le 19 octobre")
    assert same_day(dimanche[0], octobre[0]) is None
    assert same_day(find_days("mercredi")[0], find_days("jeudi")[0]) is False
    assert same_day(find_days("le 12 mars")[0], find_days("le 14 mars")[0]) is False


def test_date_range_gives_both_days():
    days = find_days("Elle se rendra du 1er au 3 septembre en Italie.")
    assert [(d.day, d.month) for d in days] == [(1, 9), (3, 9)]


def test_one_day_written_two_ways_is_no_conflict():
    text = "Les dirigeants de la Caisse d'Epargne ont démissionné {} après le conseil de surveillance extraordinaire."
    undated = find_conflicts(_articles(text.format("dimanche"), text.format("le 19 octobre")))
    assert undated.conflicts == ()
    dated = find_conflicts(_articles(text.format("dimanche"), text.format("le 19 octobre"), dates=("2008-10-20", "2008-10-20")))
    assert dated.conflicts == ()
    other_day = find_conflicts(_articles(text.format("dimanche"), text.format("le 16 octobre"), dates=("2008-10-20", "2008-10-20")))
    assert [c.slot for c in other_day.conflicts] == ["date"]


# --- figures ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "a, b, same",
    [
        (("4,9", "milliards", ""), ("5", "milliards", ""), True),
        (("4,91", "milliards", ""), ("4,9", "milliards", ""), True),
        (("1,5", "million", ""), ("1 500 000", None, ""), True),
        (("4,9", "milliards", ""), ("5", "milliards", "près de "), True),
        (("45", None, "plus de "), ("52", None, ""), True),
        (("2,55", "milliards", ""), ("3", "milliards", ""), False),
        (("13", None, ""), ("19", None, ""), False),
        (("100 000", None, ""), ("150 000", None, ""), False),
        (("40", None, ""), ("45", None, ""), False),
        (("200", None, "jusqu'à "), ("403", None, "jusqu'à "), False),
    ],
)
def test_rounding_units_and_hedges(a, b, same):
    qa, qb = parse_quantity(a[0], a[1], a[2]), parse_quantity(b[0], b[1], b[2])
    assert qa is not None and qb is not None
    assert same_quantity(qa, qb) is same


def test_rounded_figure_is_no_conflict():
    text = "Le trader est accusé d'avoir fait perdre {} d'euros à la Société Générale en janvier."
    assert find_conflicts(_articles(text.format("4,9 milliards"), text.format("près de 5 milliards"))).conflicts == ()
    found = find_conflicts(_articles(text.format("4,9 milliards"), text.format("7 milliards"))).conflicts
    assert [c.slot for c in found] == ["number (euros)"]


def test_figures_of_different_sources_are_attributed_not_conflicting():
    text = "Entre {} manifestants ont défilé jeudi à Paris contre la réforme des retraites, selon {}."
    report = find_conflicts(_articles(text.format("25 000", "la police"), text.format("90 000", "les syndicats")))
    (record,) = report.conflicts
    assert isinstance(record, Conflict) and record.kind == "attributed"
    assert record.sources == {"25 000 manifestants": "la police", "90 000 manifestants": "les syndicats"}
    assert record.to_dict()["kind"] == "attributed"
    plain = find_conflicts(_articles(text.format("25 000", "la police"), text.format("90 000", "la police"))).conflicts
    assert [c.kind for c in plain] == ["conflict"] and "kind" not in plain[0].to_dict()


# --- what the issue read as genuine is still found --------------------------------------------

@pytest.mark.parametrize(
    "template, values",
    [
        ("Les émeutes de la nuit dans la capitale ont fait {} morts, selon un bilan officiel communiqué samedi.", ("13", "19")),
        ("L'économie française devrait détruire {} emplois en 2009, a estimé le ministre lors de son audition.", ("100 000", "150 000")),
        ("La journée nationale d'action des syndicats de l'enseignement aura lieu {} dans toute la France.", ("mercredi", "jeudi")),
        ("Le projet fixe la durée hebdomadaire du travail entre 28 et {} heures pour les salariés du secteur.", ("35", "32")),
    ],
)
def test_genuine_patterns_of_the_issue_are_reported(template, values):
    report = find_conflicts(_articles(template.format(values[0]), template.format(values[1])))
    assert len(report.conflicts) == 1, report.conflicts
    assert {a for arts in report.conflicts[0].values.values() for a in arts} == {"A", "B"}


# --- roles and steps --------------------------------------------------------------------------

def test_steps_of_one_story_are_not_one_fact():
    a = "Le décret créant le fichier Edvige a été publié le 1er juillet au Journal officiel."
    b = "Le Conseil d'Etat examinera le 18 septembre les recours déposés contre le fichier Edvige."
    assert find_conflicts(_articles(a, b)).conflicts == ()


def test_landmark_and_person_are_not_rival_places():
    a = "Kouchner a rencontré vendredi le dalaï lama dans un temple près de Lodève, en présence de Rama Yade."
    b = "Kouchner a rencontré vendredi le dalaï lama à Roqueredonde, en présence de Rama Yade."
    c = "Kouchner a rencontré vendredi le dalaï lama à Lodève, en présence de Rama Yade."
    assert not [x for x in find_conflicts(_articles(a, b, c)).conflicts if x.slot == "place"]


def test_landmark_of_another_fact_does_not_hide_a_town():
    near = "Les policiers ont perquisitionné la salle des marchés, dans le quartier de la Défense près de Paris."
    a = "Jérôme Kerviel est incarcéré depuis le 8 février à la maison d'arrêt de la Santé à Paris."
    b = "Kerviel ne sera libéré qu'après avoir signé sa levée d'écrou à la maison d'arrêt de la Santé à Dijon."
    found = [x for x in find_conflicts(_articles(near, a, b)).conflicts if x.slot == "place"]
    assert [set(x.values) for x in found] == [{"Paris", "Dijon"}]


def test_odd_item_of_two_aligned_lists_is_one_fact():
    a = ("La Société générale a révélé une fraude portant sur 50 milliards d'euros de positions, "
         "entraînant une perte de 4,9 milliards.")
    b = ("La Société générale a révélé que les positions prises par le trader atteignaient 103 milliards "
         "d'euros, ramenant la perte finale à 4,9 milliards d'euros.")
    (found,) = find_conflicts(_articles(a, b)).conflicts
    assert set(found.values) == {"50 milliards d'euros", "103 milliards d'euros"}
    c = ("La banque a annoncé une perte nette de 234 millions d'euros au troisième trimestre, contre un bénéfice "
         "de 437 millions un an plus tôt.")
    d = "La banque a accusé une perte nette de 948 millions d'euros au premier semestre et de 234 millions au troisième trimestre."
    assert find_conflicts(_articles(c, d)).conflicts == ()  # 234 is not in the same place of both lists


def test_measure_words_are_transparent():
    a = "Autre proposition, la création d'un congé d'accompagnement, d'une durée de 33 jours, sous forme de congés payés."
    b = "Pour humaniser la fin de vie, un congé d'accompagnement de 15 jours à domicile pourrait être créé."
    (found,) = find_conflicts(_articles(a, b)).conflicts
    assert set(found.values) == {"33 jours", "15 jours"}


def test_one_name_spelled_two_ways_is_not_two_people():
    text = "La mère du petit {} trouvé seul dans une cité de Marseille est revenue mardi d'Algérie."
    assert find_conflicts(_articles(text.format("Mohamed Benali"), text.format("Mohammed Benali"))).conflicts == ()


# --- the harness on one cluster ---------------------------------------------------------------

def test_harness_on_one_cluster(rpm2_dir):
    from eval.conflicts import choose_injections, evaluate, inject, injected_found, load_labels, rpm2_clusters

    clusters = rpm2_clusters(["T10_C1"])
    assert len(clusters["T10_C1"]) == 10
    out = evaluate(clusters, load_labels(), per_cluster=2)
    assert out["after"]["unlabelled"] == 0, out["todo"]
    assert out["after"]["conflict"]["genuine"] == out["after"]["conflict"]["reported"]
    assert out["injected"]["n"] == 2 and all({"old", "new", "found"} <= set(x) for x in out["injections"])
    assert out["before"]["conflict"]["reported"] == 2  # the two person conflicts today's detector reported

    from eval.conflicts import run_cluster

    docs, _, _ = run_cluster(clusters["T10_C1"])
    first = choose_injections("T10_C1", docs, 2)
    assert first == choose_injections("T10_C1", docs, 2)  # seeded
    edited = inject(docs, first[0])
    assert edited != docs and [d.id for d in edited] == [d.id for d in docs]
    assert not injected_found((), first[0])


def test_injections_a_reader_would_not_see_are_left_out():
    from eval.conflicts import Injection, invalid_reason
    from summarize.records import Document

    def doc(i: str, *sentences: str) -> Document:
        return Document(Article(id=i, text=" ".join(sentences), lang="fr"), sentences, "fr")

    docs = [doc("A", "Le trader a fait perdre 4,9 milliards d'euros à la banque.", "Une perte de près de 5 milliards d'euros."),
            doc("B", "Le trader a fait perdre 4,9 milliards d'euros à la Société Générale.")]
    edit = Injection("T", "number", "A", "B", "4,9 milliards d'euros", "11,9 milliards d'euros")
    assert invalid_reason(edit, docs) == "still-stated"  # the article still says "près de 5 milliards"
    assert invalid_reason(edit, docs[:1] + [doc("A2", "x")]) == "still-stated"
    clean = [doc("A", "Le trader a fait perdre 4,9 milliards d'euros à la banque."), docs[1]]
    assert invalid_reason(edit, clean) is None
    files = [doc(i, "Le collectif Non à Edvige a mené la fronde.", "Le fichier Edvige recense des personnes dès 13 ans.",
                 "La ministre a défendu le fichier Edvige devant les députés.") for i in "AB"]
    assert invalid_reason(Injection("T", "place", "A", "B", "Edvige", "Rennes"), files) == "not-a-place"
