"""Parser for 施策集-style texts: a table of contents, section dividers, then measure sheets (個票)
whose bodies are marked by fields such as 【事業概要】【今後の予定】【目指す姿／取組指標】.

The text was extracted from slides, so the structure is recovered from the text's own signals:
the section names listed in the table of contents, the breadcrumb lines that repeat them at the top
of each sheet, and the field markers. Nothing here is keyed to one particular sheet."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.normalize import nfkc, norm, unmarked
from assistant.text.similarity import bigrams, norm_bigrams

FIELD_RE = re.compile(r"^\s*【([^】]{2,20})】\s*(.*)$")
TOC_RE = re.compile(r"^(.*?)\s*(?:…+|\.{3,}|‥+)\s*(\d{1,3})\s*$")
TOP_RE = re.compile(r"^\s*(?:[-・]\s*)?([1-9])[.．]\s*(?![(（])(\S.*)$")
SUB_RE = re.compile(r"^\s*(?:[-・]\s*)?(?:([1-9])[.．]\s*)?[(（]([1-9])[)）]\s*(\S.*)$")
MINISTRY_LINE_RE = re.compile(r"^[\s(（]*(?:[^\s、。]{1,12}(?:省|庁|府|内閣官房)[・、,/／\s]*){1,6}[^。]{0,20}[)）]?$")
KNOWN_FIELDS = ("事業概要", "事業イメージ", "事業のイメージ", "今後の予定", "目指す姿／取組指標",
                "目指す姿/取組指標", "参考")
SENTENCE_END = re.compile(r"(。|いる|する|した|される|された|です|ます|である|ている)[）)]?$")


@dataclass
class TocEntry:
    label: str
    page: int
    top: int | None = None
    sub: int | None = None


@dataclass
class Toc:
    tops: dict[int, str] = field(default_factory=dict)
    subs: dict[tuple[int, int], str] = field(default_factory=dict)
    entries: list[TocEntry] = field(default_factory=list)
    end: int = 0  # first line index after the table of contents


@dataclass
class RawSheet:
    start: int
    end: int
    title: str
    title_derived: bool
    section: str
    header: list[str]
    lines: list[str]
    page: int | None = None
    kind: str = "measure"
    toc_label: str = ""  # the table-of-contents entry that points at this sheet, if one does
    fields: dict[str, str] = field(default_factory=dict)
    toc_entry: str = ""  # the table-of-contents entry whose pages hold this sheet
    place: tuple[int | None, int | None] = (None, None)  # (top, sub) of the section the sheet is in


MD_BULLET = re.compile(r"^\s*(?:[-*]\s+)+")


def clean(line: str) -> str:
    """A line as shown to people: the extraction's markdown emphasis and list markers removed (the
    document's own bullets such as ・ stay)."""
    return MD_BULLET.sub("", unmarked(line)).strip()


def _label(line: str) -> str:
    text = clean(line)
    text = re.sub(r"^[-・\s]+", "", text)
    return text.rstrip("*").strip()


def parse_toc(lines: list[str]) -> Toc:
    toc = Toc()
    last_toc = -1
    top: int | None = None
    for i, line in enumerate(lines[:400]):
        m = TOC_RE.match(clean(line))
        plain = nfkc(_label(line))
        if m:
            last_toc = i
            label, page = _label(m.group(1)), int(m.group(2))
            sm = SUB_RE.match(nfkc(label))
            if sm and top is not None:
                toc.subs[(top, int(sm.group(2)))] = sm.group(3).strip(" *")
                toc.entries.append(TocEntry(sm.group(3).strip(" *"), page, top, int(sm.group(2))))
            else:
                toc.entries.append(TocEntry(label, page, top, None))
            continue
        tm = TOP_RE.match(plain)
        if tm and (last_toc >= 0 or i < 80) and not toc.tops.get(int(tm.group(1))):
            # a top-level heading inside the table of contents (it carries no page of its own)
            if last_toc >= 0 and i - last_toc > 12:
                break
            top = int(tm.group(1))
            toc.tops[top] = re.sub(r"[（(][^）)]*[）)]$", "", tm.group(2)).strip()
    toc.end = last_toc + 1
    return toc


def _key(text: str) -> str:
    return norm(text).replace("化", "")[:12]


