"""A check answered as a check, first line first: 「はい。」 with the line that says so, or 「いいえ。計画では
○○です。」 with the plan's value for that slot and its line; where the plan gives no value for the slot,
that is said and what the sheet does say is quoted. Only the values of the part's own sheet count: a
figure printed on another measure's sheet never confirms a claim about this one. An owner check is
answered by the owner composer (owner.py), which reads the claimed ministries the same way."""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answer import decline, owner, specifics
from assistant.answer.ask import Ask
from assistant.answer.evidence import Window
from assistant.answer.lines import clauses, item_heading, list_heading, table_header, table_row
from assistant.models import Composed, Sheet
from assistant.models.request import Claim
from assistant.query.slots import interrogative
from assistant.text.figures import (
    bare_numbers,
    figures,
    holds,
    month_dates,
    same_figure,
    value_of,
    western_year,
    years,
)
from assistant.text.japanese import tokenize
from assistant.text.normalize import nfkc

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

# how many of the sheet's best windows a claimed value is looked for in (the part's own evidence, not
# every line of a long sheet)
LOOK = 6
# the slots a value can be claimed for, and the words that say which value is meant
VALUE_SLOTS = {"target": "目標", "figure": "数値", "date": "時期", "assessment": "数値"}
BOUNDS = ("から", "まで")  # the particles that make a year a start or an end


def check(c: OfflineComposer, ask: Ask) -> Composed | None:
    """The check's answer, or None when the claims are not what the part asks (they are then anchors)."""
    slot = ask.part.slot
    if any(x.kind == "ministry" for x in ask.claims) and slot not in VALUE_SLOTS:
        return owner.ministry(c, ask)
    values = [x for x in ask.claims if x.kind in ("year", "figure")]
    if not values:
        return None
    # every figure the check says is checked, however the tagger read it (「30港選定でしたっけ」, read as part
    # of the subject, or said after the years it is pinned to): a claim is never confirmed by a line that holds
    # only part of it; an ordinal claimed as a date (第5回) is no figure of its own
    said = nfkc(ask.request.question if len(ask.request.parts) == 1 else ask.part.query or ask.request.question)
    values += [Claim(slot, f, "figure") for f in figures(said)
               if not any(x.kind == "figure" and _same(x.value, f) or x.kind == "year" and f in nfkc(x.value) for x in values)
               and not (f in nfkc(ask.subject) and c.index.share_naming(f) > 0)]  # a name's digits (10,000プロジェクト)
    if slot not in VALUE_SLOTS:
        if not any(x.kind == "figure" for x in values):
            return None
        slot = "figure"  # 「…は2030年に10%を置き換えるんだよね」: a figure asserted is checked, whatever was read
    # (a question word, or the month or the day asked: 何月, 何日)
    asks_date = not ask.request.yes_no and (any(interrogative(t) for t in ask.request.tokens)
                                            or decline.asked_grain(ask) is not None)
    if slot == "date" and (asks_date or not any(x.kind == "year" for x in values)):
        if not ask.request.yes_no:  # (asks_date holds only then)
            # a date asked of what the question names (「4.6兆円は何年度まで？」「第9回の会合は何月？」): not a check
            return None
        # a yes-or-no check that asserts a figure and no date (「…の上限は500万円だったよね」) checks the figure,
        # whichever slot its wording read as, where the sheet says yes or no to it; else it is read as asked
        return value_check(c, ask, values, "figure", settled_only=True)
    return value_check(c, ask, values, slot)


def _has(w: Window, claim: Claim, bound: str = "") -> bool:
    """Whether the window holds the claimed value (a year claimed as a start or an end, `bound`, where the
    window does not give it as the other: 「2027年度末まで」 is no start in 2027)."""
    if claim.kind == "year":
        return holds(w.plain, claim.value) and (not bound or any(
            holds(y, claim.value) and b in (bound, "") for y, b in _bounded(w.plain, claim.value)))
    if any(_same(claim.value, f) for f in figures(w.plain) + (bare_numbers(w.plain) if _unitless(claim) else [])):
        return True
    mine = value_of(claim.value)
    return mine is not None and any((v := value_of(b)) is not None and v[0] == mine[0]
                                    for b in _beside_counter(w, claim))


