"""A measure in brief: what it is and does, its target, its schedule and its owner where the sheet states
them, each a short line cut from the sheet's own sentence (the full sentence is the cited quote). N lines
when the question asks for N (「3行で」), one when it asks for a word (「一言で」)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer import decline, specifics
from assistant.answer.ask import Ask
from assistant.answer.evidence import ENUMERATOR, Window, has_figure, is_heading
from assistant.answer.lines import clauses, table_row
from assistant.models import Composed
from assistant.text.figures import YEAR, figures
from assistant.text.japanese import tokenize
from assistant.text.normalize import nfkc, norm

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

# statements of a briefing when the question does not say how many (what it does, target, schedule,
# owner: the four things a briefing is asked for)
BRIEFING_POINTS = 4
# a briefing line is cut to about this many characters at a comma (a line read at a glance; the quote
# keeps the whole sentence)
LINE_CHARS = 60
# a line this short or shorter is a heading or a label, not a statement a brief can open with
STATEMENT_CHARS = 20
# the outline's item headings a briefing names at most (a sheet's outline has two to five)
OUTLINE_ITEMS = 5


def short(sentence: str, want=None, limit: int = LINE_CHARS, asked=None) -> str:
    """A sentence cut short at a comma: the first comma-separated clauses up to `limit` characters, taken
    on until they hold what is wanted (a figure, a date) when that comes later, and as much of the
    question's words as the whole holds (`asked(text)`: their weight; a briefing asked to say when a law
    takes effect keeps the clause that says so); whole when short."""
    sentence = sentence.strip()
    if len(sentence) <= limit:
        return sentence
    pieces = [p for p in sentence.replace("，", "、").split("、") if p]
    whole = asked(sentence) if asked is not None else 0.0
    out = ""
    for p in pieces:
        joined = f"{out}、{p}" if out else p
        if out and len(joined) > limit and (want is None or want(out)) \
                and (asked is None or asked(out) >= whole):
            return out + "…"
        out = joined
    return out if len(out) <= limit * 2 else out[:limit] + "…"


def _aspect(c: OfflineComposer, ask: Ask, sheet, opening: Window) -> set[str]:
    """The subject's particular words (written by at most 1 in 10 sheets) that this sheet holds but neither its
    title nor its opening line (the opening window's first) writes, as those name the measure: the part of
    the measure asked about."""
    said = c.index.title_tokens(sheet.name) | c.index.title_tokens(sheet.title)
    said |= c.index.tokens.get(id(opening.lines[0]), set())
    held = c.index.sheet_tokens.get(sheet.id, set())
    return {t for t in tokenize(ask.subject or "") if t not in said and t in held
            and c.index.sheet_idf.get(t, 0.0) >= specifics.RARE_WORD_IDF}


def briefing(c: OfflineComposer, ask: Ask) -> Composed:
    """The measure in brief, each statement cited (see the module docstring)."""
    from assistant.answer.compose import Citations

    top, lacking = specifics.holder(c, ask)
    places = specifics.missing_places(c, top.sheet, ask.need)
    ranked = c.evidence(top.sheet, ask)
    if (said := decline.unwritten_premise(c, ask, top, ranked, lacking, places)) is not None:
        return said
    if lacking or places or decline.declines(c, ask, top, ranked, lacking, places):
        return decline.abstain(c, ask.hits, ask.need.kind, decline.not_stated(ask.need, [], places, lacking), top,
                               ranked)
    sheet = top.sheet
    count = ask.count or BRIEFING_POINTS
    cut = ask.count is not None  # lines asked by number are short lines
    if not ranked:
        return decline.abstain(c, ask.hits, ask.need.kind)
    cites = Citations()
    statements: list[str] = []
    used: set[str] = set()

    def asked(text: str) -> float:
        return c.index.text_weight(ask.tokens, text)

    def say(label: str, window: Window | None, want=None) -> None:
        if window is None or len(statements) >= count:
            return
        text = table_row(sheet, window.lines[0]) or window.text
        found = [x for x in clauses(text, None) if want is None or want(x)]
        # one statement asked for (「一言で」): of a line's sentences, the one holding most of the question's
        # words (the first on a tie), so a line naming two schemes is said of the one asked about; several
        # statements start each from its line's first sentence, which says what the line is about
        said = max(found, key=asked, default="") if count == 1 else next(iter(found), "")
        key = norm(ENUMERATOR.sub("", said))
        if not key or any(key in u or u in key for u in used):
            return  # the same statement again (a heading repeating its item's sentence)
        used.add(key)
        line = short(said, want, asked=asked) if cut else said
        statements.append(f"{label}{line} [{cites.add(sheet, window.text)}]")

    what = next((w for w in ranked if w.lines[0].field in ("事業概要", "概要", "本文") and len(w.text) > STATEMENT_CHARS), ranked[0])
    # a part of the measure asked about (its subject names a thing its title and opening do not): the brief
    # starts from the line about that part
    aspect = _aspect(c, ask, sheet, what)
    what = next((Window([ln]) for w in ranked for ln in w.lines
                 if len(ln.text) > STATEMENT_CHARS and aspect & c.index.tokens.get(id(ln), set())), what) if aspect else what
    say("", what)
    # the numbered item headings of the sheet's outline (「1.…の調査」「2.…基準の策定」) are its pillars: one
    # statement naming them, each heading cited
    items = [ln for ln in c.index.lines.get(sheet.id, []) if ln.field == "事業概要" and ENUMERATOR.match(nfkc(ln.text))
             and is_heading(ln.text)][:OUTLINE_ITEMS]
    if count > 2 and len(items) >= 2:
        statements.append("取組: " + "／".join(f"{ln.text.strip()} [{cites.add(sheet, ln.text)}]" for ln in items))
        used.update(norm(ENUMERATOR.sub("", ln.text)) for ln in items)
    if count > 1:
        kpi = next((w for w in ranked if any(ln.field.startswith("目指す姿") for ln in w.lines) and has_figure(w.text)),
                   None)
        # a target's value, not only its year (「2030年時点の…として、…の10%を…」 is cut after the 10%)
        valued = kpi is not None and bool(figures(kpi.text))
        say("目標: ", kpi, (lambda x: bool(figures(x))) if valued else has_figure)
        plan = next((w for w in ranked if any(ln.field == "今後の予定" for ln in w.lines) and YEAR.search(w.plain)), None)
        say("予定: ", plan, lambda x: bool(YEAR.search(nfkc(x))))
        if sheet.stated and len(statements) < count:
            line = next((ln for ln in c.index.lines.get(sheet.id, []) if any(o in nfkc(ln.text) for o in sheet.stated)),
                        None)
            if line is not None:
                statements.append(f"所管: {'、'.join(sheet.stated)} [{cites.add(sheet, line.text)}]")
        for w in ranked:  # the rest from the best remaining evidence
            if len(statements) >= count:
                break
            say("", w)
    head = f"「{sheet.name}」（{sheet.section}）"
    if count == 1:
        return Composed(f"{head}: {statements[0]}", cites.items, False, ask.need.kind)
    text = f"{head}の要点（{len(statements)}点）:\n" + "\n".join(f"- {s}" for s in statements)
    return Composed(text, cites.items, False, ask.need.kind)
