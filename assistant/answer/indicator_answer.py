"""Answers from the indicator table: a question that asks for an indicator's target and/or its latest
value or progress (「ごみ焼却量の目標値と直近の値を」) is answered from the table's joined row,
each value cited from the sheet it is printed on, so that the 施策集's target and the 点検 draft's
latest value come together with both sheets cited.

``answer_from_indicators(question, hits, table, embed, wants)`` returns the composer's ``Composed`` (kind
"indicator"), or None when the question names no indicator of the table; the caller then composes as
usual.

What is asked comes from the query stage (the slot: a figure asks the latest value, an assessment the
progress as well, a target the target).
Which indicators are named: the share of an indicator's name (its matching form, character bigrams, each
weighted by its inverse frequency among the table's names, so that 再生/利用/プラ count for less than
what tells one indicator from another) the question holds, at least NAME_COVERAGE, or MIN_COVERAGE when
one of the row's sheets is the top retrieved sheet; with an embedder, a name whose embedding is close to
the question's (NAME_COSINE) counts too. A name of fewer than MIN_NAME_CHARS characters (「リチウム」)
names no indicator on its own."""
from __future__ import annotations

import math
import re
from collections.abc import Callable

from assistant.indicators.extract import COLUMNS
from assistant.indicators.table import IndicatorTable
from assistant.models import Citation, Composed, IndicatorRow, Quote, Value
from assistant.text.figures import western_year, years
from assistant.text.japanese import tokenize
from assistant.text.normalize import norm
from assistant.text.similarity import bigrams

NAME_COVERAGE = 0.7  # weighted share of the name's bigrams in the question that names it outright
# A question for a target alone is answered from the table only when it names the indicator in full:
# otherwise the sheet's own 【目指す姿／取組指標】 (the composer's answer) says the targets as well, and
# the table adds what no sheet has alone: the latest value, the progress, the other document.
FULL_NAME = 0.9
MIN_COVERAGE = 0.45  # ... when one of the row's sheets is the top TOP_HITS retrieved one
TOP_HITS = 1
NAME_COSINE = 0.9  # with an embedder: the question and the name this close in meaning
TIE = 0.05  # rows named only through retrieval are answered with the best one when this close to it
MAX_ROWS = 4
MIN_NAME_CHARS = 5
# a part (a 点検 part, a 施策集 section) is named when its title holds this share of the subject's word weight,
# and clearly more than any other part's title does
PART_COVERAGE = 0.55
TABLE_NOUN = "指標"  # what the plan calls the table's rows: a part asked for by this noun asks for its rows
PART_MARGIN = 0.15


def _weights(table: IndicatorTable) -> dict[str, float]:
    """Inverse frequency of each bigram among the table's names (cached on the table)."""
    if table.bigram_idf is not None:
        return table.bigram_idf
    import math

    names = [_form(n) for r in table.rows for n in _names(r)]
    df: dict[str, int] = {}
    for n in names:
        for b in bigrams(n):
            df[b] = df.get(b, 0) + 1
    weights = {b: math.log((len(names) + 1) / (c + 0.5)) for b, c in df.items()}
    table.bigram_idf = weights
    return weights


_NOTE = re.compile(r"[(（]※[^)）]*[)）]")


def _form(name: str) -> str:
    """A name's matching form: NFKC, no spaces, no 「(※…)」 note (a bracket that qualifies the name,
    「（事業系）」, stays)."""
    return norm(_NOTE.sub("", name))


def coverage(name: str, question: str, weights: dict[str, float] | None = None) -> float:
    """The share of the name's matching form (character bigrams, weighted) the question holds."""
    want = bigrams(_form(name))
    if not want:
        return 0.0
    weights = weights or {}
    # fsum: a sum over a set must not depend on the set's order (string hashing differs between processes),
    # or two names covered alike would rank by chance
    total = math.fsum(weights.get(b, 1.0) for b in want)
    return math.fsum(weights.get(b, 1.0) for b in want & bigrams(norm(question))) / total


def _names(row: IndicatorRow) -> list[str]:
    return [ind.name for ind in (row.inspection, row.measure) if ind] or [row.name]


def matched_names(table: IndicatorTable) -> list[str]:
    """Every name named_rows may compare with a question by meaning (their vectors can be made once)."""
    return list(dict.fromkeys(n for row in table.rows for n in _names(row) if len(_form(n)) >= MIN_NAME_CHARS))


