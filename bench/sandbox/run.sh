#!/usr/bin/env bash
# Sandbox benchmark: builds the release benchmark and prints a markdown table comparing cold
# sandboxed runs, warm session calls and calls per second with a bare `python3 -c` subprocess.
# Usage: bench/sandbox/run.sh [--quick] [--workers N]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v bwrap >/dev/null || { echo "bench/sandbox: bubblewrap (bwrap) is not installed: apt-get install bubblewrap" >&2; exit 1; }
swift build -c release --product assay-bench-sandbox >&2
exec .build/release/assay-bench-sandbox "$@"
