"""A fact asked of a measure (a target, a figure, a date, an assessment, a reason, anything else): the best
evidence of the sheet that holds it, the asked value first, built from the evidence's own clauses. An
indicator's latest value or progress comes from the indicator table's joined row."""
from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer import decline, specifics
from assistant.answer.ask import Ask, Need
from assistant.answer.citations import MARKER
from assistant.answer.decline import answers
from assistant.answer.evidence import (
    BULLET,
    Line,
    Window,
    gives,
    has_figure,
    heading_like,
    is_heading,
    is_label,
    names_a_body,
    overlap,
)
from assistant.answer.lines import clauses, item_heading, list_heading, shown_around, table_header, table_row
from assistant.answer.specifics import NEAR_TIE, NEIGHBOURS, holds_rare_words
from assistant.indicators.extract import COLUMNS, LATEST_MARK
from assistant.ingest.ministries import any_named
from assistant.models import Composed, Sheet, SheetHit
from assistant.query.slots import perfect
from assistant.text.figures import NUMBER, YEAR, asked_unit, figures, holds
from assistant.text.japanese import tokenize
from assistant.text.normalize import nfkc, norm

if TYPE_CHECKING:
    from assistant.answer.compose import Citations, OfflineComposer

# How many pieces of evidence an answer quotes: an answer is read on a screen beside its sources
MAX_QUOTES = 4
VALUE_SLOTS = ("target", "figure", "date")  # the slots a value answers (a number, a date)


def facts(c: OfflineComposer, ask: Ask) -> Composed:
    """The part's fact from the best evidence of the sheet that holds it, its answer first."""
    from assistant.answer import lists, summary
    from assistant.answer.compose import Citations

    need = ask.need
    top, lacking = specifics.holder(c, ask)
    # a ministry the question names of a fact it asks (「…のうち○○省が担う部分は？」) is a premise the sheet
    # must hold
    text = c.index.norm_text(top.sheet.id)
    lacking += [specifics.Specific(x.value, "ministry") for x in ask.claims if x.kind == "ministry"
                and not specifics.held(specifics.Specific(x.value, "ministry"), text, c.variants)]
    ranked = c.evidence(top.sheet, ask)
    if not lacking and not answers(c, ranked, ask) and (near := answering_neighbour(c, ask)):
        top, ranked = near
    missing_place = specifics.missing_places(c, top.sheet, need)
    # a specific, a date or a place the part names that the sheet lacks is a premise it does not hold, and
    # a number asked in a unit the sheet never counts in is not there: declined whatever else it holds;
    # otherwise the fitted model weighs what the sheet holds of what is asked
    # a number asked in a unit (何社, 何港) or by a noun that says of what (補助率, 予算)
    counted = need.unit is not None and bool(need.unit.names or need.unit.counted and asked_unit(need.unit.counted))
    # the date of a figure the question gives, or a month or a day asked
    dated = ask.part.slot == "date" and (bool(ask.part.anchors) or decline.asked_grain(ask) is not None)
    if (said := decline.unwritten_premise(c, ask, top, ranked, lacking, missing_place)) is not None:
        return said
    if lacking or missing_place or not ranked or ((counted or dated) and not answers(c, ranked, ask)) \
            or decline.declines(c, ask, top, ranked, lacking, missing_place):
        what = decline.not_stated(need, ask.quals, missing_place, lacking)
        return decline.abstain(c, ask.hits, need.kind, what, top, ranked)
    if not answers(c, ranked, ask) and need.kind == "general" and need.unit is None and not need.who:
        return summary.briefing(c, ask)  # nothing asked beyond the sheet itself: say what it holds
    items_asked = ask.part.slot == "items"
    count = ask.part.count if items_asked else ask.count
    # lines asked by number (「3行で」) are a list's items unless a value is asked: a target asked in three
    # lines is the target first, not the sheet's three pillars
    if items_asked or (count and count > 1 and ask.part.slot not in VALUE_SLOTS):
        items = lists.enumeration(c, top.sheet, ranked, count if items_asked else None)
        if items:
            return lists.list_answer(top.sheet, items, need.kind, lists.total_heading(c, top.sheet, items))
    chosen = choose(c, top.sheet, ranked, ask)
    if reached(ask, {ask.part.slot}) and targets_only(c, top.sheet, chosen, need):
        # a value reached so far asked, and the figures found are the sheet's targets
        return decline.abstain(c, ask.hits, need.kind, "最新値（実績）の記載", top, chosen)
    cites = Citations()
    parts = []
    for w in chosen:
        n = cites.add(top.sheet, w.text)
        row = table_row(top.sheet, w.lines[0]) if len(w.lines) == 1 else None
        parts.append(f"- {row or w.text} [{n}]")
    first = lead(c, top.sheet, chosen, ask, cites)
    if restates(ask, first):
        # 「…の○億円のうち、△△向けはいくら？」 answered with the ○億円 itself: the sheet gives no more than the
        # question does, so the part asked is not stated
        return decline.abstain(c, ask.hits, need.kind, decline.not_stated(need, ask.quals, [], []), top, chosen)
    more, leads = other_parts(c, ask, top, chosen, cites)
    first = "／".join([first, *leads])
    text = f"{first}\n「{top.sheet.name}」（{top.sheet.section}）より:\n" + "\n".join(dict.fromkeys(parts)) + more
    return Composed(text, cites.items, False, need.kind)


