"""Language detection per article."""

from __future__ import annotations

from summarize.language import detect_language


def test_detects_french_english_german():
    assert detect_language("Le secrétaire d'État américain a rencontré son homologue russe à Genève vendredi.").lang == "fr"
    assert detect_language("The US secretary of state met his Russian counterpart in Geneva on Friday.").lang == "en"
    assert detect_language("Der US-Außenminister traf am Freitag in Genf seinen russischen Amtskollegen.").lang == "de"


def test_too_little_text_is_undetermined():
    guess = detect_language("12 34 !")
    assert guess.lang == "und" and not guess.is_confident


def test_sample_corpus_is_french(sample_dir):
    for path in sorted(sample_dir.glob("*.txt")):
        guess = detect_language(path.read_text(encoding="utf-8"))
        assert guess.lang == "fr" and guess.probability > 0.99
