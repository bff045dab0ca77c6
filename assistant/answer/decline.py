"""When a part is not answered: the specifics its subject names that the sheet lacks (a ministry, a body, a
law, a programme by its own name), places the sheet never names, and the abstention itself, which says
what is not stated, quotes what the closest sheet does say and lists the nearest sheets as 参考 (never the
question's premise as fact, never a ministry the sheets do not name).

A specific is read from the subject's words (the query stage has left framing, asked words and asserted
values out): a SudachiPy proper noun that is not a place, a compound that names an organisation or a law
by its suffix (…協会, …法), a ministry, an English name. It is held by a sheet when the sheet writes it, a
glossary equivalent, or (an organisation or a law) its particular part."""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer.ask import Ask, Need
from assistant.answer.evidence import Window, is_title_like, names_a_body
from assistant.ingest.ministries import SHORT_FORMS, any_named, ministry_spans
from assistant.models import Composed, Sheet, SheetHit
from assistant.query.linear import bucket
from assistant.text.figures import ASKED_UNITS, NUMBER, YEAR, holds
from assistant.text.japanese import tokenize, words
from assistant.text.normalize import nfkc, norm, okurigana_free

if TYPE_CHECKING:
    from assistant.answer.compose import OfflineComposer

# A neighbour answers for the first sheet only when retrieval nearly ties them (NEAR_TIE of its score),
# among the next NEIGHBOURS, and it holds the question's words that at most 1 in 10 sheets use.
NEAR_TIE = 0.8
NEIGHBOURS = 2
RARE_WORD_IDF = math.log(10)
# the suffixes by which Japanese names an organisation or a law (a closed part of the morphology): a
# compound noun ending in one names a particular body or instrument
ORGANISATION_SUFFIXES = ("協会", "連合会", "連盟", "機構", "委員会", "審議会", "協議会", "財団", "組合", "学会", "研究所",
                         "センター")
LAW_SUFFIXES = ("新法", "法律", "法案", "条約", "規則", "指令", "協定", "条例", "法")  # longest first
# a name in English words inside a Japanese question (「EUのEcodesign Regulation」): capitalised words
ENGLISH_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:of\s+|the\s+|for\s+)?[A-Z][a-z]+)+")
RARE_SHARE = 0.1  # written by at most 1 in 10 sheets: it names something in particular
ASKED_GRAIN = re.compile(r"何\s*(月|日)")  # an interrogative numeral asking a month or a day
DROPPED = str.maketrans("", "", "の・等")  # the particles a name drops


@dataclass(frozen=True)
class Specific:
    """A specific the subject names (a ministry, a name, an organisation, a law), which the answering
    sheet must hold."""

    text: str
    kind: str  # ministry | name | organisation | law | date | counted | asked (a thing asked for by name)

    def label(self) -> str:
        """How an answer names it (a ministry the sheet does not give is not written out)."""
        if self.kind == "asked":
            return f"「{self.text}」"
        return "ご質問の所管先" if self.kind == "ministry" else self.text if self.kind in ("date", "counted") \
            else f"「{self.text}」"


def specifics(subject: str, english: bool, words: str = "") -> list[Specific]:
    """The specifics a part's subject names (of a question in English, its ministries only: every word of
    it is foreign to the documents), and the names in English of the part's `words` (its query, which
    keeps the whole name where the subject may cut it)."""
    q = nfkc(subject)
    found = [Specific(name, "ministry") for _, _, name in ministry_spans(q)]
    if english:
        return _unique(found)
    found += [Specific(p, k) for p, k in _noun_phrases(q)]
    found += [Specific(m.group(0), "name") for m in ENGLISH_NAME.finditer(nfkc(words) or q)]
    taken = {norm(s.text) for s in found if s.kind == "ministry"} | {norm(k + "省") for k in SHORT_FORMS}
    return [s for s in _unique(found) if s.kind == "ministry" or norm(s.text) not in taken]