def choose(c: OfflineComposer, sheet: Sheet, ranked: list[Window], ask: Ask) -> list[Window]:
    """The evidence to quote: the best window, then what the part's shape also wants (the KPI field for a
    target, a dated line for a schedule, the asked number, an assessment)."""
    need = ask.need
    chosen: list[Window] = [ranked[0]]

    def add(pred) -> None:
        for w in ranked:
            if pred(w) and not any(overlap(w, x) for x in chosen):
                if w.overlap > 0 or w.features.get("unit") or w.features.get("date") or ask.english:
                    chosen.append(w)
                return

    if "target" in need.aspects:
        kpi = field_window(c, sheet, "目指す姿")
        if kpi:  # the KPI field is read whole: it replaces the windows that are parts of it
            inside = {id(ln) for ln in kpi.lines}
            chosen = [x for x in chosen if not {id(ln) for ln in x.lines} <= inside]
            if not any(overlap(kpi, x) for x in chosen):
                chosen.append(kpi)
    if "schedule" in need.aspects:
        add(lambda w: any(ln.field == "今後の予定" for ln in w.lines) or bool(YEAR.search(w.plain)))
    if need.unit is not None:
        add(lambda w: bool(need.unit.search(w.plain, counted=False)))
    if need.evaluation:
        add(lambda w: gives(w.plain, "evaluation"))
    add(lambda w: True)
    if ask.part.slot in ("describe", "summary"):  # what a named item does; a value asked is read as it stands
        chosen = [block_under(c, sheet, w, ask) or w for w in chosen]
    unique: list[Window] = []
    for w in chosen[:MAX_QUOTES]:  # a window inside another quoted one is the same quote twice
        if not any(norm(w.text) in norm(u.text) or norm(u.text) in norm(w.text) for u in unique):
            unique.append(w)
    return sorted(unique, key=lambda w: w.start)


def block_under(c: OfflineComposer, sheet: Sheet, w: Window, ask: Ask, max_chars: int = 400) -> Window | None:
    """Where a window holds a heading that names what the question asks about (「・ ○○市」), that heading
    with the lines beneath it up to the next heading, which say what it does; None when there is no such
    heading."""
    raw = sheet.text.splitlines()
    head = next((ln for ln in w.lines if BULLET.match(ln.text) and heading_like(ln.text) and ln.order < len(raw)
                 and set(tokenize(ln.text)) & ask.tokens), None)
    if head is None:
        return None

    def depth(line: str) -> int:
        return len(line) - len(line.lstrip())

    top = depth(raw[head.order])
    kept = {ln.order: ln for ln in c.index.lines.get(sheet.id, [])}
    run: list[Line] = []
    for i in range(head.order + 1, len(raw)):
        if not raw[i].strip():
            continue
        if depth(raw[i]) < top or heading_like(raw[i]) or sum(len(x.text) for x in run) > max_chars:
            break
        if i in kept:
            run.append(kept[i])
    return Window([head, *run], w.score, w.overlap, dict(w.features)) if run else None


HEADING_SHOWN = 40  # a list's heading longer than this is a sentence, not a name for its items
# how the first line is labelled by the slot asked
LEAD_LABELS = {"target": "目標", "figure": "数値", "date": "時期", "assessment": "進捗"}


