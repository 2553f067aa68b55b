"""Language detection per article."""

from __future__ import annotations

import pytest

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


def test_numpy_scan_counts_what_py3langid_counts(sample_dir):
    # The NumPy scan of the n-gram automaton must give py3langid's own feature counts, in the same
    # order, hence the same language and probability, in every script and on bytes of any kind.
    import random

    from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

    from summarize.language import _identifier, _WindowedIdentifier

    fast = _identifier()
    if not isinstance(fast, _WindowedIdentifier):
        pytest.skip("this py3langid version has another model layout: its own scan is used")
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    rng = random.Random(0)
    texts = [p.read_text(encoding="utf-8")[:2000] for p in sorted(sample_dir.glob("*.txt"))] + [
        "Москва объявила о новых санкциях.", "北京今天天气很好。", "नई दिल्ली में बैठक हुई।", "مرحبا بالعالم",
        "İstanbul'da toplantı yapıldı.", "Ελλάδα; 😀 ÉTAT", "", "a", "\x00\xff",
        *("".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0xA0, 0x800), rng.randrange(0x4E00, 0x9FFF)]))
                  for _ in range(rng.randrange(1, 120))) for _ in range(200)),
    ]
    for text in texts:
        data = LanguageIdentifier._encode(text)
        expected = visit_counts(plain.tk_nextmove, plain._rowbase, plain.tk_output, data)
        got = fast.visits(data)
        assert (got is None) == (expected is None) and list((got or {}).items()) == list((expected or {}).items())
        assert fast.classify(text) == plain.classify(text)
        # every score, bit for bit (the float16 rows cast once, not per text)
        assert fast._decide(text).tobytes() == plain._decide(text).tobytes()


def test_letter_threshold_is_read_as_before():
    assert detect_language("Le chat dort 1234").lang == "und"  # 10 letters
    assert detect_language("Le chat dort sur le canapé du salon.", min_letters=-1).lang == "fr"
    assert detect_language("x" * 19 + " 1", min_letters=20).probability == 0.0


def test_rows_beyond_the_cache_score_as_the_library(monkeypatch, sample_dir):
    """With room for 5 cached rows, most rows are cast per call: scores stay bit-equal."""
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    import summarize.language as language

    monkeypatch.setattr(language, "CACHED_ROWS", 5)
    fast = language._WindowedIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    fast.prepare()
    for path in sorted(sample_dir.iterdir())[:3]:
        data = path.read_text(encoding="utf-8")[:2000].encode()
        assert np.array_equal(fast._raw_score(data), LanguageIdentifier._raw_score(fast, data))
    assert fast._met == 5
