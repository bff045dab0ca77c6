"""Figures and dates in text, read from SudachiPy's numerals and counters: the one home of the year
pattern, of what counts as a figure (a numeral with its counter: 22港, 4.6兆円, 30%) and of whether a text
states a date in either calendar (2026年度 = 令和8年度 = R8年度)."""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.era import western, year_forms
from assistant.text.japanese import words
from assistant.text.normalize import char_type, nfkc, norm

NUMBER = re.compile(r"[0-9０-９][0-9０-９,，.．]*")
# a date the documents write: a western or era year (fiscal or not), a session of the Diet, a span of
# months, a month, a decade
# a year or a span of years as a target or a value prints its date (2030年度, 令和7年度末, 2025～2030年)
YEAR_SPAN = re.compile(r"(?:(?:19|20)[0-9]{2}|令和\s*[0-9]+|R[0-9]+)\s*年度?末?"
                       r"(?:\s*[～~〜-]\s*(?:(?:19|20)[0-9]{2}|令和\s*[0-9]+|R[0-9]+)?\s*年度?末?)?")
YEAR = re.compile(r"(?:19|20)\d\d年度?|令和\s*\d+\s*年度?|R\d+年?|第\s*\d+\s*[回次]|\d+\s*年\s*\d*\s*(?:か月|ヶ月|カ月|箇月)"
                  r"|\d+\s*月|\d+年代")
_ERA = re.compile(r"^(?:(?P<western>(?:19|20)\d\d)|(?P<era>令和|平成|R|H)(?P<year>\d+))(?P<suffix>年度?|)$")
# counters that make a date, not a quantity
DATE_COUNTERS = {"年", "年度", "月", "日", "年代"}
# one unit, two spellings: a number answers only when its counter is the asked one
UNIT_ALIASES = {"パーセント": "%", "割": "%", "％": "%", "t": "トン", "名": "人", "万人": "人", "m3": "m³", "㎥": "m³"}
# the unit an asked noun stands for (a share is in %, an amount of money in 円): 割合, 比率, …率, いくら,
# …額, 予算, 費用
ASKED_UNITS = {"割合": "%", "率": "%", "いくら": "円", "額": "円", "予算": "円", "費用": "円"}


def asked_unit(noun: str) -> str | None:
    """The unit a noun asks a figure in (補助率 → %, 上限額 → 円), or None."""
    return next((u for word, u in ASKED_UNITS.items() if noun == word or (len(noun) > 1 and noun.endswith(word))), None)


def names_what(noun: str) -> bool:
    """Whether a noun that asks a unit also says of what (補助率, 利用率, 上限額, 予算), not only the kind of
    figure (比率, 割合, 金額): more than one character before its unit word, or a word of its own."""
    word = next((w for w in ASKED_UNITS if noun.endswith(w)), None)
    return word is not None and (noun == word and len(word) > 1 and asked_unit(noun) == "円"
                                 or len(noun) - len(word) > 1)


def unit(form: str) -> str:
    """A counter in its one spelling (割 and パーセント are %)."""
    return UNIT_ALIASES.get(form, form)


def _name_or_note_digit(ms, i: int) -> bool:
    """A digit inside a name (J4CE; a numeral written between two katakana words, the second no counter:
    ローカル10,000プロジェクト) or after a footnote mark (*1: the note's number, not a figure; ※ before a
    figure only sets a remark apart: 「※17分野」)."""
    if i > 0 and i + 1 < len(ms) and char_type(ms[i - 1][0]) == char_type(ms[i + 1][0]) == "kata" \
            and ms[i + 1][1][2] != "助数詞可能":
        return True
    j = i - 1
    while j > 0 and ms[j][1][0] == "空白":  # a name's number written after a space (「EXPO 2027」)
        j -= 1
    return i > 0 and (ms[j][0][-1:].isascii() and ms[j][0][-1:].isalpha() or ms[i - 1][0] == "*")


def quantities(text: str) -> frozenset[str]:
    """The counters that follow a numeral in `text` (22港 → 港, 1万人 → 人, 379億円 → 円, 30% → %);
    a bare numeral counts as ''. Enumerators (1. ①), dates and digits inside names (J4CE) are none."""
    return _quantities(nfkc(text)[:2000])


