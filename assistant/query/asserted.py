"""Whether a date or a figure that a question writes is asserted, a value it wants checked (「…は2027年5月
施行だよね」), or only says which value is meant (「2030年度の目標は50%だよね」: 2030年度). A fitted model
(weights/asserted.json) decides it from the words around the value: what follows it and what precedes
it, how far it stands from the end, how the sentence closes, and the role the tagger gave it. Only a
question that asks with no question word asserts values; the others' values qualify (read.py)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.models.request import Token
from assistant.query.features import word_class
from assistant.query.linear import LinearModel, bucket
from assistant.text.era import ERAS

ASSERTED = 0.5  # the model's probability above which a value is asserted
LEFT_EDGES = (1, 3, 6)  # how many words stand after the value (bins)


def value_spans(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """The runs of words that write a date or a figure: a number with the prefix before it (約, 第, an era
    name) and the counters after it (年, 月, 年度, %, 港), number after counter (2027年5月) kept as one."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i].pos[1] != "数詞":
            i += 1
            continue
        start = i
        while start > 0 and (toks[start - 1].pos[0] == "接頭辞" or toks[start - 1].surface in ERAS) \
                and toks[start - 1].end == toks[start].start:
            start -= 1
        j = i + 1
        while j < len(toks) and toks[j].start == toks[j - 1].end and (
                _counter(toks[j]) or toks[j].pos[1] == "数詞" and _counter(toks[j - 1])):
            j += 1
        spans.append((start, j))
        i = j
    return spans


def _counter(t: Token) -> bool:
    """A word that counts or dates the number before it (年, 年度, 月, %, 港, 者)."""
    return t.pos[2] == "助数詞可能" or t.pos[0] == "接尾辞" or t.surface in ("年度", "年代")


def span_features(toks: Sequence[Token], start: int, end: int) -> dict[str, float]:
    """The features of the value written by toks[start:end]."""
    n = len(toks)

    def at(k: int) -> Token | None:
        return toks[k] if 0 <= k < n else None

    words = [t for t in toks if t.pos[0] != "補助記号"]
    closing = [word_class(t) for t in words[-2:]]
    text = "".join(t.surface for t in toks[start:end])
    kind = "date" if any(t.surface in ("年", "年度", "月") for t in toks[start:end]) or text.startswith("第") \
        else "figure"
    return {
        "bias": 1.0, "kind=" + kind: 1.0, "role=" + toks[start].role: 1.0,
        "next=" + word_class(at(end)): 1.0, "next2=" + word_class(at(end)) + "_" + word_class(at(end + 1)): 1.0,
        "prev=" + word_class(at(start - 1)): 1.0,
        "left=" + str(bucket(n - end, LEFT_EDGES)): 1.0,
        "close=" + "_".join(closing): 1.0, "last=" + (closing[-1] if closing else "edge"): 1.0,
    }


def assert_values(toks: list[Token], model: LinearModel) -> list[Token]:
    """The words with each value the model reads as asserted marked V (a value the tagger marked V stays
    so: the tagger reads the whole question, this model only the words around the value)."""
    out = list(toks)
    for start, end in value_spans(toks):
        if model.yes(span_features(toks, start, end)) >= ASSERTED:
            out[start:end] = [replace(t, role="V") for t in out[start:end]]
    return out
