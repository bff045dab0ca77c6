"""What retrieval works with: a chunk of a sheet as indexed, a sheet found for a question (with its
best chunks and score), and the ranking of one question."""
from __future__ import annotations

from dataclasses import dataclass, field

from assistant.models.sheet import Sheet


@dataclass
class Chunk:
    id: str
    sheet_id: str
    field: str
    text: str          # the sheet's own lines, verbatim
    title: str         # the sheet's own name: its title, or its heading when the title is a TOC entry's
    section: str
    page: int | None
    doc: str
    context: str = ""  # the table header a chunk of table rows continues under
    toc_label: str = ""  # the table of contents' name for the sheet

    @property
    def indexed_text(self) -> str:
        """What retrievers see: the sheet's own name (with the table of contents' name for it, and a
        continued table's header) as context, then the chunk's own lines. Not a name taken from a
        table-of-contents entry that lists several sheets (「J4CE、CPs、…を活用した…」): it would draw
        every question about one of them to each; such a sheet is headed by its own heading line."""
        head = [self.title] + [x for x in (self.toc_label, self.context) if x]
        return "\n".join(head + [self.text])

    def metadata(self) -> dict:
        return {"sheet_id": self.sheet_id, "field": self.field, "title": self.title,
                "section": self.section, "page": self.page if self.page is not None else -1,
                "doc": self.doc}


@dataclass
class SheetHit:
    sheet: Sheet
    score: float
    chunks: list[tuple[Chunk, float]] = field(default_factory=list)


@dataclass
class Retrieval:
    hits: list[SheetHit]
    timings_ms: dict[str, float]
    expansions: list[str]
    topic_hit: SheetHit | None = None  # for a follow-up: the earlier topic's sheet
    closeness: float = 0.0  # the cosine of the question with its nearest chunk (how close it is to the plan)
