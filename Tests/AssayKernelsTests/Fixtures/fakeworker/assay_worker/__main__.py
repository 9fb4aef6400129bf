"""Answers each `evaluate` like the real worker does for baselines, without a GPU.

It echoes the baselines the request carried (`saw_baselines`) and, when the request carried none,
reports `baselines_measured` tagged with its own pid; a problem source containing
`NO_BASELINES` ends without any (as a child that crashed before measuring them would).
`FAKE_GPU_UUID` in the environment puts a GPU (with that UUID) and versions in `hello`.
"""

import json
import os
import sys
import time


def main() -> int:
    device = int(sys.argv[sys.argv.index("--device") + 1])
    hello = {"kind": "hello", "ok": True, "protocol": 1, "pid": os.getpid(), "device": device}
    if os.environ.get("FAKE_GPU_UUID"):
        hello.update({"torch": "2.11.0+cu130", "cuda_runtime": "13.0", "driver": "580.0", "python": "3.12.3",
                      "gpu": {"name": "Fake GPU", "uuid": os.environ["FAKE_GPU_UUID"]}})
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if req.get("kind") == "shutdown":
            print(json.dumps({"id": req["id"], "kind": "shutdown", "ok": True}), flush=True)
            return 0
        time.sleep(0.15)
        source = req["problem"]["source"]
        seen = req.get("baselines")
        measured = None
        if seen is None and "NO_BASELINES" not in source:
            measured = {"eager": {"median_ms": float(os.getpid())}}
        print(json.dumps({"id": req["id"], "kind": "result", "ok": True, "status": "ok", "device": device,
                          "saw_baselines": seen, "baselines_measured": measured}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