def _counter(claim: Claim) -> str:
    """The claimed figure's counter (自治体 of 150自治体, % of 30%), or ''."""
    return (figures(claim.value) or [claim.value])[0].lstrip("約0123456789,.万億兆千 ")


def _beside_counter(w: Window, claim: Claim) -> list[str]:
    """The numbers the window writes bare where it names the claim's counter: 「自治体数を150とする」 says
    150自治体."""
    counter = _counter(claim)
    return bare_numbers(w.plain) if counter and counter in nfkc(w.plain) else []


def _unitless(claim: Claim) -> bool:
    v = value_of(claim.value)
    return claim.kind == "figure" and v is not None and v[1] == ""


def _same(claimed: str, figure: str) -> bool:
    """Whether the plan's figure is the claimed one: the same figure, or the same number where the claim
    gives none of its unit (「150だよね」 of 「150自治体」)."""
    if same_figure(claimed, figure):
        return True
    mine, theirs = value_of(claimed), value_of(figure)
    return mine is not None and theirs is not None and mine[1] == "" and mine[0] == theirs[0]


def _plan_value(w: Window, claim: Claim, bare: bool = False, near: tuple[str, ...] = (), base: bool = False) -> str | None:
    """The window's value of the claim's kind (a year, or a figure in the claim's unit when one is; with
    `bare`, a number the plan writes without a counter). Of several dates, the one written nearest the
    words the question asks with (the date of the 策定 asked, not of the 設立 beside it); a base year
    (「2020年比」) only for a `base` year claimed."""
    if claim.kind == "year":  # an ordinal (第221回) is compared with ordinals, a year with years, a month with months
        found = month_dates(w.plain) if month_dates(claim.value) else \
            [d for d in years(w.plain) if d.startswith("第") == claim.value.startswith("第")]
        # a base year claimed (「2013年度比」) is compared with the plan's base year, a date with its dates
        found = [d for d in found if based(w.plain, d) == base] or found
        return _nearest(w.plain, found, near) if found else None
    if bare:
        numbers = bare_numbers(w.plain)
        return numbers[0] if numbers else None
    found = figures(w.plain)
    if _unitless(claim):  # a number claimed without its unit is the plan's figure of its order misremembered
        return next((f for f in found if _same_order(claim.value, f)), None)
    unit = _counter(claim)
    if not unit:
        return next(iter(found), None)
    # a figure in another counter (第41号 for 50件) is not the plan's value of the claimed one; a number
    # written bare beside the counter's noun is
    same = next((f for f in found if f.endswith(unit)), None)
    return same if same is not None else next((b for b in _beside_counter(w, claim) if _same_order(claim.value, b)),
                                              None)


def _nearest(text: str, found: list[str], near: tuple[str, ...]) -> str:
    """Of the values found in the text, the one written nearest some word of `near` (the first when the text
    writes none of them)."""
    plain = nfkc(text)
    spots = [m.start() for word in near for m in re.finditer(re.escape(word), plain)]
    if not spots or len(found) < 2:
        return found[0]
    return min(found, key=lambda v: min(abs(plain.find(v) - at) for at in spots))


def asked_words(ask: Ask) -> tuple[str, ...]:
    """The nouns the question names its event with: what it asks (策定, 開催, 施行) and what of (ロードマップ),
    the words the tagger marks asked or subject."""
    return tuple(t.surface for t in ask.request.tokens
                 if t.role in ("A", "S") and t.pos[0] == "名詞" and len(t.surface) > 1
                 and not any(ch.isdigit() for ch in t.surface))


def _same_order(claimed: str, figure: str) -> bool:
    """Whether two numbers are within a factor of ten (40 and 50%, 3000万 and 2,600万m³; not 40 and 4.6兆円)."""
    mine, theirs = value_of(claimed), value_of(figure)
    return mine is not None and theirs is not None and mine[0] > 0 and theirs[0] > 0 and \
        abs(math.log10(mine[0] / theirs[0])) < 1


def _label(word: str) -> str:
    """What a figure compared is called: a figure is not a 時期 (a date slot asked of a claimed figure)."""
    return VALUE_SLOTS["figure"] if word == VALUE_SLOTS["date"] else word


def _clauses_of(sheet: Sheet, w: Window) -> list[str]:
    """The window's clauses (a one-line window in a table: its row's, with the name cell)."""
    return clauses(table_row(sheet, w.lines[0]) or w.text if len(w.lines) == 1 else w.text)


