"""Assistant.as_retriever(): a LangChain retriever over the real index, usable in another chain."""
from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnableParallel, RunnablePassthrough


def test_as_retriever_gives_documents_best_sheet_first(assistant):
    retriever = assistant.as_retriever(k=5)
    assert isinstance(retriever, BaseRetriever)
    question = "下水汚泥を肥料に使う取組の目標は？"
    docs = retriever.invoke(question)
    assert len(docs) == 5 and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["sheet_id"] == assistant.ask(question).retrieved[0]
    assert set(docs[0].metadata) == {"sheet_id", "doc", "title", "section", "page", "field", "score"}
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    sheet = assistant.sheet(docs[0].metadata["sheet_id"])
    assert docs[0].page_content in sheet.text  # verbatim lines of the sheet


def test_whole_sheets_and_use_in_someone_elses_chain(assistant):
    retriever = assistant.as_retriever(k=3, whole_sheets=True)
    chain = RunnableParallel(context=retriever, question=RunnablePassthrough()) | RunnableLambda(
        lambda x: f"{x['question']} / {[d.metadata['title'] for d in x['context']]}")
    out = chain.invoke("ＳＡＦの国際認証の取得はいつ？")
    assert out.startswith("ＳＡＦの国際認証") and "SAF" in out
    docs = retriever.invoke("SAFの国際認証の取得はいつ？")
    assert docs[0].page_content == assistant.sheet(docs[0].metadata["sheet_id"]).text
