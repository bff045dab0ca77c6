"""The query stage's entry point: `QueryReader.read(question, history)` gives the Request, each choice made
by a fitted model (weights/): the words' roles (roles.json), whether a date or a figure is asserted
(asserted.json), whether the question asks yes or no (yesno.json), the slot of each part (slots.json),
whether coordinated subjects are separate parts (split.json), whether the message is about the plan
(about.json), and how it relates to the earlier questions (relation.json, assistant/query/conversation.py)."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.ingest.ministries import ministry_of, ministry_spans
from assistant.models import Retrieval
from assistant.models.request import Conversation, Part, Request, Token
from assistant.query.about import is_about
from assistant.query.asserted import assert_values
from assistant.query.claims import asserted_figures, claims, owner_asserted, owners_asked
from assistant.query.features import Vocabulary
from assistant.query.framing import format_runs, framing
from assistant.query.linear import LinearModel, load
from assistant.query.parts import RUN_CONFIDENCE, names_something, parts, text_of
from assistant.query.roles import compound_runs, tag
from assistant.query.scope import Scoper
from assistant.query.slots import (
    asking,
    asks_by,
    asks_the_owner_by,
    bare_subject,
    interrogative,
    slot_features,
)
from assistant.query.tokens import english_pronoun, tokens
from assistant.query.yesno import asks_yes_no
from assistant.text.normalize import has_japanese, nfkc, norm

MODELS = ("roles", "asserted", "yesno", "slots", "split", "about", "relation", "decline", "rerank")
RARE_WORD = 1.5  # the IDF_EDGES bin of a word on a few sheets (assistant/query/features.py)
QUOTED = re.compile(r"[『「“]([^』」”]{4,})[』」”]")


@dataclass(frozen=True)
class Models:
    """The query stage's fitted models, loaded from one folder."""

    roles: LinearModel
    asserted: LinearModel  # whether a date or a figure is asserted (assistant/query/asserted.py)
    yesno: LinearModel  # whether a question asks yes or no (assistant/query/yesno.py)
    slots: LinearModel
    split: LinearModel
    about: LinearModel
    relation: LinearModel
    decline: LinearModel  # used by the composer (assistant/answer/decline.py); fitted with these
    rerank: LinearModel  # which retrieved sheet a part is about (assistant/retrieve/rerank.py)

    @classmethod
    def load(cls, folder: str | None = None) -> Models:
        """The models in `folder` (default: the package's weights/)."""
        return cls(*(load(name, folder) for name in MODELS))


def search_text(req: Request) -> str:
    """What is searched for a whole question: its words without framing and asserted values (an English
    question whole: its words are not the documents' words, and meaning finds it)."""
    if req.english:
        return req.question
    return text_of(req.tokens) or req.question


def searches(req: Request) -> list[str]:
    """Every text searched for a question: the whole (search_text), then each of its parts, when it asks
    several (one call into the encoder for all of them)."""
    text = search_text(req)
    if len(req.parts) < 2 or req.english:
        return [text]
    return [text, *(p.query or text for p in req.parts)]