def _clause(sheet: Sheet, w: Window, value: str) -> str:
    """The clause of the window that holds the value (the window's first clause otherwise)."""
    found = _clauses_of(sheet, w)
    return next((x for x in found if nfkc(value) in nfkc(x)), found[0] if found else w.text)


def _clause_of_all(sheet: Sheet, w: Window, values: list[Claim]) -> str:
    """The clause of the window that says most of what is claimed, a figure before a year (a heading that
    dates a list says the year of every item; the item's own clause says its figure)."""
    found = _clauses_of(sheet, w)
    if not found:
        return w.text

    def says(x: str) -> tuple[int, int]:
        held = [v for v in values if nfkc(v.value) in nfkc(x)]
        return sum(v.kind == "figure" for v in held), len(held)

    return max(found, key=says)


def _bounded(text: str, like: str | None = None) -> list[tuple[str, str]]:
    """The years of `text` (those of the kind of `like`: a year, an ordinal, a month) with the particle that
    makes each a start or an end (から, まで; "" for neither)."""
    plain = nfkc(text)
    out, at = [], 0
    for y in years(plain):
        if like is not None and _date_kind(y) != _date_kind(like):
            continue
        at = plain.find(y, at)
        after = plain[at + len(y):].lstrip("末 ")
        out.append((y, next((b for b in BOUNDS if after.startswith(b)), "")))
        at += len(y)
    return out


def _bound_of(question: str, claim: Claim) -> str:
    """から or まで when the question claims the year as a start or an end, else ""."""
    if claim.kind != "year":
        return ""
    return next((b for y, b in _bounded(question, claim.value) if holds(y, claim.value)), "")


BASE = "比"  # the suffix that makes a year a base of comparison (2020年比), not a date


def based(text: str, year: str) -> bool:
    """Whether a text writes the year as a base of comparison (「2020年比」「2013年度比で」)."""
    plain = nfkc(text)
    at = plain.find(year)
    return at >= 0 and plain[at + len(year):].lstrip().startswith(BASE)


def _dated_by(sheet: Sheet, w: Window, figure: Claim, base: bool) -> str | None:
    """The year of the line that gives the claimed figure: its own, or, when it gives none, the year of the
    heading it is listed under (「…削減目標（2030年度までに）」 above 「・家庭系 50%減」), not a year of the next
    item's line; None when neither dates it."""
    line = next((ln for ln in w.lines if _has(Window([ln]), figure)), None)
    if line is None:
        return None
    own = _near(line.text, figure, "year", base)
    if own:
        return own
    heading = list_heading(sheet, line)
    found = [y for y in years(nfkc(heading)) if based(heading, y) == base]
    return found[-1] if found else None


def _date_kind(date: str) -> str:
    """Whether a date is an ordinal (第221回), a year (2030年度, 令和8年) or a month or span (4月, 1年半)."""
    return "ordinal" if date.startswith("第") else "year" if western_year(date) is not None else "other"


def _near(text: str, claim: Claim, kind: str, base: bool = False) -> str | None:
    """The value of `kind` ("year" or "figure") written nearest after the claimed value in `text` (the
    target that goes with a claimed year: 「2030年度 30%」), else nearest before it; of years, a base of
    comparison (「2020年比」) only when a `base` year is claimed."""
    plain = nfkc(text)
    at = plain.find(nfkc(claim.value)) if claim.kind == "figure" else next(
        (plain.find(y) for y in years(plain) if holds(y, claim.value)), -1)
    if at < 0:
        return None
    found = years(plain) if kind == "year" else figures(plain)
    if kind == "year":  # a base of comparison (「2020年比」) is not the date a figure is set for
        found = [y for y in found if based(plain, y) == base] or found
    spots = [(plain.find(v), v) for v in found if plain.find(v) >= 0]
    after = [(p, v) for p, v in spots if p > at]
    before = [(p, v) for p, v in spots if p < at]
    if after:
        return min(after)[1]
    return max(before)[1] if before else None


