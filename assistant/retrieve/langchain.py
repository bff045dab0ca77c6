"""The hybrid retriever as a LangChain `BaseRetriever`, for use in someone else's chain:
`Assistant.as_retriever().invoke("e-scrapを対象とする施策は？")` gives Documents, best sheet first;
`invoke(question, k=3)` the best three, whatever the retriever's own `k`."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor

from assistant.text.normalize import nfkc


class SheetRetriever(BaseRetriever):
    """One Document per sheet, best first: page_content is the sheet's best-matching chunk (a few
    lines of one field, verbatim), or the whole sheet text with `whole_sheets`; metadata names the
    sheet (sheet_id, doc, title, section, page, field) and its fused retrieval score."""

    assistant: Any
    k: int = 10
    whole_sheets: bool = False

    # `k` as a keyword: LangChain hands invoke's keyword arguments on to these two only when they take
    # more than the query and the run manager
    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None) -> list[Document]:
        self.assistant.ensure_index()
        # the chain's own normalisation (NFKC), so that ＳＡＦ and SAF retrieve alike
        hits = self.assistant.retriever.retrieve(nfkc(query)).hits[:self.k if k is None else k]
        docs = []
        for h in hits:
            chunk = h.chunks[0][0] if h.chunks else None
            docs.append(Document(
                page_content=h.sheet.text if self.whole_sheets or chunk is None else chunk.text,
                metadata={"sheet_id": h.sheet.id, "doc": h.sheet.doc, "title": h.sheet.title,
                          "section": h.sheet.section, "page": h.sheet.page,
                          "field": chunk.field if chunk is not None else None, "score": h.score},
            ))
        return docs

    async def _aget_relevant_documents(self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun,
                                       k: int | None = None) -> list[Document]:
        # BaseRetriever's own runs the sync method in a thread too, but passes no `k`
        return await run_in_executor(None, self._get_relevant_documents, query, run_manager=run_manager.get_sync(),
                                     k=k)
