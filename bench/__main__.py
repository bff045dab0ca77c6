import sys

from assistant import environment

environment.apply()  # before anything imports chromadb or an HF library

from bench.run import main  # noqa: E402

sys.exit(main())