def named_rows(question: str, hits, table: IndicatorTable,
               embed: Callable[[str], list[float]] | None = None, outright: bool = False) -> list[IndicatorRow]:
    """The table's rows the question names, best first: every row it names outright, else (unless
    `outright`) the best rows named through the top retrieved sheet. Names shorter than MIN_NAME_CHARS
    are not matched."""
    top = {h.sheet.id for h in hits[:TOP_HITS]}
    weights = _weights(table)
    strong: list[tuple[float, IndicatorRow]] = []
    weak: list[tuple[float, IndicatorRow]] = []
    qvec = None
    for row in table.rows:
        names = [n for n in _names(row) if len(_form(n)) >= MIN_NAME_CHARS]
        if not names:
            continue
        cov = max(coverage(n, question, weights) for n in names)
        retrieved = any(q.sheet_id in top for q in row.sources)
        if cov >= NAME_COVERAGE:
            strong.append((cov, row))
        elif retrieved and cov >= MIN_COVERAGE:
            weak.append((cov, row))
        elif embed is not None and retrieved:
            import numpy as np

            qvec = qvec if qvec is not None else np.asarray(embed(question), dtype=np.float32)
            for n in names:
                v = np.asarray(embed(n), dtype=np.float32)
                if float(qvec @ v / ((np.linalg.norm(qvec) * np.linalg.norm(v)) or 1.0)) >= NAME_COSINE:
                    weak.append((cov, row))
                    break
    if strong:
        return [row for _, row in sorted(strong, key=lambda x: -x[0])][:MAX_ROWS]
    if not weak or outright:
        return []
    weak.sort(key=lambda x: -x[0])
    return [row for cov, row in weak if cov >= weak[0][0] - TIE][:MAX_ROWS]


def _cite(quote: Quote, cites: list[Citation]) -> int:
    """The number of the citation for a quote (one per quote)."""
    for c in cites:
        if c.sheet_id == quote.sheet_id and c.quote == quote.quote:
            return c.n
    cites.append(Citation(len(cites) + 1, quote.sheet_id, quote.doc, quote.title, quote.section, quote.page,
                          quote.field, quote.quote))
    return len(cites)


def _quote_of(ind, value: Value) -> Quote | None:
    """The quoted line a value is printed on (its first quote when the text is not found in any)."""
    return next((q for q in ind.quotes if norm(value.text) in norm(q.quote)), ind.quotes[0] if ind.quotes else None)


def _refs(pairs, cites: list[Citation]) -> str:
    """The [n] markers of the quotes of (indicator, value) pairs."""
    found = [q for ind, value in pairs if ind and value and (q := _quote_of(ind, value))]
    return "".join(f"[{n}]" for n in dict.fromkeys(_cite(q, cites) for q in found))


def _line(label: str, pairs, where: list[str], cites: list[Citation]) -> str:
    value = next(v for _, v in pairs if v)
    return f"- {label}: {value.shown()}（{'・'.join(where)}） {_refs(pairs, cites)}"


def _same(a: Value, b: Value) -> bool:
    """Two statements of one target: the same number (or text) and, where both give one, the same year."""
    if a.year and b.year and a.year[:4] != b.year[:4]:
        return False
    if a.number is not None and b.number is not None:
        return abs(a.number - b.number) <= 0.01 * max(abs(a.number), abs(b.number)) and (
            not a.unit or not b.unit or a.unit == b.unit)
    return norm(a.text).lstrip("→") == norm(b.text).lstrip("→")


def _targets(row: IndicatorRow, where_ins: str, cites: list[Citation], wants: set[str]) -> list[str]:
    ins, mea = row.inspection, row.measure
    t_ins, t_mea = (ins.target if ins else None), (mea.target if mea else None)
    if t_ins and t_mea and _same(t_ins, t_mea):
        # said once (with the unit and year either gives), both sheets cited
        shown = Value(t_ins.text if t_ins.unit or not t_mea.unit else t_mea.text, t_ins.year or t_mea.year)
        return [f"- 目標: {shown.shown()}（{where_ins}・施策集） {_refs([(ins, t_ins), (mea, t_mea)], cites)}"]
    out = [_line("目標", [(ins, t_ins)], [where_ins], cites)] if t_ins else []
    out += [_line("目標", [(mea, t_mea)], ["施策集"], cites)] if t_mea else []
    if not out and "target" in wants:
        out = ["- 目標: 数値目標の記載はありません" + ("（点検資料の表では「—」）" if ins and ins.kind == "inspection" else "")]
    elif out and ins and not t_ins and ins.kind == "inspection":
        out.append("- 点検資料の表には数値目標がありません（「—」）")
    return out


def _row_lines(row: IndicatorRow, wants: set[str], cites: list[Citation]) -> list[str]:
    ins, mea = row.inspection, row.measure
    where_ins = "点検資料" + (f" {ins.part}" if ins and ins.part else "")
    targets = _targets(row, where_ins, cites, wants)
    latest = [_line(label, [(ind, v)], [where], cites) for label, ind, v, where in (
        ("最新値", ins, ins.latest if ins else None, where_ins),
        ("最新値（実績）", mea, mea.latest if mea else None, "施策集"),
        ("基準値", mea, mea.baseline if mea else None, "施策集")) if v]
    if not latest and wants & {"latest", "progress"}:
        latest = ["- 最新値: 記載はありません" + ("（点検資料の表では「—」）" if ins and ins.kind == "inspection" else "")]
    progress: list[str] = []
    if ins and (ins.outlook or ins.direction):
        ref = f" [{_cite(ins.quotes[-1], cites)}]" if ins.quotes else ""
        said = "、".join(x for x in (f"傾向・達成見込み（表の記号）: {ins.outlook}" if ins.outlook else "",
                                    f"目指すべき方向: {ins.direction}" if ins.direction else "") if x)
        progress.append(f"- {said}{ref}")
    notes = [f"- 備考: {ind.note}" + (f" [{_cite(ind.quotes[0], cites)}]" if ind.quotes else "")
             for ind in (ins, mea) if ind and ind.note]
    order = {"target": targets, "latest": latest, "progress": progress}
    first = [x for aspect in ("target", "latest", "progress") if aspect in wants for x in order[aspect]]
    rest = [x for aspect in ("target", "latest", "progress") if aspect not in wants for x in order[aspect]]
    return first + rest + notes


def _years(row: IndicatorRow) -> set[int]:
    """The western years the row's values are given for, and those its quoted lines write."""
    out: set[int] = set()
    for ind in (row.inspection, row.measure):
        if ind is None:
            continue
        for v in (ind.target, ind.latest, ind.baseline):
            if v is not None and (y := western_year(v.year)):
                out.add(y)
        out |= {y for q in ind.quotes for d in years(q.quote) if (y := western_year(d))}
    return out


def answer_from_indicators(question: str, hits, table: IndicatorTable | None,
                           embed: Callable[[str], list[float]] | None, wants: set[str], outright: bool = False,
                           in_full: bool = False, reached: bool = False, pinned: tuple[str, ...] = ()):
    """The answer from the indicator table (``Composed``, kind "indicator") giving `wants` (of "target",
    "latest", "progress") first, or None when the question names no indicator the table holds (names none
    outright, with `outright`: a figure asked of a measure is not its sheet's indicator's latest value;
    none outright, with `in_full`: a target asked of an indicator named only in part is the sheet's KPI
    field's). With `reached` (the value reached so far is what is asked), indicators the plan gives no
    latest value for are not stated: the answer abstains and shows what the plan does give; so do indicators
    for which the plan states no value of a year the question `pinned` (a target asked for a year it does not
    set)."""
    if not wants or table is None or not len(table):
        return None
    rows = named_rows(question, hits or [], table, embed, outright)
    if not rows:
        return None
    if wants == {"target"} and not any(ind for r in rows for ind in (r.inspection, r.measure) if ind
                                       and coverage(ind.name, question, _weights(table)) >= FULL_NAME):
        return None
    if in_full and not any(ind for r in rows for ind in (r.inspection, r.measure) if ind
                           and coverage(ind.name, question, _weights(table)) >= NAME_COVERAGE):
        return None
    cites: list[Citation] = []
    parts = []
    unstated = [d for d in pinned if (y := western_year(d)) and not any(y in _years(r) for r in rows)]
    if unstated:
        said = "、".join(unstated)
        parts.append("記載なし: " + "、".join(f"「{r.name}」" for r in rows) + f"について、{said}の値は計画文書に記載がありません。")
    elif reached and not any(ind.latest for r in rows for ind in (r.inspection, r.measure) if ind):
        parts.append("記載なし: " + "、".join(f"「{r.name}」" for r in rows) + "の最新値（実績）は計画文書に記載がありません。")
    if parts:
        parts.append("計画の記載:")
        for row in rows:
            parts += _row_lines(row, set(), cites)
        return Composed("\n".join(parts), cites, True, "indicator")
    for row in rows:
        docs = "・".join(dict.fromkeys("点検資料" if ind.kind != "measure" else "施策集"
                                       for ind in (row.inspection, row.measure) if ind))
        parts.append(f"「{row.name}」（{docs}）:")
        parts += _row_lines(row, wants, cites)
    return Composed("\n".join(parts), cites, False, "indicator")


