"""What frames a question rather than asks it (the words the tagger marks F): an audience (a run that
ends in a suffix of purpose: 局長説明用, 議員向け), chatter, and the format asked for; the count of lines
or points is the numeral in a format run (3行で → 3, 一言で → 1)."""
from __future__ import annotations

from collections.abc import Sequence

from assistant.models.request import Framing, Token
from assistant.text.figures import DATE_COUNTERS

KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# the counters of statements (lines, points, a word): 「3行で」 asks a format, 「3割で」 states a value
STATEMENT_COUNTERS = ("行", "点", "言", "文")


def _degree(t: Token) -> bool:
    """A word of degree after a count (くらい, ほど: an adverbial particle; 程度, 以内, 前後: a noun that is no
    counter): 「3行程度で」 asks three lines as 「3行で」 does."""
    return t.pos[:2] == ("助詞", "副助詞") or t.pos[:2] == ("名詞", "普通名詞") and t.pos[2] != "助数詞可能"


def format_runs(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Where a count of lines or points is asked as the answer's format: a numeral with its counter and
    で after it (「2行で」「4点で」「一言で」, 「3行程度で」), wherever the tagger put it."""
    out = []
    for j in range(1, len(toks)):
        if toks[j].form != "で" or toks[j].pos[0] not in ("助詞", "助動詞"):
            continue
        # the count just before で, or before a word of degree there (一言 itself reads as a plain noun)
        for i in (j - 1, j - 2) if j >= 2 and _degree(toks[j - 1]) else (j - 1,):
            start = i
            while start > 0 and (toks[start - 1].pos[1] == "数詞" or (toks[start].pos[1] == "数詞"
                                                                    and toks[start - 1].pos[0] == "接頭辞")):
                start -= 1
            run = toks[start:i + 1]
            if count_of(run) is not None and run[-1].surface.endswith(STATEMENT_COUNTERS) \
                    and any(x.pos[1] == "数詞" or x.surface[:1] in KANJI_DIGITS for x in run):
                out.append((start, j + 1))
                break
    return out


def framing(toks: Sequence[Token]) -> Framing:
    """The question's framing, from its F runs (a format run, format_runs, is one whatever the tagger read)."""
    out = Framing()
    for run in _runs(toks):
        text = "".join(t.surface for t in run).strip(" 、,。")
        if not text:
            continue
        count = count_of(run, dates=False)
        if count is not None:
            out.format.append(text)
            out.count = out.count or count
            out.one_line = out.one_line or count == 1
        elif any(t.pos[0] == "接尾辞" and t.pos[1] == "名詞的" for t in run[1:]) and any(
                t.pos[0] == "名詞" for t in run):
            out.audience.append(text)
        else:
            out.chatter.append(text)
    return out


def count_of(run: Sequence[Token], dates: bool = True) -> int | None:
    """The number a run of words asks for: a numeral followed by a counter (3行, 二点, 一言, 4つ); with
    `dates` false, not a date's (a month told in chatter counts nothing the answer could have)."""
    for i, t in enumerate(run):
        digits = t.surface if t.surface.isdigit() else None
        value = int(digits) if digits and len(digits) <= 2 else KANJI_DIGITS.get(t.surface[:1]) \
            if t.pos[1] == "数詞" or (t.surface[:1] in KANJI_DIGITS and t.pos[0] == "名詞") else None
        if value is None:
            continue
        joined = t.surface[1:] if not digits else ""  # 三行: the counter is in the word
        counter = joined or (run[i + 1].surface if i + 1 < len(run) else "")
        if not dates and counter in DATE_COUNTERS:
            continue
        if t.surface[1:] or (i + 1 < len(run) and run[i + 1].pos[0] in ("名詞", "接尾辞")):
            return value
    return None


def _runs(toks: Sequence[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    for t in toks:
        if t.role == "F":
            current.append(t)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs
