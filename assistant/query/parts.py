"""A question read into its parts: one per thing asked. Two asked slots of one subject (「目標と担当省庁を」)
are two parts when each run of asked words, read alone, asks a different slot; two subjects coordinated
under one slot (「AとB、それぞれの目標」) are two parts when the fitted split model (weights/split.json)
says so from what each subject finds alone (different sheets, each found nearly as well as the whole)
and whether the whole phrase is written somewhere as one name."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.ingest.ministries import ministry_of
from assistant.models.request import Part, Slot, Token
from assistant.query.claims import claims
from assistant.query.features import clauses
from assistant.query.framing import count_of
from assistant.query.linear import LinearModel
from assistant.query.slots import (
    AMOUNT_WORDS,
    asked_label,
    asked_when,
    asks_who,
    counted_noun,
    counter,
    interrogative,
    slot_features,
    slot_of,
    subject_counter,
    unit_noun,
)
from assistant.query.tokens import english_pronoun
from assistant.text.figures import DATE_COUNTERS, english_years, figures, years
from assistant.text.normalize import has_japanese

# a run of asked words stands as a part of its own when the slot model reads it with at least this
# probability (below it, the run only qualifies the question's slot: 「それぞれの」, 「2030年の」)
RUN_CONFIDENCE = 0.6
SPLIT = 0.5  # the split model's probability above which coordinated subjects are separate parts
# what may follow the last of coordinated subjects (「AとBの目標」「AとB、それぞれ」「AとBは」): the particles of a
# noun phrase that is the topic or holds what is asked; after で or に, と is "with" (「Bと共同で」)
CONJUNCT_ENDS = ("の", "は", "が", "を", "も", "って")

# top(queries) -> for each, [(sheet id, score)] best first; written(phrase) -> whether some sheet writes it as it is
Top = Callable[[list[str]], list[list[tuple[str, float]]]]
Written = Callable[[str], bool]


# the particles that join nouns (SudachiPy tags と as 格助詞 between nouns too) and English conjunctions:
# closed classes of the languages
JOINING = ("と", "や", "and", "vs", "versus", "or")


def is_coordinator(t: Token) -> bool:
    """A word that joins two phrases: と/や, a comma, a conjunction (及び), English "and"."""
    return (t.pos[0] == "助詞" and (t.pos[1] == "並立助詞" or t.form in JOINING)) \
        or (t.pos[0] == "補助記号" and t.pos[1] == "読点") or t.pos[0] == "接続詞" or t.form in JOINING


def _runs(toks: Sequence[Token], role: str) -> list[tuple[int, int]]:
    """Runs of words of one role; a subject run must name something (a noun that is not a pronoun or an
    adverbial noun such as それぞれ, or a Latin term)."""
    out, i = [], 0
    while i < len(toks):
        if toks[i].role == role:
            j = i
            while j < len(toks) and toks[j].role == role:
                j += 1
            dated = i > 0 and (toks[i - 1].pos[1] == "数詞" or toks[i - 1].form in DATE_COUNTERS) \
                and toks[i - 1].end == toks[i].start  # 「2035年時点」: 時点 belongs to the date
            if role != "S" or (any(names_something(t) for t in toks[i:j]) and not dated):
                out.append((i, j))
            i = j
        else:
            i += 1
    return out


def names_something(t: Token) -> bool:
    """A word that can name a subject: a noun that is not a pronoun, a numeral or an adverbial noun (それぞれ,
    初め), or a Latin term that is no pronoun."""
    return t.pos[0] == "英字" and not english_pronoun(t) \
        or (t.pos[0] == "名詞" and t.pos[1] not in ("代名詞", "数詞") and t.pos[2] != "副詞可能")


def text_of(toks: Sequence[Token], keep=("S", "A", "O")) -> str:
    """The words of the given roles, as written (spaces where words were apart)."""
    out, prev = "", None
    for t in toks:
        if t.role not in keep:
            continue
        if prev is not None and t.start > prev:
            out += " "
        out += t.surface
        prev = t.end
    return out.strip()


def _coordinated(toks: Sequence[Token], runs: list[tuple[int, int]]) -> bool:
    """Whether consecutive runs are joined only by coordinators (and particles of a noun phrase)."""
    for (_, end), (start, _) in zip(runs, runs[1:], strict=False):
        between = toks[end:start]
        if not between or not any(is_coordinator(t) for t in between):
            return False
        if any(t.role not in ("O", "A") for t in between):
            return False
    return True


def part(toks: Sequence[Token], slot: Slot, p: float, subject: str | None = None) -> Part:
    """A part over these words."""
    anchors = "".join(t.surface if t.role in ("A", "S") else " " for t in toks)
    return Part(subject=subject if subject is not None else text_of(toks, ("S",)), slot=slot,
                query=text_of(toks) or "".join(t.surface for t in toks), confidence=p,
                qualifiers=dates(toks),
                counter=counter(toks), when=asked_when(toks), label=asked_label(toks),
                units=[u for u in (subject_counter(toks),) if u], anchors=figures(anchors),
                places=[t.surface for t in toks if t.role != "F" and t.pos[:3] == ("名詞", "固有名詞", "地名")],
                count=asked_count(toks), counted=counted_noun(toks) or unit_noun(toks),
                asks_who=asks_who(toks))


def dates(toks: Sequence[Token]) -> list[str]:
    """The dates a part pins, framing aside: as Japanese writes them, or the years of an English question
    (its words rejoined with spaces: the 2035 target)."""
    said = "".join(t.surface if t.role in ("A", "S", "O") else " " for t in toks)
    if has_japanese(said):
        return years(said)
    return english_years(" ".join(t.surface if t.role in ("A", "S", "O") else "," for t in toks))


def _amount_asked(toks: Sequence[Token]) -> bool:
    """An asked question word of amount (いくら, いくつ) or an interrogative numeral with a counter that is not
    a date's (何件, 何トン): a figure is asked."""
    return any(t.role == "A" and (t.surface in AMOUNT_WORDS or t.pos[1] == "数詞" and interrogative(t))
               for t in toks) and not _date_asked(toks)


