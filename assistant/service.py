"""The Assistant: the one object the CLI and the UI talk to. It owns the index, the retriever, the
composer and the chain, and keeps the index current (rebuilding a stale or damaged one)."""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from assistant.chain import (
    NO_QUESTION,
    NOT_ABOUT_THE_PLAN,
    Turn,
    about_the_plan,
    build_chain,
    clean_history,
    clean_question,
    has_content,
    without_markup,
)
from assistant.errors import AssistantError, IndexNotReady
from assistant.ingest.catalog import load_catalog
from assistant.models import Answer, Composed, Retrieval, Sheet
from assistant.settings import Settings, load_settings
from assistant.text.normalize import nfkc

log = logging.getLogger(__name__)


class Assistant:
    def __init__(self, settings: Settings, embeddings=None):
        self.settings = settings
        self._embeddings = embeddings
        self._store = None
        self._lock = threading.RLock()
        self._index = None
        self._llm = None  # the LLM composer, created on first use in LLM mode
        self.steps = build_chain(self)
        self.chain = self.steps.chain

    @property
    def embeddings(self):
        """Created on first use, so that listing sheets never loads a model."""
        if self._embeddings is None:
            from assistant.index.embeddings import make_embeddings

            self._embeddings = make_embeddings(self.settings)
        return self._embeddings

    @property
    def store(self):
        if self._store is None:
            from assistant.index.store import IndexStore

            self._store = IndexStore(self.settings, self.embeddings)
        return self._store

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Assistant:
        return cls(settings or load_settings())

    # ---- index lifecycle ---------------------------------------------------------------------
    def ensure_index(self, progress=None, force: bool = False):
        """Open the served index, building or rebuilding it when missing, stale or damaged."""
        with self._lock:
            if self._index is not None and not force and self._index.path.exists():
                return self._index
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

    def _activate(self, index) -> None:
        from assistant.answer.compose import OfflineComposer
        from assistant.answer.evidence import LineIndex
        from assistant.retrieve.followup import Reader
        from assistant.retrieve.hybrid import HybridRetriever
        from assistant.text.glossary import Glossary

        self.glossary = Glossary.build([s.text for s in index.sheets], Path(self.settings.docs_dir) / "glossary.yaml")
        self.retriever = HybridRetriever(self.settings, index, self.embeddings, self.glossary)
        self.lines = LineIndex(index.sheets, index.line_tokens)
        self.indicators = index.indicators  # the indicator table (assistant/indicators/), built with the index
        self.composer = OfflineComposer(self.lines, index.chunk_vectors, self.glossary.expand, self.indicators,
                                        self.embeddings.embed_query)
        self.reader = Reader(self.retriever.retrieve, self.lines, self.listed)
        self.sheet_map = {s.id: s for s in index.sheets}
        self._index = index
        if self.settings.llm_base_url:
            # the client (langchain_openai's import, ~2 s) is made at start-up, not inside the first
            # question's deadline
            try:
                self._llm_composer().warm()
            except AssistantError as exc:  # a bad LLM setting: each answer says so and falls back
                log.warning("LLM mode is not usable: %s", exc)

    def refresh(self, progress=None, force: bool = False) -> dict:
        """Bring the index up to date; returns what was done."""
        with self._lock:
            reason = "rebuild requested" if force else self.store.staleness()
            if reason:
                self.store.build(progress=progress)
                if self._index is not None:  # a running app switches to the new build now
                    self._activate(self.store.open())
            return {"rebuilt": bool(reason), "reason": reason, **self.status()["index"]}

    # ---- questions ---------------------------------------------------------------------------
    def ask(self, question, history=None, id: str | None = None) -> Answer:
        index = self.ensure_index()
        try:
            return self.chain.invoke(Turn(question=question, id=id, history=history))
        except IndexNotReady as exc:
            if self.settings.chroma_host:  # a server that went away: it answers again once it is back
                raise
            # local files damaged under the running app (e.g. chroma.sqlite3): rebuild once, answer again
            log.warning("%s; rebuilding", exc)
            with self._lock:
                if self._index is index:  # not already rebuilt by a concurrent request
                    self.ensure_index(force=True)
            return self.chain.invoke(Turn(question=question, id=id, history=history, notices=[
                "インデックスが破損していたため再構築しました (the index was damaged and has been rebuilt)"]))

    def ask_stream(self, question, history=None, id: str | None = None):
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
            reply, question = "", self.llm_question(turn)
            try:
                llm = self._llm_composer()
                for piece in llm.stream(question, turn.retrieval.hits, turn.deadline):
                    reply += piece
                    yield "text", reply
                turn.composed = llm.finish(question, turn.retrieval.hits, reply, self.offline_for(turn))
                turn.notices += turn.composed.notices
            except Exception as exc:  # noqa: BLE001 - the same fallback the chain takes
                turn.composed = self.compose_offline({"turn": turn, "error": exc})
        else:
            turn.composed = self.steps.composer.invoke({"turn": turn})
        turn.timings["compose"] = (time.perf_counter() - t) * 1000
        answer = self.steps.finish.invoke(turn)
        if answer.mode == "offline":
            lines = answer.answer.split("\n")
            for i in range(1, len(lines)):
                yield "text", "\n".join(lines[:i])
        yield "answer", answer

    def retrieve_for(self, turn: Turn):
        """Retrieval for the question read in its conversation (assistant/retrieve/followup.py): alone,
        or as a follow-up of the earlier topic, taking the earlier aspect when it asks nothing of its
        own. In LLM mode a follow-up is also rewritten to stand alone, and the rewrite is shown."""
        from assistant.retrieve.followup import State, topic_first

        history, notes = clean_history(turn.history, self.settings.max_history_turns)
        turn.notices += notes
        if not has_content(turn.query):
            return Retrieval([], {}, [])  # nothing to search for: the composer asks for a question
        earlier = [q for q in (without_markup(nfkc(h)) for h in history) if has_content(q)]
        state = self.reader.state_after(earlier) if earlier else State()
        reading = self.reader.read(turn.query, state)
        turn.reading, turn.intent = reading, reading.intent
        if reading.carried:
            turn.compose_query = reading.query
        if reading.followup:
            turn.topic = reading.topic.hit.sheet.name
        result = reading.retrieval
        if reading.followup and self.settings.llm_base_url:
            try:
                rewrite = self._llm_composer().condense(history, turn.question, turn.deadline)
            except Exception as exc:  # noqa: BLE001 - the offline resolution stands
                log.warning("condensing the follow-up failed: %s", type(exc).__name__)
                return result
            if rewrite and rewrite != turn.question:
                turn.notices.append(f"質問を「{rewrite}」と解釈しました（LLM による言い換え）")
                turn.compose_query = nfkc(clean_question(rewrite, 2000)[0])
                result = topic_first(self.retriever.retrieve(turn.compose_query), result.topic_hit)
        return result

    def listed(self, topic) -> list[str]:
        """The sheets an earlier which-measure answer listed (a follow-up may choose among them)."""
        composed = self.composer.compose(topic.question, topic.retrieval.hits, topic.retrieval.expansions,
                                         topic.intent, None)
        return list(dict.fromkeys(c.sheet_id for c in composed.citations))

    def _llm_composer(self):
        from assistant.llm.composer import LLMComposer
        from assistant.llm.meaning import quote_meaning

        with self._lock:
            if self._llm is None:
                self._llm = LLMComposer(self.settings, meaning=quote_meaning(self.embeddings))
            return self._llm

    def compose_offline(self, step: dict):
        """The offline composer as a chain step (input ``{"turn": Turn}``, plus ``"error"`` when it
        runs as the LLM composer's fallback: the notice then says what went wrong)."""
        turn: Turn = step["turn"]
        if step.get("error") is not None:
            from assistant.llm.composer import fallback_notice

            exc = step["error"]
            log.warning("LLM mode failed, showing the offline answer: %s",
                        exc if isinstance(exc, AssistantError) else type(exc).__name__)
            turn.notices.append(fallback_notice(exc))
        return self.offline_for(turn)

    def offline_for(self, turn: Turn):
        """The offline answer, computed once per turn (the LLM composer needs its kind too)."""
        if turn.offline is None:

            r = turn.retrieval
            if not has_content(turn.query):
                turn.offline = Composed(NO_QUESTION, [], True, "no_question")
            elif not about_the_plan(turn.query):
                turn.offline = Composed(NOT_ABOUT_THE_PLAN, [], True, "no_question")
            else:
                query = turn.compose_query or turn.query
                # evidence is ranked in meaning for the question itself (a follow-up's own words, not
                # its topic's); the retriever embedded it, so the embedding cache answers
                own = turn.reading.question if turn.reading is not None else query
                vector = self.embeddings.embed_query(own) if r.hits else None
                turn.offline = self.composer.compose(query, r.hits, r.expansions, turn.intent, vector)
        return turn.offline

    def compose_llm(self, step: dict):
        """The LLM composer as a chain step: the model's cited answer, or an exception (the chain's
        fallback then shows the offline answer with a notice). Nothing to search for, or no sheet
        found, is answered offline."""
        turn: Turn = step["turn"]
        if not self.llm_answers(turn):
            return self.offline_for(turn)
        composed = self._llm_composer().compose(self.llm_question(turn), turn.retrieval.hits,
                                                self.offline_for(turn), turn.deadline)
        turn.notices += composed.notices
        return composed

    def llm_answers(self, turn: Turn) -> bool:
        """Whether the model is asked at all: not when nothing was found or nothing was asked."""
        return bool(turn.retrieval.hits) and self.offline_for(turn).kind != "no_question"

    def llm_question(self, turn: Turn) -> str:
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
        if self._index is not None:
            return self._index.sheets
        return load_catalog(self.settings.docs_dir).sheets

    def sheet(self, sheet_id: str) -> Sheet | None:
        return next((s for s in self.sheets() if s.id == sheet_id), None)

    def status(self) -> dict:
        man = self.store.manifest()
        return {
            "mode": "llm" if self.settings.llm_base_url else "offline",
            "llm_model": self.settings.llm_model if self.settings.llm_base_url else None,
            "index": {"built_at": man.built_at if man else None, "documents": man.documents if man else [],
                      "sheets": man.sheets if man else 0, "chunks": man.chunks if man else 0,
                      "embedding_model": man.embedding_model if man else self.embeddings.model_key},
        }
