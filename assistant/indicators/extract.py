"""Indicators read from the sheets at index time.

* 点検 draft: its tables (① 指標の設定状況, ② 進捗状況) are tab-separated rows under a header row that
  starts with 指標. Each column is known by its header's own words (数値目標 → target and year, 最新値,
  目指すべき方向 → the desired direction, 達成見込み → the outlook or trend arrow, 備考 → note); the
  rows of ① and ② of one part that name the same indicator are one indicator. Items a note lists to be
  followed as well (「(例) ・…を2030年に約50万トン…に増加」) are read as statements (kind "follow-up").
* 施策集: the lines of each sheet's 【目指す姿／取組指標】 that state a quantity. The indicator is the noun
  phrase the quantity measures — the clause before it, without the year, particles and baseline
  phrases around it (「2030年時点で、鉄スクラップを高品位化する処理能力約200万トン/年を目安に」 →
  鉄スクラップを高品位化する処理能力), or, when the quantity's line has none, the heading line above it
  (「・下水汚泥肥料利用率」「2023年度 15%」「→ 2030年度 30%」); a value after → or ⇒ is the target,
  one before it the baseline, one marked 実績 the latest value.

Every value keeps the sheet line it was read from, verbatim, so that an answer can quote it."""
from __future__ import annotations

import re

from assistant.indicators.quantities import BARE, CHANGE, QUANTITY, YEAR, match_number, read_value, unit_of
from assistant.models import Indicator, Quote, Sheet, Value
from assistant.text.normalize import norm, unmarked

KPI_FIELD = "目指す姿／取組指標"
LATEST_MARK = "実績"  # the word a 施策集 KPI line marks its value reached so far with (「R6年実績 約1,800万m³」)
# a table's columns, known by the words of their header cells
COLUMNS = (("direction", "目指すべき方向"), ("target", "数値目標"), ("latest", "最新値"),
           ("outlook", "達成見込み"), ("note", "備考"))
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+(?=[^\x00-\x7f])")
_LEAD = re.compile(r"^[\s\-・*▶○◯●■□◆◇※／/]+")
_ARROW = re.compile(r"[→⇒⇨]")
# what may stand between an indicator's name and its quantity and is not the name
_SEPARATORS = re.compile(r"[\s：:→⇒⇨【\[(（「]+$")
_TAIL_YEAR = re.compile(r"(?:(?:" + YEAR.pattern + r")\s*(?:比|時点|まで|以降)?|[0-9０-９]+年|毎年)"
                        r"(?:において|までに|で|に|の)?$")
_LEADING_YEAR = re.compile(r"^(?:" + YEAR.pattern + r")\s*(?:時点|まで|以降)?(?:において|までに|で|に|の)?[、,\s]*")
_FORMAL = ("もの", "こと", "ところ")
MIN_NAME = 2


def _tidy(text: str) -> str:
    """A name as shown: the spaces a PDF conversion left between Japanese characters removed."""
    return _CJK_GAP.sub("", re.sub(r"\s+", " ", unmarked(text))).strip()


def _quote(sheet: Sheet, line: str, field: str) -> Quote:
    return Quote(sheet.id, sheet.doc, sheet.title, sheet.section, sheet.page_of(line), field, line)


def _part(sheet: Sheet) -> str:
    return (sheet.section or "").split(" ＞ ")[0].strip()


# ---- 点検 tables -----------------------------------------------------------------------------
def _tables(sheet: Sheet) -> list[tuple[list[str], list[str]]]:
    """(header cells, row lines) of each table of the sheet whose header starts with 指標. A single line
    without tabs inside a table is a group label whose empty cells the text lost; more end the table."""
    out: list[tuple[list[str], list[str]]] = []
    header: list[str] | None = None
    gap = 0
    for line in sheet.text.splitlines():
        if "\t" not in line:
            gap += 1
            if gap > 1:
                header = None
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None or gap > 1 or norm(cells[0]).startswith("指標"):
            header = cells if norm(cells[0]).startswith("指標") else []
            if header:
                out.append((header, []))
        elif header:
            out[-1][1].append(line)
        gap = 0
    return out


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        for key, word in COLUMNS:
            if word in norm(cell) and key not in found:
                found[key] = i
    return found


