"""Sheet names as the plan gives them. Every answer, citation card and list shows a sheet by its
title, so a title is the measure's own title line where the text kept one, and otherwise a name the
plan itself uses for the sheet, in this order:

1. the heading that opens the sheet's 【事業概要】 and names its subject (「市町村等のリサイクル
   推進施設整備の支援」), when it is the sheet's only subject (not the first of several ○/1. items);
2. the table-of-contents entry whose pages hold the sheet (``Sheet.toc_entry``), followed by the
   sheet's own subject: its item headings (「1. …」「2. …」) when it has them, and, when several
   sheets that lost their title share the entry, else the noun phrase its opening sentence is about,
   read from SudachiPy's parts of speech (「…地産地消モデルの実証事業を実施する。」 → 地産地消モデルの
   実証事業), so that they get distinct names.

A 点検 section is named by its heading and part (「(1) 背景（Ⅲ-1）」). Whatever the rule, a name is never
a sentence cut mid-way, and no two sheets of one document share one (``unique``). ``title_source`` records
which rule named the sheet. Nothing here is keyed to a particular sheet."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from assistant.ingest.parsing import measures
from assistant.models import Sheet
from assistant.text.normalize import nfkc, norm

# An item of a list that a sheet's overview opens with: 1. / 1 . / (1) / ① / a ○●■◆ bullet.
NUMBERED = re.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.．]|[(（][0-9０-９]{1,2}[)）]|[①-⑳])\s*(?!\d)(\S.*)$")
BULLET = re.compile(r"^\s*([○◯●■□◆◇▶])\s*(\S.*)$")
LABEL = re.compile(r"^\s*(?:<[^>]*>|＜[^＞]*＞|【[^】]*】)\s*$")
LEAD = re.compile(r"^[\s\-・*▶○◯●■□◆◇]+")
CHAPTER = re.compile(r"^(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|I{1,3}|IV|V|VI{1,3})\s*[-－ー‐]\s*\d+$")
# Items joined into one subject stay within this many characters; more become the first item + 等.
SUBJECT_CHARS = 30
# A name shorter than this says too little to name a sheet on its own (「概要」, 「FEED」).
MIN_NAME_CHARS = 4
# Cut names (no rule found a whole one) end at a clause boundary within this many characters.
CUT_CHARS = 40
JOIN = "／"


def _plain(line: str) -> str:
    return LEAD.sub("", measures.clean(line)).strip()


def _overview(sheet: Sheet) -> list[str]:
    """The overview's lines (the header lines before any field when it has none), without the
    breadcrumb that repeats the sheet's section."""
    body = sheet.fields.get("事業概要")
    lines = body.splitlines() if body else _header(sheet)
    section = norm(sheet.section)
    return [ln for ln in lines if ln.strip() and not (norm(_plain(ln)) and norm(_plain(ln)) in section)]


def _header(sheet: Sheet) -> list[str]:
    out = []
    for ln in sheet.text.splitlines():
        if measures.FIELD_RE.match(ln.strip()):
            break
        out.append(ln)
    return out


def _is_name(text: str) -> bool:
    """A line that names something: heading-like (no sentence end), long enough, not a label."""
    return (len(norm(text)) >= MIN_NAME_CHARS and measures.heading_like(text) and not LABEL.match(text)
            and ends_whole(text))


def ends_whole(text: str) -> bool:
    """Whether a name ends as a name does (a noun, a suffix, a closing bracket), not inside a clause
    (「…環境上適正か」, 「…事業を通」)."""
    from assistant.text.japanese import words

    ms = words(text.strip())
    if not ms:
        return False
    pos = ms[-1][1]
    return pos[0] in ("名詞", "接尾辞") or (pos[0] == "補助記号" and pos[1] == "括弧閉")


