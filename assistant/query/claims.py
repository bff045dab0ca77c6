"""The values a question asserts to be checked (「所管は経産省だよね」「目標は2030年に3割で合ってる？」):
the words the tagger marks V, each typed as a ministry, a year, a figure or a name. A ministry claims the
owner; a year claims the date, or the year of the asked target or figure; a figure claims the asked
target or figure."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.ingest.ministries import ministry_of, ministry_spans
from assistant.models.request import Claim, Slot, Token
from assistant.text.era import ERAS
from assistant.text.figures import ENGLISH_MONTHS, NUMBER, english_years, figures, month_dates, years

# a number without a counter, with its multiplier if any (150, 3000万)
BARE = re.compile(NUMBER.pattern + r"[万億兆千]?")


def claims(toks: Sequence[Token], slot: Slot) -> list[Claim]:
    """The claims of a question whose asked slot is `slot`: each asserted value (a ministry, a year, a
    figure). A run of V words that holds no value (「何万」「年度」) asserts nothing."""
    out: list[Claim] = []
    for text in _runs(toks):
        ministries = [name for _, _, name in ministry_spans(text)]
        if ministries or ministry_of(text):
            out += [Claim("owner", m, "ministry") for m in ministries or [ministry_of(text) or text]]
            continue
        found = month_dates(text) or years(text)  # 「2027年5月施行」 claims the month, not only the year
        figs = figures(text)
        if not found and text.split()[-1].isdigit() and (bare_year := english_years(text)):
            found, figs = bare_year, []  # an English question writes its year bare ("by 2030")
        if found and (not figs or found[0] == text.replace(" ", "")):  # 第220回 is a date, not 220回
            out.append(Claim(slot if slot in ("target", "figure") else "date", found[0], "year"))
        elif figs:
            out.append(Claim(slot if slot in ("target", "figure") else "figure", figs[0], "figure"))
        elif slot in ("target", "figure") and BARE.fullmatch(text.replace(" ", "")):
            # a bare number asserted of an asked target or figure (「目標は150だよね」): its unit is the plan's
            out.append(Claim(slot, text.replace(" ", ""), "figure"))
    return out


# what may stand around a figure asserted (約22港, 22港以上)
AROUND_FIGURE = re.compile(r"^約|(?:以上|以下|程度|超|未満)$")


def asserted_figures(toks: Sequence[Token]) -> list[Token]:
    """The words with each run of subject words that is a figure and nothing else (「22港以上」) marked as
    a value asserted."""
    out = list(toks)
    if not any(t.role == "S" and any(ch.isdigit() for ch in t.surface) for t in toks):
        return out  # (no figure nor date without a digit: the question is not parsed again)
    stated = figures("".join(t.surface for t in toks))  # in context: 「1件あたり」 is a basis, not a figure
    i = 0
    while i < len(out):
        if out[i].role != "S":
            i += 1
            continue
        j = i
        while j < len(out) and out[j].role == "S":
            j += 1
        text = AROUND_FIGURE.sub("", "".join(t.surface for t in out[i:j]))
        if text in stated:
            out[i:j] = [replace(t, role="V") for t in out[i:j]]
        elif any(t.role == "S" for t in out[:i]) and (k := _date_prefix(out, i, j)):
            # a date opening what is said of a measure named before it (「…法案は第220回国会に出す」) is
            # asserted too (a date opening the measure's own name, 「2027年国際園芸博覧会は」, is not)
            out[i:k] = [replace(t, role="V") for t in out[i:k]]
        i = j
    return out


def _date_prefix(toks: Sequence[Token], i: int, j: int) -> int | None:
    """The end of the date that opens the run toks[i:j] (第220回 of 第220回国会), if one does and words follow."""
    text = ""
    for k in range(i, j - 1):
        text += toks[k].surface
        if any(d == text for d in years(text)):
            return k + 1
    return None


def owner_asserted(toks: Sequence[Token]) -> bool:
    """Whether the words say of a measure that a ministry owns it: a subject, the topic particle, then a
    ministry read as a subject (「Xは△△省の施策」)."""
    for i, t in enumerate(toks):
        if t.form == "は" and t.pos[0] == "助詞" and any(x.role == "S" and not ministry_of(x.surface) for x in toks[:i]):
            return any(x.role == "S" and ministry_of(x.surface) for x in toks[i + 1:])
    return False


# the restrictive particles (the closed class that says "only this"; など, まで and the other 副助詞 do not)
RESTRICTIVE = ("だけ", "のみ", "しか")


def owners_asked(toks: Sequence[Token]) -> list[Claim]:
    """The ministries a question about an owner names beside its measure (「所管は経産省？」「環境省と経産省の
    どちら？」): the owners it asks about, to be checked, whatever role the tagger gave them."""
    seen: list[str] = []
    for t in toks:
        if t.role in ("S", "V") and (name := ministry_of(t.surface)) and name not in seen:
            seen.append(name)
    text = "".join(t.surface for t in toks if t.role in ("S", "V"))
    for _, _, name in ministry_spans(text):
        if name not in seen:
            seen.append(name)
    # a restrictive particle right after a ministry (「経産省だけで」「国交省と環境省のみ」), or English "only",
    # asserts the named ones are all there are
    only = any(ministry_of(t.surface) and i + 1 < len(toks) and toks[i + 1].form in RESTRICTIVE
               for i, t in enumerate(toks)) or any(t.form == "only" for t in toks)
    return [Claim("owner", m, "ministry", only) for m in seen]


def _runs(toks: Sequence[Token]) -> list[str]:
    """The texts of the runs of V words (adjacent words joined as written). An era name or an English month
    written just before a value is part of it (令和7年3月, June 2025), whatever role the tagger gave it."""
    runs: list[str] = []
    prev_end = -1
    for i, t in enumerate(toks):
        after = toks[i + 1] if i + 1 < len(toks) else None
        if after is not None and after.role == "V" and (t.surface in ERAS and after.start == t.end
                                                         or t.form in ENGLISH_MONTHS):
            t = replace(t, role="V")
        if t.role != "V":
            prev_end = -1
            continue
        if runs and t.start == prev_end:
            runs[-1] += t.surface
        elif runs and prev_end >= 0:
            runs[-1] += " " + t.surface
        else:
            runs.append(t.surface)
        prev_end = t.end
    return [r.strip() for r in runs if r.strip()]