def table_indicators(sheet: Sheet) -> list[Indicator]:
    """The rows of the sheet's indicator tables that state something (a group row with every value
    cell empty, or a row with nothing but 「—」, is not an indicator of its own)."""
    out: list[Indicator] = []
    for header, rows in _tables(sheet):
        cols = _columns(header)
        for line in rows:
            cells = [c.strip() for c in line.split("\t")]
            cell = {k: cells[i] if i < len(cells) else "" for k, i in cols.items()}
            name = _tidy(cells[0])
            values = {k: v for k, v in cell.items() if v and v not in ("—", "-", "－")}
            if not name or not values:
                continue
            ind = Indicator(name, sheet.doc, "inspection", _part(sheet), sheet.id,
                            direction=re.sub(r"[\s↗↘→⇒⇨]+", "", cell.get("direction", "")),
                            target=read_value(cell.get("target", "")), latest=read_value(cell.get("latest", "")),
                            outlook=cell.get("outlook", "").strip(), note=cell.get("note", "").strip(),
                            quotes=[_quote(sheet, line, "本文")])
            out.append(ind)
            out += follow_ups(sheet, ind, line)
    return out


def follow_ups(sheet: Sheet, owner: Indicator, line: str) -> list[Indicator]:
    """Items a note lists to be followed as well (「・…を2030年に約50万トン…に増加」), each a statement."""
    if "・" not in owner.note:
        return []
    owner.note = owner.note.split("(例)")[0].split("（例）")[0].strip() or owner.note
    items = [x.strip() for x in re.split(r"\s・", line.split("\t", 1)[-1]) if x.strip()]
    out = []
    for item in items[1:]:
        for name, target, _, _, _ in statements([item.split("\t")[0]]):
            out.append(Indicator(name, sheet.doc, "follow-up", owner.part, sheet.id, target=target,
                                 quotes=[_quote(sheet, item.split("\t")[0], "本文")]))
    return out


def merge_tables(found: list[Indicator]) -> list[Indicator]:
    """The ① and ② rows of one part that name the same indicator, as one (values of ② first, a value
    only ① has kept, both rows quoted)."""
    out: dict[tuple[str, str, str], Indicator] = {}
    for ind in found:
        key = (ind.kind, ind.part, norm(ind.name))
        have = out.get(key)
        if have is None:
            out[key] = ind
            continue
        for attr in ("direction", "target", "latest", "outlook", "note"):
            if not getattr(have, attr) and getattr(ind, attr):
                setattr(have, attr, getattr(ind, attr))
        have.quotes += [q for q in ind.quotes if q.quote not in {x.quote for x in have.quotes}]
    return list(out.values())


# ---- 施策集 KPI lines -------------------------------------------------------------------------
def _quantities(text: str) -> list[tuple[int, int, Value]]:
    """(start, end, Value) of each quantity in a line: numbers with a unit, changes (半減, 倍増)."""
    found = []
    for m in QUANTITY.finditer(text):
        shown = m.group(0)
        found.append((m.start(), m.end(), Value(shown, "", match_number(m), unit_of(m))))
    for m in CHANGE.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), Value(m.group(0))))
    for m in BARE.finditer(text):
        # a count with no counter: 「自治体数を150とする」 (the name before it ends in 数)
        if not any(s <= m.start() < e for s, e, _ in found) and re.search(r"数を?\s*$", text[:m.start()]):
            found.append((m.start(), m.end(), Value(m.group(0), "", float(m.group("num").replace(",", "")), "")))
    return sorted(found, key=lambda x: x[0])


