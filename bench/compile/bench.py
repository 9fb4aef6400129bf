#!/usr/bin/env python3
"""Compile-time benchmark: plain load_inline against Assay, cold and cached, in one run.

Candidates: the slim-path examples of examples/kernels/candidates, each in VARIANTS variants
(a comment added to its CUDA source, so every variant is a distinct build for both systems).

Measured (seconds):
- Assay, one candidate alone, cold cache: the `compile` stage of the verdict, and the process wall
  time of `assay kernel compile` (which adds the static checks and process start).
- Assay, all candidates in one process (`--jobs` = cores), cold, then again cached.
- load_inline, one candidate alone in a fresh process with a fresh TORCH_EXTENSIONS_DIR (the time
  of executing the candidate, which is its load_inline call), then again with the same directory
  (load_inline's own cache).
- load_inline, PARALLEL distinct candidates at once (one process each), cold.
Prints a markdown table and writes $OUT/compile-bench.json.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RUN_CANDIDATE = r"""
import sys, time, torch
source = open(sys.argv[1]).read()
start = time.perf_counter()
exec(compile(source, sys.argv[1], "exec"), {"__name__": "candidate"})
print(time.perf_counter() - start)
"""


def variants(count: int, work: Path) -> list[Path]:
    out = []
    for path in sorted((REPO / "examples/kernels/candidates").glob("*.py")):
        text = path.read_text()
        for k in range(count):
            marker = "#include <torch/extension.h>"
            assert marker in text, path
            variant = text.replace(marker, f"{marker}\n// bench variant {k}", 1)
            target = work / f"{path.stem}_v{k}.py"
            target.write_text(variant)
            out.append(target)
    return out


def assay_compile(assay: str, files: list[Path], cache: Path) -> tuple[list[dict], float]:
    start = time.perf_counter()
    proc = subprocess.run([assay, "kernel", "compile", *map(str, files), "--cache", str(cache)],
                          capture_output=True, text=True, timeout=1200)
    wall = time.perf_counter() - start
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    bad = [r for r in reports if r["status"] != "compiled"]
    if len(reports) != len(files) or bad:
        raise SystemExit(f"assay failed: {proc.stderr[-2000:]} {[b['feedback'][:500] for b in bad]}")
    return reports, wall


def stage(report: dict) -> float:
    return next(s["seconds"] for s in report["stages"] if s["stage"] == "compile")


def load_inline_run(file: Path, extensions_dir: Path) -> tuple[float, float]:
    env = dict(os.environ, TORCH_EXTENSIONS_DIR=str(extensions_dir))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUN_CANDIDATE, str(file)], env=env, capture_output=True, text=True,
                          timeout=1200)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"load_inline failed for {file}: {proc.stderr[-2000:]}")
    return float(proc.stdout.strip().splitlines()[-1]), wall


def summary(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return f"{statistics.median(values):.3f} (p90 {p90:.3f}, max {values[-1]:.3f})"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assay", default=os.environ.get("ASSAY_BIN", "assay"))
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--out", default=os.environ.get("OUT"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="assay-compile-bench-"))
    files = variants(args.variants, work)
    results: dict = {"candidates": len(files)}

    # Assay: one candidate alone, cold then cached.
    single, single_wall = assay_compile(args.assay, files[:1], work / "cache-single")
    single_cached, single_cached_wall = assay_compile(args.assay, files[:1], work / "cache-single")
    # Assay: each distinct candidate alone (its own process, its own cold cache), one after another:
    # the median of these is the "median cold compile" of one candidate.
    alone = []
    for k, file in enumerate(files[:: args.variants]):
        report, wall = assay_compile(args.assay, [file], work / f"cache-alone-{k}")
        alone.append({"candidate": file.stem, "stage": stage(report[0]), "wall": wall,
                      "standard_library": [b.get("standard_library") for b in report[0]["builds"]]})
    # Assay: every candidate in one process, cold then cached.
    batch, batch_wall = assay_compile(args.assay, files, work / "cache-batch")
    batch_cached, batch_cached_wall = assay_compile(args.assay, files, work / "cache-batch")
    results["assay"] = {
        "single_cold_stage": stage(single[0]), "single_cold_wall": single_wall,
        "single_cached_stage": stage(single_cached[0]), "single_cached_wall": single_cached_wall,
        "batch_cold_stages": [stage(r) for r in batch], "batch_cold_wall": batch_wall,
        "batch_cached_stages": [stage(r) for r in batch_cached], "batch_cached_wall": batch_cached_wall,
        "paths": sorted({b["path"] for r in batch for b in r["builds"]}),
        "alone": alone,
    }

    # load_inline: one candidate alone, cold then cached; then PARALLEL distinct candidates at once.
    li_single, li_single_wall = load_inline_run(files[0], work / "ext-single")
    li_cached, li_cached_wall = load_inline_run(files[0], work / "ext-single")
    chosen = files[1::args.variants][: args.parallel]
    while len(chosen) < args.parallel:
        chosen.append(files[len(chosen) * args.variants % len(files) + 2])
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parallel) as pool:
        parallel = list(pool.map(lambda f: load_inline_run(f, work / f"ext-{f.stem}"), chosen))
    parallel_wall = time.perf_counter() - start
    results["load_inline"] = {
        "single_cold": li_single, "single_cold_wall": li_single_wall, "single_cached": li_cached,
        "single_cached_wall": li_cached_wall, "parallel_cold": [p[0] for p in parallel], "parallel_wall": parallel_wall,
    }

    a = results["assay"]
    li = results["load_inline"]
    n = len(files)
    print("| approach | what | seconds |")
    print("|---|---|---|")
    print(f"| load_inline | 1 candidate, cold | {li['single_cold']:.2f} |")
    print(f"| load_inline | 1 candidate, cached (same TORCH_EXTENSIONS_DIR) | {li['single_cached']:.3f} |")
    print(f"| load_inline | {args.parallel} distinct candidates at once, cold: per candidate, median | {statistics.median(li['parallel_cold']):.2f} |")
    print(f"| load_inline | {args.parallel} distinct candidates at once, cold: wall | {li['parallel_wall']:.2f} |")
    print(f"| Assay | 1 candidate, cold: compile stage | {a['single_cold_stage']:.3f} |")
    print(f"| Assay | 1 candidate, cold: whole `assay kernel compile` process | {a['single_cold_wall']:.3f} |")
    print(f"| Assay | 1 candidate, cached: compile stage | {a['single_cached_stage']:.4f} |")
    print(f"| Assay | 1 candidate, cached: whole process | {a['single_cached_wall']:.3f} |")
    print(f"| Assay | each of {len(alone)} distinct candidates alone, cold: compile stage, median (p90, max) | "
          f"{summary([x['stage'] for x in alone])} |")
    print(f"| Assay | each of {len(alone)} distinct candidates alone, cold: whole process, median (p90, max) | "
          f"{summary([x['wall'] for x in alone])} |")
    print(f"| Assay | {n} candidates in one process, cold: per candidate, median (p90, max) | {summary(a['batch_cold_stages'])} |")
    print(f"| Assay | {n} candidates in one process, cold: wall | {a['batch_cold_wall']:.2f} |")
    print(f"| Assay | {n} candidates, cached: per candidate, median (p90, max) | {summary(a['batch_cached_stages'])} |")
    print(f"| Assay | {n} candidates, cached: wall | {a['batch_cached_wall']:.3f} |")
    median_alone = statistics.median([x["stage"] for x in alone])
    print(f"\nMedian cold compile of one candidate alone: {median_alone:.2f} s "
          f"({li['single_cold'] / median_alone:.0f}x faster than one cold load_inline call).")
    speedup = li["single_cold"] / a["single_cold_stage"]
    throughput = (n / a["batch_cold_wall"]) / (args.parallel / li["parallel_wall"])
    print(f"\nOne cold candidate: Assay {speedup:.0f}x faster than load_inline (compile stage vs load_inline call).")
    print(f"Cold throughput: Assay {n / a['batch_cold_wall']:.2f} candidates/s vs load_inline "
          f"{args.parallel / li['parallel_wall']:.3f} candidates/s ({throughput:.0f}x). Build paths used: {a['paths']}")
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / "compile-bench.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
