"""The Assistant: the one object the CLI and the UI talk to. It owns the index, the retriever, the
composer and the chain, and keeps the index current (rebuilding a stale or damaged one)."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.chain import (
    NO_QUESTION,
    NOT_ABOUT_THE_PLAN,
    Parts,
    about_the_plan,
    build_chain,
    clean_history,
    clean_question,
    has_content,
    without_markup,
)
from assistant.errors import AssistantError, IndexNotReady
from assistant.ingest.catalog import load_catalog
from assistant.interfaces import AnswerModel, Composer, Embedder, Progress, Store
from assistant.models import Answer, Composed, Retrieval, Sheet, SheetHit, Turn
from assistant.settings import Settings, load_settings
from assistant.text.normalize import nfkc

if TYPE_CHECKING:  # imported where used: listing sheets or the status loads no model or index code
    from assistant.answer.compose import OfflineComposer
    from assistant.answer.evidence import LineIndex
    from assistant.index.store import OpenIndex
    from assistant.indicators.table import IndicatorTable
    from assistant.ingest.documents import Document
    from assistant.query.conversation import Earlier
    from assistant.retrieve.followup import Reader
    from assistant.retrieve.hybrid import HybridRetriever
    from assistant.text.glossary import Glossary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Served:
    """What answering needs of one opened index, made together and replaced as one when the index is
    rebuilt (never a retriever of one build beside a composer of another)."""

    index: OpenIndex
    glossary: Glossary
    retriever: HybridRetriever
    lines: LineIndex
    composer: OfflineComposer
    reader: Reader
    sheet_map: dict[str, Sheet]

    @property
    def indicators(self) -> IndicatorTable:
        """The indicator table built with this index."""
        return self.index.indicators


class Assistant:
    """The one object the CLI and the UI talk to: ask questions (`ask`, `ask_stream`), list sheets,
    keep the index current (`ensure_index`, `refresh`, `add_documents`, `remove_document`), report
    `status`. The parts of the served index (`retriever`, `composer`, `glossary`, …) are opened on
    first use."""

    def __init__(self, settings: Settings, embeddings: Embedder | None = None):
        self.settings = settings
        self._embeddings = embeddings
        self._store: Store | None = None
        self._lock = threading.RLock()
        self._served: Served | None = None
        self._llm: AnswerModel | None = None  # the LLM composer, created on first use in LLM mode
        self.steps = build_chain(settings, Parts(
            retrieve=self.retrieve_for, sheets=lambda: self.served.sheet_map, offline=self.offline_for,
            llm=self.compose_llm if settings.llm_base_url else None))
        self.chain = self.steps.chain

    @property
    def embeddings(self) -> Embedder:
        """Created on first use, so that listing sheets never loads a model."""
        if self._embeddings is None:
            from assistant.index.embeddings import make_embeddings

            self._embeddings = make_embeddings(self.settings)
        return self._embeddings

    @property
    def store(self) -> Store:
        """The index store (building, opening, staleness), created on first use."""
        if self._store is None:
            from assistant.index.store import IndexStore

            self._store = IndexStore(self.settings, self.embeddings)
        return self._store

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Assistant:
        """An Assistant over `settings`, or over the environment's and config file's settings."""
        return cls(settings or load_settings())

    # ---- the served index ------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """Whether an index is open (nothing is built or loaded to answer this)."""
        return self._served is not None

    @property
    def served(self) -> Served:
        """The parts of the open index, the index opened (or built) first when none is."""
        served = self._served
        if served is None:
            self.ensure_index()
            served = self._served
            assert served is not None
        return served

    @property
    def retriever(self) -> HybridRetriever:
        """The hybrid retriever of the served index."""
        return self.served.retriever

    @property
    def composer(self) -> OfflineComposer:
        """The offline composer of the served index."""
        return self.served.composer

    @property
    def glossary(self) -> Glossary:
        """The glossary (curated and mined equivalents) of the served index."""
        return self.served.glossary

    @property
    def lines(self) -> LineIndex:
        """Every line of the served sheets with its token statistics (evidence ranking)."""
        return self.served.lines

    @property
    def reader(self) -> Reader:
        """How a question is read in its conversation (assistant/retrieve/followup.py)."""
        return self.served.reader

    @property
    def indicators(self) -> IndicatorTable:
        """The indicator table (assistant/indicators/), built with the index."""
        return self.served.indicators

    @property
    def sheet_map(self) -> dict[str, Sheet]:
        """The served sheets by id."""
        return self.served.sheet_map

    # ---- index lifecycle ---------------------------------------------------------------------
    def ensure_index(self, progress: Progress | None = None, force: bool = False) -> OpenIndex:
        """Open the served index, building or rebuilding it when missing, stale or damaged."""
        with self._lock:
            if self._served is not None and not force and self._served.index.path.exists():
                return self._served.index
            reason = "rebuild requested" if force else self.store.staleness()
            if reason:
                log.info("building the index: %s", reason)
                self.store.build(progress=progress)
            try:
                index = self.store.open()
            except IndexNotReady as exc:
                log.warning("%s; rebuilding", exc)
                self.store.build(progress=progress)
                index = self.store.open()
            self._activate(index)
            return index

    def _names_embedded(self, index: OpenIndex):
        """The composer's embedder: the indicator names' vectors made once (kept in the embedding cache,
        so a later process reads them), a question's through the query LRU."""
        from assistant.answer.indicator_answer import matched_names

        names = matched_names(index.indicators) if index.indicators is not None else []
        batch = getattr(self.embeddings, "embed_queries", None)
        vectors = dict(zip(names, batch(names) if batch else [self.embeddings.embed_query(n) for n in names],
                           strict=True))
        return lambda text: vectors.get(text) or self.embeddings.embed_query(text)

    def _activate(self, index: OpenIndex) -> None:
        from assistant.answer.compose import OfflineComposer
        from assistant.answer.evidence import LineIndex
        from assistant.query.features import Vocabulary
        from assistant.query.read import Models, QueryReader
        from assistant.query.scope import Scoper
        from assistant.retrieve.followup import Reader
        from assistant.retrieve.hybrid import HybridRetriever
        from assistant.text.english import Bridge
        from assistant.text.glossary import Glossary

        glossary = Glossary.of_sheets(index.sheets, self.settings.docs_dir)
        lines = LineIndex(index.sheets, index.line_tokens)
        bridge = Bridge.of_vocabulary(lines.sheet_idf)
        retriever = HybridRetriever(self.settings, index, self.embeddings, glossary, bridge)
        models_dir = str(self.settings.models_dir) if self.settings.models_dir else None
        models = Models.load(models_dir)
        composer = OfflineComposer(lines, index.chunk_vectors, glossary.expand, index.indicators,
                                   self._names_embedded(index), models.decline, glossary.variants)
        queries = QueryReader(Vocabulary(lines.sheet_idf, len(index.sheets)), Scoper(index.sheets), retriever.retrieve,
                              lines.written, models, retriever.retrieve_many, glossary.respelled, retriever.closeness)
        reader = Reader(queries, retriever.retrieve, lines.sheet_tokens, lines.sheet_idf,
                        lambda earlier: listed(composer, earlier), bridge.words)
        self._served = Served(index, glossary, retriever, lines, composer, reader,
                              {s.id: s for s in index.sheets})
        if self.settings.llm_base_url:
            # the client (langchain_openai's import, ~2 s) is made at start-up, not inside the first
            # question's deadline
            try:
                self._llm_composer().warm()
            except AssistantError as exc:  # a bad LLM setting: each answer says so and falls back
                log.warning("LLM mode is not usable: %s", exc)

    def refresh(self, progress: Progress | None = None, force: bool = False) -> dict:
        """Bring the index up to date (after the documents changed); returns what was done."""
        with self._lock:
            reason = "rebuild requested" if force else self.store.staleness()
            if reason:
                self.store.build(progress=progress)
                if self._served is not None:  # a running app switches to the new build now
                    self._activate(self.store.open())
            return {"rebuilt": bool(reason), "reason": reason, **self.status()["index"]}

    def add_documents(self, paths: Iterable[str | Path], title: str | None = None, kind: str | None = None,
                      progress: Progress | None = None) -> list[Document]:
        """Add PDF/text files to the documents (checked, copied, registered) and refresh the index;
        all or none (assistant/ingest/add.py undoes the copy when the index cannot be refreshed)."""
        from assistant.ingest.add import add_documents

        return add_documents(self.settings, paths, title=title, kind=kind, progress=progress,
                             refresh=self.refresh)

    def remove_document(self, name: str, progress: Progress | None = None) -> Document:
        """Take a document out (file and registry entry) and refresh the index."""
        from assistant.ingest.add import remove_document

        return remove_document(self.settings, name, progress=progress, refresh=self.refresh)

    # ---- questions ---------------------------------------------------------------------------
    def ask(self, question: str, history: object = None, id: str | None = None) -> Answer:
        """Answer one question, read in its conversation (`history`: the earlier questions, oldest
        first; checked, as it comes from JSON). A question that is not a string (from JSON too) or
        is empty raises BadQuestion; anything else gets an Answer, abstaining when the documents do
        not answer."""
        index = self.ensure_index()
        try:
            return self.chain.invoke(Turn(question=question, id=id, history=history))
        except IndexNotReady as exc:
            if self.settings.chroma_host:  # a server that went away: it answers again once it is back
                raise
            # local files damaged under the running app (e.g. chroma.sqlite3): rebuild once, answer again
            log.warning("%s; rebuilding", exc)
            with self._lock:
                if self._served is None or self._served.index is index:  # not already rebuilt by another request
                    self.ensure_index(force=True)
            return self.chain.invoke(Turn(question=question, id=id, history=history, notices=[
                "インデックスが破損していたため、作り直してから回答しました。"]))

    def ask_stream(self, question: str, history: object = None,
                   id: str | None = None) -> Iterator[tuple[str, str | Answer]]:
        """The answer as it is made: ``("text", partial text)`` events, then ``("answer", Answer)``.
        In LLM mode the partial text is the model's reply as its tokens arrive (then checked like
        ask() checks it, the offline answer with a notice when it fails); offline, the composed
        answer statement by statement."""
        self.ensure_index()
        try:
            turn = self.steps.prepare.invoke(Turn(question=question, id=id, history=history))
        except IndexNotReady:
            yield "answer", self.ask(question, history=history, id=id)  # ask() rebuilds a damaged index
            return
        t = time.perf_counter()
        if self.settings.llm_base_url and self.llm_answers(turn):
            reply, failed = "", None
            try:
                for piece in self._llm_composer().stream(self.llm_question(turn), self.hits(turn), turn.deadline):
                    reply += piece
                    yield "text", reply
            except Exception as exc:  # noqa: BLE001 - handed to the chain, whose fallback answers offline
                failed = exc
            turn.composed = self.steps.composer.invoke({"turn": turn, "reply": failed or reply})
        else:
            turn.composed = self.steps.composer.invoke({"turn": turn})
        turn.timings["compose"] = (time.perf_counter() - t) * 1000
        answer = self.steps.finish.invoke(turn)
        if answer.mode == "offline":
            lines = answer.answer.split("\n")
            for i in range(1, len(lines)):
                yield "text", "\n".join(lines[:i])
        yield "answer", answer

    def retrieve_for(self, turn: Turn) -> Retrieval:
        """Retrieval for the question read in its conversation (assistant/retrieve/followup.py): the query
        stage reads what it asks (its parts, claims, framing, relation to the earlier questions) and each
        part is retrieved accordingly. In LLM mode a follow-up is also rewritten to stand alone, and the
        rewrite is shown."""
        from assistant.retrieve.followup import topic_first

        history, notes = clean_history(turn.history, self.settings.max_history_turns)
        turn.notices += notes
        if not has_content(turn.query):
            return Retrieval([], {}, [])  # nothing to search for: the composer asks for a question
        earlier = [q for q in (without_markup(nfkc(h)) for h in history) if has_content(q)]
        served = self.served
        state = served.reader.state_after(earlier) if earlier else []
        reading = served.reader.read(turn.query, state)
        turn.reading, turn.request = reading, reading.request
        turn.retrievals = list(reading.retrievals)
        if reading.carried:
            turn.compose_query = reading.query
        if reading.followup and reading.topic is not None:
            turn.topic = reading.topic.hit.sheet.name
        result = reading.retrieval
        if reading.followup and self.settings.llm_base_url and result.topic_hit is not None:
            try:
                rewrite = self._llm_composer().condense(history, turn.question, turn.deadline)
            except Exception as exc:  # noqa: BLE001 - the offline resolution stands
                log.warning("condensing the follow-up failed: %s", type(exc).__name__)
                return result
            if rewrite and rewrite != turn.question:
                turn.notices.append(f"質問を「{rewrite}」と解釈しました（LLM による言い換え）")
                turn.compose_query = nfkc(clean_question(rewrite, 2000)[0])
                result = topic_first(served.retriever.retrieve(turn.compose_query), result.topic_hit)
        return result

    def _llm_composer(self) -> AnswerModel:
        from assistant.llm.composer import LLMComposer
        from assistant.llm.meaning import quote_meaning

        with self._lock:
            if self._llm is None:
                self._llm = LLMComposer(self.settings, meaning=quote_meaning(self.embeddings))
            return self._llm

    def hits(self, turn: Turn) -> list[SheetHit]:
        """The turn's retrieved sheets (none before retrieval)."""
        return turn.retrieval.hits if turn.retrieval is not None else []

    def offline_for(self, turn: Turn) -> Composed:
        """The offline answer, computed once per turn (the LLM composer needs its kind too)."""
        if turn.offline is None:
            request = turn.request
            if not has_content(turn.query) or request is None:
                turn.offline = Composed(NO_QUESTION, [], True, "no_question")
            elif not request.about or not about_the_plan(turn.query):
                turn.offline = Composed(NOT_ABOUT_THE_PLAN, [], True, "no_question")
            else:
                retrievals = turn.retrievals or [turn.retrieval or Retrieval([], {}, [])]
                # evidence is ranked in meaning for the question itself (a follow-up's own words, not its
                # topic's); the retriever embedded it, so the embedding cache answers
                vector = self.embeddings.embed_query(request.question) if retrievals[0].hits else None
                reading = turn.reading
                words = reading.topic.question if reading is not None and reading.topic is not None else ""
                listed = reading.listed if reading is not None else []
                topic = reading.topic.request if reading is not None and reading.topic is not None else None
                turn.offline = self.served.composer.compose(request, retrievals, vector, words, listed, topic)
        return turn.offline

    def compose_llm(self, turn: Turn, reply: str | None = None) -> Composed:
        """The LLM composer as the chain's part: the model's cited answer (`reply`: one already
        streamed, checked here), or an exception (the chain's fallback then shows the offline answer
        with a notice). Nothing to search for, or no sheet found, is answered offline."""
        if not self.llm_answers(turn):
            return self.offline_for(turn)
        llm, question = self._llm_composer(), self.llm_question(turn)
        if reply is None:
            composed = llm.compose(question, self.hits(turn), self.offline_for(turn), turn.deadline)
        else:
            composed = llm.finish(question, self.hits(turn), reply, self.offline_for(turn))
        turn.notices += getattr(composed, "notices", [])
        return composed

    def llm_answers(self, turn: Turn) -> bool:
        """Whether the model is asked at all: not when nothing was found or nothing was asked."""
        return bool(self.hits(turn)) and self.offline_for(turn).kind != "no_question"

    def llm_question(self, turn: Turn) -> str:
        """The question as the model sees it: as typed, with the topic a follow-up continues."""
        question = turn.question  # as typed (cleaned), not NFKC-folded
        if turn.topic:  # a follow-up: the model sees which topic it continues
            question += f"\n（会話の流れから「{turn.topic}」についての質問）"
        return question

    def as_retriever(self, k: int = 10, whole_sheets: bool = False):
        """This assistant's hybrid retrieval as a LangChain retriever (`invoke(question)` → Documents,
        best sheet first); see assistant/retrieve/langchain.py."""
        from assistant.retrieve.langchain import SheetRetriever

        return SheetRetriever(assistant=self, k=k, whole_sheets=whole_sheets)

    # ---- catalog -----------------------------------------------------------------------------
    def sheets(self) -> list[Sheet]:
        """Every sheet in the index (the catalog parsed now if no index is built yet)."""
        if self._served is not None:
            return self._served.index.sheets
        return load_catalog(self.settings.docs_dir).sheets

    def sheet(self, sheet_id: str) -> Sheet | None:
        """One sheet by id (None when no sheet has it)."""
        return next((s for s in self.sheets() if s.id == sheet_id), None)

    def status(self) -> dict:
        """Mode, LLM model and what the served index holds (no model is loaded to answer this)."""
        man = self.store.manifest()
        return {
            "mode": "llm" if self.settings.llm_base_url else "offline",
            "llm_model": self.settings.llm_model if self.settings.llm_base_url else None,
            "index": {"built_at": man.built_at if man else None, "documents": man.documents if man else [],
                      "sheets": man.sheets if man else 0, "chunks": man.chunks if man else 0,
                      "embedding_model": man.embedding_model if man else self.embeddings.model_key},
        }


def listed(composer: Composer, earlier: Earlier) -> list[str]:
    """The sheets an earlier answer listed (a follow-up may choose among them)."""
    composed = composer.compose(earlier.request, [earlier.retrieval], None)
    return list(dict.fromkeys(c.sheet_id for c in composed.citations))
