"""HTML that a document conversion left in a plan text (a table cell kept as
``<ul style="list-style-type: none"> … <p>…</p>``), read with the standard library's HTML parser into
the plain text and table rows the rest of the text uses.

Only HTML's own element names count as markup: the documents' angle-bracketed labels and links
(``<対象事業>``, ``<①事業形態の高度化>``, ``<https://cloma.net/memberlist/>``) are their text and stay.
A line keeps its place: a table row (cells separated by tabs, as every table of the texts is) stays one
line with each cell read on its own; an HTML table inside a line becomes one line per ``<tr>``."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# The element names of the HTML standard (WHATWG), obsolete presentational ones included: a tag is
# markup only when its name is one of these.
HTML_ELEMENTS = frozenset(["a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body", "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select", "slot", "small", "source", "span", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u", "ul", "var", "video", "wbr", "center", "font", "big", "strike", "tt", "nobr", "marquee"])
# Elements whose contents are never text a reader sees.
HIDDEN = frozenset({"script", "style", "template", "head", "title", "noscript"})
# Elements that start a new block: inside one line their boundaries become a space.
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
                    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "ul", "caption"})
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")
_SPACES = re.compile(r"[ \t\u3000]+")


def has_markup(text: str) -> bool:
    """Whether the text holds an HTML tag (an element name of HTML, not any word in angle brackets)."""
    return any(m.group(1).lower() in HTML_ELEMENTS for m in _TAG.finditer(text))


class _Reader(HTMLParser):
    """Collects rows of cells of text: ``<tr>`` starts a row, ``<td>``/``<th>`` a cell, a block element
    a space; a tag that is not HTML is kept as the text it was."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[list[str]]] = [[[]]]
        self.hidden = 0

    def _put(self, text: str) -> None:
        if not self.hidden:
            self.rows[-1][-1].append(text)

    def handle_starttag(self, tag, attrs):
        if tag not in HTML_ELEMENTS:
            self._put(self.get_starttag_text() or "")
        elif tag in HIDDEN:
            self.hidden += 1
        elif tag == "tr":
            self.rows.append([[]])
        elif tag in ("td", "th"):
            if any(self.rows[-1][-1]):
                self.rows[-1].append([])
        elif tag == "li":
            self._put(" ・")
        elif tag in BLOCKS:
            self._put(" ")

    def handle_startendtag(self, tag, attrs):
        if tag not in HTML_ELEMENTS:
            self._put(self.get_starttag_text() or "")
        elif tag in BLOCKS:
            self._put(" ")

    def handle_endtag(self, tag):
        if tag not in HTML_ELEMENTS:
            self._put(f"</{tag}>")
        elif tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self._put(" ")

    def handle_data(self, data):
        self._put(data)


def _squeeze(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts).replace("\n", " ")).strip()


def html_rows(fragment: str) -> list[list[str]]:
    """The fragment as rows of cell texts (one row, one cell when it holds no table)."""
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    rows = [[_squeeze(cell) for cell in row] for row in reader.rows]
    return [row for row in rows if any(row)] or [[""]]


def to_text(fragment: str) -> str:
    """One line of text: every block and cell boundary a space."""
    return " ".join(cell for row in html_rows(fragment) for cell in row if cell)


def clean_line(line: str) -> list[str]:
    """A line of a text with its markup read: a tab-separated row keeps its cells (each read on its own);
    a line holding an HTML table becomes one tab-separated line per row."""
    if not has_markup(line):
        return [line]
    if "\t" in line:
        return ["\t".join(to_text(cell) if has_markup(cell) else cell.strip() for cell in line.split("\t"))]
    return ["\t".join(row) for row in html_rows(line)]


def clean_text(text: str) -> str:
    """The text with every line's markup read (lines without markup unchanged)."""
    if not has_markup(text):
        return text
    return "\n".join(out for line in text.split("\n") for out in clean_line(line))