def _fraction(ms, i: int) -> int | None:
    """Where a fraction that starts at word i ends (2/3, 3分の2: a share, as a rate is), or None: two short
    numerals joined by a slash, or by 分の; not a date (2025/11/25), a slash after a slash."""
    def short_numeral(j: int) -> bool:
        return 0 <= j < len(ms) and ms[j][1][1] == "数詞" and ms[j][0].isdigit() and len(ms[j][0]) <= 2

    if not short_numeral(i) or (i >= 1 and ms[i - 1][0] == "/"):
        return None
    if i + 2 < len(ms) and ms[i + 1][0] == "/" and short_numeral(i + 2) \
            and not (i + 3 < len(ms) and ms[i + 3][0] == "/"):
        return i + 3
    if i + 3 < len(ms) and ms[i + 1][0] == "分" and ms[i + 2][0] == "の" and short_numeral(i + 3):
        return i + 4
    return None


@lru_cache(maxsize=65536)
def _quantities(text: str) -> frozenset[str]:
    ms = words(text)
    out: set[str] = set()
    skip = 0
    for i, (surface, pos, _form) in enumerate(ms):
        if i < skip:
            continue
        if (end := _fraction(ms, i)) is not None:
            out.add("%")  # a share written as a fraction (補助率 2/3) is a share as 67% is
            skip = end
            continue
        if pos[1] != "数詞" or surface.startswith("何") or not any(ch.isdigit() or ch in "万億兆" for ch in surface):
            continue
        if _name_or_note_digit(ms, i):
            continue
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if nxt and nxt[1][0] in ("名詞", "接尾辞") and nxt[1][1] != "数詞":
            u = unit(nxt[2])
            if u not in DATE_COUNTERS:
                out.add(u)
        elif not (nxt and nxt[1][0] == "補助記号" and nxt[0] in ".)）"):
            out.add("")
    return frozenset(out)


FRACTION = re.compile(r"^(\d{1,2})/(\d{1,2})$|^(\d{1,2})分の(\d{1,2})$")
SPACED_MULTIPLIER = re.compile(r"(?<=\d)[ \u3000]+(?=[万億兆千])")


def figures(text: str) -> list[str]:
    """The figures a text states, as written: a numeral with its counter (4.6兆円, 1万人, 30%), not a
    date, not a digit inside a name, not a basis (「1件あたり」)."""
    # PDF text spaces a numeral from its multiplier (「約 1 万拠点」): one figure, as 「1万拠点」
    ms = words(SPACED_MULTIPLIER.sub("", nfkc(text)[:2000]))
    out = []
    skip = 0
    for i, (surface, pos, _form) in enumerate(ms[:-1]):
        if i < skip:
            continue
        if (end := _fraction(ms, i)) is not None:
            out.append("".join(w for w, _, _ in ms[i:end]))
            skip = end
            continue
        nxt = ms[i + 1]
        if pos[1] != "数詞" or surface.startswith("何") or not any(ch.isdigit() for ch in surface):
            continue
        if _name_or_note_digit(ms, i):
            continue
        after = ms[i + 2][0] if i + 2 < len(ms) else ""
        if nxt[1][0] in ("名詞", "接尾辞") and unit(nxt[2]) not in DATE_COUNTERS and after not in ("あたり", "当たり"):
            prefix = ms[i - 1][0] if i > 0 and ms[i - 1][1][0] == "接頭辞" else ""
            out.append(prefix + surface + nxt[0])
    return out


def bare_numbers(text: str) -> list[str]:
    """The numerals a text writes without a counter (「自治体数を150とする」 → 150): read as figures() reads
    them, those no noun or suffix follows; not an enumerator (1. 1)), not a digit inside a name (J4CE)."""
    ms = words(SPACED_MULTIPLIER.sub("", nfkc(text)[:2000]))
    out = []
    for i, (surface, pos, _form) in enumerate(ms):
        if pos[1] != "数詞" or surface.startswith("何") or not any(ch.isdigit() for ch in surface) or _name_or_note_digit(ms, i):
            continue
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if nxt is None or not (nxt[1][0] in ("名詞", "接尾辞") or nxt[0] in ".)）"):
            out.append(surface)
    return out


# a date written to the month (2026年2月, 令和8年4月): the grain of an event's date
MONTH_DATE = re.compile(r"(?:(?:19|20)\d\d|令和\s*\d+|R\d+)\s*年度?\s*\d{1,2}\s*月")