def classify_section_line(line: str, toc: Toc) -> tuple[str, int, int | None, str] | None:
    """('top'|'sub'|'divider', top, sub, name) when the line names a TOC section, else None."""
    plain = nfkc(clean(line)).lstrip("-・ ").strip()
    sm = SUB_RE.match(plain)
    if sm:
        sub = int(sm.group(2))
        for (t, s), name in toc.subs.items():
            if s == sub and (sm.group(1) is None or int(sm.group(1)) == t) and _key(sm.group(3)) == _key(name):
                return ("divider" if sm.group(1) else "sub", t, s, name)
    tm = TOP_RE.match(plain)
    if tm:
        t = int(tm.group(1))
        top = toc.tops.get(t)
        if top and _key(tm.group(2)) == _key(top):
            return ("top", t, None, top)
    elif len(plain) < 40:
        for t, name in toc.tops.items():
            if _key(plain) == _key(name) and len(norm(plain)) <= len(norm(name)) + 12:
                return ("top", t, None, name)
    return None


def section_path(toc: Toc, top: int | None, sub: int | None) -> str:
    if top is None:
        return ""
    path = f"{top}. {toc.tops.get(top, '')}".strip()
    if sub is not None and (top, sub) in toc.subs:
        path += f" ＞ ({sub}) {toc.subs[(top, sub)]}"
    return path


def heading_like(line: str) -> bool:
    text = clean(line)
    if not text or len(text) > 70 or FIELD_RE.match(text):
        return False
    if text[0] in "-・※*<＜(（▶→" or text.startswith(("出所", "画像出典", "例")):
        return False
    if re.fullmatch(r"[\d\s年度月～~/.,%()（）-]+", text) or re.fullmatch(r"\d{4}年度.*", text):
        return False
    return not ("。" in text or SENTENCE_END.search(text) or "：" in text[:12] or text.endswith(("、", "：", ":")))


def is_ministry_line(line: str) -> bool:
    text = nfkc(clean(line))
    if len(text) > 40 or not text:
        return False
    if re.fullmatch(r"[(（][^)）]*(?:SIP|事業|課題)[^)）]*[)）]", text):
        return True
    return bool(MINISTRY_LINE_RE.match(text)) and bool(re.search(r"(省|庁|内閣府|内閣官房)", text))


def _nonempty_before(lines: list[str], i: int, floor: int, count: int) -> list[int]:
    out: list[int] = []
    j = i - 1
    while j >= floor and len(out) < count:
        if lines[j].strip():
            out.append(j)
        j -= 1
    return out


def _title_above(lines: list[str], i: int, floor: int, toc: Toc) -> tuple[int, str | None]:
    """Walk up from a breadcrumb over ministry header lines to the sheet's title line, if any."""
    start, title = i, None
    for k in _nonempty_before(lines, i, floor, 5):
        if is_ministry_line(lines[k]):
            start = k
            continue
        text = clean(lines[k])
        fm = FIELD_RE.match(text)
        if (fm and fm.group(1).startswith("参考")) or (
                heading_like(lines[k]) and not classify_section_line(lines[k], toc)):
            start, title = k, text
        break
    return start, title


def _belongs_below(lines: list[str], k: int, prev_start: int, toc: Toc) -> bool:
    """Whether a candidate title line reads more like the sheet below than the tail of the sheet
    above (a short closing line of one sheet can look like a heading)."""
    cand = norm_bigrams(clean(lines[k]))
    if not cand:
        return False
    above = norm_bigrams("".join(lines[prev_start:k]))
    below = norm_bigrams("".join(lines[k + 1:k + 60]))
    return len(cand & below) >= len(cand & above)


def find_starts(lines: list[str], toc: Toc) -> list[tuple[int, str | None, int | None, int | None]]:
    """Sheet starts as (line index, explicit title or None, top, sub) in text order.

    A sheet starts at a breadcrumb (the section named again at the top of a sheet, with the title and
    any ministry header just above it), or at a 【事業概要】 that no breadcrumb introduces when the
    sheet before already had its own."""
    starts: list[tuple[int, str | None, int | None, int | None]] = []
    i, n = toc.end, len(lines)
    floor = toc.end          # nothing above this belongs to a new sheet's header
    has_overview = True      # whether the current sheet already had its 【事業概要】
    while i < n:
        cls = classify_section_line(lines[i], toc)
        if cls and cls[0] in ("top", "sub"):
            top, sub, end = cls[1], cls[2], i
            j = i + 1
            while j < n and not lines[j].strip():
                j += 1
            nxt = classify_section_line(lines[j], toc) if j < n else None
            if nxt and nxt[0] in ("top", "divider"):
                starts.append((i, None, top, sub))  # a divider page; dropped later as empty
                floor, i = j, j
                continue
            if nxt and nxt[0] == "sub":
                sub, end = nxt[2], j
            start, title = _title_above(lines, i, floor, toc)
            if title and starts and not title.startswith("【参考") and not _belongs_below(
                    lines, start, starts[-1][0], toc):
                start, title = i, None
            starts.append((start, title, top, sub))
            floor, i = end + 1, end + 1
            has_overview = bool(title and title.startswith("【参考"))
            continue
        if cls and cls[0] == "divider":
            starts.append((i, None, cls[1], cls[2]))
            floor, has_overview = i + 1, True
        fm = FIELD_RE.match(clean(lines[i]))
        if fm and fm.group(1) == "事業概要":
            if has_overview or not starts:
                start, title = _title_above(lines, i, floor, toc)
                if title and starts and (title.startswith("【") or
                                         not _belongs_below(lines, start, starts[-1][0], toc)):
                    start, title = i, None
                starts.append((start, title, None, None))
            has_overview = True
            floor = i + 1
        i += 1
    return starts


