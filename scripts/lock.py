"""Updates uv.lock from pyproject.toml, then exports it to requirements/*.txt, the files pip installs
from where uv can't be had (scripts/setup.sh), so that pip too installs exactly the locked versions.

    .venv/bin/python scripts/lock.py                        # after a change to pyproject.toml
    .venv/bin/python scripts/lock.py --upgrade              # every package to its newest release
    .venv/bin/python scripts/lock.py --upgrade-package NAME # one package

Other arguments go to `uv lock` too. `python scripts/lock.py --extras KIND` prints the extras that
`scripts/setup.sh KIND` installs, one per line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# scripts/setup.sh's two installs: the app, or the app with what the tests, the benchmark and the
# fitting scripts import (the tests run the other two)
EXTRAS = {"app": ("st",), "test": ("st", "test", "bench", "fit")}


def requirements_file(kind: str) -> Path:
    return ROOT / "requirements" / f"{kind}.txt"


def find_uv() -> str | None:
    """The venv's uv (scripts/setup.sh installs it there), else one on PATH."""
    beside = Path(sys.executable).parent / "uv"
    return str(beside) if beside.is_file() else shutil.which("uv")


def uv_options() -> list[str]:
    """pip's indexes and wheel folders, as uv options (scripts/uv_args.py)."""
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "uv_args.py")], capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines()


def exported(uv: str, kind: str) -> str:
    """requirements/KIND.txt as uv.lock gives it: every locked package of the install, pinned, and the
    project itself left out (pip installs it editable, with --no-deps). Without hashes: uv records none
    for the torch file on disk, and pip takes hashes for all or none."""
    extras = [f"--extra={e}" for e in EXTRAS[kind]]
    return subprocess.run([uv, "export", "--frozen", "--no-emit-project", "--no-hashes", "--format", "requirements.txt",
                           *extras], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def main(argv: list[str]) -> int:
    if argv[:1] == ["--extras"]:
        print("\n".join(EXTRAS[argv[1]]))
        return 0
    uv = find_uv()
    if uv is None:
        print("uv がありません。先に `bash scripts/setup.sh test` を実行してください（.venv に uv が入ります）。",
              file=sys.stderr)
        return 1
    subprocess.run([uv, "lock", *uv_options(), *argv], cwd=ROOT, check=True)
    for kind in EXTRAS:
        path = requirements_file(kind)
        path.parent.mkdir(exist_ok=True)
        path.write_text(exported(uv, kind), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
