#!/usr/bin/env bash
# GPU box: compile-time benchmark, plain load_inline vs Assay, cold and cached, in one run.
# Run from the repository root (see docs/kernels.md for what to carry). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${ASSAY_BIN:-}" ]; then
    if [ ! -f out/assay.xz ]; then
        echo "no out/assay.xz and no ASSAY_BIN: build and carry the static binary (docs/kernels.md)" >&2
        exit 2
    fi
    xz -dc out/assay.xz > /tmp/assay-bin
    chmod +x /tmp/assay-bin
    ASSAY_BIN=/tmp/assay-bin
fi
export ASSAY_KERNELS_RESOURCES="$PWD/Sources/AssayKernels/Resources"
export ASSAY_PYTHON="${ASSAY_PYTHON:-python3}"
export PATH="/usr/local/cuda/bin:$PATH"

echo "== $(nproc) cores | $(nvcc --version | tail -1) | torch $(python3 -c 'import torch; print(torch.__version__)')"
python3 bench/compile/bench.py --assay "$ASSAY_BIN" --variants "${VARIANTS:-3}" --parallel "${PARALLEL:-8}" --out "${OUT:-out}"
