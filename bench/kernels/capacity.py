"""Capacity diagnostic for the GPU evaluation pipeline: the whole suite through `assay kernel eval`
with every build already cached and the baselines known, once per slot count, with the machine's
CPU and GPU use sampled. It answers "what bounds the evaluation side": if wall time stops falling
as slots are added while the CPU is saturated, the CPU is the limit; if the GPU sits near 100 %,
the GPU is.

Not a throughput claim (nothing compiles here); kernel_bench.py makes those. Needs the --work
folder of a `kernel_bench.py --cached-suite --work DIR` run on the same box (its suite-warm build
cache and suite-baselines.jsonl):
    python3 bench/kernels/capacity.py --work /tmp/kb --slots 4,8,12 --out out/capacity
With --profile N, the children of the slot count N write cProfile files (wall-clock) to
OUT/profile-N (ASSAY_WORKER_PROFILE_DIR) and the heaviest functions are summarised.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import sys
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import kernel_bench as kb  # noqa: E402

sc = kb.sc


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True, help="the --work folder of a kernel_bench.py --cached-suite run")
    p.add_argument("--slots", default="4,8,12", help="slot counts to try, comma separated (default: %(default)s)")
    p.add_argument("--profile", type=int, metavar="N", help="profile the evaluation children of slot count N")
    p.add_argument("--suite", default=str(kb.REPO / sc.DEFAULT_SUITE), help="suite folder (default: %(default)s)")
    p.add_argument("--assay", default=os.environ.get("ASSAY_BIN", "assay"), help="assay binary ($ASSAY_BIN)")
    p.add_argument("--gpus", default="0")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", default=os.environ.get("OUT") or "capacity-out")
    args = p.parse_args(argv)
    args.repo = str(kb.REPO)
    args.no_timing, args.trials, args.assay_arg = False, None, None
    try:
        args.slot_counts = [int(v) for v in args.slots.split(",") if v.strip()]
    except ValueError:
        p.error(f"--slots must be integers, got {args.slots!r}")
    if not args.slot_counts or min(args.slot_counts) < 1:
        p.error("--slots needs at least one count, each at least 1")
    return args


def profile_summary(directory: Path, top: int = 25) -> str:
    """The functions with the most cumulative wall time over every child's profile."""
    files = sorted(directory.glob("child-*.prof"))
    if not files:
        return f"no profiles in {directory}"
    stats = pstats.Stats(str(files[0]), stream=(buffer := io.StringIO()))
    for f in files[1:]:
        stats.add(str(f))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return f"{len(files)} child profiles\n" + buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(args.work)
    cache_work = work / "suite-warm"
    baselines = work / "suite-baselines.jsonl"
    if not (cache_work / "cache").is_dir() or not baselines.is_file():
        print(f"error: {work} holds no suite-warm/cache or suite-baselines.jsonl: run kernel_bench.py --cached-suite "
              f"--work {work} first", file=sys.stderr)
        return 2
    whole = sc.load_suite(Path(args.suite), kb.REPO)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    usage: dict[str, dict] = {}
    report: dict[str, Any] = {"runs": []}
    for n in args.slot_counts:
        args.slots_per_gpu = n
        profile_dir = out / f"profile-{n}"
        if args.profile == n:
            os.environ["ASSAY_WORKER_PROFILE_DIR"] = str(profile_dir)
        else:
            os.environ.pop("ASSAY_WORKER_PROFILE_DIR", None)
        label = f"slots={n}"
        lines, wall, code, ready = kb.run_assay(args, whole, out / f"capacity-{n}.jsonl", cache_work, label,
                                                baselines=baselines, wait_for_workers=True, usage=usage)
        info = kb.suite_summary(whole, lines, wall, code, ready)
        info["slots"] = n
        info["stage_medians_s"] = kb.stage_medians(None, lines).get("assay")
        info["resources"] = usage.get(label)
        report["runs"].append(info)
        print(f"== slots={n}: {info['hold']}/{info['rows']} hold, {wall:.1f} s "
              f"({info.get('candidates_per_minute_workers_up')} /min without the worker start); "
              f"medians {info['stage_medians_s']}", flush=True)
        if args.profile == n:
            text = profile_summary(profile_dir)
            (out / f"profile-{n}.txt").write_text(text, encoding="utf-8")
            print(text[:6000], flush=True)
    (out / "capacity.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
