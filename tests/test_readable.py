"""Readable summary sentences: each defect kind on real-looking sentences (and its look-alikes
that are fine), quote repair, glued words on a real page line, and summaries that avoid defects."""

from __future__ import annotations

import pytest

from summarize import Article, Pipeline, PipelineConfig
from summarize.load import shared_dir
from summarize.readable import (
    ReadableConfig,
    glue_points,
    readable_version,
    repair_quotes,
    sentence_defects,
    split_glued,
    summary_defects,
)
from summarize.records import Length
from summarize.segment import segment
from summarize.summarizers import get_summarizer, select_ranked

BLINKEN = "Antony Blinken a rencontré Sergueï Lavrov vendredi à Genève."


@pytest.mark.parametrize(
    "sentence, previous, defects",
    [
        # headings: no final punctuation, short, capitalised
        ("Des rassemblements à Paris", (), ("heading",)),
        ("Recrudescence des actes antisémites", (), ("heading",)),
        ("Le gouvernement a annoncé de nouvelles mesures.", (), ()),
        # bare questions, and questions with a verb or subject of their own
        ("Ses projets ?", (), ("bare_question",)),
        ("Pour combien de temps ?", (), ("bare_question",)),
        ("La raison ?", (), ("bare_question",)),
        ("Que faut-il faire ?", (), ()),
        ("Qui est le nouveau ministre ?", (), ()),
        ("Le gouvernement va-t-il reculer sur la réforme des retraites ?", (), ()),
        # dangling references: nothing before them in the summary
        ("C'est le nom que l'armée colombienne a donné à l'opération.", (), ("dangling_reference",)),
        ("C'est le nom que l'armée colombienne a donné à l'opération.", ("L'opération Jaque a libéré quinze otages.",), ()),
        ("Voici les principaux points du rapport, qui doit être remis jeudi.", (), ("dangling_reference",)),
        ("Ce dernier a démenti toute rencontre.", (), ("dangling_reference",)),
        ("Celui-ci a démenti toute rencontre.", (), ("dangling_reference",)),
        ("Lui aussi a démenti toute rencontre.", (), ("dangling_reference",)),
        ("Cela a provoqué la colère des syndicats.", (), ("dangling_reference",)),
        ("Mais le texte a été adopté mardi.", (), ("dangling_reference",)),
        ("Mais le texte a été adopté mardi.", (BLINKEN,), ()),
        ("En revanche, la Russie refuse tout retrait.", (), ("dangling_reference",)),
        ("Pourtant, la Russie refuse tout retrait.", (), ("dangling_reference",)),
        ("Il a promis une réponse écrite d'ici une semaine.", (), ("dangling_reference",)),
        ("Il a promis une réponse écrite d'ici une semaine.", (BLINKEN,), ()),
        ("Il a promis une réponse écrite d'ici une semaine.", ("Le ministre a parlé à la presse.",), ("dangling_reference",)),
        ("« Il est cinglé », affirme le cuisinier de Donald Trump.", (), ()),
        # look-alikes that need nothing before them
        ("Il y a deux ans, la ville comptait 3 000 habitants.", (), ()),
        ("Il faut attendre la fin de l'enquête.", (), ()),
        ("Cela fait deux ans que le chantier est arrêté.", (), ()),
        ("Ce matin, le ministre a annoncé sa démission.", (), ()),
        ("Celine Dion a annoncé une tournée.", (), ()),
        ("Maintenant, le gouvernement doit trancher.", (), ()),
        # quotes and brackets
        ("Lavrov a déclaré : « Nous irons à Genève.", (), ("unbalanced_quotes",)),
        ("Nous irons à Genève », a déclaré M. Lavrov.", (), ("unbalanced_quotes",)),
        ('Le ministre a qualifié l\'accord de "historique.', (), ("unbalanced_quotes",)),
        ("Le texte (voté mardi a été publié au Journal officiel.", (), ("unbalanced_quotes",)),
        ('Le "oui" l\'emporte avec 52 % des voix, selon les résultats (provisoires).', (), ()),
        ("Lavrov a qualifié de « francs » les entretiens avec son homologue.", (), ()),
        ("« Nous irons à Genève », a déclaré M. Lavrov.", (), ()),
        # glued words, and mixed-case names
        ("Le secrétaire d'État, Antoine BlinkIl a promis une réponse.", (), ("glued_words",)),
        ("Le journaliste avait été LibéréDepuis, il vit à Bogota.", (), ("glued_words",)),
        ("Le film met en valeur le héros blancMue par la joie, la foule applaudit.", (), ("glued_words",)),
        ("Des rassemblements à ParisLe groupe a manifesté samedi.", (), ("glued_words",)),
        ("Le patron de McDonald a présenté l'iPhone sur YouTube et LinkedIn.", (), ()),
        ("Les élus MoDem et Leonardo DiCaprio ont réagi sur eBay.", (), ()),
        # incomplete sentences
        ("a été interpellé samedi en marge de la manifestation.", (), ("incomplete",)),
        ("Le président de la République a déclaré mardi soir devant la presse réunie à l'Élysée :", (), ("incomplete",)),
        ("Le ministre a déclaré,", (), ("incomplete",)),
        (
            "Le ministre russe des affaires étrangères, Sergueï Lavrov, a déclaré ce vendredi que le secrétaire "
            "d'État américain, Antoine Blink",
            (), ("incomplete",),
        ),
        ("Le texte sera examiné... ou pas.", (), ()),
        ("2022 sera une année décisive pour l'Europe.", (), ()),
    ],
)
def test_defects_of_a_sentence(sentence, previous, defects):
    assert sentence_defects(sentence, previous=previous, lang="fr") == defects


