"""Conversations: how a question relates to the questions asked before it.

A question is read alone unless it lacks something the conversation supplies (issue 19):
- it points back (こ/そ/あ demonstratives, 当該/同/上記 before a noun, さっき/先ほど; in English it, its,
  this, that…) or narrows an earlier answer (そのうち, その中で, どっち): it takes the earlier topic;
- it has no subject of its own (「目標は？」「所管はどこ？」: nothing but what is asked): it takes the
  earlier topic;
- its subject is not its own (no noun of it that few sheets use is on its best sheet and not on the
  topic's, and it names nothing the documents do not know) while the question read with the topic
  lands on the topic's sheet, or alone lands close to it: it takes the earlier topic.
Otherwise it stands alone; a name like J4CE or SAF on its best sheet is enough. A question that is only
a new subject (「銅は？」「下水汚泥のほうは？」"What about copper?") stands alone and takes the earlier
question's aspect (the target, the schedule, the owner, a number).

The conversation's state is read from the earlier questions in order, each by the same rules: the
topic is the first sheet of the latest question that stood alone, the aspect the latest one asked.
Retrievals are cached by the retriever, so a conversation is not searched again turn after turn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answer import intent as intent_mod
from assistant.models import Retrieval, SheetHit
from assistant.text.japanese import content_nouns, words
from assistant.text.normalize import nfkc

# Japanese refers back with the こ/そ/あ demonstratives (この, その, あの, これ, それ, そこ — 連体詞 and
# 代名詞 in SudachiPy) and with the anaphoric prefixes 当該, 同, 上記 before a noun; これまで and
# それまで mean "until now/then" and refer to no earlier topic
ANAPHORIC_PREFIXES = ("当該", "同", "上記")
# time nouns that point at the conversation itself (「さっきの施策」): the language's closed set
EARLIER = ("さっき", "先ほど", "先程", "前述")
# English refers back with its pronouns and demonstratives (closed classes of the language)
ENGLISH_BACK = re.compile(r"\b(?:it|its|this|that|these|those|they|them|their|same|above)\b", re.IGNORECASE)
# English asks for the earlier aspect of a new subject with "what about X", "how about X", "and X?"
ENGLISH_BARE = re.compile(r"^\s*(?:and\s+|what\s+about\s+|how\s+about\s+)(.+?)\s*\??\s*$", re.IGNORECASE)
# A question's own words pick out a sheet when that sheet (and not the topic's) holds one of its
# subject nouns that at most 1 in e^SUBJECT_IDF sheets use. Fitted by scripts/kfold.py (5-fold over
# the follow-ups of dev, dev2, the paraphrases and blind3, and every single-turn question of those
# sets asked after an unrelated one; BENCHMARKS.md has the folds): 0.0–0.75 tie on every fold, 0.5 sits
# inside that plateau, away from 1.0 where the score starts to fall.
SUBJECT_IDF = 0.5
NEAR = 3  # "near the topic": among the topic question's best three sheets


def points_back(question: str) -> bool:
    """Whether the question refers to something said before (その目標, これ, 当該事業, さっきの). A
    demonstrative after the question has named its own subject refers inside the question
    (「…自治体数の最新値と、それに対する評価」, "Japan's SAF target for its airlines")."""
    q = nfkc(question).strip()
    subject = set(intent_mod.subject_terms(q))
    if not intent_mod.is_japanese(q):
        m = ENGLISH_BACK.search(q)
        return m is not None and not subject & set(content_nouns(q[:m.start()]))
    ms = words(q)
    for i, (surface, pos, _) in enumerate(ms):
        nxt = ms[i + 1] if i + 1 < len(ms) else ("", ("",), "")
        back = (pos[0] in ("連体詞", "代名詞") and surface[:1] in ("こ", "そ", "あ") and nxt[0] != "まで"
                or surface in ANAPHORIC_PREFIXES and nxt[1][0] == "名詞" or surface in EARLIER)
        if back:
            return not _named_before(ms[:i], subject)
    return False


def narrows(question: str) -> bool:
    """Whether the question chooses among the items of the earlier answer: a demonstrative before
    うち/中 (そのうち, その中で, このうち), or a pronoun of choice (どっち, どちら) with no
    alternatives named before it (「AとBのどちらの事業か」 chooses between its own A and B)."""
    q = nfkc(question).strip()
    ms = words(q)
    subject = set(intent_mod.subject_terms(q))
    for i, (surface, pos, form) in enumerate(ms):
        if pos[0] == "代名詞" and surface.startswith("ど") and form in ("何方", "どっち", "どちら"):
            return not _named_before(ms[:i], subject)
        if (pos[0] == "連体詞" and surface[:1] in ("こ", "そ", "あ") and i + 1 < len(ms)
                and ms[i + 1][0] in ("うち", "内", "中", "なか")):
            return not _named_before(ms[:i], subject)
    return False


def _named_before(morphemes, subject: set[str]) -> bool:
    """Whether one of the question's subject nouns comes before this point of it."""
    return bool(subject & set(content_nouns("".join(m[0] for m in morphemes))))


