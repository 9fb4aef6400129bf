#!/usr/bin/env bash
# GPU box: proves Assay's kernel compile path gives the same extensions as plain load_inline.
#
# Run from the repository root on the H100 box (torch with CUDA, nvcc in /usr/local/cuda,
# ninja, Python 3). The assay binary comes from out/assay.xz (a static build carried there:
# see docs/kernels.md) or from $ASSAY_BIN. Prints a table (one row per candidate of
# examples/kernels/suite.json) and writes $OUT/equivalence.json. Exit status 1 when any entry
# is not equivalent or not built the expected way.
set -euo pipefail
cd "$(dirname "$0")/.."

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

echo "== $("$ASSAY_BIN" --version) | $(nvcc --version | tail -1) | torch $(python3 -c 'import torch; print(torch.__version__, torch.cuda.get_device_name(0))')"
python3 scripts/kernel_equivalence.py --assay "$ASSAY_BIN" --out "${OUT:-out}" --jobs "${JOBS:-8}"
