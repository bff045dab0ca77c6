"""What a part asks for (its slot), from the fitted slot classifier (weights/slots.json) over the words
that are not its subject nor its framing: the asked nouns and interrogatives, the particles and endings
around them, with the subject collapsed to one placeholder so that what is asked is read the same of
any measure. The unit a number must carry and whether a start or an end is asked come from the grammar
(何 + a counter: 何港 → 港; a date asked with から or まで)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from assistant.ingest.ministries import OWNER_LABELS, ministry_of
from assistant.models.request import Slot, Token
from assistant.query.linear import LinearModel
from assistant.text.figures import DATE_COUNTERS, asked_unit, names_what, unit

SUBJECT = "<S>"
VALUE = "<V>"


def sequence(toks: Sequence[Token]) -> list[str]:
    """The question as the slot model reads it: framing dropped, each subject run one placeholder, each
    asserted value one placeholder, every other word by its normalised form."""
    out: list[str] = []
    for t in toks:
        if t.role == "F" or t.pos[0] in ("補助記号", "空白"):
            continue
        word = SUBJECT if t.role == "S" else VALUE if t.role == "V" else t.form.lower()
        if word in (SUBJECT, VALUE) and out and out[-1] == word:
            continue
        out.append(word)
    return out


# what follows "which" when it stands for a choice among things (which of those, which one), a closed class
PARTITIVE = ("of", "one", "ones", "among")
CHOICE = ("代名詞", "*", "*", "*", "*", "*")  # SudachiPy's part of speech of どれ


def _choice(toks: Sequence[Token]) -> list[Token]:
    """The words with English "which" standing for a choice among things (which of those, which one, which
    of them: before of, one or a pronoun) read as the Japanese pronoun of choice どれ, which it is: "which"
    before a noun (which ministry) is どの, and asks what the noun names."""
    from assistant.query.tokens import english_pronoun  # (tokens reads question words with this module)

    out = list(toks)
    for i, t in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        if t.pos[0] == "英字" and t.form == "which" and (nxt.form in PARTITIVE or english_pronoun(nxt)):
            out[i] = replace(t, surface="どれ", form="どれ", pos=CHOICE)
    return out


def slot_features(toks: Sequence[Token]) -> dict[str, float]:
    """The slot model's features: the words (the asked ones marked), their pairs, the last words."""
    toks = _choice(toks)
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
    for i, t in enumerate(toks):
        if interrogative(t):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            # a question word with the particle of degree after it asks an amount (どれだけ, どのくらい)
            degree = nxt is not None and nxt.pos[1] == "副助詞" and nxt.form in ("だけ", "くらい", "位", "ほど", "程")
            stem = "いつ" if t.surface.startswith("いつ") else t.form  # いつ頃 asks what いつ asks
            f["q=" + stem + ("+程度" if degree else "")] = 1.0
    text = "".join(t.surface for t in toks if t.role != "F")
    if any(label in text for label in OWNER_LABELS):
        f["owner_label"] = 1.0  # the documents' own label for who runs a measure (創設団体, 実施主体)
    head = _head(toks)
    if head is not None:  # the last noun before the ending: what is asked as often as what about
        f["head=" + head.form] = 1.0
        f["headsuf=" + head.surface[-1:]] = 1.0
        f["headsuf2=" + head.surface[-2:]] = 1.0
    if not any(t.role == "S" for t in toks):
        f["no_subject"] = 1.0
    from assistant.query.framing import count_of, framing

    shape = framing(toks)
    if shape.count is not None or shape.format:
        f["format"] = 1.0  # 「3行で」「一言で」: a briefing is asked
    if count_of([t for t in toks if t.role == "A"]) is not None:
        f["count"] = 1.0  # 「3つの柱」「5つ挙げて」: the items of a list are asked
    return f


