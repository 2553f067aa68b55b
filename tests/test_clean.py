"""Cleaning: on the five sample pages no boilerplate survives and no body line is lost."""

from __future__ import annotations

import pytest

from summarize.clean import CleanerConfig, clean_article
from summarize.load import load_corpus
from summarize.records import Article

# Written by hand from reading each page (line numbers of the raw file). Body = the article's
# own paragraphs; everything else (navigation, teasers, counters, tags, headings, forms) goes.
BODY_LINES = {
    "000_6d9c3534f048a921": [11, 13, 15, 17, 23, 25, 27],
    "001_f6415b89ee64b7cc": [9, 11, 13, 17, 19, 21, 23, 27, 29, 31],
    "002_f6b82e6aaa108cd9": [8, 12, 14, 18, 22, 26, 28],
    "003_02df2d995b8066f2": [11, 13, 16, 18, 20, 22, 25, 27, 29],
    "004_40520dbe9c86f6d6": [1, 2, 3, 5, 6, 7, 9, 10, 11, 13],
}
# Body lines the cleaner splits in two, where the page glued a word to the next line's first word
# (read on the page): line number -> the text that ends the first part.
GLUED = {"004_40520dbe9c86f6d6": {1: "Antoine Blink"}}
TITLES = {
    "000_6d9c3534f048a921": "Blinken n'exclut pas une deuxième rencontre Biden - Poutine",
    "001_f6415b89ee64b7cc": "Blinken et Lavrov concluent des entretiens « utiles et substantiels » sur l’Ukraine sans clarifier la menace militaire",
    "002_f6b82e6aaa108cd9": "Joe Biden et Vladimir Poutine n’envisagent pas de se rencontrer en face à face",
    "003_02df2d995b8066f2": "Poutine et Biden pourraient s’entretenir par visioconférence, selon le Kremlin",
    "004_40520dbe9c86f6d6": None,
}
BOILERPLATE = [
    "Lire aussi", "Article précédent", "Article suivant", "TU PEUX VOIR", "Advertisement",
    "Continuer la lecture", "Cliquez pour commenter", "Laisser une réponse", "Votre adresse e-mail",
    "Switzerland United States", "Connectez-vous", "Google News", "Accueil", "Suivez de près",
    "Louisa-Carla", "Publié", "Avec des informations de", "ATS / Rédaction", "(Cinktank.com)",
]


@pytest.fixture(scope="module")
def cleaned(sample_dir):
    return {a.id: (a, clean_article(a)) for a in load_corpus(sample_dir)}


@pytest.mark.parametrize("article_id", sorted(BODY_LINES))
def test_sample_page_keeps_exactly_the_body(cleaned, article_id):
    raw, result = cleaned[article_id]
    raw_lines = raw.text.split("\n")
    expected = []
    for n in BODY_LINES[article_id]:
        line, cut = " ".join(raw_lines[n - 1].split()), GLUED.get(article_id, {}).get(n)
        expected += [line[: line.index(cut) + len(cut)], line[line.index(cut) + len(cut):]] if cut else [line]
    assert result.article.text.split("\n") == expected
    assert result.body_lines == len(BODY_LINES[article_id])


@pytest.mark.parametrize("article_id", sorted(BODY_LINES))
def test_no_boilerplate_survives(cleaned, article_id):
    body = cleaned[article_id][1].article.text
    for marker in BOILERPLATE:
        assert marker not in body, marker
    for line in body.split("\n"):
        assert len(line.split()) >= 10  # every kept line is a real paragraph


def test_every_removed_line_is_explained_and_nothing_else_is_dropped(cleaned):
    for raw, result in cleaned.values():
        nonempty = [i + 1 for i, x in enumerate(raw.text.split("\n")) if x.strip()]
        removed = [r.lineno for r in result.removed]
        assert sorted(removed + BODY_LINES[raw.id]) == nonempty
        assert all(r.reason for r in result.removed)


def test_titles_and_dates_are_found(cleaned):
    for art_id, title in TITLES.items():
        assert cleaned[art_id][1].article.title == title
    assert cleaned["000_6d9c3534f048a921"][1].article.date == "2022-01-21"
    assert cleaned["001_f6415b89ee64b7cc"][1].article.date == "--01-21"  # "Paris, 21 janvier (Cinktank.com) –"
    assert {cleaned[i][1].article.date for i in ("002_f6b82e6aaa108cd9", "003_02df2d995b8066f2", "004_40520dbe9c86f6d6")} == {None}


@pytest.mark.parametrize(
    "page, date",
    [
        ("Titre de la page du jour\nParis, 21 janvier (Cinktank.com) –\nLe ministre a parlé à Genève devant la presse.", "--01-21"),
        ("Publié le 21 janvier à 14h19\nLe ministre a parlé à Genève devant la presse.", "--01-21"),
        ("PARIS, 21 janvier 2022 (AFP) - Le ministre a parlé à Genève devant la presse.", "2022-01-21"),
        ("GENÈVE, mardi 3 mars (Reuters) – Le ministre a parlé à Genève devant la presse.", "--03-03"),
        # a headline's or a list's day is not the article's
        ("Manifestation du 5 décembre : ce qu'il faut savoir\nLe ministre a parlé à Genève devant la presse.", None),
        ("Le ministre a parlé devant la presse.\nLe 8 août :\nLe ministre est reparti.", None),
        ("Le ministre a parlé le 5 décembre à Genève devant la presse, a-t-il dit.", None),
    ],
)
def test_dates_from_datelines(page, date):
    assert clean_article(Article(id="x", text=page)).article.date == date