def _date_asked(toks: Sequence[Token]) -> bool:
    """An interrogative numeral with a date counter (何年度, 何月): a date is asked, whatever it is of."""
    from assistant.text.figures import DATE_COUNTERS

    return any(t.surface.startswith("何") and (t.surface[1:] in DATE_COUNTERS or (
        i + 1 < len(toks) and toks[i + 1].form in DATE_COUNTERS)) for i, t in enumerate(toks))


def parts(toks: Sequence[Token], slots: LinearModel, split: LinearModel | None = None,
          top: Top | None = None, written: Written | None = None, rare: Callable[[str], bool] | None = None) -> list[Part]:
    """The parts of a tagged question (one at least): each question of a message that asks two
    (「…はいつから？あと所要時間は？」) read on its own, a later one without a subject of its own asking
    of the earlier one's."""
    sentences = _sentences(toks)
    if len(sentences) > 1:
        out: list[Part] = []
        subject: list[Token] = []
        for sentence in sentences:
            own = [t for t in sentence if t.role == "S"]
            out += _sentence_parts(sentence if own or not subject else subject + sentence, slots, split, top,
                                   written, rare)
            subject = own or subject
        return out
    return _sentence_parts(toks, slots, split, top, written, rare)


def _sentences(toks: Sequence[Token]) -> list[list[Token]]:
    """The questions of a message that asks more than one: its runs of words each closed by a question
    mark and asking something of its own (an asked word or a question word), when every run is one (a
    sentence that adds a word to the question, 「…もあわせて教えてください。」, leaves it one question)."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for t in toks:
        current.append(t)
        if t.pos[0] == "補助記号" and t.surface in ("?", "？", "。", "．"):
            out.append(current)
            current = []
    if current and any(t.pos[0] not in ("補助記号", "空白") for t in current):
        out.append(current)
    questions = [s for s in out if s[-1].surface in ("?", "？") and any(t.role == "A" or interrogative(t) for t in s)]
    return questions if len(questions) > 1 and len(questions) == len(out) else [list(toks)]


def _sentence_parts(toks: Sequence[Token], slots: LinearModel, split: LinearModel | None, top: Top | None,
                    written: Written | None, rare: Callable[[str], bool] | None) -> list[Part]:
    """The parts of one question."""
    slot, p = slot_of(toks, slots)
    if slot == "owner" and not any(ministry_of(t.surface) for t in toks) and \
            any(c.kind in ("figure", "year") for c in claims(toks, "target")):
        # a figure or a year asserted is not an owner (「2030年に30港選ぶんだよね？」): of the slots a value is
        # claimed for, the one the model finds likeliest
        probs = slots.proba(slot_features(toks))
        slot = max(("target", "figure", "date"), key=lambda s: probs.get(s, 0.0))
        p = probs.get(slot, 0.0)
    if _date_asked(toks) and slot not in ("date", "items", "measures"):
        slot = "date"  # 「4.6兆円は何年度までの目標？」 asks the year of a target
    elif asked_count(toks) is not None and slot in ("figure", "target", "describe", "summary") \
            and not any(interrogative(t) for t in toks):
        slot = "items"  # 「重点分野を4つ挙げて」: a number of things named asks for the things
    elif _amount_asked(toks) and slot in ("summary", "describe", "reason", "owner"):
        slot = "figure"  # 「…支援にはいくら積まれていますか」 asks an amount (never who), whatever else it names
    whole = part(toks, slot, p)
    by_slot = _slot_parts(toks, slots, whole) or _clause_parts(toks, slots, whole)
    if len(by_slot) > 1:
        return by_slot
    if split is not None and top is not None and written is not None:
        by_subject = _subject_parts(toks, whole, split, top, written, rare)
        if len(by_subject) > 1:
            return by_subject
    return [whole]


def asked_count(toks: Sequence[Token]) -> int | None:
    """The number of items asked for with the asked words (「3つの柱」「4つ挙げて」)."""
    return count_of([t for t in toks if t.role == "A"])


def _asked_runs(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Runs of asked words, a noun phrase joined by の counting as one (「直近の実績値」)."""
    runs = _runs(toks, "A")
    merged: list[tuple[int, int]] = []
    for start, end in runs:
        if merged and start - merged[-1][1] == 1 and toks[start - 1].form == "の":
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _slot_parts(toks: Sequence[Token], slots: LinearModel, whole: Part) -> list[Part]:
    """One part per run of asked words that asks a slot of its own (「目標と所管」)."""
    runs = _asked_runs(toks)
    if len(runs) < 2 or not _coordinated(toks, runs):
        return []
    ending = [t for t in toks[runs[-1][1]:] if t.role == "O"]
    found: list[tuple[Slot, float, Sequence[Token]]] = []
    for start, end in runs:
        own = [t for t in toks if t.role == "S"] + list(toks[start:end]) + ending
        slot, p = slots.predict(slot_features(own))
        if p >= RUN_CONFIDENCE and all(slot != s for s, _, _ in found):
            found.append((slot, p, toks[start:end]))  # type: ignore[arg-type]
    if len(found) < 2:
        return []
    out = []
    for slot, p, run in found:
        asked = [t for t in toks if t.role != "A" or t in run]
        out.append(replace(part(asked, slot, p, whole.subject), qualifiers=whole.qualifiers))
    return out