FIELD_ALIASES = {"事業のイメージ": "事業イメージ", "目指す姿/取組指標": "目指す姿／取組指標"}
SCHEDULE_HEADER = re.compile(r"^\d{4}年度(?:～|~|以降)?$")


def split_fields(body: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Header lines (before the first field marker) and each field's lines, in order of appearance."""
    header: list[str] = []
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in body:
        text = clean(raw)
        if not text:
            continue
        fm = FIELD_RE.match(text)
        if fm and not fm.group(1).startswith("参考") and fm.group(1) not in ("再掲",):
            name = FIELD_ALIASES.get(nfkc(fm.group(1)).replace("/", "／"),
                                     fm.group(1))
            name = FIELD_ALIASES.get(name, name)
            if name in KNOWN_FIELDS or name in FIELD_ALIASES.values():
                current = fields.setdefault(name, [])
                if fm.group(2).strip():
                    current.append(fm.group(2).strip())
                continue
        if current is not None and name == "今後の予定" and SCHEDULE_HEADER.match(text):
            continue  # the schedule's column headers carry nothing once the chart is gone
        (current if current is not None else header).append(text)
    return header, fields


def derive_title(fields: dict[str, list[str]], header: list[str]) -> str:
    """A title for a sheet whose text lost it: its own first heading-like line."""
    for line in fields.get("事業概要", []) + header:
        text = re.sub(r"^(?:[○◯●■□◆▶]|O(?![A-Z]))\s*", "", line)
        text = re.sub(r"^(?:\d+[.．]\s*)", "", text)
        if heading_like(text) and len(text) >= 6:
            return text.strip()
    first = re.sub(r"^[-・○◯●■□◆▶\s]+", "", (fields.get("事業概要") or header or [""])[0])
    return first[:40]


def build_raw_sheets(lines: list[str], toc: Toc) -> list[RawSheet]:
    starts = find_starts(lines, toc)
    sheets: list[RawSheet] = []
    top: int | None = None
    sub: int | None = None
    for idx, (start, title, s_top, s_sub) in enumerate(starts):
        end = starts[idx + 1][0] if idx + 1 < len(starts) else len(lines)
        if s_top is not None:
            if s_top != top and s_sub is None:
                sub = None
            top = s_top
            sub = s_sub if s_sub is not None else sub
        body = [ln for ln in lines[start:end]]
        header, fields = split_fields(body)
        # breadcrumb lines are section data, not content
        content_header = [h for h in header if not classify_section_line(h, toc)]
        if not fields and len(content_header) <= (1 if title else 0):
            sheets.append(RawSheet(start, end, "", False, section_path(toc, top, sub), [], [], kind="divider",
                                   place=(top, sub)))
            continue
        derived = title is None
        kind = "reference" if title and title.startswith("【参考") else "measure"
        final_title = title or derive_title(fields, content_header)
        text_lines = content_header + [
            ln for name, fl in fields.items() for ln in ([f"【{name}】"] + fl)]
        sheets.append(RawSheet(start, end, final_title, derived, section_path(toc, top, sub),
                               content_header, text_lines, kind=kind,
                               fields={k: "\n".join(v) for k, v in fields.items()}, place=(top, sub)))
    assign_pages(sheets, toc)
    return [s for s in sheets if s.kind != "divider"]


# How pages are read from the table of contents (assign_pages). A TOC entry's pages hold the sheets
# from the one it points at up to the next entry's; a sheet spanning two pages, or a page the text lost,
# leaves an entry with fewer sheets than pages (cheap), while two sheets on one slide page are rare
# (dear). An entry is matched to a sheet by the share of its words (character bigrams, punctuation
# aside) that the sheet's title and opening lines hold, or, discounted, its whole text.
# (the two costs were set on the 施策集: 0.3 is the middle of the range that keeps every section's
# entries on the sheets their labels name). The entry names the sheet of its range whose title and
# opening lines match it best (toc_label), when they hold at least NAMES_SHEET of the entry's words
# (an entry for a group of sheets matches none of them that well).
MISSING_PAGE_COST = 0.1
EXTRA_SHEET_COST = 0.3
WHOLE_TEXT_DISCOUNT = 0.8
NAMES_SHEET = 0.4
_PUNCT = re.compile(r"[^\w]")


def _word_bigrams(text: str) -> set[str]:
    return bigrams(_PUNCT.sub("", norm(text)))


def _entry_similarity(label: str, unit: RawSheet, whole: bool = True) -> float:
    want = _word_bigrams(label)
    if not want:
        return 0.0
    head = len(want & _word_bigrams(unit.title + "".join(unit.lines[:6]))) / len(want)
    if not whole:
        return head
    return max(head, WHOLE_TEXT_DISCOUNT * len(want & _word_bigrams(unit.title + "".join(unit.lines))) / len(want))


def _entry_places(toc: Toc) -> list[tuple[int | None, int | None]]:
    """The (top, sub) section each non-sub entry is listed under."""
    out, sub, top = [], None, None
    for e in toc.entries:
        if e.sub is not None:
            top, sub = e.top, e.sub
        elif e.top != top:
            top, sub = e.top, None
        out.append((e.top, sub))
    return out


def _segment(units: list[RawSheet], labels: list[str], pages: list[int | None]) -> list[int]:
    """The entry (index into labels) covering each unit: contiguous, in order, every unit covered,
    maximising the units' similarity to their entry less the cost of ranges that do not fill their
    entry's pages."""
    n, m = len(units), len(labels)
    sim = [[_entry_similarity(lab, u) for u in units] for lab in labels]
    prefix = [[0.0] * (n + 1) for _ in range(m)]
    for e in range(m):
        for k in range(n):
            prefix[e][k + 1] = prefix[e][k] + sim[e][k]

    def cost(e: int, size: int) -> float:
        want = pages[e]
        if want is None:
            return 0.0
        return EXTRA_SHEET_COST * (size - want) if size > want else MISSING_PAGE_COST * (want - size)

    # best[e][u]: entries 0..e cover units 0..u-1 exactly; entry 0 starts at unit 0
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m)]
    back = [[0] * (n + 1) for _ in range(m)]
    for u in range(n + 1):
        best[0][u] = prefix[0][u] - cost(0, u)
    for e in range(1, m):
        for u in range(n + 1):
            for start in range(u + 1):
                if best[e - 1][start] == neg:
                    continue
                v = best[e - 1][start] + prefix[e][u] - prefix[e][start] - cost(e, u - start)
                if v > best[e][u]:
                    best[e][u], back[e][u] = v, start
    owner, u = [0] * n, n
    for e in range(m - 1, -1, -1):
        start = back[e][u] if e > 0 else 0
        for k in range(start, u):
            owner[k] = e
        u = start
    return owner


