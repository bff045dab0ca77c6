"""Conversations: each question read by the query stage (assistant/query/), placed in its conversation by
the fitted relation model (assistant/query/conversation.py), and its parts retrieved accordingly: a new
question by its own words; a follow-up or a return with the earlier topic's sheet first (the rest ranked
by the question read with that topic's question); a narrowing with the sheets the earlier answer listed
first, in the order the question's own words rank them. A question that asks nothing of its own (「銅は？」
after 「アルミの再生量は？」, 「それは？」) takes the earlier slot. Retrievals are cached by the retriever, so
a conversation is not searched again turn after turn."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.models import Retrieval, SheetHit
from assistant.models.request import Conversation, Part, Request
from assistant.query.conversation import Earlier, bare, narrows, relate
from assistant.query.read import QueryReader, search_text, searches
from assistant.retrieve.rerank import rerank
from assistant.text.japanese import tokenize

# the slots whose answer lists what a sheet holds (its items, its measures, what a measure does): a
# narrowing after one picks among them
LISTS = ("items", "measures", "describe")
HISTORY = 4  # earlier questions read (a topic set further back has been replaced or carried by then)


@dataclass(frozen=True)
class Topic:
    """What a follow-up continues: the earlier question and the sheets it was answered from."""

    question: str
    retrieval: Retrieval
    request: Request

    @property
    def hit(self) -> SheetHit:
        """The topic's sheet."""
        return self.retrieval.hits[0]


@dataclass
class Reading:
    """How one question was read in its conversation: its request, the sheets found for each of its parts,
    the topic it continues (a follow-up, a narrowing or a return), what it took from the conversation
    ("topic", "aspect", "items") and the question as answered."""

    question: str
    request: Request
    retrievals: list[Retrieval]
    topic: Topic | None = None
    carried: tuple[str, ...] = ()
    query: str = ""
    listed: list[str] = field(default_factory=list)

    @property
    def retrieval(self) -> Retrieval:
        """The first part's sheets."""
        return self.retrievals[0]

    @property
    def followup(self) -> bool:
        """Whether the question continues an earlier topic."""
        return self.topic is not None

    @property
    def aspect(self) -> str:
        """What the answer gives (the first part's slot), asked or carried."""
        return self.request.slot


