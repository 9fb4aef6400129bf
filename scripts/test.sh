#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Assay's tests, then runs them all:
# the Swift test suite (swift test) and the Python worker's CPU tests (pytest).
# Used by the README ("run the tests") and by CI (.ci/run). Fails when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Debian packages -----------------------------------------------------------------------
# bubblewrap: the sandbox's namespaces; util-linux (setpriv): dropping root before bwrap;
# chromium: the report test renders the HTML report headless and checks the charts were drawn.
need_apt=()
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)
command -v setpriv >/dev/null 2>&1 || need_apt+=(util-linux)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if ((${#need_apt[@]})); then
    echo "== installing Debian packages: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- Python packages -----------------------------------------------------------------------
# The CUDA compiler from PyPI, so that compile tests build real kernels without a GPU. One
# CUDA release throughout (13.0, what the GPU box's driver runs): mixing nvvm 13.5 with
# nvcc 13.0 makes ptxas fail. cccl brings cuda_fp16.h and friends.
cuda_pkgs=(nvidia-cuda-nvcc==13.0.88 nvidia-cuda-runtime==13.0.96 nvidia-nvvm==13.0.88
    nvidia-cuda-crt==13.0.88 nvidia-cuda-cccl==13.0.85)
if ! python3 -m pip show nvidia-cuda-nvcc 2>/dev/null | grep -q '^Version: 13.0.88$'; then
    echo "== installing the CUDA 13.0 compiler from PyPI (about 270 MB)"
    python3 -m pip install -q "${cuda_pkgs[@]}"
fi
python3 -c 'import pytest' 2>/dev/null || python3 -m pip install -q pytest

# The client's trainer tests run TRL's GRPOTrainer and SFTTrainer on CPU: torch, transformers
# and trl go into their own virtual environment (ASSAY_TEST_VENV, default .build/trainer-venv),
# never into the system Python. torch is the CPU wheel this machine image keeps in
# /opt/wheels when it is there for this Python, else torch from PyPI (a larger download that
# also runs on CPU). Versions are pinned to a set tested together; nothing is installed when
# the environment already has them.
venv="${ASSAY_TEST_VENV:-$PWD/.build/trainer-venv}"
torch_version=2.13.0
trainer_pkgs=(transformers==5.24.0 trl==1.16.0 accelerate==1.15.0 datasets==5.2.0 tokenizers==0.23.3
    pytest==9.2.0 ninja==1.13.2 nvidia-cuda-runtime==13.0.96)
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
trainer_python="$venv/bin/python"
if ! "$trainer_python" - "$torch_version" "${trainer_pkgs[@]}" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version
torch, pins = sys.argv[1], [p.split("==") for p in sys.argv[2:]]
assert version("torch").split("+")[0] == torch
assert all(version(name) == wanted for name, wanted in pins)
PY
    tag="cp$("$trainer_python" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"
    wheel="$(ls /opt/wheels/torch-"$torch_version"+cpu-"$tag"-"$tag"-*x86_64.whl 2>/dev/null | head -1 || true)"
    echo "== installing torch $torch_version (${wheel:-from PyPI}) and ${trainer_pkgs[*]} into $venv"
    start=$SECONDS
    "$trainer_python" -m pip install -q --upgrade pip
    "$trainer_python" -m pip install -q "${wheel:-torch==$torch_version}" "${trainer_pkgs[@]}"
    echo "   installed in $((SECONDS - start)) s"
fi

# --- Swift tests ---------------------------------------------------------------------------
echo "== swift test"
set +e
swift test > /tmp/assay-swift-test.log 2>&1
status=$?
set -e
grep -E '✘|error:|Test run' /tmp/assay-swift-test.log | grep -vE '^0x' | tail -40
if [ "$status" -ne 0 ]; then
    echo "swift test failed (exit $status); the end of the log (/tmp/assay-swift-test.log):" >&2
    tail -80 /tmp/assay-swift-test.log >&2
    exit "$status"
fi

# --- API fuzzing from the OpenAPI document (schemathesis against a live server on loopback) ---
echo "== scripts/fuzz-api.sh"
FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-50}" ASSAY_BIN="$(swift build --show-bin-path)/assay" bash scripts/fuzz-api.sh

# --- Python client and trainer adapters, against a real `assay serve` (the debug build); TRL's
#     GRPOTrainer and SFTTrainer on a tiny local model --------------------------------------------
echo "== pytest python/tests"
(cd python && ASSAY_BIN="$(cd .. && swift build --show-bin-path)/assay" "$trainer_python" -m pytest -q tests)

# --- Python worker tests (CPU part; the GPU part runs on the GPU box) ------------------------
# In the trainer environment, which has torch (CPU), ninja and the CUDA runtime headers: the tests
# that compare the slim binding with real load_inline, the artifact loaders and the thread guard
# need torch, and ASSAY_REQUIRE_TORCH=1 makes a missing torch a failure instead of a skip.
echo "== pytest worker/tests"
(cd worker && PATH="$venv/bin:$PATH" ASSAY_REQUIRE_TORCH=1 "$trainer_python" -m pytest -q tests)

# --- The KernelBench-protocol harness of bench/kernels, on CPU torch --------------------------
echo "== pytest scripts/tests"
PATH="$venv/bin:$PATH" "$trainer_python" -m pytest -q scripts/tests