def _runs(q: str, kinds: tuple[str, ...]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """The runs of words written together (surface, part of speech) whose part of speech is one of `kinds`."""
    out: list[list[tuple[str, tuple[str, ...]]]] = []
    run: list[tuple[str, tuple[str, ...]]] = []
    for surface, pos, _ in [*words(q), ("", ("補助記号",), "")]:
        if pos[0] in kinds and pos[1] != "代名詞" and surface.strip():
            run.append((surface, pos))
            continue
        if run:
            out.append(run)
        run = []
    return out


def _noun_phrases(q: str) -> list[tuple[str, str]]:
    """Compound nouns (runs of nouns, prefixes and suffixes) that name something: one holding a proper noun
    (not a place) or ending in an organisation or law suffix."""
    out: list[tuple[str, str]] = []
    for run in _runs(q, ("名詞", "接頭辞", "接尾辞")):
        phrase = "".join(s for s, _ in run)
        proper = any(p[1] == "固有名詞" and p[2] != "地名" for _, p in run) and not any(
            ch.isascii() and ch.isalpha() for ch in phrase)
        if phrase.endswith(ORGANISATION_SUFFIXES) and phrase not in ORGANISATION_SUFFIXES:
            out.append((phrase, "organisation"))
        elif phrase.endswith(LAW_SUFFIXES) and phrase not in LAW_SUFFIXES and not phrase.endswith(("方法", "手法")):
            out.append((phrase, "law"))
        elif proper:
            out.append((phrase, "name"))
    return out


def _unique(items: list[Specific]) -> list[Specific]:
    seen, out = set(), []
    for s in items:
        if norm(s.text) not in seen:
            seen.add(norm(s.text))
            out.append(s)
    return out


def _particular(s: Specific) -> str:
    """What makes an organisation or law particular: its name without the suffix."""
    suffixes = ORGANISATION_SUFFIXES if s.kind == "organisation" else LAW_SUFFIXES if s.kind == "law" else ()
    suffix = next((x for x in suffixes if s.text.endswith(x)), "")
    return s.text[:len(s.text) - len(suffix)]


def held(s: Specific, sheet_text: str, variants) -> bool:
    """Whether a sheet (its text in the matching form) holds the specific, as written or as one of its
    `variants` (Glossary.variants: the whole with a glossary term inside it written as its equivalent; 日本商工
    会議所 is not held where only 我が国 is)."""
    key = norm(s.text)
    lower = sheet_text.lower()
    if key and key.lower() in lower:
        return True
    if len(key) > 2 and okurigana_free(key) in okurigana_free(sheet_text):
        return True  # written with or without its okurigana (空き家 / 空家)
    if YEAR.fullmatch(key):  # a date the subject names, in either calendar (令和7年度 = 2025年度)
        return holds(sheet_text, key)
    if any(norm(e).lower() in lower for e in variants(s.text)):  # the glossary writes CPs as cps
        return True
    if s.kind == "ministry":
        short = next((k for k, v in SHORT_FORMS.items() if v == s.text), None)
        return short is not None and f"({short})" in sheet_text
    if s.kind in ("organisation", "law"):
        part = norm(_particular(s))
        return part in sheet_text or part in sheet_text.translate(DROPPED) or \
            okurigana_free(part) in okurigana_free(sheet_text)
    return False


def checked(s: Specific, share) -> bool:
    """Whether a specific is worth checking: a compound whose particular part most sheets write names
    nothing in particular, nor does a short form in Latin letters (the documents write out what staff
    abbreviate); `share(term)` is the share of sheets writing a term."""
    if s.text.isascii():
        return " " in s.text
    if s.kind in ("organisation", "law"):
        part = _particular(s)
        return len(part) > 1 and not part.isascii() and share(part) < RARE_SHARE
    return True


DECLINE = 0.5  # the decline model's probability above which a part is not answered
# an asked noun that at most this share of sheets write names something particular to ask for (座長, 来場者数,
# 上限額): the sheet that answers writes it; 目標 or 予定 are asked of every sheet
ASKED_SHARE = 0.25


def asked_nouns(ask: Ask) -> list[Specific]:
    """The things the part asks for by name: its asked nouns (not a question word, nor the counter after one:
    何人, 第何回)."""
    from assistant.query.slots import interrogative

    out = []
    toks = ask.request.tokens
    for i, t in enumerate(toks):
        after_question_word = i > 0 and interrogative(toks[i - 1])
        verb = t.pos[2] == "サ変可能" and i + 1 < len(toks) and toks[i + 1].pos[0] == "動詞"  # 説明して: a verb
        if t.role == "A" and t.pos[0] == "名詞" and t.pos[1] in ("普通名詞", "固有名詞") and len(t.surface) > 1 \
                and t.surface in ask.part.query and not interrogative(t) and not after_question_word \
                and not t.surface.startswith("何") and not verb:
            out.append(Specific(t.surface, "asked"))
    return out


def missing(c: OfflineComposer, ask: Ask, sheet: Sheet) -> list[Specific]:
    """The part's specifics the sheet does not hold (a ministry the question asserts is a claim, not one):
    what its subject names, the dates it pins, and what a count it asks for counts (来場者 of 来場者数)."""
    if ask.need.kind == "owner_measures":
        return []
    text = c.index.norm_text(sheet.id)
    found = [s for s in specifics(ask.subject, ask.english, ask.part.query)
             if checked(s, c.index.share_naming) and not held(s, text, c.variants)]
    named = {norm(s.text) for s in found}
    found += [Specific(q, "date") for q in ask.quals if not holds(text, q) and norm(q) not in named]
    counted = ask.need.unit.counted if ask.need.unit is not None else None
    tokens = c.index.sheet_tokens.get(sheet.id, set())
    if counted and not _written_in(counted, tokens):
        found.append(Specific(counted + ("の値" if counted in ASKED_UNITS or counted[-1] in ASKED_UNITS else "の数"), "counted"))
    # a person asked for by title (座長, 理事長, 担当者: a noun ending in 長 or 者, asked, not an audience,
    # which is framing) that the sheet never writes
    found += [s for s in asked_nouns(ask) if s.text.endswith(("長", "者")) and not _written_in(s.text, tokens)
              and not held(s, text, c.variants)]
    return found


def _written_in(noun: str, tokens: set[str]) -> bool:
    """Whether a sheet writes a noun: its content words (those longer than a character, if any) among the
    sheet's (参加者 is written where 参加 is)."""
    words = tokenize(noun)
    long = [w for w in words if len(w) > 1] or words
    return bool(long) and any(w in tokens for w in long)


def asked_missing(c: OfflineComposer, ask: Ask, sheet: Sheet) -> list[Specific]:
    """The particular things the part asks for by name (asked nouns few sheets write) that the sheet never
    writes: a signal of the decline model, not a decision (目標値 is rare in the text and asked of all)."""
    text = c.index.norm_text(sheet.id)
    return [s for s in asked_nouns(ask) if c.index.share_naming(s.text) <= ASKED_SHARE
            and not held(s, text, c.variants)]


def holder(c: OfflineComposer, ask: Ask) -> tuple[SheetHit, list[Specific]]:
    """The first of the best sheets that holds every specific of the part, else the first sheet and what it
    lacks."""
    top = ask.hits[0]
    lacking = missing(c, ask, top.sheet)
    if not lacking:
        return top, []
    for h in ask.hits[1:1 + NEIGHBOURS]:
        if h.score >= NEAR_TIE * top.score and holds_rare_words(c, ask, h.sheet, top.sheet) \
                and not missing(c, ask, h.sheet):
            return h, []
    return top, lacking


def holds_rare_words(c: OfflineComposer, ask: Ask, sheet: Sheet, first: Sheet | None = None) -> bool:
    """Whether a sheet writes (or a glossary equivalent of) every word of the part that few sheets write, of
    those the `first` sheet writes when given: a sheet standing in for another must be about the same thing
    (a budget of another measure is not this measure's budget)."""
    own = c.index.sheet_tokens.get(sheet.id, set())
    text = c.index.norm_text(sheet.id).lower()
    kept = c.index.sheet_tokens.get(first.id, set()) if first is not None else None
    q = nfkc(ask.part.query or ask.question)
    # the words as the index has them: Latin terms whole (III-1, J4CE), Japanese words as SudachiPy reads
    # them whole (サーキュラーエコノミー, whose pieces the index also holds)
    found = [(t, [t]) for t in tokenize(q) if t.isascii()] + \
        [(w, tokenize(w)) for w, _, _ in words(q) if not w.isascii()]
    # a compound the dictionary reads as several nouns is one word to the glossary (サーキュラー+パートナーズ
    # is written CPs): its pieces are held where an equivalent of the whole is
    compounds = ["".join(w for w, _ in run) for run in _runs(q, ("名詞",)) if len(run) > 1]
    held = {t for run in compounds if any(norm(e).lower() in text for e in c.equivalents(run)) for t in tokenize(run)}
    for word, pieces in found:
        pieces = [t for t in pieces if t not in held]
        rare = [t for t in pieces if c.index.sheet_idf.get(t, 0.0) >= RARE_WORD_IDF
                and (kept is None or t in kept) and t not in own]
        # a word the sheet writes as the glossary's equivalent (サーキュラーエコノミー as 循環経済) is held
        if rare and not any(norm(e).lower() in text for e in c.equivalents(word)):
            return False
    return True


def missing_places(c: OfflineComposer, sheet: Sheet, need: Need) -> list[str]:
    """Places the part pins that the sheet never names. A place most sheets name is the documents' own
    setting (日本, 国内), not a qualifier."""
    return [p for p in need.places if readable(c, p)
            if not c.holds_any(sheet, [p, *c.equivalents(p)]) and c.index.share_naming(p) < 0.5]


def readable(c: OfflineComposer, place: str) -> bool:
    """Whether the documents could show the place as written: a place in Latin letters that no sheet
    writes so and the glossary cannot translate says nothing about a sheet."""
    return not place.isascii() or c.index.share_naming(place) > 0 or bool(c.equivalents(place))


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
        return bool(YEAR.search(w.plain)) and (grain is None or re.search(rf"\d\s*{grain}", w.plain) is not None)

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
