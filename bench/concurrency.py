"""Concurrent users against the running web app, through its API (gradio_client), loopback only.

    .venv/bin/python bench/concurrency.py [--clients 16] [--questions 10] [--write BENCHMARKS.md]
                                          [--json results.json] [--index-dir DIR]

Starts ``app.py`` on a free 127.0.0.1 port over a temporary copy of ``index/`` (or ``--index-dir``),
with the network guard of ``tests/netguard`` in the app and in this process (only loopback
connections), then:

1. single user: every question once through ``/ask`` (and each conversation's follow-up through
   ``/ask`` with its history) -- the reference answers and the single-user latency;
2. load: ``--clients`` gradio_client clients at once, each in its own session: a topic question through
   the session-keeping ``/chat``, ``--questions`` dev questions (``../shared/eval/dev.jsonl``) through
   ``/ask``, then a follow-up through ``/chat`` that must be answered against that client's own topic.

Every load answer must equal the single-user answer (``answer``, ``citations``, ``retrieved``), and each
client's conversation must equal the single-user conversation (same messages, follow-up resolved against
its own topic). Prints throughput (questions/s) and p50/p95 latency as JSON; ``--write`` replaces the
section between ``<!-- concurrency:start -->`` and ``<!-- concurrency:end -->`` of the given Markdown file
(appending it when absent). ``tests/test_reliability.py`` runs the same load (``run_load``) against the
test app."""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the bench package lives at the project's top
    sys.path.insert(0, str(ROOT))

from assistant.evaluation import percentile  # noqa: E402
from bench.app_process import AppProcess, index_copy  # noqa: E402
from bench.report import write_section  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
NETGUARD = ROOT / "tests" / "netguard"
START, END = "<!-- concurrency:start -->", "<!-- concurrency:end -->"
CALL_TIMEOUT = 120.0  # seconds for one answer under load
OFFLINE_ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
               "ANONYMIZED_TELEMETRY": "False", "TRANSFORMERS_OFFLINE": "1"}


@dataclass(frozen=True)
class Conversation:
    """A topic question, then a follow-up that only makes sense against that topic."""

    topic: str
    follow_up: str
    expect: tuple[str, ...]  # each item: alternatives separated by "|", one must be in the answer


# the two of the issue first, then the multi-turn dev items that name what the answer must contain
CONVERSATIONS = [Conversation("太陽光パネルのリサイクルの施策", "法案はいつ提出？", ("第221回",)),
                 Conversation("J4CEとは", "参加企業・団体の数は？", ("235",))]


def load_questions(path: Path = EVAL / "dev.jsonl") -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def load_conversations(path: Path = EVAL / "dev_multiturn.jsonl") -> list[Conversation]:
    out = list(CONVERSATIONS)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            if len(item.get("history") or []) == 1 and item.get("answer_contains"):
                out.append(Conversation(item["history"][0], item["question"], tuple(item["answer_contains"])))
    return out


def contains(text: str, expect) -> bool:
    return all(any(alt in text for alt in item.split("|")) for item in expect)


def comparable(answer: dict) -> dict:
    """What must not depend on other users: the answer, its citations and the retrieved sheets."""
    return {k: answer.get(k) for k in ("answer", "citations", "retrieved")}


def chat_view(messages) -> list[tuple[str, str]]:
    """The /chat chatbot value as (role, text) pairs (gradio_client returns content as text parts;
    whitespace runs are folded because the chatbot expands tabs)."""
    out = []
    for m in messages or []:
        content = m.get("content")
        if isinstance(content, list):
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        out.append((m.get("role"), " ".join(str(content).split())))
    return out


def expected_chat(conv: Conversation, topic_answer: dict, follow_answer: dict) -> list[tuple[str, str]]:
    from assistant.ui.render import chat_messages

    return chat_view(chat_messages([{"question": conv.topic, "answer": topic_answer},
                                    {"question": conv.follow_up, "answer": follow_answer}]))


def new_client(url: str, auth=None):
    from gradio_client import Client

    # analytics_enabled=False: gradio_client otherwise starts a telemetry thread whatever the env says
    return Client(url, verbose=False, download_files=False, analytics_enabled=False, auth=auth)


def call(client, api_name: str, *args):
    t = time.perf_counter()
    result = client.submit(*args, api_name=api_name).result(timeout=CALL_TIMEOUT)
    return result, (time.perf_counter() - t) * 1000


def plan(clients: int, per_client: int, questions: list[str]) -> list[list[str]]:
    """Client i asks `per_client` dev questions from position i * per_client on (wrapping): every
    question is asked, most by several clients at once."""
    n = len(questions)
    return [[questions[(i * per_client + j) % n] for j in range(per_client)] for i in range(clients)]


@dataclass
class Reference:
    answers: dict[str, dict] = field(default_factory=dict)  # question -> /ask answer
    conversations: dict[Conversation, tuple[dict, dict]] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)


