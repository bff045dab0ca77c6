"""A real OpenAI-compatible HTTP server for tests: ``POST /v1/chat/completions`` on 127.0.0.1 (a
free port), answering with completions the test scripts, plain JSON or streamed as server-sent
events (``data: {...}`` chunks, then ``data: [DONE]``). Every request is recorded (path, headers,
JSON body) so a test can check what the assistant sent.

    with FakeLLM() as llm:
        llm.script(Reply("回答です[1]。"))               # next request gets this
        llm.script(lambda body: Reply(...))            # or a reply computed from the request
        ... Assistant(load_settings(llm_base_url=llm.url)) ...
        llm.requests[-1].headers["authorization"]

Also runnable by hand, for trying the UI in LLM mode without a model:
    python tests/helpers/fake_llm.py --port 8765 --reply "計画文書には記載がありません。"
"""
from __future__ import annotations

import argparse
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0          # seconds before answering (a slow model)
    error: str = "scripted failure"  # message of a non-200 reply
    piece: int = 4              # characters per streamed chunk
    piece_delay: float = 0.0    # seconds between streamed chunks (a long or endless generation)


Script = Reply | Callable[[dict], Reply]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict
    raw: bytes = b""

    @property
    def messages(self) -> list[dict]:
        return self.body.get("messages", [])

    def role(self, role: str) -> list[str]:
        return [m.get("content", "") for m in self.messages if m.get("role") == role]


@dataclass
class FakeLLM:
    default: Reply = field(default_factory=lambda: Reply("計画文書には記載がありません。"))
    host: str = "127.0.0.1"
    port: int = 0

    def __post_init__(self):
        self.requests: list[Recorded] = []
        self.generating = 0  # streamed replies still being written (a server still at work)
        self.abandoned = 0   # streamed replies whose client closed the connection before the end
        self._queue: list[Script] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- control -----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL as the OpenAI client wants it (…/v1)."""
        assert self._server is not None, "start() the server first"
        return f"http://{self.host}:{self._server.server_address[1]}/v1"

    def script(self, *replies: Script) -> None:
        """Replies for the next requests, in order; the default answers once they are used up."""
        with self._lock:
            self._queue.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.abandoned = 0

    def _next(self, body: dict) -> Reply:
        with self._lock:
            item = self._queue.pop(0) if self._queue else self.default
        return item(body) if callable(item) else item

    def start(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                if self.path.rstrip("/") == "/v1/models":
                    return self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    return self._json(400, {"error": {"message": "body is not JSON", "type": "invalid"}})
                with fake._lock:
                    fake.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()},
                                                  body, raw))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._json(404, {"error": {"message": f"no route {self.path}",
                                                      "type": "not_found"}})
                reply = fake._next(body)
                if reply.delay and fake._stop.wait(reply.delay):
                    return
                try:
                    if reply.status != 200:
                        error = {"message": reply.error, "type": "server_error", "code": reply.status}
                        return self._json(reply.status, {"error": error})
                    if body.get("stream"):
                        return self._stream(body, reply)
                    self._json(200, completion(body, reply.content))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _json(self, status: int, obj: dict) -> None:
                data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                with fake._lock:
                    fake.generating += 1
                try:
                    for event in stream_chunks(body, reply.content, reply.piece):
                        self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                        if reply.piece_delay and fake._stop.wait(reply.piece_delay):
                            return
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    with fake._lock:
                        fake.abandoned += 1
                finally:
                    with fake._lock:
                        fake.generating -= 1

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---- the OpenAI wire format -------------------------------------------------------------------
def _usage(body: dict, content: str) -> dict:
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    return {"prompt_tokens": prompt, "completion_tokens": len(content), "total_tokens": prompt + len(content)}


def completion(body: dict, content: str) -> dict:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": _usage(body, content),
    }


def stream_chunks(body: dict, content: str, piece: int = 4) -> list[dict]:
    cid, created, model = f"chatcmpl-{uuid.uuid4().hex[:12]}", int(time.time()), body.get("model", "fake")

    def chunk(delta: dict, finish: str | None = None) -> dict:
        return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}

    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": content[i:i + piece]}) for i in range(0, len(content), max(1, piece))]
    events.append(chunk({}, "stop"))
    if (body.get("stream_options") or {}).get("include_usage"):
        events.append({"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                       "choices": [], "usage": _usage(body, content)})
    return events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--reply", default="計画文書には記載がありません。", help="the reply to every request")
    args = ap.parse_args()
    fake = FakeLLM(default=Reply(args.reply), port=args.port).start()
    print(f"fake LLM at {fake.url}  (ASSISTANT_LLM_BASE_URL={fake.url}); Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
