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

source scripts/gpu-box-env.sh

echo "== $("$ASSAY_BIN" --version) | $(nvcc --version | tail -1) | torch $(python3 -c 'import torch; print(torch.__version__, torch.cuda.get_device_name(0))')"
python3 scripts/kernel_equivalence.py --assay "$ASSAY_BIN" --out "${OUT:-out}" --jobs "${JOBS:-8}"
