#!/usr/bin/env bash
# GPU box: kernel evaluation throughput, the standard approach (KernelBench's protocol: a fresh
# process and a cold load_inline build per candidate, 5 + 100 trials) against `assay kernel eval`,
# side by side in one run over the same suite candidates. Run from the repository root:
#     bash bench/kernels/run.sh                      # first 4 problems x fast/slow/wrong/compile_error
#     PROBLEMS=2 PARALLEL=8 bash bench/kernels/run.sh --full-suite
# Sizes come from the environment (PROBLEMS, PARALLEL, VARIANTS) or from options, which win
# (every option: python3 bench/kernels/kernel_bench.py --help). Output in $OUT (else ./out):
# kernel-bench.md, kernel-bench.json, assay-results.jsonl, [suite-results.jsonl], logs.tar.gz,
# kernel-bench.log. Default run: about 3-4 minutes on the H100 box (16 standard candidates,
# two waves of 8 cold load_inline builds of ~70 s each, then Assay).
set -euo pipefail
cd "$(dirname "$0")/../.."

source scripts/gpu-box-env.sh

out="${OUT:-out}"
mkdir -p "$out"
{
    echo "== $(date -u +%FT%TZ) | $("$ASSAY_BIN" --version) | $(nproc) cores | $(nvcc --version | tail -1)"
    echo "== $(python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))')"
    PYTHONUNBUFFERED=1 python3 bench/kernels/kernel_bench.py --assay "$ASSAY_BIN" --out "$out" \
        --problems "${PROBLEMS:-4}" --parallel "${PARALLEL:-8}" --variants "${VARIANTS:-fast,slow,wrong,compile_error}" "$@"
} 2>&1 | tee "$out/kernel-bench.log"
exit "${PIPESTATUS[0]}"
