"""LLM mode against a real OpenAI-compatible server: llama.cpp's server (llama-cpp-python[server]) on
loopback with the Gemma 3 270M GGUF from PyPI. Opt-in: ASSISTANT_TEST_LLAMA_PYTHON names a Python that
has llama_cpp.server (scripts/llm_server.sh sets one up in .venv-llm/), and the test is marked
``llm_server``. That model is small and a base model: it mostly echoes its prompt, which is what the
checks are for. Asserted for every turn: nothing unsupported is shown (an LLM answer only with every
statement cited and every quote verbatim; otherwise the offline answer with a notice saying why), the
turn ends within the deadline + 1 s, and the server is idle within a few seconds of it."""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.answer.citations import quote_in_sheet
from assistant.llm.reply import MARKER, figures, is_heading, markers, statement_spans
from assistant.service import Assistant
from assistant.settings import load_settings
from bench.app_process import free_port, stop_process

pytestmark = pytest.mark.llm_server
PY = os.environ.get("ASSISTANT_TEST_LLAMA_PYTHON")
MODEL = os.environ.get("ASSISTANT_TEST_LLAMA_MODEL") or (
    str(Path(PY).absolute().parent.parent / "gemma3-270m-q4_k_m.gguf") if PY else "")  # the venv, not its python
DEADLINE = float(os.environ.get("ASSISTANT_TEST_LLM_DEADLINE", "20"))  # seconds for a turn
# the sources' token budget; a smaller one lets a slow machine read the prompt within the deadline
CONTEXT = int(os.environ.get("ASSISTANT_TEST_LLM_CONTEXT", "0")) or None
# questions written for this test, a follow-up among them
TURNS = [
    ("使用済紙おむつのリサイクルの目標は？", None),
    ("下水汚泥を肥料に使う取組は、どの省の事業ですか？", None),
    ("その予定は？", ["下水汚泥を肥料に使う取組について"]),
    ("ドイツの循環経済戦略の目標は何％？", None),
    ("サーキュラーエコノミーポートは何港選ぶ？", None),
]
NOTICE = re.compile(r"LLM (?:が時間内に応答しなかった|の回答を採用しなかった|サーバー(?:の応答の形式|が HTTP \d+ を返した|"
                    r"に接続できなかった)).*オフラインの回答を表示しています")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _idle_within(pid: int, seconds: float) -> bool:
    """Whether the process uses under a fifth of a core over some half second within `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        before = _cpu_seconds(pid)
        time.sleep(0.5)
        if _cpu_seconds(pid) - before < 0.1:
            return True
    return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not PY:
        pytest.skip("set ASSISTANT_TEST_LLAMA_PYTHON (scripts/llm_server.sh sets up llama.cpp's server)")
    if not Path(MODEL).is_file():
        pytest.skip(f"no model at {MODEL} (scripts/llm_server.sh assembles it)")
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([PY, "-m", "llama_cpp.server", "--model", MODEL, "--n_ctx", "8192",
                                 "--host", "127.0.0.1", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        end = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as r:
                    model_id = json.loads(r.read())["data"][0]["id"]
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > end:
                    pytest.fail(f"llama.cpp's server did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(1)
        yield url, model_id, proc
    finally:
        stop_process(proc, 10)


def test_a_real_small_model_never_gets_unsupported_text_shown(server, assistant):
    url, model_id, proc = server
    llm = Assistant(load_settings(index_dir=assistant.settings.index_dir, docs_dir=assistant.settings.docs_dir,
                                  llm_base_url=url, llm_model=model_id, llm_timeout=DEADLINE,
                                  **({"llm_context_tokens": CONTEXT} if CONTEXT else {})),
                    embeddings=assistant.embeddings)
    llm.ensure_index()
    results = []
    for question, history in TURNS:
        t = time.perf_counter()
        ans = llm.ask(question, history=history)
        elapsed = time.perf_counter() - t
        assert elapsed < DEADLINE + 1.0, (question, elapsed)
        if ans.mode == "llm":
            sheets = {s.id: s for s in llm.sheets()}
            assert all(quote_in_sheet(c.quote, sheets[c.sheet_id]) for c in ans.citations)
            body = ans.answer.split(":\n", 1)[-1] if ans.topic else ans.answer
            quoted = {c.n: sheets[c.sheet_id].text for c in ans.citations}
            for a, b in statement_spans(body):
                statement = body[a:b]
                assert MARKER.search(statement) or is_heading(statement) or ans.abstained, statement
                cited = "\n".join(quoted.get(n, "") for n in markers(statement))
                assert figures(statement) <= figures(cited), statement  # no figure its sheets lack
        else:
            assert any(NOTICE.search(n) for n in ans.notices), ans.notices
        assert _idle_within(proc.pid, 5.0), f"the server is still generating after: {question}"
        results.append({"question": question, "mode": ans.mode, "seconds": round(elapsed, 1),
                        "notices": ans.notices})
    print(json.dumps(results, ensure_ascii=False))
