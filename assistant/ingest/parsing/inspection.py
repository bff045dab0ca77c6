"""Parser for 点検-style report drafts: chapters such as `Ⅲ-1 …`, numbered subsections `(1) …` and
items `① …`. One sheet per deepest numbered unit; tab-separated table rows stay as whole lines."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import nfkc, unmarked

# NFKC turns Ⅲ into III, so chapters are matched in either spelling and shown in the original one
CHAPTER_RE = re.compile(r"^([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|I{1,3}|IV|V|VI{1,3})\s*[-－ー‐]\s*(\d+)\s+(.+)$")
ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ", "VI": "Ⅵ", "VII": "Ⅶ", "VIII": "Ⅷ"}
PART_RE = re.compile(r"^[(（](\d+)[)）]\s*(.+)$")
ITEM_RE = re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*(.+)$")


@dataclass
class Unit:
    path: list[str]
    title: str
    start: int
    lines: list[str]


def _plain(line: str) -> str:
    return nfkc(unmarked(line)).strip()


def parse_units(lines: list[str]) -> list[Unit]:
    """Units in text order; the text before the first chapter becomes a preamble unit."""
    units: list[Unit] = [Unit([], "", 0, [])]
    chapter = part = None
    for i, raw in enumerate(lines):
        text = re.sub(r"^\s*(?:[-*]\s+)+", "", unmarked(raw)).rstrip()
        plain = _plain(raw)
        if len(plain) < 80 and (m := CHAPTER_RE.match(plain)):
            chapter, part = f"{ROMAN.get(m.group(1), m.group(1))}-{m.group(2)} {m.group(3).strip()}", None
            units.append(Unit([chapter], chapter, i, []))
            continue
        if chapter and len(plain) < 60 and (m := PART_RE.match(plain)):
            part = f"({m.group(1)}) {m.group(2).strip()}"
            units.append(Unit([chapter, part], part, i, []))
            continue
        # matched before NFKC, which would turn ① into 1
        if chapter and part and len(plain) < 60 and (m := ITEM_RE.match(text.strip())):
            item = f"{m.group(1)} {m.group(2).strip()}"
            units.append(Unit([chapter, part, item], item, i, []))
            continue
        if text.strip():
            units[-1].lines.append(text.strip())
    return [u for u in units if u.lines]