def _head(toks: Sequence[Token]) -> Token | None:
    """The last noun of the question outside its framing (「…の助成上限額は？」 → 上限額)."""
    for t in reversed(toks):
        if t.role != "F" and t.pos[0] in ("名詞", "接尾辞") and t.pos[1] not in ("数詞", "代名詞") and not interrogative(t):
            return t
    return None


def asking(toks: Sequence[Token]) -> list[Token]:
    """The words with every question word (and the counter after an interrogative numeral) marked as
    asked: a question word is what a question asks, whatever the tagger read (but in a framing clause
    before the question: 「何度もすみませんが、」)."""
    out = list(toks)
    framing = _framing_clause(toks)
    for i, t in enumerate(toks):
        if interrogative(t) and (t.role != "F" or not framing[i]):
            out[i] = replace(t, role="A")
            # the counter after an interrogative numeral (何港) and the noun after an interrogative
            # adnominal (どの規模, どんな国) are what is asked, not what it is asked about
            if t.pos[1] == "数詞" or t.pos[0] == "連体詞":
                j = i + 1
                while j < len(toks) and toks[j].pos[0] in ("名詞", "接尾辞") and toks[j].pos[1] != "数詞":
                    out[j] = replace(toks[j], role="A")
                    j += 1
                    if t.pos[1] == "数詞":
                        break
    return out


def _framing_clause(toks: Sequence[Token]) -> list[bool]:
    """For each word, whether it stands in a framing clause before the question: a clause (up to a comma or
    a conjunctive particle; the て of 〜ている, 〜てある… joins its auxiliary verb) that names nothing the
    tagger read as asked or asked about, followed by a clause that has a word of its own (not only the
    question's ending: 「…どう評価されていますか」 is one clause)."""
    from assistant.query.features import clauses

    out = [False] * len(toks)
    for start, end in clauses(toks, auxiliary_joins=True)[:-1]:
        content = any(t.pos[0] in ("名詞", "動詞", "形容詞", "副詞", "代名詞", "英字") and t.pos[1] != "非自立可能"
                      for t in toks[end:])
        if content and not any(t.role in ("S", "A", "V") for t in toks[start:end]):
            out[start:end] = [True] * (end - start)
    return out


# the slot model's probability, reading the noun as what is asked, above which it is one of the ways of
# asking it has learned (「所管は？」 is surely the owner; 「木材は？」 surely nothing)
KNOWN_ASKED = 0.8


# a bare subject is a short noun phrase: at most this many nouns (「じゃあ紙おむつのほうは？」)
BARE_NOUNS = 2


def bare_subject(toks: Sequence[Token], model: LinearModel) -> list[Token]:
    """A question that is only a short noun phrase with a particle (「木材は？」「じゃあ銅のほうは？」) names a
    subject, unless the slot model reads its noun as a way of asking it knows (「所管は？」): its nouns are the
    subject then, whatever the tagger read (a noun it never saw reads like an asked word before は)."""
    words = [t for t in toks if t.role != "F" and t.pos[0] not in ("補助記号", "空白")]
    if not words or any(t.pos[0] in ("動詞", "形容詞", "助動詞") or interrogative(t) for t in words):
        return list(toks)
    if any(t.pos[0] in ("連体詞", "代名詞") and t.surface[:1] in ("こ", "そ", "あ") for t in words):
        return list(toks)  # 「その予算は？」 points back: what it names is asked of the topic
    nouns = [t for t in words if t.pos[0] == "名詞" and t.pos[1] not in ("代名詞", "数詞") and t.pos[2] != "副詞可能"]
    if not nouns or len(nouns) > BARE_NOUNS or any(t.role == "V" for t in words):
        return list(toks)

    if any(t.role == "A" for t in nouns) and model.predict(slot_features(toks))[1] >= KNOWN_ASKED:
        return list(toks)
    return [replace(t, role="S") if t in nouns and t.role == "A" else t for t in toks]


