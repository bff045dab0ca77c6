"""Who is in charge of a measure: the owners its sheet states, under the label the sheet gives them (a
ministry header is 所管; 「創設団体：…」 lists founders, not owners), or that it states none and which
ministries it mentions. A check of a named ministry is answered yes or no first. A ministry's name is
written only as the sheet writes it: one the sheet never names is 「ご質問の所管先」."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answer import decline, specifics
from assistant.answer.ask import Ask
from assistant.answer.evidence import NOTE_MARK, Line, names_a_body
from assistant.ingest.ministries import FULL_NAMES, any_named, ministry_of, tagged
from assistant.models import Composed, Sheet
from assistant.text.normalize import nfkc, norm

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

# how far down the retrieved sheets a measure's sheet may stand in for a section of the 点検 draft (the first
# five retrieved; the measure's own sheet ranked fourth behind three sections in the cases seen)
OWNER_CANDIDATES = 5
# 「創設団体：環境省、…」: a label, a colon, the names
_LABELLED = re.compile(r"^\s*([^\s:：、。]{2,8})\s*[:：]")


def owner_label(sheet: Sheet, line: str) -> str:
    """The label under which a sheet states its owners on `line` (所管 for a bare header of names)."""
    m = _LABELLED.match(nfkc(line))
    return m.group(1) if m and not any(o in m.group(1) for o in sheet.stated) else "所管"


def _measure_first(c: OfflineComposer, ask: Ask) -> Ask:
    """Owners are stated on a measure's sheet, never in the 点検 draft: where a section of the draft was found
    first, a measure's sheet among the next that states owners and writes the question's rare words the
    section writes answers whose it is (unless the question asks of the draft, or follows up a question
    about it)."""
    hits = ask.hits
    scope = ask.request.scope
    if not hits or hits[0].sheet.kind != "inspection" or scope.document == "inspection" or scope.chapter \
            or ask.request.conversation.relation != "new":
        return ask  # (a follow-up asks of its topic's sheet, whichever it is)
    owning = next((h for h in hits[1:OWNER_CANDIDATES] if h.sheet.kind == "measure" and h.sheet.stated
                   and specifics.holds_rare_words(c, ask, h.sheet, hits[0].sheet)), None)
    return ask if owning is None else replace(ask, hits=[owning, *(h for h in hits if h is not owning)])


def tagged_doer(c: OfflineComposer, ask: Ask, sheet: Sheet) -> tuple[Line, list[str]] | None:
    """The line of the sheet's actions that the question names, where each action is marked with the
    ministries that carry it out (「…の方針策定(環境)」), and those ministries: the one holding most of the
    question's words (a ministry named in the question aside), if no untagged line holds more."""
    words = {t for t in ask.tokens if ministry_of(t) is None}
    lines = c.index.lines.get(sheet.id, [])
    weight = {id(ln): c.index.held_weight(words, ln) for ln in lines}
    doers = [(ln, found) for ln in lines if (found := tagged(ln.text))]
    if not doers:
        return None
    line, found = max(doers, key=lambda x: weight[id(x[0])])
    best = max(weight.values())
    return (line, found) if weight[id(line)] > 0 and weight[id(line)] >= best else None