def test_reasons_on_the_sample(cleaned):
    reasons = {(r.lineno, r.reason) for r in cleaned["001_f6415b89ee64b7cc"][1].removed}
    assert {(1, "truncated-copy"), (15, "teaser"), (33, "glued-label"), (34, "glued-label")} <= reasons
    reasons = {(r.lineno, r.reason) for r in cleaned["000_6d9c3534f048a921"][1].removed}
    assert {(5, "dateline"), (7, "repeated"), (9, "repeated"), (19, "call-to-action")} <= reasons


def _clean(text: str):
    return clean_article(Article(id="t", text=text))


def test_rules_generalise_beyond_the_sample_strings():
    body = "Le gouvernement a présenté mercredi son projet de loi de finances pour l'année prochaine."
    page = "\n".join(
        [
            "Accueil › Économie › Budget",
            "Budget : le gouvernement dévoile son projet de loi de finances",
            "Mis à jour le 03/10/2023 à 18h02",
            "1 254",
            "Partager",
            body,
            "À LIRE AUSSI : Les retraites au cœur des débats.",
            "Sur le même sujet : la dette publique atteint un record.",
            "Abonnez-vous à notre newsletter !",
            "Inscrivez-vous pour recevoir nos alertes",
            "Économie France Budget Impôts",
            "Next articleThe markets closed higher on Friday",
            "Partager",
            "Le texte sera débattu à l'Assemblée nationale à partir du 17 octobre, a précisé le ministre.",
        ]
    )
    result = _clean(page)
    assert result.article.text.split("\n") == [
        body,
        "Le texte sera débattu à l'Assemblée nationale à partir du 17 octobre, a précisé le ministre.",
    ]
    assert result.article.title == "Budget : le gouvernement dévoile son projet de loi de finances"
    assert result.article.date == "2023-10-03"
    why = {r.text: r.reason for r in result.removed}
    assert why["À LIRE AUSSI : Les retraites au cœur des débats."] == "teaser"
    assert why["Abonnez-vous à notre newsletter !"] == "call-to-action"
    assert why["Next articleThe markets closed higher on Friday"] == "glued-label"
    assert why["Partager"] == "repeated"


def test_body_text_without_final_period_and_questions_are_kept():
    long_line = " ".join(["mot"] * 30)  # scraped body paragraph that lost its final period
    text = "\n".join(
        [
            "Pourquoi la Russie masse-t-elle des troupes à la frontière ?",
            long_line,
            "Chez Renault, les ventes ont progressé de 5 % au premier trimestre.",
            "Il a conclu : « nous verrons ». Puis il est parti…",
        ]
    )
    assert _clean(text).body_lines == 4


def test_repeated_sentence_is_kept_once():
    s = "Le ministre a démenti toute menace contre le peuple ukrainien vendredi."
    result = _clean(f"{s}\nAutre phrase du corps de l'article, assez longue.\n{s}")
    assert result.article.text.count(s) == 1
    assert result.removed[0].reason == "duplicate of line 1"


def test_cleaning_is_deterministic(sample_dir):
    a = [clean_article(x) for x in load_corpus(sample_dir)]
    b = [clean_article(x) for x in load_corpus(sample_dir)]
    assert a == b


def test_prose_is_never_a_link_label_and_no_article_is_emptied():
    interview = Article(id="3774", text="Q: La musique, en confinement, ce fut un refuge? R: " + "La musique, c'est la base de ma vie. " * 12)
    glued = Article(id="17157", text="Rémunération minimaleÀ l'occasion d'un Facebook live, Benoît a été questionné. " * 6)
    for article in (interview, glued):
        result = clean_article(article)
        assert result.removed == () and result.article.text.replace("\n", "") == article.text.strip()  # glued words split
    short = Article(id="s", text="Q: Vous partez ? R: Oui, demain.")  # every line looks like a teaser
    assert clean_article(short).article.text == short.text  # the only body is kept
    menu = clean_article(Article(id="m", text="Accueil\nPolitique\nConnectez-vous pour lire la suite de cet article\nLire aussi : la suite"))
    assert menu.article.text == ""  # navigation and calls to action are never restored


@pytest.mark.slow
def test_no_line_of_clean_orangesum_text_is_removed(orangesum_dir):
    from eval.orangesum_data import read_split

    removed = emptied = 0
    for split in ("train", "valid", "test"):
        for r in read_split(orangesum_dir, split):
            result = clean_article(Article(id=str(r["id"]), text=r["text"], title=r["title"]))
            removed += len(result.removed)
            emptied += len(result.article.text.split()) < 10
    assert (removed, emptied) == (0, 0)


def test_glued_words_are_split_into_lines_and_names_stay_whole():
    page = (
        "Le ministre a annoncé samedi de nouvelles mesures pour les transports urbains de la région.\n"
        "Des rassemblements à ParisLe groupe a manifesté samedi devant la préfecture de police, sans incident.\n"
        "Le journaliste avait été LibéréDepuis, il vit à Bogota avec sa famille et refuse les interviews.\n"
        "Le patron de McDonald a présenté l'iPhone du groupe sur YouTube et LinkedIn mardi soir, à Paris."
    )
    result = clean_article(Article(id="g", text=page))
    assert result.article.text.split("\n")[1:] == [
        "Des rassemblements à Paris", "Le groupe a manifesté samedi devant la préfecture de police, sans incident.",
        "Le journaliste avait été Libéré", "Depuis, il vit à Bogota avec sa famille et refuse les interviews.",
        "Le patron de McDonald a présenté l'iPhone du groupe sur YouTube et LinkedIn mardi soir, à Paris.",
    ]
    assert result.body_lines == 4 and result.removed == ()  # counted as the page's lines
    unsplit = clean_article(Article(id="g", text=page), CleanerConfig(split_glued=False))
    assert unsplit.article.text == page
