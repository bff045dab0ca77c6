"""A sheet's tables read as rows under their header: a run of tab-separated lines, the first its header. A
row that starts with fewer cells than the header (a merged first column: a group written once over the
rows it spans) takes the cells it lacks from the row above, aligned on the table's column of numbers. Two
things are answered from them: the rows of a group a question names (「…の表でプラスチックのものを挙げて」),
and, after such a list, its rows ranked by a column of numbers the question names (「その中で会員数の最多は
どこ？」: the ranking answers the most and the least alike)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer.evidence import Line
from assistant.models import Composed, Sheet
from assistant.text.japanese import tokenize
from assistant.text.normalize import nfkc

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

NUMBER_CELL = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
# a row's name is its naming cell up to the description after a colon or a footnote mark (「CLOMA)*2：…」)
NAME_END = re.compile(r"\s*\*\s*\d+\s*[：:]|[：:]")
MIN_ROWS = 3  # a table of fewer rows is a list of figures, answered as lines
NAME_WORD = 3  # a word shorter than this (の, 協議) names no row by itself


@dataclass(frozen=True)
class Row:
    """A table row, its cells aligned to the header, and the sheet line it is."""

    cells: tuple[str, ...]
    line: Line

    @property
    def group(self) -> str:
        return self.cells[0]

    @property
    def name(self) -> str:
        cell = self.cells[1] if len(self.cells) > 1 else self.cells[0]
        return NAME_END.split(cell, maxsplit=1)[0].strip()


@dataclass(frozen=True)
class Table:
    """A table: its header cells, the column of numbers its rows are aligned on, its rows."""

    header: tuple[str, ...]
    numbers: int
    rows: tuple[Row, ...]

    def groups(self) -> list[str]:
        return list(dict.fromkeys(r.group for r in self.rows if r.group))

    def value(self, row: Row) -> float:
        cell = row.cells[self.numbers] if self.numbers < len(row.cells) else ""
        return float(cell.replace(",", "")) if NUMBER_CELL.fullmatch(cell) else float("-inf")


def tables(c: OfflineComposer, sheet: Sheet) -> list[Table]:
    """The sheet's tables with a column of numbers and at least MIN_ROWS rows."""
    runs: list[list[Line]] = []
    for ln in c.index.lines.get(sheet.id, []):
        if "\t" not in ln.text:
            continue
        if runs and runs[-1][-1].order == ln.order - 1:
            runs[-1].append(ln)
        else:
            runs.append([ln])
    return [t for run in runs if (t := _table(run)) is not None]


def _first_number(cells: list[str]) -> int | None:
    return next((i for i, x in enumerate(cells) if NUMBER_CELL.fullmatch(x)), None)


def _table(run: list[Line]) -> Table | None:
    header = [x.strip() for x in run[0].text.split("\t")]
    body = [(ln, [x.strip() for x in ln.text.split("\t")]) for ln in run[1:]]
    found = [(ln, cells, k) for ln, cells in body if (k := _first_number(cells)) is not None and k > 0]
    if len(found) < MIN_ROWS:
        return None
    numbers = max(k for _, _, k in found)
    if numbers >= len(header) or not header[numbers]:
        return None
    rows: list[Row] = []
    for ln, cells, k in found:
        lacking = numbers - k
        if lacking and not rows:
            return None  # a first row that lacks cells has none above to take them from
        aligned = list(rows[-1].cells[:lacking]) + cells if lacking else cells
        rows.append(Row(tuple(aligned), ln))
    return Table(tuple(header), numbers, tuple(rows))


def _named(words: set[str], phrase: str) -> bool:
    """Whether the question's words hold a phrase's words (all of them)."""
    toks = set(tokenize(phrase))
    return bool(toks) and toks <= words


def group_rows(c: OfflineComposer, sheet: Sheet, question: str) -> Composed | None:
    """The rows of the group of a table of the sheet the question names (its first column's value), each
    cited; None when it names no group or several."""
    words = set(tokenize(nfkc(question)))
    for table in tables(c, sheet):
        named = [g for g in table.groups() if _named(words, g)]
        if len(named) != 1:
            continue
        rows = [r for r in table.rows if r.group == named[0]]
        return _listed(sheet, rows, f"「{named[0]}」の{table.header[1] if len(table.header) > 1 else '行'}"
                       f"（{len(rows)}件）", table)
    return None


def ranked_rows(c: OfflineComposer, sheet: Sheet, question: str, topic: str) -> Composed | None:
    """The rows of the group of a table of the sheet that the question or the topic question names (the
    rows listed, or those it narrows them to), ranked by the table's column of numbers, when the question
    names that column (its header's words)."""
    words = set(tokenize(nfkc(question)))
    said = set(tokenize(nfkc(topic)))
    for table in tables(c, sheet):
        column = table.header[table.numbers]
        named = [g for g in table.groups() if _named(words, g)] or [g for g in table.groups() if _named(said, g)]
        if not _named(words, column) or len(named) != 1:
            continue
        rows = sorted((r for r in table.rows if r.group == named[0]), key=lambda r: -table.value(r))
        return _listed(sheet, rows, f"{column}の多い順（{named[0]}）", table)
    return None


def row_values(c: OfflineComposer, sheet: Sheet, question: str) -> Composed | None:
    """The number of the rows a question names (by a word of the row's name that no other row's name
    writes: CLOMA), in the table's column of numbers, when it names that column too."""
    asked = set(tokenize(nfkc(question)))
    words = {w.lower() for w in asked if len(w) >= NAME_WORD}
    for table in tables(c, sheet):
        column = table.header[table.numbers]
        if not _named(asked, column):
            continue
        names = [{w.lower() for w in tokenize(nfkc(r.name))} for r in table.rows]
        # (a group's word, プラスチック, names the group, not the one row whose name also writes it)
        groups = {w.lower() for g in table.groups() for w in tokenize(nfkc(g))}
        rows = [r for r, own in zip(table.rows, names, strict=True)
                if any(w in own and w not in groups and sum(w in x for x in names) == 1 for w in words)]
        if rows:
            return _listed(sheet, rows, column, table)
    return None


def _listed(sheet: Sheet, rows: list[Row], head: str, table: Table) -> Composed:
    from assistant.answer.compose import Citations

    cites = Citations()
    column = table.header[table.numbers]
    said = [f"{r.name}（{column} {r.cells[table.numbers]}）" for r in rows]
    lines = [f"- {r.line.text.strip()} [{cites.add(sheet, r.line.text)}]" for r in rows]
    text = f"{head}: " + "／".join(said) + f"\n「{sheet.name}」（{sheet.section}）より:\n" + "\n".join(lines)
    return Composed(text, cites.items, False, "which_measure")
