#!/usr/bin/env bash
# On the GPU box: `assay serve --kernel-gpus 0`, a few example kernel candidates through
# POST /v1/kernels/eval, the job followed over server-sent events to the end, the store and
# logs copied to $OUT. Build the report from the returned store with `assay report`.
#
# Usage (repository root on the GPU box, the static binary carried as out/assay.xz):
#   ASSAY_BIN=/tmp/assay OUT=/tmp/out bench/server/kernels-on-gpu.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${ASSAY_BIN:?set ASSAY_BIN to the assay binary}
out=${OUT:-/tmp/assay-kernels}
mkdir -p "$out/worker-logs"
export PATH=/usr/local/cuda/bin:$PATH
export ASSAY_KERNELS_RESOURCES=$PWD/Sources/AssayKernels/Resources ASSAY_WORKER_DIR=$PWD/worker

"$bin" serve --port 0 --db "$out/assay.sqlite" --run kernels-h100 --kernel-gpus 0 --kernel-slots-per-gpu 1 \
    --kernel-cache /tmp/assay-kernel-cache --kernel-worker-logs "$out/worker-logs" >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 600); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$out/serve.log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$out/serve.log" >&2; exit 1; }

python3 - "$port" "$out" <<'PY'
import json, sys, time, urllib.request
port, out = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
def read(path):
    return open(path).read()
pairs = [
    ("relu", "examples/kernels/problems/relu.py", read("examples/kernels/candidates/relu_basic.py")),
    ("scaled_add", "examples/kernels/problems/scaled_add.py", read("examples/kernels/candidates/scaled_add_basic.py")),
    ("softmax", "examples/kernels/problems/softmax.py", read("examples/kernels/candidates/softmax_shared.py")),
    ("relu", "examples/kernels/problems/relu.py",
     "```python\nimport torch\nclass ModelNew(torch.nn.Module):\n    def forward(self, x):\n        return torch.relu(x)\n```\n"),
    ("relu", "examples/kernels/problems/relu.py", "I am not able to write this kernel."),
]
items = [{"problem": read(path), "problem_name": name, "candidate": candidate} for name, path, candidate in pairs]
request = urllib.request.Request(base + "/v1/kernels/eval", data=json.dumps({"items": items}).encode(),
                                 headers={"Content-Type": "application/json"})
job = json.load(urllib.request.urlopen(request))
print("submitted", job["id"], flush=True)
start = time.time()
with urllib.request.urlopen(base + f"/v1/jobs/{job['id']}/events", timeout=900) as stream:
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            state = json.loads(line[5:])
            print(f"{time.time() - start:7.1f}s {event}: {state['state']} {state['completed']}/{state['total']} {state['error'] or ''}", flush=True)
results = json.load(urllib.request.urlopen(base + f"/v1/jobs/{job['id']}/results"))
json.dump(results, open(out + "/results.json", "w"), indent=1)
for entry in results["results"]:
    verdict = entry["verdict"] or {}
    print(entry["position"], verdict.get("status"), verdict.get("reward"), verdict.get("speedup"), flush=True)
PY
