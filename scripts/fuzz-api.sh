#!/usr/bin/env bash
# Fuzzes `assay serve`'s HTTP API from its own OpenAPI document with schemathesis.
#
# Starts `assay serve` on 127.0.0.1 (a free port, a temporary store), runs schemathesis with
# a bounded number of examples per operation, stops the server gracefully, and fails when:
#   - any response is a 5xx (check not_a_server_error),
#   - a response breaks the document (status, content type, headers, schema),
#   - invalid data is accepted, an undocumented method is not 405, ...,
#   - the server died during the run or did not shut down cleanly.
# The positive_data_acceptance check is left out: some rules cannot be written in the schema
# (`labels` and `query` of /get_reward must have the same length), so schema-valid requests
# can rightly get 422.
#
# Usage: scripts/fuzz-api.sh            (FUZZ_EXAMPLES=100, a random seed, printed)
#        FUZZ_EXAMPLES=500 FUZZ_SEED=42 scripts/fuzz-api.sh
#        ASSAY_BIN=.build/release/assay scripts/fuzz-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."

examples=${FUZZ_EXAMPLES:-100}
seed=${FUZZ_SEED:-$RANDOM$RANDOM}
bin=${ASSAY_BIN:-}
if [ -z "$bin" ]; then
    echo "== building assay"
    swift build --product assay 2>&1 | tail -1
    bin="$(swift build --show-bin-path)/assay"
fi

venv=.build/fuzz-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
    echo "== installing schemathesis into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi

work=$(mktemp -d)
# Kernels are enabled so that /v1/kernels/eval takes jobs (a server without --kernel-gpus
# answers it 503 by design). Without a GPU the workers report themselves down and candidates
# that reach the GPU stage fail their job; the fuzzer's candidates are format errors anyway.
"$bin" serve --host 127.0.0.1 --port 0 --db "$work/fuzz.sqlite" --run fuzz \
    --kernel-gpus 0 --kernel-cache "$work/kernel-cache" >"$work/serve.log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

port=""
for _ in $(seq 1 600); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/serve.log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "assay serve did not start:" >&2
        cat "$work/serve.log" >&2
        exit 1
    fi
    sleep 0.1
done
[ -n "$port" ] || { echo "assay serve did not print its port" >&2; exit 1; }

echo "== schemathesis against http://127.0.0.1:$port (examples per operation: $examples, seed: $seed)"
fuzz() {
    timeout 1200 "$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.yaml" \
        --checks all --exclude-checks positive_data_acceptance \
        --max-examples "$examples" --seed "$seed" --request-timeout 120 --workers 2 --no-color \
        --generation-database :memory: 2>&1 | tee "$work/fuzz.log"
    return "${PIPESTATUS[0]}"
}
status=0
fuzz || status=$?
# schemathesis reports its own crashes as "errors", apart from API "failures". One of them
# (hypothesis' lambda introspection: "AST constructor recursion depth mismatch" under CPython
# 3.11) comes and goes with the same seed. Such a run found nothing about the API either way:
# say so and run the same seed once more; a second failure of any kind fails the script.
if [ "$status" -ne 0 ] && grep -q "AST constructor recursion depth mismatch" "$work/fuzz.log" \
    && ! grep -qE "^=+ FAILURES =+$" "$work/fuzz.log"; then
    echo "== schemathesis crashed inside hypothesis (not an API failure); running seed $seed once more" >&2
    status=0
    fuzz || status=$?
fi

if ! kill -0 "$pid" 2>/dev/null; then
    echo "assay serve died during fuzzing:" >&2
    tail -40 "$work/serve.log" >&2
    exit 1
fi
if grep -q "unhandled error" "$work/serve.log"; then
    echo "assay serve logged unhandled errors:" >&2
    grep -A2 "unhandled error" "$work/serve.log" | head -40 >&2
    status=1
fi
kill -TERM "$pid"
serve_status=0
wait "$pid" || serve_status=$?
if [ "$serve_status" -ne 0 ]; then
    echo "assay serve exited with $serve_status after SIGTERM" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "fuzzing failed (seed $seed)" >&2
    exit "$status"
fi
echo "== fuzzing passed (seed $seed)"
