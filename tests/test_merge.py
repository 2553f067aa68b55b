"""Merged summary: attribution, no repetition, conflicts between sources, bad inputs."""

from __future__ import annotations

import pytest

from summarize import Pipeline, PipelineConfig
from summarize.checks import check_attribution, find_conflicts, merge_with_checks, stance
from summarize.merge import ExtractiveMerger, HierarchicalMerger, get_merger, register_merger
from summarize.records import Article, Conflict, EpisodeFlag, MergedSentence, MergedSummary
from summarize.segment import segment
from summarize.summarizers import get_summarizer

PLACE = "Les deux ministres se sont rencontrés vendredi à {} pour discuter de la crise ukrainienne et des sanctions."
TOLL = "L'attaque contre la prison a fait {} morts selon la police locale, qui redoute un bilan plus lourd."
DAY = "Le sommet européen sur l'énergie aura lieu le {} mars prochain dans la capitale belge."
WHO = "Le ministre de l'Intérieur {} a démissionné mardi soir après la publication du rapport."


@pytest.fixture(scope="module")
def sample_run(sample_dir):
    return Pipeline(PipelineConfig(progress=False)).run(sample_dir)


def _articles(*texts: str, lang: str = "fr") -> list[Article]:
    return [Article(id=chr(65 + i), text=t, lang=lang) for i, t in enumerate(texts)]


def _merge(articles, strategy="extractive", conflicts=True):
    documents = [segment(a) for a in articles]
    summaries = get_summarizer("auto").summarize_many(documents)
    return merge_with_checks(get_merger(strategy), documents, summaries, conflicts=conflicts)


def test_sample_corpus_geneva_vienna_stockholm_is_reported(sample_run):
    merged = sample_run.merged
    assert all(isinstance(c, Conflict) for c in merged.conflicts) and all(isinstance(f, EpisodeFlag) for f in merged.flags)
    places = [c for c in merged.conflicts if c.slot == "place" and c.about == "Blinken & Lavrov"]
    assert places, merged.conflicts
    values = places[0].values
    assert values["Genève"] == ("000_6d9c3534f048a921", "004_40520dbe9c86f6d6")
    assert values["Vienne"] == ("001_f6415b89ee64b7cc",)
    assert values["Stockholm"] == ("003_02df2d995b8066f2",)
    assert {a for a, _ in places[0].evidence} == {"000_6d9c3534f048a921", "001_f6415b89ee64b7cc", "003_02df2d995b8066f2", "004_40520dbe9c86f6d6"}
    flagged = {f.article: f for f in merged.flags}
    assert "003_02df2d995b8066f2" in flagged and "Stockholm" in flagged["003_02df2d995b8066f2"].reason
    as_json = merged.to_dict()  # typed until written: dicts only in the JSON form
    assert as_json["conflicts"][0]["values"]["Genève"] == ["000_6d9c3534f048a921", "004_40520dbe9c86f6d6"]
    assert as_json["checks"]["attribution"]["pairs"] == merged.checks.attribution.pairs


def test_sample_merged_summary_is_attributed_sized_and_not_redundant(sample_run):
    merged = sample_run.merged
    assert 80 <= merged.words <= 150
    ids = set(merged.article_ids)
    assert all(s.sources and set(s.sources) <= ids for s in merged.sentences)
    assert any(len(s.sources) >= 2 for s in merged.sentences)  # facts several sources agree on
    assert merged.checks.attribution.precision >= 0.8  # 5/6 measured; see eval/README.md
    assert merged.checks.max_sentence_similarity < 0.5


def test_a_source_that_says_the_opposite_is_not_credited_and_is_a_stance_conflict(sample_run):
    merged = sample_run.merged
    first = merged.sentences[0]
    assert "n'exclut pas une rencontre" in first.text and "002_f6b82e6aaa108cd9" not in first.sources
    stance_conflicts = [c for c in merged.conflicts if c.slot.startswith("stance")]
    assert len(stance_conflicts) == 1 and stance_conflicts[0].slot == "stance (negation)"
    (_, credited), (said, dissent) = stance_conflicts[0].values.items()
    assert dissent == ("002_f6b82e6aaa108cd9",) and "ne se rencontreront pas" in said and credited


@pytest.mark.parametrize(
    "claim, source, kind",
    [
        ("Blinken n'exclut pas une rencontre entre Biden et Poutine.", "Biden et Poutine ne prévoient pas de rencontre.", "negation"),
        ("Aucun coup de feu n'a été tiré.", "Les agresseurs ont alors tiré un coup de feu.", "negation"),
        ("Le Kremlin a démenti que des préparatifs soient en cours.", "Des préparatifs sont en cours, a dit le Kremlin.", "negation"),
        ("Le bilan est passé à 40 morts samedi.", "Le bilan est passé à 45 morts samedi.", "number"),
        ("La direction a décidé de nommer le footballeur.", "La direction envisageait de nommer le footballeur.", "modality"),
        ("Le chômage est en hausse de 2 % en mars.", "Le chômage est en baisse de 2 % en mars.", "direction"),
    ],
)
def test_stance_rules_see_the_opposite(claim, source, kind):
    assert stance(claim, source).kind == kind


