"""The question's premise: every specific it asserts or asks about must be in the sheet that answers.

A specific is read from the language, never from a list of question words: a SudachiPy proper noun
(a body, a person, a programme; places are checked by compose.missing_places), a compound that names
an organisation
or a law by its suffix (…協会, …委員会, …法, …条約), a ministry, a figure with its unit, and a role to
be filled (a title ending in 長, 代表, 担当者, 連絡先). Framing words (教えて, 要点, レク, 一覧) are none
of these. A specific is held by a sheet when the sheet writes it, or its glossary equivalent, or (for
a compound) every word of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer import intent as intent_mod
from assistant.ingest.ministries import OWNER_LABELS
from assistant.text.japanese import pieces, words
from assistant.text.normalize import nfkc, norm

# the suffixes by which Japanese names an organisation or a law (a closed part of the morphology):
# a compound noun ending in one names a particular body or instrument
ORGANISATION_SUFFIXES = ("協会", "連合会", "連盟", "機構", "委員会", "審議会", "検討会", "研究会", "協議会",
                         "財団", "組合", "学会", "研究所", "センター")
LAW_SUFFIXES = ("法", "法律", "法案", "条約", "規則", "指令", "協定", "条例")
# a role to be filled: a head (…長), a representative, the person in charge, a contact point
ROLE = re.compile(r"(?:委員|座|会|議|部|局|課|社|理事|所|室|事務局)長|代表(?:者)?|担当者|責任者|連絡先|窓口")
# a figure the question asserts: a number with its unit (4.6兆円, 1万人, 30%); years are qualifiers
FIGURE = re.compile(r"[0-9０-９][0-9０-９,，.．]*\s*(?:兆|億|万|千)?\s*(?:円|人|件|社|者|%|％|トン|t|港|施設|自治体|団体|戸)"
                    r"(?!\s*(?:あたり|当たり))")  # 「1件あたり」 is a basis, not a figure
# a name in English words inside a Japanese question (「EUのCircular Economy Act」): capitalised words
ENGLISH_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:of\s+|the\s+|for\s+)?[A-Z][a-z]+)+")


@dataclass(frozen=True)
class Specific:
    text: str  # as the question writes it
    kind: str  # ministry | name | organisation | law | role | figure

    def label(self) -> str:
        """How an answer names it. A ministry the sheet does not give is not written out: an answer
        names only ministries its cited sheets write."""
        return "ご質問の所管先" if self.kind == "ministry" else f"「{self.text}」"


ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X)$")


def specifics(question: str) -> list[Specific]:
    """The specifics a question asserts or asks about (see the module docstring). What says what is
    asked (KPI, 目標, いつ) is left out first: it is no premise."""
    q = nfkc(question)
    for start, end in sorted(intent_mod.aspect_spans(q), reverse=True):
        q = q[:start] + " " + q[end:]
    found: list[Specific] = [Specific(m, "ministry") for m in intent_mod.named_ministries(q)]
    if not intent_mod.is_japanese(q):
        return _unique(found)
    found += [Specific(m.group(0), "role") for m in ROLE.finditer(q)]
    found += [Specific(re.sub(r"\s+", "", m.group(0)), "figure") for m in FIGURE.finditer(q)
              if not intent_mod.YEAR.fullmatch(m.group(0))]
    for phrase, kind in _noun_phrases(q):
        found.append(Specific(phrase, kind))
    found += [Specific(m.group(0), "name") for m in ENGLISH_NAME.finditer(q)]
    ministries = {norm(s.text) for s in found if s.kind == "ministry"} | {
        norm(k) for k in intent_mod.ABBREVIATED}
    return [s for s in _unique(found) if s.kind == "ministry" or norm(s.text) not in ministries]


def ministry_part(question: str, ministry: str) -> bool:
    """Whether the question asks about a named ministry's part (「厚労省の担当分は？」: the ministry
    modifies what is asked), not whether it owns the measure (「所管は経産省？」「環境省の事業？」)."""
    q = nfkc(question)
    names = [ministry] + [k for k, v in intent_mod.ABBREVIATED.items() if v == ministry]
    for name in names:
        i = q.find(name)
        if i >= 0 and q[i + len(name):i + len(name) + 1] == "の":
            head = ""
            for surface, pos, _ in words(q[i + len(name) + 1:]):
                if pos[0] not in ("名詞", "接尾辞") or pos[1] == "代名詞":
                    break
                head += surface
            # its part of something (担当分, 役割, 予算), not its ownership (所管, 事業, 施策) or a choice
            return bool(head) and head not in intent_mod.MEASURE_NOUNS and head not in OWNER_LABELS
    return False


def _noun_phrases(q: str) -> list[tuple[str, str]]:
    """Compound nouns of the question (runs of nouns, prefixes and suffixes) that name something:
    one holding a proper noun or a Latin name, or ending in an organisation or law suffix."""
    out: list[tuple[str, str]] = []
    run: list[tuple[str, tuple[str, ...]]] = []
    for surface, pos, _ in [*words(q), ("", ("補助記号",), "")]:
        if pos[0] in ("名詞", "接頭辞", "接尾辞") and pos[1] not in ("代名詞",) and surface.strip():
            run.append((surface, pos))
            continue
        if run:
            phrase = "".join(s for s, _ in run)
            # a proper noun (not a place: compose checks places) in a run of Japanese, not a short form
            # in Latin letters (CEポート, LiB: staff shorthand as often as a name)
            proper = any(p[1] == "固有名詞" and p[2] != "地名" for _, p in run) and not re.search(r"[A-Za-z]", phrase)
            if phrase.endswith(ORGANISATION_SUFFIXES) and len(run) > 1:
                out.append((phrase, "organisation"))
            elif phrase.endswith(LAW_SUFFIXES) and len(run) > 1 and not phrase.endswith(("方法", "手法")):
                out.append((phrase, "law"))
            elif proper:
                out.append((phrase, "name"))
        run = []
    return out


def _unique(items: list[Specific]) -> list[Specific]:
    seen, out = set(), []
    for s in items:
        if norm(s.text) not in seen:
            seen.add(norm(s.text))
            out.append(s)
    return out


RARE_IDF = 2.302585  # log(10): a word at most 1 in 10 sheets use names something in particular


def held(specific: Specific, sheet_text: str, equivalents, idf) -> bool:
    """Whether a sheet (its text in the matching form) holds the specific: written as it is, as a
    glossary equivalent, or (for a compound) every rare word of it (`idf(token)`: its inverse sheet
    frequency, None when no sheet uses it; 「太陽光パネルのリサイクル法案」 is the solar sheet's 法案,
    「小型家電リサイクル法」 needs 小型家電); a ministry also by its short form."""
    key = norm(specific.text)
    if key and key.lower() in sheet_text.lower():
        return True
    if any(norm(e) in sheet_text for e in equivalents(specific.text)):
        return True
    if specific.kind == "ministry":
        short = next((k for k, v in intent_mod.ABBREVIATED.items() if v == specific.text), None)
        return bool(short) and f"({short[:2]})" in sheet_text
    if specific.kind in ("organisation", "law", "name"):
        toks = [t for t in _modifiers(specific) if _rare(t, idf)]
        return all(norm(t).lower() in sheet_text.lower() or any(norm(e) in sheet_text for e in equivalents(t))
                   for t in toks)
    return False


def _modifiers(specific: Specific) -> list[str]:
    """The words that make a compound particular: all but its head (小型家電リサイクル法 → 小型,
    家電, リサイクル; リサイクル新法 → リサイクル), words of one character and in Latin letters left
    out."""
    words_of = pieces(specific.text)
    if specific.kind in ("organisation", "law") and len(words_of) > 1:
        words_of = words_of[:-1]
    # words in Latin letters are left to the glossary: the documents write バーゼル where staff write Basel
    return [t for t in words_of if len(t) > 1 and not t.isascii()]


def _rare(token: str, idf) -> bool:
    value = idf(token)
    return value is None or value >= RARE_IDF


def checked(specific: Specific, idf) -> bool:
    """Whether a specific is worth checking: not a compound or name with no rare word in it (リサイクル
    法, 推進協議会 name nothing in particular), nor a name in Latin letters (LiB, CE: the documents
    write out what staff abbreviate, so its absence says nothing)."""
    if specific.kind not in ("organisation", "law", "name"):
        return True
    if specific.text.isascii():
        return " " in specific.text  # a name in English words, not a short form (LiB: shorthand)
    return any(_rare(t, idf) for t in _modifiers(specific))


def missing(question: str, sheet_text: str, equivalents, idf) -> list[Specific]:
    """The question's specifics the sheet does not hold."""
    return [s for s in specifics(question) if checked(s, idf) and not held(s, sheet_text, equivalents, idf)]
