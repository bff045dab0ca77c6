"""When a part is not answered: whether the sheets answer it (`answers`, and the fitted decline model over
that and the specifics the sheet lacks: assistant/answer/specifics.py), what is not stated, and the
abstention itself, which says so, quotes what the closest sheet does say and lists the nearest sheets as
参考 (never the question's premise as fact, never a ministry the sheets do not name)."""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from assistant.answer.ask import Ask, Need
from assistant.answer.evidence import Window, is_title_like, names_a_body
from assistant.answer.specifics import Specific, asked_missing
from assistant.ingest.ministries import any_named
from assistant.models import Composed, Sheet, SheetHit
from assistant.query.linear import bucket
from assistant.text.figures import NUMBER, YEAR, holds
from assistant.text.japanese import tokenize
from assistant.text.normalize import norm

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

ASKED_GRAIN = re.compile(r"何\s*(月|日)")  # an interrogative numeral asking a month or a day


DECLINE = 0.5  # the decline model's probability above which a part is not answered


def not_stated(need: Need, quals, places, lacking=()) -> str:
    """What the part asks or assumes that the sheet does not give, in words (never the asked figure, never
    a ministry's name the sheet does not write)."""
    if lacking:
        counted = f"、「{need.unit.names[0]}」で数えた数値" if need.unit is not None and need.unit.names else ""
        return "、".join(s.label() for s in lacking) + counted + "についての記載"
    if places:
        return "、".join(f"「{p}」" for p in places) + "についての記載"
    parts = list(quals)
    if need.unit is not None and need.unit.counted:
        parts.append(f"{need.unit.counted}の数")
    elif need.unit is not None:
        parts.append("金額" if need.unit.names == ("円",) else (f"「{need.unit.names[0]}」で数えた数値" if need.unit.names
                                                             else "数値"))
    elif "schedule" in need.aspects or need.when is not None:
        parts.append("時期")
    elif need.who:
        parts.append("該当する主体・名称")
    return "の".join(parts) + "の記載" if parts else ""


def asked_grain(ask: Ask) -> str | None:
    """The month or the day a date question asks (何月, 何日): only a date that has one gives it."""
    m = ASKED_GRAIN.search(f"{ask.part.label} {ask.part.query}")
    return m.group(1) if m else None


