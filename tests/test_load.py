"""Loading: encodings are detected and recorded; bad files are reported by name and skipped."""

from __future__ import annotations

import json

import pytest

from summarize.load import LoadError, decode_bytes, load_corpus, load_file, load_jsonl, shared_dir
from summarize.records import Article

TEXT = "Le président a été élu à Genève. L’œuvre coûte 5 € — « c’est cher »."


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings_are_decoded_and_recorded(tmp_path, encoding, expected):
    p = tmp_path / "a.txt"
    p.write_bytes((TEXT + "\n") .encode(encoding))
    art = load_file(p)
    assert art.text.strip() == TEXT
    assert art.encoding == expected


def test_latin1_file_is_decoded_with_the_detected_encoding(tmp_path):
    text = "Le député a été réélu à Besançon après un été très agité dans la région.\n" * 3
    p = tmp_path / "latin.txt"
    p.write_bytes(text.encode("latin-1"))
    art = load_file(p)
    assert art.text == text
    # latin-1 and cp1252 agree on these bytes; either name is a correct record of what was used
    assert art.encoding in {"latin_1", "iso8859_15", "cp1252"}


def test_crlf_and_nfd_are_normalised():
    decomposed = "e\u0301te\u0301\r\nsuite"  # "été" written with combining accents
    text, _ = decode_bytes(decomposed.encode("utf-8"))
    assert text == "été\nsuite"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_bad_files_raise_an_error_naming_the_file(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(LoadError) as exc:
        load_file(p)
    assert str(p) in str(exc.value) and message in str(exc.value)


def test_unsupported_suffix_and_missing_path(tmp_path):
    p = tmp_path / "doc.pdf"
    p.write_bytes(b"%PDF-1.4")
    with pytest.raises(LoadError, match="unsupported file type .pdf"):
        load_file(p)
    with pytest.raises(LoadError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_folder_batch_reports_bad_files_and_loads_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text("Premier article. Il parle de Genève.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "d.txt").write_bytes("Deuxième article, écrit en cp1252 : « é ».".encode("cp1252"))
    (tmp_path / "e.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").write_text("ignored")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a", "d"]
    assert corpus.articles[1].encoding == "cp1252"
    bad = {e.source.rsplit("/", 1)[-1]: e.message for e in corpus.errors}
    assert set(bad) == {"b.txt", "c.txt", "e.pdf"}
    assert "empty" in bad["b.txt"] and "binary" in bad["c.txt"] and "unsupported" in bad["e.pdf"]


def test_sample_corpus_loads(sample_dir):
    corpus = load_corpus(sample_dir)
    assert len(corpus.articles) == 5 and not corpus.errors
    assert all(a.encoding == "utf-8" and a.source for a in corpus.articles)


def test_jsonl_reports_bad_lines_with_line_numbers(tmp_path):
    p = tmp_path / "arts.jsonl"
    lines = [
        json.dumps({"id": "x1", "title": "T", "text": "Un texte. Deux phrases."}),
        "{not json",
        json.dumps({"id": "x2", "body": "pas de champ text"}),
        json.dumps({"id": "x3", "text": ""}),
        json.dumps({"id": "x1", "text": "Même id que la première ligne."}),
        json.dumps({"text": "Sans id : on prend le nom du fichier et la ligne."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(p)
    assert [a.id for a in corpus.articles] == ["x1", "arts-6"]
    assert corpus.articles[0].title == "T"
    where = sorted(e.source.rsplit(":", 1)[-1] for e in corpus.errors if ":" in e.source)
    assert where == ["2", "3", "4", "5"]
    assert any("duplicate id 'x1'" in e.message for e in corpus.errors)


def test_jsonl_custom_text_key(tmp_path):
    p = tmp_path / "o.jsonl"
    p.write_text(json.dumps({"id": 1, "article": "Texte de l'article."}) + "\n", encoding="utf-8")
    assert load_jsonl(p, text_key="article").articles[0].text == "Texte de l'article."


def test_datasets_dataset_and_python_objects():
    from datasets import Dataset

    ds = Dataset.from_dict({"id": ["a", "b"], "text": ["Texte A.", "  "]})
    corpus = load_corpus(ds)
    assert [a.id for a in corpus.articles] == ["a"] and len(corpus.errors) == 1
    mixed = load_corpus([Article(id="z", text="Déjà un article."), "Une chaîne.", {"text": "Un dict."}, 42])
    assert [a.id for a in mixed.articles] == ["z", "1", "2"]
    assert "got int" in mixed.errors[0].message


def test_html_and_markdown(tmp_path):
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Site</title><script>var x=1;</script></head><body><nav>Menu</nav>"
        "<h1>Le titre</h1><p>Premier paragraphe.</p><p>Second &amp; dernier.</p></body></html>",
        encoding="utf-8",
    )
    art = load_file(html)
    assert art.title == "Le titre"
    assert "Premier paragraphe.\nSecond & dernier." in art.text and "var x" not in art.text
    md = tmp_path / "note.md"
    md.write_text("# Titre MD\n\nUn **texte** avec un [lien](http://x.y).\n", encoding="utf-8")
    art = load_file(md)
    assert art.title == "Titre MD" and "Un texte avec un lien." in art.text


def test_detector_preference_is_kept_when_it_is_real(tmp_path):
    text = "Zażółć gęślą jaźń, to jest polski tekst o pogodzie w Krakowie."
    p = tmp_path / "pl.txt"
    p.write_bytes(text.encode("cp1250"))
    art = load_file(p)
    assert art.text == text and art.encoding == "cp1250"


def test_html_pages_go_through_trafilatura_with_their_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Blinken et Lavrov à Genève - Le Journal</title><meta name='author' content='Jeanne Dupont'>"
        "<meta property='og:site_name' content='Le Journal'><meta property='article:published_time' content='2022-01-21T10:00:00Z'>"
        "</head><body><nav><a href='/'>Accueil</a> <a href='/i'>International</a></nav><article><h1>Blinken et Lavrov à Genève</h1>"
        + "".join(f"<p>Le secrétaire d'État a rencontré vendredi à Genève son homologue russe, {x}, pour parler de l'Ukraine.</p>"
                  for x in ("une heure et demie", "sans avancée majeure", "avant un nouveau rendez-vous"))
        + "</article><section class='comments'><p>Super article, merci beaucoup pour toutes ces informations !</p></section>"
        "<footer>© Le Journal 2022. Mentions légales.</footer></body></html>",
        encoding="utf-8",
    )
    article = load_file(page)
    assert (article.title, article.date, article.author, article.site) == ("Blinken et Lavrov à Genève", "2022-01-21", "Jeanne Dupont", "Le Journal")
    assert article.text.startswith("Le secrétaire d'État") and article.text.count("\n") == 2
    assert "Accueil" not in article.text and "Super article" not in article.text and "Mentions" not in article.text


def test_html_without_main_text_falls_back_to_every_block():
    from summarize.markup import extract_html

    page = extract_html("<p>Un.</p>")  # too little for trafilatura to call it main text
    assert (page.extractor, page.text) == ("blocks", "Un.")


@pytest.mark.parametrize("n, date, site", [(1, "2022-01-14", "Le Courrier Républicain"), (2, "2022-01-16", "La Gazette Politique"), (3, "2022-01-21", "Horizons d'Europe")])
def test_hand_written_news_pages_give_their_body_and_metadata(n, date, site):
    """Pages written by hand as saved from news sites (eval/html/pages): with navigation, related
    links between paragraphs, ads, comments and footers, the text is exactly the body."""
    from collections import Counter

    from conftest import REPO
    from summarize.clean import clean_article
    from summarize.lexicon import words

    pages = REPO / "eval" / "html" / "pages"
    article = load_file(pages / f"page{n}.html")
    assert (article.date, article.site) == (date, site) and article.author and article.title
    body = (pages / f"page{n}.body.txt").read_text(encoding="utf-8")
    assert Counter(words(clean_article(article).article.text)) == Counter(words(body))


def test_a_date_quoted_in_the_body_is_not_the_page_date():
    from summarize.markup import extract_html

    body = "<p>" + "La réunion prévue le 3 mars 2019 a finalement eu lieu à Genève avec les ministres. " * 4 + "</p>"
    assert extract_html(f"<html><head><title>T</title></head><body><article>{body}</article></body></html>").date is None


def test_a_big_utf8_jsonl_with_one_bad_line_reports_that_line_and_keeps_the_rest(tmp_path):
    # past the first 64 KB the file is read line by line: one undecodable line is one error
    good = [json.dumps({"id": f"g{i}", "text": "Un article tout à fait correct en français. " * 4}, ensure_ascii=False) for i in range(400)]
    path = tmp_path / "feed.jsonl"
    path.write_bytes("\n".join(good).encode() + b'\n{"id": "bad", "text": "caf\xe9"}\n{"id": "after", "text": "Encore un article."}\n')
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles][-2:] == ["g399", "after"] and len(corpus.articles) == 401
    (error,) = corpus.errors
    assert error.source == f"{path}:401" and "not UTF-8" in error.message and "convert the file to UTF-8" in error.message


def test_the_shared_folder_is_beside_the_checkout_unless_summarize_shared_says(monkeypatch, tmp_path):
    from conftest import REPO

    monkeypatch.delenv("SUMMARIZE_SHARED", raising=False)
    assert shared_dir() == REPO.parent / "shared"
    monkeypatch.setenv("SUMMARIZE_SHARED", str(tmp_path))
    assert shared_dir() == tmp_path