def lead(c: OfflineComposer, sheet: Sheet, chosen: list[Window], ask: Ask, cites: Citations) -> str:
    """The answer in one line, from the evidence's own words: the clauses that hold what is asked (the
    figure with its unit, the date), best first — in the field the asked value lives in (the KPI field for
    a target, the schedule for a date), holding the dates the part pins, sharing most of its words — each
    cited; the best sentence when nothing narrower is asked."""
    need = ask.need
    want = asked_value(c, ask)
    target = "target" in need.aspects and need.unit is None
    found: list[tuple[tuple, str, int, str]] = []
    for rank, w in enumerate(chosen):
        if need.unit is not None and need.unit.counted and not need.unit.search(f"{table_header(sheet, w.lines[0])} {w.plain}"):
            continue  # a number of something else (自治体数 for 事業者数) is not the answer; a row's column names count
        n = cites.add(sheet, w.text)
        fields = {ln.field for ln in w.lines}
        home = ("target" in need.aspects and any(f.startswith("目指す姿") for f in fields)
                or "schedule" in need.aspects and "今後の予定" in fields)
        i = -1
        for said_in, under in _texts(sheet, w):
            # the words a clause shares with the question, then those its line shares (a date clause whose
            # line goes on to name what the question asks about: 「2026年2月、…（同会合で○○の立上げも発表）」)
            # and the heading of the list it is an item of (「・製造業95%」 under 「…実施率目標」)
            around = c.index.text_weight(ask.tokens, f"{said_in} {under}")
            for whole in clauses(said_in, None):
                i += 1
                # the clause is judged whole and shown cut (a table row's name cell, cut for the glance, still
                # says which row it is)
                clause = shown_around(whole, want)
                if not want(clause):
                    continue
                dated = all(holds(whole, q) for q in ask.quals)
                shared = c.index.text_weight(ask.tokens, whole)
                # a target is a figure with its counter: a clause whose only number is a date (a target's
                # heading: 「○○率目標（2029年度までに）」) comes after those that give one
                bare = target and not figures(whole)
                found.append(((not home, not dated, bare, -shared - around, rank, i), clause, n, under))
    pieces: list[str] = []
    seen: set[str] = set()  # the clauses and headings said so far
    for _, clause, n, under in sorted(found, key=lambda x: x[0]):
        if norm(clause) in seen:
            continue
        seen.add(norm(clause))
        # an item is said with the heading it is listed under, the first time that heading comes
        # (「…実施率目標（2029年度までに）：製造業95%／…」): the heading says of what, and often by when
        shown = under if under and len(nfkc(under)) <= HEADING_SHOWN and norm(under) not in norm(clause) else ""
        if shown and norm(shown) not in seen:
            pieces.append(f"{shown.strip()}：{clause} [{n}]")
            seen.add(norm(shown))
        else:
            pieces.append(f"{clause} [{n}]")
        if len(pieces) >= 3:
            break
    label = LEAD_LABELS.get(ask.part.slot, "回答")
    if not pieces:
        # the best evidence (the quotes stand in the sheet's order; the first of them is not the best), from
        # the schedule when a schedule is asked (「今後どう進める予定？」 is answered by what the schedule says)
        planned = "schedule" in need.aspects
        best = max(chosen, key=lambda w: (planned and any(ln.field == "今後の予定" for ln in w.lines), w.score)) \
            if chosen else None
        if best is None:
            return f"「{sheet.name}」"
        if ask.part.slot in ("date", "figure") and (need.unit is not None or "schedule" in need.aspects
                                                    or need.when is not None):
            # no clause gives the date or number asked: the first line says so before what the sheet says
            label = f"{label}の記載なし（シートの記載）"
        n = cites.add(sheet, best.text)
        # a line that only names (an item's heading: 「・ ○○市」) is not the answer: under a heading, the item's
        # first line is; elsewhere the line holding most of the part's words (a window joins neighbouring items)
        said = [ln for ln in best.lines if not heading_like(ln.text)] or best.lines
        line = said[0] if heading_like(best.lines[0].text) else \
            max(said, key=lambda ln: c.index.held_weight(ask.tokens, ln))
        # of the line's clauses, the one holding most of the part's words (the first on a tie): a line of
        # several sentences answers in the one that says what is asked
        sentences = clauses(table_row(sheet, line) or line.text)
        first = max(sentences, key=lambda x: c.index.text_weight(ask.tokens, x), default=best.text)
        # the item a line is under names what it says it of (「・ 株式会社○○」 above what the company does)
        named = item_heading(sheet, line)
        said_of = f"{named}：" if named and norm(named) not in norm(line.text) else ""
        return f"{label}: {said_of}{first} [{n}]"
    return f"{label}: " + "／".join(pieces)