def _year_near(text: str, start: int, end: int, until: int) -> str:
    """The year a quantity is for: the first one after it, before the next quantity (「95%（2025年度～
    2029年度）」, 「100万戸程度に抑える(2035年)」), else the last one before it on the line; never a
    baseline (「2020年度比」). 「以降」/「まで」 after a year stay with it."""
    def shown(m: re.Match) -> str:
        span = re.match(r"\s*(以降|まで)", text[m.end():])
        return re.sub(r"\s+", "", m.group(0)) + (span.group(1) if span else "")

    ok = [m for m in YEAR.finditer(text) if not re.match(r"\s*比", text[m.end():])]
    after = [m for m in ok if end <= m.start() < until]
    if after:
        return shown(after[0])
    before = [m for m in ok if m.end() <= start]
    return shown(before[-1]) if before else ""


def _clean_name(text: str) -> str:
    """A name without bullets, a leading year phrase (「2030年時点で、」) and quote marks."""
    name = _LEAD.sub("", text).strip()
    for _ in range(2):
        name = _LEADING_YEAR.sub("", name).strip()
    return _tidy(name.strip("「」『』 "))


def _ends_noun(text: str) -> bool:
    from assistant.ingest.naming import ends_whole

    return bool(text) and ends_whole(text)


def _strip_tail(text: str) -> str:
    """What stands between a name and its quantity and is not the name: separators, an opening
    bracket, a year phrase (「を2030年に」), a baseline (「2020年度比で」), a span (「3年で」)."""
    prev = None
    while prev != text:
        prev = text
        text = _SEPARATORS.sub("", text)
        text = _TAIL_YEAR.sub("", text)
    return text


def _clause(text: str) -> str:
    """The last clause of text (after its last 、), taking the clause before in too while what is left
    is only a formal noun (「…のうち、廃棄されるもの」) or too short to name anything."""
    parts = re.split(r"[、，]", text)
    k = len(parts) - 1
    name = _clean_name(parts[k])
    while k > 0 and (name.endswith(_FORMAL) or len(norm(name)) < MIN_NAME):
        k -= 1
        name = _clean_name("、".join(parts[k:]))
    return name


def name_before(text: str, start: int, floor: int = 0) -> str:
    """The indicator a quantity at `start` measures: the noun phrase right before it (「…処理能力約200
    万トン」, 「…原材料の約3割」, 「…実施率 →50%」), or, when a particle stands between (「…地域を2030年度
    までに、全国で100件」), the object marked by を."""
    tail = _strip_tail(text[floor:start])
    if tail.endswith("の"):
        tail = tail[:-1]
    name = _clause(tail) if tail else ""
    if name and _ends_noun(name):
        return name
    if "を" in tail:
        name = _clause(tail.rsplit("を", 1)[0])
        if name and _ends_noun(name):
            return name
    return ""


# name, target, baseline, latest, and the line each of those three is printed on
Statement = tuple[str, Value, "Value | None", "Value | None", list[str]]


def _heading_of(line: str) -> tuple[str, str] | None:
    """A line without a quantity that names an indicator for the lines under it (「・下水汚泥肥料利用率」,
    「食品ロス削減目標（2000年度比で2030年度までに）」): (name, the year its bracket gives)."""
    if "。" in line:
        return None
    label = re.sub(r"[：:をはが]$", "", line)
    name = _clean_name(re.sub(r"[(（][^)）]*[)）]", "", label))
    name = re.sub(r"目標値?$", "", name)  # 「再生プラスチック供給量目標」 names the quantity the target is for
    if not name or not _ends_noun(name):
        return None
    bracket = re.search(r"[(（]([^)）]*)[)）]", line)
    years = [m.group(0) for m in YEAR.finditer(bracket.group(1))] if bracket else []
    return name, re.sub(r"\s+", "", years[-1]) if years else ""


