"""Any language in: words, word counts and TF-IDF terms for every script, the ``multi`` ROUGE
tokenization, the multilingual ranker (ext-multi), and what the merged summary's checks say
outside French."""

from __future__ import annotations

import pytest

from summarize.checks import merge_with_checks
from summarize.lexicon import characters_and_words, content_words, terms, word_count, words
from summarize.merge import get_merger
from summarize.pipeline import PipelineConfig
from summarize.ranking import MULTILINGUAL_MODEL, load_model
from summarize.records import Article, Length
from summarize.scoring import MultilingualTokenizer, RougeScorer, get_tokenizer
from summarize.summarizers import get_summarizer
from summarize.vectors import tfidf_matrix

# ------------------------------------------------------------------ words in every script

def test_words_keep_combining_marks_in_their_word() -> None:
    # Python's \w is not true of Devanagari vowel signs: a plain [^\W_]+ cuts "भारत" in two.
    assert words("भारत की राजधानी नई दिल्ली है।") == ["भारत", "की", "राजधानी", "नई", "दिल्ली", "है"]
    # Thai: no spaces, so pairs of characters, each with its vowel and tone marks.
    assert words("สวัสดี") == ["สวั", "วัส", "สดี"]


def test_unspaced_scripts_give_character_pairs() -> None:
    assert words("北京天气很好") == ["北京", "京天", "天气", "气很", "很好"]
    assert words("Le sommet de 北京 a eu lieu") == ["le", "sommet", "de", "北京", "a", "eu", "lieu"]
    assert "天气" in content_words("北京天气很好")  # pairs count as content words despite their length


def test_french_words_terms_and_counts_are_unchanged() -> None:
    text = "L'ONU a voté la résolution 2022 à New York."
    assert words(text) == ["l", "onu", "a", "voté", "la", "résolution", "2022", "à", "new", "york"]
    assert terms(text) == ["onu", "voté", "la", "résolution", "new", "york"]
    assert word_count(text) == len(text.split())


def test_word_count_of_scripts_without_spaces() -> None:
    assert word_count("北京今天天气很好。") == 5  # 8 characters / 1.5 per word, rounded
    assert word_count("Merhaba dünya, bugün hava güzel.") == 5
    assert word_count("") == 0


def test_tfidf_vectors_separate_chinese_sentences() -> None:
    X = tfidf_matrix(["北京今天天气很好", "北京今天天气不好", "上海的股市大涨"], "zh")
    assert X.shape[0] == 3 and X.shape[1] > 5
    sim = X @ X.T
    assert sim[0, 1] > sim[0, 2]  # the two weather sentences are closer to each other


# ------------------------------------------------------------------ ROUGE for any script

def test_multi_tokenizer_keeps_hindi_words_and_splits_chinese_characters() -> None:
    tok = MultilingualTokenizer()
    assert tok.tokenize("नई दिल्ली") == ["नई", "दिल्ली"]
    assert tok.tokenize("北京天气") == ["北", "京", "天", "气"]
    assert tok.tokenize("Київ, 24 лютого") == ["київ", "24", "лютого"]
    assert characters_and_words("Élu à Paris") == ["élu", "à", "paris"]


def test_multi_scores_what_compat_cannot_see() -> None:
    ref, pred = "Росія атакувала Київ уранці", "Уранці Росія атакувала Київ ракетами"
    multi = RougeScorer(("rouge1",), tokenizer="multi").score(ref, pred)["rouge1"]
    assert multi.recall == 1.0 and 0.8 < multi.fmeasure < 1.0
    compat = RougeScorer(("rouge1",), tokenizer="compat").score(ref, pred)["rouge1"]
    assert compat.fmeasure == 0.0  # compat keeps only a-z0-9: Cyrillic leaves nothing to match


def test_multi_stemming_needs_a_snowball_language() -> None:
    tok = get_tokenizer("multi", stem=True, lang="tr")
    assert tok.name == "multi+stem(tr)"
    assert tok.tokenize("kitapları") == tok.tokenize("kitaplar")
    with pytest.raises(ValueError, match="no Snowball stemmer"):
        get_tokenizer("multi", stem=True, lang="am")
    assert RougeScorer(tokenizer=tok).label == "multi+stem(tr)"


# ------------------------------------------------------------------ every language accepted

def test_config_accepts_any_language_code_and_refuses_non_codes() -> None:
    assert PipelineConfig(languages=("tr", "uk", "ar", "zh", "hi", "am")).languages == ("tr", "uk", "ar", "zh", "hi", "am")
    with pytest.raises(ValueError, match="unknown language code"):
        PipelineConfig(languages=("klingon",))


# ------------------------------------------------------------------ ext-multi

