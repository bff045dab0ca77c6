"""Lists: the measures about a subject (or, narrowing an earlier list, those of its items that fit), a
ministry's measures, and an enumeration asked for whole. A sheet is about a subject when it covers the
subject's words (weighted by how few sheets use them) nearly as well as the best sheet does."""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from assistant.answer import decline
from assistant.answer.ask import Ask
from assistant.answer.evidence import BULLET, ENUMERATOR, Line, Window, is_label, question_tokens
from assistant.ingest.ministries import ministry_spans, tagged
from assistant.models import Composed, Sheet, SheetHit
from assistant.text.figures import figures, holds
from assistant.text.normalize import nfkc, norm

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

# which-measure lists: a sheet is listed when its retrieval score is within MEASURE_SCORE_RATIO of the best
# one and it covers the question's subject nearly as well as the best-covering sheet (fitted:
# scripts/kfold.py)
MEASURE_SCORE_RATIO = 0.5
MEASURE_COVER_RATIO = 0.8
RARE_TIE = 0.05  # words whose inverse sheet frequency is this close to the rarest are as rare (a term, its gloss)
RARE_SHARE = 0.5  # ... and they name the subject when they carry at least this share of its words' weight
# an enumeration's items may each carry a few lines of their own (a sub-list, a sentence) before the next
ITEM_BODY_LINES = 6
MARKERS = re.compile(r"(?P<circled>[①-⑳])|(?P<dot>[0-9]{1,2}[.．]\s*\S)|(?P<paren>\([0-9]{1,2}\))|(?P<bullet>[・●○◆◇■□▪•])")


def measures(c: OfflineComposer, ask: Ask) -> Composed | None:
    """Every retrieved sheet whose own text is about the asked subject, strongest first, each with the line
    that shows why; narrowing an earlier list, only its items that fit. None when no sheet is about it."""
    from assistant.answer.compose import Citations

    hits = _narrowed(c, ask) if ask.listed else ask.hits
    if not hits:
        return None
    best = hits[0].score
    subject = question_tokens(ask.subject or ask.question, [])
    covered = {h.sheet.id: coverage(c, h.sheet, subject) for h in hits}
    top_cover = max(covered.values(), default=0.0)
    # the subject's rarest words (a term and its gloss are often equally rare: 電子スクラップ(e-scrap))
    top_idf = max((c.index.sheet_idf.get(t, 0.0) for t in subject), default=0.0)
    rarest = [t for t in subject if c.index.sheet_idf.get(t, 0.0) >= top_idf - RARE_TIE] if top_idf > 0 else []
    weight = math.fsum(c.index.sheet_idf.get(t, 0.0) for t in subject)
    if math.fsum(c.index.sheet_idf.get(t, 0.0) for t in rarest) < RARE_SHARE * weight:
        rarest = []  # a subject of many words is not named by one of them
    if rarest and ask.english and not ask.listed:
        # an English question ranks the sheets by meaning only (no word of it is matched in the Japanese
        # text), so a measure named for its subject may rank low: such a measure is listed wherever it ranked
        seen = {h.sheet.id for h in hits}
        hits = hits + [SheetHit(s, 0.0) for s in c.index.sheets.values()
                       if s.id not in seen and any(names_subject(c, s, t) for t in rarest)]
    named = {h.sheet.id for h in hits if any(names_subject(c, h.sheet, t) for t in rarest)}
    cites = Citations()
    parts, names = [], []
    for h in hits:
        # where measures are named for the subject, a sheet whose goal (【目指す姿／取組指標】) names it is about
        # it, however the question's other words ranked it; one that mentions it on one line only is not (a
        # sheet about something comes back to it)
        naming = _lines_naming(c, h.sheet, rarest) if named else []
        about = any(ln.field.startswith("目指す姿") for ln in naming)
        in_passing = len(naming) == 1 and not about
        if not ask.listed and h.sheet.id not in named and not about and (
                h.score < MEASURE_SCORE_RATIO * best or covered[h.sheet.id] < MEASURE_COVER_RATIO * top_cover
                or in_passing):
            continue
        found = [w for w in c.evidence(h.sheet, ask) if w.overlap > 0 or ask.english or h.sheet.id in named]
        if not found:
            continue
        quote = found[0].text
        n = cites.add(h.sheet, quote)
        if h.sheet.name in names:
            continue  # a repeated copy of a sheet (【再掲】) is one measure
        names.append(h.sheet.name)
        parts.append(f"- 「{h.sheet.name}」（{h.sheet.section}）: {quote} [{n}]")
    if not parts:
        return None
    head = "そのうち該当する施策" if ask.listed else "該当する施策"
    first = f"{head}（{len(names)}件）: " + "、".join(f"「{x}」" for x in names)
    return Composed(first + "\n" + "\n".join(parts), cites.items, False, ask.need.kind)


