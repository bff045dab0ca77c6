"""Whether a question asks yes or no of what it says (「…の事例は○○町だっけ？」「…で合ってる？」) rather than
asking for something (「…の事例を教えて」「…の事例は？」), decided by a fitted model (weights/yesno.json) from
how the sentence closes: its last words (particles and auxiliaries as written, other words by part of
speech and conjugation), a question mark, the language. A question with a question word asks for a value
whatever its close."""
from __future__ import annotations

from collections.abc import Sequence

from assistant.models.request import Token
from assistant.query.features import word_class
from assistant.query.linear import LinearModel

YES_NO = 0.5  # the model's probability above which a question asks yes or no


def yes_no_features(toks: Sequence[Token], english: bool) -> dict[str, float]:
    """The features of how the question closes."""
    words = [t for t in toks if t.pos[0] != "補助記号"]
    last = words[-3:]
    f: dict[str, float] = {"bias": 1.0}
    for k, t in enumerate(reversed(last)):
        f[f"w-{k}=" + word_class(t)] = 1.0
        if t.pos[0] in ("動詞", "助動詞") and len(t.pos) > 5:
            f[f"conj-{k}=" + t.pos[5].split("-")[0]] = 1.0
    f["close=" + "_".join(word_class(t) for t in last[-2:])] = 1.0
    f["mark=" + ("?" if toks and toks[-1].surface in ("?", "？") else "none")] = 1.0
    if english:
        f["english"] = 1.0
        f["en_first=" + (toks[0].form if toks else "")] = 1.0  # "Is", "Am", "Does": English asks yes or no first
    return f


def asks_yes_no(toks: Sequence[Token], english: bool, model: LinearModel) -> bool:
    """Whether the question (one with no question word) asks yes or no."""
    return model.yes(yes_no_features(toks, english)) >= YES_NO