def _clause_parts(toks: Sequence[Token], slots: LinearModel, whole: Part) -> list[Part]:
    """One part per clause that holds a question word of its own (「いつ始まり、対象は何になる？」), each read
    with the question's subject and without the other asking clauses; none when the clauses ask one slot."""
    asking = [(s, e) for s, e in clauses(toks) if any(interrogative(t) and t.role != "F" for t in toks[s:e])]
    if len(asking) < 2:
        return []
    found: list[tuple[Slot, float, list[Token]]] = []
    for start, end in asking:
        others = {i for s, e in asking if (s, e) != (start, end) for i in range(s, e)}
        own = [t for i, t in enumerate(toks) if i not in others or t.role == "S"]  # (the subject is shared)
        slot, p = slots.predict(slot_features(own))
        if all(slot != s for s, _, _ in found):
            found.append((slot, p, own))  # type: ignore[arg-type]
    if len(found) < 2:
        return []
    return [replace(part(own, slot, p, whole.subject), qualifiers=whole.qualifiers) for slot, p, own in found]


def split_features(toks: Sequence[Token], runs: list[tuple[int, int]], top: Top, written: Written) -> dict[str, float]:
    """What says whether coordinated subjects are separate parts: whether each alone finds another sheet,
    how well each alone is found against the whole, whether the whole phrase is one written name, and
    the asked and joining words."""
    subjects = [text_of(toks[s:e], ("S",)) for s, e in runs]
    whole = text_of(toks)
    found_whole, *alone = top([whole, *subjects])
    firsts = {a[0][0] for a in alone if a}
    best = found_whole[0][1] if found_whole else 0.0
    f = {"bias": 1.0, "different": float(len(firsts) == len(subjects)),
         "ratio": min((a[0][1] for a in alone if a), default=0.0) / best if best else 0.0,
         # two neighbouring subjects written together somewhere (「実施又は検討する自治体数」) are one name
         "named_whole": float(any(written("".join(t.surface for t in toks[a[0]:b[1]]))
                                  for a, b in zip(runs, runs[1:], strict=False)))}
    for s, e in zip(runs, runs[1:], strict=False):
        for t in toks[s[1]:e[0]]:
            f["c=" + t.form] = 1.0
    for t in toks:
        if t.role == "A":
            f["a=" + t.form] = 1.0
    return f