def _texts(sheet: Sheet, w: Window) -> list[tuple[str, str]]:
    """A window's lines as texts to cut clauses from, each with the heading of the list it is an item of: a
    label line (short, no figure, no sentence end: 「・下水汚泥肥料利用率」) is read with the line after it,
    which holds its value, and a date alone (a timeline's 「2030年度～」) with the lines after it up to the
    next date, which say what happens then."""
    out: list[tuple[str, str]] = []
    lines = [table_row(sheet, ln) or ln.text for ln in w.lines]
    i = 0
    while i < len(lines):
        text = lines[i]
        under = list_heading(sheet, w.lines[i])
        if i + 1 < len(lines) and is_label(text) and not has_figure(text):
            text = f"{text} {lines[i + 1]}"
            i += 1
        elif _only_a_date(text):
            while i + 1 < len(lines) and not _only_a_date(lines[i + 1]):
                text = f"{text} {lines[i + 1]}"
                i += 1
        out.append((text, under))
        i += 1
    return out


def _only_a_date(text: str) -> bool:
    """A line that is a date alone (a timeline's cell: 「2030年度～」): what happens then is on the lines after."""
    plain = nfkc(text)
    return bool(YEAR.search(plain)) and len(norm(YEAR.sub("", plain)).strip("~〜-ー:：()（）")) < 2


def asked_value(c: OfflineComposer, ask: Ask):
    """What a clause must hold to answer: the asked number, a figure for a target, a date for a schedule, a
    named body for who."""
    need = ask.need
    if need.unit is not None:
        unit = need.unit
        return lambda x: unit.search(nfkc(x), counted=False)
    if "schedule" in need.aspects or need.when is not None:
        return lambda x: bool(YEAR.search(nfkc(x)))
    if "target" in need.aspects:
        return has_figure
    if need.who:
        return lambda x: any_named(x) or names_a_body(c.index, x, need.countries)
    return lambda x: False


def other_parts(c: OfflineComposer, ask: Ask, top: SheetHit, chosen: list[Window],
                cites: Citations) -> tuple[str, list[str]]:
    """A part asking two things (the latest value and its assessment) may be answered by two neighbouring
    sections of the same document: what the first sheet lacks, from there; with each found line's first
    clause, cited, for the answer's first line."""
    need = ask.need
    wants = []
    if need.evaluation:
        # an assessment of the subject speaks of it: a table's legend of how to read its marks assesses nothing
        particular = decline.focus(c, ask, top.sheet)

        def of_it(w: Window) -> bool:
            return not particular or any(particular & c.index.tokens.get(id(ln), set()) for ln in w.lines)

        wants.append(lambda w: gives(w.plain, "evaluation") and of_it(w))
    if "number" in need.aspects:
        wants.append(lambda w: bool(need.unit.search(w.plain) if need.unit else NUMBER.search(w.plain)))
    text = ""
    leads: list[str] = []
    for want in wants:
        if any(want(w) for w in chosen):
            continue
        for other in ask.hits[:3]:  # (the first sheet itself when a neighbour answered in its place)
            if other.sheet.doc != top.sheet.doc or other.sheet.id == top.sheet.id:
                continue
            found = [w for w in c.evidence(other.sheet, ask) if want(w)]
            if found and found[0].score > chosen[0].score - 1.0:
                w = found[0]
                n = cites.add(other.sheet, w.text)
                row = table_row(other.sheet, w.lines[0]) if len(w.lines) == 1 else None
                text += f"\n「{other.sheet.name}」（{other.sheet.section}）より:\n- {row or w.text} [{n}]"
                leads += [f"{said} [{n}]" for said in clauses(row or w.text)[:1]]
                break
    return text, leads


def answering_neighbour(c: OfflineComposer, ask: Ask):
    """A sheet ranked nearly as high as the first that holds what the first lacks (Ⅲ-1's latest value sits
    in the section beside its assessment), provided it holds every rare word of the part: a budget of
    another measure is not this measure's budget."""
    top = ask.hits[0]
    for h in ask.hits[1:1 + NEIGHBOURS]:
        if h.sheet.doc != top.sheet.doc or h.score < NEAR_TIE * top.score or not holds_rare_words(c, ask, h.sheet):
            continue
        ranked = c.evidence(h.sheet, ask)
        if answers(c, ranked, ask):
            return h, ranked
    return None