def _subject_line(c: OfflineComposer, ask: Ask, look: list[Window], values: list[Claim]) -> tuple[Window, str] | None:
    """A window joins lines of neighbouring subjects (「家庭系 50%減」「事業系 60%減」): the line stating a figure
    in the claimed counter that shares most of the part's words is the subject's. When it shares more
    than every line holding the claimed figure (or none holds it) and gives another one, that line and its
    figure."""
    claim = next((x for x in values if x.kind == "figure"), None)
    if claim is None:
        return None
    lines = list({id(ln): ln for w in look for ln in w.lines}.values())
    # a Japanese check names its subject before the value it asserts (「…の上限は300万円、…もありだよね」):
    # what follows the value goes on asserting, and names no line of the subject
    said = nfkc(ask.request.question)
    at = -1 if ask.english else said.find(nfkc(claim.value))
    words = (ask.tokens & set(tokenize(said[:at])) if at > 0 else set()) or ask.tokens

    def shared(ln) -> float:
        return c.index.held_weight(words, ln)

    holding = [ln for ln in lines if _has(Window([ln]), claim)]
    stating = [(ln, v) for ln in lines if ln not in holding and (v := _plan_value(Window([ln]), claim, _unitless(claim)))]
    if not stating or not holding and (any(x.kind == "year" for x in values) or ask.quals):
        return None  # a year asserted or pinned picks the figure (value_check's anchors)
    ln, plan = max(stating, key=lambda x: shared(x[0]))
    return (Window([ln]), plan) if shared(ln) > max((shared(h) for h in holding), default=0.0) else None


def _says_of_subject(c: OfflineComposer, ask: Ask, sheet: Sheet, ranked: list[Window], values: list[Claim]) -> bool:
    """Whether some line of the sheet's evidence about the subject (the line, its item's heading or its
    table's header holds one of the subject's words few sheets write) gives a value of a claimed kind (a date
    for a year claimed, a figure for a figure)."""
    held = c.index.sheet_tokens.get(sheet.id, set())
    near = {t for t in tokenize(ask.subject) if t in held and c.index.sheet_idf.get(t, 0.0) >= specifics.RARE_WORD_IDF}
    if not near:
        return True  # nothing to tell the subject's lines by
    for w in ranked[:LOOK]:
        for ln in w.lines:
            # a value line is about what its item's heading or its table's header names (「・○○率」 over
            # 「→ 2030年度 45%」; the 最新値 column of a row)
            around = " ".join(x for x in (item_heading(sheet, ln), table_header(sheet, ln)) if x)
            toks = c.index.tokens.get(id(ln), set()) | (set(tokenize(around)) if around else set())
            if near & toks and any(_plan_value(Window([ln]), x) for x in values):
                return True
    return False


