"""Offline summarizers: the shipped supervised model, TextRank, centroid+MMR, routing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO
from summarize import Pipeline, PipelineConfig
from summarize.ranking import (
    FEATURE_NAMES,
    LEXICAL_FEATURE_NAMES,
    LexicalScorer,
    TreeEnsemble,
    load_model,
    model_path,
    sentence_features,
)
from summarize.ranking.lexical import HASHING, hashing_vectorizer
from summarize.records import Article, Length
from summarize.segment import SentenceSplitter, segment
from summarize.selection import select
from summarize.summarizers import (
    CentroidMMRSummarizer,
    LanguageRouter,
    SupervisedExtractiveSummarizer,
    TextRankSummarizer,
    get_summarizer,
    headline,
    select_ranked,
)
from summarize.summarizers.graph import pagerank

ARTICLE = Article(
    id="a",
    lang="fr",
    title="Blinken et Lavrov se rencontrent à Genève sur l'Ukraine",
    text=(
        "Le secrétaire d'Etat américain Antony Blinken a rencontré vendredi à Genève son homologue "
        "russe Sergueï Lavrov pour parler de l'Ukraine. La rencontre a duré une heure et demie. "
        "Les deux ministres ont jugé l'échange utile, sans rapprocher leurs positions sur l'Ukraine. "
        "Il faisait beau sur le lac. Washington enverra une réponse écrite la semaine prochaine. "
        "Moscou réclame des garanties de sécurité et nie toute menace contre l'Ukraine."
    ),
)


def test_shipped_model_is_small_and_documented():
    path = model_path("orangesum-ext-fr")
    assert path.stat().st_size < 5_000_000
    model = load_model()
    meta = model.metadata
    assert meta["name"] == "ext-fr" and meta["lang"] == "fr" and meta["seed"] == 0
    assert meta["feature_names"] == list(FEATURE_NAMES + LEXICAL_FEATURE_NAMES) and model.lexical is not None
    assert meta["lexical"]["hashing"] == HASHING and isinstance(meta["title_first"], bool)
    assert meta["data"]["train_articles"] == 21401 and meta["budget_words"] in range(30, 70)
    assert meta["export_max_difference"] <= 1e-9
    # every setting tried on valid is recorded, with and without titles
    modes = {key.split(",")[0] for key in meta["valid_scores_fr"]}
    assert modes == {"title_first", "sentences_only", "untitled"}


def test_first_model_still_loads_and_scores():
    v1 = load_model("orangesum-ext-fr-v1")
    assert v1.lexical is None and v1.feature_names == FEATURE_NAMES and v1.metadata["name"] == "ext-fr-v1"
    sentences = SentenceSplitter("fr").split(ARTICLE.text)
    assert v1.score(sentences, ARTICLE.title).shape == (len(sentences),)
    out = SupervisedExtractiveSummarizer(model="orangesum-ext-fr-v1").summarize(ARTICLE)
    assert out.model == "ext-fr-v1" and set(out.sentences) <= set(sentences)


def test_lexical_scorer_is_the_logistic_regression_it_was_fitted_as():
    from sklearn.linear_model import LogisticRegression

    sentences = [
        "Le gouvernement a annoncé mardi une hausse des prix.", "Il faisait beau.", "Trois morts dans un accident.",
        "Lire aussi notre article.", "Le président a été élu dimanche.", "Merci de votre lecture.",
    ]
    labels = [1, 0, 1, 0, 1, 0]
    lr = LogisticRegression(C=1.0, solver="liblinear").fit(hashing_vectorizer().transform(sentences), labels)
    scorer = LexicalScorer(lr.coef_.ravel(), float(lr.intercept_[0]), dict(HASHING))
    assert np.allclose(scorer.decision(sentences), lr.decision_function(hashing_vectorizer().transform(sentences)), atol=1e-12)
    X = scorer.features(sentences)
    assert X.shape == (6, len(LEXICAL_FEATURE_NAMES))
    best = int(np.argmax(X[:, 0]))
    assert X[best, 1] == 0.0 and X[best, 2] == 0.0 and (X[:, 2] <= 0).all()  # rank 0 and no gap for the best
    assert scorer.decision([]).shape == (0,) and scorer.features([]).shape == (0, 3)


def test_summary_opens_with_the_title_when_tuned_so():
    on = SupervisedExtractiveSummarizer(title_first=True).summarize(ARTICLE)
    off = SupervisedExtractiveSummarizer(title_first=False).summarize(ARTICLE)
    sentences = SentenceSplitter("fr").split(ARTICLE.text)
    assert on.sentences[0] == headline(ARTICLE.title) == ARTICLE.title + "."
    assert set(on.sentences[1:]) <= set(sentences) and set(off.sentences) <= set(sentences)
    untitled = Article(id="u", lang="fr", text=ARTICLE.text)
    assert set(SupervisedExtractiveSummarizer(title_first=True).summarize(untitled).sentences) <= set(sentences)
    assert headline("Une question ?") == "Une question ?" and headline(" Deux\n lignes ") == "Deux lignes."
    default = SupervisedExtractiveSummarizer().summarize(ARTICLE)
    assert default.sentences == (on if load_model().metadata["title_first"] else off).sentences


def test_title_first_takes_only_a_boolean_and_the_title_is_not_said_twice():
    for bad in ("no", "False", 1):
        with pytest.raises(ValueError, match="title_first must be true or false"):
            SupervisedExtractiveSummarizer(title_first=bad)
    # a sentence that repeats the title is skipped, as one that repeats a kept sentence
    one = Article(id="o", lang="fr", title="Hausse du prix de l'électricité", text="Hausse du prix de l'électricité.")
    assert SupervisedExtractiveSummarizer(title_first=True).summarize(one).sentences == ("Hausse du prix de l'électricité.",)
    assert SupervisedExtractiveSummarizer(title_first=False).summarize(one).sentences == ("Hausse du prix de l'électricité.",)
    # a budget's sentences count the sentences of the text; the title comes on top
    capped = SupervisedExtractiveSummarizer(title_first=True).summarize(ARTICLE, length=Length(words=60, sentences=1)).sentences
    assert len(capped) == 2 and capped[0] == ARTICLE.title + "."
    # a target selects sentences of the text only
    target = SupervisedExtractiveSummarizer(title_first=True).summarize(ARTICLE, length=Length(sentences=1)).sentences
    assert len(target) == 1 and target[0] != ARTICLE.title + "."


def test_a_length_is_not_a_summarizer_parameter():
    for key, hint in (("max_words", "words="), ("max_sentences", "sentences=")):
        with pytest.raises(ValueError, match=f"not a summarizer parameter \\({key}\\).*{hint}"):
            get_summarizer("textrank", **{key: 60})
    with pytest.raises(ValueError, match="--words"):
        PipelineConfig(summarizer="ext-fr", summarizer_options={"max_words": 60})


def test_auto_says_which_summarizer_takes_an_ext_fr_parameter():
    with pytest.raises(ValueError, match="--summarizer ext-fr"):
        get_summarizer("auto", title_first=False)


def test_supervised_summarizer_picks_relevant_sentences_deterministically():
    first = SupervisedExtractiveSummarizer().summarize(ARTICLE)
    assert first.model == "ext-fr" and first.words <= load_model().metadata["budget_words"] + 40
    sentences = SentenceSplitter("fr").split(ARTICLE.text)
    # The shipped model's choice (a regression value): the title, the lead, the outcome; not the weather.
    assert first.sentences == (ARTICLE.title + ".", sentences[0], sentences[2])
    without_title = SupervisedExtractiveSummarizer(title_first=False).summarize(ARTICLE).sentences
    assert sentences[0] in without_title and sentences[2] in without_title and sentences[3] not in without_title


@pytest.mark.slow
def test_supervised_summarizer_is_the_same_across_processes_and_hash_seeds():
    first = SupervisedExtractiveSummarizer().summarize(ARTICLE)
    # Other processes, with other hash seeds (set iteration order), choose the same sentences.
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); from test_extractive import ARTICLE; "
        "from summarize.summarizers import SupervisedExtractiveSummarizer as S; "
        "print(json.dumps(S().summarize(ARTICLE).sentences))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True)
        assert tuple(json.loads(out.stdout)) == first.sentences


def test_supervised_summarizer_refuses_other_languages_and_missing_models():
    with pytest.raises(ValueError, match="use the 'auto' or 'ext-multi'"):
        SupervisedExtractiveSummarizer().summarize(Article(id="e", text="The minister spoke today.", lang="en"))
    with pytest.raises(FileNotFoundError, match="python -m eval.train_extractive"):
        SupervisedExtractiveSummarizer(model="no-such-model")


def test_features_shape_and_no_title():
    X = sentence_features(["Une phrase.", "Une autre phrase plus longue ici."], None, {}, 5.0)
    assert X.shape == (2, len(FEATURE_NAMES))
    assert X[:, FEATURE_NAMES.index("has_title")].tolist() == [0.0, 0.0]
    assert sentence_features([], "t", {}, 5.0).shape == (0, len(FEATURE_NAMES))


def test_tree_export_matches_scikit_learn():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 5))
    y = (X[:, 0] + X[:, 1] ** 2 > 0.5).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(X, y)
    trees = TreeEnsemble.from_sklearn(clf)
    Xt = rng.normal(size=(100, 5))
    Xt[0, 2] = np.nan
    assert np.allclose(trees.predict_proba(Xt), clf.predict_proba(Xt)[:, 1], rtol=0, atol=1e-12)
    again = TreeEnsemble.from_arrays(trees.to_arrays())
    assert np.array_equal(again.decision_function(Xt), trees.decision_function(Xt))


def test_selection_respects_budget_and_redundancy():
    sents = [
        "Blinken rencontre Lavrov vendredi matin à Genève pour parler sécurité.",
        "Vendredi matin, Blinken rencontre Lavrov à Genève pour parler sécurité.",
        "Il pleut.",
        "Moscou attend une réponse écrite des Américains la semaine prochaine sur ses demandes.",
    ]
    budget = Length(words=30, sentences=3)
    keep = select_ranked(sents, [0.9, 0.8, 0.1, 0.5], budget, candidates=3, fill=1.0)
    assert keep == [0, 3]  # sentence 1 repeats sentence 0; sentence 3 fits the budget
    assert select_ranked(sents, [0.1, 0.2, 0.3, 0.9], Length(words=5, sentences=3), candidates=3) == [3]  # best always kept
    # only the 3 best-scored sentences are candidates: "Il pleut." (4th) never pads the summary
    assert select_ranked(sents, [0.9, 0.8, 0.1, 0.5], Length(words=100, sentences=3), candidates=3, fill=1.0) == [0, 3]
    # a text to avoid (the title) counts as said
    assert select_ranked(sents, [0.9, 0.8, 0.1, 0.5], budget, candidates=3, fill=1.0, avoid=[sents[1]]) == [3]


def test_a_length_in_words_keeps_the_best_sentence():
    sentences = ["Un deux trois quatre cinq six sept huit neuf dix.", "Onze.", "Douze treize."]
    assert select_ranked(sentences, [0.9, 0.2, 0.1], Length(words=3), target=True) == [0]  # the best, even over the budget
    assert select_ranked(sentences, [0.9, 0.2, 0.1], Length(words=12), target=True) == [0, 1]  # then what fits


def test_one_selector_reads_a_length_as_a_budget_or_a_target():
    sizes = [5, 5, 3, 1]
    assert select([0, 1, 2, 3], sizes, Length(words=9)) == [0, 2, 3]  # a budget: never past 9 words
    assert select([0, 1, 2, 3], sizes, Length(words=9), fill=0.5) == [0]  # stops at half the words
    assert select([0, 1, 2, 3], sizes, Length(words=9, sentences=2)) == [0, 2]
    assert select([0, 2, 3, 1], sizes, Length(words=10), target=True) == [0, 2, 3]  # 9, and 14 is not closer to 10
    assert select([0, 2, 1], sizes, Length(words=10), target=True) == [0, 2]  # 8, and 13 is not closer
    assert select([0, 3, 1], sizes, Length(words=10), target=True) == [0, 3, 1]  # 6, then 11 is closer
    # a target in sentences keeps the count even with repeats; a budget does not
    never = lambda i, kept: i == 1  # noqa: E731
    assert select([0, 1, 2], sizes, Length(sentences=3), skip=never, target=True) == [0, 2, 1]
    assert select([0, 1, 2], sizes, Length(sentences=3), skip=never) == [0, 2]
    # a lazy order sees what was kept
    kept: list[int] = []
    assert select((i for i in range(4) if len(kept) < 2), sizes, Length(words=50), chosen=kept) == [0, 1] == kept


def test_pagerank_prefers_the_hub():
    w = np.array([[0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]], float)
    r = pagerank(w)
    assert r.argmax() == 0 and r.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("summarizer", [TextRankSummarizer(), CentroidMMRSummarizer()])
def test_unsupervised_summarizers_work_in_french_and_english(summarizer):
    out = summarizer.summarize(ARTICLE)
    assert 1 <= len(out.sentences) <= 3 and all(x in ARTICLE.text for x in out.sentences)
    en = Article(
        id="e", lang="en",
        text="The minister met his counterpart in Geneva. They discussed Ukraine for two hours. "
        "The weather was fine. Both sides called the talks useful but remained far apart on Ukraine.",
    )
    assert summarizer.summarize(en).sentences


def test_auto_routes_by_language():
    auto = get_summarizer("auto")
    assert isinstance(auto, LanguageRouter)
    assert auto.summarize(ARTICLE).model == "ext-fr"
    en = Article(id="e", lang="en", text="The minister met his counterpart in Geneva. They talked about Ukraine.")
    assert auto.summarize(en).model == "ext-multi"


def test_pipeline_default_is_the_offline_model(sample_dir):
    config = PipelineConfig(progress=False)
    assert config.summarizer == "auto"
    result = Pipeline(config).run(sample_dir)
    assert {s.model for s in result.summaries} == {"ext-fr"} and not result.errors
    assert all(1 <= len(s.sentences) <= 3 for s in result.summaries)


@pytest.mark.slow
def test_training_script_builds_a_loadable_model(tmp_path, orangesum_dir):
    from eval.train_extractive import main

    out = tmp_path / "m.npz"
    assert main(["--data", str(orangesum_dir), "--limit", "300", "--valid-limit", "150", "--jobs", "1", "--out", str(out)]) == 0
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["data"]["train_articles"] == 300 and meta["seed"] == 0
    summary = SupervisedExtractiveSummarizer(model=str(out)).summarize(ARTICLE)
    assert 1 <= len(summary.sentences) <= 3


def test_batch_scoring_equals_article_by_article(orangesum_dir):
    # summarize_many scores a batch at once (one lexical transform, one tree walk): the same
    # scores and summaries, to the bit, as article by article, for either shipped model.
    rows = [json.loads(line) for line in (orangesum_dir / "abstract_valid.jsonl").open(encoding="utf-8")][:40]
    docs = [
        segment(Article(id=r["id"], text=r["text"], title=r["title"] if k % 3 else None, lang="fr"))
        for k, r in enumerate(rows)
    ]
    docs.append(segment(Article(id="empty-title", text="Une seule phrase ici, sans titre du tout.", title=" ", lang="fr")))
    for name in ("orangesum-ext-fr", "ext-multi"):
        model = load_model(name)
        articles = [(list(d.sentences), d.title, d.lang) for d in docs]
        batch = model.score_many(articles)
        assert [b.tobytes() for b in batch] == [model.score(*a).tobytes() for a in articles]
        summarizer = SupervisedExtractiveSummarizer(model=name)
        for length in (None, Length(words=40), Length(sentences=2)):
            many = summarizer.summarize_many(docs, length=length)
            assert [(s.id, s.sentences, s.target_words) for s in many] == [
                (s.id, s.sentences, s.target_words) for s in (summarizer.summarize(d, length=length) for d in docs)
            ]


def test_tree_walk_in_blocks_equals_one_sample_at_a_time():
    model = load_model()
    rng = np.random.default_rng(1)
    X = rng.normal(size=(600, len(model.feature_names)))  # more rows than a block
    X[5, 3] = np.nan
    one_by_one = np.concatenate([model.trees.decision_function(X[i : i + 1]) for i in range(len(X))])
    assert model.trees.decision_function(X).tobytes() == one_by_one.tobytes()