def narrowed_by_slot(c: OfflineComposer, ask: Ask) -> Composed | None:
    """Narrowing an earlier list by what its items state (「その中で数値目標があるのは？」): the listed sheets
    (those fitting the part's subject, when it names one that some of them hold a value for) that hold the
    asked value, each with its line."""
    from assistant.answer.compose import Citations

    cites = Citations()
    fitting = _narrowed(c, ask)
    rows = _holding_value(c, ask, fitting, cites)
    if not rows:  # a subject word no listed measure holds a value for says nothing of which: the slot narrows
        rows = _holding_value(c, ask, [h for h in ask.hits if h.sheet.id in ask.listed and h not in fitting], cites)
    if not rows:
        return None
    first = f"そのうち該当する施策（{len(rows)}件）: " + "、".join(f"「{name}」" for name, _ in rows)
    return Composed(first + "\n" + "\n".join(row for _, row in rows), cites.items, False, ask.need.kind)


def narrowed_lines(c: OfflineComposer, ask: Ask) -> Composed | None:
    """Narrowing what an earlier answer listed of one sheet (「そのうち農水省の担当分は？」「その中で数値のあるものは？」):
    the topic sheet's lines that hold everything the narrowing names (the ministries it names, as
    written or as a line's short form in parentheses; the dates it pins; its subject's words that set some of
    the sheet's lines apart from the others) and, when it asks for a target or a figure, a figure. None when
    it names nothing that sets lines apart, or nothing on the sheet fits."""
    from assistant.answer.compose import Citations

    sheet = ask.hits[0].sheet
    # (a line that is only a parenthesised list, 「(消費者庁、経済産業省)」, names who, not an item)
    lines = [ln for ln in c.index.lines.get(sheet.id, []) if len(norm(PARENTHESISED.sub("", ln.text))) >= MIN_ITEM_CHARS]
    if len(lines) < 2:
        return None
    question = nfkc(ask.request.question)
    spans = ministry_spans(question)
    ministries = [name for _, _, name in spans]
    # the subject's nouns, but the ministry named (matched as one, not by its words) and the nouns of choosing
    # among (うち, 中: SudachiPy's 副詞可能)
    subject = " ".join(t.surface for t in ask.request.tokens if t.role == "S" and t.pos[0] in ("名詞", "英字")
                       and t.pos[2] != "副詞可能" and not any(s <= t.start < e for s, e, _ in spans))
    held = [c.index.tokens.get(id(ln), set()) for ln in lines]
    # a word most of the sheet's lines write (the topic's own words, 目標) sets none apart
    words = [t for t in question_tokens(subject, []) if not t.isdigit()
             and 0 < sum(t in x for x in held) <= ITEM_SHARE * len(held)]
    value = ask.need.kind in ("target", "number")
    if not (ministries or ask.quals or words):
        return None

    def fits(ln: Line, toks: set[str]) -> bool:
        return all(m in line_ministries(ln.text) for m in ministries) and all(w in toks for w in words) \
            and all(holds(ln.text, q) for q in ask.quals) and (not value or bool(figures(ln.text)))

    # a line inside an enumeration's item is that item (its head line names it: 「2. RMP…」「・サブ課題C…」),
    # and holds what its head says
    heads = {i: _item_head(lines, i) for i in range(len(lines))}
    found = [i for i, ln in enumerate(lines)
             if fits(ln, held[i] | (held[h] if (h := heads[i]) is not None else set()))]
    if not found or len(found) > MAX_ITEMS or len(found) == len(lines):
        return None
    # where some fitting lines are items, a fitting line outside the enumeration (its preface) is not one
    if any(h is not None for h in heads.values()):
        found = [i for i in found if heads[i] is not None]
    cites = Citations()
    rows, names, seen = [], [], set()
    whole = {i for i in found if heads[i] == i}  # items whose head fits: shown whole, once
    for i in found:
        h = heads[i]
        if h is not None and h != i and h in whole:
            continue
        if h is None:
            rows.append(f"- {lines[i].text.strip()} [{cites.add(sheet, lines[i].text)}]")
            names.append(lines[i].text.strip())
        elif h == i:  # an item's head fits: the item whole, its head and the lines under it
            body = _item_body(lines, i)
            rows.append(f"- {lines[i].text.strip()} [{cites.add(sheet, lines[i].text)}]" + "".join(
                f" {ln.text.strip()} [{cites.add(sheet, ln.text)}]" for ln in body))
            names.append("：".join([lines[i].text.strip(), *(ln.text.strip() for ln in body[:1])]))
        else:  # the item's head (its name, or the heading of a group of items) with the line that fits
            head = "" if h in seen else f"{lines[h].text.strip()} [{cites.add(sheet, lines[h].text)}]: "
            rows.append(f"- {head}{lines[i].text.strip()} [{cites.add(sheet, lines[i].text)}]")
            names.append(f"{lines[h].text.strip()}：{lines[i].text.strip()}")
        seen.add(h)
    first = f"そのうち該当するもの（「{sheet.name}」、{len(rows)}件）: " + "／".join(names)
    return Composed(first + "\n" + "\n".join(rows), cites.items, False, ask.need.kind)


