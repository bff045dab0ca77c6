"""`python app.py` as a child process on a free loopback port: how tests and benchmarks drive the
real app (started, waited for, stopped by its own pid). The one place that starts the app, shared on
purpose: the tests (tests/helpers/app.py) and the benchmarks (bench/concurrency.py, bench/scale.py)
then measure and check the same process."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stop_process(proc: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds; reaped either way."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_sqlite(source: Path, target: Path) -> Path:
    """A whole, single-file copy of an SQLite database that another connection may hold open. The
    embedding cache runs in WAL mode: its newest rows can still be in the -wal file beside it, which a
    plain file copy leaves behind (a fresh clone's tests then embedded the whole corpus again)."""
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def copy_index(src: Path, target: Path) -> Path:
    """A copy of an index folder that other processes may be using: the builds as they are (written once,
    then only read), the embedding cache (written by every process that embeds) through SQLite's backup."""
    shutil.copytree(src, target, ignore=shutil.ignore_patterns(".CURRENT.*", "*.tmp*", "embeddings.sqlite*"))
    cache = src / "cache" / "embeddings.sqlite"
    if cache.exists():
        copy_sqlite(cache, target / "cache" / "embeddings.sqlite")
    return target


def index_copy(base: Path, src: Path = ROOT / "index") -> Path:
    """`base`/index: a private copy of a built index (the project's, or `src`), or an empty folder when
    there is none (the app then builds one), so that a concurrent rebuild cannot disturb the app under
    test and opening it takes seconds."""
    target = base / "index"
    if src.is_dir() and (src / "CURRENT").exists():
        copy_index(src, target)
    else:
        target.mkdir()
    return target


class AppProcess:
    def __init__(self, env: dict, log: Path, args=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = Path(log)
        self._out = open(self.log, "wb")  # noqa: SIM115 - the app writes to it until stop() closes it
        self.proc = subprocess.Popen([sys.executable, "app.py", "--port", str(self.port), *args], cwd=ROOT,
                                     env=env, stdout=self._out, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 180, ready=(200, 401)) -> AppProcess:
        """Until the app answers HTTP (401 counts: a protected app is up), or raise with its log."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                if httpx.get(self.url, timeout=2).status_code in ready:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"app did not start within {timeout} s:\n{self.tail()}")

    def tail(self, n: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-n:]

    def stop(self) -> None:
        stop_process(self.proc, timeout=15)
        self._out.close()