TURKISH = (
    "İstanbul'da dün akşam başlayan yağmur, şehrin birçok bölgesinde su baskınlarına neden oldu. "
    "Belediye ekipleri gece boyunca çalışarak suyu tahliye etti. "
    "Meteoroloji, yağışların hafta sonuna kadar süreceğini açıkladı. "
    "Vatandaşlar sosyal medyada su basan sokakların fotoğraflarını paylaştı."
)


def test_ext_multi_is_shipped_and_reads_no_title() -> None:
    model = load_model(MULTILINGUAL_MODEL)
    assert model.multilingual and model.metadata["titles"] is False
    assert model.idf == {}  # no vocabulary: nothing ties it to one language


def test_ext_multi_summarizes_a_language_ext_fr_refuses() -> None:
    article = Article(id="tr-1", text=TURKISH, lang="tr", title="Yağmur")
    summary = get_summarizer("ext-multi").summarize(article)
    assert summary.model == "ext-multi"
    assert 1 <= len(summary.sentences) <= 3 and all(s in TURKISH for s in summary.sentences)
    with pytest.raises(ValueError, match="trained on 'fr'"):
        get_summarizer("ext-fr").check(_doc(article))


def _doc(article: Article):
    from summarize.segment import segment

    return segment(article)


def test_auto_routes_other_languages_to_ext_multi_and_french_to_ext_fr() -> None:
    auto = get_summarizer("auto")
    assert auto.summarize(Article(id="tr", text=TURKISH, lang="tr")).model == "ext-multi"
    french = "Le président a parlé. Il a annoncé une réforme. La réforme entre en vigueur en janvier."
    assert auto.summarize(Article(id="fr", text=french, lang="fr")).model == "ext-fr"


def test_ext_multi_honours_a_length() -> None:
    summary = get_summarizer("ext-multi").summarize(Article(id="tr", text=TURKISH, lang="tr"), length=Length(sentences=1))
    assert len(summary.sentences) == 1


# ------------------------------------------------------------------ merged summary outside French

def test_merged_summary_outside_french_says_conflicts_were_not_checked() -> None:
    texts = [
        TURKISH,
        "İstanbul'da dün akşam etkili olan yağmur su baskınlarına yol açtı. Belediye ekipleri sabaha kadar çalıştı. "
        "Meteoroloji uyarısını yineledi.",
    ]
    docs = [_doc(Article(id=f"tr-{i}", text=t, lang="tr")) for i, t in enumerate(texts)]
    summarizer = get_summarizer("ext-multi")
    merged = merge_with_checks(get_merger("extractive"), docs, [summarizer.summarize(d) for d in docs])
    assert merged.sentences and merged.conflicts == ()
    assert merged.checks is not None and "'tr'" in merged.checks.not_checked[0]
    assert merged.checks.to_dict()["not_checked"] == list(merged.checks.not_checked)


# ------------------------------------------------------------------ summarize run, one file per script

# UD treebank excerpts committed in eval/ud (CC BY-SA, see eval/ud/README.md): real text in each script.
SCRIPTS = {"tr": "UD_Turkish-BOUN", "uk": "UD_Ukrainian-ParlaMint", "ar": "UD_Arabic-PUD", "zh": "UD_Chinese-GSDSimp",
           "hi": "UD_Hindi-PUD", "am": "UD_Amharic-ATT"}


def _article_text(lang: str, min_chars: int = 400) -> str:
    """Paragraphs of the language's UD excerpt, one per line, until ``min_chars`` (an article)."""
    from eval.sentences import EXCERPTS, find_treebanks, read_treebank

    path = next(p for p in find_treebanks(EXCERPTS) if p.parent.name == SCRIPTS[lang])
    lines: list[str] = []
    for paragraph in read_treebank(path).paragraphs:
        lines.append(paragraph.text)
        if sum(map(len, lines)) >= min_chars and len(lines) >= 2:
            break
    return "\n".join(lines)


def test_summarize_run_gives_a_summary_in_every_script(tmp_path) -> None:
    import json

    from summarize.cli import main

    inputs = tmp_path / "in"
    inputs.mkdir()
    for lang in SCRIPTS:
        (inputs / f"{lang}.txt").write_text(_article_text(lang), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "-q"]) == 0
    errors = (out / "errors.jsonl").read_text(encoding="utf-8")
    assert errors.strip() == "", errors
    rows = {json.loads(line)["id"]: json.loads(line) for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()}
    assert set(rows) == set(SCRIPTS)
    for lang, row in rows.items():
        source = (inputs / f"{lang}.txt").read_text(encoding="utf-8")
        assert row["lang"] == lang, (lang, row["lang"])
        assert row["summary"] and len(row["summary"]) < len(source), lang
        assert all(s in source for s in row["sentences"]), lang  # extractive: the article's own sentences


