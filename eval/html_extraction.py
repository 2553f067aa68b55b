"""HTML pages: words of boilerplate kept and words of body lost, with the block reader + line
cleaner ("before") and with trafilatura + line cleaner ("after"). Prints a table.

    python -m eval.html_extraction [--write DIR]

Pages:
* the five sample pages rendered as simple HTML: their lines in order as paragraphs (the body
  lines, hand-counted in ``tests/test_clean.py``, inside ``<article>``; the page's own boilerplate
  lines where they stood), plus a navigation menu, a comments section with reader comments
  written as sentences, and a footer. Body = the hand-counted body lines.
* ``eval/html/pages/pageN.html``: pages written by hand as saved from news sites, with their
  body in ``pageN.body.txt``.

Words are compared as multisets of lower-cased word tokens: "boilerplate kept" counts output
words that are not body words, "body lost" body words missing from the output.
"""

from __future__ import annotations

import argparse
import html as htmllib
from collections import Counter
from pathlib import Path

from summarize.clean import clean_article, normalize_line
from summarize.lexicon import words
from summarize.load import load_corpus
from summarize.markup import extract_html, html_to_text
from summarize.records import Article

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO.parent / "shared" / "data" / "articles" / "blinken-lavrov-2022"
PAGES = REPO / "eval" / "html" / "pages"
NAV = ["Accueil", "Politique", "International", "Économie", "Société", "Culture", "Sport", "Planète", "Vidéos", "Podcasts"]
COMMENTS = [
    "Encore une réunion pour rien, les deux camps campent sur leurs positions depuis des mois.",
    "Merci pour cet article clair, on comprend enfin ce qui se joue entre Washington et Moscou.",
    "La diplomatie reste la seule voie possible, espérons que la semaine prochaine apporte du nouveau.",
]
FOOTER = "© 2022 Le Journal. Tous droits réservés. Mentions légales. Politique de confidentialité. Gestion des cookies. Contact."


def render_sample(article: Article) -> tuple[str, str]:
    """``(html, body)`` of a sample page: its lines as paragraphs, with navigation, comments and a footer."""
    result = clean_article(article)
    lines = [x for x in (normalize_line(ln) for ln in article.text.split("\n")) if x]  # as the cleaner sees them
    body_lines = result.article.text.split("\n")
    body_set = set(body_lines)
    first = next(i for i, ln in enumerate(lines) if ln in body_set)
    last = max(i for i, ln in enumerate(lines) if ln in body_set)
    esc = htmllib.escape
    parts = [
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>",
        f"<title>{esc(result.article.title or article.id)}</title></head><body>",
        "<header><nav><ul>" + "".join(f"<li><a href='/{i}'>{esc(x)}</a></li>" for i, x in enumerate(NAV)) + "</ul></nav></header>",
        "<div class='top'>" + "".join(f"<p>{esc(x)}</p>" for x in lines[:first]) + "</div>",
        "<article>" + "".join(f"<p>{esc(x)}</p>" for x in lines[first:last + 1]) + "</article>",
        "<aside>" + "".join(f"<p>{esc(x)}</p>" for x in lines[last + 1:]) + "</aside>",
        "<section id='comments'><h3>3 commentaires</h3>"
        + "".join(f"<div class='comment'><p class='author'>Lecteur {i}</p><p>{esc(c)}</p></div>" for i, c in enumerate(COMMENTS, 1))
        + "</section>",
        f"<footer><p>{esc(FOOTER)}</p></footer></body></html>",
    ]
    return "".join(parts), "\n".join(body_lines)


def before(page: str, aid: str) -> str:
    """The block reader (every visible block) then the line cleaner."""
    text, title = html_to_text(page)
    return clean_article(Article(id=aid, text=text, title=title)).article.text


def after(page: str, aid: str) -> str:
    """trafilatura (main text and metadata) then the line cleaner, as ``load_file`` + the pipeline do."""
    p = extract_html(page)
    return clean_article(Article(id=aid, text=p.text, title=p.title)).article.text


def compare(output: str, body: str) -> tuple[int, int, int]:
    """``(body words, boilerplate words kept, body words lost)``."""
    out, ref = Counter(words(output)), Counter(words(body))
    return sum(ref.values()), sum((out - ref).values()), sum((ref - out).values())


def pages() -> list[tuple[str, str, str]]:
    """``(name, html, body)`` for every page measured."""
    out = []
    for article in load_corpus(SAMPLE).articles:
        page, body = render_sample(article)
        out.append((f"sample {article.id[:3]}", page, body))
    for path in sorted(PAGES.glob("*.html")):
        body = path.with_suffix("").with_suffix(".body.txt").read_text(encoding="utf-8")
        out.append((f"hand-written {path.stem}", path.read_text(encoding="utf-8"), body))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.html_extraction", description=__doc__.splitlines()[0])
    ap.add_argument("--write", help="also write the rendered sample pages to this folder")
    args = ap.parse_args(argv)
    rows = []
    print(f"{'page':26s} {'body words':>10s} | {'boilerplate kept':>16s} {'body lost':>9s} | {'boilerplate kept':>16s} {'body lost':>9s} | metadata found (after)")
    print(f"{'':26s} {'':>10s} | {'before (blocks + cleaner)':>26s} | {'after (trafilatura + cleaner)':>29s} |")
    for name, page, body in pages():
        if args.write and name.startswith("sample"):
            Path(args.write).mkdir(parents=True, exist_ok=True)
            (Path(args.write) / f"{name.split()[1]}.html").write_text(page, encoding="utf-8")
        n, kept_b, lost_b = compare(before(page, name), body)
        _, kept_a, lost_a = compare(after(page, name), body)
        meta = extract_html(page)
        found = ", ".join(k for k in ("title", "date", "author", "site") if getattr(meta, k)) or "-"
        rows.append((n, kept_b, lost_b, kept_a, lost_a))
        print(f"{name:26s} {n:10d} | {kept_b:16d} {lost_b:9d} | {kept_a:16d} {lost_a:9d} | {found} ({meta.extractor})")
    total = [sum(r[i] for r in rows) for i in range(5)]
    print(f"{'all pages':26s} {total[0]:10d} | {total[1]:16d} {total[2]:9d} | {total[3]:16d} {total[4]:9d} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
