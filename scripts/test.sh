#!/usr/bin/env bash
# Sets everything up on a fresh machine, then checks the code (ruff, mypy) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && [ "${SKIP_APT:-0}" != 1 ]; then
  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) || echo "chromium not installed; browser tests will be skipped" >&2
fi
export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check .
# mypy (a minute or two on a clean clone) runs beside the tests, which mostly wait on subprocesses
.venv/bin/mypy > .mypy.log 2>&1 &
mypy_pid=$!
status=0
# two workers (pytest-xdist; a test file stays on one worker, so its module fixtures run once, and the
# files are handed out in collection order, the slow ones first: tests/conftest.py), each embedding on
# one OpenMP thread: two processes spinning on every core slowed the suite down instead
OMP_NUM_THREADS=1 .venv/bin/python -m pytest -q -n "${TEST_WORKERS:-2}" --dist loadfile --no-loadscope-reorder \
  "$@" || status=$?
if ! wait "$mypy_pid"; then
  cat .mypy.log >&2
  echo "mypy found type errors in assistant/ (above)" >&2
  status=1
fi
exit "$status"
