#!/usr/bin/env bash
# The reference GRPO run on the GPU box, in one command (about 7 minutes on an H100):
#
#   bash scripts/grpo-reference.sh                 # results to $OUT/grpo-reference (or out/grpo-reference)
#   GRPO_TIME_BUDGET_S=300 bash scripts/grpo-reference.sh --preset h100   # extra args go to the trainer
#
# Environment: GRPO_OUT (destination), GRPO_TIME_BUDGET_S (default 400: the trainer's whole budget,
# SFT and both evaluations included), GRPO_PYTHON (default /opt/torch/.venv/bin/python, else python3),
# GRPO_WORK (default /tmp/grpo-reference-work), ASSAY_BIN, BWRAP (the bubblewrap looked for; a
# missing one, e.g. BWRAP=none, shows the --no-isolation path).
#
# Starts `assay serve` from the carried static binary (scripts/gpu-box-env.sh unpacks out/assay.xz;
# ASSAY_BIN overrides), with the bubblewrap sandbox when it works here and with --no-isolation,
# said loudly and recorded as "sandbox_isolated": false in results.json, when it does not; then runs
# `python -m assay_client.reference run` (SFT, held-out evaluation, GRPO, evaluation) within the time
# budget. The work directory is /tmp/grpo-reference-work; everything but the checkpoints (~300 MB)
# is copied to the destination at the end, with the server's log and SQLite store.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
DEST="${GRPO_OUT:-${OUT:-$REPO/out}/grpo-reference}"
WORK="${GRPO_WORK:-/tmp/grpo-reference-work}"
BUDGET="${GRPO_TIME_BUDGET_S:-400}"
source scripts/gpu-box-env.sh

if [ -n "${GRPO_PYTHON:-}" ]; then PY="$GRPO_PYTHON"
elif [ -x /opt/torch/.venv/bin/python ]; then PY=/opt/torch/.venv/bin/python
else PY="$(command -v python3)"; fi
DEVICE=cpu
if "$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then DEVICE=cuda; fi
echo "trainer: $PY ($("$PY" -c 'import torch; print("torch", torch.__version__)')), device $DEVICE" >&2

rm -rf "$WORK"
mkdir -p "$WORK" "$DEST"
SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap stop_server EXIT

start_server() {  # $@: extra serve flags; sets URL and SERVER_PID
    : > "$WORK/serve.log"
    "$ASSAY_BIN" serve --host 127.0.0.1 --port 0 --db "$WORK/assay.sqlite" --run grpo-reference "$@" \
        >> "$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    URL=""
    for _ in $(seq 1 300); do
        URL="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$WORK/serve.log" | head -1 | sed 's/listening on //' || true)"
        if [ -n "$URL" ]; then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        sleep 0.1
    done
    echo "assay serve did not start:" >&2; cat "$WORK/serve.log" >&2; return 1
}

probe() {  # does the sandbox run Python? (prints 42)
    "$PY" - "$URL" <<'PYEOF'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/v1/python/run", data=json.dumps({"code": "print(6 * 7)"}).encode(),
                             headers={"Content-Type": "application/json"})
try:
    answer = json.loads(urllib.request.urlopen(req, timeout=30).read())
except Exception as error:
    print(f"sandbox probe failed: {error}", file=sys.stderr); sys.exit(1)
ok = answer.get("result", {}).get("stdout", "").strip() == "42"
print(f"sandbox probe: {answer}", file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
}

SANDBOX_PY=/usr/bin/python3
ISOLATED=0
if command -v "${BWRAP:-bwrap}" >/dev/null 2>&1 && [ -x "$SANDBOX_PY" ]; then
    start_server --python "$SANDBOX_PY"
    if probe; then ISOLATED=1; else
        echo "WARNING: bubblewrap is installed but the sandbox cannot run Python here; restarting without it" >&2
        stop_server
    fi
fi
if [ "$ISOLATED" = 0 ]; then
    [ -x "$SANDBOX_PY" ] || SANDBOX_PY="$(command -v python3)"
    echo "WARNING: no working bubblewrap sandbox on this machine: assay serve runs the policy's Python with" \
         "--no-isolation (results.json will say \"sandbox_isolated\": false)" >&2
    start_server --no-isolation --python "$SANDBOX_PY"
    probe
fi
echo "assay serve at $URL (isolated: $ISOLATED)" >&2

status=0
PYTHONPATH="$REPO/python${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 "$PY" -m assay_client.reference run \
    --preset h100 --device "$DEVICE" --assay-url "$URL" --time-budget-s "$BUDGET" --out "$WORK/run" "$@" \
    || status=$?
stop_server
trap - EXIT

# Everything but the checkpoints goes to the destination.
mkdir -p "$DEST"
( cd "$WORK/run" && find . -path ./checkpoints -prune -o -type f -print | while read -r f; do
    mkdir -p "$DEST/$(dirname "$f")"; cp "$f" "$DEST/$f"; done )
cp "$WORK/serve.log" "$DEST/serve.log"
cp "$WORK"/assay.sqlite* "$DEST/" 2>/dev/null || true
echo "checkpoints stay in $WORK/run/checkpoints ($(du -sh "$WORK/run/checkpoints" 2>/dev/null | cut -f1)); results in $DEST" >&2
if [ -f "$DEST/results.json" ]; then
    "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({k: r[k] for k in ("accuracy_before","accuracy_after","accuracy_ratio","target_met","greedy_accuracy_before","greedy_accuracy_after","tool_call_rate_before","tool_call_rate_after","sft_steps","grpo_steps","sft_seconds","grpo_seconds","wall_seconds_this_process","sandbox_isolated")}, indent=1))' "$DEST/results.json"
fi
exit "$status"
