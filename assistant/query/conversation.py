"""How a question relates to the earlier ones, from the fitted relation model (weights/relation.json): a new
question, a follow-up of the latest topic, a choice among the items the earlier answer listed, or a return
to an earlier topic over later ones. Its signals: whether the question points back (a demonstrative before
its own subject, SudachiPy's 連体詞 and 代名詞), names a subject of its own and where that subject's rare
words are written (on its own best sheet, on the latest topic's, on an earlier topic's), whether its own
best sheet is the topic's, how close it comes to the plan, whether the latest turn was declined, and its
words, which the fit weighs (not a list of cue words)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.models import Retrieval
from assistant.models.request import Conversation, Request, Token
from assistant.query.linear import LinearModel, bucket
from assistant.query.parts import names_something
from assistant.query.tokens import english_pronoun
from assistant.text.japanese import words
from assistant.text.normalize import norm

# a subject word picks out a sheet when at most 1 in e^RARE sheets write it (the earlier followup reader's
# SUBJECT_IDF, fitted by scripts/kfold.py)
RARE = 0.5
# the English demonstratives of what is at hand: they point back wherever they stand
PROXIMAL = frozenset({"this", "these"})
# the bins of the about model's probability the relation model reads (the about model's bound is 0.2; a
# follow-up without a subject of its own reads near 0)
ABOUT_EDGES = (0.01, 0.05, 0.1, 0.2, 0.5)


@dataclass
class Earlier:
    """An earlier question as it was read: its request, the sheets it was answered from (its topic's
    first), and whether it was about the plan."""

    question: str
    request: Request
    retrieval: Retrieval
    about: bool = True
    listed: list[str] = field(default_factory=list)  # the sheets its answer listed (a list of measures)
    topic_question: str = ""  # a follow-up: the question that set the topic it continued

    @property
    def topic(self) -> str | None:
        """The sheet it was about (its first hit)."""
        return self.retrieval.hits[0].sheet.id if self.retrieval.hits else None


def points_back(toks: Sequence[Token]) -> bool:
    """A demonstrative (こ/そ/あ 連体詞 or 代名詞, not これまで) or an anaphoric prefix before the question names
    a subject of its own; in English, a pronoun before it, or "this"/"these" anywhere (the measure at hand,
    wherever English puts it: "the year the law behind this sheet took effect")."""
    own = False  # an English subject named already: a pronoun after it is its own (the organisation that…, its)
    for i, t in enumerate(toks):
        if english_pronoun(t) and (not own or t.form in PROXIMAL):
            return True
        if t.role == "S" and t.pos[0] == "英字" and not english_pronoun(t):
            own = True
        if t.role == "S" and t.pos[0] == "名詞":
            return False
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.pos[0] in ("連体詞", "代名詞") and t.surface[:1] in ("こ", "そ", "あ") and not (nxt and nxt.form == "まで"):
            return True
        if t.pos[0] == "接頭辞" and nxt is not None and nxt.pos[0] == "名詞" and t.role != "S":
            return True
    return False


def among(toks: Sequence[Token]) -> bool:
    """A demonstrative before うち/中/なか: choosing among what was listed (「そのうち」「この中で」,
    "which of them")."""
    return any(t.pos[0] == "連体詞" and t.surface[:1] in ("こ", "そ", "あ") and nxt.pos[0] == "名詞"
               and nxt.pos[2] == "副詞可能" or t.surface.lower() in ("of", "among") and english_pronoun(nxt)
               for t, nxt in zip(toks, toks[1:], strict=False))


def narrows(toks: Sequence[Token]) -> bool:
    """Choosing among what was listed, or a pronoun of choice (どちら)."""
    return among(toks) or any(t.pos[0] == "代名詞" and t.surface.startswith("ど") for t in toks)


def bare(toks: Sequence[Token]) -> bool:
    """Whether the question is only a subject (「木材は？」「じゃあ銅のほうは？」"What about copper?"): nouns
    and particles, no verb, no question word, and a subject: it asks what was asked before, of it."""
    from assistant.query.slots import BARE_NOUNS, interrogative

    if any(t.role == "F" for t in toks):
        return False  # a framed request (「…、大臣レク用に3行で」) asks on its own
    words = [t for t in toks if t.pos[0] not in ("補助記号", "空白")]
    if not any(t.role == "S" and t.pos[0] in ("名詞", "英字") for t in words):
        return False
    english = [t for t in words if t.pos[0] == "英字"]
    if english and len(english) == len(words):  # "What about copper?", "And copper?": how it opens
        return words[0].form == "and" or [t.form for t in words[:2]] in (["what", "about"], ["how", "about"])
    nouns = [t for t in words if t.pos[0] == "名詞" and t.pos[1] not in ("代名詞", "数詞") and t.pos[2] != "副詞可能"]
    return len(nouns) <= BARE_NOUNS and not any(
        t.pos[0] in ("動詞", "形容詞", "助動詞") or interrogative(t) or t.role in ("A", "V") for t in words)


def _subject(toks: Sequence[Token]) -> list[Token]:
    return [t for t in toks if t.role == "S" and t.pos[0] in ("名詞", "英字") and t.pos[1] not in ("代名詞", "数詞")]


def _subject_words(req: Request, words_of, idf: Mapping[str, float]) -> list[list[str]]:
    """The question's subject in the documents' words, one group per word of the question: a Japanese word's
    tokens each alone, an English word's glosses together (alternatives: "retailer" is on a sheet that writes
    小売 or 小売業). For an English question the tagger finds no subject in, the plan's nouns that its words
    other than the asked ones gloss, where the word picks out a sheet as a subject word does (what a question
    asks by, "Which ministry…", "…the target", is not what it is about; the words the tagger took for framing
    may be: it reads English less well)."""
    if not req.english:
        return [[w] for t in _subject(req.tokens) for w in words_of(t.surface)]
    groups = [g for t in _subject(req.tokens) if (g := words_of(t.surface))]
    if not groups:
        groups = [g for t in req.tokens if t.role != "A" and (g := [w for w in words_of(t.surface) if _names_a_thing(w)])
                  and _weight(g, idf) >= RARE]
    return groups


def _weight(group: Sequence[str], idf: Mapping[str, float]) -> float:
    """How particular a word is: an English word's as its commonest gloss's (「率」 for "rate", not 「速度」)."""
    return min(idf.get(w, 0.0) for w in group)


def _names_a_thing(word: str) -> bool:
    """Whether a plan noun an English word glosses names a thing a question can be about: one word that can
    name a subject as in a Japanese question (parts.names_something: not 初め for "first", not 三 for "three"),
    and not an action (開始 for "start", 選定 for "selection": SudachiPy's サ変可能), which an English verb or
    noun of action glosses."""
    found = words(word)
    if len(found) != 1:
        return False
    surface, pos, form = found[0]
    return names_something(Token(surface, 0, len(surface), pos, form)) and pos[2] != "サ変可能"


def _share(groups: Sequence[Sequence[str]], sheet: set[str], idf: Mapping[str, float]) -> float:
    """The share of the words' (IDF) weight that a sheet's tokens hold, a group of alternatives weighing as its
    commonest and held when any of it is."""
    weights = [_weight(g, idf) for g in groups]
    total = sum(weights)
    return sum(x for x, g in zip(weights, groups, strict=True) if any(w in sheet for w in g)) / total if total else 0.0


def relation_features(req: Request, own: Retrieval, earlier: Sequence[Earlier], sheet_tokens: Mapping[str, set[str]],
                      idf: Mapping[str, float], words_of) -> dict[str, float]:
    """The relation model's features for a question after `earlier` (oldest first); `words_of(surface)` is a
    word of the question in the documents' words (an English one as the plan's nouns it glosses)."""
    f: dict[str, float] = {"bias": 1.0}
    toks = req.tokens
    latest = next((e for e in reversed(earlier) if e.about and e.topic), None)
    if latest is None:
        f["no_topic"] = 1.0
        return f
    words = _subject_words(req, words_of, idf)
    rare = [g for g in words if _weight(g, idf) >= RARE]
    own_top = own.hits[0].sheet.id if own.hits else None
    topic_tokens = sheet_tokens.get(latest.topic or "", set())
    own_tokens = sheet_tokens.get(own_top or "", set())
    f["points_back"] = float(points_back(toks))
    f["narrows"] = float(narrows(toks))
    f["no_subject"] = float(not words)
    f["english"] = float(req.english)
    f["unknown_subject"] = float(any(w not in idf for g in words for w in g if len(w) > 1))
    f["rare_off_topic"] = float(any(any(w in own_tokens for w in g) and not any(w in topic_tokens for w in g)
                                    for g in rare))
    f["on_topic"] = _share(words, topic_tokens, idf)
    f["on_own"] = _share(words, own_tokens, idf)
    f["own_is_topic"] = float(own_top is not None and own_top == latest.topic)
    f["topic_near"] = float(own_top is not None and own_top in [h.sheet.id for h in latest.retrieval.hits[:3]])
    f[f"close={bucket(own.closeness, (0.8, 0.84, 0.88))}"] = 1.0
    f["latest_declined"] = float(not earlier[-1].about)
    f["latest_listed"] = float(len(latest.listed) > 1)
    f["listed_own"] = float(own_top in latest.listed) if latest.listed else 0.0
    back = _returned(words, earlier, latest, sheet_tokens, idf)
    f["earlier_match"] = back[1]
    f["earlier_better"] = float(back[1] > f["on_topic"] + 0.2)
    f["has_claim"] = float(req.check)
    # a question that names a document or a chapter of its own (Ⅲ-2, 点検資料) says where it is: inside or
    # outside the latest topic's sheet
    topic_sheet = next((h.sheet for h in latest.retrieval.hits if h.sheet.id == latest.topic), None)
    scope = req.scope
    if topic_sheet is not None and (scope.document or scope.chapter):
        # (the 施策集's reference pages are of the 施策集: only the 点検 draft is the other document)
        elsewhere = bool(scope.document and (topic_sheet.kind == "inspection") != (scope.document == "inspection")) or bool(
            scope.chapter and norm(scope.chapter) not in norm(topic_sheet.section))
        f["scope_elsewhere" if elsewhere else "scope_here"] = 1.0
    # how likely the message, read alone, is about the plan at all (an off-topic message after a question
    # about the plan is new; 「それの担当は？」 alone is not about anything, and is a follow-up)
    f[f"about={bucket(req.about_p, ABOUT_EDGES)}"] = 1.0
    f["asks"] = float(any(t.role == "A" for t in toks))
    for t in toks:
        # (a number says nothing of how a message relates: a year is asked of a new subject as of the
        # latest one)
        if t.role in ("O", "A", "F") and t.pos[1] != "数詞":
            f["w=" + t.form.lower()] = 1.0
    return f


def _returned(words: Sequence[Sequence[str]], earlier: Sequence[Earlier], latest: Earlier, sheet_tokens, idf) -> tuple[int | None, float]:
    """The earlier question (not the latest topic's) whose sheet holds most of the question's subject."""
    best: tuple[int | None, float] = (None, 0.0)
    for i, e in enumerate(earlier):
        if e is latest or not e.about or not e.topic or e.topic == latest.topic:
            continue
        share = _share(words, sheet_tokens.get(e.topic, set()), idf)
        if share > best[1]:
            best = (i, share)
    return best


def relate(req: Request, own: Retrieval, earlier: Sequence[Earlier], model: LinearModel,
           sheet_tokens: Mapping[str, set[str]], idf: Mapping[str, float], words_of) -> Conversation:
    """The question's relation to the conversation (with the earlier turn it takes its topic from)."""
    if not any(e.about and e.topic for e in earlier):
        return Conversation()
    f = relation_features(req, own, earlier, sheet_tokens, idf, words_of)
    relation, p = model.predict(f)
    if relation == "follow" and f["rare_off_topic"] and not f["points_back"] and not f["narrows"]:
        # a question with a subject of its own (a word few sheets write, on its own best sheet and not on the
        # topic's) that does not point back is read on its own, whatever history came before
        return Conversation("new", None, p)
    if relation == "follow" and req.english and req.about and f["own_is_topic"] and f["asks"] \
            and not f["no_subject"] and not f["points_back"] and not among(req.tokens):
        # an English question about the plan that names its subject and asks of it, and finds the topic's sheet
        # by its own words, needs nothing of the conversation: read alone, it is answered as it is alone (the
        # model's English signals are the glosses' nouns, weaker than a Japanese question's own words)
        return Conversation("new", None, p)
    latest = max(i for i, e in enumerate(earlier) if e.about and e.topic)
    if relation == "follow" and among(req.tokens) and len(earlier[latest].listed) > 1:
        # the model reads whether it refers back; 「そのうち…」 after a list says how: among its items
        return Conversation("narrow", latest, p)
    if relation == "return":
        words = _subject_words(req, words_of, idf)
        turn, _ = _returned(words, earlier, earlier[latest], sheet_tokens, idf)
        if turn is None:
            return Conversation("follow", latest, p)
        return Conversation("return", turn, p)
    if relation in ("follow", "narrow"):
        return Conversation(relation, latest, p)  # type: ignore[arg-type]
    return Conversation("new", None, p)
