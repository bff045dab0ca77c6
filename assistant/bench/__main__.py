import sys

from assistant.bench.run import main

sys.exit(main())