def statements(lines: list[str]) -> list[Statement]:
    """(name, target, baseline, latest) of each quantity stated in the lines (a field's, in order)."""
    out: list[Statement] = []
    heading, heading_year = "", ""
    plain_last = False  # whether the last statement came from a line with no arrow
    for raw in lines:
        if raw.lstrip().startswith("▶"):
            continue  # ▶ lines tell what the measure does (a budget, an action), not a state aimed at
        line = _LEAD.sub("", raw).strip()
        found = [q for q in _quantities(line) if not re.search(r"比\s*$", line[max(0, q[0] - 8):q[0]])
                 and not _in_note(line, q[0])]  # 「(2020年比5割増)」: relative, not a target of its own
        bare_year = re.sub(r"[()（）\s]", "", line)
        if not found:
            if bare_year and YEAR.fullmatch(bare_year) and out and not out[-1][1].year:
                out[-1][1].year = bare_year  # 「(2025～2027年度)」 on a line of its own
            elif (head := _heading_of(line)) is not None:
                heading, heading_year = head
            continue
        if LATEST_MARK in line and out and out[-1][3] is None:
            v = found[0][2]
            v.year = (re.sub(r"\s+", "", m.group(0)) if (m := YEAR.search(line)) else "")
            name, target, base, _, src = out[-1]
            out[-1] = (name, target, base, v, [src[0], src[1], raw])  # 「(R6年実績 約1,800万m³)」: the latest
            continue
        arrow = _ARROW.search(line)
        floor, pending, pending_name, pending_line = 0, None, "", ""
        for start, end, v in found:
            nxt = next((q[0] for q in found if q[0] > start), len(line))
            v.year = _year_near(line, start, end, nxt) or heading_year
            name = (pending_name if arrow and start > arrow.start() else "") or name_before(line, start, floor)
            if len(norm(name)) < 5 and heading:
                name = f"{heading}（{name}）" if name else heading
            floor = end
            if not name:
                continue
            if arrow and start < arrow.start():
                pending, pending_name, pending_line = v, name, raw  # before the arrow: the starting point
                continue
            if arrow and pending is None and plain_last and out and out[-1][0] == name and out[-1][2] is None:
                prev = out.pop()  # 「2023年度 15%」 then 「→ 2030年度 30%」: the first is the baseline
                pending, pending_line = prev[1], prev[4][0]
            out.append((name, v, pending, None, [raw, pending_line if pending else "", ""]))
            pending = None
        plain_last = not arrow
    return out


def _in_note(line: str, at: int) -> bool:
    """Whether position `at` is inside a bracketed note that follows an earlier quantity."""
    opened = max(line.rfind("(", 0, at), line.rfind("（", 0, at))
    closed = max(line.rfind(")", 0, at), line.rfind("）", 0, at))
    return opened > closed and bool(QUANTITY.search(line[:opened]))


def measure_indicators(sheet: Sheet) -> list[Indicator]:
    """The KPI lines of a 施策集 sheet's 【目指す姿／取組指標】 as indicators."""
    field = sheet.fields.get(KPI_FIELD, "")
    if not field:
        return []
    lines = [ln for ln in field.splitlines() if ln.strip()]
    out: list[Indicator] = []
    for name, target, base, latest, src in statements(lines):
        quote_lines = list(dict.fromkeys(ln.strip() for ln in src if ln.strip()))
        out.append(Indicator(name, sheet.doc, "measure", _part(sheet), sheet.id, target=target, baseline=base,
                             latest=latest, quotes=[_quote(sheet, ln, KPI_FIELD) for ln in quote_lines]))
    return _one_per_name(out)


def _one_per_name(found: list[Indicator]) -> list[Indicator]:
    """One indicator per name: a second target of the same indicator (「2041年以降20万t/年」) goes
    into its note."""
    out: dict[str, Indicator] = {}
    for ind in found:
        have = out.get(norm(ind.name))
        if have is None:
            out[norm(ind.name)] = ind
            continue
        if ind.target:
            extra = ind.target.shown()
            have.note = f"{have.note}、{extra}" if have.note else f"ほかの目標: {extra}"
        have.quotes += [q for q in ind.quotes if q.quote not in {x.quote for x in have.quotes}]
    return list(out.values())


def extract(sheets: list[Sheet]) -> list[Indicator]:
    """Every indicator of the catalog, 点検 tables first, then the 施策集 KPI lines, in sheet order."""
    tables: list[Indicator] = []
    kpis: list[Indicator] = []
    for s in sheets:
        if s.kind == "inspection":
            tables += table_indicators(s)
        elif KPI_FIELD in s.fields:
            kpis += measure_indicators(s)
    return merge_tables(tables) + kpis
