"""The web UI. Importing it turns Gradio's analytics off first (assistant/environment.py), before
any of its modules imports gradio."""
from assistant import environment

environment.apply()
