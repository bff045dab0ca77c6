"""Quantities as the plan texts print them (「約580g/人日」, 「34,986億円」, 「→4.6兆円」, 「約4割」,
「22港以上」, 「半減」) and the years beside them (「(2030年度)」, 「2025年度～2029年度」, 「R6年」), read
into numbers in the unit's base so that a target and a latest value can be compared (34,986億円 and
4.6兆円 are both 円)."""
from __future__ import annotations

import re

from assistant.models import Value
from assistant.text.figures import UNIT_ALIASES, YEAR_SPAN

# Units and counters a quantity ends with; a per-unit tail (トン/年, g/人日) is part of it.
UNIT = (r"(?:%|％|割|円|トン|t|kg|g|m³|m3|㎥|件|港|自治体|団体|地域|社|戸|者|人|施設|か所|箇所|品目|回|台|"
        r"万人)(?:/(?:年|人日|日|人|件))?")
NUMBER = r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
# 約/おおむね before, 以上/以下/程度/減/増/削減 after are part of what the plan states
QUANTITY = re.compile(rf"(?:約|概ね|おおむね)?(?P<num>{NUMBER})\s*(?P<mult>万|億|兆)?\s*(?P<unit>{UNIT})"
                      r"(?P<tail>以上|以下|程度|未満|超|減|増|削減)?(?![0-9０-９])")
# a number with no unit counts only after a name that ends in 数 (「自治体数を150とする」)
BARE = re.compile(rf"(?P<num>{NUMBER})(?=\s*(?:と|に|を|$))")
# targets stated as a change rather than a number
CHANGE = re.compile(r"倍増|半減|ゼロ")
YEAR = YEAR_SPAN
MULTIPLIER = {"万": 1e4, "億": 1e8, "兆": 1e12}


def number_of(text: str) -> float | None:
    """The number of a printed quantity in its unit's base (万/億/兆 multiplied out, 割 as %)."""
    m = QUANTITY.search(text)
    if not m:
        return None
    return match_number(m)


def match_number(m: re.Match) -> float | None:
    import unicodedata

    raw = unicodedata.normalize("NFKC", m.group("num")).replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    value *= MULTIPLIER.get(m.group("mult") or "", 1.0)
    unit = m.group("unit")
    if unit == "割":
        value *= 10
    elif unit == "万人":
        value *= 1e4
    return value


def unit_of(m: re.Match) -> str:
    unit = m.group("unit")
    head, _, per = unit.partition("/")
    head = UNIT_ALIASES.get(head, head)
    return f"{head}/{per}" if per else head


def read_value(cell: str) -> Value | None:
    """A table cell such as 「約580g/人日 (2030年度)」 or 「—」 (nothing stated) as a Value."""
    text = re.sub(r"\s+", " ", cell or "").strip()
    if not text or text in ("—", "-", "－", "―", "ー"):
        return None
    year_m = re.search(r"[(（]\s*(" + YEAR.pattern + r")\s*[)）]", text)
    year = re.sub(r"\s+", "", year_m.group(1)) if year_m else ""
    shown = (text[:year_m.start()] + text[year_m.end():]).strip() if year_m else text
    m = QUANTITY.search(shown)
    return Value(shown, year, match_number(m) if m else None, unit_of(m) if m else "")


def same_unit(a: Value | None, b: Value | None) -> bool:
    """Whether two values can be put on one scale: both numbers, in the same base unit."""
    return bool(a and b and a.number is not None and b.number is not None and a.unit and a.unit == b.unit)
