"""French sentence segmentation on a table of tricky cases."""

from __future__ import annotations

import pytest

from summarize.segment import SentenceSplitter, split_sentences, supported_languages

CASES = [
    # abbreviations and titles
    ("M. Blinken a parlé. Mme Dupont aussi.", ["M. Blinken a parlé.", "Mme Dupont aussi."]),
    ("Le Dr Martin et St Jean. Le Pr. Durand répond.", ["Le Dr Martin et St Jean.", "Le Pr. Durand répond."]),
    ("MM. Macron et Scholz sont arrivés. Ils parlent.", ["MM. Macron et Scholz sont arrivés.", "Ils parlent."]),
    ("Le P.-D.G. de Renault est là. Il parle.", ["Le P.-D.G. de Renault est là.", "Il parle."]),
    ("Le P.-D.G. Carlos Ghosn parle.", ["Le P.-D.G. Carlos Ghosn parle."]),
    ("Les U.S.A. Et la suite.", ["Les U.S.A. Et la suite."]),  # dotted acronym never ends a sentence
    # initials
    ("J. K. Rowling écrit. Antony J. Blinken lit.", ["J. K. Rowling écrit.", "Antony J. Blinken lit."]),
    # guillemets and quotes
    ("« Nous sommes prêts. » Il a ajouté : « Rien. »", ["« Nous sommes prêts. »", "Il a ajouté : « Rien. »"]),
    (
        "Ont-ils le sentiment que nous allons rester les bras croisés ? » a déclaré M. Poutine.",
        ["Ont-ils le sentiment que nous allons rester les bras croisés ? » a déclaré M. Poutine."],
    ),
    ("Il a dit “c’est fini.” Puis il est parti.", ["Il a dit “c’est fini.”", "Puis il est parti."]),
    ("Il a parlé. « Jamais », a-t-il dit.", ["Il a parlé.", "« Jamais », a-t-il dit."]),
    ('Il a dit. "Nous sommes prêts", a-t-il ajouté.', ["Il a dit.", '"Nous sommes prêts", a-t-il ajouté.']),
    ('Il a dit "oui." Puis il est parti.', ['Il a dit "oui."', "Puis il est parti."]),
    # ellipses
    ("Il a dit... Puis il est parti.", ["Il a dit...", "Puis il est parti."]),
    ("Ils attendent… et rien ne vient.", ["Ils attendent… et rien ne vient."]),
    ("Notre porte… Ils devraient comprendre.", ["Notre porte…", "Ils devraient comprendre."]),
    ("« Nous voulons (...) la paix », dit-il.", ["« Nous voulons (...) la paix », dit-il."]),
    ("Il a cité « [...] Les accords » hier.", ["Il a cité « [...] Les accords » hier."]),
    # numbers and dates
    ("Le 21.01.2022, à 4 500 km. En 1997, rien.", ["Le 21.01.2022, à 4 500 km.", "En 1997, rien."]),
    ("Il est né en 1997. 2022 fut une année difficile.", ["Il est né en 1997.", "2022 fut une année difficile."]),
    ("Le taux est de 3.5 % cette année.", ["Le taux est de 3.5 % cette année."]),
    # glued sentences (missing space)
    ("Les diplomates américains.Au lendemain, rien.", ["Les diplomates américains.", "Au lendemain, rien."]),
    ("Il est parti en 2021.Le lendemain, rien.", ["Il est parti en 2021.", "Le lendemain, rien."]),
    ("C'est fini (AFP).Le reste suit.", ["C'est fini (AFP).", "Le reste suit."]),
    ("Voir Orange.fr et M.Dupont demain.", ["Voir Orange.fr et M.Dupont demain."]),
    ("Qui sait?Personne ne répond!Vraiment.", ["Qui sait?", "Personne ne répond!", "Vraiment."]),
    # other punctuation, lower-case continuations, newlines
    ("Vraiment ?! Oui. non, pas vraiment.", ["Vraiment ?!", "Oui. non, pas vraiment."]),
    ("Premier paragraphe sans point\nSecond paragraphe.", ["Premier paragraphe sans point", "Second paragraphe."]),
    ("Une phrase.\n.\nUne autre.", ["Une phrase.", "Une autre."]),  # punctuation-only pieces dropped
    ("", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_french_cases(text, expected):
    assert split_sentences(text, "fr") == expected


def test_spans_point_into_the_text():
    text = "M. Blinken arrive.Il parle.\n« Bien. » Fin."
    assert SentenceSplitter("fr").spans(text) == [(0, 18), (18, 27), (28, 37), (38, 42)]


def test_spans_cover_the_text_in_order_with_only_whitespace_between(orangesum_dir):
    import json

    splitter = SentenceSplitter("fr")
    with (orangesum_dir / "abstract_valid.jsonl").open(encoding="utf-8") as f:
        docs = [json.loads(line)["text"] for _, line in zip(range(200), f)]
    for doc in docs:
        spans = splitter.spans(doc)
        assert spans and all(s < e for s, e in spans)
        bounds = [0] + [x for span in spans for x in span] + [len(doc)]
        gaps = [doc[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
        assert all(not g.strip() or not any(ch.isalnum() for ch in g) for g in gaps)  # nothing but spaces/punctuation lost
        assert all(doc[s:e] == doc[s:e].strip() for s, e in spans)


def test_language_without_rules_falls_back_to_the_generic_rules():
    splitter = SentenceSplitter("fr")
    assert splitter.rules_for("de") == "de" and splitter.rules_for("zh") is None and splitter.rules_for(None) == "fr"
    assert splitter.split("M. Dupont est là. Il parle.", "zh") == ["M. Dupont est là.", "Il parle."]


def test_english_abbreviations():
    assert split_sentences("Mr. Smith met Dr. Jones. They talked.", "en") == [
        "Mr. Smith met Dr. Jones.",
        "They talked.",
    ]


def test_language_without_rules_is_split_not_refused():
    assert {"fr", "en", "de", "es", "it"} <= set(supported_languages())
    assert "xx" not in supported_languages()
    assert SentenceSplitter("xx").split("Un point. Deux points.") == ["Un point.", "Deux points."]


def test_orangesum_glued_sentences_are_split(orangesum_dir):
    import json
    import re

    glued = re.compile(r"[a-zà-ÿ]{2}\.[A-ZÀ-Ý][a-zà-ÿ]")
    with (orangesum_dir / "abstract_test.jsonl").open(encoding="utf-8") as f:
        docs = [json.loads(line)["text"] for line in f][:300]
    with_glue = [d for d in docs if glued.search(d)]
    assert len(with_glue) > 100  # the problem is real in this corpus
    for doc in with_glue:
        for sentence in split_sentences(doc):
            m = glued.search(sentence)
            # what remains glued is an abbreviation or a domain, never two sentences
            assert m is None or sentence[: m.start() + 2].rsplit(None, 1)[-1].lower() in {"etc", "cf"} or ".fr" in sentence or ".com" in sentence, sentence


def test_a_sentence_without_end_is_cut_so_that_summaries_stay_bounded():
    from summarize.records import Article
    from summarize.segment import MAX_SENTENCE_CHARS
    from summarize.summarizers import get_summarizer

    text = "Le ministre parle encore " * 18_000  # 450,000 characters, not one full stop
    pieces = SentenceSplitter("fr").split(text)
    assert len(pieces) > 100 and max(map(len, pieces)) <= MAX_SENTENCE_CHARS
    assert " ".join(pieces) == " ".join(text.split())  # nothing lost, cut at spaces
    chinese = SentenceSplitter("fr").split("字" * 10_000, "zh")
    assert [len(p) for p in chinese] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 2_000]
    summary = get_summarizer("lead-1").summarize(Article(id="long", text=text, lang="fr"))
    assert len(summary.text) <= MAX_SENTENCE_CHARS
