"""`python -m bench --quick` writes a report with the expected sections and sane numbers.

It runs against the session's private index (never the project's BENCHMARKS.md or index)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.helpers import ROOT, shared_eval

pytestmark = pytest.mark.slow


def _table(md: str, heading_prefix: str) -> dict[str, list[str]]:
    """Body rows of the first markdown table under the heading starting with `heading_prefix`,
    keyed by their first cell (the header and separator rows are skipped)."""
    lines = md.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(heading_prefix))
    table: list[list[str]] = []
    for ln in lines[start + 1:]:
        if ln.startswith("|"):
            table.append([c.strip() for c in ln.strip().strip("|").split("|")])
        elif table or ln.startswith("#"):
            break
    assert len(table) >= 3 and set(table[1][0]) <= set("-: "), f"no table under {heading_prefix!r}"
    return {cells[0]: cells[1:] for cells in table[2:]}


def _num(cell: str) -> float:
    m = re.search(r"-?\d+(?:\.\d+)?", cell.replace(",", ""))
    assert m, f"no number in {cell!r}"
    return float(m.group())


@pytest.fixture(scope="module")
def report(tmp_path_factory, cli_env, settings):
    shared_eval("dev.jsonl")  # the benchmark scores the gold set; skipped without it
    out = tmp_path_factory.mktemp("bench") / "BENCHMARKS.md"
    # a section another tool maintains in the same file must survive the rewrite
    out.write_text("stale\n<!-- concurrency:start -->\n## Concurrency\nkept\n<!-- concurrency:end -->\n",
                   encoding="utf-8")
    real = ROOT / "BENCHMARKS.md"
    before = real.stat().st_mtime_ns if real.exists() else None
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out),
                           "--index-dir", str(settings.index_dir)],
                          cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.exists()
    after = real.stat().st_mtime_ns if real.exists() else None
    assert after == before, "the project's BENCHMARKS.md was written"
    return out.read_text(encoding="utf-8")


def test_report_has_every_section(report):
    for heading in ("# Benchmarks", "## Summary", "## Machine", "## Targets",
                    "## Quality: ours vs the naive LangChain pipeline", "### dev.jsonl", "### Cross-check",
                    "## Speed"):
        assert any(ln.startswith(heading) for ln in report.splitlines()), heading
    assert "python -m assistant bench --quick" in report
    assert "logical cores" in report and "Python 3." in report
    assert "stale" not in report.splitlines()
    assert "<!-- concurrency:start -->\n## Concurrency\nkept\n<!-- concurrency:end -->" in report


def test_quality_numbers_are_sane(report):
    rows = _table(report, "### dev.jsonl")
    for metric in ("hit@1", "hit@5", "recall@5", "MRR@10", "answer accuracy", "citation precision",
                   "quote faithfulness", "abstention accuracy", "no invented ministry"):
        ours, dense, bm25 = (_num(c) for c in rows[metric][:3])
        assert 0.0 <= ours <= 1.0 and 0.0 <= dense <= 1.0 and 0.0 <= bm25 <= 1.0, metric
    ours_hit5, dense_hit5, bm25_hit5 = (_num(c) for c in rows["hit@5"][:3])
    assert ours_hit5 >= dense_hit5 and ours_hit5 >= bm25_hit5
    assert _num(rows["MRR@10"][0]) >= _num(rows["MRR@10"][1])
    assert _num(rows["abstention accuracy"][0]) > _num(rows["abstention accuracy"][1])  # naive never abstains
    assert _num(rows["latency p95 (ms)"][0]) > 0


def test_speed_numbers_are_sane(report):
    rows = _table(report, "## Speed")
    cold = next(v for k, v in rows.items() if k.startswith("cold start"))
    assert 0.1 < _num(cold[0]) < 300
    retrieval = rows["warm retrieval"][0]
    p50, p95 = (float(x) for x in re.findall(r"p\d\d ([\d.]+) ms", retrieval)[:2])
    assert 0 < p50 <= p95 < 10_000
    for n in (1, 4, 16):
        assert _num(rows[f"throughput, {n} thread(s)"][0]) > 0
    followup = rows["warm follow-up (`timings_ms.total`)"][0]  # each after its conversation
    p50, p95 = (float(x) for x in re.findall(r"p\d\d ([\d.]+) ms", followup)[:2])
    assert 0 < p50 <= p95 < 10_000
    assert 50 < _num(rows["peak RSS"][0]) < 64_000
    targets = _table(report, "## Targets")
    assert any(k.startswith("warm retrieval p95") for k in targets)
    assert any(k.startswith("warm follow-up p95") for k in targets)
    assert all(v[-1] in ("**met**", "**MISSED**", "not measured") for v in targets.values())
