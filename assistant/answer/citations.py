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


# the shortest part of a quote that stands for it (normalised characters): less is a fragment, not a quote
MIN_PART = 10


def verbatim_part(quote: str, sheet: Sheet) -> str | None:
    """The longest run of a quote's space-separated pieces that stands verbatim in the sheet, for a quote
    joined from lines that are not next to each other there (a heading between them left out); None when
    no run of at least MIN_PART characters does."""
    pieces = quote.split()
    text = norm(sheet.text)
    best, size = "", 0
    for i in range(len(pieces)):
        for j in range(len(pieces), i, -1):  # the longest run from piece i first
            run = " ".join(pieces[i:j])
            key = norm(run)
            if len(key) <= size:
                break
            if key in text:
                best, size = run, len(key)
                break
    return best if size >= MIN_PART else None


def check(answer_text: str, citations: list[Citation], sheets: Mapping[str, Sheet]) -> tuple[str, list[Citation], list[str]]:
    """Drop citations whose quote is not in their sheet, renumber, and report markers that point at
    nothing. Returns (text, citations, problems)."""
    problems: list[str] = []
    kept: list[Citation] = []
    renumber: dict[int, int] = {}
    for c in citations:
        sheet = sheets.get(c.sheet_id)
        quote = None
        if sheet is not None:
            quote = c.quote if quote_in_sheet(c.quote, sheet) else verbatim_part(c.quote, sheet)
        if sheet is None or quote is None:
            problems.append(f"出典 [{c.n}] の引用がシートに見つからないため、その出典を外しました。")
            continue
        renumber[c.n] = len(kept) + 1
        field = c.field if quote == c.quote else field_of(quote, sheet)
        kept.append(Citation(len(kept) + 1, c.sheet_id, c.doc, c.title, c.section, c.page, field, quote))

    def fix(m: re.Match) -> str:
        n = int(m.group(1))
        if n in renumber:
            return f"[{renumber[n]}]"
        problems.append(f"回答中の [{n}] に対応する出典がないため、その番号を外しました。")
        return ""

    return MARKER.sub(fix, answer_text), kept, problems
