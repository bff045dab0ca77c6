"""The corpus grown to 10× and 100×: build time, index size, query latency, memory, hit@5 with distractors.

    .venv/bin/python bench/scale.py [--factors 1 10 100] [--server 100] [--work bench/scale]
                                    [--write BENCHMARKS.md] [--plot bench/scale.png] [--fresh]

For each factor F, ``bench/scale_corpus.py`` writes a documents folder (the real plan texts plus
(F - 1)× their size in synthetic, reworded sheets) under ``--work``, and then:

1. **first build**: ``python -m assistant index --json`` in a new ``ASSISTANT_INDEX_DIR`` whose
   embedding cache is empty: wall time and the process's peak RSS. It is measured once: the index
   folder (with its embedding cache) is kept under ``--work`` and the figure in ``results.json``,
   and later runs reuse both unless ``--fresh`` is given;
2. **cached rebuild**: ``index --rebuild --json`` over the same folder (every vector from the cache);
3. **size on disk**: the served build (Chroma + BM25 + sheets) and the embedding cache, apart;
4. **queries**: a fresh process (``--query-worker``) opens the index, answers the dev questions once
   to warm up, then measures warm retrieval and end-to-end answers over the dev questions (query
   vector LRU off, so every question is embedded) and scores hit@5/MRR on ``dev.jsonl``; its peak
   RSS is the serving memory at that size.

With ``--server F``, the F× corpus is also built into a Chroma server (``chroma run`` on loopback,
a temporary data folder) from a copy of the kept embedding cache, and queried the same way.

``--write`` replaces the section between ``<!-- scale:start -->`` and ``<!-- scale:end -->`` of the
given Markdown file (appending it when absent); ``--plot`` draws latency and build time against corpus
size (matplotlib, PNG)."""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the bench package lives at the project's top
    sys.path.insert(0, str(ROOT))

from bench import scale_corpus  # noqa: E402
from bench.app_process import free_port, stop_process  # noqa: E402
from bench.measure import CpuMeter, child_env, machine_info, no_query_cache, summary_ms  # noqa: E402
from bench.report import write_section  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
TARGET_P95_MS, TARGET_HIT5_DROP = 300.0, 0.05


