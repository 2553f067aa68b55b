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


# --------------------------------------------------------------------------- issue 22: safe reading

FR = "Le ministre des Affaires étrangères a rencontré vendredi son homologue à Genève pour parler de la crise. "


def test_a_cp1252_line_in_a_utf8_jsonl_is_that_line_s_error_and_the_others_stay_right(tmp_path):
    # decoded line by line: the file is not re-decoded in a legacy code page ("Ã©trangÃ¨res")
    good = [json.dumps({"id": f"u{i}", "text": FR}, ensure_ascii=False).encode() for i in range(3)]
    legacy = json.dumps({"id": "w", "text": FR}, ensure_ascii=False).encode("cp1252")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join([good[0], legacy, *good[1:]]) + b"\n")
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["u0", "u1", "u2"]
    assert all(a.text == FR and a.encoding == "utf-8" for a in corpus.articles)
    (error,) = corpus.errors
    assert error.source == f"{path}:2" and "not UTF-8" in error.message


def test_a_jsonl_in_a_legacy_code_page_is_decoded_line_by_line_in_it(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"w{i}", "text": FR + "Œuvre « déjà » — été."}, ensure_ascii=False) for i in range(3)]
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    corpus = load_corpus(path)
    assert not corpus.errors and [a.encoding for a in corpus.articles] == ["cp1252"] * 3
    assert corpus.articles[0].text == FR + "Œuvre « déjà » — été."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_jsonl_is_read_as_a_stream(tmp_path, encoding):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"x{i}", "text": FR}, ensure_ascii=False) for i in range(200)]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    corpus = load_corpus(path, max_bytes=4_000)
    assert len(corpus.articles) == 200 and not corpus.errors and corpus.articles[-1].text == FR