def part_titles(table: IndicatorTable, sheets) -> dict[str, str]:
    """Each part the table's indicators belong to, with its title: a 施策集 section names itself; a 点検
    part (Ⅲ-1) is titled by its chapter's heading."""
    if table.part_titles is not None:
        return table.part_titles
    parts = sorted({ind.part for r in table.rows for ind in (r.inspection, r.measure) if ind and ind.part})
    chapters = {s.chapter.split(" ", 1)[0]: s.chapter.split(" ", 1)[-1] for s in sheets if " " in s.chapter}
    table.part_titles = {p: chapters.get(p, p) for p in parts}
    return table.part_titles


def part_named(subject: str, table: IndicatorTable, sheets, weight: Callable[[str], float]) -> str | None:
    """The part whose title the subject names (its content words, weighted by how few sheets use them,
    mostly written in the title), or None."""
    toks = tokenize(subject)
    titles = part_titles(table, sheets)
    title_words = {p: set(tokenize(t)) for p, t in titles.items()}
    if toks and not any(toks[-1] in tw for tw in title_words.values()):
        toks = toks[:-1]  # the head noun says what kind of thing is named (…の分野, …の章), not which
    words = set(toks)
    total = math.fsum(weight(w) for w in words)
    if not total:
        return None
    scored = sorted(((math.fsum(weight(w) for w in words if w in title_words[part]) / total, part) for part in titles),
                    reverse=True)
    if not scored or scored[0][0] < PART_COVERAGE or (len(scored) > 1 and scored[0][0] - scored[1][0] < PART_MARGIN):
        return None
    return scored[0][1]


def part_written(text: str, table: IndicatorTable) -> str | None:
    """The part whose own name a text writes (Ⅲ-2, in any width), the longest such name, or None."""
    q = norm(text)
    named = [p for p in {ind.part for r in table.rows for ind in (r.inspection, r.measure) if ind}
             if len(norm(p)) > 2 and norm(p) in q]
    return max(named, key=len, default=None)


# what a narrowing of a part's indicators keeps, by the slot asked: those with a target, those with a value
KEPT_BY_SLOT = {"target": "target", "figure": "latest"}


def part_indicators(part: str, table: IndicatorTable, having: str | None = None,
                    in_column: bool = False) -> Composed | None:
    """The indicators of one part, by name in the first line, each with its target and latest value; with
    `having` ("target" or "latest"), only those given that value (「この中で目標値の載っている指標は」), and
    with `in_column` only those the 点検 table's column gives it for (「数値目標があるのは」 names the
    column: an item its note follows, with a target from elsewhere, is no row of it); None when none is."""
    title = (table.part_titles or {}).get(part, part)
    # each row of the part with its indicator of the part (the 点検's or the 施策集's)
    rows = [(r, ind) for r in table.rows
            if (ind := next((i for i in (r.inspection, r.measure) if i and i.part == part), None)) is not None]
    if having is not None:
        rows = [(r, ind) for r, ind in rows
                if getattr(ind, having) is not None and (not in_column or ind.kind == "inspection")]
        if not rows:
            return None
    cites: list[Citation] = []
    lines = []
    for _, ind in rows:
        said = [f"目標 {ind.target.shown()}" if ind.target else "", f"最新値 {ind.latest.shown()}" if ind.latest else ""]
        refs = "".join(f"[{_cite(q, cites)}]" for q in ind.quotes[:1])
        lines.append(f"- {ind.name}" + (f"（{'、'.join(x for x in said if x)}）" if any(said) else "") + f" {refs}")
    where = part if title == part else f"{part}「{title}」"
    header = dict(COLUMNS).get(having or "", "")
    which = f"のうち表の「{header}」欄に値があるもの" if in_column else \
        {"target": "のうち目標があるもの", "latest": "のうち最新値があるもの"}.get(having or "", "")
    first = f"{where}の指標{which}（{len(rows)}件）: " + "／".join(r.name for r, _ in rows)
    return Composed("\n".join([first, *lines]), cites, False, "indicator")
