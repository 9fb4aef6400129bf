#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Assay's tests, then runs them.
# Used by the README ("run the tests") and by CI (.ci/run). Fails when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)
if ((${#need_apt[@]})); then
    echo "== installing Debian packages: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== swift test"
swift test 2>&1 | tee /tmp/assay-swift-test.log | grep -vE '^(0x|\s*$)' | grep -E '✘|error:|Test run|passed|failed|issue' | tail -40
# tee hides swift's exit status inside the pipeline: read it back.
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo "swift test failed (exit $status); full log: /tmp/assay-swift-test.log" >&2
    tail -60 /tmp/assay-swift-test.log >&2
    exit "$status"
fi