def log(msg: str) -> None:
    print(f"[scale {datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_measured(cmd: list[str], env: dict, timeout: float = 4 * 3600) -> tuple[str, float, float]:
    """Run a child to the end: (stdout, wall seconds, its peak RSS in MB), failing loudly."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        deadline = time.time() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.time() > deadline:
                proc.kill()
                raise RuntimeError(f"{' '.join(cmd)} did not finish in {timeout:.0f} s")
            time.sleep(0.2)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {stderr[-1500:]}")
    return stdout, wall, usage.ru_maxrss / 1024


def last_json(stdout: str) -> dict:
    return json.loads([ln for ln in stdout.splitlines() if ln.strip().startswith("{")][-1])


def measured(cmd: list[str], env: dict) -> tuple[str, float, float, float]:
    """run_measured, plus how many cores other processes used meanwhile (0 on a quiet machine)."""
    meter = CpuMeter()
    with meter.section("run"):
        stdout, wall, peak = run_measured(cmd, env)
    return stdout, wall, peak, meter.sections["run"]["other_cores"]


def build(env: dict, *extra: str) -> dict:
    stdout, wall, peak, other = measured([sys.executable, "-m", "assistant", "index", "--json", *extra], env)
    data = last_json(stdout)
    return {"seconds": data["seconds"], "wall_s": round(wall, 1), "peak_rss_mb": round(peak, 1),
            "chunks": data.get("chunks"), "sheets": data.get("sheets"), "rebuilt": data.get("rebuilt"),
            "other_cores": other}


def index_sizes(index_dir: Path) -> dict:
    current = (index_dir / "CURRENT").read_text().strip()
    cache = index_dir / "cache" / "embeddings.sqlite"
    return {"index_mb": round(du(index_dir / "builds" / current) / 2**20, 1),
            "cache_mb": round(du(cache) / 2**20, 1) if cache.exists() else 0.0}


def query(env: dict) -> dict:
    stdout, wall, peak, other = measured([sys.executable, str(Path(__file__).resolve()), "--query-worker"], env)
    res = last_json(stdout)
    res["peak_rss_mb"], res["other_cores"] = round(peak, 1), other
    return res


def query_worker() -> int:
    """In a fresh process: open the index of the environment's settings and measure it."""
    from assistant.evaluation import load_gold, score
    from assistant.service import Assistant

    dev = load_gold(EVAL / "dev.jsonl")
    t = time.perf_counter()
    a = Assistant.from_settings()
    a.ensure_index()
    open_s = time.perf_counter() - t
    if a.store.staleness():
        raise SystemExit(f"the index is stale: {a.store.staleness()}")
    for it in dev:  # warm-up: first calls pay lazy imports and page-ins
        a.ask(it["question"], history=it.get("history"))
    retrieve, e2e, answers = [], [], []
    with no_query_cache(a.embeddings, getattr(a, "retriever", None)):
        for it in dev:
            t = time.perf_counter()
            a.retriever.retrieve(it["question"])
            retrieve.append((time.perf_counter() - t) * 1000)
        for it in dev:
            t = time.perf_counter()
            ans = a.ask(it["question"], history=it.get("history"), id=it.get("id"))
            e2e.append((time.perf_counter() - t) * 1000)
            answers.append(ans.to_json())
    sheets = {s.id: s for s in a.sheets()}
    report = score(dev, answers, {k: s.text for k, s in sheets.items()})
    top5 = [sid for ans in answers for sid in ans.get("retrieved", [])[:5]]
    print(json.dumps({"open_s": round(open_s, 2), "retrieve": summary_ms(retrieve), "e2e": summary_ms(e2e),
                      "sheets": len(sheets), "metrics": report["metrics"],
                      "synthetic_share_top5": round(sum(_synthetic(sheets[s]) for s in top5 if s in sheets)
                                                    / max(1, len(top5)), 3),
                      "hit5_misses": _misses(dev, report["items"], answers, sheets)}, ensure_ascii=False))
    return 0


def _synthetic(sheet) -> bool:
    return sheet.doc.startswith("synthetic_")


def _misses(dev: list[dict], rows: list[dict], answers: list[dict], sheets: dict) -> list[dict]:
    """Items whose relevant sheet fell out of the top 5: what took the places."""
    out = []
    for item, row, ans in zip(dev, rows, answers, strict=True):
        if row.get("hit5") is not False:
            continue
        top = [sheets[s] for s in ans.get("retrieved", [])[:5] if s in sheets]
        out.append({"id": item.get("id"), "question": item["question"],
                    "relevant": [group[0] for group in item.get("relevant") or [] if group],
                    "top5": [f"{'synthetic' if _synthetic(s) else 'real'}: {s.title}" for s in top]})
    return out


class ChromaServer:
    """``chroma run`` on loopback over a temporary folder, for as long as the ``with`` lasts."""

    def __init__(self, path: Path):
        self.path, self.port, self.proc = path, free_port(), None

    def __enter__(self) -> ChromaServer:
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
        if not chroma:
            raise RuntimeError("the chroma command is missing: pip install chromadb")
        self.log = open(self.path.parent / "chroma-server.log", "wb")
        self.proc = subprocess.Popen([chroma, "run", "--path", str(self.path), "--host", "127.0.0.1",
                                      "--port", str(self.port)], env=child_env(), stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited ({self.proc.returncode}); see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("chroma run did not start listening within 60 s")

    def peak_rss_mb(self) -> float | None:
        """The server's peak resident memory so far (VmHWM), while it runs."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        kb = next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")), None)
        return None if kb is None else round(kb / 1024, 1)

    def __exit__(self, *exc) -> None:
        stop_process(self.proc, timeout=20)
        self.log.close()


def measure_factor(factor: int, work: Path, results: dict, fresh: bool) -> dict:
    corpus = work / f"corpus-{factor}x"
    shutil.rmtree(corpus, ignore_errors=True)
    gen = scale_corpus.generate(corpus, factor)
    index_dir = work / f"index-{factor}x"
    env = child_env(str(index_dir), str(corpus))
    row = dict(results.get(str(factor), {}))
    row["corpus"] = {k: gen[k] for k in ("real_chars", "synthetic_chars", "documents")}
    row["corpus"]["mb"] = round(sum(du(p) for p in corpus.glob("*.txt")) / 2**20, 2)
    if fresh or "first_build" not in row or not (index_dir / "cache" / "embeddings.sqlite").exists():
        shutil.rmtree(index_dir, ignore_errors=True)
        log(f"{factor}×: first build, empty embedding cache ({gen['real_chars'] + gen['synthetic_chars']:,} "
            "characters of sheets)")
        row["first_build"] = build(env)
        row["first_build"]["date"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        results[str(factor)] = row
    log(f"{factor}×: first build {row['first_build']}")
    row["cached_rebuild"] = build(env, "--rebuild")
    log(f"{factor}×: cached rebuild {row['cached_rebuild']}")
    row["size"] = index_sizes(index_dir)
    row["query"] = query(env)
    log(f"{factor}×: {row['size']} query {row['query']}")
    return row


def measure_server(factor: int, work: Path) -> dict:
    index_dir, corpus = work / f"index-{factor}x", work / f"corpus-{factor}x"
    with tempfile.TemporaryDirectory(prefix="scale-server-", dir=work) as tmp:
        tmp_path = Path(tmp)
        server_index = tmp_path / "index"
        (server_index / "cache").mkdir(parents=True)
        shutil.copy2(index_dir / "cache" / "embeddings.sqlite", server_index / "cache" / "embeddings.sqlite")
        with ChromaServer(tmp_path / "chroma-data") as server:
            env = child_env(str(server_index), str(corpus))
            env.update(ASSISTANT_CHROMA_HOST="127.0.0.1", ASSISTANT_CHROMA_PORT=str(server.port))
            log(f"{factor}× against chroma run on 127.0.0.1:{server.port}: build from the kept cache")
            row = {"build": build(env, "--rebuild")}
            row["query"] = query(env)
            row["server_data_mb"] = round(du(tmp_path / "chroma-data") / 2**20, 1)
            row["server_peak_rss_mb"] = server.peak_rss_mb()
    log(f"{factor}× server: {row}")
    return row


# ---- report ----------------------------------------------------------------------------------------
def _chars(row: dict) -> int:
    return row["corpus"]["real_chars"] + row["corpus"]["synthetic_chars"]


def _commands(r: dict) -> str:
    """Each command with what it measured (a later run may only redo the server build, say)."""
    done: dict[str, list[str]] = {}
    for f, row in sorted((int(k), v) for k, v in r["factors"].items()):
        done.setdefault(row.get("command", r["command"]), []).append(f"{f}×")
    for f, row in sorted((int(k), v) for k, v in r.get("server", {}).items()):
        done.setdefault(row.get("command", r["command"]), []).append(f"{f}× on a Chroma server")
    return "; ".join(f"`{cmd}` ({', '.join(what)})" for cmd, what in done.items())


def report(r: dict, plot_name: str | None) -> str:
    m, rows = r["machine"], {int(k): v for k, v in r["factors"].items()}
    base = rows.get(1, {}).get("query", {}).get("metrics", {}).get("hit@5")
    L = [START, "## Scale: the corpus grown to 10× and 100×", "",
         f"Commands: {_commands(r)} (generator: `bench/scale_corpus.py`). Machine: {m['cpu']}, "
         f"{m['cores']} cores, {m['memory_gb']} GB; last run {r['date']}, code at {m.get('commit', '?')}.", "",
         "The real plan texts plus synthetic sheets made from them (fields kept, sentences mixed across "
         "sheets, phrases swapped, every number changed; see the generator's docstring), so the real "
         "sheets are still there and everything else competes with them. Query figures: a fresh process, "
         "dev.jsonl once to warm up, then each dev question once (query-vector LRU off); hit@5 and MRR "
         "on dev.jsonl with the distractors present.", "",
         "### Build and size", "",
         "| corpus | sheets | characters | text MB | first build (empty cache) | cached rebuild | build peak RSS "
         "| index on disk | embedding cache |",
         "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for f in sorted(rows):
        row, fb, cr = rows[f], rows[f]["first_build"], rows[f]["cached_rebuild"]
        L.append(f"| {f}× | {row['query']['sheets']:,} | {_chars(row):,} | {row['corpus']['mb']} "
                 f"| {fb['wall_s']:,} s ({fb.get('date', '')}) | {cr['wall_s']:,} s "
                 f"| {max(fb['peak_rss_mb'], cr['peak_rss_mb']):,} MB | {row['size']['index_mb']} MB "
                 f"| {row['size']['cache_mb']} MB |")
    L += ["", "### Queries", "",
          "| corpus | opening the index | retrieval p50 / p95 | end-to-end p50 / p95 | serving peak RSS | hit@1 "
          "| hit@5 | MRR@10 | synthetic sheets in the top 5 |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for f in sorted(rows):
        q = rows[f]["query"]
        share = q.get("synthetic_share_top5")
        L.append(f"| {f}× | {q['open_s']} s | {q['retrieve']['p50']} / {q['retrieve']['p95']} ms | {q['e2e']['p50']} / "
                 f"{q['e2e']['p95']} ms | {q['peak_rss_mb']:,} MB | {q['metrics']['hit@1']:.3f} "
                 f"| {q['metrics']['hit@5']:.3f} | {q['metrics']['mrr@10']:.3f} "
                 f"| {'—' if share is None else f'{share:.0%}'} |")
    for f, srv in sorted((int(k), v) for k, v in r.get("server", {}).items()):
        q = srv["query"]
        L += ["", f"**{f}× against a Chroma server** (`chroma run` on 127.0.0.1, data in a temporary folder, "
              f"{srv['server_data_mb']} MB, server peak RSS {srv.get('server_peak_rss_mb') or '?'} MB): build from "
              f"the kept embedding cache {srv['build']['wall_s']:,} s (client peak RSS "
              f"{srv['build']['peak_rss_mb']:,} MB; the server's own work counts among the other processes' "
              f"{srv['build'].get('other_cores', '?')} cores); retrieval p50 / p95 "
              f"{q['retrieve']['p50']} / {q['retrieve']['p95']} ms, end-to-end {q['e2e']['p50']} / "
              f"{q['e2e']['p95']} ms (client peak RSS {q['peak_rss_mb']:,} MB), hit@5 {q['metrics']['hit@5']:.3f}, "
              f"MRR@10 {q['metrics']['mrr@10']:.3f}."]
    top = max(rows)
    if top > 1 and base is not None:
        q = rows[top]["query"]
        p95_ok = q["e2e"]["p95"] <= TARGET_P95_MS
        hit_ok = q["metrics"]["hit@5"] >= base - TARGET_HIT5_DROP
        L += ["", f"Targets at {top}×: query p95 ≤ {TARGET_P95_MS:.0f} ms — end-to-end p95 {q['e2e']['p95']} ms, "
              f"**{'met' if p95_ok else 'MISSED'}**; hit@5 within {TARGET_HIT5_DROP} of 1× ({base:.3f}) — "
              f"{q['metrics']['hit@5']:.3f}, **{'met' if hit_ok else 'MISSED'}**."]
        missed = q.get("hit5_misses") or []
        if missed:
            L += ["", f"Dev questions whose relevant sheet left the top 5 at {top}× ({len(missed)}), with what "
                  "took the places:", ""]
            for m in missed[:10]:
                L.append(f"- {m['id']} 「{m['question']}」 (relevant: 「{'」「'.join(m['relevant'])[:60]}」) → "
                         + "; ".join(m["top5"]))
    load = [f"{f}× first build {rows[f]['first_build'].get('other_cores', '?')}, cached rebuild "
            f"{rows[f]['cached_rebuild'].get('other_cores', '?')}, queries {rows[f]['query'].get('other_cores', '?')}"
            for f in sorted(rows)]
    L += ["", "Cores used by other processes while each step ran (0 = a quiet machine; 2 cores in all): "
          + "; ".join(load) + "."]
    if r.get("notes"):
        L += [""] + [f"- {n}" for n in r["notes"]]
    if plot_name:
        L += ["", f"![build time and query latency against corpus size]({plot_name})"]
    L.append(END)
    return "\n".join(L)


def plot(r: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted((int(k), v) for k, v in r["factors"].items())
    chars = [_chars(v) / 1e6 for _, v in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(chars, [v["first_build"]["wall_s"] for _, v in rows], "o-", label="first build (empty cache)")
    left.plot(chars, [v["cached_rebuild"]["wall_s"] for _, v in rows], "s-", label="cached rebuild")
    left.set(xscale="log", yscale="log", xlabel="corpus (million characters)", ylabel="seconds",
             title="index build")
    for key, style in (("retrieve", "o-"), ("e2e", "s-")):
        for p in ("p50", "p95"):
            right.plot(chars, [v["query"][key][p] for _, v in rows], style if p == "p95" else style + "-",
                       label=f"{'retrieval' if key == 'retrieve' else 'end-to-end'} {p}",
                       alpha=1.0 if p == "p95" else 0.5)
    for f, srv in sorted((int(k), v) for k, v in r.get("server", {}).items()):
        x = _chars(r["factors"][str(f)]) / 1e6 if str(f) in r["factors"] else None
        if x is not None:
            left.plot([x], [srv["build"]["wall_s"]], "D", color="tab:green",
                      label=f"{f}× into a Chroma server (cached)")
            right.plot([x], [srv["query"]["e2e"]["p95"]], "D", color="tab:green",
                       label=f"{f}× Chroma server, end-to-end p95")
    right.axhline(TARGET_P95_MS, color="grey", linestyle=":", label="p95 target")
    right.set(xscale="log", xlabel="corpus (million characters)", ylabel="ms", title="query latency")
    for f, v in rows:
        left.annotate(f"{f}×", (_chars(v) / 1e6, v["first_build"]["wall_s"]), textcoords="offset points",
                      xytext=(4, 4))
    left.legend()
    right.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def _shown(argv: list[str]) -> str:
    """The command line as recorded: notes are listed in the report, not repeated in the command."""
    out, skip = [], False
    for arg in argv:
        out.append('"…"' if skip else arg)
        skip = arg == "--note"
    return " ".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--query-worker"]:
        return query_worker()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--factors", type=int, nargs="*", default=[1, 10, 100],
                   help="corpus sizes to measure (none: only --server)")
    p.add_argument("--server", type=int, nargs="*", default=[], help="factors also built into `chroma run`")
    p.add_argument("--work", type=Path, default=ROOT / "bench" / "scale")
    p.add_argument("--write", type=Path, help="Markdown file whose scale section is replaced")
    p.add_argument("--plot", type=Path, help="PNG of build time and latency against corpus size")
    p.add_argument("--fresh", action="store_true", help="measure first builds again (empties the caches)")
    p.add_argument("--json", type=Path, help="write the results here too")
    p.add_argument("--report-only", action="store_true", help="measure nothing: report the kept results")
    p.add_argument("--note", action="append", default=[],
                   help="a remark kept with the results and listed in the report (e.g. why a target is missed)")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results_path = args.work / "results.json"
    kept = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    machine = machine_info()
    r = {"command": "python bench/scale.py " + _shown(argv),
         "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
         "machine": {"cpu": machine.get("cpu_model", platform.processor()), "cores": os.cpu_count(),
                     "memory_gb": machine.get("memory_gb"), "commit": machine.get("commit")},
         "factors": dict(kept.get("factors", {})), "server": dict(kept.get("server", {}))}
    if args.report_only:
        if not kept.get("factors"):
            raise SystemExit(f"{results_path}: no kept results; run without --report-only first")
        r = kept
        args.factors, args.server = [], []
    r["notes"] = args.note or kept.get("notes", [])
    for f in args.factors:
        r["factors"][str(f)] = measure_factor(f, args.work, r["factors"], args.fresh)
        r["factors"][str(f)]["command"] = r["command"]
        results_path.write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
    for f in args.server:
        if not (args.work / f"index-{f}x" / "cache" / "embeddings.sqlite").exists():
            raise SystemExit(f"--server {f}: build the {f}× index first (--factors {f})")
        r["server"][str(f)] = measure_server(f, args.work)
        r["server"][str(f)]["command"] = r["command"]
        results_path.write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.plot:
        plot(r, args.plot)
    if args.write:
        rel = os.path.relpath(args.plot, args.write.parent) if args.plot else None
        write_section(args.write, START, END, report(r, rel))
        log(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
