#!/usr/bin/env bash
# Creates .venv and installs the project with everything it needs, offline-safe at run time.
# Idempotent: a second run only checks what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${1:-app}
if [ ! -f "$stamp" ]; then
  # torch first, pinned: this machine's CPU build (an unpinned torch would pull GBs of CUDA packages)
  .venv/bin/pip install -q torch==2.13.0
  if [ "${1:-app}" = test ]; then
    .venv/bin/pip install -q -e '.[st,test,bench]'
  else
    .venv/bin/pip install -q -e '.[st]'
  fi
  touch "$stamp"
fi
