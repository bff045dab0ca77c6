"""LLM mode's numbered sources: the retrieved sheets' lines packed into a token budget, rendered
as <source> blocks the model cannot break out of."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.models import Sheet
from assistant.text.tokens import count_tokens

GAP = "（中略）"
MAX_CHUNKS_PER_SHEET = 4
MAX_SOURCES = 8  # sheets given to the model; more dilute its attention more than they help
TAG = re.compile(r"<\s*(/?)\s*(source|question|history)", re.IGNORECASE)


@dataclass
class Source:
    """One numbered source: verbatim lines of one sheet (None marks lines left out)."""

    n: int
    sheet: Sheet
    lines: list[str | None]
    fields: set[int] = field(default_factory=set)  # positions in `lines` that are 【field】 headers

    @property
    def text(self) -> str:
        return "\n".join(GAP if ln is None else ln for ln in self.lines)

    def render(self) -> str:
        s = self.sheet
        attrs = [f'n="{self.n}"', f'title="{_attr(s.title)}"']
        if s.section:
            attrs.append(f'section="{_attr(s.section)}"')
        if s.page is not None:
            attrs.append(f'page="{s.page}"')
        if s.doc_title:
            attrs.append(f'document="{_attr(s.doc_title)}"')
        body = neutralize(self.text)
        return f"[{self.n}] 「{_attr(s.title)}」\n<source {' '.join(attrs)}>\n{body}\n</source>"

    def runs(self) -> list[list[str]]:
        """Consecutive quotable lines (field headers and gaps break runs)."""
        out: list[list[str]] = [[]]
        for i, ln in enumerate(self.lines):
            if ln is None or i in self.fields or not ln.strip():
                if out[-1]:
                    out.append([])
                continue
            out[-1].append(ln.strip())
        return [r for r in out if r]


def _attr(text: str) -> str:
    return neutralize(str(text)).replace('"', "”").replace("\n", " ")


def neutralize(text: str) -> str:
    """Untrusted text cannot open or close the prompt's own tags."""
    return TAG.sub(lambda m: f"＜{m.group(1)}{m.group(2)}", text)


# ---- packing ----------------------------------------------------------------------------------
def _locate(sheet_lines: list[str], block: list[str], start_hint: int = 0) -> int | None:
    if not block:
        return None
    n = len(block)
    for base in (start_hint, 0):
        for j in range(base, len(sheet_lines) - n + 1):
            if sheet_lines[j] == block[0] and sheet_lines[j:j + n] == block:
                return j
    return None


class _SheetPack:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.lines = sheet.text.splitlines()
        self.chosen: set[int] = set()
        self.headers: dict[int, int] = {}  # line index -> index of its 【field】 header line
        current = None
        for i, raw in enumerate(self.lines):
            t = raw.strip()
            if t.startswith("【") and t.endswith("】") and t[1:-1] in sheet.fields:
                current = i
            elif current is not None:
                self.headers[i] = current

    def positions(self, chunk) -> list[int]:
        block = chunk.text.splitlines()
        j = _locate(self.lines, block)
        pos = list(range(j, j + len(block))) if j is not None else []
        if chunk.context and pos:
            h = _locate(self.lines, [chunk.context])
            if h is not None and h < pos[0]:
                pos.insert(0, h)
        return pos

    def with_field_headers(self, chosen: set[int]) -> set[int]:
        return chosen | {self.headers[i] for i in chosen if i in self.headers}

    def source(self, n: int, chosen: set[int] | None = None) -> Source:
        idx = sorted(self.with_field_headers(self.chosen if chosen is None else chosen))
        header_lines = set(self.headers.values())
        lines: list[str | None] = []
        fields: set[int] = set()
        prev = None
        for i in idx:
            if prev is not None and i != prev + 1:
                lines.append(None)
            if i in header_lines:
                fields.add(len(lines))
            lines.append(self.lines[i])
            prev = i
        return Source(n, self.sheet, lines, fields)


def pack_sources(hits: Sequence, budget: int, max_chunks: int = MAX_CHUNKS_PER_SHEET,
                 max_sources: int = MAX_SOURCES) -> list[Source]:
    """Numbered sources from the retrieval hits, best sheet first, within `budget` o200k tokens
    (counted over the rendered sources), at most `max_sources` sheets. The top sheet's best chunks
    come first, then the best chunk of every other sheet, then their second best, and so on; a
    chunk that does not fit is taken line by line as far as it fits. Lines keep their sheet order,
    each run under its 【field】 header."""
    packs: list[_SheetPack] = []
    candidates: list[tuple[tuple, int, object]] = []
    for hit in hits:
        if len(packs) >= max_sources:
            break
        if not getattr(hit, "chunks", None):
            continue
        packs.append(_SheetPack(hit.sheet))
        p = len(packs) - 1
        ranked = sorted(hit.chunks, key=lambda cs: -cs[1])[:max_chunks]
        for r, (chunk, _score) in enumerate(ranked):
            key = (0, r) if p == 0 else (1 + r, p)
            candidates.append((key, p, chunk))
    candidates.sort(key=lambda c: c[0])

    cost: dict[int, int] = {}

    def total() -> int:
        return sum(cost.values())

    def measure(p: int, chosen: set[int]) -> int:
        # the source number only changes a digit or two; count with a stable placeholder
        return count_tokens(packs[p].source(p + 1, chosen).render()) + 1

    for _key, p, chunk in candidates:
        pack = packs[p]
        pos = [i for i in pack.positions(chunk) if i not in pack.chosen]
        if not pos:
            continue
        trial = pack.chosen | set(pos)
        c = measure(p, trial)
        if total() - cost.get(p, 0) + c <= budget:
            pack.chosen, cost[p] = trial, c
            continue
        for i in pos:  # as many whole lines as fit
            trial = pack.chosen | {i}
            c = measure(p, trial)
            if total() - cost.get(p, 0) + c > budget:
                break
            pack.chosen, cost[p] = trial, c
    sources: list[Source] = []
    for pack in packs:
        if pack.chosen:
            sources.append(pack.source(len(sources) + 1))
    return sources


def render_sources(sources: Iterable[Source]) -> str:
    return "\n\n".join(s.render() for s in sources)