def assign_pages(units: list[RawSheet], toc: Toc) -> None:
    """Pages and table-of-contents entries from the TOC: within each section, the sheets are split
    among the entries the TOC lists there (_segment); an entry's first sheet gets its page and the
    ones after it follow one page each. A section the TOC does not list continues the page count."""
    entries = [(i, e) for i, e in enumerate(toc.entries) if e.sub is None]
    places = _entry_places(toc)
    following = [toc.entries[i + 1].page if i + 1 < len(toc.entries) else None for i in range(len(toc.entries))]
    sheets = [u for u in units if u.kind != "divider"]
    for place in dict.fromkeys(u.place for u in sheets):
        mine = [u for u in sheets if u.place == place]
        listed = [(i, e) for i, e in entries if places[i] == place]
        if not listed:
            continue
        labels = [e.label for _, e in listed]
        pages = [nxt - e.page if (nxt := following[i]) is not None else None for i, e in listed]
        owner = _segment(mine, labels, pages)
        for k, unit in enumerate(mine):
            i, entry = listed[owner[k]]
            unit.toc_entry = entry.label
            unit.page = entry.page + sum(1 for j in range(k) if owner[j] == owner[k])
        for e, label in enumerate(labels):
            scored = [(_entry_similarity(label, u, whole=False), -k) for k, u in enumerate(mine) if owner[k] == e]
            if scored and max(scored)[0] >= NAMES_SHEET:  # on a tie, the first sheet of the range
                mine[-max(scored)[1]].toc_label = label
    page: int | None = None
    for unit in units:  # sheets of sections the TOC does not list continue from the sheet before
        if unit.kind == "divider":
            continue
        if unit.page is None and page is not None:
            unit.page = page + 1
        page = unit.page
