"""The benchmark run: timed sections in order, then the report (`python -m assistant bench`)."""
from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.measure import (
    CpuMeter,
    machine_info,
    profile_asks,
    quality_naive,
    quality_ours,
    refresh_inprocess,
    rss,
    throughput,
    wait_quiet,
    warm_answers,
    warm_followups,
    warm_retrieval,
)
from bench.processes import (
    bench_index,
    build_naive,
    cold_start,
    omp_probe,
    profile_cold_start,
)
from bench.report import write_report

log = logging.getLogger("bench")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = PROJECT_ROOT.parent / "shared" / "eval"
NAIVE_CACHE = PROJECT_ROOT / "bench" / "cache" / "naive-embeddings.sqlite"
THREADS = (1, 4, 16)


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


def _measure_ours(a, r: dict, golds: dict, followups: list[dict], quick: bool, timed: Sections) -> dict[str, str]:
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
    if followups:
        with timed("warm follow-ups"):
            s["warm"].update(warm_followups(a, followups, s["passes"]))
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
    body = ix.pop("rebuild_profile", "")
    if ix["scratch"]["seconds"] > 30:
        r["profiles"]["index build"] = (
            f"The build from scratch spent ≈{ix['embed_s_estimate']} s of {ix['scratch']['seconds']} s "
            f"embedding {ix['embedded_chars']:,} characters ({ix['ms_per_char']} ms/character; the warm "
            f"rebuild, which embeds nothing, took {ix['rebuild_warm']['seconds']} s). cProfile of a warm "
            "rebuild (everything but the embedding), top functions by own time:", body)
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

    from assistant.evaluation import load_gold
    from assistant.service import Assistant
    from assistant.settings import load_settings

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
    turns = gold_dir / "dev_multiturn.jsonl"  # timed in --quick too, one pass
    texts = _measure_ours(a, r, golds, load_gold(turns) if turns.exists() else [], args.quick, timed)
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

