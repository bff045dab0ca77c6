"""The persisted index: chunks in Chroma (dense) and a BM25 index (sparse), with a manifest.

Layout under settings.index_dir:
    cache/embeddings.sqlite   embeddings by content hash (survives rebuilds)
    builds/<build id>/        one complete build: manifest.json, sheets.json, chunks.json, sparse/, chroma/,
                              line_tokens.json (each sheet line's tokens, so opening does not re-tokenise),
                              indicators.json (the indicator table, assistant/indicators/)
    CURRENT                   the build id being served, replaced atomically when a build completes
A build is written into builds/.tmp-<id> and renamed when complete, so an interrupted build never
replaces the index being served."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import IndexNotReady
from assistant.index.chunking import CHUNKER_VERSION, chunk_sheets
from assistant.indicators.table import FILE as INDICATORS
from assistant.indicators.table import INDICATORS_VERSION, IndicatorTable
from assistant.indicators.table import build as build_indicators
from assistant.ingest.catalog import PARSER_VERSION, Catalog, load_catalog
from assistant.ingest.documents import load_registry
from assistant.models import Chunk, Mention, Place, Sheet
from assistant.settings import Settings
from assistant.text.japanese import TOKENIZER_VERSION, tokenize

if TYPE_CHECKING:  # bm25s is imported when an index is built or opened, not to list sheets
    from assistant.index.sparse import SparseIndex

log = logging.getLogger(__name__)
COLLECTION = "sheets"
# How widely Chroma's HNSW graph is searched. Its default (100) let the nearest chunk drop out of the
# 60 nearest in 5 of 20 builds of one index (the graph differs from build to build); at 500 the search is
# all but exhaustive for indexes of this size (a few thousand chunks) and costs well under a millisecond
# here. Measured in BENCHMARKS.md ("Dense search").
SEARCH_EF = 500
# parser, chunker, sparse tokenizer, indicator and vector-search versions together: a change to any of
# them rebuilds the index
INDEX_FORMAT = (f"parser{PARSER_VERSION}-chunker{CHUNKER_VERSION}-{TOKENIZER_VERSION}-indicators{INDICATORS_VERSION}"
                f"-ef{SEARCH_EF}")
Progress = Callable[[str, int, int], None]


def corpus_hash(docs_dir) -> str:
    """Hash of the registered documents' names, titles, kinds and bytes: cheap, no parsing."""
    h = hashlib.sha256()
    for doc in load_registry(Path(docs_dir)):
        h.update(f"{doc.file}\x1f{doc.title}\x1f{doc.kind}\x1f{doc.layout}\x1f{doc.digest()}\n".encode())
    return h.hexdigest()