def field_window(c: OfflineComposer, sheet: Sheet, prefix: str, max_chars: int = 300) -> Window | None:
    """A field's first lines, up to `max_chars`, as one window (a sheet's KPI is read whole)."""
    run: list[Line] = []
    for ln in (ln for ln in c.index.lines.get(sheet.id, []) if ln.field.startswith(prefix)):
        if run and sum(len(x.text) for x in run) + len(ln.text) > max_chars:
            break
        if is_heading(ln.text) and not has_figure(ln.text):
            continue
        run.append(ln)
    return Window(run, 0.1, 0.1) if run else None


# what the indicator table gives first for each slot asked of an indicator
TABLE_WANTS = {"figure": {"latest"}, "assessment": {"latest", "progress"}, "target": {"target"}}


def from_indicators(c: OfflineComposer, ask: Ask, slots: set[str] | None = None) -> Composed | None:
    """An indicator's target, latest value or progress from the table's joined row (both documents cited),
    its values in the first line; None when the part asks none of them or names no indicator of the table.
    `slots`: every slot the question asks of the same subject (a target and the latest value together)."""
    from assistant.answer.indicator_answer import answer_from_indicators

    slots = slots or {ask.part.slot}
    if not slots or not slots <= set(TABLE_WANTS):
        return None
    wants = set().union(*(TABLE_WANTS[s] for s in slots))
    target_only = slots == {"target"}
    if target_only:
        wants |= {"latest"}  # the table's latest value beside the target, where it names the indicator in full
    found = answer_from_indicators(ask.part.query or ask.question, ask.hits, c.indicators, c.embed, wants,
                                   outright="assessment" not in slots, in_full=target_only, reached=reached(ask, slots),
                                   pinned=tuple(ask.quals))
    if found is None:
        return None
    need = ask.need
    if need.unit is not None and need.unit.names and not need.unit.search(found.text, counted=False):
        return None  # a share is not a count of 自治体
    return answer_first(found)


def reached(ask: Ask, slots: set[str]) -> bool:
    """Whether the part asks only the value reached so far: a figure asked in the past or the perfect
    (「認定された」「進んでいる」: what has happened, where a figure asked plainly is read as the plan's
    target) or by the words the documents mark such a value with (最新値's 最新, 実績), with no date pinned (a
    year names a target's or a baseline's value) and without the word the plan's tables head their targets
    by (数値目標's 目標)."""
    toks = ask.request.tokens
    columns = dict(COLUMNS)
    target_word = tokenize(columns["target"])[-1]
    latest_words = {tokenize(columns["latest"])[0], LATEST_MARK}
    return slots == {"figure"} and (perfect(toks) or any(t.form in latest_words for t in toks)) and not ask.quals \
        and not any(x.kind == "year" for x in ask.claims) and not any(t.form == target_word for t in toks)


def targets_only(c: OfflineComposer, sheet: Sheet, chosen: list[Window], need: Need) -> bool:
    """Whether the sheet's indicators give no latest value and every figure of the chosen evidence (in the
    unit asked, when one is) is one of their targets."""
    own = [ind for r in (c.indicators.rows if c.indicators is not None else []) for ind in (r.inspection, r.measure)
           if ind and ind.sheet_id == sheet.id]
    if not own or any(ind.latest for ind in own):
        return False
    targets = [norm(ind.target.text) for ind in own if ind.target]
    with_figures = [w for w in chosen if (need.unit.search(w.plain) if need.unit is not None else NUMBER.search(w.plain))]
    return bool(with_figures) and all(any(t and t in norm(w.plain) for t in targets) for w in with_figures)


def answer_first(composed: Composed) -> Composed:
    """An indicator answer with its values in the first line: 「name」: target …／latest … [n]."""
    lines = composed.text.split("\n")
    if len(lines) < 2 or not lines[0].endswith(":"):
        return composed
    values = [ln[2:] for ln in lines[1:] if ln.startswith("- ") and "[" in ln][:3]
    first = f"{lines[0][:-1]}: " + "／".join(values) if values else lines[0]
    return Composed(first + "\n" + "\n".join(lines), composed.citations, composed.abstained, composed.kind)


def restates(ask: Ask, first: str) -> bool:
    """Whether a figure asked is answered only with figures the question itself gives (its anchors): not a
    check (a check confirms the figure it says), and the answer line states at least one figure."""
    if ask.request.yes_no or ask.part.slot not in ("figure", "target") or not ask.part.anchors:
        return False
    given = {norm(f) for f in ask.part.anchors}
    said = [norm(f) for f in figures(MARKER.sub("", first))]
    return bool(said) and all(f in given for f in said)

