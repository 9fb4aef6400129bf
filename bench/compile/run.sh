#!/usr/bin/env bash
# GPU box: compile-time benchmark, plain load_inline vs Assay, cold and cached, in one run.
# Run from the repository root (see docs/kernels.md for what to carry). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."

source scripts/gpu-box-env.sh

echo "== $(nproc) cores | $(nvcc --version | tail -1) | torch $(python3 -c 'import torch; print(torch.__version__)')"
python3 bench/compile/bench.py --assay "$ASSAY_BIN" --variants "${VARIANTS:-3}" --parallel "${PARALLEL:-8}" --out "${OUT:-out}"