def chroma_client(settings: Settings, path: Path | None):
    """A Chroma client with telemetry off: a server's HTTP client when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                   settings=chroma_settings)
    assert path is not None
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def vector_store(client, collection: str, embeddings):
    """langchain-chroma store bound to our embeddings (never Chroma's default embedding function)."""
    from langchain_chroma import Chroma

    return Chroma(collection_name=collection, embedding_function=embeddings, client=client,
                  collection_metadata={"hnsw:space": "cosine", "hnsw:search_ef": SEARCH_EF})


@dataclass
class Manifest:
    build_id: str
    corpus_hash: str
    parser_version: str
    embedding_model: str
    chunk_tokens: int
    built_at: str
    documents: list[str]
    sheets: int
    chunks: int
    collection: str
    chroma_host: str | None

    @classmethod
    def read(cls, path: Path) -> Manifest:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


LINE_TOKENS = "line_tokens.json"


def line_tokens(sheets: list[Sheet]) -> dict[str, list[str]]:
    """The tokens of every distinct non-empty line of the sheets (what the composer scores lines by);
    computed once per build because tokenising every line is most of the time of opening a large index."""
    out: dict[str, list[str]] = {}
    for sheet in sheets:
        for raw in sheet.text.splitlines():
            text = raw.strip()
            if text and text not in out:
                out[text] = tokenize(text)
    return out


def _read_line_tokens(path: Path) -> dict[str, list[str]]:
    """The build's line tokens, or nothing (then the composer tokenises) when the file is missing, from
    another tokenizer version or unreadable: it only saves time, the index stays usable without it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("tokenizer") != TOKENIZER_VERSION:
        return {}
    lines = data.get("lines")
    return lines if isinstance(lines, dict) else {}


def _sheet_from_json(d: dict) -> Sheet:
    return Sheet(d["id"], d["doc"], d["doc_title"], d["section"], d["title"], d["page"], d["text"],
                 d.get("fields", {}), d.get("title_derived", False), d.get("kind", "measure"),
                 list(d["ministry"]["stated"]),
                 [Mention(m["name"], m["quote"]) for m in d.get("mentioned_quotes", [])],
                 [Place(p["section"], p["page"], p["line"], p["title"]) for p in d.get("appears_at", [])],
                 d.get("toc_label", ""), list(d.get("line_pages", [])), d.get("toc_entry", ""),
                 d.get("title_source", ""), d.get("heading", ""), d.get("chapter", ""))


class IndexStore:
    """Builds, checks and opens the index; hands out the pieces retrieval needs."""

    def __init__(self, settings: Settings, embeddings):
        self.settings = settings
        self.embeddings = embeddings
        self.root = Path(settings.index_dir)

    # ---- paths -----------------------------------------------------------------------------
    @property
    def builds(self) -> Path:
        return self.root / "builds"

    def current_dir(self) -> Path | None:
        pointer = self.root / "CURRENT"
        if not pointer.exists():
            return None
        target = self.builds / pointer.read_text(encoding="utf-8").strip()
        return target if target.is_dir() else None

    # ---- state -----------------------------------------------------------------------------
    def manifest(self) -> Manifest | None:
        cur = self.current_dir()
        try:
            return Manifest.read(cur / "manifest.json") if cur else None
        except (OSError, ValueError, TypeError):
            return None

    def staleness(self) -> str | None:
        """Why the served index cannot be used as is, or None when it is current."""
        man = self.manifest()
        if man is None:
            return "no index has been built"
        if man.corpus_hash != corpus_hash(self.settings.docs_dir):
            return "documents in docs_source/ changed"
        if man.parser_version != INDEX_FORMAT:
            return "the index format changed (parser, chunker, tokenizer or vector search)"
        if man.embedding_model != self.embeddings.model_key:
            return f"the embedding model changed ({man.embedding_model} -> {self.embeddings.model_key})"
        if man.chunk_tokens != self.settings.chunk_tokens:
            return "the chunk size changed"
        if (man.chroma_host or None) != (self.settings.chroma_host or None):
            return "the Chroma server setting changed"
        return None

    # ---- build -----------------------------------------------------------------------------
    def build(self, catalog: Catalog | None = None, progress: Progress | None = None) -> Manifest:
        """Build a complete new index beside the served one, then swap it in."""
        from assistant.index.sparse import SparseIndex

        digest = corpus_hash(self.settings.docs_dir)  # before parsing: a change during the build shows next time
        catalog = catalog or load_catalog(self.settings.docs_dir)
        if not catalog.sheets:
            raise IndexNotReady(f"no sheets could be read from {self.settings.docs_dir}: "
                                + "; ".join(catalog.problems or ["the folder has no documents"]))
        build_id = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        self.builds.mkdir(parents=True, exist_ok=True)
        for stale in self.builds.glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by an interrupted build
        tmp = self.builds / f".tmp-{build_id}"
        tmp.mkdir()
        chunks = chunk_sheets(catalog.sheets, self.settings.chunk_tokens)
        texts = [c.indexed_text for c in chunks]
        step = max(1, self.settings.embedding_batch_size)
        for start in range(0, len(texts), step):
            self.embeddings.embed_documents(texts[start:start + step])  # fills the cache
            if progress:
                progress("embed", min(len(texts), start + step), len(texts))
        collection = f"{COLLECTION}-{build_id}" if self.settings.chroma_host else COLLECTION
        client = chroma_client(self.settings, tmp / "chroma")
        store = vector_store(client, collection, self.embeddings)
        for start in range(0, len(chunks), 256):
            part = chunks[start:start + 256]
            store.add_texts([c.indexed_text for c in part], metadatas=[c.metadata() for c in part],
                            ids=[c.id for c in part])
        if progress:
            progress("store", len(chunks), len(chunks))
        # BM25 also sees each chunk's section path (「Ⅲ-2の背景」 names a section); the dense side does
        # not need it, and every character embedded costs build time
        SparseIndex.build([f"{c.section}\n{t}" for c, t in zip(chunks, texts, strict=True)]).save(tmp / "sparse")
        (tmp / "sheets.json").write_text(json.dumps([s.to_json() for s in catalog.sheets],
                                                    ensure_ascii=False), encoding="utf-8")
        (tmp / "chunks.json").write_text(json.dumps([asdict(c) for c in chunks], ensure_ascii=False),
                                         encoding="utf-8")
        # the indicator table: its names are embedded through the same cache as the chunks
        build_indicators(catalog.sheets, self.embeddings.embed_documents,
                         self.settings.indicator_join_threshold).save(tmp / INDICATORS)
        (tmp / LINE_TOKENS).write_text(json.dumps({"tokenizer": TOKENIZER_VERSION,
                                                   "lines": line_tokens(catalog.sheets)}, ensure_ascii=False),
                                       encoding="utf-8")
        man = Manifest(build_id, digest, INDEX_FORMAT, self.embeddings.model_key,
                       self.settings.chunk_tokens, time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                       [d.file for d in catalog.documents], len(catalog.sheets), len(chunks), collection,
                       self.settings.chroma_host)
        (tmp / "manifest.json").write_text(json.dumps(asdict(man), ensure_ascii=False, indent=1),
                                           encoding="utf-8")
        del store, client
        final = self.builds / build_id
        os.replace(tmp, final)
        self._point_to(build_id)
        self._prune(keep=build_id)
        return man

    def _point_to(self, build_id: str) -> None:
        pointer = self.root / "CURRENT"
        tmp = self.root / f".CURRENT.{os.getpid()}"
        tmp.write_text(build_id, encoding="utf-8")
        os.replace(tmp, pointer)

    def _prune(self, keep: str) -> None:
        for old in self.builds.iterdir():
            if old.name != keep and not old.name.startswith(".tmp-"):
                shutil.rmtree(old, ignore_errors=True)

    # ---- open ------------------------------------------------------------------------------
    def open(self) -> OpenIndex:
        from assistant.index.sparse import SparseIndex

        cur = self.current_dir()
        man = self.manifest()
        if cur is None or man is None:
            raise IndexNotReady("the index is not built: run `python -m assistant index`")
        try:
            sheets = [_sheet_from_json(d) for d in json.loads((cur / "sheets.json").read_text("utf-8"))]
            chunks = [Chunk(**d) for d in json.loads((cur / "chunks.json").read_text("utf-8"))]
            sparse = SparseIndex.load(cur / "sparse")
            client = chroma_client(self.settings, cur / "chroma")
            store = vector_store(client, man.collection, self.embeddings)
            if store._collection.count() != len(chunks):
                raise ValueError("the vector collection does not match the chunk list")
        except Exception as exc:  # any damage to the files means the index must be rebuilt
            raise IndexNotReady(f"the index at {cur} is damaged ({type(exc).__name__}: {exc}); "
                                "run `python -m assistant index --rebuild`") from exc
        indicators = IndicatorTable.load(cur / INDICATORS)
        if indicators.threshold != self.settings.indicator_join_threshold:  # the setting changed since the build
            indicators = build_indicators(sheets, self.embeddings.embed_documents,
                                          self.settings.indicator_join_threshold)
        return OpenIndex(man, sheets, chunks, sparse, store, cur, _read_line_tokens(cur / LINE_TOKENS), indicators)


@dataclass
class OpenIndex:
    manifest: Manifest
    sheets: list[Sheet]
    chunks: list[Chunk]
    sparse: SparseIndex
    store: Any  # a LangChain Chroma vector store (langchain_chroma.Chroma), local or on a server
    path: Path
    line_tokens: dict[str, list[str]] = field(default_factory=dict)  # line text -> its tokens
    indicators: IndicatorTable = field(default_factory=IndicatorTable)
    _vectors: dict = field(default_factory=dict, repr=False)
    _by_sheet: dict = field(default_factory=dict, repr=False)

    def chunk_vectors(self, sheet_id: str) -> list[tuple[list[str], object]]:
        """(stripped lines, unit vector as a numpy array) of each stored chunk of a sheet, read from the
        vector store once per sheet: the composer scores evidence with the vectors retrieval has."""
        if sheet_id not in self._vectors:
            import numpy as np

            if not self._by_sheet:  # first use: which chunks belong to which sheet (built, then set whole)
                by_sheet: dict = {}
                for c in self.chunks:
                    by_sheet.setdefault(c.sheet_id, []).append(c)
                self._by_sheet = by_sheet
            mine = self._by_sheet.get(sheet_id, [])
            ids = [c.id for c in mine]
            lines = {c.id: [ln.strip() for ln in c.text.splitlines() if ln.strip()] for c in mine}
            try:
                got = self.store.get(ids=ids, include=["embeddings"]) if ids else {"ids": [], "embeddings": []}
            except Exception as exc:  # noqa: BLE001 - evidence is then scored by its words alone
                log.warning("chunk vectors of %s could not be read (%s)", sheet_id, type(exc).__name__)
                return []
            out = []
            for cid, vec in zip(got["ids"], got["embeddings"], strict=True):
                v = np.asarray(vec, dtype=np.float32)
                out.append((lines[cid], v / (np.linalg.norm(v) or 1.0)))
            self._vectors[sheet_id] = out
        return self._vectors[sheet_id]
