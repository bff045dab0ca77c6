"""Japanese era years: 令和 and 平成 to the western calendar (令和8年 = R8年 = 2026年, 平成30年 = H30年 =
2018年), the one converter every comparison of dates and figures uses."""
from __future__ import annotations

import re

# the first western year of each era, minus one: 令和1 = 2019, 平成1 = 1989
ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
ERA_YEAR = re.compile(r"(令和|平成|R|H)\s*([0-9]{1,2}|元)(?=\s*年|$)")


def western(era: str, year: str) -> int:
    """The western year of an era year (元 = the first year)."""
    return ERAS[era] + (1 if year == "元" else int(year))


def to_western(text: str) -> str:
    """`text` with every era year written as a western year (令和8年度 → 2026年度)."""
    return ERA_YEAR.sub(lambda m: str(western(m.group(1), m.group(2))), text)


def year_forms(year: int, suffix: str = "") -> set[str]:
    """The ways the documents write a western year: 2026年度, 令和8年度, R8年度 (and 平成 for
    1989–2018)."""
    forms = {f"{year}{suffix}"}
    if year > ERAS["令和"]:
        forms |= {f"令和{year - ERAS['令和']}{suffix}", f"R{year - ERAS['令和']}{suffix}"}
    elif year > ERAS["平成"]:
        forms |= {f"平成{year - ERAS['平成']}{suffix}", f"H{year - ERAS['平成']}{suffix}"}
    return forms