# the parts of speech of a bare noun phrase (「不適正スクラップヤードの規制のほう」); what may end it
_PHRASE_POS = ("名詞", "接頭辞", "接尾辞", "形状詞", "補助記号", "空白")
_BARE_END = ("は", "も", "って", "なら", "わ", "では", "だと", "の場合", "では")


def bare_subject(question: str) -> bool:
    """Whether the question is only a subject with a topic particle: 「銅は？」「下水汚泥のほうは？」
    「農林漁業循環経済だと？」"What about copper?" — it names what, not what is asked of it."""
    q = nfkc(question).strip()
    if intent_mod.aspect_spans(q):
        return False  # it says what it asks (「木材の目標は？」)
    if not intent_mod.is_japanese(q):
        return bool(ENGLISH_BARE.match(q))
    ms = list(words(q))
    while ms and ms[-1][1][0] == "補助記号":
        ms.pop()
    while ms and ms[0][1][0] in ("接続詞", "感動詞", "補助記号"):
        ms.pop(0)  # じゃあ, では, あ、
    ending = ""
    while ms and (ms[-1][1][0] in ("助詞", "助動詞")):
        ending = ms.pop()[0] + ending
    if ending not in _BARE_END or not ms:
        return False
    nouns = 0
    for surface, pos, _ in ms:
        if pos[0] == "助詞" and surface == "の":
            continue
        if pos[0] not in _PHRASE_POS or pos[0] == "名詞" and pos[1] == "代名詞":
            return False
        nouns += pos[0] == "名詞"
    return nouns > 0


@dataclass(frozen=True)
class Topic:
    """What a conversation is about: the question that set it and its ranking."""

    question: str
    retrieval: Retrieval
    intent: intent_mod.Intent

    @property
    def hit(self) -> SheetHit:
        """The topic's sheet: the best hit of the question that set it."""
        return self.retrieval.hits[0]


@dataclass(frozen=True)
class State:
    """The conversation so far: the latest topic and the latest aspect asked (with the question that
    asked it)."""

    topic: Topic | None = None
    aspect: intent_mod.Intent | None = None
    aspect_question: str = ""


@dataclass
class Reading:
    """How one question was read: alone, or as a follow-up of `topic` (and what it took from the
    conversation: "topic", "aspect", "items"), with the intent and the question it is answered by."""

    question: str
    intent: intent_mod.Intent
    retrieval: Retrieval
    topic: Topic | None = None
    carried: tuple[str, ...] = ()
    query: str = ""  # the question as answered (the aspect's words added when the aspect is carried)
    listed: list[str] = field(default_factory=list)  # the earlier list answer's sheets, when narrowed

    @property
    def followup(self) -> bool:
        """Whether the question was read as continuing the earlier topic."""
        return self.topic is not None

    @property
    def aspect(self) -> str:
        """What the answer gives (target, schedule, ministry…), asked or carried."""
        return self.intent.kind


