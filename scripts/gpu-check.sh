#!/usr/bin/env bash
# GPU box: runs the whole kernel suite (examples/kernels/suite/*/expected.json) through
# `assay kernel eval` and prints expected vs actual verdicts; exit 1 when any row fails.
#
# Run from anywhere on the H100 box (torch with CUDA, nvcc in /usr/local/cuda, the static assay
# binary carried as out/assay.xz or given as $ASSAY_BIN):
#     bash scripts/gpu-check.sh [--only relu,softmax] [--variants fast,hack_*] [--limit N]
#                               [--no-timing] [--out DIR] [--slots-per-gpu 2] [--jobs 16] ...
# Output (--out, default $OUT, else ./gpu-check-out): results.jsonl (assay's result lines, each
# with its expectation under `expected`), table.md, summary.json, worker-logs.tar.gz, and
# gpu-check.log (everything printed). Every option: python3 scripts/suite_check.py run --help.
# Re-check a saved result file on any machine: python3 scripts/suite_check.py check FILE
# Inside a time limit: --deadline 540 stops assay after 540 s and reports what finished; a later
# run with --resume <that results.jsonl> evaluates only the rest and reports the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${OUT:-gpu-check-out}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --out) out="${args[i + 1]:?--out needs a folder}" ;;
        --out=*) out="${args[i]#--out=}" ;;
        -h|--help) exec python3 scripts/suite_check.py run --help ;;
    esac
done
mkdir -p "$out"

source scripts/gpu-box-env.sh

{
    echo "== $("$ASSAY_BIN" --version) | $(nvcc --version | tail -1) | $(nproc) cores"
    echo "== $(python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))')"
    set +e
    PYTHONUNBUFFERED=1 python3 scripts/suite_check.py run --assay "$ASSAY_BIN" --out "$out" "$@"
    status=$?
    set -e
    echo "== gpu-check exit $status"
    exit "$status"
} 2>&1 | tee "$out/gpu-check.log"
exit "${PIPESTATUS[0]}"
