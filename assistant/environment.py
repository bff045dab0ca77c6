"""Environment defaults, set once by each entry point (`python -m assistant`, `app.py`, the benchmark)
before chromadb, gradio or an HF library is imported: nothing phones home, nothing is fetched at run
time. A variable the user has set is kept, except Gradio's analytics, which is always off."""
from __future__ import annotations

import os

DEFAULTS = {
    "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1", "GRADIO_SSR_MODE": "False", "GRADIO_MCP_SERVER": "False",
    # The embedding engine's OpenMP threads spin at barriers by default; on a machine shared with other
    # work that costs 1–2 s at p95 per query (BENCHMARKS.md, "Query embedding and OpenMP"). Passive
    # waiting keeps the tail near 50 ms and costs little on a quiet machine.
    "OMP_WAIT_POLICY": "PASSIVE",
}
FORCED = {"GRADIO_ANALYTICS_ENABLED": "False"}  # no telemetry and no version check


def apply() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.update(FORCED)
