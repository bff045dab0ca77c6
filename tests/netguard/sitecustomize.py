"""Network guard for test subprocesses: only loopback (and AF_UNIX) connections are allowed.

Python imports ``sitecustomize`` at start-up from the first directory on ``sys.path`` that has one,
so a subprocess started with this folder first on ``PYTHONPATH`` (the ``cli_env`` fixture and the
app fixture of ``tests/ui/test_ui.py`` do that) makes every non-loopback ``connect``/``connect_ex`` fail
with ``NetworkBlocked`` -- the same guard ``tests/conftest.py`` installs in the pytest process itself
(it imports ``install`` from here). Each blocked attempt is also written to stderr as a line starting
with ``[netguard] blocked``, so a test can show from a subprocess's log that nothing even tried to
leave the host (a library may swallow the exception).

An existing ``sitecustomize`` later on ``sys.path`` (e.g. a distribution's) is still run after this."""
from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys

MARK = "_netguard_installed"
MESSAGE = "only loopback is allowed"


class NetworkBlocked(OSError):
    pass


def is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def install(who: str = "process") -> bool:
    """Patch ``socket.socket.connect``/``connect_ex``; returns False when already installed."""
    if getattr(socket.socket.connect, MARK, False):
        return False
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(sock, address) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address):
            with contextlib.suppress(Exception):  # stderr may be closed; the connection is refused anyway
                sys.stderr.write(f"[netguard] blocked connection to {address!r} (pid {os.getpid()})\n")
            raise NetworkBlocked(f"{who} tried to reach {address!r}: {MESSAGE}")

    def guarded_connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def guarded_connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    for fn in (guarded_connect, guarded_connect_ex):
        setattr(fn, MARK, True)
    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    return True


def _chain_next_sitecustomize() -> None:
    """Run the ``sitecustomize`` this file shadows, if there is one further along ``sys.path``."""
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None or not spec.origin:
        return
    if os.path.abspath(spec.origin) == os.path.abspath(__file__):
        return
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - like site.py: report, do not stop the interpreter
        sys.stderr.write(f"[netguard] the shadowed sitecustomize failed: {exc!r}\n")


if __name__ == "sitecustomize":  # imported by site.py at interpreter start-up
    install(f"subprocess {os.getpid()}")
    _chain_next_sitecustomize()
