"""Citations are data, checked against the sheet text before they are shown."""
from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.models import Citation, Sheet
from assistant.text.normalize import norm

MARKER = re.compile(r"\[(\d{1,3})\]")


def quote_in_sheet(quote: str, sheet: Sheet) -> bool:
    """Whether the quote stands verbatim in the sheet (after NFKC and whitespace folding)."""
    q = norm(quote)
    return bool(q) and q in norm(sheet.text)


def field_of(quote: str, sheet: Sheet) -> str:
    """The field whose text holds the quote (概要 for the header lines before any field)."""
    q = norm(quote)
    for name, text in sheet.fields.items():
        if q in norm(text):
            return name
    return "概要" if sheet.kind != "inspection" else "本文"


def check(answer_text: str, citations: list[Citation], sheets: Mapping[str, Sheet]) -> tuple[str, list[Citation], list[str]]:
    """Drop citations whose quote is not in their sheet, renumber, and report markers that point at
    nothing. Returns (text, citations, problems)."""
    problems: list[str] = []
    kept: list[Citation] = []
    renumber: dict[int, int] = {}
    for c in citations:
        sheet = sheets.get(c.sheet_id)
        if sheet is None or not quote_in_sheet(c.quote, sheet):
            problems.append(f"出典 [{c.n}] の引用がシートに見つからないため、その出典を外しました。")
            continue
        renumber[c.n] = len(kept) + 1
        kept.append(Citation(len(kept) + 1, c.sheet_id, c.doc, c.title, c.section, c.page, c.field, c.quote))

    def fix(m: re.Match) -> str:
        n = int(m.group(1))
        if n in renumber:
            return f"[{renumber[n]}]"
        problems.append(f"回答中の [{n}] に対応する出典がないため、その番号を外しました。")
        return ""

    return MARKER.sub(fix, answer_text), kept, problems