# ------------------------------------------------------------------ what a reader of other scripts meets

def test_turkish_dotted_capital_i_matches_its_lower_case() -> None:
    assert words("İstanbul'da") == words("istanbul'da") == ["istanbul", "da"]
    assert MultilingualTokenizer().tokenize("İlk") == ["ilk"]


def test_language_tags_are_read_as_their_language() -> None:
    from summarize.language import primary_language

    assert [primary_language(t) for t in ("zh-CN", "pt_BR", " FR ")] == ["zh", "pt", "fr"]
    assert PipelineConfig(languages="zh-CN,fr").languages == ("zh", "fr")


def test_chinese_sentences_are_joined_without_a_space() -> None:
    from summarize.lexicon import join_sentences

    assert join_sentences(["北京今天下雨。", "上海天晴。"]) == "北京今天下雨。上海天晴。"
    assert join_sentences(["Un.", "Deux."]) == "Un. Deux."


def test_a_long_chain_of_arabic_clauses_is_not_one_summary() -> None:
    clause = "قال المسؤول إن الحكومة ستعمل على تحسين الخدمات في المدينة خلال الأشهر المقبلة"
    text = "، ".join([clause] * 12) + "."
    summary = get_summarizer("ext-multi").summarize(Article(id="ar", text=text, lang="ar"))
    assert summary.words < len(text.split()) / 2


def test_training_features_are_the_shipped_model_features() -> None:
    import numpy as np

    from eval.multilingual import Pair
    from eval.train_multilingual import featurize
    from summarize.segment import split_sentences

    X, _ = featurize(Pair("tr-1", "tr", TURKISH, "İstanbul'da yağmur su baskınlarına neden oldu."))
    served = load_model(MULTILINGUAL_MODEL).features(split_sentences(TURKISH, "tr"), None, "tr")
    assert np.allclose(X, served)


def test_run_report_and_scores_outside_french(tmp_path) -> None:
    import json

    from summarize.cli import main

    feed = tmp_path / "tr.jsonl"
    second = ("İstanbul'da dün akşam başlayan yağmur, şehrin birçok bölgesinde su baskınlarına neden oldu. "
              "Belediye ekipleri gece boyunca çalışarak suyu tahliye etti. Valilik vatandaşları dikkatli olmaya çağırdı.")
    feed.write_text("\n".join(json.dumps({"id": f"tr-{i}", "text": t, "lang": "tr"}, ensure_ascii=False)
                              for i, t in enumerate([TURKISH, second])) + "\n", encoding="utf-8")
    refs = tmp_path / "refs.jsonl"
    refs.write_text(json.dumps({"id": "tr-0", "summary": "İstanbul'da yağmur su baskınlarına neden oldu."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(feed), "--out", str(out), "-q", "--stories", "one", "--references", str(refs)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Not checked: conflicts between sources" in report and "No conflicts found" not in report
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert "multi" in json.dumps(scores)  # the tokenization that sees every script, next to fr and compat


def test_multilingual_harness_on_pairs(tmp_path) -> None:
    import json

    from eval.multilingual import main

    pairs = tmp_path / "tr.jsonl"
    pairs.write_text(json.dumps({"text": TURKISH, "summary": "İstanbul'da yağmur su baskınlarına neden oldu."},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "rows.json"
    assert main(["--pairs", f"tr={pairs}", "--systems", "lead-1,ext-multi", "--json", str(out), "--no-progress"]) == 0
    rows = {r["system"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert set(rows) == {"lead-1", "ext-multi"} and rows["lead-1"]["R1"] > 0
    assert main(["--pairs", f"tr={pairs}", "--pairs", f"tr={pairs}"]) == 2  # one file per language


def test_two_reports_of_one_event_in_turkish_are_one_story() -> None:
    """A small feed in a language without background frequencies: the reports' shared words weigh
    less than their own, so candidates come from whole vectors (summarize.group.EXACT_CANDIDATES)."""
    from summarize.group import StoryGrouper

    second = ("İstanbul'da dün akşam başlayan yağmur, şehrin birçok bölgesinde su baskınlarına neden oldu. "
              "Belediye ekipleri gece boyunca çalışarak suyu tahliye etti. Valilik vatandaşları dikkatli olmaya çağırdı.")
    other = "Ankara'da düzenlenen basın toplantısında bakan yeni vergi düzenlemesini açıkladı. Düzenleme ocakta başlayacak."
    grouper = StoryGrouper()
    for i, text in enumerate([TURKISH, second, other]):
        grouper.add(str(i), None, text)
    assert grouper.stories() == [["0", "1"], ["2"]]