def test_word_lists_follow_the_language_with_a_generic_fallback():
    assert sentence_defects("However, the bill passed on Tuesday.", lang="en") == ("dangling_reference",)
    assert sentence_defects("He promised a written answer.", lang="en") == ("dangling_reference",)
    assert sentence_defects("He promised a written answer.", previous=[BLINKEN], lang="en") == ()
    assert sentence_defects("This week, the bill passed.", lang="en") == ()
    assert sentence_defects("What next?", lang="en") == ("bare_question",)
    assert sentence_defects("Who is the new minister?", lang="en") == ()
    # no word lists for German: no dangling references, short questions only, generic rules hold
    assert sentence_defects("Aber das Gesetz wurde verabschiedet.", lang="de") == ()
    assert sentence_defects("Warum?", lang="de") == ("bare_question",)
    assert sentence_defects("Die Regierung hat „neue“ Regeln", lang="de") == ("heading",)
    assert sentence_defects("Er hat gesagt: « Wir gehen.", lang="de") == ("unbalanced_quotes",)


def test_thresholds_are_a_config():
    long_heading = "Des rassemblements à Paris et dans les grandes villes de France"
    assert sentence_defects(long_heading) == ("heading",)
    assert sentence_defects(long_heading, config=ReadableConfig(heading_max_words=5)) == ("incomplete",)
    with pytest.raises(ValueError, match=">= 1"):
        ReadableConfig(question_max_words=0)


def test_summary_defects_reads_each_sentence_after_the_ones_before():
    summary = ["Il a promis une réponse.", BLINKEN, "Il a promis une réponse.", "Ses projets ?"]
    assert summary_defects(summary) == [(0, "dangling_reference"), (3, "bare_question")]
    assert summary_defects([]) == []


@pytest.mark.parametrize(
    "sentence, repaired",
    [
        ("Il a déclaré : « Nous irons à Genève.", "Il a déclaré : « Nous irons à Genève. »"),
        ("Nous irons à Genève », a déclaré M. Lavrov.", "« Nous irons à Genève », a déclaré M. Lavrov."),
        ('"J\'espère que la justice fera son travail.', '"J\'espère que la justice fera son travail."'),
        ("“We will go to Geneva.", "“We will go to Geneva.”"),
        # a stray mark of the page after the final stop goes
        ('Mais je connais le prix à payer", a déclaré le président."', '"Mais je connais le prix à payer", a déclaré le président.'),
        ("Il a qualifié de « francs » les entretiens.", "Il a qualifié de « francs » les entretiens."),
        ("Le texte (voté mardi a été publié.", None),  # a bracket: no telling where it ends
        ("Il a dit « non » et « peut-être.", "Il a dit « non » et « peut-être. »"),
        ("Il a dit « non et « peut-être.", None),  # two quotes to mend
        ("Il a déclaré : «", None),  # nothing quoted
    ],
)
def test_repair_quotes(sentence, repaired):
    assert repair_quotes(sentence) == repaired
    if repaired is not None:
        assert "unbalanced_quotes" not in sentence_defects(repaired)