@pytest.mark.parametrize(
    "claim, source",
    [
        ("Il n'épargne pas Jean-Paul Belmondo.", "Il a évoqué Jean-Paul Belmondo, qu'il n'a pas épargné."),  # both negative
        ("Les États-Unis ne comptent pas régler leurs différends en une rencontre.", "Washington ne compte pas régler ses différends en une seule rencontre."),
        ("Le bilan est de 40 morts.", "Quarante morts : le bilan est de 40 morts selon les secours."),
    ],
)
def test_stance_rules_leave_agreeing_sentences_alone(claim, source):
    assert not stance(claim, source).contradicts


@pytest.mark.parametrize(
    "template, values, slot",
    [(PLACE, ("Genève", "Vienne"), "place"), (TOLL, ("40", "45"), "number (morts)"),
     (DAY, ("12", "14"), "date"), (WHO, ("Jean Dupont", "Paul Martin"), "person")],
)
def test_two_sources_same_fact_different_value(template, values, slot):
    arts = _articles(template.format(values[0]), template.format(values[1]))
    report = find_conflicts(arts)
    found = [c for c in report.conflicts if c.slot == slot]
    assert len(found) == 1, report.conflicts
    assert sorted(found[0].values) == sorted(
        {"place": values, "date": tuple(f"{v} mars" for v in values), "number (morts)": tuple(f"{v} morts" for v in values),
         "person": tuple(v.split()[-1] for v in values)}[slot]
    )
    assert {a for arts_ in found[0].values.values() for a in arts_} == {"A", "B"}


def test_same_fact_same_values_is_no_conflict():
    arts = _articles(PLACE.format("Genève") + " " + TOLL.format("40"), TOLL.format("40") + " " + PLACE.format("Genève"))
    assert find_conflicts(arts).conflicts == ()


def test_duplicated_article_is_merged_once_and_credited_twice():
    text = PLACE.format("Genève") + " " + TOLL.format("40") + " " + WHO.format("Jean Dupont")
    arts = [Article(id="A", text=text, lang="fr"), Article(id="B", text=text, lang="fr")]
    merged = _merge(arts)
    texts = [s.text for s in merged.sentences]
    assert len(texts) == len(set(texts)) == 3
    assert all(s.sources == ("A", "B") for s in merged.sentences)
    assert merged.conflicts == ()


def test_one_article_and_empty_set():
    one = _articles(PLACE.format("Genève") + " " + TOLL.format("40"))
    merged = _merge(one)
    assert merged.sentences and all(s.sources == ("A",) for s in merged.sentences) and merged.conflicts == ()
    with pytest.raises(ValueError, match="nothing to merge"):
        ExtractiveMerger().merge([], [])
    with pytest.raises(ValueError, match="nothing to merge"):
        HierarchicalMerger().merge([], [])


def test_mixed_languages_merge_the_majority_language_and_say_so():
    arts = _articles(PLACE.format("Genève"), PLACE.format("Genève") + " " + TOLL.format("40"))
    arts.append(Article(id="EN", lang="en", text="The two ministers met on Friday in Geneva to discuss the crisis in Ukraine and sanctions."))
    summaries = get_summarizer("auto").summarize_many(arts)
    merged = merge_with_checks(get_merger("extractive"), arts, summaries)
    assert merged.checks.excluded == ("EN",) and merged.checks.languages == {"fr": 2, "en": 1}
    assert "EN" not in merged.article_ids


def test_hierarchical_strategy_and_bad_strategy(sample_run):
    merged = _merge(sample_run.articles, "hierarchical", conflicts=False)
    assert merged.method.startswith("hierarchical(") and 0 < merged.words <= 150
    assert all(s.sources for s in merged.sentences)
    with pytest.raises(ValueError, match="unknown merger 'magic'; expected one of: extractive, hierarchical"):
        get_merger("magic")
    with pytest.raises(ValueError, match="unknown merger"):
        PipelineConfig(merge_strategy="magic")


def test_attribution_check_catches_a_wrong_source():
    arts = _articles(PLACE.format("Genève"), TOLL.format("40"))
    wrong = MergedSummary(sentences=(MergedSentence(PLACE.format("Genève"), ("A", "B")),), method="x")
    check = check_attribution(wrong, arts)
    assert check.pairs == 2 and check.supported == 1 and check.precision == 0.5


def test_the_merged_length_is_given_to_merge_not_to_the_merger():
    with pytest.raises(ValueError, match="not a merger parameter \\(max_words\\).*merged_words"):
        get_merger("extractive", max_words=100)
    with pytest.raises(ValueError, match="--merged-words"):
        PipelineConfig(merger_options={"max_words": 100})

    class NoLength:
        name = "no-length"

        def merge(self, documents, summaries):
            return MergedSummary(sentences=(), method=self.name)

    with pytest.raises(ValueError, match="must take merge\\(documents, summaries, length=None\\)"):
        register_merger("no-length", NoLength)


def test_the_extractive_merger_checks_its_model_at_construction():
    with pytest.raises(FileNotFoundError, match="train_extractive"):
        get_merger("extractive", model="nope")
    assert get_merger("extractive").model == "orangesum-ext-fr-v1"
