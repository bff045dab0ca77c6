"""A check answered as a check, first line first: 「はい。」 with the line that says so, or 「いいえ。計画では
○○です。」 with the plan's value for that slot and its line; where the plan gives no value for the slot,
that is said and what the sheet does say is quoted. Only the values of the part's own sheet count: a
figure printed on another measure's sheet never confirms a claim about this one. An owner check is
answered by the owner composer (owner.py), which reads the claimed ministries the same way."""
from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer import decline, owner
from assistant.answer.ask import Ask
from assistant.answer.evidence import Window
from assistant.answer.facts import clauses, table_row
from assistant.models import Composed, Sheet
from assistant.models.request import Claim
from assistant.text.figures import figures, holds, same_figure, years
from assistant.text.normalize import nfkc

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

# how many of the sheet's best windows a claimed value is looked for in (the part's own evidence, not
# every line of a long sheet)
LOOK = 6
# the slots a value can be claimed for, and the words that say which value is meant
VALUE_SLOTS = {"target": "目標", "figure": "数値", "date": "時期", "assessment": "数値"}


def check(c: OfflineComposer, ask: Ask) -> Composed | None:
    """The check's answer, or None when the claims are not what the part asks (they are then anchors)."""
    slot = ask.part.slot
    if any(x.kind == "ministry" for x in ask.claims) and slot not in VALUE_SLOTS:
        return owner.ministry(c, ask)
    values = [x for x in ask.claims if x.kind in ("year", "figure")]
    if not values or slot not in VALUE_SLOTS:
        return None
    if slot == "date" and not any(x.kind == "year" for x in values):
        return None  # 「4.6兆円は何年度まで？」 asks a date of a figure: not a check
    return value_check(c, ask, values)


def _has(w: Window, claim: Claim) -> bool:
    if claim.kind == "year":
        return holds(w.plain, claim.value)
    return any(same_figure(claim.value, f) for f in figures(w.plain))


def _plan_value(w: Window, claim: Claim) -> str | None:
    """The window's value of the claim's kind (a year, or a figure in the claim's unit when one is)."""
    if claim.kind == "year":
        found = years(w.plain)
        return found[0] if found else None
    found = figures(w.plain)
    unit = (figures(claim.value) or [claim.value])[0].lstrip("約0123456789,.万億兆千 ")
    same_unit = [f for f in found if unit and f.endswith(unit)]
    return next(iter(same_unit or found), None)


def _clause(sheet: Sheet, w: Window, value: str) -> str:
    """The clause of the window that holds the value (the window's first clause otherwise)."""
    text = table_row(sheet, w.lines[0]) or w.text if len(w.lines) == 1 else w.text
    found = clauses(text)
    return next((x for x in found if nfkc(value) in nfkc(x)), found[0] if found else w.text)


def _near(text: str, claim: Claim, kind: str) -> str | None:
    """The value of `kind` ("year" or "figure") written nearest after the claimed value in `text` (the
    target that goes with a claimed year: 「2030年度 30%」), else nearest before it."""
    plain = nfkc(text)
    at = plain.find(nfkc(claim.value)) if claim.kind == "figure" else next(
        (plain.find(y) for y in years(plain) if holds(y, claim.value)), -1)
    if at < 0:
        return None
    found = years(plain) if kind == "year" else figures(plain)
    spots = [(plain.find(v), v) for v in found if plain.find(v) >= 0]
    after = [(p, v) for p, v in spots if p > at]
    before = [(p, v) for p, v in spots if p < at]
    if after:
        return min(after)[1]
    return max(before)[1] if before else None


def value_check(c: OfflineComposer, ask: Ask, values: list[Claim]) -> Composed:
    """はい / いいえ and the plan's value, from the part's own sheet: a claimed year anchors the claimed
    figure (the target for that year is the one compared), a claimed figure anchors a claimed year."""
    from assistant.answer.compose import Citations

    top, lacking = decline.holder(c, ask)
    ranked = c.evidence(top.sheet, ask)
    if lacking or not ranked:
        what = decline.not_stated(ask.need, [], [], lacking)
        return decline.abstain(c, ask.hits, ask.need.kind, what, top, ranked)
    sheet = top.sheet
    look = [w for w in ranked if w.overlap > 0 or ask.english or any(ln.field.startswith("目指す姿") for ln in w.lines)][:LOOK]
    word = VALUE_SLOTS[ask.part.slot]
    cites = Citations()

    def answer(first: str, w: Window) -> Composed:
        n = cites.add(sheet, w.text)
        return Composed(f"{first} [{n}]\n「{sheet.name}」（{sheet.section}）より:\n- {w.text} [{n}]", cites.items, False,
                        ask.need.kind)

    agreeing = next((w for w in look if all(_has(w, x) for x in values)), None)
    if agreeing is not None:
        return answer(f"はい。計画では「{_clause(sheet, agreeing, values[-1].value)}」", agreeing)
    claimed_years = [x for x in values if x.kind == "year"]
    claimed_figures = [x for x in values if x.kind == "figure"]
    for anchor, other in ((claimed_years, claimed_figures), (claimed_figures, claimed_years)):
        if not anchor or not other:
            continue
        w = next((w for w in look if all(_has(w, x) for x in anchor)), None)
        plan = _near(w.plain, anchor[0], other[0].kind) if w is not None else None
        if w is not None and plan:
            said = f"{anchor[0].value}の{word}は「{plan}」" if other[0].kind == "figure" else f"「{anchor[0].value}」は{plan}の{word}"
            return answer(f"いいえ。計画では{said}です: {_clause(sheet, w, plan)}", w)
    for claim in values:
        w = next((w for w in look if _plan_value(w, claim) and not _has(w, claim)), None)
        if w is None:
            continue
        plan = _plan_value(w, claim)
        return answer(f"いいえ。計画では{word}は「{plan}」です: {_clause(sheet, w, plan or '')}", w)
    return decline.abstain(c, ask.hits, ask.need.kind, f"{word}の記載", top, ranked)