class QueryReader:
    """Reads questions into Requests. `retrieve(query)` is the (cached) retriever, `written(phrase)`
    whether some sheet writes a phrase as it is, `closeness(query, also)` how near a message is to the
    plan in meaning (the retriever's, without ranking it)."""

    def __init__(self, vocab: Vocabulary, scoper: Scoper, retrieve: Callable[[str], Retrieval],
                 written: Callable[[str], bool], models: Models | None = None,
                 retrieve_many: Callable[[list[str]], list[Retrieval]] | None = None,
                 respell: Callable[[str], str] | None = None,
                 closeness: Callable[..., float] | None = None):
        self.vocab = vocab
        # a word typed in kana, written as the documents write it before the question is read (the
        # glossary's readings): the tagger reads 「すくらっぷやーど」 as pieces, 「スクラップヤード」 as a noun
        self.respell = respell or (lambda text: text)
        self.scoper = scoper
        self.retrieve = retrieve
        self.retrieve_many = retrieve_many or (lambda queries: [retrieve(q) for q in queries])
        self.closeness = closeness or (lambda query, also=(): retrieve(query).closeness)
        self.written = written
        self.models = models or Models.load()

    def rare(self, word: str) -> bool:
        """Whether a word picks something out: few sheets write it (inverse sheet frequency of 1.5: about
        one sheet in five at most), or none does (a name the plan does not know)."""
        idf = self.vocab.idf(word)
        return idf is None or idf >= RARE_WORD

    def top(self, queries: list[str]) -> list[list[tuple[str, float]]]:
        """The sheets each query finds, best first, with their scores."""
        return [[(h.sheet.id, h.score) for h in found.hits[:5]] for found in self.retrieve_many(queries)]

    def read_alone(self, question: str) -> Request:
        """A question read on its own (no conversation)."""
        q = self.respell(nfkc(question).strip())
        m = self.models
        toks = self.tagged(tokens(q))
        english = not has_japanese(q)
        tagged = toks  # whether it is about the plan is read from the words as tagged
        # a sentence after the question that names and asks nothing, framing by the tagger (「…だっけ？急ぎで」), is
        # read apart from the question: the models weigh where a word stands from the end and how the question
        # ends, which chatter after it moves
        end = max((i for i, t in enumerate(toks[:-1]) if t.pos[:2] == ("補助記号", "句点")), default=None)
        after: list[Token] = []
        if end is not None and any(t.role == "F" for t in toks[end + 1:]) and not any(
                t.role in ("S", "A", "V") and (names_something(t) or t.pos[1] == "数詞" or interrogative(t))
                for t in toks[end + 1:]):
            toks, after = self.tagged(toks[:end + 1]), toks[end + 1:]
        toks = bare_subject(toks, m.slots)
        asks_value = any(interrogative(t) for t in toks if t.role != "F")
        if asks_value:  # a question that asks for a value with a question word asserts none: its values qualify
            toks = [replace(t, role="A") if t.role == "V" else t for t in toks]
        else:  # a figure read as a subject is a value asserted (「…は22港以上選ぶんだよね」): no measure is a figure
            toks = assert_values(asserted_figures(toks), m.asserted)
        asked = parts(toks, m.slots, m.split, self.top, self.written, self.rare)
        yes_no = not asks_value and asks_yes_no(toks, english, m.yesno)
        # 「Xは農水省の施策だっけ？」 says of a measure named before は that a ministry owns it (「農水省の施策は？」,
        # a ministry asked about with no measure before it, lists measures); so does 「…の実証事業、国交省が
        # やってるんだよね？」, a ministry said of a measure in a question asking yes or no with no value to check
        if not asks_value and asked[0].slot == "measures" and owner_asserted(toks) \
                or yes_no and asked[0].slot not in ("owner", "measures") and not any(t.role == "V" for t in toks) \
                and any(t.role == "S" and ministry_of(t.surface) for t in toks):
            toks = [replace(t, role="V") if t.role == "S" and ministry_of(t.surface) else t for t in toks]
            asked = [replace(p, slot="owner") for p in parts(toks, m.slots, m.split, self.top, self.written, self.rare)]
        if asked[0].slot == "owner" and not asks_the_owner_by(toks, m.slots) \
                or asked[0].slot == "summary" and not framing(toks).format and not asks_by(toks, m.slots, "summary"):
            # 「…を扱っている会社はどこ？」 asks which company, not who is in charge nor the sheet in brief
            asked = [replace(p, slot="describe") if p.slot in ("owner", "summary") else p for p in asked]
        owner = asked[0].slot == "owner"
        if owner and any(t.role == "S" and ministry_of(t.surface) for t in toks):
            # a ministry named beside a measure whose owner is asked is the owner asked about, not its subject
            toks = [replace(t, role="V") if t.role == "S" and ministry_of(t.surface) else t for t in toks]
            asked = parts(toks, m.slots, m.split, self.top, self.written, self.rare)
        # a document named beside the subject (「…、施策集と点検資料で」) is where to look, not a part of its own
        kept = [p for p in asked if not self.scoper.names_only_a_document(p.subject, self.rare)]
        asked = kept if kept and len(kept) < len(asked) else asked
        scope = self.scoper.scope(q)
        if scope.both:
            asked = self.per_document(q, toks, asked)
        said = owners_asked(toks) if owner else claims(toks, asked[0].slot)
        quoted = self.quoted_question(q)
        # 「局長に『…は何港？』と聞かれて」: what was asked is the question, when the message itself names no
        # subject; 「メモに『…は30港』とあるけど合ってる？」: the quotation's claims are what is checked
        if quoted is not None and (not said and not any(p.subject for p in asked) or len(quoted.claims) > len(said)):
            return quoted
        req = Request(q, list(toks) + after, asked, said, bool(said), framing(toks + after), scope, Conversation(),
                      english=english, yes_no=yes_no)
        # whether it is about the plan is read with the message's closeness (as written: the composer ranks
        # evidence by its vector too); what it searches is embedded in the same call and ranked next
        close = self.closeness(q, searches(req)) if norm(q) else 0.0
        req.about, req.about_p = is_about(tagged, self.vocab, close, m.about)
        return req

    def tagged(self, toks: Sequence[Token]) -> list[Token]:
        """The words with their roles, an English pronoun and the answer's format never the subject."""
        toks = asking(tag(toks, self.vocab, self.models.roles))
        # an English pronoun ("them", "its") points back (assistant/query/conversation.py): it names no subject
        toks = [replace(t, role="O") if t.role == "S" and english_pronoun(t) else t for t in toks]
        for start, end in format_runs(toks):  # 「2行で」 is the answer's format, not what is asked
            toks[start:end] = [replace(t, role="F") for t in toks[start:end]]
        return toks

    def per_document(self, q: str, toks: list[Token], asked: list[Part]) -> list[Part]:
        """What a question naming both documents asks of each. Where it speaks of each in a stretch of its
        own that names or asks something of its own (「点検の表では…の最新値、施策集の…は何件？」), each
        stretch, with what comes before the first (a subject for both), is read as one question of that
        document (one without an asked word asks what the question ends by); else the one thing asked is
        asked of each document (「施策集と点検資料で、…の目標は？」), and several things asked stay as they
        are."""
        stretches = self.scoper.stretches(q)
        prefix = [t for t in toks if stretches and t.end <= stretches[0][0]]
        own = [[t for t in toks if start <= t.start < end] for start, end, _ in stretches]

        def asks(piece: list[Token]) -> bool:  # a question word, or asked words that ask a slot of their own
            return any(interrogative(t) for t in piece) or any(t.role == "A" for t in piece) and \
                self.models.slots.predict(slot_features(prefix + piece))[1] >= RUN_CONFIDENCE

        if not stretches or not all((self.names_a_subject(piece) or asks(piece))
                                    and self.names_a_subject(prefix + piece) for piece in own):
            if len(asked) > 1:
                return asked
            # the words naming the documents say where to look, here as in a stretch (below): not searched for
            return [replace(asked[0], document=d, subject=self.scoper.without_documents(asked[0].subject),
                            query=self.scoper.without_documents(asked[0].query)) for d in ("measure", "inspection")]
        # the words naming a document say where to look: they are no subject (nor words to search for:
        # 「点検の…」 finds the sheets whose titles name the review)
        names = self.scoper.namings(q)
        document = {id(t) for i, j in compound_runs(toks)  # the whole compound that holds a name: 点検+資料
                    if any(s <= t.start and t.end <= e for t in toks[i:j] for s, e, _ in names) for t in toks[i:j]}

        def where(piece: list[Token]) -> list[Token]:
            return [replace(t, role="O") if t.role == "S" and id(t) in document else t for t in piece]

        last = max((i for i, t in enumerate(own[-1]) if t.role == "S"), default=-1)
        ending = own[-1][last + 1:]
        out: list[Part] = []
        for piece, (_, _, kind) in zip(own, stretches, strict=True):
            # one stretch is one question of its document: its subjects are not split into parts
            read = parts(where(prefix + piece + ([] if asks(piece) else ending)), self.models.slots)
            out += [replace(p, document=kind, subject=self.scoper.without_documents(p.subject),
                            query=self.scoper.without_documents(p.query)) for p in read]
        return out

    def names_a_subject(self, toks: list[Token]) -> bool:
        """Whether words name a subject besides the documents they name."""
        # (words apart in the question are kept apart: 「施策集では自動車…」 is not one compound)
        subject = "、".join(text_of(toks, ("S",)).split())
        return bool(subject) and not self.scoper.names_only_a_document(subject, self.rare)

    def quoted_question(self, q: str) -> Request | None:
        """What a message asks of a quotation in it: a quoted question (what someone asked) read on its own,
        or a quoted statement (what a memo says) checked when the message asks yes or no of it; either must
        name a subject."""
        for m in QUOTED.finditer(q):
            inner = m.group(1).strip()
            if inner == q:
                continue
            if any(interrogative(t) for t in tokens(inner)):
                found = self.read_alone(inner)
            elif q.rstrip().endswith(("?", "か")) and not any(interrogative(t) for t in tokens(q.replace(inner, ""))):
                if not any(ch.isdigit() for ch in inner) and not ministry_spans(inner):
                    continue  # a quotation holding no year, figure or ministry claims nothing (「…」 around a name)
                found = self.read_alone(inner + "で合ってる?")  # 「…とあったけど、合ってる？」 checks the quotation
                if not found.claims:
                    continue
            else:
                continue
            if any(p.subject for p in found.parts):
                return found
        return None