def _item_body(lines: list[Line], h: int) -> list[Line]:
    """The lines under an item's head line, up to the next item (at most ITEM_BODY_LINES, in its field)."""
    body: list[Line] = []
    for ln in lines[h + 1:h + 1 + ITEM_BODY_LINES]:
        if _opens_item(ln) or ln.field != lines[h].field:
            break
        body.append(ln)
    return body


def _item_head(lines: list[Line], i: int) -> int | None:
    """The line that opens the enumeration item holding line i (a marker: ①, 2., (1), ・), at most
    ITEM_BODY_LINES lines above it, or None outside an enumeration."""
    for j in range(i, max(-1, i - ITEM_BODY_LINES - 1), -1):
        if lines[j].field != lines[i].field:
            return None
        if _opens_item(lines[j]):
            return j
    return None


def _opens_item(ln: Line) -> bool:
    """Whether a line opens an enumeration's item: a list marker (`_marker`: ①, 2., (1), ・) or a name standing alone (a
    label: 「株式会社…」 above what it does)."""
    return _marker(ln.text) is not None or is_label(ln.text)


# a line shorter than this (a marker, a stray character) is no item
MIN_ITEM_CHARS = 4
ITEM_SHARE = 0.5  # a word written on more than this share of the sheet's lines does not narrow them
MAX_ITEMS = 10  # more lines than this fitting is no narrowing
PARENTHESISED = re.compile(r"[(（][^()（）]{1,40}[)）]")


def line_ministries(text: str) -> set[str]:
    """The ministries a line names: written out, or as the plan's short forms listed in parentheses after an
    item (「…の徹底(国交)」「(消防、経産)」, ingest/ministries.py `tagged`)."""
    return {name for _, _, name in ministry_spans(text)} | set(tagged(text))


def _holding_value(c: OfflineComposer, ask: Ask, hits: list[SheetHit], cites) -> list[tuple[str, str]]:
    """(name, cited line) of each sheet that holds the asked value."""
    from assistant.answer.decline import answers
    from assistant.answer.facts import asked_value
    from assistant.answer.lines import clauses

    targets = "target" in ask.need.aspects
    # a target is a figure with its counter (約3割, 50万トン), not a date or a digit in a name (G7)
    want = (lambda x: bool(figures(x))) if targets else asked_value(c, ask)
    rows: list[tuple[str, str]] = []
    for h in hits:
        ranked = c.evidence(h.sheet, ask)
        if targets and h.sheet.kind != "inspection":
            # a measure's target is the one its goal field sets, not any figure on its sheet
            ranked = [w for w in ranked if any(ln.field.startswith("目指す姿") for ln in w.lines)]
        if not ranked or not answers(c, ranked, ask) or h.sheet.name in {name for name, _ in rows}:
            continue
        found = next(((w, x) for w in ranked[:8] for x in clauses(w.text) if want(x)), None)
        if found is None:
            continue
        w, clause = found
        rows.append((h.sheet.name, f"- 「{h.sheet.name}」: {clause} [{cites.add(h.sheet, w.text)}]"))
    return rows


