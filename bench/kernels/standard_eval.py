#!/usr/bin/env python3
"""The standard approach to evaluating one kernel candidate, as KernelBench's harness does it.

Written for bench/kernels (the comparison with `assay kernel eval`); not KernelBench's code, but
its protocol (KernelBench `src/eval.py`, v0.1 defaults), step by step:

1. A fresh Python process per candidate (this script). TORCH_EXTENSIONS_DIR is a build folder of
   its own, so the candidate's `load_inline` call compiles its extension for real, cold.
2. The problem file is executed; `get_init_inputs()` under the seed, `Model(*init)` under the
   seed again. Then the candidate file is executed (this is the compile); any exception there,
   or no `ModelNew`, is a compile failure. `ModelNew(*init)` under the same seed.
3. Correctness: `--correct-trials` (5) trials, each with its own seed drawn from the base seed;
   inputs from the problem's own `get_inputs()` (the same objects for both models); reference,
   then candidate; shapes must match and `torch.allclose(atol=rtol=1e-2)`; an exception in the
   candidate's forward ends the check (runtime error).
4. Timing, only when correct: `--warmup` (3) calls, then `--perf-trials` (100) calls, each between
   two CUDA events on the current stream, `torch.cuda.synchronize()` after each; runtime = mean
   (ms). The reference is timed the same way (KernelBench's excessive-speedup check), so a speedup
   exists too.

What it does not do (and Assay does): secret seeds, other input distributions, input-mutation,
aliasing, caching, stream, stale-memory, timer-patching or profiler checks, L2 flush, a device-wide
sync before the end event.

GPU phase and parallel runs: several of these processes can compile at once; with `--gpu-lock FILE`
each takes an exclusive lock on FILE for steps 2 (models on the GPU) to 4, so that timings of
different candidates never overlap (KernelBench's batch scripts likewise compile in parallel and
evaluate one candidate per GPU at a time).

Output: exactly one JSON line on standard output (everything the candidate or the compiler prints
goes to standard error):
  {"compiled": bool, "correct": bool, "runtime_ms": float|null, "error": str|null,
   "ref_runtime_ms": float|null, "speedup": float|null, "trials_passed": int, "trials": int,
   "runtime_stats": {...}|null, "stages": {"compile": s, "lock_wait": s, "gpu": s, "total": s}}
`--stage-file` records the last stage reached (problem, compile, compiled, gpu, done), so that a
runner can tell a crash after compiling from one before.
"""
from __future__ import annotations

import argparse
import fcntl
import importlib.util
import json
import math
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Sequence


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--problem", required=True, help="KernelBench-layout problem file (Model, get_inputs, get_init_inputs)")
    p.add_argument("--candidate", required=True, help="candidate file defining ModelNew (load_inline)")
    p.add_argument("--build-dir", required=True, help="TORCH_EXTENSIONS_DIR for this candidate (use a fresh one: cold)")
    p.add_argument("--seed", type=int, default=42, help="base seed (default: %(default)s, KernelBench's)")
    p.add_argument("--correct-trials", type=int, default=5, help="correctness trials (default: %(default)s)")
    p.add_argument("--perf-trials", type=int, default=100, help="timed calls (default: %(default)s)")
    p.add_argument("--warmup", type=int, default=3, help="untimed calls before timing (default: %(default)s)")
    p.add_argument("--atol", type=float, default=1e-2, help="absolute tolerance (default: %(default)s)")
    p.add_argument("--rtol", type=float, default=1e-2, help="relative tolerance (default: %(default)s)")
    p.add_argument("--no-reference-timing", action="store_true", help="do not time the reference (no speedup)")
    p.add_argument("--gpu-lock", help="lock file held exclusively from model construction to the end of timing")
    p.add_argument("--stage-file", help="file that receives the name of the stage reached")
    p.add_argument("--device", default="cuda",
                   help="torch device (default: cuda). `cpu` exists only to test this script on machines without "
                        "a GPU: it times with time.perf_counter instead of CUDA events")
    args = p.parse_args(argv)
    if args.correct_trials < 1 or args.perf_trials < 1 or args.warmup < 0:
        p.error("--correct-trials and --perf-trials must be at least 1, --warmup at least 0")
    if args.atol < 0 or args.rtol < 0:
        p.error("tolerances must be non-negative")
    return args