_MONTH_END = re.compile(r"(?<=年)\d{1,2}月$")  # the month of a date written to the month


def month_dates(text: str) -> list[str]:
    """The dates a text writes to the month, as written without spaces (2026年2月)."""
    return ["".join(m.group(0).split()) for m in MONTH_DATE.finditer(nfkc(text))]


def years(text: str) -> list[str]:
    """The dates a text writes, as written (2030年度, 令和8年, 第221回)."""
    return ["".join(m.group(0).split()) for m in YEAR.finditer(nfkc(text))]


# a year an English question pins: a bare western year or a fiscal one (the 2035 target, by 2030, FY2026), not
# one inside a name (「GREEN×EXPO 2027」: after a word in capitals)
_EN_YEAR = re.compile(r"(?<![\w×.-])(FY\s?)?((?:19|20)\d\d)(?![\w%]|[.,]\d)")
_NAME_BEFORE = re.compile(r"(?:[A-Z]{2,}|[×&])\s*$")


ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december")
_EN_MONTH_BEFORE = re.compile(r"(" + "|".join(ENGLISH_MONTHS) + r")\s*$", re.IGNORECASE)


def english_years(text: str) -> list[str]:
    """The dates an English text pins, as the documents write them (2035 → 2035年, FY2026 → 2026年度, June
    2025 → 2025年6月)."""
    plain = nfkc(text)
    out = []
    for m in _EN_YEAR.finditer(plain):
        if m.group(1) is None and _NAME_BEFORE.search(plain[:m.start()]):
            continue
        month = _EN_MONTH_BEFORE.search(plain[:m.start()]) if m.group(1) is None else None
        out.append(m.group(2) + ("年度" if m.group(1) else "年")
                   + (f"{ENGLISH_MONTHS.index(month.group(1).lower()) + 1}月" if month else ""))
    return out


def western_year(date: str) -> int | None:
    """The western year of a date as written (令和12年度 → 2030), or None when it names no year."""
    m = re.search(r"(19|20)\d\d", date)
    if m:
        return int(m.group(0))
    m = re.search(r"(令和|平成|R|H)\s*(\d+|元)", nfkc(date))
    return western(m.group(1), m.group(2)) if m else None


def holds(text: str, date: str) -> bool:
    """Whether `text` states the date, in either calendar (2026年度 = 令和8年度 = R8年度)."""
    t = norm(text)
    q = norm(date)
    month = _MONTH_END.search(q)  # a date to the month is held only with its month
    q = q[:month.start()] if month else q
    forms = {q}
    if m := _ERA.match(q):
        year = int(m.group("western")) if m.group("western") else western(m.group("era"), m.group("year"))
        forms |= year_forms(year, m.group("suffix"))
    if month:
        return any(f + month.group(0) in t for f in forms)
    return any(f in t for f in forms)


def same_figure(a: str, b: str) -> bool:
    """Whether two figures as written are the same (約3割 = 3割 = 30%, 2,600万 = 2600万, 50万トン = 50万t)."""
    return value_of(a) == value_of(b) and value_of(a) is not None


_KANJI = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SCALE = {"万": 1e4, "億": 1e8, "兆": 1e12, "千": 1e3}


def value_of(fig: str) -> tuple[float, str] | None:
    """A figure as (number, unit) in one spelling: 3割 → (30, %), 2.1万t → (21000, トン), 150 → (150, "")."""
    s = nfkc(fig).replace(",", "").replace("約", "").strip()
    part = FRACTION.match(s)
    if part:  # 2/3 → (66.67, %), 3分の2 → (66.67, %): the denominator first in the Japanese spelling
        a, b = (int(part.group(1)), int(part.group(2))) if part.group(2) else (int(part.group(4)), int(part.group(3)))
        return (round(100 * a / b, 2), "%") if b else None
    m = re.match(r"^([0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十])\s*([万億兆千]?)\s*(.*)$", s)
    if not m:
        return None
    num = float(_KANJI.get(m.group(1), 0) or m.group(1))
    num *= _SCALE.get(m.group(2), 1)
    u = unit(m.group(3).strip()) if m.group(3) else ""
    if m.group(3).strip() == "割":
        num, u = num * 10, "%"
    return round(num, 6), u
