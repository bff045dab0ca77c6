"""The Assistant: the one object the CLI and the UI talk to. It owns the index, the retriever, the
composer and the chain, and keeps the index current (rebuilding a stale or damaged one)."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from assistant.answer.citations import Answer
from assistant.chain import NO_QUESTION, Turn, build_chain, clean_history, clean_question, has_content
from assistant.errors import AssistantError, IndexNotReady
from assistant.ingest.catalog import load_catalog
from assistant.models import Sheet
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
        self.chain = build_chain(self)

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
    def from_settings(cls, settings: Settings | None = None) -> "Assistant":
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
        from assistant.retrieve.hybrid import HybridRetriever
        from assistant.text.glossary import Glossary

        self.glossary = Glossary.build([s.text for s in index.sheets], Path(self.settings.docs_dir) / "glossary.yaml")
        self.retriever = HybridRetriever(self.settings, index, self.embeddings, self.glossary)
        self.lines = LineIndex(index.sheets, index.line_tokens)
        self.composer = OfflineComposer(self.lines, index.chunk_vectors, self.glossary.expand)
        self.sheet_map = {s.id: s for s in index.sheets}
        self._index = index

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

    def retrieve_for(self, turn: Turn):
        """Retrieval for the question, resolved against the conversation when it is a follow-up;
        in LLM mode a follow-up is also rewritten to stand alone, and the rewrite is shown."""
        from assistant.retrieve.followup import resolve, topic_first
        from assistant.retrieve.hybrid import Retrieval

        history, notes = clean_history(turn.history, self.settings.max_history_turns)
        turn.notices += notes
        if not has_content(turn.query):
            return Retrieval([], {}, [])  # nothing to search for: the composer asks for a question
        result = resolve(self.retriever, turn, history, self.lines.specificity)
        if turn.topic and self.settings.llm_base_url:
            try:
                rewrite = self._llm_composer().condense(history, turn.question)
            except Exception as exc:  # noqa: BLE001 - the offline resolution stands
                log.warning("condensing the follow-up failed: %s", type(exc).__name__)
                return result
            if rewrite and rewrite != turn.question:
                turn.notices.append(f"質問を「{rewrite}」と解釈しました（LLM による言い換え）")
                turn.compose_query = nfkc(clean_question(rewrite, 2000)[0])
                result = topic_first(self.retriever.retrieve(turn.compose_query), result.topic_hit)
        return result

    def _llm_composer(self):
        from assistant.llm.composer import LLMComposer

        with self._lock:
            if self._llm is None:
                self._llm = LLMComposer(self.settings)
            return self._llm

    def compose_for(self, turn: Turn):
        """The offline answer (fast, always computed); in LLM mode (settings.llm_base_url) the
        model's cited answer instead, or the offline one with a notice when the model fails, times
        out or replies with citations that do not check out."""
        r = turn.retrieval
        if not has_content(turn.query):
            from assistant.answer.compose import Composed

            return Composed(NO_QUESTION, [], True, "no_question")
        query = turn.compose_query or turn.query
        # the retriever embedded this very query: the embedding cache answers without the model
        vector = self.embeddings.embed_query(query) if r.hits else None
        offline = self.composer.compose(query, r.hits, r.expansions, turn.intent, vector)
        if not self.settings.llm_base_url or not r.hits:
            return offline
        from assistant.llm.composer import fallback_notice

        try:
            llm = self._llm_composer()
            question = turn.question  # as typed (cleaned), not NFKC-folded
            if turn.topic:  # a follow-up: the model sees which topic it continues
                question += f"\n（会話の流れから「{turn.topic}」についての質問）"
            composed = llm.compose(question, r.hits, offline)
        except Exception as exc:  # noqa: BLE001 - any failure falls back to the offline answer
            reason = exc if isinstance(exc, AssistantError) else type(exc).__name__
            log.warning("LLM mode failed, showing the offline answer: %s", reason)
            turn.notices.append(fallback_notice(exc))
            return offline
        turn.notices += composed.notices
        return composed

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
