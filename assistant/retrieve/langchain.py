"""The hybrid retriever as a LangChain `BaseRetriever`, for use in someone else's chain:
`Assistant.as_retriever().invoke("e-scrapを対象とする施策は？")` gives Documents, best sheet first."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.text.normalize import nfkc


class SheetRetriever(BaseRetriever):
    """One Document per sheet, best first: page_content is the sheet's best-matching chunk (a few
    lines of one field, verbatim), or the whole sheet text with `whole_sheets`; metadata names the
    sheet (sheet_id, doc, title, section, page, field) and its fused retrieval score."""

    assistant: Any
    k: int = 10
    whole_sheets: bool = False

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        self.assistant.ensure_index()
        # the chain's own normalisation (NFKC), so that ＳＡＦ and SAF retrieve alike
        hits = self.assistant.retriever.retrieve(nfkc(query)).hits[:self.k]
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