def items(lines: list[str]) -> list[str]:
    """The overview's item headings: numbered lines (1. 2. / ① ②), or two or more bullet lines of one
    mark (○ … ○ …) that name things rather than say them."""
    numbered = [m.group(1).strip() for ln in lines if (m := NUMBERED.match(measures.clean(ln)))]
    numbered = [t for t in numbered if _is_name(t)]
    if numbered:
        return numbered
    marks: dict[str, list[str]] = defaultdict(list)
    for ln in lines:
        if (m := BULLET.match(measures.clean(ln))) and _is_name(m.group(2).strip()):
            marks[m.group(1)].append(m.group(2).strip())
    lists = [v for v in marks.values() if len(v) >= 2]
    return lists[0] if lists else []


def subject_heading(sheet: Sheet) -> str:
    """The heading that opens the overview, when it names the sheet's one subject: not a sentence, not
    a label, not a numbered item, and not the first of several bullets of its mark."""
    lines = _overview(sheet)
    if not lines:
        return ""
    first = measures.clean(lines[0])
    if NUMBERED.match(first) or LABEL.match(first):
        return ""
    bullet = BULLET.match(first)
    if bullet and sum(1 for ln in lines if (b := BULLET.match(measures.clean(ln))) and b.group(1) == bullet.group(1)) > 1:
        return ""
    text = _plain(first)
    return text if _is_name(text) else ""


def _noun_phrase_before(ms: list[tuple[str, tuple[str, ...]]], end: int) -> str:
    """The noun phrase ending just before morpheme `end`: nouns, suffixes, prefixes and na-adjective
    stems, joined by の or ・ (地域密着型の新規事業の立ち上げ); stops at a verb, a particle or a comma."""
    taken: list[str] = []
    i = end - 1
    while i >= 0:
        surf, pos = ms[i]
        if pos[0] in ("名詞", "接尾辞", "接頭辞", "形状詞") or surf in ("の", "・") and taken and i > 0 and ms[i - 1][1][0] in ("名詞", "接尾辞", "形状詞"):
            taken.append(surf)
        else:
            break
        i -= 1
    return "".join(reversed(taken))


def sentence_subject(sheet: Sheet) -> str:
    """What the overview's opening sentence is about: the topic of 「…について」/「…は、」, or the
    object of its first predicate made of a verbal noun and する (「…を実施する。」「…を支援し、」)."""
    from assistant.text.japanese import morphemes

    lines = [_plain(ln) for ln in _overview(sheet)]
    sentence = next((ln for ln in lines if ln), "").split("。")[0]
    ms = morphemes(sentence[:400])
    for k, (surf, pos) in enumerate(ms):
        nxt = [m[0] for m in ms[k + 1:k + 4]]
        topic = (surf == "に" and nxt[:2] == ["つい", "て"]) or (surf == "は" and pos[1] == "係助詞")
        predicate = (surf == "を" and k + 2 < len(ms) + 1 and len(nxt) >= 2
                     and ms[k + 1][1][1] == "普通名詞" and nxt[1] in ("する", "し")
                     and (len(nxt) < 3 or nxt[2] in ("、", "。") or k + 3 >= len(ms)))
        if topic or predicate:
            phrase = _noun_phrase_before(ms, k)
            if len(norm(phrase)) >= MIN_NAME_CHARS:
                return phrase
    return ""


def item_subject(sheet: Sheet) -> str:
    """The sheet's own item headings as one subject: joined when short, else the first + 等."""
    found = items(_overview(sheet))
    if not found:
        return ""
    joined = JOIN.join(found)
    return joined if len(joined) <= SUBJECT_CHARS or len(found) == 1 else found[0] + "等"


def own_subject(sheet: Sheet) -> str:
    """A sheet's own subject, to tell it from the other sheets under its TOC entry."""
    return item_subject(sheet) or sentence_subject(sheet) or subject_heading(sheet)


def uncut(text: str) -> str:
    """A name from a line when no rule found a whole one: the whole line when short, else cut at the
    last clause boundary within CUT_CHARS, marked with …, never mid-word without a mark."""
    text = _plain(text)
    if len(text) <= CUT_CHARS and ends_whole(text):
        return text
    head = text[:CUT_CHARS]
    cut = max(head.rfind("、"), head.rfind("，"), head.rfind("。"))
    return (head[:cut] if cut >= MIN_NAME_CHARS else head).rstrip("、，。 ") + "…"


