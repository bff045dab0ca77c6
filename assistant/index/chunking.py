"""Structure-aware chunks: never across sheets, split at field boundaries, whole lines only (so a
table row is never cut), sized in o200k_base tokens."""
from __future__ import annotations

import hashlib

from assistant.models import Chunk, Sheet
from assistant.text.tokens import count_tokens

OVERVIEW = "概要"
# Names that belong to one sheet head its chunks (a 点検 section's heading with its part: 「(1) 背景
# （Ⅲ-2）」); a name made from a table-of-contents entry that lists several sheets does not, the
# heading the sheet's text has does (see Chunk.indexed_text).
OWN_NAMES = ("title", "heading", "part")
CHUNKER_VERSION = "6"  # bump when chunk boundaries or indexed text change: the index is then rebuilt


def _field_blocks(sheet: Sheet) -> list[tuple[str, list[str]]]:
    """(field, lines) in sheet order; lines before the first field marker are the header block."""
    blocks: list[tuple[str, list[str]]] = [(OVERVIEW, [])]
    for line in sheet.text.splitlines():
        stripped = line.strip()
        if stripped.startswith("【") and stripped.endswith("】") and stripped[1:-1] in sheet.fields:
            blocks.append((stripped[1:-1], []))
        elif stripped:
            blocks[-1][1].append(line)
    return [(name, lines) for name, lines in blocks if lines]


def _table_headers(lines: list[str]) -> list[str]:
    """For each line, the header row of the table it belongs to ('' outside tables): the first
    tab-separated line of a run of them."""
    headers, current = [], ""
    for i, line in enumerate(lines):
        if "\t" in line:
            if i == 0 or "\t" not in lines[i - 1]:
                current = line
            headers.append(current)
        else:
            current = ""
            headers.append("")
    return headers


def chunk_sheet(sheet: Sheet, max_tokens: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    for name, lines in _field_blocks(sheet):
        headers = _table_headers(lines)
        group: list[str] = []
        context = ""
        size = 0
        for line, header in zip(lines, headers, strict=False):
            n = count_tokens(line)
            if group and size + n > max_tokens:
                chunks.append(_make(sheet, name, group, len(chunks), context))
                group, size = [], 0
            if not group:
                context = header if header and header != line else ""
            group.append(line)
            size += n
        if group:
            chunks.append(_make(sheet, name, group, len(chunks), context))
    return chunks


def _make(sheet: Sheet, field: str, lines: list[str], ordinal: int, context: str = "") -> Chunk:
    text = "\n".join(lines)
    digest = hashlib.sha1(f"{sheet.id}\x1f{ordinal}\x1f{context}\x1f{text}".encode()).hexdigest()[:16]
    heading = sheet.title if sheet.title_source in OWN_NAMES else (sheet.heading or sheet.title)
    return Chunk(f"{sheet.id}#{digest}", sheet.id, field, text, heading, sheet.section, sheet.page,
                 sheet.doc, context, sheet.toc_label if sheet.toc_label != heading else "")


def chunk_sheets(sheets: list[Sheet], max_tokens: int) -> list[Chunk]:
    return [c for s in sheets for c in chunk_sheet(s, max_tokens)]
