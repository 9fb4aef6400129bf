#!/usr/bin/env bash
# Runs the GPU worker's test suite on a machine with an NVIDIA GPU (the GPU box), failing when no
# GPU is visible (ASSAY_REQUIRE_GPU=1). pytest is used from the machine if present; otherwise it is
# installed from wheels carried in worker/.wheels (see worker/README.md).
set -euo pipefail
cd "$(dirname "$0")/../worker"

if ! python3 -c 'import pytest' 2>/dev/null; then
    if ! ls .wheels/*.whl >/dev/null 2>&1; then
        echo "pytest is missing and worker/.wheels holds no wheels to install it from" >&2
        exit 2
    fi
    python3 -m pip install -q --no-index --no-deps --target /tmp/assay-pytest .wheels/*.whl
    export PYTHONPATH="/tmp/assay-pytest${PYTHONPATH:+:$PYTHONPATH}"
fi

export PYTHONUNBUFFERED=1
ASSAY_REQUIRE_GPU=1 exec python3 -m pytest -x -q -p no:cacheprovider tests "$@"
