"""The catalog's unit: a sheet (one measure sheet of the 施策集, or one section of the 点検 draft)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from assistant.text.normalize import norm

# what a sheet is: a measure sheet (個票) of the 施策集, a reference page, a section of the 点検 draft,
# or a section of another document
SheetKind = Literal["measure", "reference", "inspection", "section"]


@dataclass
class Mention:
    """A ministry or agency named in a sheet, with the sentence it came from."""

    name: str
    quote: str


@dataclass
class Place:
    """Where a (possibly repeated) sheet appears in its document."""

    section: str
    page: int | None
    line: int
    title: str


@dataclass
class Sheet:
    id: str
    doc: str
    doc_title: str
    section: str
    title: str
    page: int | None
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    title_derived: bool = False
    kind: str = "measure"  # measure | reference | inspection | section
    stated: list[str] = field(default_factory=list)
    mentioned: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    toc_label: str = ""  # how the document's table of contents names the measure
    line_pages: list[int] = field(default_factory=list)  # page of each text line, where known (PDF)
    toc_entry: str = ""  # the table-of-contents entry whose pages hold the sheet
    # which rule named the sheet (assistant/ingest/naming.py): title | heading | toc | toc+subject |
    # subject | part | derived
    title_source: str = ""
    # the title line the parser read (or derived from the first heading-like line when the text lost
    # it), before naming: what identifies the sheet in its id and heads its chunks in the index
    heading: str = ""
    # a 点検 sheet's chapter heading in full (「Ⅲ-1 …」): its section shows the chapter's number only
    chapter: str = ""

    @property
    def name(self) -> str:
        """The name an answer shows: the title, which the catalog gives as the plan names the sheet
        (its title line, the heading or table-of-contents entry for it; see assistant/ingest/naming.py)."""
        return self.title

    def page_of(self, quote: str) -> int | None:
        """The page a quote starts on (for sheets that span pages), else the sheet's page."""
        head = norm(quote)[:20]
        if self.line_pages and head:
            for line, page in zip(self.text.splitlines(), self.line_pages, strict=False):
                key = norm(line)
                if key and (head in key or head.startswith(key)):
                    return page
        return self.page

    def to_json(self) -> dict:
        """The contract's shape (../shared/eval/README.md) plus documented extras."""
        return {
            "id": self.id, "doc": self.doc, "doc_title": self.doc_title, "section": self.section,
            "title": self.title, "page": self.page,
            "ministry": {"stated": list(self.stated), "mentioned": [m.name for m in self.mentioned]},
            "text": self.text,
            "title_derived": self.title_derived, "kind": self.kind,
            "fields": dict(self.fields),
            "mentioned_quotes": [{"name": m.name, "quote": m.quote} for m in self.mentioned],
            "toc_label": self.toc_label, "toc_entry": self.toc_entry, "title_source": self.title_source,
            "heading": self.heading, "chapter": self.chapter,
            "line_pages": list(self.line_pages),
            "appears_at": [{"section": p.section, "page": p.page, "line": p.line, "title": p.title}
                           for p in self.places],
        }


def sheet_id(doc: str, *parts: str) -> str:
    """Stable id: document stem plus a short hash of what identifies the sheet in it."""
    stem = doc.rsplit(".", 1)[0]
    digest = hashlib.sha1("\x1f".join(norm(p) for p in parts).encode()).hexdigest()[:10]
    return f"{stem}:{digest}"
