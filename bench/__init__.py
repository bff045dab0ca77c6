"""Benchmarks: quality (every metric of ../shared/eval/README.md) for the assistant and for the naive
LangChain pipeline of `bench.naive`, and speed (cold start, index build, refresh, warm latency,
throughput, memory), measured in one run and written to BENCHMARKS.md.

    python -m bench [--out BENCHMARKS.md] [--quick] [--json results.json] [--wait-quiet 600]

``--quick`` (for the tests) scores dev.jsonl only, makes one pass, runs one cold start and skips the
from-scratch index builds; the naive dense index then reuses the vectors kept in
bench/cache/naive-embeddings.sqlite by an earlier run (it embeds them once if that file is missing).
Sections that other tools keep in the report (``<!-- name:start -->`` … ``<!-- name:end -->``)
are carried over when it is rewritten.

Modules: ``measure`` (in-process measuring: quality, warm latency, throughput, memory), ``processes``
(cold start, index builds, OpenMP probe, naive pipelines), ``report`` (BENCHMARKS.md), ``run`` (the
timed sections in order).
"""
from bench.run import main

__all__ = ["main"]
