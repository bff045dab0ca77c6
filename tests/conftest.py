"""Shared fixtures. The whole suite runs with non-loopback network connections made to fail."""
from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs_source"
SHARED = ROOT.parent / "shared"
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(OSError):
    pass


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise NetworkBlocked(f"test tried to reach {address!r}: only loopback is allowed")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise NetworkBlocked(f"test tried to reach {address!r}: only loopback is allowed")
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex


@pytest.fixture(scope="session")
def catalog():
    from assistant.catalog import load_catalog

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
    env = dict(os.environ)
    env["ASSISTANT_INDEX_DIR"] = str(settings.index_dir)
    env["ASSISTANT_DOCS_DIR"] = str(settings.docs_dir)
    return env
