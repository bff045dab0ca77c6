"""The web UI. Importing it turns Gradio's analytics off (assistant/environment.py FORCED) before any
of its modules imports gradio, which reads the setting at import; the other defaults are the entry
points' to set (app.py, `python -m assistant`)."""
import os

from assistant.environment import FORCED

os.environ.update(FORCED)
