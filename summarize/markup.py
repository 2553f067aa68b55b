"""Text and metadata out of markup: HTML pages through trafilatura (main text, title, date, author,
site name), with a plain block-by-block HTML reader as the fallback, and Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, cast

import trafilatura

from .lexicon import text_or_none

if TYPE_CHECKING:
    from trafilatura.settings import Document as TrafilaturaDocument


@dataclass(frozen=True)
class Page:
    """What an HTML page gives: its main text (one paragraph per line) and metadata.

    Attributes:
        text: Main text.
        title: Headline.
        date: Publication date, ``YYYY-MM-DD``.
        author: Byline.
        site: Site name.
        extractor: ``trafilatura``, or ``blocks`` when trafilatura found no main text and every
            visible block was kept (the cleaner then removes the boilerplate).
    """

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    extractor: str = "trafilatura"


def extract_html(html: str) -> Page:
    """Main text and metadata of an HTML page with trafilatura (comments, navigation, footers
    left out); every visible block when it finds no main text.

    Example:
        >>> page = extract_html("<html><head><title>T</title></head><body><nav>Accueil</nav>"
        ...     "<article><p>" + "Le ministre a parlé à Genève vendredi. " * 4 + "</p></article></body></html>")
        >>> page.extractor, page.text.startswith("Le ministre"), "Accueil" in page.text
        ('trafilatura', True, False)
    """
    # a Document (as_dict=False, the default) or None; trafilatura's annotation also allows a dict
    doc = cast("TrafilaturaDocument | None", trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        # the page's own date (meta, JSON-LD, byline elements), never a date quoted in the body
        date_extraction_params={"extensive_search": False, "original_date": True},
    ))
    if doc is not None and doc.text and doc.text.strip():
        title = text_or_none(doc.title)
        lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
        if lines and title and lines[0] == title:  # the headline is metadata, not body
            lines = lines[1:]
        return Page("\n".join(lines), title, doc.date, text_or_none(doc.author), text_or_none(doc.sitename))
    text, title = html_to_text(html)
    return Page(text, title, extractor="blocks")



_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "tr", "table", "pre", "hr", "figcaption", "title",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _HTMLText(HTMLParser):
    """Text of an HTML page, one line per block element.

    The standard library parser is enough here: boilerplate is removed later, line by line,
    by the cleaner, which works the same on text scraped from any source.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.h1: str | None = None
        self._skip = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, opening=True)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, opening=False)

    def _tag(self, tag: str, opening: bool) -> None:
        if tag in _SKIP_TAGS:
            self._skip = self._skip + 1 if opening else max(self._skip - 1, 0)
        if tag == "title":
            self._in_title = opening
        if tag == "h1":
            self._in_h1 = opening
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self._skip:
            return
        if self._in_h1 and data.strip():
            self.h1 = (self.h1 or "") + data.strip()
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML document (one line per block) and its title (``<h1>``/``<title>``)."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln), parser.h1 or parser.title


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Plain text of a Markdown document and its first ``#`` heading."""
    title = None
    out = []
    for line in md.split("\n"):
        m = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            if title is None and len(m.group(1)) == 1:
                title = m.group(2)
            line = m.group(2)
        line = re.sub(r"^\s{0,3}(>|[-*+]|\d+[.)])\s+", "", line)
        line = _MD_EMPH.sub(r"\2", _MD_LINK.sub(r"\1", line))
        out.append(line)
    return "\n".join(out), title