def slot_of(toks: Sequence[Token], model: LinearModel) -> tuple[Slot, float]:
    """The slot asked and the model's probability for it."""
    name, p = model.predict(slot_features(toks))
    return name, p  # type: ignore[return-value]


AMOUNT_WORDS = ("いくら", "いくつ")  # the question words of amount (how much, how many)


def interrogative(t: Token) -> bool:
    """A question word (the language's closed class): 何 and the ど- words (どこ, どの, どれ, どう, どんな),
    いつ (and the nouns SudachiPy makes of it: いつ頃), 誰, いくら, いくつ; English wh-words (not one made
    indefinite: 誰かが, 何も)."""
    if t.pos[1] == "不定":
        return False
    return (t.surface.startswith("何") and (t.pos[0] == "代名詞" or t.pos[1] == "数詞")) \
        or (t.surface[:1] == "ど" and t.pos[0] in ("代名詞", "連体詞", "副詞", "形状詞")) \
        or t.surface in ("いつ", "誰", "だれ", *AMOUNT_WORDS) \
        or (t.surface.startswith("いつ") and t.pos[0] == "名詞") \
        or (t.pos[0] == "英字" and t.form in ("what", "which", "when", "how", "who", "where"))


def counter(toks: Sequence[Token]) -> str | None:
    """The unit a number is asked in: the counter after an interrogative numeral (何港 → 港, 何万トン → トン,
    何% → %), or the unit an asked noun names (割合 → %, 上限額 → 円), or None."""
    head = _head(toks)
    for t in toks:
        if (t.role == "A" or t is head) and (u := asked_unit(t.form) or asked_unit(t.surface)):
            return u  # (SudachiPy's form of いくら is 幾ら)
    for i, t in enumerate(toks):
        if not t.surface.startswith("何"):
            continue
        if len(t.surface) > 1 and t.pos[0] == "名詞" and t.pos[1] != "数詞" and t.surface[1:] not in ("か", "の"):
            counted = t.form[1:] if t.form.startswith("何") else t.surface[1:]  # Sudachi keeps 何人, 何回 whole
        elif i + 1 < len(toks) and toks[i + 1].pos[0] == "英字":  # 何mg/kg, 何kWh: a unit in Latin letters
            j = i + 2
            while j + 1 < len(toks) and toks[j].surface == "/" and toks[j + 1].pos[0] == "英字":
                j += 2
            counted = "".join(x.surface for x in toks[i + 1:j])
        elif i + 1 < len(toks) and toks[i + 1].pos[0] in ("名詞", "接尾辞") and toks[i + 1].pos[1] != "数詞":
            counted = toks[i + 1].form
        else:
            continue
        if counted and counted not in DATE_COUNTERS:
            return unit(counted)
    return None


def unit_noun(toks: Sequence[Token]) -> str | None:
    """The noun an amount of money or a rate is asked by (予算, 上限額, 補助率): what the figure must be a
    figure of (a budget is not any amount of money, a subsidy rate not any rate); None for a share named by
    its unit alone (割合, 率) or a counter (何港)."""
    head = _head(toks)
    for i, t in enumerate(toks):
        if not (t.role == "A" or t is head):
            continue
        u = asked_unit(t.form)
        # a one-character unit noun closes the compound before it (補助 + 率 → 補助率)
        noun = t.surface if len(t.surface) > 1 else toks[i - 1].surface + t.surface if i and \
            toks[i - 1].pos[0] == "名詞" and toks[i - 1].role == t.role else ""
        if noun and u is not None and names_what(noun):
            return noun
    return None


def subject_counter(toks: Sequence[Token]) -> str | None:
    """The noun a count is asked of (「回収拠点は何か所」 is answered by 「1万拠点」 as well): the last
    noun of the subject right before は, が or って."""
    for i in range(1, len(toks)):
        if toks[i].form in ("は", "が", "って") and toks[i].pos[0] == "助詞" and toks[i - 1].pos[0] in ("名詞", "接尾辞") \
                and toks[i - 1].role == "S":
            return unit(toks[i - 1].form)
    return None


