"""The naive LangChain pipeline a user would otherwise build, as the baseline of `bench`.

Nothing here is used by the assistant itself. The pipeline is the tutorial recipe:

* each plan text ``docs_source/*.txt`` loaded whole with ``TextLoader``;
* ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` over each file;
* (a) dense: ``langchain_chroma.Chroma`` in a temporary directory (telemetry off, Chroma's default
  distance) over the same e5 model as ours, retrieved with ``as_retriever(search_kwargs={"k": 10})``;
* (b) sparse: ``langchain_community.retrievers.BM25Retriever.from_documents(chunks, k=10)`` with its
  default tokenizer (``str.split``, i.e. whitespace, which barely splits Japanese at all).

There is no generator: the "answer" is the top-3 chunks concatenated, cited as the chunks
themselves, and the pipeline never abstains. Answers follow the JSON contract of
../shared/eval/README.md with chunk ids in place of sheet ids, so `evaluation.score` can rate them
with ``chunk_texts()`` as the "sheet texts".
"""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from langchain_core.documents import Document

from assistant.text.normalize import norm

CHUNK_SIZE, CHUNK_OVERLAP, TOP_K, ANSWER_CHUNKS = 1000, 200, 10, 3


def load_documents(docs_dir: str | Path) -> list[Document]:
    """Every plan text file (``*.txt``) in the folder, one Document per file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community announces its sunset on import
        from langchain_community.document_loaders import TextLoader
    docs: list[Document] = []
    for path in sorted(Path(docs_dir).glob("*.txt")):
        docs.extend(TextLoader(str(path), encoding="utf-8").load())
    return docs


def split_documents(docs: list[Document], chunk_size: int = CHUNK_SIZE,
                    chunk_overlap: int = CHUNK_OVERLAP) -> list[Document]:
    """The recursive character splitter over each file; chunks get stable ids ``naive-<n>``."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)
    chunks = splitter.split_documents(docs)
    for i, c in enumerate(chunks):
        c.id = f"naive-{i:04d}"
        c.metadata["chunk_id"] = c.id
    return chunks


def chunk_texts(chunks: list[Document]) -> dict[str, str]:
    return {c.id: c.page_content for c in chunks}


class NaivePipeline:
    """A retriever plus the "answer = top-3 chunks" rule."""

    name = "naive"

    def __init__(self, retriever, chunks: list[Document]):
        self.retriever = retriever
        self.chunks = chunks

    def retrieve(self, query: str) -> list[Document]:
        return self.retriever.invoke(query)

    def ask(self, question: str, history: list[str] | None = None, id: str | None = None) -> dict:
        """Contract-shaped answer. A follow-up's query is the earlier questions and the question
        joined by spaces (the pipeline has no other way to know what その施策 refers to)."""
        t0 = time.perf_counter()
        query = " ".join([*(history or []), question])
        docs = self.retrieve(query)
        t1 = time.perf_counter()
        top = docs[:ANSWER_CHUNKS]
        answer = "\n\n".join(d.page_content for d in top)
        citations = [{"n": i + 1, "sheet_id": d.id, "doc": Path(d.metadata.get("source", "")).name,
                      "title": "", "section": "", "page": None, "field": "", "quote": d.page_content}
                     for i, d in enumerate(top)]
        total = (time.perf_counter() - t0) * 1000
        return {"id": id, "question": question, "answer": answer, "abstained": False,
                "citations": citations, "retrieved": [d.id for d in docs],
                "timings_ms": {"retrieve": (t1 - t0) * 1000, "compose": 0.0, "total": total}}


@dataclass
class DenseBuild:
    pipeline: NaivePipeline
    split_s: float
    embed_store_s: float
    chunks: int
    chars: int


def build_dense(docs_dir: str | Path, embeddings, persist_dir: str | Path,
                collection: str = "naive") -> DenseBuild:
    """Split the files and load them into a fresh persistent Chroma collection in `persist_dir`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    t0 = time.perf_counter()
    chunks = split_documents(load_documents(docs_dir))
    t1 = time.perf_counter()
    client = chromadb.PersistentClient(path=str(persist_dir),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma.from_documents(chunks, embeddings, ids=[c.id for c in chunks], client=client,
                                  collection_name=collection)
    t2 = time.perf_counter()
    pipe = NaivePipeline(store.as_retriever(search_kwargs={"k": TOP_K}), chunks)
    pipe.name = "naive-dense"
    pipe.store = store  # keep the client alive
    return DenseBuild(pipe, t1 - t0, t2 - t1, len(chunks), sum(len(c.page_content) for c in chunks))


def build_bm25(docs_dir: str | Path) -> tuple[NaivePipeline, float]:
    """BM25Retriever over the same chunks, default preprocessing (whitespace split); seconds taken."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from langchain_community.retrievers import BM25Retriever
    t0 = time.perf_counter()
    chunks = split_documents(load_documents(docs_dir))
    retriever = BM25Retriever.from_documents(chunks, k=TOP_K)
    pipe = NaivePipeline(retriever, chunks)
    pipe.name = "naive-bm25"
    return pipe, time.perf_counter() - t0


# ---- mapping chunks onto our sheets (a cross-check of the chunk-level scoring) -------------------
_n = norm  # the contract's matching form


def sheet_of_chunk(chunk_text: str, sheet_texts: dict[str, str], min_line: int = 4) -> str | None:
    """The sheet whose text contains most of the chunk: the chunk's lines (normalized as the eval
    README does) are looked up in every sheet; the sheet holding the most characters wins (the
    first such sheet on ties). None when no line of the chunk is in any sheet."""
    lines = [_n(line) for line in chunk_text.splitlines()]
    lines = [ln.lstrip("-・*#") for ln in lines]
    lines = [ln for ln in lines if len(ln) >= min_line]
    best, best_chars = None, 0
    for sid, text in sheet_texts.items():
        chars = sum(len(ln) for ln in lines if ln in text)
        if chars > best_chars:
            best, best_chars = sid, chars
    return best


def map_answer_to_sheets(answer: dict, chunk_to_sheet: dict[str, str | None]) -> dict:
    """The answer's ranked chunk ids replaced by their sheets, deduplicated (first rank kept)."""
    seen: list[str] = []
    for cid in answer.get("retrieved", []):
        sid = chunk_to_sheet.get(cid)
        if sid and sid not in seen:
            seen.append(sid)
    return {**answer, "retrieved": seen, "citations": []}
