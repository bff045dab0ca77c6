#!/usr/bin/env bash
# Creates .venv and installs exactly uv.lock into it (`app`: the app; `test`: with what the tests, the
# benchmark and the fitting scripts need), offline-safe at run time. Idempotent: a second run only checks
# what is there. A change to pyproject.toml needs a new lock: `.venv/bin/python scripts/lock.py`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
case "${1:-app}" in
  test) kind=test ;;
  *) kind=app ;;
esac
stamp=.venv/.installed-$(cat pyproject.toml uv.lock | sha256sum | cut -c1-16)-$kind
if [ ! -f "$stamp" ]; then
  mapfile -t extras < <(.venv/bin/python scripts/lock.py --extras "$kind")
  # uv installs the lock in seconds rather than pip's minutes; it is told pip's indexes and wheel
  # folders (scripts/uv_args.py), which the lock records. --locked: a lock older than pyproject.toml
  # is an error, not re-resolved. --inexact: pip (which scripts/uv_args.py asks) and uv itself stay.
  # If uv can't be had or fails, pip installs the same versions from the lock's export.
  if .venv/bin/python -m pip install -q uv >/dev/null 2>&1; then
    mapfile -t uv_opts < <(.venv/bin/python scripts/uv_args.py)
    if ! UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync -q --locked --inexact "${uv_opts[@]}" \
        "${extras[@]/#/--extra=}"; then
      echo "uv could not install the lock; trying pip" >&2
      .venv/bin/pip install -q -r "requirements/$kind.txt"
      .venv/bin/pip install -q --no-deps -e .
    fi
  else
    .venv/bin/pip install -q -r "requirements/$kind.txt"
    .venv/bin/pip install -q --no-deps -e .
  fi
  touch "$stamp"
fi
# Each process imports ~1,200 modules. Where PYTHONDONTWRITEBYTECODE is set (this machine, CI) and uv has
# written no bytecode, every start and every index build compiled them from source again (~2 s each); so
# they are compiled once, here. A few third-party files in another Python's syntax (test fixtures) stay
# uncompiled, which is why a failure here is not an error.
compiled=.venv/.compiled-$(cat pyproject.toml uv.lock | sha256sum | cut -c1-16)-$kind
if [ ! -f "$compiled" ]; then
  .venv/bin/python -m compileall -q -j 0 .venv/lib assistant >/dev/null 2>&1 || true
  touch "$compiled"
fi
