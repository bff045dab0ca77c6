"""Whether llama.cpp's server runs on this machine: starts it on loopback with a GGUF model, asks one chat
completion, stops it. Exits 0 when a reply came, 1 with what failed (and the end of the server's log)
otherwise. Run by scripts/llm_server.sh with .venv-llm's Python; the standard library only, so that it
needs nothing from the project.

    .venv-llm/bin/python scripts/check_llm_server.py --model .venv-llm/gemma3-270m-q4_k_m.gguf
"""
from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path


class CheckFailed(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _exit_text(code: int) -> str:
    # a crash in ggml's kernels shows as a signal (SIGSEGV for a general protection fault, SIGILL for an
    # instruction the CPU lacks), which says more than "exit code -11"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _get_json(url: str, body: dict | None, timeout: float) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def _wait_for_model(proc: subprocess.Popen, url: str, seconds: float) -> str:
    end = time.monotonic() + seconds
    while True:
        try:
            return _get_json(f"{url}/models", None, 2)["data"][0]["id"]
        except (OSError, ValueError, KeyError, IndexError):
            if proc.poll() is not None:
                raise CheckFailed(f"the server exited while starting ({_exit_text(proc.returncode)})") from None
            if time.monotonic() > end:
                raise CheckFailed(f"the server did not list its model within {seconds:.0f} s") from None
            time.sleep(0.5)


def _ask(proc: subprocess.Popen, url: str, model: str, seconds: float) -> str:
    body = {"model": model, "max_tokens": 16, "temperature": 0,
            "messages": [{"role": "user", "content": "日本の首都はどこですか？"}]}
    try:
        reply = _get_json(f"{url}/chat/completions", body, seconds)
    except (OSError, ValueError) as e:
        time.sleep(1)  # a crashed server's socket closes before its exit status is there to read
        if proc.poll() is not None:
            raise CheckFailed(f"the server died on a chat completion ({_exit_text(proc.returncode)})") from None
        raise CheckFailed(f"the chat completion failed: {e}") from None
    try:
        text = reply["choices"][0]["message"]["content"]
        tokens = reply["usage"]["completion_tokens"]
    except (KeyError, IndexError, TypeError):
        raise CheckFailed(f"the chat completion is malformed: {json.dumps(reply)[:300]}") from None
    if not isinstance(text, str) or tokens < 1:
        raise CheckFailed(f"the chat completion generated no token: {json.dumps(reply)[:300]}")
    return f"{tokens} tokens: {text!r}"


def check(python: str, model: Path, chat_format: str, seconds: float) -> str:
    """One chat completion from a fresh server; what it said, or CheckFailed saying what went wrong."""
    if not model.is_file():
        raise CheckFailed(f"no model at {model}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([python, "-m", "llama_cpp.server", "--model", str(model), "--n_ctx", "2048",
                                 "--chat_format", chat_format, "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                started = time.monotonic()
                said = _ask(proc, url, _wait_for_model(proc, url, seconds), seconds)
                return f"{said} in {time.monotonic() - started:.1f} s from start"
            except CheckFailed as e:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-1500:]
                raise CheckFailed(f"{e}\n--- end of the server's log ---\n{tail}") from None
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, required=True, help="a GGUF file")
    ap.add_argument("--python", default=sys.executable, help="a Python with llama_cpp.server (default: this one)")
    # Gemma 3's own template: under llama.cpp's fallback (llama-2) the 270M base model's first token
    # ends the reply, and a reply of no tokens would not show that generating works
    ap.add_argument("--chat-format", default="gemma", help="the model's chat template (default: gemma)")
    ap.add_argument("--timeout", type=float, default=180, help="seconds for starting, then for the reply")
    args = ap.parse_args()
    try:
        said = check(args.python, args.model, args.chat_format, args.timeout)
    except CheckFailed as e:
        print(f"llama.cpp's server check failed: {e}", file=sys.stderr)
        return 1
    print(f"llama.cpp's server answered: {said}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
