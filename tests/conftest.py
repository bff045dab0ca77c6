"""Shared fixtures (plain helpers are in tests/helpers/). The whole suite runs with non-loopback network
connections made to fail.

What is expensive is made once per session and shared: the index (`assistant`: on a fresh clone the
one full embedding run of the suite; every other index a test builds is seeded with its embedding
cache) and the web app (`app`: the UI, browser and reliability tests ask the same running app)."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.app_process import copy_sqlite  # noqa: E402
from tests.helpers import DOCS, NETGUARD, ROOT, guarded_env  # noqa: E402  (after the offline defaults)


def _load_netguard():
    import importlib.util

    spec = importlib.util.spec_from_file_location("tests_netguard", NETGUARD / "sitecustomize.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Only loopback (and AF_UNIX) connections: the same guard in this process and, through
# guarded_env(), in every CLI/app subprocess the tests start.
_netguard_module = _load_netguard()
_netguard_module.install("test")


def pytest_collection_modifyitems(config, items):
    """Files holding a `slow` test are collected first (the order within each file kept): scripts/test.sh
    runs the files on two workers in collection order, and a long file taken last is a tail the other
    worker sits out (on a fresh clone the benchmark report's file alone takes over two minutes)."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(scope="session")
def catalog():
    from assistant.ingest.catalog import load_catalog

    return load_catalog(DOCS)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    """The test session's private index; the project's embedding cache is reused when present so that
    unchanged text is not embedded again (CI starts without one and builds it once). Under pytest-xdist
    the workers share it: one builds it (see `assistant`), the others wait for it and open it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        target = tmp_path_factory.getbasetemp().parent / "session-index"
        with _session_lock(target):
            if not target.exists():
                _seed(target)
        return target
    return _seed(tmp_path_factory.mktemp("index"))


def _seed(target):
    target.mkdir(parents=True, exist_ok=True)
    cache = ROOT / "index" / "cache" / "embeddings.sqlite"
    if cache.exists():
        copy_sqlite(cache, target / "cache" / "embeddings.sqlite")
    return target


def _session_lock(index):
    """Held while the shared index is seeded or built (a no-op wait when one process runs the tests)."""
    from filelock import FileLock

    return FileLock(str(index) + ".lock")


@pytest.fixture(scope="session")
def settings(index_dir):
    from assistant.settings import load_settings

    return load_settings(index_dir=index_dir, docs_dir=DOCS)


@pytest.fixture(scope="session")
def assistant(settings):
    from assistant.service import Assistant

    a = Assistant(settings)
    with _session_lock(settings.index_dir):
        if a.store.staleness() is not None:
            _build_on_every_core(settings)
        a.ensure_index()
    return a


def _build_on_every_core(settings):
    """The session's index built by `python -m assistant index` with OpenMP on every core: the workers of
    scripts/test.sh embed on one thread each, and while the index is built the other worker waits for it
    (on a fresh clone the one-thread build took ~77 s)."""
    import subprocess
    import sys

    env = _cli_env(settings, {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"})
    proc = subprocess.run([sys.executable, "-m", "assistant", "index"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=1800)
    if proc.returncode != 0:
        pytest.fail(f"building the session's index failed:\n{proc.stderr[-3000:]}")


@pytest.fixture(scope="session")
def embedding_cache(assistant, settings, tmp_path_factory):
    """A whole copy of the session's embedding cache (every chunk of the plan texts embedded), taken once
    the index is built: a test building an index of its own copies it in, so that only text new to it
    is embedded."""
    return copy_sqlite(settings.index_dir / "cache" / "embeddings.sqlite",
                       tmp_path_factory.mktemp("cache") / "embeddings.sqlite")


@pytest.fixture(scope="session")
def cli_env(settings, assistant):
    return _cli_env(settings, os.environ)


def _cli_env(settings, base) -> dict:
    """`base` guarded, with the CLI pointed at the session's index and docs."""
    env = guarded_env(base)
    env.update(ASSISTANT_INDEX_DIR=str(settings.index_dir), ASSISTANT_DOCS_DIR=str(settings.docs_dir))
    return env


@pytest.fixture(scope="session")
def app(settings, assistant, tmp_path_factory):
    """`python app.py` for the whole session, over a copy of the session's index (opened in seconds;
    nothing the app does touches the index the other tests read)."""
    from tests.helpers.app import J4CE, Server, client, index_copy

    base = tmp_path_factory.mktemp("app")
    server = Server(index_copy(base, settings.index_dir), base / "app.log").wait()
    try:
        # the first question waits for the index to open; after it every test gets answers at once
        client(server.url).predict(J4CE, api_name="/ask")
        yield server
    finally:
        server.stop()