def test_readable_version():
    assert readable_version("Lavrov a déclaré : « Nous irons.") == "Lavrov a déclaré : « Nous irons. »"
    assert readable_version("Il a déclaré : « Nous irons.") is None  # mended, still dangling
    assert readable_version("Il a déclaré : « Nous irons.", previous=[BLINKEN]) == "Il a déclaré : « Nous irons. »"
    assert readable_version(BLINKEN) == BLINKEN
    assert readable_version("Ses projets ?") is None
    assert readable_version("nous irons à Genève », a-t-il dit.") is None  # repaired, still incomplete


def test_glued_words_split_on_a_real_sample_line(sample_dir):
    line = (sample_dir / "004_40520dbe9c86f6d6.txt").read_text(encoding="utf-8").split("\n")[0]
    first, second = split_glued(line, "fr").split("\n")
    assert first.endswith("le secrétaire d’État américain, Antoine Blink")
    assert second.startswith("Il a promis lors de la réunion conjointe à Genève")
    assert "incomplete" in sentence_defects(first) and sentence_defects(second, previous=[first]) == ()


def test_no_false_glue_splits_on_rpm2_and_one_true_one_in_the_sample_bodies(sample_dir):
    from summarize.clean import CleanerConfig, clean_article
    from summarize.load import load_corpus

    rpm2 = sorted((shared_dir() / "data" / "rpm2" / "documents").glob("*.txt"))
    if not rpm2:
        pytest.skip("RPM2 is not in the shared folder")
    assert sum(len(glue_points(p.read_text(encoding="utf-8-sig"), "fr")) for p in rpm2) == 0  # 200 documents
    split = [
        (a.id, n)
        for a in load_corpus(sample_dir)
        for n in [len(clean_article(a).article.text.split("\n")) - len(clean_article(a, CleanerConfig(split_glued=False)).article.text.split("\n"))]
        if n
    ]
    assert split == [("004_40520dbe9c86f6d6", 1)]


def test_selection_passes_over_defective_sentences_but_never_returns_nothing():
    sentences = [
        "Des rassemblements à Paris",
        "C'est le nom que l'armée colombienne a donné à l'opération.",
        "L'opération Jaque a libéré quinze otages dont Ingrid Betancourt.",
        "Ses projets ?",
        "Les otages ont été transférés à Bogota dans la soirée.",
    ]
    scores = [0.9, 0.8, 0.5, 0.7, 0.4]
    # the heading and the bare question are no candidates; "C'est..." comes after its antecedent
    assert select_ranked(sentences, scores, Length(sentences=2), candidates=3) == [2, 4]
    assert select_ranked(sentences, scores, Length(sentences=2), candidates=3, avoid=["L'opération Jaque."]) == [1, 2]
    assert select_ranked(sentences, scores, Length(sentences=2), candidates=3, readable=False) == [0, 1]
    # only defective sentences: the best, as without the check
    assert select_ranked(sentences[:1] + sentences[3:4], [0.9, 0.7], Length(sentences=1)) == [0]
    # a target of K sentences is met with defective sentences last
    assert select_ranked(sentences, scores, Length(sentences=4), target=True) == [0, 2, 3, 4]


def test_a_summary_passes_over_a_sentence_cut_out_of_a_quotation():
    doc = segment(Article(id="q", text=(
        "« Nous irons à Genève vendredi pour parler de sécurité avec les Russes. Nous verrons alors », a-t-il dit. "
        "Antony Blinken rencontrera Sergueï Lavrov à Genève vendredi."
    ), lang="fr"))
    scores = [0.9, 0.1, 0.5]
    assert select_ranked(list(doc.sentences), scores, Length(sentences=1)) == [2]
    assert select_ranked(list(doc.sentences), scores, Length(sentences=1), readable=False) == [0]
    summary = get_summarizer("textrank").summarize(doc, length=Length(sentences=1))
    assert summary_defects(summary.sentences) == [] and set(summary.sentences) <= set(doc.sentences)


def test_per_article_summaries_of_the_sample_corpus_have_no_defect(sample_dir):
    result = Pipeline(PipelineConfig(progress=False, conflicts=False)).run(sample_dir)
    assert len(result.summaries) == 5
    assert {s.id: summary_defects(s.sentences, lang=s.lang) for s in result.summaries} == {s.id: [] for s in result.summaries}
