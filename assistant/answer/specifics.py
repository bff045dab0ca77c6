"""The specifics a part's subject names, and whether a sheet holds them: a ministry, a body, a law, a
programme by its own name, a date the part pins, what a count it asks for counts. The composer answers
from the first of the best sheets that holds them all (`holder`); what the sheet lacks is what an
abstention says is not stated (assistant/answer/decline.py).

A specific is read from the subject's words (the query stage has left framing, asked words and asserted
values out): a SudachiPy proper noun that is not a place, a compound that names an organisation or a law
by its suffix (…協会, …法), a ministry, an English name. It is held by a sheet when the sheet writes it, a
glossary equivalent, or (an organisation or a law) its particular part."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer.ask import Ask, Need
from assistant.ingest.ministries import SHORT_FORMS, ministry_spans
from assistant.models import Sheet, SheetHit
from assistant.text.figures import ASKED_UNITS, YEAR, holds
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
            okurigana_free(part) in okurigana_free(sheet_text) or shortened(part, sheet_text)
    return False


# a name shortened drops whole words from its middle (再資源化事業等高度化法 → 再資源化高度化法): at most this many
# characters between two words it keeps
SHORTENED_GAP = 4


def shortened(part: str, sheet_text: str) -> bool:
    """Whether the text writes a name of which `part` is the short form: its words in order, a few
    characters at most between two of them, nothing between the characters of one."""
    pieces = [w for w, _, _ in words(part)]
    if len(pieces) < 2 or len(part) < 4:
        return False
    gap = rf"[^。、，,\s]{{0,{SHORTENED_GAP}}}?"
    return re.search(gap.join(re.escape(w) for w in pieces), sheet_text) is not None


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