def ministry(c: OfflineComposer, ask: Ask) -> Composed:
    """Who owns the measure (see the module docstring)."""
    from assistant.answer.compose import Citations

    top, lacking = specifics.holder(c, _measure_first(c, ask))
    sheet = top.sheet
    if lacking:  # 「○○省の担当分は？」 of a measure that never names it: a premise, nothing to check
        return decline.abstain(c, ask.hits, ask.need.kind, decline.not_stated(ask.need, [], [], lacking), top,
                               c.evidence(sheet, ask))
    cites = Citations()
    named = [x.value for x in ask.claims if x.kind == "ministry"]
    ministries = [o for o in sheet.stated if o in FULL_NAMES]
    bodies = [o for o in sheet.stated if o not in FULL_NAMES]
    owner_lines = [ln for ln in c.index.lines.get(sheet.id, []) if any(o in nfkc(ln.text) for o in sheet.stated)][:2]
    refs = "".join(f"[{cites.add(sheet, ln.text)}]" for ln in owner_lines)
    label = owner_label(sheet, owner_lines[0].text) if owner_lines else "所管"
    # a ministry named only in a source note (「*7：環境省(2025/11/25)「…」」) is where a figure comes from, no mention
    mentioned = [m for m in sheet.mentioned if m.quote and not NOTE_MARK.match(m.quote)]
    text_plain = norm(sheet.text)
    lines: list[str] = []
    owners = "、".join(ministries + [f"{b}（行政機関ではない団体）" for b in bodies])
    only = any(x.only for x in ask.claims if x.kind == "ministry")
    # a sheet stating no owner may mark each of its actions with who carries it out
    tag = tagged_doer(c, ask, sheet) if not owner_lines else None
    if tag is not None:
        line, doers = tag
        n = cites.add(sheet, line.text)
        who = "、".join(doers)
        if named:
            yes = all(x in doers for x in named)
            lines.append(f"{'はい' if yes else 'いいえ'}。計画ではこの取組の担当は{who}です（取組ごとの記載）: "
                         f"「{line.text}」 [{n}]")
        else:
            lines.append(f"担当（取組ごとの記載）: {who} — 「{line.text}」 [{n}]")
        lines.append(f"（「{sheet.name}」のシートは施策全体の所管を明記していません）")
    elif named:
        if owner_lines and all(n in sheet.stated for n in named) and only and len(sheet.stated) > len(named):
            # 「経産省だけ？」 of a measure that states more: the named ones are there, but not alone
            lines.append(f"いいえ。計画では{label}は{owners}です（「{sheet.name}」のシートに明記。ご質問の"
                         f"{'、'.join(named)}だけではありません） {refs}")
        elif owner_lines and all(n in sheet.stated for n in named):
            more = "。ほかにも記載されています" if len(sheet.stated) > len(named) else ""
            lines.append(f"はい。{label}: {owners}（「{sheet.name}」のシートに明記{more}） {refs}")
        elif owner_lines:
            lines.append(f"いいえ。計画では{label}は{owners}です（「{sheet.name}」のシートに明記。ご質問の所管先は"
                         f"含まれていません） {refs}")
        else:
            said = [m for m in mentioned if m.name in named and norm(m.name) in text_plain]
            if said:  # named on the sheet (not as its owner): say so, in the sheet's words
                lines.append(f"{'、'.join(m.name for m in said)}はシート中に記載があります（所管としての明記は"
                             f"ありません）: 「{said[0].quote}」 [{cites.add(sheet, said[0].quote)}]")
            else:
                lines.append(f"所管の記載はありません。「{sheet.name}」のシートは所管を明記していません"
                             "（ご質問の所管先もシート中に見当たりません）。")
    elif owner_lines:
        lines.append(f"{label}: {owners}（「{sheet.name}」のシートに明記） {refs}")
    else:
        # the ministries it names, each as the sheet writes it (a short form only as written)
        written = [m.name for m in mentioned if norm(m.name) in text_plain]
        abbreviated = len(mentioned) - len(written)
        named_here = "、".join(written) + (f"ほか略記で{abbreviated}機関" if abbreviated and written else
                                           f"略記で{abbreviated}機関" if abbreviated else "")
        lines.append(f"所管の記載なし: 「{sheet.name}」のシートには所管の記載がありません"
                     + (f"（シート中で言及: {named_here}）。" if named_here else "。"))
        # the line that says who does what the question asks about (「…の方針策定(環境)」), where one does
        doer = next((w for w in c.evidence(sheet, ask)[:6] if w.overlap > 0 and (any_named(w.text) or names_a_body(
            c.index, w.text))), None)
        if doer is not None:  # on the first line: who does it is what was asked, where no owner is stated
            lines[-1] += f" 関連する記載: {doer.text} [{cites.add(sheet, doer.text)}]"
    if owner_lines and tag is None:  # the owners as the sheet writes them (「環境省・経済産業省」), quoted
        lines.append(f"「{sheet.name}」より:")
        lines += [f"- {ln.text.strip()} [{cites.add(sheet, ln.text)}]" for ln in owner_lines]
    if mentioned:
        lines.append("シート中で言及されている機関（所管ではありません）:" if not owner_lines
                     else "このほかシート中で言及されている機関:")
    for m in mentioned:
        n = cites.add(sheet, m.quote)
        shown = m.name if norm(m.name) in text_plain else "略記で言及"
        lines.append(f"- {shown}: 「{m.quote}」 [{n}]")
    if not cites.items:
        found = c.evidence(sheet, ask)
        if found:
            lines.append(f"該当シートの記載: {found[0].text} [{cites.add(sheet, found[0].text)}]")
    return Composed("\n".join(lines), cites.items, False, ask.need.kind)
