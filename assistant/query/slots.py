"""What a part asks for (its slot), from the fitted slot classifier (weights/slots.json) over the words
that are not its subject nor its framing: the asked nouns and interrogatives, the particles and endings
around them, with the subject collapsed to one placeholder so that what is asked is read the same of
any measure. The unit a number must carry and whether a start or an end is asked come from the grammar
(何 + a counter: 何港 → 港; a date asked with から or まで)."""
from __future__ import annotations

from collections.abc import Sequence

from assistant.models.request import Slot, Token
from assistant.query.linear import LinearModel
from assistant.text.figures import DATE_COUNTERS, unit

SUBJECT = "<S>"
VALUE = "<V>"


def sequence(toks: Sequence[Token]) -> list[str]:
    """The question as the slot model reads it: framing dropped, each subject run one placeholder, each
    asserted value one placeholder, every other word by its normalised form."""
    out: list[str] = []
    for t in toks:
        if t.role == "F":
            continue
        word = SUBJECT if t.role == "S" else VALUE if t.role == "V" else t.form.lower()
        if word in (SUBJECT, VALUE) and out and out[-1] == word:
            continue
        out.append(word)
    return out


def slot_features(toks: Sequence[Token]) -> dict[str, float]:
    """The slot model's features: the words (the asked ones marked), their pairs, the last words."""
    seq = sequence(toks)
    f: dict[str, float] = {"bias": 1.0}
    for t in toks:
        if t.role == "A":
            f["a=" + t.form.lower()] = 1.0
            f["ap=" + "/".join(t.pos[:2])] = f.get("ap=" + "/".join(t.pos[:2]), 0.0) + 1.0
    for w in seq:
        f["w=" + w] = 1.0
    for x, y in zip(seq, seq[1:], strict=False):
        f["b=" + x + "_" + y] = 1.0
    content = [w for w in seq if w not in ("?", "？", "。", ".", "、", " ")]
    for k in (1, 2, 3):
        if len(content) >= k:
            f[f"e{k}=" + content[-k]] = 1.0
    if counter(toks):
        f["asks_counter"] = 1.0
    if not any(t.role == "S" for t in toks):
        f["no_subject"] = 1.0
    return f


def slot_of(toks: Sequence[Token], model: LinearModel) -> tuple[Slot, float]:
    """The slot asked and the model's probability for it."""
    name, p = model.predict(slot_features(toks))
    return name, p  # type: ignore[return-value]


def counter(toks: Sequence[Token]) -> str | None:
    """The counter an interrogative numeral asks in (何港 → 港, 何万トン → トン, 何% → %), or None."""
    for i, t in enumerate(toks):
        if not t.surface.startswith("何"):
            continue
        if len(t.surface) > 1 and t.pos[0] == "名詞" and t.pos[1] != "数詞" and t.surface[1:] not in ("か", "の"):
            head = t.form[1:] if t.form.startswith("何") else t.surface[1:]  # Sudachi keeps 何人, 何回 whole
        elif i + 1 < len(toks) and toks[i + 1].pos[0] in ("名詞", "接尾辞") and toks[i + 1].pos[1] != "数詞":
            head = toks[i + 1].form
        else:
            continue
        if head and head not in DATE_COUNTERS:
            return unit(head)
    return None


def asked_when(toks: Sequence[Token]) -> str | None:
    """Whether a date is asked as a start (いつから, 何年度から) or an end (いつまで, 期限): the particle
    after an asked word."""
    for i, t in enumerate(toks[:-1]):
        if t.role != "A":
            continue
        nxt = toks[i + 1]
        if nxt.pos[0] == "助詞" and nxt.form == "から":
            return "start"
        if nxt.pos[0] == "助詞" and nxt.form == "まで":
            return "end"
    return None


def asked_label(toks: Sequence[Token]) -> str:
    """The noun the question asks by (所管, 創設団体, 目標), as written: the answer is labelled with it."""
    run = ""
    for t in toks:
        if t.role == "A" and t.pos[0] in ("名詞", "接尾辞", "接頭辞") and t.pos[1] != "数詞":
            run += t.surface
        elif run:
            break
    return run