def counted_noun(toks: Sequence[Token]) -> str | None:
    """What a count asked for counts: the noun before 数 in a compound asked of (来場者数 → 来場者,
    参加企業数 → 参加企業), framing aside."""
    for i, t in enumerate(toks):
        if t.role == "F" or t.pos[0] not in ("名詞", "接尾辞"):
            continue
        if t.surface.endswith("数") and len(t.surface) > 1 and t.pos[1] == "普通名詞" and t.surface != "数値":
            return t.surface[:-1]
        if t.surface == "数" and i > 0 and toks[i - 1].pos[0] == "名詞" and toks[i - 1].role != "F":
            j = i - 1
            while j > 0 and toks[j - 1].pos[0] == "名詞" and toks[j - 1].role == toks[i - 1].role:
                j -= 1
            return "".join(x.surface for x in toks[j:i])
    return None


def asks_who(toks: Sequence[Token]) -> bool:
    """Whether the question asks who or where: 誰, どこ, or どの before a noun (どの港, どの団体)."""
    for i, t in enumerate(toks):
        if t.role == "F":
            continue
        nxt = toks[i + 1].form if i + 1 < len(toks) else ""
        if t.surface in ("誰", "だれ") or (t.surface == "どこ" and nxt != "まで"):  # どこまで asks an extent
            return True
        if t.surface == "どの" and i + 1 < len(toks) and toks[i + 1].pos[0] == "名詞":
            return True
    return False


def asked_when(toks: Sequence[Token]) -> Literal["start", "end"] | None:
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


def perfect(toks: Sequence[Token]) -> bool:
    """Whether a predicate is in the past or the perfect (what has happened: 「認定された」「進んでいる」): the
    auxiliary た, the て form with いる after it, or the two contracted as the dictionary writes them (てる,
    normalised from でる too: 「進んでる」). The framing's predicates (「…って言われて困ってます」) are not the
    question's."""
    toks = [t for t in toks if t.role != "F"]
    return any(t.pos[0] == "助動詞" and t.form in ("た", "てる") for t in toks) or any(
        a.form == "て" and b.pos[0] == "動詞" and b.form == "居る" for a, b in zip(toks, toks[1:], strict=False))


def _asked_noun(t: Token) -> bool:
    """A word of a noun the question asks by (not a number)."""
    return t.role == "A" and t.pos[0] in ("名詞", "接尾辞", "接頭辞") and t.pos[1] != "数詞"


def asks_by(toks: Sequence[Token], model: LinearModel, slot: str) -> bool:
    """Whether the question asks the slot by what it names: it asks by no noun (誰がやってる？), or one of
    the nouns it asks by is a way of asking that slot: the slot model, fitted on how questions ask, weighs
    it for the slot above every other (所管 and 省庁 ask the owner, 要点 a summary). Nouns it never learned
    as that (会社, 拠点) ask for the thing they name, which the sheet may give."""
    asked = [t for t in toks if _asked_noun(t)]
    if not asked:
        return True
    for t in asked:
        weights = model.weights.get("a=" + t.form.lower())
        if weights is not None and model.classes[int(weights.argmax())] == slot:
            return True
    return False


def asks_the_owner_by(toks: Sequence[Token], model: LinearModel) -> bool:
    """Whether the question asks who is in charge: it names a ministry, or asks the owner by what it names
    (asks_by)."""
    return any(ministry_of(t.surface) for t in toks) or asks_by(toks, model, "owner")


def asked_label(toks: Sequence[Token]) -> str:
    """The noun the question asks by (所管, 創設団体, 目標), as written: the answer is labelled with it."""
    run = ""
    for t in toks:
        if _asked_noun(t):
            run += t.surface
        elif run:
            break
    return run