def whole_or_cut(sheet: Sheet) -> str:
    """A title taken from the sheet's first line (the parsers cut it at 40 characters): the line when it
    is a whole name, else cut at a clause boundary and marked (uncut)."""
    first = next((_plain(ln) for ln in sheet.text.splitlines() if _plain(ln)), "")
    title = sheet.title
    if first and norm(first).startswith(norm(title)) and len(norm(first)) > len(norm(title)):
        return uncut(first)
    return title if ends_whole(title) else uncut(title)


def name_measures(sheets: list[Sheet]) -> None:
    """Names for the measure sheets of one document whose text lost the title line (in place)."""
    lost = [s for s in sheets if s.title_derived and s.kind in ("measure", "reference")]
    unnamed: list[Sheet] = []
    for s in lost:
        heading = subject_heading(s)
        if heading:
            s.title, s.title_source = heading, "heading"
        else:
            unnamed.append(s)
    by_entry: dict[str, list[Sheet]] = defaultdict(list)
    for s in unnamed:
        by_entry[s.toc_entry].append(s)
    for entry, group in by_entry.items():
        for s in group:
            # the entry names the sheet; its own item headings say which part of the entry it is (and
            # keep the words of the sheet's lost title in its name); sheets that share the entry and
            # have no items are told apart by what their opening sentence is about
            subject = item_subject(s) or (sentence_subject(s) if len(group) > 1 else "")
            if entry and subject:
                s.title, s.title_source = f"{entry}：{subject}", "toc+subject"
            elif entry and len(group) == 1:
                s.title, s.title_source = entry, "toc"
            elif subject or (subject := own_subject(s)):
                s.title, s.title_source = subject, "subject"
            else:
                s.title, s.title_source = whole_or_cut(s), "derived"


def name_inspection(sheets: list[Sheet]) -> None:
    """A 点検 section's title with its part (「(1) 背景（Ⅲ-1）」): the same headings recur in every part.
    The part follows the heading, in brackets, so that the heading still opens the name: a question
    names the section by it (「Ⅲ-2の背景」), and the retriever matches a sheet's name without its
    enumerator and bracketed notes."""
    for s in sheets:
        if s.kind != "inspection":
            continue
        part = s.section.split(" ＞ ")[0].strip()
        if CHAPTER.match(nfkc(part)) and norm(part) not in norm(s.title):
            s.title, s.title_source = f"{s.title}（{part}）", "part"
        elif s.title_derived:
            s.title, s.title_source = whole_or_cut(s), "derived"


def unique(sheets: list[Sheet]) -> None:
    """No two sheets of one document share a title: the later ones get their section's last step or
    their own subject added, and a count as the last resort."""
    seen: Counter[str] = Counter(norm(s.title) for s in sheets)
    for key in [k for k, n in seen.items() if n > 1]:
        same = [s for s in sheets if norm(s.title) == key]
        for s in same[1:]:
            extra = own_subject(s) if s.kind != "inspection" else s.section.split(" ＞ ")[-2:-1]
            extra = extra[0] if isinstance(extra, list) and extra else extra
            s.title = f"{s.title}（{extra}）" if extra and norm(str(extra)) not in key else s.title
    counts: Counter[str] = Counter()
    for s in sheets:
        key = norm(s.title)
        counts[key] += 1
        if counts[key] > 1:
            s.title = f"{s.title}（{counts[key]}）"


def name_sheets(sheets: list[Sheet]) -> list[Sheet]:
    """Every sheet of one document named (in place; also returned)."""
    for s in sheets:
        s.heading = s.heading or s.title
        if not s.title_source:
            s.title_source = "derived" if s.title_derived else "title"
    name_measures(sheets)
    name_inspection(sheets)
    for s in sheets:
        if s.title_source == "derived" and s.kind == "section":
            s.title = whole_or_cut(s)
    unique(sheets)
    return sheets
