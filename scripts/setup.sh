#!/usr/bin/env bash
# Creates .venv and installs the project with everything it needs, offline-safe at run time.
# Idempotent: a second run only checks what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
case "${1:-app}" in
  test) extras='.[st,test,bench]' ;;
  *) extras='.[st]' ;;
esac
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${1:-app}
if [ ! -f "$stamp" ]; then
  # torch first, pinned: this machine's CPU build (an unpinned torch would pull GBs of CUDA packages).
  # uv installs the same packages as pip in seconds rather than minutes; it is told pip's indexes and
  # wheel folders (scripts/uv_args.py). If uv can't be had or fails, pip does the install.
  if .venv/bin/python -m pip install -q uv >/dev/null 2>&1; then
    mapfile -t uv_opts < <(.venv/bin/python scripts/uv_args.py)
    uv() { .venv/bin/uv pip install -q --python .venv/bin/python "${uv_opts[@]}" "$@"; }
    if ! { uv torch==2.13.0 && uv -e "$extras"; }; then
      echo "uv could not install the project; trying pip" >&2
      .venv/bin/pip install -q torch==2.13.0
      .venv/bin/pip install -q -e "$extras"
    fi
  else
    .venv/bin/pip install -q torch==2.13.0
    .venv/bin/pip install -q -e "$extras"
  fi
  touch "$stamp"
fi