def timing_stats(samples_ms: Sequence[float]) -> dict[str, float]:
    """mean, median, std (population, as numpy's default), min, max, n."""
    if not samples_ms:
        raise ValueError("no samples")
    ordered = sorted(samples_ms)
    n = len(ordered)
    mean = sum(ordered) / n
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    std = math.sqrt(sum((x - mean) ** 2 for x in ordered) / n)
    return {"mean": mean, "median": median, "std": std, "min": ordered[0], "max": ordered[-1], "n": n}


def run_file(path: str, module_name: str) -> Any:
    """Executes a Python file as a fresh module and returns the module."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def error_text(e: BaseException, limit: int = 2000) -> str:
    text = f"{type(e).__name__}: {e}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Stage:
    """Writes the stage reached to --stage-file (if given) and keeps stage durations."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.seconds: dict[str, float] = {}

    def reach(self, name: str) -> None:
        if self.path:
            Path(self.path).write_text(name, encoding="utf-8")


def compare(torch: Any, expected: Any, actual: Any, atol: float, rtol: float) -> str | None:
    """None when `actual` matches `expected` as KernelBench judges it (shape, then allclose);
    else what differs. Tuples and lists are compared item by item."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return f"output structure differs: expected {len(expected)} items"
        for index, (e, a) in enumerate(zip(expected, actual)):
            problem = compare(torch, e, a, atol, rtol)
            if problem:
                return f"output {index}: {problem}"
        return None
    if isinstance(expected, torch.Tensor):
        if not isinstance(actual, torch.Tensor):
            return f"expected a tensor, got {type(actual).__name__}"
        if expected.shape != actual.shape:
            return f"Output shape mismatch: Expected {tuple(expected.shape)}, got {tuple(actual.shape)}"
        if not torch.allclose(expected, actual, atol=atol, rtol=rtol):
            diff = (expected.double() - actual.double()).abs()
            return f"Output mismatch: max difference {diff.max().item():.6g}, mean {diff.mean().item():.6g}"
        return None
    return None if expected == actual else f"expected {expected!r}, got {actual!r}"


def make_timer(torch: Any, device: str) -> Callable[[Callable[[], Any]], float]:
    """Milliseconds of one call: CUDA events around it, then a synchronize (KernelBench's
    cuda_event method); on `cpu` (tests only) perf_counter."""
    if device.startswith("cuda"):
        def timed(call: Callable[[], Any]) -> float:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            call()
            end.record()
            torch.cuda.synchronize()
            return float(start.elapsed_time(end))
        return timed

    def timed_cpu(call: Callable[[], Any]) -> float:
        start = time.perf_counter()
        call()
        return (time.perf_counter() - start) * 1e3
    return timed_cpu


def new_result(args: argparse.Namespace) -> dict[str, Any]:
    return {"compiled": False, "correct": False, "runtime_ms": None, "error": None, "ref_runtime_ms": None,
            "speedup": None, "trials_passed": 0, "trials": args.correct_trials, "runtime_stats": None,
            "ref_runtime_stats": None, "stages": {}}


def evaluate(args: argparse.Namespace, result: dict[str, Any]) -> None:
    """Fills `result` (see the module's doc); an exception escaping it is the harness's or the
    problem's failure, never a verdict on the candidate."""
    t0 = time.perf_counter()
    os.environ["TORCH_EXTENSIONS_DIR"] = str(Path(args.build_dir).resolve())
    Path(args.build_dir).mkdir(parents=True, exist_ok=True)
    stage = Stage(args.stage_file)
    stage.seconds = result["stages"]
    stage.reach("problem")
    import torch

    def seed(value: int) -> None:
        torch.manual_seed(value)
        if args.device.startswith("cuda"):
            torch.cuda.manual_seed(value)

    def to_device(values: Sequence[Any]) -> list[Any]:
        return [v.to(args.device) if isinstance(v, torch.Tensor) else v for v in values]

    problem = run_file(args.problem, "standard_eval_problem")
    stage.seconds["import"] = time.perf_counter() - t0

    # Compile: executing the candidate runs its load_inline call.
    stage.reach("compile")
    t = time.perf_counter()
    try:
        candidate = run_file(args.candidate, "standard_eval_candidate")
        model_new_class = getattr(candidate, "ModelNew")
    except BaseException as e:  # SystemExit from a build counts as a failed compile too
        stage.seconds["compile"] = time.perf_counter() - t
        stage.seconds["total"] = time.perf_counter() - t0
        result["error"] = "compile: " + error_text(e)
        return
    stage.seconds["compile"] = time.perf_counter() - t
    result["compiled"] = True
    stage.reach("compiled")

    lock = None
    t = time.perf_counter()
    if args.gpu_lock:
        lock = open(args.gpu_lock, "a")
        fcntl.flock(lock, fcntl.LOCK_EX)
    stage.seconds["lock_wait"] = time.perf_counter() - t
    stage.reach("gpu")
    t = time.perf_counter()
    try:
        with torch.no_grad():
            seed(args.seed)
            init_inputs = to_device(problem.get_init_inputs())
            seed(args.seed)
            reference = problem.Model(*init_inputs).to(args.device)
            try:
                seed(args.seed)
                model_new = model_new_class(*init_inputs).to(args.device)
            except Exception as e:
                result["error"] = "construct ModelNew: " + error_text(e)
                return
            if args.device.startswith("cuda"):
                torch.cuda.synchronize()

            seed(args.seed)
            trial_seeds = [int(torch.randint(0, 2**32 - 1, (1,)).item()) for _ in range(args.correct_trials)]
            problems: list[str] = []
            for trial, trial_seed in enumerate(trial_seeds):
                seed(trial_seed)
                inputs = to_device(problem.get_inputs())
                expected = reference(*inputs)
                if args.device.startswith("cuda"):
                    torch.cuda.synchronize()
                try:
                    actual = model_new(*inputs)
                    if args.device.startswith("cuda"):
                        torch.cuda.synchronize()
                except Exception as e:
                    result["error"] = f"runtime error in trial {trial}: " + error_text(e)
                    return
                problem_text = compare(torch, expected, actual, args.atol, args.rtol)
                if problem_text is None:
                    result["trials_passed"] += 1
                else:
                    problems.append(f"trial {trial}: {problem_text}")
                    if problem_text.startswith("Output shape mismatch"):
                        break
            if problems:
                result["error"] = "; ".join(problems)[:2000]
                return
            result["correct"] = True

            timed = make_timer(torch, args.device)
            seed(args.seed)
            inputs = to_device(problem.get_inputs())

            def measure(model: Any) -> dict[str, float]:
                for _ in range(args.warmup):
                    model(*inputs)
                if args.device.startswith("cuda"):
                    torch.cuda.synchronize()
                return timing_stats([timed(lambda: model(*inputs)) for _ in range(args.perf_trials)])

            try:
                stats = measure(model_new)
            except Exception as e:
                result["error"] = "error during timing: " + error_text(e)
                return
            result["runtime_stats"] = stats
            result["runtime_ms"] = stats["mean"]
            if not args.no_reference_timing:
                reference_stats = measure(reference)
                result["ref_runtime_stats"] = reference_stats
                result["ref_runtime_ms"] = reference_stats["mean"]
                result["speedup"] = reference_stats["mean"] / stats["mean"] if stats["mean"] > 0 else None
    finally:
        stage.seconds["gpu"] = time.perf_counter() - t
        stage.seconds["total"] = time.perf_counter() - t0
        if lock is not None:
            lock.close()
    stage.reach("done")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Everything the candidate, torch or the compiler prints goes to stderr; the result line alone
    # goes to the real stdout.
    sys.stdout.flush()
    real_stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    result = new_result(args)
    try:
        evaluate(args, result)
    except Exception as e:  # the problem file or the harness itself failed: not the candidate's verdict
        traceback.print_exc()
        result.update({"correct": False, "runtime_ms": None, "harness_error": True,
                       "error": "harness or problem: " + error_text(e)})
        real_stdout.write(json.dumps(result) + "\n")
        real_stdout.flush()
        return 3
    real_stdout.write(json.dumps(result) + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