def value_check(c: OfflineComposer, ask: Ask, values: list[Claim], slot: str, moved: bool = False,
                settled_only: bool = False) -> Composed | None:
    """はい / いいえ and the plan's value, from the part's own sheet: a claimed year anchors the claimed
    figure (the target for that year is the one compared), a claimed figure anchors a claimed year. Where
    no line of the sheet about the subject gives a value of the claim's kind, and a near sheet's line does,
    the value is that sheet's (a date on the first sheet is another thing's). `settled_only`: None rather
    than "not stated"."""
    from assistant.answer.compose import Citations

    top, lacking = specifics.holder(c, ask)
    ranked = c.evidence(top.sheet, ask)
    if ask.request.yes_no and not moved and not lacking and not _says_of_subject(c, ask, top.sheet, ranked, values):
        for h in ask.hits[1:1 + specifics.NEIGHBOURS]:
            if h.score >= specifics.NEAR_TIE * top.score and not specifics.missing(c, ask, h.sheet) \
                    and _says_of_subject(c, ask, h.sheet, c.evidence(h.sheet, ask), values):
                moved_ask = replace(ask, hits=[h] + [x for x in ask.hits if x is not h])
                return value_check(c, moved_ask, values, slot, moved=True, settled_only=settled_only)
    figured = [x for x in values if x.kind == "figure"]
    holding = next((w for w in ranked if figured and all(_has(w, x) for x in figured)), None)
    if lacking and holding is not None and all(s.kind == "date" for s in lacking):
        # the claimed figure is the sheet's, pinned to a date the sheet never gives (「…は2040年の目標？」):
        # no, and the line that gives the figure says when
        dated = Citations()
        k = dated.add(top.sheet, holding.text)
        names = "、".join(s.label() for s in lacking)
        text = f"いいえ。計画には{names}の記載はありません。計画の記載: {holding.text} [{k}]\n" \
               f"「{top.sheet.name}」（{top.sheet.section}）より:\n- {holding.text} [{k}]"
        return Composed(text, dated.items, False, ask.need.kind)
    if lacking or not ranked:
        if settled_only:
            return None
        what = decline.not_stated(ask.need, [], [], lacking)
        return decline.abstain(c, ask.hits, ask.need.kind, what, top, ranked)
    sheet = top.sheet
    look = [w for w in ranked if w.overlap > 0 or ask.english or any(ln.field.startswith("目指す姿") for ln in w.lines)][:LOOK]
    word = VALUE_SLOTS[slot]
    cites = Citations()

    def answer(first: str, w: Window) -> Composed:
        n = cites.add(sheet, w.text)
        return Composed(f"{first} [{n}]\n「{sheet.name}」（{sheet.section}）より:\n- {w.text} [{n}]", cites.items, False,
                        ask.need.kind)

    subject_says = _subject_line(c, ask, look, values)
    if subject_says is not None:  # the subject's own line gives another figure than the one claimed
        line, value = subject_says
        return answer(f"いいえ。計画では{_label(word)}は「{value}」です: {_clause(sheet, line, value)}", line)
    bounds = {x.value: _bound_of(ask.request.question, x) for x in values}
    agreeing = next((w for w in look if all(_has(w, x, bounds[x.value]) for x in values)), None)
    if agreeing is not None:
        return answer(f"はい。計画では「{_clause_of_all(sheet, agreeing, values)}」", agreeing)
    # a date the question pins without asserting it (「2030年度に40%で合ってる？」) anchors the figure as a
    # claimed one does
    claimed_years = [x for x in values if x.kind == "year"] or [Claim(ask.part.slot, q, "year") for q in ask.quals[:1]]
    claimed_figures = [x for x in values if x.kind == "figure"]
    for anchor, other in ((claimed_years, claimed_figures), (claimed_figures, claimed_years)):
        if not anchor or not other:
            continue
        w = next((w for w in look if all(_has(w, x) for x in anchor)), None)
        base = based(ask.request.question, other[0].value)
        plan = _dated_by(sheet, w, anchor[0], base) if w is not None and other[0].kind == "year" else None
        plan = plan or (_near(w.plain, anchor[0], other[0].kind, base) if w is not None else None)
        if w is not None and plan:
            named = _label(word)
            said = f"{anchor[0].value}の{named}は「{plan}」" if other[0].kind == "figure" else \
                f"「{anchor[0].value}」は{plan}{BASE}" if base else f"「{anchor[0].value}」は{plan}の{word}"
            return answer(f"いいえ。計画では{said}です: {_clause(sheet, w, plan)}", w)
    # a number claimed bare is compared first with the numbers the plan writes bare (「150とする」)
    # the figure claimed is the value asked; a year claimed beside it is checked through it (above)
    ordered = sorted(values, key=lambda x: x.kind != "figure")
    for claim, bare in [(x, True) for x in ordered if _unitless(x)] + [(x, False) for x in ordered]:
        # of the windows giving another value, the one sharing most of the part's words (the line of the
        # subject asked, not the sheet's first value); a year claimed as a start or an end (「…年度から」) is
        # compared with a year the plan gives as one
        bound = bounds[claim.value]
        w = max((w for w in look if _plan_value(w, claim, bare) and not _has(w, claim, bound)),
                key=lambda w: (any(b == bound for _, b in _bounded(w.plain, claim.value)) if bound else False,
                               w.overlap),
                default=None)
        if w is None:
            continue
        plan = next((y for y, b in _bounded(w.plain, claim.value) if bound and b == bound), None) \
            or _plan_value(w, claim, bare, asked_words(ask), based(ask.request.question, claim.value))
        # a year is a 時期 whatever slot it was claimed for (the target's year is its date)
        return answer(f"いいえ。計画では{_label(word) if claim.kind == 'figure' else VALUE_SLOTS['date']}は「{plan}」です: "
                      f"{_clause(sheet, w, plan or '')}", w)
    if settled_only:
        return None
    return decline.abstain(c, ask.hits, ask.need.kind, f"{word}の記載", top, ranked)