def single_user(url: str, questions, conversations, auth=None) -> Reference:
    """Each distinct question once, one at a time, from one client: the reference answers."""
    ref = Reference()
    client = new_client(url, auth)
    for q in dict.fromkeys(questions):
        ref.answers[q], ms = call(client, "/ask", q)
        ref.latencies_ms.append(ms)
    for conv in dict.fromkeys(conversations):
        topic, ms1 = call(client, "/ask", conv.topic)
        follow, ms2 = call(client, "/ask", conv.follow_up, [conv.topic])
        ref.conversations[conv] = (topic, follow)
        ref.latencies_ms += [ms1, ms2]
    return ref


def run_load(url: str, clients: int, per_client: int, questions: list[str], conversations: list[Conversation],
             ref: Reference, auth=None, deadline_s: float = 600) -> dict:
    """`clients` users at once (one gradio_client each, started together): /chat topic, `per_client`
    /ask questions, /chat follow-up. Returns counts, problems and latencies."""
    work = plan(clients, per_client, questions)
    barrier = threading.Barrier(clients, timeout=120)
    lock = threading.Lock()
    out = {"errors": [], "mismatches": [], "conversation_failures": [], "ask_ms": [], "chat_ms": [],
           "answered": 0}
    deadline = time.monotonic() + deadline_s

    def note(kind: str, text: str) -> None:
        with lock:
            out[kind].append(text)

    def user(i: int) -> None:
        conv = conversations[i % len(conversations)]
        try:
            client = new_client(url, auth)
        except Exception as exc:  # noqa: BLE001 - counted, the other users go on
            note("errors", f"client {i}: could not connect: {exc!r}")
            barrier.abort()
            return
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            note("errors", f"client {i}: the other clients did not start")
            return
        steps = [("/chat", conv.topic)] + [("/ask", q) for q in work[i]] + [("/chat", conv.follow_up)]
        chat = None
        for api, q in steps:
            if time.monotonic() > deadline:
                note("errors", f"client {i}: out of time before {q!r}")
                return
            try:
                result, ms = call(client, api, q)
            except Exception as exc:  # noqa: BLE001
                note("errors", f"client {i} {api} {q[:40]!r}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            with lock:
                out["answered"] += 1
                out["ask_ms" if api == "/ask" else "chat_ms"].append(ms)
            if api == "/ask":
                if comparable(result) != comparable(ref.answers[q]):
                    note("mismatches", f"client {i}: {q[:40]!r} differs from the single-user answer")
            else:
                chat = chat_view(result[1])
        topic_answer, follow_answer = ref.conversations[conv]
        expected = expected_chat(conv, topic_answer, follow_answer)
        problems = []
        if chat != expected:
            problems.append("conversation differs from the single-user conversation"
                            + (f" (messages: {[t[:30] for _, t in chat or []]})" if chat else ""))
        last = chat[-1][1].replace("\\", "") if chat else ""  # Markdown escapes removed
        if not contains(last, conv.expect):
            problems.append(f"follow-up answer lacks {conv.expect}")
        topic = " ".join((follow_answer.get("topic") or "").split())
        if not topic or f"前の質問の『{topic}』について答えています" not in " ".join(last.split()):
            problems.append("follow-up not answered against the earlier topic")
        for p in problems:
            note("conversation_failures", f"client {i} ({conv.topic} → {conv.follow_up}): {p}")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for f in [pool.submit(user, i) for i in range(clients)]:
            f.result()
    out["wall_s"] = round(time.perf_counter() - t0, 2)
    out["clients"], out["questions_per_client"] = clients, per_client
    out["expected"] = clients * (per_client + 2)
    return out


def summary(load: dict, ref: Reference) -> dict:
    wall = load["wall_s"] or float("nan")
    return {
        "clients": load["clients"], "questions_per_client": load["questions_per_client"],
        "chat_turns_per_client": 2, "answered": load["answered"], "expected": load["expected"],
        "errors": len(load["errors"]), "mismatches": len(load["mismatches"]),
        "conversation_failures": len(load["conversation_failures"]), "wall_s": load["wall_s"],
        "throughput_qps": round(load["answered"] / wall, 2),
        "ask_latency_ms": {"p50": percentile(load["ask_ms"], 50), "p95": percentile(load["ask_ms"], 95),
                           "max": round(max(load["ask_ms"]), 1) if load["ask_ms"] else None},
        "chat_latency_ms": {"p50": percentile(load["chat_ms"], 50), "p95": percentile(load["chat_ms"], 95)},
        "single_user_ask_latency_ms": {"p50": percentile(ref.latencies_ms, 50),
                                       "p95": percentile(ref.latencies_ms, 95)},
        "problems": (load["errors"] + load["mismatches"] + load["conversation_failures"])[:20],
    }


# ---- the app ---------------------------------------------------------------------------------------
def guarded_env(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ASSISTANT_AUTH", "ASSISTANT_HOST", "ASSISTANT_PORT")}
    rest = [p for p in (env.get("PYTHONPATH") or "").split(os.pathsep) if p and p != str(NETGUARD)]
    env.update({**OFFLINE_ENV, "PYTHONUNBUFFERED": "1", **extra,
                "PYTHONPATH": os.pathsep.join([str(NETGUARD), *rest])})
    return env


class App(AppProcess):
    """``python app.py`` on 127.0.0.1:<free port>, guarded against the network."""

    def __init__(self, index_dir: Path, log: Path):
        super().__init__(guarded_env({"ASSISTANT_INDEX_DIR": str(index_dir)}), log)

    def wait(self, timeout: float = 300) -> App:
        super().wait(timeout, ready=(200,))
        return self


def install_guard() -> None:
    """This process too: only loopback connections (the clients talk to the app and nothing else)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_netguard", NETGUARD / "sitecustomize.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install("bench/concurrency.py")


# ---- report ------------------------------------------------------------------------------------------
def section(result: dict, command: str) -> str:
    s = result
    lat, chat, single = s["ask_latency_ms"], s["chat_latency_ms"], s["single_user_ask_latency_ms"]
    rows = [
        ("concurrent clients × questions",
         f"{s['clients']} × ({s['questions_per_client']} `/ask` + 2 `/chat`)"),
        ("answered / expected", f"{s['answered']} / {s['expected']}"),
        ("errors", str(s["errors"])),
        ("answers differing from the single-user answer", str(s["mismatches"])),
        ("conversations mixed up or follow-up not resolved", str(s["conversation_failures"])),
        ("throughput", f"{s['throughput_qps']} questions/s ({s['answered']} in {s['wall_s']} s)"),
        ("`/ask` latency under load p50 / p95 / max", f"{lat['p50']} / {lat['p95']} / {lat['max']} ms"),
        ("`/chat` turn (streamed) p50 / p95", f"{chat['p50']} / {chat['p95']} ms"),
        ("`/ask` latency, single user p50 / p95", f"{single['p50']} / {single['p95']} ms"),
        ("non-loopback connection attempts by the app", str(s.get("blocked_network_attempts_in_app", "-"))),
    ]
    m = s["machine"]
    lines = [START, "## Concurrent users (web app)", "",
             f"Command: `{command}`", "",
             f"Date: {m['date']}; {m['cores']} logical cores; load average at start {m['loadavg_start']}, "
             f"at end {m['loadavg_end']}; Python {m['python']}. The app (`app.py`, queue concurrency "
             "limit 4) runs on 127.0.0.1 with the network guard; each client is a "
             "`gradio_client.Client` with its own session. Other processes may share the machine, so "
             "latencies are pessimistic.", "",
             "| measure | value |", "| --- | --- |"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    note = ("Latencies are client-side wall times, including the wait in the app's queue (4 requests run "
            "at once; the clients keep up to 16 waiting). A `/chat` turn streams its answer in up to 24 "
            "pieces 30 ms apart and holds a queue slot meanwhile; the 16 opening turns arrive together, so "
            "the last of them wait for several rounds. Throughput counts every answered question (`/ask` and "
            "`/chat`) over the wall time of the load.")
    lines += ["", note, "", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/concurrency.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--questions", type=int, default=10, help="dev questions per client (through /ask)")
    p.add_argument("--write", metavar="MARKDOWN", help="replace the concurrency section of this file")
    p.add_argument("--json", dest="json_out", metavar="FILE", help="also write the result here")
    p.add_argument("--index-dir", help="serve this index folder instead of a temporary copy of index/")
    p.add_argument("--time-limit", type=float, default=900, help="seconds for the load phase")
    args = p.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.questions <= 100:
        p.error("--clients must be 1..64 and --questions 1..100 (the app queues at most 64 requests)")
    os.environ.update(OFFLINE_ENV)
    install_guard()
    given = sys.argv[1:] if argv is None else argv
    command = " ".join([".venv/bin/python", "bench/concurrency.py", *given])
    questions, conversations = load_questions(), load_conversations()
    base = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    index_dir = Path(args.index_dir).resolve() if args.index_dir else index_copy(base)
    load_start = [round(x, 2) for x in os.getloadavg()]
    app = App(index_dir, base / "app.log")
    try:
        app.wait()
        t = time.perf_counter()
        new_client(app.url).submit("J4CEの創設団体は？", api_name="/ask").result(timeout=600)  # index ready
        ready_s = round(time.perf_counter() - t, 2)
        ref = single_user(app.url, [q for w in plan(args.clients, args.questions, questions) for q in w],
                          conversations)
        load = run_load(app.url, args.clients, args.questions, questions, conversations, ref,
                        deadline_s=args.time_limit)
        blocked = app.log.read_text(errors="replace").count("[netguard] blocked")
    except Exception:
        print(app.tail(), file=sys.stderr)
        raise
    finally:
        app.stop()
        shutil.rmtree(base, ignore_errors=True)
    result = summary(load, ref)
    result.update({"first_answer_s": ready_s, "blocked_network_attempts_in_app": blocked,
                   "machine": {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                               "cores": os.cpu_count(), "python": platform.python_version(),
                               "loadavg_start": load_start,
                               "loadavg_end": [round(x, 2) for x in os.getloadavg()]}})
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.write:
        write_section(Path(args.write), START, END, section(result, command))
        print(f"wrote the concurrency section of {args.write}", file=sys.stderr)
    ok = not (result["errors"] or result["mismatches"] or result["conversation_failures"] or blocked)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
