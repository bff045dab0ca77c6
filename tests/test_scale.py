"""bench/scale_corpus.py grows real, undeduplicable distractor text; bench/scale.py measures an index."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

from bench import scale, scale_corpus
from tests.helpers import DOCS, ROOT, shared_eval


@pytest.fixture(scope="module")
def corpus3(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus3")
    return out, scale_corpus.generate(out, 3, DOCS)


def test_the_real_documents_stay_as_they_are(corpus3, catalog):
    from assistant.ingest.catalog import load_catalog

    out, info = corpus3
    for doc in catalog.documents:
        assert (out / doc.file).read_bytes() == (DOCS / doc.file).read_bytes()
    grown = load_catalog(out)
    assert not grown.problems
    real = {s.id: s.text for s in catalog.sheets}
    grown_by_id = {s.id: s.text for s in grown.sheets}
    assert all(grown_by_id.get(k) == v for k, v in real.items()), "a real sheet changed or went missing"
    assert info["documents"] == len(catalog.documents) + 2


def test_synthetic_text_is_the_requested_size_and_never_a_copy(corpus3, catalog):
    from assistant.index.chunking import chunk_sheets
    from assistant.ingest.catalog import load_catalog

    out, info = corpus3
    assert 1.9 * info["real_chars"] <= info["synthetic_chars"] <= 2.2 * info["real_chars"]
    grown = load_catalog(out)
    real_ids = {s.id for s in catalog.sheets}
    synthetic = [s for s in grown.sheets if s.id not in real_ids]
    assert synthetic and all(s.doc.startswith("synthetic_") for s in synthetic)
    real_lines = {ln for s in catalog.sheets for ln in s.text.splitlines() if len(ln) > 30}
    syn_lines = [ln for s in synthetic for ln in s.text.splitlines() if len(ln) > 30]
    copied = sum(ln in real_lines for ln in syn_lines) / len(syn_lines)
    assert copied < 0.35, f"{copied:.0%} of the long synthetic lines are verbatim real lines"
    # what the embedding cache keys on: the text of each chunk
    real_chunks = {c.indexed_text for c in chunk_sheets(catalog.sheets, 200)}
    syn_chunks = [c.indexed_text for c in chunk_sheets(synthetic, 200)]
    assert len(set(syn_chunks)) >= 0.98 * len(syn_chunks)
    assert not real_chunks & set(syn_chunks)


def test_rewording_changes_numbers_and_phrases():
    gen = scale_corpus
    rng = random.Random(1)
    sentence = "2030年までに再生材の利用率を30％に引き上げ、事業者の取組を推進する。"
    variants = {gen.reword(sentence, rng) for _ in range(20)}
    assert len(variants) >= 15
    for v in variants:
        years = re.findall(r"(\d{4})年", v)
        assert years and years[0] != "2030" and 2027 <= int(years[0]) <= 2035
        assert "30％" not in v


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path, corpus3):
    out3, _ = corpus3
    scale_corpus.generate(tmp_path, 2, DOCS)
    assert (tmp_path / "synthetic_001.txt").read_bytes() == (out3 / "synthetic_001.txt").read_bytes()
    assert not (tmp_path / "synthetic_002.txt").exists()


def test_scale_section_replaces_only_its_own_part(tmp_path):
    md = tmp_path / "B.md"
    md.write_text(f"# Benchmarks\nbefore\n{scale.START}\nold\n{scale.END}\nafter\n", encoding="utf-8")
    scale.write_section(md, scale.START, scale.END, f"{scale.START}\nnew\n{scale.END}")
    assert md.read_text(encoding="utf-8") == f"# Benchmarks\nbefore\n{scale.START}\nnew\n{scale.END}\nafter\n"


@pytest.mark.slow
def test_query_worker_measures_the_served_index(cli_env):
    """The scale run's query process, against the session index: latencies and dev-set quality."""
    dev = shared_eval("dev.jsonl")  # the worker scores the gold set; skipped without it
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "scale.py"), "--query-worker"], cwd=ROOT,
                          env=cli_env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    n = sum(1 for ln in dev.read_text(encoding="utf-8").splitlines() if ln.strip())
    assert res["retrieve"]["n"] == res["e2e"]["n"] == n
    assert 0 < res["retrieve"]["p50"] <= res["retrieve"]["p95"]
    assert res["metrics"]["hit@5"] >= 0.9 and res["metrics"]["errors"] == 0
