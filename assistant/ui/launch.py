"""How the web app is launched: options, safe defaults and authentication.

* Binds 127.0.0.1:7860 unless ``--host/--port`` or ``ASSISTANT_HOST``/``ASSISTANT_PORT`` say otherwise.
* Any host that is not loopback requires authentication from the environment,
  ``ASSISTANT_AUTH="user:pass[,user2:pass2]"`` (a password may contain ``:`` but not ``,``); without it the
  app refuses to start (exit code 2) unless ``--insecure`` is given.
* With authentication, rebuilding the index from the 状態 tab is open only to the users named in
  ``ASSISTANT_ADMIN_USERS="user[,user2]"`` (``may_rebuild``); without authentication, to whoever runs it.
* ``share=False`` (no tunnel), no SSR/Node, no MCP server, no monitoring endpoint, no run history, and
  analytics off: ``GRADIO_ANALYTICS_ENABLED=False`` is set by the package (``assistant/ui/__init__.py``)
  before Gradio is imported, so nothing phones home (no version check, no telemetry).

Queue and concurrency (the machine has 2 cores; ``Assistant.ask`` is thread-safe, retrieval is
short and mostly numpy/BM25, so a few run at once without oversubscribing the CPU):
``default_concurrency_limit=4`` for chat and API calls, ``max_size=64`` waiting events (more are
refused with "queue full" rather than piling up), and index rebuilds limited to one at a time
(``concurrency_limit=1`` on that event, see ``assistant/ui/blocks.py``)."""
from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
QUEUE = {"default_concurrency_limit": 4, "max_size": 64}
log = logging.getLogger(__name__)


class LaunchRefused(Exception):
    """The requested launch is unsafe or misconfigured; the message says what to do."""


def is_loopback(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(spec: str | None) -> list[tuple[str, str]] | None:
    """``"user:pass[,user2:pass2]"`` → ``[(user, pass), …]``; None when unset or blank."""
    if not spec or not spec.strip():
        return None
    pairs = []
    for item in spec.split(","):
        item = item.strip()
        user, sep, password = item.partition(":")
        if not item or not sep or not user.strip() or not password:
            raise LaunchRefused("ASSISTANT_AUTH must look like user:password[,user2:password2] "
                                "(each entry needs a user name and a non-empty password)")
        pairs.append((user.strip(), password))
    return pairs


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python app.py", description="循環経済行動計画 Q&A — web app")
    p.add_argument("--host", default=os.environ.get("ASSISTANT_HOST") or DEFAULT_HOST,
                   help=f"address to bind (env ASSISTANT_HOST, default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=None,
                   help=f"port (env ASSISTANT_PORT, default {DEFAULT_PORT})")
    p.add_argument("--insecure", action="store_true",
                   help="allow a non-loopback host without ASSISTANT_AUTH (not recommended)")
    p.add_argument("--no-warmup", action="store_true", help="do not open/build the index before the first question")
    args = p.parse_args(argv)
    if args.port is None:
        raw = os.environ.get("ASSISTANT_PORT") or str(DEFAULT_PORT)
        try:
            args.port = int(raw)
        except ValueError:
            p.error(f"ASSISTANT_PORT must be a number, got {raw!r}")
    if not 0 < args.port < 65536:
        p.error(f"port {args.port} is out of range")
    return args


def may_rebuild(username: str | None, admins: str) -> bool:
    """Whether a user of the web app may rebuild the index: anyone when the app runs without
    authentication (a local, single-user app: Gradio then gives no user name), otherwise only the users
    ASSISTANT_ADMIN_USERS names."""
    if username is None:
        return True
    return username in {a.strip() for a in (admins or "").split(",") if a.strip()}


def launch_options(args: argparse.Namespace, environ=os.environ) -> dict:
    """Keyword arguments for ``Blocks.launch``; raises LaunchRefused for an unsafe bind."""
    auth = parse_auth(environ.get("ASSISTANT_AUTH"))
    if not is_loopback(args.host) and auth is None and not args.insecure:
        raise LaunchRefused(
            f"refusing to listen on {args.host}: a non-loopback address needs authentication. "
            "Set ASSISTANT_AUTH=user:password[,user2:password2], bind 127.0.0.1, or pass --insecure "
            "to run without authentication anyway.")
    return {"server_name": args.host, "server_port": args.port, "auth": auth, "share": False,
            "auth_message": "循環経済行動計画 Q&A：ユーザー名とパスワードを入力してください。" if auth else None,
            "ssr_mode": False, "mcp_server": False, "pwa": False, "enable_monitoring": False,
            "run_history": False, "footer_links": ["api"], "max_file_size": "1mb", "show_error": False,
            "strict_cors": True}


def warm_up(assistant) -> None:
    """Open (or build) the index in the background so the first question does not wait for it."""
    import threading

    try:
        _ = assistant.store  # created here, once, before requests can race to create it
    except Exception as exc:
        log.warning("index store not available yet: %s", exc)

    def run():
        try:
            assistant.ensure_index()
        except Exception as exc:  # reported again, to the user, on the first question
            log.warning("index not ready yet: %s", exc)

    threading.Thread(target=run, name="index-warmup", daemon=True).start()


def refuse(exc: Exception) -> int:
    print(f"エラー: {exc}", file=sys.stderr)
    return 2
