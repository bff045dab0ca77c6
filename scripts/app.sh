#!/usr/bin/env bash
# Sets everything up on a fresh machine, builds the index if needed, and starts the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/python -m assistant index
exec .venv/bin/python app.py "$@"
