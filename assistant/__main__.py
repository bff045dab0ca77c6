import sys

from assistant import environment

environment.apply()  # before anything imports chromadb, gradio or an HF library

from assistant.cli import main  # noqa: E402

sys.exit(main())