def answers(c: OfflineComposer, ranked: list[Window], ask: Ask) -> bool:
    """Whether the sheet holds what is asked: some window sharing the part's words carries the unit a
    number wants together with the dates the part pins; a date when a date is asked of a figure given."""
    need = ask.need
    if not ranked:
        return False
    sheet = ranked[0].lines[0].sheet
    title = c.index.title_tokens(sheet.name) | c.index.title_tokens(sheet.title)
    named = bool(title) and len(title & ask.tokens) >= max(1, len(title) // 2)
    if max(w.overlap for w in ranked) <= 0 and not ask.english and not named:
        return False  # (an English question shares no words with the sheets: meaning decides; a
        # question naming the sheet by its title is about all of it)
    anchors = [x.value for x in ask.claims if x.kind == "figure"] + ask.part.anchors
    grain = asked_grain(ask)

    def dated(w: Window) -> bool:
        plain = w.plain
        for f in anchors:  # the session a question names (第64回) is what is dated, not its date
            plain = plain.replace(norm(f), "").replace(f, "")
        return bool(YEAR.search(plain)) and (grain is None or re.search(rf"\d\s*{grain}", plain) is not None)

    if anchors and (need.when is not None or "schedule" in need.aspects):
        # 「4.6兆円は何年度までの目標？」: the line with that figure must give its date
        return any(all(norm(f) in norm(w.plain) for f in anchors) and dated(w) for w in ranked)
    if need.who and need.kind != "ministry":
        # who or where is asked (誰, どこ, どの…): some window sharing the part's words names a body or place
        return any(names_a_body(c.index, w.text, need.countries) or any_named(w.text) for w in ranked[:6] if w.overlap > 0 or ask.english)
    if grain is not None and need.unit is None and ("schedule" in need.aspects or need.when is not None):
        # a month or a day asked is the date of the thing the subject most particularly names: it stands with
        # that word (the month of another event on the sheet is not this one's), in the year the part pins
        near = focus(c, ask, sheet)

        def gives(ln) -> bool:
            one = Window([ln])
            return dated(one) and all(holds(one.plain, q) for q in ask.quals) \
                and (not near or bool(near & c.index.tokens.get(id(ln), set())))

        return any(gives(ln) for w in ranked if w.overlap > 0 or ask.english for ln in w.lines)
    if need.unit is None and not ask.quals:
        if "schedule" in need.aspects or need.when is not None:
            # a date asked: some window sharing the part's words gives one (「次の会合で報告予定」 dates nothing)
            return any(dated(w) for w in ranked if w.overlap > 0 or ask.english)
        return True
    for w in ranked:
        row = len(w.lines) == 1 and "\t" in w.lines[0].text and NUMBER.search(w.plain)
        if (need.unit is None or need.unit.search(w.plain) or row) and all(holds(w.plain, q) for q in ask.quals):
            return True
    return False


def focus(c: OfflineComposer, ask: Ask, sheet: Sheet) -> set[str]:
    """The subject's word the sheet holds that fewest sheets write (its most particular word), or none."""
    held = [t for t in set(tokenize(ask.subject)) if t in c.index.sheet_tokens.get(sheet.id, set())]
    if not held:
        return set()
    return {max(held, key=lambda t: (c.index.sheet_idf.get(t, 0.0), t))}


# ---- the decision -----------------------------------------------------------------------------------
_RECORD: list[dict[str, float]] | None = None


@contextmanager
def recording() -> Iterator[list[dict[str, float]]]:
    """Collect the decline model's features of every decision made inside (scripts/fit_query.py)."""
    global _RECORD
    _RECORD = []
    try:
        yield _RECORD
    finally:
        _RECORD = None


def decline_features(c: OfflineComposer, ask: Ask, top: SheetHit, ranked: list[Window], lacking: list[Specific],
                     places: list[str]) -> dict[str, float]:
    """What says whether the sheets answer the part: the specifics its subject names that the sheet lacks,
    by kind; the particular things it asks for by name that the sheet never writes; places it pins that
    the sheet never names; how much of the subject's weight the sheet holds, and how much of it no sheet
    uses; whether some window holds what is asked (the unit, the dates); how close the question comes to
    the plan; how strongly the best evidence and the first sheet were found; the slot."""
    sheet = top.sheet
    f: dict[str, float] = {"bias": 1.0, "slot=" + ask.part.slot: 1.0}
    for s in lacking:
        f["missing=" + s.kind] = f.get("missing=" + s.kind, 0.0) + 1.0
    f["asked_missing"] = float(len(asked_missing(c, ask, sheet)))
    f["missing_place"] = float(bool(places))
    subject = [t for t in tokenize(ask.subject)] if ask.subject else []
    rarest = math.log(max(2, len(c.index.sheets)))
    weights = {t: c.index.sheet_idf.get(t, rarest) for t in subject}
    total = sum(weights.values())
    have = c.index.sheet_tokens.get(sheet.id, set())
    if total:
        f["cover"] = sum(w for t, w in weights.items() if t in have or c.holds_any(sheet, c.equivalents(t))) / total
        f["unknown"] = sum(w for t, w in weights.items() if t not in c.index.sheet_idf) / total
    else:
        f["no_subject"] = 1.0
    f["answers"] = float(answers(c, ranked, ask))
    f["quals"] = float(bool(ask.quals))
    f["close"] = ask.closeness
    f[f"close={bucket(ask.closeness, (0.8, 0.83, 0.86, 0.89))}"] = 1.0
    f["evidence"] = max(-6.0, min(6.0, ranked[0].score)) if ranked else -6.0
    f["overlap"] = max((w.overlap for w in ranked), default=0.0)
    second = [h.score for h in ask.hits[1:2]]
    f["tie"] = second[0] / top.score if second and top.score else 0.0
    f["english"] = float(ask.english)
    f["anchors"] = float(bool(ask.part.anchors))
    return f


def declines(c: OfflineComposer, ask: Ask, top: SheetHit, ranked: list[Window], lacking: list[Specific],
             places: list[str]) -> bool:
    """Whether the part is declined, by the fitted decline model (weights/decline.json)."""
    f = decline_features(c, ask, top, ranked, lacking, places)
    if _RECORD is not None:
        _RECORD.append(f)
    return c.decline is not None and c.decline.yes(f) >= DECLINE


# the specifics a question can say wrongly of a measure it names (a place, a body, a law, a name, a date):
# a check that says one the sheet never writes is answered with what the sheet says instead
NAMED_KINDS = ("name", "organisation", "law", "date")


def unwritten_premise(c: OfflineComposer, ask: Ask, top: SheetHit, ranked: list[Window],
                      lacking: list[Specific], places: list[str]) -> Composed | None:
    """A question asking yes or no of a name, a place or a date its sheet never writes (「…の事例は○○町だっけ？」):
    no, that is not in the plan, and the sheet's line nearest the question is what it says instead. None
    unless every specific lacking is of those kinds and some line shares the question's words."""
    from assistant.answer.compose import Citations

    say = next((w for w in ranked if w.overlap > 0), None)
    if not ask.request.yes_no or not (lacking or places) or say is None \
            or any(s.kind not in NAMED_KINDS for s in lacking):
        return None
    cites = Citations()
    n = cites.add(top.sheet, say.text)
    names = "、".join([s.label() for s in lacking] + [f"「{p}」" for p in places])
    text = (f"いいえ。計画には{names}の記載はありません。計画の記載: {say.text} [{n}]\n"
            f"「{top.sheet.name}」（{top.sheet.section}）より:\n- {say.text} [{n}]")
    return Composed(text, cites.items, False, ask.need.kind)


def abstain(c: OfflineComposer, hits: list[SheetHit], kind: str, what: str = "", top: SheetHit | None = None,
            ranked: list[Window] | None = None) -> Composed:
    """No answer: what is not stated, what the closest sheet does say (its best line), and the sheets
    nearest to the question as 参考. The question's premise is never repeated as fact."""
    from assistant.answer.compose import Citations

    cites = Citations()
    if top is not None and what:
        text = f"記載なし: 「{top.sheet.name}」のシートには、{what}が見当たりません。"
        say = next((w for w in ranked or [] if w.overlap > 0), None)
        if say is not None:
            text += f"\nこのシートの記載: {say.text} [{cites.add(top.sheet, say.text)}]"
        hits = [h for h in hits if h.sheet.id != top.sheet.id]
    else:
        text = "記載なし: 計画文書には、この質問に答える記載が見当たりません。"
    refs = []
    for h in hits[:3 - len(cites.items)]:
        lines = [ln for ln in c.index.lines.get(h.sheet.id, []) if not is_title_like(ln.text, h.sheet)]
        if lines:
            n = cites.add(h.sheet, lines[0].text)
            refs.append(f"- 「{h.sheet.name}」（{h.sheet.section}） [{n}]")
    if refs:
        text += "\n参考（近い内容のシート。回答ではありません）:\n" + "\n".join(refs)
    return Composed(text, cites.items, True, kind)