class Reader:
    """Reads questions in their conversation. `retrieve(query)` is the (cached) retriever, `lines`
    the LineIndex (sheet frequencies), `listing(topic)` the sheets an earlier which-measure answer
    listed."""

    def __init__(self, retrieve, lines, listing=None):
        self.retrieve = retrieve
        self.lines = lines
        self.listing = listing

    def confident(self, question: str, own: Retrieval, topic: Topic) -> bool:
        """Whether the question's subject is its own, not the topic's: a subject noun few sheets use
        (inverse sheet frequency ≥ SUBJECT_IDF) is on its own first sheet and not on the topic's, or
        it names something the topic's sheet never does (a proper noun or Latin name on its first
        sheet, a word no sheet uses). Nouns the topic's sheet holds say nothing either way. An English
        question with a subject of its own stands alone: its words are not the documents' words,
        so they cannot be looked up."""
        if not own.hits:
            return True
        if not intent_mod.is_japanese(question):
            return True  # points_back and the empty subject were checked before
        held = self.lines.sheet_tokens.get(own.hits[0].sheet.id, set())
        on_topic = self.lines.sheet_tokens.get(topic.hit.sheet.id, set())
        for term, name in intent_mod.subject_terms(question, names=True):
            if term not in self.lines.sheet_idf and len(term) > 1:
                return True  # a word no sheet uses (a name, a coined short form): not the topic's
            if term in on_topic:
                continue  # the topic's word as much as any other sheet's
            if term in held and (name or self.lines.sheet_idf[term] >= SUBJECT_IDF):
                return True
        return False

    def read(self, question: str, state: State) -> Reading:
        """One question against the conversation so far."""
        it = intent_mod.detect(question)
        topic = state.topic
        if topic is None or not topic.retrieval.hits:
            return Reading(question, it, self.retrieve(question), query=question)
        if points_back(question) or narrows(question) or not intent_mod.subject_terms(question):
            return self.follow(question, it, state)
        own = self.retrieve(question)
        if self.confident(question, own, topic):
            if bare_subject(question) and not it.aspects and state.aspect is not None:
                return self.carry_aspect(question, it, own, state)
            return Reading(question, it, own, query=question)
        combined = self.retrieve(f"{topic.question} {question}")
        on_topic = bool(combined.hits) and combined.hits[0].sheet.id == topic.hit.sheet.id
        near = bool(own.hits) and own.hits[0].sheet.id in [h.sheet.id for h in topic.retrieval.hits[:NEAR]]
        if on_topic or near:  # read with the topic it lands there, or alone it lands close by
            return self.follow(question, it, state, combined)
        return Reading(question, it, own, query=question)

    def follow(self, question: str, it, state: State, combined: Retrieval | None = None) -> Reading:
        """A follow-up: the topic's sheet leads, the rest as the question read with the topic ranks
        them; a question that asks nothing of its own takes the earlier aspect."""
        topic = state.topic
        assert topic is not None, "a follow-up has a topic"
        combined = combined or self.retrieve(f"{topic.question} {question}")
        carried = ["topic"]
        # the topic's words pick the line of a sheet that covers many things (an indicator's row of
        # a table); on a measure's own sheet they are its title's words, which count little there
        query = f"{question} {topic.question}"
        if not it.aspects and state.aspect is not None and state.aspect.aspects:
            it = intent_mod.carry(it, state.aspect)
            query = f"{query} {intent_mod.aspect_words(state.aspect_question)}".strip()
            carried.append("aspect")
        retrieval = topic_first(combined, topic.hit)
        listed: list[str] = []
        if narrows(question) and self.listing is not None and topic.intent.kind == "which_measure":
            listed = self.listing(topic)
            if len(listed) > 1:  # choose among the measures listed: they lead, in the question's order
                own = self.retrieve(question)
                order = {h.sheet.id: i for i, h in enumerate(own.hits)}
                keep = {h.sheet.id: h for h in combined.hits + topic.retrieval.hits}
                lead = sorted((keep[s] for s in listed if s in keep), key=lambda h: order.get(h.sheet.id, 99))
                rest = [h for h in combined.hits if h.sheet.id not in listed]
                retrieval = replace(combined, hits=lead + rest, topic_hit=lead[0] if lead else None)
                carried.append("items")
        return Reading(question, it, retrieval, topic, tuple(carried), query, listed)

    def carry_aspect(self, question: str, it, own: Retrieval, state: State) -> Reading:
        """A new subject alone (「銅は？」): its own sheets, asked what the earlier question asked."""
        assert state.aspect is not None, "an aspect is carried only when there is one"
        merged = intent_mod.carry(it, state.aspect)
        query = f"{question} {intent_mod.aspect_words(state.aspect_question)}".strip()
        return Reading(question, merged, own, None, ("aspect",), query)

    def state_after(self, history: list[str], limit: int = 4) -> State:
        """The conversation's state after the earlier questions (the last `limit` of them: a topic
        set further back has been replaced or carried by then)."""
        state = State()
        for question in history[-limit:]:
            reading = self.read(question, state)
            state = self.advance(state, reading)
        return state

    @staticmethod
    def advance(state: State, reading: Reading) -> State:
        """The conversation state after `reading`: its topic when it found one, its aspect when it asked one."""
        topic = reading.topic or (Topic(reading.question, reading.retrieval, reading.intent)
                                  if reading.retrieval.hits else state.topic)
        if reading.intent.aspects:
            aspect_q = state.aspect_question if "aspect" in reading.carried else reading.question
            return State(topic, reading.intent, aspect_q)
        return State(topic, state.aspect, state.aspect_question)


def topic_first(result: Retrieval, topic: SheetHit) -> Retrieval:
    """The earlier topic's sheet leads; the rest follow as the follow-up's own query ranks them (a new
    Retrieval: the retriever's cached one is not changed)."""
    by_id = {h.sheet.id: h for h in result.hits}
    lead = by_id.get(topic.sheet.id, topic)
    return replace(result, hits=[lead] + [h for h in result.hits if h.sheet.id != topic.sheet.id], topic_hit=lead)