def names_subject(c: OfflineComposer, sheet: Sheet, word: str) -> bool:
    """Whether the sheet's name holds the word (or a glossary equivalent): the measure is about it."""
    name = norm(sheet.name)
    return word in c.index.title_tokens(sheet.name) or any(norm(e) in name for e in [word, *c.equivalents(word)] if e)


def _lines_naming(c: OfflineComposer, sheet: Sheet, words: list[str]) -> list[Line]:
    """The sheet's lines that name any of the words (or a glossary equivalent)."""
    terms = [norm(t) for w in words for t in [w, *c.equivalents(w)] if t]
    return [ln for ln in c.index.lines.get(sheet.id, []) if any(t in norm(ln.text) for t in terms)]


def narrowing_ministries(ask: Ask) -> list[str]:
    """The ministries a narrowing picks the listed measures by: named in its subject, or anywhere in the
    question when it asks whose they are (「そのうち経産省が所管しているのは？」)."""
    named = [name for _, _, name in ministry_spans(ask.subject)]
    if not named and ask.need.kind == "ministry":
        named = [name for _, _, name in ministry_spans(nfkc(ask.request.question))]
    return named


def _narrowed(c: OfflineComposer, ask: Ask) -> list[SheetHit]:
    """The earlier list's sheets that fit the narrowing: those stating or naming the ministry it names, or
    covering its subject words nearly as well as the best of them."""
    listed = [h for h in ask.hits if h.sheet.id in ask.listed]
    named = narrowing_ministries(ask)
    if named:
        return [h for h in listed if any(m in h.sheet.stated or m in {x.name for x in h.sheet.mentioned} for m in named)]
    subject = question_tokens(ask.subject, [])
    if not subject:
        return listed
    covered = {h.sheet.id: coverage(c, h.sheet, subject) for h in listed}
    best = max(covered.values(), default=0.0)
    return [h for h in listed if best > 0 and covered[h.sheet.id] >= MEASURE_COVER_RATIO * best]


def coverage(c: OfflineComposer, sheet: Sheet, q_tokens: set[str]) -> float:
    """The share of the question's (IDF-weighted) words that the sheet contains."""
    weights = {t: c.index.sheet_idf.get(t, 0.0) for t in q_tokens}
    total = math.fsum(weights.values())
    if total <= 0:
        return 0.0
    # its own words and title line (a name made from a shared table-of-contents entry names the entry's
    # other subjects too: 「食品ロス削減…、SAFの供給・利用の促進：食品ロス削減推進事業」)
    have = c.index.sheet_tokens.get(sheet.id, set()) | c.index.title_tokens(sheet.heading or sheet.title)
    return math.fsum(w for t, w in weights.items() if t in have or c.holds_any(sheet, c.equivalents(t))) / total


def owner_measures(c: OfflineComposer, owner: str, hits: list[SheetHit], limit: int = 12) -> Composed:
    """The sheets that state `owner` as owner, then those that mention it, each with its line, in the
    documents' order."""
    from assistant.answer.compose import Citations

    sheets = list(c.index.sheets.values())  # in the documents' order: the same list however asked
    stated = [s for s in sheets if owner in s.stated]
    # only sheets that write the name out: the answer names it, so every cited sheet must hold it
    mentioned = [s for s in sheets if owner not in s.stated and any(m.name == owner for m in s.mentioned)
                 and norm(owner) in norm(s.text)]
    if not stated and not mentioned:
        return decline.abstain(c, hits, "owner_measures")
    cites = Citations()
    parts: list[str] = []
    names: list[str] = []
    for label, group in (("所管・主体として記載されている施策", stated), ("言及されている施策", mentioned)):
        shown = []
        for sheet in group[:limit]:
            quote = next((m.quote for m in sheet.mentioned if m.name == owner), None) or next(
                (ln.text for ln in c.index.lines.get(sheet.id, []) if owner in nfkc(ln.text)), None)
            if not quote or sheet.name in names:
                continue
            names.append(sheet.name)
            shown.append(f"- 「{sheet.name}」（{sheet.section}）: {quote} [{cites.add(sheet, quote)}]")
        if shown:
            parts += [f"{owner}が{label}（{len(shown)}件）:", *shown]
    first = (f"{owner}を所管として明記した施策: " + "、".join(f"「{s.name}」" for s in stated[:limit])
             if stated else f"{owner}を所管として明記したシートはありません（言及のみ）。")
    return Composed(first + "\n" + "\n".join(parts), cites.items, False, "owner_measures")


