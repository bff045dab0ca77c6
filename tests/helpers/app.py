"""The web app under test: `python app.py` in a subprocess (started by bench/app_process.py, which the
benchmarks use too), guarded against the network, over an index folder the test gives it. The session's
app is the `app` fixture in tests/conftest.py; a test needing an app of its own (faults, auth) starts a
`Server` over a copy of the session's index (`index_copy`)."""
from __future__ import annotations

import os
from pathlib import Path

from bench.app_process import AppProcess, free_port, index_copy, stop_process
from tests.helpers import guarded_env

__all__ = ["J4CE", "SOLAR", "Server", "client", "free_port", "index_copy", "stop_process"]

J4CE = "J4CEを発足させた組織は？"
SOLAR = "太陽光パネルのリサイクル法案はいつ提出？"


class Server(AppProcess):
    """The app for the tests: guarded against the network, on the index folder it is given."""

    def __init__(self, index_dir: Path, log: Path, extra_env: dict | None = None, args=()):
        env = guarded_env({k: v for k, v in os.environ.items()
                           if k not in ("ASSISTANT_AUTH", "ASSISTANT_HOST", "ASSISTANT_PORT")})
        env.update({"ASSISTANT_INDEX_DIR": str(index_dir), "GRADIO_ANALYTICS_ENABLED": "False",
                    "PYTHONUNBUFFERED": "1", **(extra_env or {})})
        self.index_dir = Path(index_dir)
        super().__init__(env, log, args)


def client(url: str, download_dir: Path | str | None = None, auth=None):
    """A gradio_client Client of the app; files it downloads go to `download_dir` (none without one)."""
    from gradio_client import Client

    # analytics_enabled=False: gradio_client otherwise starts a telemetry thread whatever the env says
    return Client(url, verbose=False, analytics_enabled=False, auth=auth,
                  download_files=str(download_dir) if download_dir else False)
