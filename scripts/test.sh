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

# --- Python client and trainer adapters, against a real `assay serve` (the debug build) ------
echo "== pytest python/tests"
(cd python && ASSAY_BIN="$(cd .. && swift build --show-bin-path)/assay" python3 -m pytest -q tests)

# --- Python worker tests (CPU part; the GPU part runs on the GPU box) ------------------------
echo "== pytest worker/tests"
(cd worker && python3 -m pytest -q tests)
