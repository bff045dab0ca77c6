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
from assistant.text.japanese import words
from assistant.text.normalize import nfkc, norm

# the suffixes by which Japanese names an organisation or a law (a closed part of the morphology):
# a compound noun ending in one names a particular body or instrument
ORGANISATION_SUFFIXES = ("協会", "連合会", "連盟", "機構", "委員会", "審議会", "検討会", "研究会", "協議会",
                         "財団", "組合", "学会", "研究所", "センター")
LAW_SUFFIXES = ("新法", "法律", "法案", "条約", "規則", "指令", "協定", "条例", "法")  # longest first
# a role to be filled: a head (…長), a representative, the person in charge, a contact point
ROLE = re.compile(r"(?:委員|座|会|議|部|局|課|社|理事|所|室|事務局)長|代表(?:者)?|担当者|責任者|連絡先|窓口")
# a name in English words inside a Japanese question (「EUのCircular Economy Act」): capitalised words
ENGLISH_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:of\s+|the\s+|for\s+)?[A-Z][a-z]+)+")


@dataclass(frozen=True)
class Specific:
    """A specific the question asserts or asks about (a ministry, name, organisation, law, role or figure),
    which the cited evidence must hold."""

    text: str  # as the question writes it
    kind: str  # ministry | name | organisation | law | role | figure

    def label(self) -> str:
        """How an answer names it. A ministry the sheet does not give is not written out: an answer
        names only ministries its cited sheets write."""
        return "ご質問の所管先" if self.kind == "ministry" else f"「{self.text}」"


COUNT_WORDS = ("つ", "点", "行", "個", "項目")
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}  # chapter numerals (Ⅲ-2), no names


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
    # a count the question asks in (「4つ挙げて」「3点で」) is the answer's shape, not a premise
    found += [Specific(f, "figure") for f in intent_mod.figures(q) if not f.endswith(COUNT_WORDS)]
    for phrase, kind in _noun_phrases(q):
        found.append(Specific(phrase, kind))
    found += [Specific(m.group(0), "name") for m in ENGLISH_NAME.finditer(q)]
    ministries = {norm(s.text) for s in found if s.kind == "ministry"} | {
        norm(k) for k in intent_mod.ABBREVIATED}
    return [s for s in _unique(found) if s.kind == "ministry" or norm(s.text) not in ministries]


_LABELS = "|".join(sorted(set(intent_mod.MEASURE_NOUNS) | set(OWNER_LABELS), key=len, reverse=True))
CHECK_END = re.compile(rf"^(?:の(?:{_LABELS}))?\s*(?:[?？。]|か|です|でしょう|だ|で(?:いい|よい|合|正し)|って|という"
                       r"|と(?:いう|考え|理解|思)|の(?:どちら|どっち)|$)")


def ministry_part(question: str, ministry: str) -> bool:
    """Whether the question asks about a named ministry's part (「厚労省の担当分は？」「文科省が担う
    部分は？」), not whether it owns the measure, where the ministry ends the question or is offered
    as the answer to check (「所管は経産省？」「環境省の事業ですか」「環境省と経産省のどちら」)."""
    q = nfkc(question).strip()
    names = [ministry] + [k for k, v in intent_mod.ABBREVIATED.items() if v == ministry]
    for name in names:
        i = q.find(name)
        if i < 0:
            continue
        rest = q[i + len(name):]
        if rest.startswith("と") and intent_mod.named_ministries(rest):
            return False  # a choice between ministries
        return not CHECK_END.match(rest)
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
            proper = any(p[1] == "固有名詞" and p[2] != "地名" for _, p in run) and not any(ch.isascii() and ch.isalpha() for ch in phrase)
            if phrase.endswith(ORGANISATION_SUFFIXES) and phrase not in ORGANISATION_SUFFIXES:
                out.append((phrase, "organisation"))
            elif phrase.endswith(LAW_SUFFIXES) and phrase not in LAW_SUFFIXES and not phrase.endswith(("方法", "手法")):
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


def modifier(specific: Specific) -> str:
    """What makes an organisation or law particular: its name without the suffix (容器包装リサイクル法 →
    容器包装リサイクル; リサイクル新法 → リサイクル)."""
    if specific.kind == "organisation":
        suffix = next((x for x in ORGANISATION_SUFFIXES if specific.text.endswith(x)), "")
    elif specific.kind == "law":
        suffix = next((x for x in LAW_SUFFIXES if specific.text.endswith(x)), "")
    else:
        suffix = ""
    return specific.text[:len(specific.text) - len(suffix)]


def held(specific: Specific, sheet_text: str, equivalents) -> bool:
    """Whether a sheet (its text in the matching form) holds the specific: written as it is, as a
    glossary equivalent, or (an organisation or a law) its particular part (「太陽光パネルのリサイクル
    法案」 is the solar sheet's 法案: リサイクル is everywhere); a ministry also by its short form."""
    key = norm(specific.text)
    if key and key.lower() in sheet_text.lower():
        return True
    if any(norm(e) in sheet_text for e in equivalents(specific.text)):
        return True
    if specific.kind == "ministry":
        short = next((k for k, v in intent_mod.ABBREVIATED.items() if v == specific.text), None)
        return short is not None and f"({short[:2]})" in sheet_text
    if specific.kind in ("organisation", "law"):
        part = norm(modifier(specific))
        # written with the particles a name drops (太陽光パネルのリサイクル for 太陽光パネルリサイクル)
        return part in sheet_text or part in sheet_text.translate(DROPPED)
    return False


def checked(specific: Specific, share) -> bool:
    """Whether a specific is worth checking: a compound whose particular part most sheets write
    (リサイクル法, 推進協議会) names nothing in particular, nor does a name in Latin letters (LiB, CE:
    the documents write out what staff abbreviate); `share(term)` is the share of sheets writing it."""
    if specific.text.isascii():
        return " " in specific.text  # a name in English words, not a short form
    if specific.kind in ("organisation", "law"):
        part = modifier(specific)
        return len(part) > 1 and not part.isascii() and share(part) < RARE_SHARE
    return True


DROPPED = str.maketrans("", "", "の・等")  # the particles a name drops
RARE_SHARE = 0.1  # written by at most 1 in 10 sheets: it names something in particular


def missing(question: str, sheet_text: str, equivalents, share) -> list[Specific]:
    """The question's specifics the sheet does not hold."""
    return [s for s in specifics(question) if checked(s, share) and not held(s, sheet_text, equivalents)]