class Reader:
    """Reads questions in their conversation. `retrieve(query)` is the cached retriever, `queries` the
    query stage, `sheet_tokens`/`idf` the sheets' word statistics, `listing(earlier)` the sheets an
    earlier answer listed, `words(surface)` a word of the question in the documents' words (an English
    one as the plan's nouns it glosses: whether a bare subject names something of the plan, and where the
    relation model finds an English follow-up's subject: on the topic's sheet or another's; it is fitted on
    words read so)."""

    def __init__(self, queries: QueryReader, retrieve: Callable[[str], Retrieval], sheet_tokens, idf,
                 listing: Callable[[Earlier], list[str]] | None = None,
                 words: Callable[[str], list[str]] | None = None):
        self.queries = queries
        self.words = words or tokenize
        self.retrieve = retrieve
        self.sheet_tokens = sheet_tokens
        self.idf = idf
        self.listing = listing

    def read(self, question: str, earlier: list[Earlier] | None = None) -> Reading:
        """One question after the `earlier` ones (as state_after read them)."""
        earlier = earlier or []
        req = self.queries.read_alone(question)
        searched = searches(req)  # (embedded already, when the question was read: one call for all)
        text = searched[0]
        found = dict(zip(searched, self.queries.retrieve_many(searched), strict=True))
        own = self._reranked(found[text], req, req.parts[0])
        only_subject = bare(req.tokens)
        # a bare subject the plan writes (「銅は？」"What about copper?") is about the plan, asked alone or after
        # anything: an earlier question never decides it
        req.about = req.about or (only_subject and any(
            w in self.idf for t in req.tokens if t.role == "S" for w in self.words(t.surface)))
        if earlier:
            req.conversation = relate(req, own, earlier, self.queries.models.relation, self.sheet_tokens, self.idf,
                                      self.words)
            # a follow-up of a question about the plan is about the plan, though it names nothing of it
            req.about = req.about or req.conversation.relation != "new"
            if not req.about:
                req.conversation = Conversation()
        if req.conversation.turn is not None:
            req.conversation = replace(req.conversation, listing=earlier[req.conversation.turn].request.slot in LISTS)
        conv = req.conversation
        carried: list[str] = []
        latest = next((e for e in reversed(earlier) if e.about and e.topic), None)
        if latest is not None and req.about and (conv.relation != "new" and (only_subject or not any(
                t.role in ("A", "V") for t in req.tokens)) or req.english and only_subject):
            # nothing asked of its own, in a follow-up: the earlier slot (「じゃあ銅は？」「それは？」), and in the
            # English ellipsis that opens "What about …?" whatever it names; any other question the relation
            # model reads as new is read as it is read alone
            source = earlier[conv.turn] if conv.turn is not None else latest
            first = source.request.parts[0]
            req.parts = [replace(p, slot=first.slot, label=first.label, counter=None) for p in req.parts]
            carried.append("aspect")
        if conv.relation != "new" and narrows(req.tokens) and not req.framing.format:
            # 「そのうち…のは？」 picks among what was said: which one, in the line that says it, not a summary
            req.parts = [replace(p, slot="describe") if p.slot == "summary" else p for p in req.parts]
        if conv.relation == "new" or conv.turn is None:
            retrievals = [self._own(req, p, own, found) for p in req.parts]
            return Reading(question, req, retrievals, carried=tuple(carried), query=req.question)
        base = earlier[conv.turn]
        # a follow-up of a follow-up continues the question that set the topic
        topic = Topic(base.topic_question or base.question, base.retrieval, base.request)
        if conv.relation == "narrow" and self.listing is not None:
            listed = base.listed or self.listing(base)
            if len(listed) > 1:
                keep = {h.sheet.id: h for h in self.retrieve(f"{base.question} {search_text(req)}").hits
                        + base.retrieval.hits}
                order = {h.sheet.id: i for i, h in enumerate(own.hits)}
                lead = sorted((keep[s] for s in listed if s in keep), key=lambda h: order.get(h.sheet.id, 99))
                rest = [h for h in own.hits if h.sheet.id not in listed]
                retrieval = replace(own, hits=lead + rest, topic_hit=lead[0] if lead else None)
                return Reading(question, req, [retrieval], topic, tuple(["topic", "items", *carried]), req.question,
                               listed)
        retrievals = []
        combined = self.queries.retrieve_many([f"{topic.question} {p.query or text}" for p in req.parts])
        topic_words = self.sheet_tokens.get(topic.hit.sheet.id, set())
        for p, together in zip(req.parts, combined, strict=True):
            # a part asked of the topic: it names nothing, or only what the topic's sheet writes (「参加者と来場者
            # はそれぞれ何人？」 of an event asked about before)
            of_topic = not p.subject or len(req.parts) == 1 or self._written(p.subject, topic_words)
            retrievals.append(topic_first(together, topic.hit) if of_topic else self._own(req, p, own, found))
        query = f"{req.question} {topic.question}"
        return Reading(question, req, retrievals, topic, tuple(["topic", *carried]), query)

    def _written(self, subject: str, sheet_words: set[str]) -> bool:
        """Whether a sheet writes what a subject names: each English word of it as one of the plan's nouns it
        glosses, a Japanese subject's every word."""
        if subject.isascii():
            return all(any(w in sheet_words for w in self.words(word)) for word in subject.split())
        return all(w in sheet_words for w in tokenize(subject))

    def _own(self, req: Request, part: Part, own: Retrieval, found: dict[str, Retrieval]) -> Retrieval:
        if part.document is not None:
            # one document's sheets first, as the part ranks them when it is read from a stretch of its own
            # (「点検の表では…」), else as the whole question ranks them
            if part.query and part.query != search_text(req) and part.query in found:
                own = self._reranked(found[part.query], req, part)
            mine = [h for h in own.hits if (h.sheet.kind == "inspection") == (part.document == "inspection")]
            rest = [h for h in own.hits if (h.sheet.kind == "inspection") != (part.document == "inspection")]
            return replace(own, hits=mine + rest) if mine else own
        if len(req.parts) == 1 or req.english:
            return own
        query = part.query or search_text(req)
        return self._reranked(found[query] if query in found else self.retrieve(query), req, part)

    def _reranked(self, found: Retrieval, req: Request, part: Part) -> Retrieval:
        return rerank(found, req, part, self.queries.models.rerank, self.sheet_tokens, self.idf)

    def state_after(self, history: list[str], limit: int = HISTORY) -> list[Earlier]:
        """The conversation as read after the earlier questions (the last `limit` of them)."""
        earlier: list[Earlier] = []
        for question in history[-limit:]:
            reading = self.read(question, earlier)
            e = Earlier(question, reading.request, reading.retrieval, reading.request.about,
                        topic_question=reading.topic.question if reading.topic is not None else "")
            conv = reading.request.conversation
            if reading.request.slot == "measures" and self.listing is not None and reading.retrieval.hits:
                e.listed = self.listing(e)
            elif conv.relation == "follow" and conv.turn is not None and earlier[conv.turn].listed:
                # a question about a list that lists nothing itself (「…も入る？」) leaves the list to narrow
                e.listed = earlier[conv.turn].listed
            earlier.append(e)
        return earlier


def topic_first(result: Retrieval, topic: SheetHit) -> Retrieval:
    """The earlier topic's sheet leads; the rest follow as the follow-up's own query ranks them (a new
    Retrieval: the retriever's cached one is not changed)."""
    by_id = {h.sheet.id: h for h in result.hits}
    lead = by_id.get(topic.sheet.id, topic)
    return replace(result, hits=[lead] + [h for h in result.hits if h.sheet.id != topic.sheet.id], topic_hit=lead)