def _bracketed(toks: Sequence[Token]) -> list[bool]:
    """Whether each word is inside brackets or quotes."""
    out, depth = [], 0
    for t in toks:
        if t.pos[1] == "括弧開":
            depth += 1
        elif t.pos[1] == "括弧閉":
            depth = max(0, depth - 1)
        out.append(depth > 0)
    return out


def _subject_parts(toks: Sequence[Token], whole: Part, split: LinearModel, top: Top, written: Written,
                   rare: Callable[[str], bool] | None = None) -> list[Part]:
    """One part per coordinated subject, when the split model says they are separate."""
    # a coordinator the tagger read inside one subject (「鉄スクラップとアルミ」 as one run) still joins two
    # candidates; the split model and the phrases the plan writes decide whether they are one name
    inside = _bracketed(toks)  # a name in brackets (「…と…」, （…と…）) is one name
    toks = [replace(t, role="O") if t.role == "S" and t.pos[0] == "助詞" and is_coordinator(t) and not inside[i]
            and 0 < i < len(toks) - 1 and toks[i - 1].role == toks[i + 1].role == "S" else t
            for i, t in enumerate(toks)]
    runs = _runs(toks, "S")
    if len(runs) < 2 or not _coordinated(toks, runs):
        return []
    after = toks[runs[-1][1]] if runs[-1][1] < len(toks) else None
    if after is not None and after.pos[0] == "助詞" and after.form not in CONJUNCT_ENDS:
        return []  # 「AとBで進める」: と is "with" there, not "and"
    features = split_features(toks, runs, top, written)
    if features["named_whole"] or split.yes(features) < SPLIT:
        return []  # (subjects the plan writes together as one phrase are one name, whatever else)
    if rare is not None and not all(any(rare(t.surface) for t in toks[s:e]) for s, e in runs):
        return []  # a part's subject must pick something out (「2035年時点」's 時点 names nothing)
    asked = [t for t in toks if t.role != "S"]
    out = []
    for s, e in runs:
        own = sorted(list(toks[s:e]) + asked, key=lambda t: t.start)
        out.append(replace(part(own, whole.slot, whole.confidence), qualifiers=whole.qualifiers))
    return out
