"""How close Chroma's HNSW search comes to exact search on this project's index, by search width.

For each `hnsw:search_ef` given, builds the served index's vectors into new Chroma collections (the
same batches as a build, several times: the graph differs from build to build) and asks every question
of the gold and own sets: recall of the exact k nearest chunks, questions missing one of them, and the
query time.

    .venv/bin/python scripts/dense_recall.py --ef 100 500 --builds 5
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.index.store import chroma_client  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

SETS = [ROOT.parent / "shared" / "eval" / f"{n}.jsonl" for n in ("dev", "dev2")] + \
    [ROOT / "tests" / "data" / f"{n}.jsonl" for n in ("paraphrases", "blind3", "blind4")]


def questions() -> list[str]:
    found = []
    for path in SETS:
        if path.exists():
            found += [json.loads(ln)["question"] for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return sorted(set(found))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ef", type=int, nargs="+", default=[100, 500])
    ap.add_argument("--builds", type=int, default=5)
    args = ap.parse_args()
    settings = load_settings()
    assistant = Assistant(settings)
    index = assistant.ensure_index()
    order = {c.id: i for i, c in enumerate(index.chunks)}
    stored = index.store._collection.get(include=["embeddings"])
    ranked = sorted(range(len(stored["ids"])), key=lambda i: order[stored["ids"][i]])  # the build's order
    ids = [stored["ids"][i] for i in ranked]
    vectors = np.asarray([stored["embeddings"][i] for i in ranked], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    asked = questions()
    queries = np.asarray([assistant.embeddings.embed_query(q) for q in asked], dtype=np.float64)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    k = settings.candidates
    sims = queries @ vectors.T
    kth = np.sort(sims, axis=1)[:, -k]
    must = [{ids[i] for i in np.flatnonzero(row > t + 1e-6)} for row, t in zip(sims, kth, strict=True)]
    print(f"{len(ids)} chunks, {len(asked)} questions, k = {k}")
    for ef in args.ef:
        recalls, missing, times = [], [], []
        for _ in range(args.builds):
            client = chroma_client(settings, Path(tempfile.mkdtemp()))
            col = client.create_collection(f"ef{ef}", metadata={"hnsw:space": "cosine", "hnsw:search_ef": ef})
            for start in range(0, len(ids), 256):
                col.add(ids=ids[start:start + 256], embeddings=vectors[start:start + 256].tolist())
            got = []
            for q in queries:
                t0 = time.perf_counter()
                got.append(set(col.query(query_embeddings=[q.tolist()], n_results=k)["ids"][0]))
                times.append((time.perf_counter() - t0) * 1000)
            recalls.append(statistics.mean(1 - len(m - g) / k for m, g in zip(must, got, strict=True)))
            missing.append(sum(bool(m - g) for m, g in zip(must, got, strict=True)))
        print(f"search_ef {ef}: recall of the nearest {k} {min(recalls):.4f}–{max(recalls):.4f}; questions "
              f"missing one {min(missing)}–{max(missing)} of {len(asked)} per build ({args.builds} builds); "
              f"query p50 {statistics.median(times):.2f} ms, p95 {np.percentile(times, 95):.2f} ms")


if __name__ == "__main__":
    main()
