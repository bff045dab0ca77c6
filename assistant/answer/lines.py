"""What a sheet's lines say as lines: a line's sentences, a table row read under its header, the heading
an item is listed under or says something of. Shared by the composers that quote lines (facts, summary,
checks, lists)."""
from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.evidence import BULLET, Line, heading_like
from assistant.models import Sheet
from assistant.text.normalize import norm

# how long a clause of a first line may be: a first line is read in one glance
CLAUSE_CHARS = 90
# sentences end at 。; a bulleted run splits too, and a slash between two statements (「… ／…の選定数」), not
# the one in a fraction (2/3)
_CLAUSE_SPLIT = re.compile(r"(?<=[。])|(?=\s[・●○])|\s/\s|(?:^|\s)／\s?")


def table_row(sheet: Sheet, line: Line) -> str | None:
    """An indicator row read against its table's header: 指標: … / 数値目標: … / 最新値: …"""
    if "\t" not in line.text:
        return None
    rows = sheet.text.splitlines()
    header = next((r for r in reversed(rows[:line.order]) if r.startswith("指標\t")), None)
    if not header or header == line.text:
        return None
    cells = [c.strip() for c in line.text.split("\t")]
    names = [column_name(c) for c in header.split("\t")]
    return " / ".join(f"{n}: {c}" for n, c in zip(names, cells, strict=False) if c and c not in ("—", "-"))


_HEADER_NOTE = re.compile(r"[(（※]")


def column_name(cell: str) -> str:
    """A header cell's name: its words before a bracket or a note (※), and before the legend some headers
    carry under the name (「…の 達成見込み 達成見込み 注意が必要 …」: a legend of the column's marks starts by
    repeating a word of the name)."""
    words: list[str] = []
    for word in _HEADER_NOTE.split(cell.strip(), maxsplit=1)[0].split():
        if word in words:
            break
        words.append(word)
    return " ".join(words) or cell.strip()


def table_header(sheet: Sheet, line: Line) -> str:
    """The column names of the table a row stands in (the first of the run of tab-separated lines that holds
    it); empty for a line outside a table, or a table's first line."""
    if "\t" not in line.text:
        return ""
    rows = sheet.text.splitlines()
    i = line.order
    while i > 0 and "\t" in rows[i - 1]:
        i -= 1
    return rows[i] if i != line.order else ""


def clauses(text: str, limit: int | None = CLAUSE_CHARS) -> list[str]:
    """The sentences of a line (table rows split at their cells), verbatim, each cut at `limit` characters
    (so a first line stays one glance long) when a limit is given."""
    out = []
    for part in _CLAUSE_SPLIT.split(text):
        part = part.strip(" ・●○")
        if len(norm(part)) < 2:
            continue
        if limit is not None and len(part) > limit and "\t" in part:
            # a table row is cut cell by cell: its figures stand in the last cells (「…の連携…\t481」)
            cells = part.split("\t")
            part = "\t".join(x if len(x) <= limit // 2 else x[:limit // 2] + "…" for x in cells)
        out.append(part if limit is None or len(part) <= limit or "\t" in part else part[:limit] + "…")
    return out


def shown_around(whole: str, want: Callable[[str], bool]) -> str:
    """A clause as the first line shows it: cut at the glance's length, or, when what is asked stands past
    the cut (「…を行っている（○○でのシェアは○割）」), from the comma-separated piece where it is seen whole."""
    shown = (clauses(whole) or [whole])[0]
    if want(shown) or not want(whole) or "\t" in whole:
        return shown
    # the latest piece that still shows it: what is asked stands nearest its start, never cut off
    for m in reversed(list(re.finditer(r"[、，,（(]", whole))):
        rest = whole[m.end():]
        piece = (clauses(rest) or [rest])[0]
        if want(piece):
            return "…" + piece
    return shown


def item_heading(sheet: Sheet, line: Line, max_chars: int = 400) -> str | None:
    """The heading of the item a line says something of: the bulleted line that only names (「・ ○○市」) above
    it, with nothing but the item's own lines between; None when the line is an item itself or under none."""
    raw = sheet.text.splitlines()
    if line.order >= len(raw) or BULLET.match(raw[line.order]):
        return None
    between = 0
    for i in range(line.order - 1, -1, -1):
        text = raw[i].strip()
        if not text:
            continue
        if BULLET.match(text):
            name = BULLET.sub("", text).strip()
            return name if name and heading_like(text) else None
        between += len(text)
        if between > max_chars or heading_like(text):
            return None
    return None


def list_heading(sheet: Sheet, line: Line, max_items: int = 8) -> str:
    """The heading a bulleted item is listed under: the unbulleted line right above its run of items
    (「…実施率目標（2029年度までに）」 above 「・製造業95%」), or '' for a line that is no item or heads none."""
    raw = sheet.text.splitlines()
    if line.order >= len(raw) or not BULLET.match(raw[line.order]):
        return ""
    items = 0
    for i in range(line.order - 1, -1, -1):
        text = raw[i].strip()
        if not text:
            continue
        if not BULLET.match(text):
            return text
        items += 1
        if items >= max_items:
            break
    return ""
