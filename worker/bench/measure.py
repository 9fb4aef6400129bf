"""Worker measurements on the GPU box (numbers recorded in worker/README.md).

Usage: python3 bench/measure.py OUT_JSON [JIT_RESULT_JSON]
  1. start-up: hello.child_start_s (spawn + import torch + CUDA init + profiler warm-up);
  2. per-candidate wall time, fresh child per candidate, with spares (default 2) and without
     (--spares 0), 6 evaluations each of a correct kernel candidate (timing off, profiler on);
  3. one KernelBench-size ReLU (4096 x 393216 floats) end to end: 5 trials + checks + profile +
     timing with eager and torch.compile baselines;
  4. if JIT_RESULT_JSON is given: a genuine load_inline build loaded through the artifact map.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

import fixtures_gpu as fx  # noqa: E402
from assay_worker import digest  # noqa: E402
from workerclient import WorkerClient  # noqa: E402

FAST = fx.indent('''
out = torch.empty_like(x)
ext.relu(x.data_ptr(), out.data_ptr(), x.numel())
return out
''')


def req(problem: str, candidate: str, artifacts: dict, **extra) -> dict:
    r = {"kind": "evaluate", "problem": {"source": problem}, "candidate": {"source": candidate},
         "artifacts": artifacts, "timing": {"enabled": False}, "checks": {"profiler": True}}
    r.update(extra)
    return r


def per_candidate(args: list[str], ext: Path, n: int = 6) -> dict:
    w = WorkerClient(*args)
    walls, statuses, warm = [], [], []
    for _ in range(n):
        t0 = time.perf_counter()
        r = w.request(req(fx.RELU_PROBLEM, fx.kernel_candidate(FAST), fx.artifact_map(ext)))
        walls.append(round(time.perf_counter() - t0, 3))
        statuses.append(r["status"])
        warm.append(r["child"]["warm"])
        time.sleep(0.2)  # the pool's own overhead between requests, roughly
    w.close()
    return {"args": args, "hello_child_start_s": w.hello.get("child_start_s"), "walls_s": walls,
            "statuses": statuses, "warm": warm, "last_stages": r["stages"]}


def main() -> None:
    out_path = Path(sys.argv[1])
    results: dict = {}
    ext = fx.build_extension(Path(tempfile.mkdtemp()))
    quick = os.environ.get("MEASURE_QUICK") == "1"
    results["spares_2"] = per_candidate([], ext)
    results["spares_0"] = per_candidate(["--spares", "0"], ext, n=3 if quick else 6)
    print(json.dumps({k: {kk: v[kk] for kk in ("hello_child_start_s", "walls_s", "statuses")} for k, v in results.items()}), flush=True)
    print(json.dumps({k: v["last_stages"] for k, v in results.items()}), flush=True)

    w = WorkerClient()
    big = fx.RELU_PROBLEM.replace("dim = 8192", "dim = 393216")
    t0 = time.perf_counter()
    baselines = ["eager"] if quick else ["eager", "compile"]
    r = w.request(req(big, fx.kernel_candidate(FAST), fx.artifact_map(ext),
                      timing={"enabled": True, "baselines": baselines}))
    results["kernelbench_relu"] = {"wall_s": round(time.perf_counter() - t0, 2), "status": r["status"],
                                   "stages": r["stages"], "timing": r["timing"], "speedup_eager": r["speedup_eager"],
                                   "speedup_compile": r["speedup_compile"], "profile_share": (r["profile"] or {}).get("own_share"),
                                   "findings": r["findings"], "feedback": r["feedback"]}
    t0 = time.perf_counter()
    r2 = w.request(req(big, fx.kernel_candidate(FAST), fx.artifact_map(ext),
                       timing={"enabled": True, "baselines": baselines}))
    results["kernelbench_relu_cached_baselines"] = {"wall_s": round(time.perf_counter() - t0, 2), "status": r2["status"],
                                                    "stages": r2["stages"], "candidate": r2["timing"]["candidate"]}
    print(json.dumps({"kernelbench_relu": {k: results["kernelbench_relu"][k] for k in ("wall_s", "status", "stages", "speedup_eager", "speedup_compile")},
                      "cached": results["kernelbench_relu_cached_baselines"]}), flush=True)

    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        import jit_candidate as jc

        jit = json.loads(Path(sys.argv[2]).read_text().strip().splitlines()[-1])
        arts = {jc.NAME: {"kind": "pybind_so", "path": jit["so"], "digest": digest.load_inline_digest(jc.CPP, jc.CUDA, jc.FUNCS)}}
        t0 = time.perf_counter()
        r3 = w.request(req(fx.RELU_PROBLEM, jc.candidate_source(), arts, timing={"enabled": True, "baselines": ["eager"]}))
        results["real_load_inline_artifact"] = {"build_s": jit["seconds"], "eval_wall_s": round(time.perf_counter() - t0, 2),
                                                "status": r3["status"], "profile": r3["profile"], "extensions": r3["extensions"],
                                                "speedup_eager": r3["speedup_eager"], "feedback": r3["feedback"]}
        print(json.dumps({"real_load_inline_artifact": {k: results["real_load_inline_artifact"][k]
                                                        for k in ("build_s", "eval_wall_s", "status", "speedup_eager")}}), flush=True)
    w.close()
    out_path.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
