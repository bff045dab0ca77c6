"""Ministries and agencies a sheet names: `stated` when the sheet gives them as owner or founder,
`mentioned` for every other one, each with the sentence it came from. Never inferred."""
from __future__ import annotations

import re

from assistant.models import Mention, Sheet
from assistant.text.normalize import nfkc
from assistant.text.sentences import sentence_at

FULL_NAMES = (
    "内閣官房", "内閣府", "総務省", "法務省", "外務省", "財務省", "文部科学省", "厚生労働省", "農林水産省",
    "経済産業省", "国土交通省", "環境省", "防衛省", "デジタル庁", "復興庁", "こども家庭庁", "消費者庁",
    "金融庁", "警察庁", "消防庁", "林野庁", "水産庁", "資源エネルギー庁", "中小企業庁", "特許庁", "観光庁",
    "気象庁", "海上保安庁", "文化庁", "スポーツ庁", "国税庁", "出入国在留管理庁",
)
SHORT_FORMS = {
    "経産": "経済産業省", "環境": "環境省", "国交": "国土交通省", "消費": "消費者庁", "消防": "消防庁",
    "農水": "農林水産省", "文科": "文部科学省", "厚労": "厚生労働省", "総務": "総務省", "財務": "財務省",
    "外務": "外務省", "内閣府": "内閣府",
}
_FULL_RE = re.compile("|".join(sorted(FULL_NAMES, key=len, reverse=True)))
# a ministry's minister (環境大臣 of 環境省) names the body that acts
_MINISTER_RE = re.compile("|".join(n.removesuffix("省") + "大臣" for n in FULL_NAMES if n.endswith("省")))
_SHORT = "|".join(SHORT_FORMS)
_SHORT_GROUP_RE = re.compile(rf"[(（]((?:{_SHORT})(?:[、,・]\s*(?:{_SHORT}))*)[)）]")
# the labels under which a sheet states its owners (創設団体 : 環境省、…); a question naming one asks for them
OWNER_LABELS = ("創設団体", "所管省庁", "所管", "担当省庁", "担当", "実施主体", "事業主体", "主催")
_OWNER_RE = re.compile(rf"^(?:{'|'.join(OWNER_LABELS)})\s*[:：]\s*(.+)$")


def names_in(text: str) -> list[str]:
    """Full ministry/agency names in text, in order, without duplicates."""
    seen: list[str] = []
    for m in _FULL_RE.finditer(nfkc(text)):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


def any_named(text: str) -> bool:
    """Whether text names a ministry or agency, in full, by a parenthesised short form ((環境)) or by its
    minister (環境大臣)."""
    plain = nfkc(text)
    return bool(_FULL_RE.search(plain) or _SHORT_GROUP_RE.search(plain) or _MINISTER_RE.search(plain))


def tagged(line: str) -> list[str]:
    """The ministries a line marks itself with in a parenthesised short form (「…の方針策定(環境)」, 「(経産、
    環境)」): who carries out that line's action."""
    out: list[str] = []
    for m in _SHORT_GROUP_RE.finditer(nfkc(line)):
        for short in re.split(r"[、,・]\s*", m.group(1)):
            full = SHORT_FORMS.get(short.strip())
            if full and full not in out:
                out.append(full)
    return out


def stated_owners(header: list[str], lines: list[str]) -> list[str]:
    """Owners the sheet states: its ministry header line(s), and 創設団体/所管/実施主体: lines."""
    owners: list[str] = []
    for line in header:
        for name in names_in(line):
            if name not in owners:
                owners.append(name)
    for line in lines:
        m = _OWNER_RE.match(nfkc(line).strip())
        if m:
            for part in re.split(r"[、,・/／]\s*", m.group(1)):
                part = part.strip(" 　。")
                if part and part not in owners:
                    owners.append(part)
    return owners


def mentions(lines: list[str], exclude: list[str]) -> list[Mention]:
    """Every other ministry or agency named, full names and parenthesized short forms alike."""
    found: dict[str, Mention] = {}
    for line in lines:
        plain = nfkc(line)
        for m in _FULL_RE.finditer(plain):
            name = m.group(0)
            if name not in exclude and name not in found:
                found[name] = Mention(name, sentence_at(plain, m.start()))
        for m in _SHORT_GROUP_RE.finditer(plain):
            for full in tagged(m.group(0)):
                if full not in exclude and full not in found:
                    found[full] = Mention(full, sentence_at(plain, m.start()))
    return list(found.values())


def with_owners(sheet: Sheet, header: list[str], lines: list[str]) -> Sheet:
    """`sheet` with its owners (the ministry line(s) of its `header`) and every other ministry its
    `lines` name as mentioned; every parser finishes its sheets with this."""
    sheet.stated = stated_owners(header, lines)
    sheet.mentioned = mentions(lines, sheet.stated)
    return sheet


# every way a ministry is written in a question: its full name, and its two-character short form with
# the kind of body (経産 + 省 = 経産省), read from SHORT_FORMS; longest first, so 経済産業省 is not 産業省
ALIASES = {**{name: name for name in FULL_NAMES},
           **{short + full[-1]: full for short, full in SHORT_FORMS.items() if len(short) == 2}}
# and in an English question, by the acronym the ministry itself uses in English ("Is it run by METI?")
ENGLISH_ACRONYMS = {"METI": "経済産業省", "MOE": "環境省", "MOEJ": "環境省", "MLIT": "国土交通省", "MAFF": "農林水産省",
                    "MHLW": "厚生労働省", "MEXT": "文部科学省", "MIC": "総務省", "MOF": "財務省", "MOFA": "外務省",
                    "CAA": "消費者庁", "FDMA": "消防庁"}
ALIASES |= ENGLISH_ACRONYMS
_ALIAS_ORDER = sorted(ALIASES, key=len, reverse=True)


def ministry_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, full name) of every ministry a (NFKC) text names, in full or by its short form; a
    shorter name inside a longer one is not found again."""
    taken: list[tuple[int, int, str]] = []
    for alias in _ALIAS_ORDER:
        start = text.find(alias)
        while start >= 0:
            end = start + len(alias)
            if not any(s < end and start < e for s, e, _ in taken) and not _inside_a_word(text, start, end):
                taken.append((start, end, ALIASES[alias]))
            start = text.find(alias, end)
    return sorted(taken)


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """Whether a Latin acronym found at text[start:end] is part of a longer Latin word (MIC in MICRO)."""
    if not text[start:end].isascii():
        return False
    return any(0 <= i < len(text) and text[i].isascii() and text[i].isalpha() for i in (start - 1, end))


def ministry_of(word: str) -> str | None:
    """The full name of the ministry `word` names (経産省 → 経済産業省), or None."""
    return ALIASES.get(nfkc(word).strip())
