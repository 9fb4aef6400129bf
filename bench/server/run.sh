#!/usr/bin/env bash
# Math grading over HTTP on loopback: `assay serve` (release build, a fresh SQLite store) under
# wrk at 1, 16 and 64 concurrent clients, with 1 item per request and with batches.
# Prints verdicts/s and p50/p99 latency per configuration as a Markdown table and saves it
# under bench/server/results/.
#
# Usage: bench/server/run.sh                 (10 s per configuration)
#        DURATION=30 BATCHES="1 16 64" CLIENTS="1 16 64" bench/server/run.sh
#        ASSAY_BIN=.build/release/assay bench/server/run.sh
# Needs wrk (Debian: apt-get install -y wrk). Every item is a new pair, so every verdict is
# graded and stored; nothing comes from the store's cache.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${DURATION:-10}
batches=${BATCHES:-"1 64"}
clients_list=${CLIENTS:-"1 16 64"}
command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 1; }
bin=${ASSAY_BIN:-}
if [ -z "$bin" ]; then
    echo "== building assay (release)"
    swift build -c release --product assay 2>&1 | tail -1
    bin="$(swift build -c release --show-bin-path)/assay"
fi

work=$(mktemp -d)
"$bin" serve --host 127.0.0.1 --port 0 --db "$work/bench.sqlite" --run bench >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 300); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/serve.log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
url="http://127.0.0.1:$port/v1/math/grade"

# wrk prints latencies as 812.00us, 1.23ms or 1.02s: convert to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else { printf "%s", v } }'
}

echo "== warm-up"
wrk -t1 -c4 -d2s -s bench/server/grade.lua "$url" -- 16 warmup >/dev/null 2>&1

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
table="| items/request | clients | requests/s | verdicts/s | p50 ms | p99 ms | non-200 |
|---:|---:|---:|---:|---:|---:|---:|"
for batch in $batches; do
    for clients in $clients_list; do
        threads=$(( clients < 2 ? 1 : 2 ))
        out=$(wrk -t"$threads" -c"$clients" -d"${duration}s" --latency -s bench/server/grade.lua "$url" \
            -- "$batch" "bench-b$batch-c$clients" 2>"$work/wrk.err")
        rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
        p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
        bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
        verdicts=$(awk -v r="$rps" -v b="$batch" 'BEGIN { printf "%.0f", r * b }')
        line="| $batch | $clients | $rps | $verdicts | $p50 | $p99 | ${bad:-0} |"
        echo "$line"
        table="$table
$line"
        if [ -s "$work/wrk.err" ]; then head -3 "$work/wrk.err" >&2; fi
    done
done

mkdir -p bench/server/results
result="bench/server/results/$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# assay serve: math grading over HTTP"
    echo
    echo "$(nproc) cores ($cpu), wrk on the same machine, ${duration} s per row, loopback, a fresh SQLite store (WAL)."
    echo
    echo "$table"
} >"$result"
echo
cat "$result"
echo
echo "saved to $result"
