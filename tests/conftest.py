"""Shared fixtures. The whole suite runs with non-loopback network connections made to fail."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs_source"
SHARED = ROOT.parent / "shared"
NETGUARD = Path(__file__).resolve().parent / "netguard"  # its sitecustomize.py guards subprocesses


def _load_netguard():
    import importlib.util

    spec = importlib.util.spec_from_file_location("tests_netguard", NETGUARD / "sitecustomize.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Only loopback (and AF_UNIX) connections: the same guard in this process and, through
# guarded_env(), in every CLI/app subprocess the tests start.
_netguard = _load_netguard()
NetworkBlocked = _netguard.NetworkBlocked
_is_local = _netguard.is_local
_netguard.install("test")


def guarded_env(env: dict) -> dict:
    """`env` with tests/netguard first on PYTHONPATH (any existing PYTHONPATH kept after it), so the
    subprocess imports the guard at start-up."""
    env = dict(env)
    rest = [p for p in (env.get("PYTHONPATH") or "").split(os.pathsep) if p and p != str(NETGUARD)]
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *rest])
    return env


@pytest.fixture(scope="session")
def catalog():
    from assistant.ingest.catalog import load_catalog

    return load_catalog(DOCS)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    """A private index for the test session; the project's embedding cache is reused when present
    so that unchanged text is not embedded again (CI starts without one and builds it once)."""
    import shutil

    target = tmp_path_factory.mktemp("index")
    cache = ROOT / "index" / "cache" / "embeddings.sqlite"
    if cache.exists():
        (target / "cache").mkdir()
        shutil.copy(cache, target / "cache" / "embeddings.sqlite")
    return target


@pytest.fixture(scope="session")
def settings(index_dir):
    from assistant.settings import load_settings

    return load_settings(index_dir=index_dir, docs_dir=DOCS)


@pytest.fixture(scope="session")
def assistant(settings):
    from assistant.service import Assistant

    a = Assistant(settings)
    a.ensure_index()
    return a


@pytest.fixture(scope="session")
def cli_env(settings, assistant):
    env = guarded_env(os.environ)
    env["ASSISTANT_INDEX_DIR"] = str(settings.index_dir)
    env["ASSISTANT_DOCS_DIR"] = str(settings.docs_dir)
    return env
