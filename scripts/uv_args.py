"""Print the options of uv's project commands (`uv lock`, `uv sync`) that match this machine's pip
configuration, one per line.

uv reads no pip.conf, so without this it would miss the wheels and package indexes that pip is
configured to use here (and on CI): uv.lock records each package's index, and `uv sync --locked`
takes a lock made with other indexes for a stale one. Run with the venv's python:
`python scripts/uv_args.py`. Prints nothing when pip has no such settings.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Mapping

# pip setting -> uv option; pip's space-separated lists become one option per item. pip's constraint
# files are left out: uv's project commands take none, and the one here only caps torch, which
# pyproject.toml pins to the CPU build on disk ([tool.uv.sources])
_OPTIONS = {
    "index-url": "--index-url",
    "extra-index-url": "--extra-index-url",
    "find-links": "--find-links",
}


def pip_settings(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """pip's effective settings (as pip is run with `env`, default this process's environment):
    environment variables win over configuration files, as in pip."""
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True,
                            check=False, env=None if env is None else dict(env)).stdout
    from_files: dict[str, str] = {}
    from_env: dict[str, str] = {}
    for line in listed.splitlines():
        scope_key, _, value = line.partition("=")
        scope, _, key = scope_key.rpartition(".")
        target = from_env if scope == ":env:" else from_files
        if scope in (":env:", "global", "install"):
            target[key] = " ".join(shlex.split(value))
    return {**from_files, **from_env}


def uv_args(settings: dict[str, str]) -> list[str]:
    """uv options for pip's index and find-links settings."""
    args: list[str] = []
    for key, option in _OPTIONS.items():
        for item in settings.get(key, "").split():
            args += [option, item]
    if args:
        # pip takes the best version across every index; uv by default only the first index that has
        # a package, which here would miss newer releases on PyPI
        args += ["--index-strategy", "unsafe-best-match"]
    return args


if __name__ == "__main__":
    print("\n".join(uv_args(pip_settings())))
