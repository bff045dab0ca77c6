"""Web app: ``python app.py [--host H] [--port P] [--insecure]`` (env ASSISTANT_HOST / ASSISTANT_PORT;
default 127.0.0.1:7860). A non-loopback host needs ASSISTANT_AUTH="user:pass[,user2:pass2]" and
otherwise refuses to start (exit 2) unless --insecure is given. Safe defaults, queue and concurrency
settings are documented in assistant/ui/launch.py; the UI itself is assistant/ui/blocks.py."""
from __future__ import annotations

import logging
import sys

from assistant import environment

environment.apply()  # first: Gradio analytics and Chroma telemetry off before either is imported

from assistant.ui import launch as ui_launch  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = ui_launch.parse_args(argv)
    try:
        options = ui_launch.launch_options(args)
    except ui_launch.LaunchRefused as exc:
        return ui_launch.refuse(exc)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from assistant.errors import AssistantError
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from assistant.ui.blocks import build_ui
    from assistant.ui.style import style

    try:
        assistant = Assistant.from_settings(load_settings())
    except AssistantError as exc:
        return ui_launch.refuse(exc)
    if not args.no_warmup:
        ui_launch.warm_up(assistant)
    build_ui(assistant).queue(**ui_launch.QUEUE).launch(**options, **style())
    return 0


if __name__ == "__main__":
    sys.exit(main())