@pytest.mark.parametrize("encoding, broken", [("utf-16-le", b"\x00\xd8A\x00"), ("utf-16-be", b"\xd8\x00\x00A")])
def test_a_broken_character_in_a_utf16_jsonl_is_its_line_s_error(tmp_path, encoding, broken):
    lines = [json.dumps({"id": rid, "text": FR}, ensure_ascii=False).encode(encoding) for rid in ("a", "b", "c")]
    newline = "\n".encode(encoding)
    path = tmp_path / "feed.jsonl"
    path.write_bytes(lines[0] + newline + lines[1][:40] + broken + lines[1][40:] + newline + lines[2] + newline)
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["a", "c"]
    (error,) = corpus.errors
    assert error.source == f"{path}:2" and f"is not valid {encoding} (a broken character)" in error.message


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    import tracemalloc

    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(4 << 30)  # 4 GB, sparse: the case, without using the disk
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match="is 4,294,967,296 bytes, over the 16,777,216-byte limit"):
            load_file(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20, peak  # nothing of it was read
    with pytest.raises(LoadError, match="over the 100-byte limit"):
        load_file(_write(tmp_path / "small.txt", FR.encode()), max_bytes=100)


def test_a_jsonl_line_over_the_cap_is_skipped_in_bounded_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "feed.jsonl"
    with path.open("wb") as f:
        f.write(json.dumps({"id": "a", "text": FR}).encode() + b"\n")
        f.write(b'{"id": "huge", "text": "' + b"x" * (8 << 20) + b'"}\n')
        f.write(json.dumps({"id": "b", "text": FR}).encode() + b"\n")
    tracemalloc.start()
    try:
        corpus = load_corpus(path, max_bytes=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in corpus.articles] == ["a", "b"]
    assert "line is 8,388,635 bytes, over the 1,048,576-byte limit" in corpus.errors[0].message
    assert peak < 3 * (1 << 20) + (2 << 20), peak  # a few times the cap (4.2 MB measured), not the 8 MB line


def test_special_files_are_never_opened(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block for ever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    opened: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    corpus = load_corpus(tmp_path, follow_links=True)
    assert [a.id for a in corpus.articles] == ["a"]
    assert [p.rsplit("/", 1)[-1] for p in opened] == ["a.txt"]
    messages = {e.source.rsplit("/", 1)[-1]: e.message for e in corpus.errors}
    assert "named pipe (FIFO)" in messages["pipe.txt"] and "character device" in messages["zero.txt"]
    assert "system file" in messages["status.txt"]


def test_links_inside_the_folder_are_read_and_links_out_of_it_only_when_allowed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FR, encoding="utf-8")
    (folder / "alias.txt").symlink_to("a.txt")
    (folder / "leak.txt").symlink_to(_write(tmp_path / "notes.txt", b"Note privee. " * 5))
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["a", "alias"]
    (error,) = corpus.errors
    assert error.id == "leak" and "links outside the input folder" in error.message and "--follow-links" in error.message
    assert "Note privee" not in error.message
    assert [a.id for a in load_corpus(folder, follow_links=True).articles] == ["a", "alias", "leak"]


def test_1500_nested_folders_are_walked_without_recursion(tmp_path):
    import os

    base = os.open(tmp_path, os.O_RDONLY)
    try:  # build it by relative steps: pathlib's mkdir(parents=True) recurses itself
        fd = base
        for _ in range(1500):
            os.mkdir("d", dir_fd=fd)
            nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
            if fd != base:
                os.close(fd)
            fd = nxt
        leaf = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
        os.write(leaf, FR.encode())
        os.close(leaf)
        os.close(fd)
    finally:
        os.close(base)
    try:
        corpus = load_corpus(tmp_path)
        assert [a.id for a in corpus.articles] == ["d/" * 1500 + "deep"] and not corpus.errors
    finally:
        from test_bad_input import remove_deep

        remove_deep(tmp_path)


def test_odd_names_and_records_are_one_error_each_and_writable(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_text(FR, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_bytes(b'{"id": "bad\\ud800", "text": "x"}\n{"id": "ok", "text": "Un texte."}\n')
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / ".draft.txt").write_text(FR, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a", "ok"]
    messages = {e.source.rsplit("/", 1)[-1]: e.message for e in corpus.errors}
    assert set(messages) == {".draft.txt", "caf\\xe9.txt", "empty.jsonl", "feed.jsonl:1"}
    for e in corpus.errors:
        json.dumps(e.to_dict(), ensure_ascii=False).encode("utf-8")  # no lone surrogate left


def test_a_5mb_title_is_bounded_and_a_dict_is_one_article():
    corpus = load_corpus({"id": "t", "title": "Titre " * 900_000, "text": FR})
    (article,) = corpus.articles
    assert len(article.title) <= 1_000 and article.title.endswith("…") and article.title.startswith("Titre Titre")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_a_utf8_line_is_never_garbled_in_a_file_that_looks_legacy(tmp_path):
    # the first 64 KB hold one cp1252 line and no UTF-8 accent: the file is taken as cp1252, yet the
    # UTF-8 lines after it stay UTF-8 (decoded line by line), and the cp1252 line is decoded in cp1252
    path = tmp_path / "feed.jsonl"
    ascii_line = json.dumps({"id": "en", "text": "The minister met his counterpart in Geneva."}).encode()
    legacy = json.dumps({"id": "cp", "text": FR}, ensure_ascii=False).encode("cp1252")
    utf8 = json.dumps({"id": "u8", "text": FR}, ensure_ascii=False).encode()
    padding = [json.dumps({"id": f"en{i}", "text": "The minister met his counterpart in Geneva."}).encode() for i in range(1_000)]
    path.write_bytes(b"\n".join([ascii_line, legacy, *padding, utf8]) + b"\n")  # the UTF-8 line is past 64 KB
    corpus = load_corpus(path)
    assert not corpus.errors and [a.text for a in corpus.articles][1] == FR and corpus.articles[-1].text == FR
    assert [a.encoding for a in corpus.articles][:2] == ["utf-8", "cp1252"] and corpus.articles[-1].encoding == "utf-8"