def _marker(text: str) -> str | None:
    """The kind of list marker a line starts with (①, 1., (1), ・; also inside an opening bracket:
    ＜①事業形態の高度化＞), or None."""
    opened = text.lstrip().lstrip("<＜〈《【[［")
    m = MARKERS.match(nfkc(opened)) or MARKERS.match(opened)
    return m.lastgroup if m else None


def _item_marker(text: str) -> str | None:
    """A list item's marker, a table's row counting as one (its rows are its items)."""
    return _marker(text) or ("row" if "\t" in text else None)


def enumeration(c: OfflineComposer, sheet: Sheet, ranked: list[Window], count: int | None) -> list[Line]:
    """The numbered or bulleted list asked for whole (「3つの柱は？」「5点で」): the run of items in one
    field, of the asked length when one is asked, nearest the best evidence."""
    lines = c.index.lines.get(sheet.id, [])
    runs: list[list[Line]] = []
    run: list[Line] = []
    gap = 0  # lines since the run's last item: an item's own body lies between its head and the next
    for ln in lines:
        marker = _item_marker(ln.text)
        # a bullet under a numbered item is that item's body (「1. …」「・…」「・…」「2. …」), not a list of its own
        body = marker == "bullet" and bool(run) and _item_marker(run[0].text) != "bullet"
        if run and (ln.field != run[-1].field or marker and not body and marker != _item_marker(run[-1].text)
                    or (not marker or body) and gap >= ITEM_BODY_LINES):
            runs.append(run)
            run = []
            body = False
        if marker and not body:
            run.append(ln)
            gap = 0
        elif run and not is_label(ln.text):  # a chart's labels between items are layout
            gap += 1
    if run:
        runs.append(run)
    runs = [r for r in runs if len(r) >= 2 and (count is None or len(r) == count)]
    if not runs:
        return []
    best = {ln.order for w in ranked[:5] for ln in w.lines}
    return min(runs, key=lambda r: (-len({ln.order for ln in r} & best),
                                    min(abs(ln.order - b) for ln in r for b in best or {0})))


def total_heading(c: OfflineComposer, sheet: Sheet, items: list[Line]) -> Line | None:
    """The line right above a list, in its field, when it states a figure the list breaks down
    (「会員数：840者」 above its rows by kind of member), or None."""
    above = max((ln for ln in c.index.lines.get(sheet.id, []) if ln.order < items[0].order),
                key=lambda ln: ln.order, default=None)
    if above is None or above.field != items[0].field or _item_marker(above.text) or not figures(above.text):
        return None
    return above


def list_answer(sheet: Sheet, items: list[Line], kind: str, total: Line | None = None) -> Composed:
    """An enumeration answered whole: each item quoted and cited, their names first (after the figure they
    break down, when the line above them states one)."""
    from assistant.answer.compose import Citations

    cites = Citations()
    head = [f"- {total.text} [{cites.add(sheet, total.text)}]"] if total is not None else []
    # the sheet's own bullet is not repeated after the list's (the quote keeps it)
    parts = head + [f"- {ln.text.lstrip('・･ ')} [{cites.add(sheet, ln.text)}]" for ln in items]
    names = "／".join(" ".join(ENUMERATOR.sub("", BULLET.sub("", ln.text)).split())[:40] for ln in items)
    lead = f"{total.text.strip()} — " if total is not None else ""
    text = f"{lead}{len(items)}点: {names}\n「{sheet.name}」（{sheet.section}）より:\n" + "\n".join(parts)
    return Composed(text, cites.items, False, kind)
