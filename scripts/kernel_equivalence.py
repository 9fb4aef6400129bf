#!/usr/bin/env python3
"""Proves Assay's compile path equivalent to plain load_inline, on the GPU box.

For every entry of examples/kernels/suite.json:
  1. Assay builds the candidate (`assay kernel compile`, one run for all entries, cold cache),
     then again (cached).
  2. In a fresh process, the candidate runs exactly as KernelBench runs it: its source is
     executed, so its own load_inline call compiles the extension (fresh TORCH_EXTENSIONS_DIR);
     ModelNew(*get_init_inputs()) is called on get_inputs() (fixed seeds). Outputs are saved.
  3. In another fresh process, the same candidate source is executed with load_inline replaced
     by a function that returns Assay's prebuilt extension for that call (slim, full or raw
     build), and the same model is called on the same inputs.
  4. Outputs must be identical (same types, shapes, dtypes and bits), or both runs must fail the
     same way (a compile error in both). Outputs are also compared with the problem's reference
     Model (KernelBench tolerance 1e-2), for information.
Raw-kernel entries have no load_inline counterpart: they are compared with the reference only.

Usage: python3 scripts/kernel_equivalence.py --assay PATH [--out DIR] [--jobs 8]
Prints a table; exits 1 when any entry is not equivalent or not as expected.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------------
# Worker mode: runs in a fresh process, one candidate, one way.

def load_problem(path: str) -> dict:
    namespace: dict = {"__name__": "assay_problem"}
    exec(compile(Path(path).read_text(), path, "exec"), namespace)
    return namespace


def extract_candidate(path: str) -> tuple[str, str]:
    """(format, source) the way Assay extracts it: a .py file is the candidate; a .md file is
    model output (the python block defining ModelNew)."""
    text = Path(path).read_text()
    if path.endswith(".py"):
        return "load_inline", text
    blocks, inside, lang, body = [], False, "", []
    for line in text.splitlines():
        if line.startswith("```"):
            if inside:
                blocks.append((lang, "\n".join(body)))
                inside, body = False, []
            else:
                inside, lang = True, line[3:].strip().lower()
        elif inside:
            body.append(line)
    for lang, body_text in reversed(blocks):
        if lang in ("python", "py", "") and "class ModelNew" in body_text:
            return "load_inline", body_text
    return "raw", text


def to_device(value, device):
    import torch
    if isinstance(value, torch.Tensor):
        return value.to(device)
    return value


def run_worker(args) -> int:
    import torch

    result: dict = {"status": None, "error": None, "compile_seconds": None}
    try:
        problem = load_problem(args.problem)
        device = torch.device("cuda")
        torch.manual_seed(args.seed)
        inputs = [to_device(x, device) for x in problem["get_inputs"]()]
        init = problem["get_init_inputs"]()
        torch.manual_seed(args.seed + 1)
        reference = problem["Model"](*init).to(device)
        with torch.no_grad():
            expected = reference(*inputs)
        fmt, source = extract_candidate(args.candidate)
        builds = json.loads(args.builds) if args.builds else []
        if args.mode == "assay" and fmt == "raw":
            sys.path.insert(0, str(REPO / "worker"))
            from assay_kernels.loader import load_build
            module = load_build(builds[0])
            params = {k: v for k, v in reference.state_dict().items()}
            with torch.no_grad():
                output = module(*inputs, parameters=params)
            torch.cuda.synchronize()
        else:
            namespace: dict = {"__name__": "assay_candidate"}
            if args.mode == "assay":
                sys.path.insert(0, str(REPO / "worker"))
                from assay_kernels.loader import load_build
                import torch.utils.cpp_extension as cpp_extension
                queue = list(builds)

                def prebuilt(*a, **k):
                    if not queue:
                        raise RuntimeError("more load_inline calls than Assay builds")
                    return load_build(queue.pop(0))

                cpp_extension.load_inline = prebuilt
            start = time.perf_counter()
            try:
                exec(compile(source, args.candidate, "exec"), namespace)
            except Exception as e:
                result["status"] = "compile_error" if "Error building extension" in str(e) or isinstance(
                    e, (RuntimeError, ImportError, OSError)) else "candidate_error"
                result["error"] = f"{type(e).__name__}: {str(e)[-2000:]}"
                result["compile_seconds"] = time.perf_counter() - start
                Path(args.result).write_text(json.dumps(result))
                return 0
            result["compile_seconds"] = time.perf_counter() - start
            torch.manual_seed(args.seed + 1)
            model = namespace["ModelNew"](*init).to(device)
            with torch.no_grad():
                output = model(*inputs)
            torch.cuda.synchronize()
        torch.save({"output": output}, args.outputs)
        result["status"] = "ran"
        result["matches_reference"] = close(expected, output)
    except Exception as e:
        result["status"] = result["status"] or "error"
        result["error"] = f"{type(e).__name__}: {e}\n{traceback.format_exc()[-3000:]}"
    Path(args.result).write_text(json.dumps(result))
    return 0


def close(expected, actual) -> bool:
    import torch
    if isinstance(expected, torch.Tensor):
        return isinstance(actual, torch.Tensor) and expected.shape == actual.shape and \
            torch.allclose(expected.float(), actual.float(), atol=1e-2, rtol=1e-2)
    if isinstance(expected, (tuple, list)):
        return isinstance(actual, (tuple, list)) and len(expected) == len(actual) and \
            all(close(e, a) for e, a in zip(expected, actual))
    return expected == actual


def identical(a, b) -> bool:
    import torch
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and a.shape == b.shape and \
            a.device == b.device and torch.equal(a, b)
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    return a == b


# ---------------------------------------------------------------------------------------------
# Driver mode

def spawn_worker(mode: str, entry: dict, builds: list, work: Path, seed: int) -> dict:
    tag = f"{mode}-{Path(entry['candidate']).stem}"
    result = work / f"{tag}.json"
    outputs = work / f"{tag}.pt"
    env = dict(os.environ)
    env["TORCH_EXTENSIONS_DIR"] = str(work / f"ext-{tag}")
    command = [sys.executable, __file__, "worker", "--mode", mode, "--candidate", str(REPO / entry["candidate"]),
               "--problem", str(REPO / entry["problem"]), "--builds", json.dumps(builds), "--seed", str(seed),
               "--result", str(result), "--outputs", str(outputs)]
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    wall = time.perf_counter() - start
    data = json.loads(result.read_text()) if result.exists() else {
        "status": "crashed", "error": (proc.stderr or "")[-3000:]}
    data["wall_seconds"] = wall
    data["outputs"] = str(outputs) if outputs.exists() else None
    return data


def compile_with_assay(assay: str, candidates: list[str], cache: str) -> tuple[list[dict], float]:
    start = time.perf_counter()
    proc = subprocess.run([assay, "kernel", "compile", *candidates, "--cache", cache, "--arch", "sm_90"],
                          capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - start
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(reports) != len(candidates):
        raise SystemExit(f"assay kernel compile printed {len(reports)} reports for {len(candidates)} candidates:\n"
                         f"{proc.stderr[-3000:]}")
    return reports, wall


def compile_seconds(report: dict) -> float:
    return next((s["seconds"] for s in report.get("stages", []) if s["stage"] == "compile"), 0.0)


def main_driver(args) -> int:
    import torch

    suite = json.loads((REPO / "examples/kernels/suite.json").read_text())["entries"]
    out = Path(args.out or tempfile.mkdtemp(prefix="assay-equivalence-"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="assay-eq-work-"))
    cache = str(work / "assay-cache")
    candidates = [str(REPO / e["candidate"]) for e in suite]

    cold, cold_wall = compile_with_assay(args.assay, candidates, cache)
    warm, warm_wall = compile_with_assay(args.assay, candidates, cache)

    def build_dirs(report: dict) -> list:
        return [b["library"].rsplit("/", 1)[0] for b in report.get("builds", []) if b.get("library")]

    def run_entry(i: int) -> dict:
        entry = suite[i]
        row = {"candidate": entry["candidate"], "expect": entry["expect"], "assay_status": cold[i]["status"],
               "assay_paths": [b["path"] for b in cold[i].get("builds", [])],
               "assay_cold_s": compile_seconds(cold[i]), "assay_cached_s": compile_seconds(warm[i]),
               "assay_cached_hit": all(b.get("cached") for b in warm[i].get("builds", []))}
        dirs = build_dirs(cold[i])
        if entry["expect"] == "raw":
            a = spawn_worker("assay", entry, dirs, work, args.seed)
            row.update({"load_inline": "n/a", "assay_run": a["status"], "identical": None,
                        "matches_reference": a.get("matches_reference"), "error": a.get("error")})
            row["ok"] = cold[i]["status"] == "compiled" and a["status"] == "ran" and bool(a.get("matches_reference"))
            return row
        ref = spawn_worker("reference", entry, [], work, args.seed)
        row["load_inline"] = ref["status"]
        row["load_inline_s"] = ref.get("compile_seconds")
        if cold[i]["status"] == "compiled":
            a = spawn_worker("assay", entry, dirs, work, args.seed)
            row["assay_run"] = a["status"]
            row["error"] = a.get("error") or ref.get("error")
            if a["status"] == "ran" and ref["status"] == "ran":
                x = torch.load(ref["outputs"])["output"]
                y = torch.load(a["outputs"])["output"]
                row["identical"] = identical(x, y)
                row["matches_reference"] = a.get("matches_reference")
            else:
                row["identical"] = False
        else:
            row["assay_run"] = "not built"
            row["identical"] = (ref["status"] == "compile_error" and cold[i]["status"] == "compile_error")
            row["error"] = ref.get("error") if ref["status"] != "compile_error" else None
        expected_path = {"slim": "slim", "full": "full"}.get(entry["expect"])
        as_expected = (entry["expect"] == "compile_error" and cold[i]["status"] == "compile_error") or \
            (expected_path is not None and cold[i]["status"] == "compiled" and
             all(p == expected_path for p in row["assay_paths"]))
        row["ok"] = bool(row["identical"]) and as_expected
        return row

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(run_entry, range(len(suite))))

    header = ("| candidate | expect | assay | paths | assay cold s | assay cached s | load_inline | load_inline s "
              "| identical | matches ref | ok |")
    print(header)
    print("|---" * 11 + "|")
    for r in rows:
        li_s = f"{r['load_inline_s']:.1f}" if r.get("load_inline_s") is not None else "-"
        print(f"| {Path(r['candidate']).name} | {r['expect']} | {r['assay_status']} | {','.join(r['assay_paths']) or '-'} "
              f"| {r['assay_cold_s']:.2f} | {r['assay_cached_s']:.4f} | {r['load_inline']} | {li_s} "
              f"| {r['identical']} | {r.get('matches_reference')} | {'yes' if r['ok'] else 'NO'} |")
    slim = [r["assay_cold_s"] for r in rows if r["assay_paths"] and all(p == "slim" for p in r["assay_paths"])]
    li = [r["load_inline_s"] for r in rows if r.get("load_inline") == "ran" and r.get("load_inline_s")]
    print(f"\nassay compile wall (all {len(suite)} candidates, one process): cold {cold_wall:.1f} s, cached {warm_wall:.2f} s")
    if slim:
        print(f"assay slim-path compile, median per candidate: {statistics.median(slim):.2f} s")
    if li:
        print(f"load_inline compile, median per candidate ({args.jobs} at once): {statistics.median(li):.1f} s")
    for r in rows:
        if not r["ok"] and r.get("error"):
            print(f"\n--- {r['candidate']}: {r['error'][:1500]}")
    (out / "equivalence.json").write_text(json.dumps({"rows": rows, "cold_wall": cold_wall, "warm_wall": warm_wall,
                                                      "assay_cold": cold}, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    failures = [r for r in rows if not r["ok"]]
    print(f"\n{len(rows) - len(failures)}/{len(rows)} entries equivalent and as expected")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    w = sub.add_parser("worker")
    w.add_argument("--mode", choices=["reference", "assay"], required=True)
    w.add_argument("--candidate", required=True)
    w.add_argument("--problem", required=True)
    w.add_argument("--builds", default="")
    w.add_argument("--seed", type=int, default=1234)
    w.add_argument("--result", required=True)
    w.add_argument("--outputs", required=True)
    parser.add_argument("--assay", default=os.environ.get("ASSAY_BIN", "assay"))
    parser.add_argument("--out", default=os.environ.get("OUT"))
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    if args.command == "worker":
        return run_worker(args)
    return main_driver(args)


if __name__ == "__main__":
    sys.exit(main())
