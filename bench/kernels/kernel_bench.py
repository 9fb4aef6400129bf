#!/usr/bin/env python3
"""Kernel evaluation throughput: the standard approach against `assay kernel eval`, in one run.

On the GPU box (bench/kernels/run.sh sets it up), over the same suite candidates:
  (a) standard: per candidate a fresh `python3 bench/kernels/standard_eval.py` process
      (KernelBench's protocol: its own cold load_inline build, 5 correctness trials on
      get_inputs(), 100 CUDA-event timing trials, reference timed too), `--parallel` (8) at once;
      the GPU phase of each holds a shared lock, so timings never overlap (compiles do);
  (b) Assay: one `assay kernel eval --batch` over the same candidates, cold build cache;
  (c) with --full-suite: `assay kernel eval` over the whole suite, checked against expected.json;
  (d) with --warm-suite: the whole suite again, with the baselines (c) kept (`--baselines`), as
      a training run's later steps see the same problems (new workers, started while the first
      candidates compile as `assay kernel eval` does by default; cold build cache);
  (e) with --cached-suite: a capacity diagnostic, no throughput claim: the whole suite a third
      time with (d)'s build cache, workers started first (--wait-for-workers, so their start can
      be taken out): the evaluation side alone.
Reports wall time, candidates per minute, the ratio Assay/standard, and per candidate both
verdicts (compiled, correct, passed) with the suite's expectation; each disagreement is explained
by which side matches the expectation (e.g. the standard harness passes a ReLU that is wrong only
on negative inputs, because its inputs come from torch.rand alone).

Output under --out: kernel-bench.json (everything, standard results included), kernel-bench.md,
assay-results.jsonl, suite-results.jsonl (with --full-suite), suite-warm-results.jsonl (with
--warm-suite), logs.tar.gz (each standard
process's stderr and the Assay workers' logs).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Sequence

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import suite_check as sc  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resources import ResourceSampler, describe  # noqa: E402

STANDARD_EVAL = Path(__file__).resolve().parent / "standard_eval.py"
DEFAULT_VARIANTS = "fast,slow,wrong,compile_error"
# KernelBench harness on an H100, 5 correctness + 100 timing trials (issue 6).
ANCHOR_SECONDS_ONE = 124.0
ANCHOR_SECONDS_EIGHT_COMPILES = 71.0
COMPILED_STAGES = ("compiled", "gpu", "done")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--suite", default=str(REPO / sc.DEFAULT_SUITE), help="suite folder (default: %(default)s)")
    p.add_argument("--repo", default=str(REPO), help=argparse.SUPPRESS)
    p.add_argument("--problems", type=int, default=4, help="the first K problem folders, sorted (default: %(default)s)")
    p.add_argument("--only", help="problem folders instead of the first K, comma separated")
    p.add_argument("--variants", default=DEFAULT_VARIANTS,
                   help="candidate names without .py, comma separated; hack_* for every hack (default: %(default)s)")
    p.add_argument("--limit", type=int, help="at most N candidates for (a) and (b)")
    p.add_argument("--parallel", type=int, default=8, help="standard processes at once (default: %(default)s)")
    p.add_argument("--standard-timeout", type=float, default=420.0,
                   help="seconds one standard process may take (default: %(default)s)")
    p.add_argument("--correct-trials", type=int, default=5, help="standard correctness trials (default: %(default)s)")
    p.add_argument("--perf-trials", type=int, default=100, help="standard timing trials (default: %(default)s)")
    p.add_argument("--skip-standard", action="store_true", help="run (b) and (c) only (no ratio)")
    p.add_argument("--full-suite", action="store_true", help="also (c): assay kernel eval over the whole suite")
    p.add_argument("--warm-suite", action="store_true",
                   help="also (d): the whole suite again with the baselines (c) measured (--baselines), a cold build "
                        "cache and new workers: a training run's later steps (implies --full-suite)")
    p.add_argument("--cached-suite", action="store_true",
                   help="also (e): the whole suite a third time with (d)'s build cache and the baselines: the "
                        "evaluation pipeline alone, a capacity diagnostic, not a throughput claim (implies "
                        "--warm-suite)")
    p.add_argument("--work", metavar="DIR",
                   help="keep batches, build caches, baselines and logs here (default: a new temporary folder)")
    p.add_argument("--suite-deadline", type=float, metavar="SECONDS",
                   help="stop (c) after this many seconds and report what finished (its rate stays meaningful)")
    p.add_argument("--python", default=sys.executable, help="Python for the standard processes (default: this one)")
    p.add_argument("--standard-arg", action="append", metavar="ARG",
                   help="extra argument for standard_eval.py (repeat; e.g. --standard-arg=--no-reference-timing)")
    p.add_argument("--assay", default=os.environ.get("ASSAY_BIN", "assay"), help="assay binary ($ASSAY_BIN)")
    p.add_argument("--gpus", default="0", help="assay --gpus (default: %(default)s)")
    p.add_argument("--slots-per-gpu", type=int, default=2, help="assay --slots-per-gpu (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="assay compile jobs (default: the cores)")
    p.add_argument("--trials", type=int, help="assay --trials (default: assay's, 5)")
    p.add_argument("--no-timing", action="store_true", help="assay --no-timing (the standard side still times)")
    p.add_argument("--assay-arg", action="append", metavar="ARG", help="extra argument for assay kernel eval (repeat)")
    p.add_argument("--out", default=os.environ.get("OUT") or "kernel-bench-out", help="output folder ($OUT)")
    args = p.parse_args(argv)
    if args.parallel < 1:
        p.error("--parallel must be at least 1")
    if args.standard_timeout <= 0:
        p.error("--standard-timeout must be positive")
    if args.problems < 1:
        p.error("--problems must be at least 1")
    # each later suite phase needs the earlier ones' baselines file and build cache
    args.warm_suite = args.warm_suite or args.cached_suite
    args.full_suite = args.full_suite or args.warm_suite
    return args


def choose(args: argparse.Namespace) -> tuple[list[sc.Expectation], list[sc.Expectation]]:
    """(the candidates of (a) and (b), the whole suite)."""
    suite = sc.load_suite(Path(args.suite), Path(args.repo))
    only = sc.split_list(args.only)
    chosen = sc.select(suite, only=only, variants=sc.split_list(args.variants),
                       first_problems=None if only else args.problems, limit=args.limit)
    return chosen, suite


# ---------------------------------------------------------------------------------------------
# (a) the standard approach.

def standard_command(args: argparse.Namespace, e: sc.Expectation, slot: Path, lock: Path) -> list[str]:
    return [args.python, str(STANDARD_EVAL), "--problem", str(Path(args.repo) / e.problem),
            "--candidate", str(Path(args.suite) / e.problem_dir / e.file), "--build-dir", str(slot / "ext"),
            "--correct-trials", str(args.correct_trials), "--perf-trials", str(args.perf_trials),
            "--gpu-lock", str(lock), "--stage-file", str(slot / "stage"), *(args.standard_arg or [])]


def parse_standard(stdout: str, returncode: int | None, stage: str | None, timeout: float | None = None) -> dict[str, Any]:
    """The standard process's verdict: its JSON line, or, when it died or hung without one, a
    failed verdict that says so (compiled when it got past its compile)."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            break
        if isinstance(value, dict) and "compiled" in value:
            value["exit_code"] = returncode
            return value
        break
    compiled = stage in COMPILED_STAGES
    what = f"timed out after {timeout:.0f} s" if timeout is not None else f"exited {returncode} without a result line"
    return {"compiled": compiled, "correct": False, "runtime_ms": None, "exit_code": returncode,
            "error": f"{what} (last stage: {stage or 'none'})", "crashed": True}


def run_standard_one(args: argparse.Namespace, e: sc.Expectation, slot: Path, lock: Path) -> dict[str, Any]:
    slot.mkdir(parents=True, exist_ok=True)
    command = standard_command(args, e, slot, lock)
    start = time.monotonic()
    with (slot / "stderr.log").open("w") as log:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
        try:
            stdout, _ = process.communicate(timeout=args.standard_timeout)
            timed_out = None
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            stdout, _ = process.communicate()
            timed_out = args.standard_timeout
    stage_file = slot / "stage"
    stage = stage_file.read_text(encoding="utf-8").strip() if stage_file.exists() else None
    result = parse_standard(stdout or "", process.returncode, stage, timed_out)
    result["wall_s"] = time.monotonic() - start
    return result


def run_standard(args: argparse.Namespace, chosen: Sequence[sc.Expectation], work: Path) -> tuple[dict[str, dict], float]:
    lock = work / "gpu.lock"
    lock.touch()
    results: dict[str, dict] = {}
    done = 0
    guard = threading.Lock()
    start = time.monotonic()

    def one(index: int, e: sc.Expectation) -> None:
        nonlocal done
        result = run_standard_one(args, e, work / "standard" / f"{index:03d}", lock)
        with guard:
            results[e.key] = result
            done += 1
            print(f"[standard {done:>3}/{len(chosen)}] {time.monotonic() - start:6.1f}s {e.key}: "
                  f"{standard_label(result)} ({result['wall_s']:.1f} s)", flush=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parallel) as pool:
        list(pool.map(lambda pair: one(*pair), enumerate(chosen)))
    return results, time.monotonic() - start


def standard_label(result: dict[str, Any]) -> str:
    if not result.get("compiled"):
        return "compile failed" + (" (crashed)" if result.get("crashed") else "")
    if not result.get("correct"):
        return "incorrect" + (" (crashed)" if result.get("crashed") else "")
    runtime = result.get("runtime_ms")
    return "correct" + (f", {runtime:.3f} ms" if isinstance(runtime, (int, float)) else "")


# ---------------------------------------------------------------------------------------------
# (b), (c) Assay.

READY_LINE = re.compile(r"GPU workers ready in ([0-9.]+) s; evaluating")


def workers_ready_seconds(stderr_text: str) -> float | None:
    """Seconds `assay kernel eval --wait-for-workers` took to start its GPU workers, before it
    compiled anything (its stderr line), if it said. Without that flag the workers start while
    candidates compile, and there is no start to take out."""
    found = READY_LINE.search(stderr_text)
    return float(found.group(1)) if found else None


def run_assay(args: argparse.Namespace, chosen: Sequence[sc.Expectation], results: Path, work: Path,
              label: str, deadline_s: float | None = None, baselines: Path | None = None,
              wait_for_workers: bool = False, usage: dict[str, dict] | None = None
              ) -> tuple[list[dict], float, int, float | None]:
    """Runs the batch through `assay kernel eval` with the build cache `work`/cache (cold unless
    an earlier phase used the same `work`) and the baselines file, when given (`--baselines`);
    returns the result lines, the wall time, the exit code and the seconds its workers took to
    start (before any candidate was compiled). The machine's CPU and GPU use during the phase go
    to `usage[label]`."""
    cache_state = "warm build cache" if (work / "cache").exists() else "cold build cache"
    work.mkdir(parents=True, exist_ok=True)
    batch = work / "batch.jsonl"
    sc.write_batch(chosen, Path(args.suite), batch, Path(args.repo))
    logs = work / "worker-logs"
    logs.mkdir(exist_ok=True)
    command = sc.eval_command(args.assay, batch, results, args, work / "cache", logs)
    if baselines is not None:
        command += ["--baselines", str(baselines)]
    if wait_for_workers:
        command.append("--wait-for-workers")
    print(f"== ({label}) {len(chosen)} candidates, {cache_state}"
          f"{', baselines file ' + str(baselines) if baselines else ''}: {' '.join(command)}", flush=True)
    if results.exists():
        results.unlink()
    stderr_path = work / f"assay-{label}-stderr.log"
    start = time.monotonic()
    with stderr_path.open("w", encoding="utf-8") as stderr, ResourceSampler(args.gpus.split(",")[0]) as sampler:
        process = subprocess.Popen(command, start_new_session=True, stderr=stderr)
        code, _ = sc.follow(process, results, len(chosen), {e.key: e for e in chosen}, start,
                            deadline=None if deadline_s is None else start + deadline_s)
    wall = time.monotonic() - start
    if usage is not None:
        usage[label] = sampler.summary
    print(f"== ({label}) {describe(sampler.summary)}", flush=True)
    text = stderr_path.read_text(encoding="utf-8", errors="replace")
    sys.stderr.write(text[-4000:])
    lines = sc.read_results(results) if results.exists() else []
    return lines, wall, code, workers_ready_seconds(text)


# ---------------------------------------------------------------------------------------------
# Comparison.

def default_explanation(e: sc.Expectation) -> str:
    if e.expect == "incorrect":
        return ("wrong on inputs the standard harness never draws (its only inputs come from the problem's "
                "get_inputs(), e.g. torch.rand: no negative or large values)")
    if e.expect == "rejected":
        return f"a hack ({e.finding or 'see the suite'}) that the standard harness has no check for"
    return f"expected {e.expect}"


def compare(e: sc.Expectation, standard: dict[str, Any] | None, assay: dict[str, Any] | None) -> dict[str, Any]:
    """Both verdicts of one candidate, whether they agree (compiled, correct, passed), and, when
    they do not, which side matches the suite's expectation."""
    row: dict[str, Any] = {"key": e.key, "expect": e.expect, "finding": e.finding}
    expected_pass = e.expect == "ok"
    std_pass = bool(standard and standard.get("compiled") and standard.get("correct"))
    assay_pass = bool(assay and assay.get("status") == "ok")
    if standard is not None:
        row["standard"] = {"compiled": standard.get("compiled"), "correct": bool(standard.get("correct")),
                           "passed": std_pass, "runtime_ms": standard.get("runtime_ms"),
                           "speedup": standard.get("speedup"), "error": standard.get("error")}
    if assay is not None:
        row["assay"] = {"compiled": assay.get("compiled"), "correct": assay.get("correct"),
                        "passed": assay_pass, "status": assay.get("status"),
                        "speedup_eager": assay.get("speedup_eager"), "codes": sc.codes(assay)}
    if standard is None or assay is None:
        row["agree"] = None
        row["explanation"] = "no standard result" if standard is None else "no Assay result"
        return row
    row["compiled_agree"] = bool(standard.get("compiled")) == bool(assay.get("compiled"))
    row["correct_agree"] = bool(standard.get("correct")) == bool(assay.get("correct"))
    row["agree"] = std_pass == assay_pass
    row["standard_fooled"] = std_pass and not expected_pass
    row["assay_matches_expectation"] = assay.get("status") == e.expect
    notes = []
    if not row["agree"]:
        if assay_pass == expected_pass and std_pass != expected_pass:
            if std_pass:
                notes.append("standard fooled: " + (e.note or default_explanation(e)))
            else:
                notes.append(f"standard failed a candidate the suite expects to pass: {str(standard.get('error'))[:200]}")
        elif std_pass == expected_pass:
            notes.append(f"Assay differs from the expectation ({e.expect}; Assay {assay.get('status')})")
        else:
            notes.append(f"both differ from the expectation ({e.expect})")
    if not row["compiled_agree"]:
        if assay.get("status") == "rejected" and not assay.get("compiled"):
            notes.append(f"Assay's static checks rejected it before compiling ({', '.join(sc.codes(assay)) or 'rejected'})")
        elif not standard.get("compiled"):
            notes.append(f"standard did not compile it: {str(standard.get('error'))[:200]}")
        else:
            notes.append(f"Assay did not compile it ({assay.get('status')})")
    elif not row["correct_agree"] and row["agree"]:
        notes.append(f"same pass/fail; values judged differently (Assay {assay.get('status')}, correct "
                     f"{assay.get('correct')}; standard correct {bool(standard.get('correct'))})")
    row["explanation"] = "; ".join(notes)
    return row


median = sc.median


def stage_medians(standard: dict[str, dict] | None, assay_lines: Sequence[dict]) -> dict[str, dict[str, float | None]]:
    """Median seconds per candidate and stage: the standard processes' own stages (import =
    Python + torch start, compile = the load_inline build, lock_wait, gpu = models, trials and
    timing) and wall; Assay's result-line stages (compile, gpu and the worker's parts)."""
    out: dict[str, dict[str, float | None]] = {}
    if standard:
        results = list(standard.values())
        names = ("import", "compile", "lock_wait", "gpu")
        out["standard"] = {name: median([(r.get("stages") or {}).get(name) for r in results]) for name in names}
        out["standard"]["wall"] = median([r.get("wall_s") for r in results])
    out["assay"] = dict(sc.stage_medians(assay_lines))
    return out


def rate(count: int, seconds: float | None) -> float | None:
    return count / seconds * 60 if seconds else None


def aggregate(chosen: Sequence[sc.Expectation], standard: dict[str, dict] | None, standard_wall: float | None,
              assay_lines: Sequence[dict], assay_wall: float, assay_ready: float | None = None) -> dict[str, Any]:
    by_key = {line.get(sc.CARRY_KEY, {}).get("key"): line for line in assay_lines if isinstance(line.get(sc.CARRY_KEY), dict)}
    rows = [compare(e, None if standard is None else standard.get(e.key), by_key.get(e.key)) for e in chosen]
    n = len(chosen)
    assay_done = sum(1 for e in chosen if e.key in by_key)
    out: dict[str, Any] = {
        "candidates": n,
        "assay": {"wall_s": assay_wall, "results": assay_done, "per_minute": rate(assay_done, assay_wall),
                  "passed": sum(1 for line in by_key.values() if line.get("status") == "ok"),
                  # a service (assay serve) starts its workers once: the batch's own time is the rest
                  "workers_ready_s": assay_ready,
                  "per_minute_workers_up": (rate(assay_done, assay_wall - assay_ready)
                                            if assay_ready is not None and assay_wall > assay_ready else None)},
        "rows": rows,
        "stage_medians_s": stage_medians(standard, [line for line in assay_lines if isinstance(line, dict)]),
    }
    if standard is not None and standard_wall is not None:
        std_done = sum(1 for e in chosen if e.key in standard)
        compared = [r for r in rows if r["agree"] is not None]
        not_fooled = [r for r in compared if not r["standard_fooled"]]
        out["standard"] = {"wall_s": standard_wall, "results": std_done, "per_minute": rate(std_done, standard_wall),
                           "passed": sum(1 for r in compared if r["standard"]["passed"])}
        out["ratio"] = (out["assay"]["per_minute"] / out["standard"]["per_minute"]
                        if out["assay"]["per_minute"] and out["standard"]["per_minute"] else None)
        out["ratio_workers_up"] = (out["assay"]["per_minute_workers_up"] / out["standard"]["per_minute"]
                                   if out["assay"]["per_minute_workers_up"] and out["standard"]["per_minute"] else None)
        out["agreement"] = {
            "compared": len(compared), "agree": sum(bool(r["agree"]) for r in compared),
            "not_fooled": len(not_fooled), "agree_where_not_fooled": sum(bool(r["agree"]) for r in not_fooled),
            "standard_fooled": [r["key"] for r in compared if r["standard_fooled"]],
            "disagreements": [{"key": r["key"], "explanation": r["explanation"]} for r in compared if not r["agree"]],
            "compiled_agree": sum(bool(r["compiled_agree"]) for r in compared),
            "correct_agree": sum(bool(r["correct_agree"]) for r in compared),
        }
    anchor_one = 60.0 / ANCHOR_SECONDS_ONE
    anchor_eight = 8 * 60.0 / ANCHOR_SECONDS_EIGHT_COMPILES
    out["anchor"] = {"one_candidate_per_minute": anchor_one, "eight_compiles_per_minute": anchor_eight,
                     "assay_vs_one": (out["assay"]["per_minute"] or 0) / anchor_one,
                     "assay_vs_eight_compiles": (out["assay"]["per_minute"] or 0) / anchor_eight}
    return out


def _yes(value: Any) -> str:
    return "—" if value is None else ("yes" if value else "no")


def _num(value: Any, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "—"


def suite_summary(whole: Sequence[sc.Expectation], lines: list[dict], wall: float, code: int,
                  ready: float | None) -> dict[str, Any]:
    """A whole-suite phase: rows holding their expectation, rates with and without the worker start."""
    rows, problems = sc.check(whole, lines)
    info = sc.summary(rows, problems, wall)
    info["assay_exit"] = code
    info["workers_ready_s"] = ready
    info["candidates_per_minute_workers_up"] = (rate(len(lines), wall - ready)
                                                if ready is not None and wall > ready else None)
    return info


def suite_lines(title: str, suite: dict[str, Any], standard_rate: float | None) -> list[str]:
    lines = ["", f"## {title}: {suite['hold']}/{suite['rows']} rows hold, {_num(suite['wall_seconds'], 1)} s, "
                 f"{_num(suite['candidates_per_minute'])} candidates/min"
                 + (f" ({_num(suite['candidates_per_minute_workers_up'])} without the worker start of "
                    f"{_num(suite['workers_ready_s'], 1)} s)" if suite.get("candidates_per_minute_workers_up") else "")]
    if standard_rate:
        ratio = suite["candidates_per_minute"] / standard_rate
        up = suite.get("candidates_per_minute_workers_up")
        lines.append(f"Against the standard approach's rate measured in (a) of this run ({_num(standard_rate)}/min): "
                     f"**{ratio:.1f}×**" + (f", {up / standard_rate:.1f}× without the worker start." if up else "."))
    if suite["failed"]:
        lines.append("Failing rows: " + ", ".join(suite["failed"]))
    return lines


def markdown(report: dict[str, Any]) -> str:
    """The report as markdown; the whole-suite phases (c), (d), (e) come from ``full_suite``,
    ``warm_suite`` and ``cached_suite`` when the run had them."""
    a = report["assay"]
    lines = ["# Kernel evaluation: standard approach vs Assay", ""]
    lines += ["| approach | candidates | wall s | candidates/min | passed |", "|---|---|---|---|---|"]
    if "standard" in report:
        s = report["standard"]
        lines.append(f"| standard (fresh process + cold load_inline each, {report.get('parallel', '?')} at once) | "
                     f"{s['results']} | {_num(s['wall_s'], 1)} | {_num(s['per_minute'])} | {s['passed']} |")
    lines.append(f"| Assay (`assay kernel eval`, cold cache) | {a['results']} | {_num(a['wall_s'], 1)} | "
                 f"{_num(a['per_minute'])} | {a['passed']} |")
    if a.get("workers_ready_s") is not None:
        lines.append(f"| Assay, same run without its worker start ({_num(a['workers_ready_s'], 1)} s; a service pays "
                     f"it once) | {a['results']} | {_num(a['wall_s'] - a['workers_ready_s'], 1)} | "
                     f"{_num(a.get('per_minute_workers_up'))} | {a['passed']} |")
    settings = report.get("settings") or {}
    if settings:
        lines.append("")
        lines.append(f"Settings: standard {settings.get('correct_trials')} correctness + {settings.get('perf_trials')} "
                     f"timing trials, {settings.get('parallel')} processes at once, GPU phases one at a time; Assay "
                     f"--slots-per-gpu {settings.get('slots_per_gpu')} --jobs {settings.get('jobs')}"
                     f"{' --no-timing' if settings.get('no_timing') else ''}"
                     f"{' ' + ' '.join(settings.get('assay_arg') or []) if settings.get('assay_arg') else ''}.")
    lines.append("")
    if report.get("ratio") is not None:
        lines.append(f"- **Assay/standard throughput in this run, (b) the same candidates, everything cold (torch.compile "
                     f"baselines included, which the standard side does not measure): {report['ratio']:.1f}×**"
                     + (f"; {report['ratio_workers_up']:.1f}× without Assay's worker start."
                        if report.get("ratio_workers_up") is not None else "."))
        standard_rate = (report.get("standard") or {}).get("per_minute")
        for key, label in (("full_suite", "(c) whole suite, everything cold"),
                           ("warm_suite", "(d) whole suite as a training service sees it (baselines known, builds cold)")):
            phase = report.get(key)
            if phase and standard_rate and phase.get("candidates_per_minute"):
                lines.append(f"- **{label}: {phase['candidates_per_minute'] / standard_rate:.1f}×** "
                             f"({phase['hold']}/{phase['rows']} expected verdicts hold). Target ≥ 20×.")
    anchor = report["anchor"]
    lines.append(f"Against the issue's anchor (KernelBench harness on an H100): {anchor['assay_vs_one']:.0f}× one candidate "
                 f"end to end (124 s), {anchor['assay_vs_eight_compiles']:.1f}× eight parallel compiles alone (71 s).")
    if "agreement" in report:
        g = report["agreement"]
        lines.append(f"Verdicts (passed or not) agree on {g['agree']}/{g['compared']} candidates; where the standard "
                     f"harness is not fooled: {g['agree_where_not_fooled']}/{g['not_fooled']}. compiled agrees on "
                     f"{g['compiled_agree']}/{g['compared']}, correct on {g['correct_agree']}/{g['compared']}.")
    medians = report.get("stage_medians_s") or {}
    for side, label in (("standard", "standard process"), ("assay", "Assay result line")):
        if medians.get(side):
            parts = ", ".join(f"{name} {_num(value)}" for name, value in medians[side].items() if value is not None)
            lines.append(f"Median seconds per candidate, {label}: {parts}.")
    lines += ["", "| candidate | expected | standard compiled / correct | standard ms (speedup) | Assay status | "
              "Assay compiled / correct | Assay speedup_eager | agree | explanation |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in report["rows"]:
        s, q = r.get("standard") or {}, r.get("assay") or {}
        expected = r["expect"] + (f" + {r['finding']}" if r.get("finding") else "")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in [
            r["key"], expected, f"{_yes(s.get('compiled'))} / {_yes(s.get('correct'))}" if s else "—",
            f"{_num(s.get('runtime_ms'), 3)} ({_num(s.get('speedup'))})" if s else "—",
            str(q.get("status", "—")), f"{_yes(q.get('compiled'))} / {_yes(q.get('correct'))}" if q else "—",
            _num(q.get("speedup_eager")), _yes(r.get("agree")), r.get("explanation", "")]) + " |")
    standard_rate = (report.get("standard") or {}).get("per_minute")
    suite, warm = report.get("full_suite"), report.get("warm_suite")
    if suite is not None:
        lines += suite_lines("(c) Whole suite through Assay, cold (table: suite-results.jsonl, "
                             "`python3 scripts/suite_check.py check FILE`)", suite, standard_rate)
    if warm is not None:
        lines += suite_lines("(d) Whole suite again as a training service sees it: baselines from (c) kept in a "
                             "--baselines file, new workers started while the first candidates compile (the "
                             "default), cold build cache (suite-warm-results.jsonl)", warm, standard_rate)
    cached = report.get("cached_suite")
    if cached is not None:
        lines += suite_lines("(e) Capacity diagnostic, not a throughput claim: the whole suite a third time with (d)'s "
                             "build cache, so nothing compiles (suite-cached-results.jsonl)", cached, None)
    usage = report.get("resources") or {}
    if usage:
        lines += ["", "Machine use per phase (whole machine, sampled every 0.5 s):"]
        lines += [f"- ({label}) {describe(summary)}" for label, summary in usage.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # ✓/×/— on a terminal that is not UTF-8
    args = parse_args(argv)
    try:
        chosen, whole = choose(args)
    except (sc.SuiteError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.work:
        work = Path(args.work)
        if work.exists() and any(work.iterdir()):
            print(f"error: --work {work} is not empty (its build caches would not be cold)", file=sys.stderr)
            return 2
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="assay-kernel-bench-"))
    usage: dict[str, dict] = {}
    print(f"== {len(chosen)} candidates: {', '.join(e.key for e in chosen)}", flush=True)
    standard, standard_wall = None, None
    if not args.skip_standard:
        print(f"== (a) standard approach, {args.parallel} processes at once", flush=True)
        with ResourceSampler(args.gpus.split(",")[0]) as sampler:
            standard, standard_wall = run_standard(args, chosen, work)
        usage["a"] = sampler.summary
        print(f"== (a) {describe(sampler.summary)}", flush=True)
    assay_lines, assay_wall, assay_code, assay_ready = run_assay(args, chosen, out / "assay-results.jsonl",
                                                                 work / "assay", "b", usage=usage)
    report = aggregate(chosen, standard, standard_wall, assay_lines, assay_wall, assay_ready)
    report.update({"parallel": args.parallel, "assay_exit": assay_code, "standard_results": standard,
                   "settings": {k: v for k, v in vars(args).items() if k not in ("repo",)}})
    if args.full_suite:
        suite_baselines = work / "suite-baselines.jsonl"
        lines, wall, code, ready = run_assay(args, whole, out / "suite-results.jsonl", work / "suite", "c",
                                             args.suite_deadline, baselines=suite_baselines, usage=usage)
        report["full_suite"] = suite_summary(whole, lines, wall, code, ready)
        if args.warm_suite:
            lines, wall, code, ready = run_assay(args, whole, out / "suite-warm-results.jsonl", work / "suite-warm", "d",
                                                 args.suite_deadline, baselines=suite_baselines, usage=usage)
            report["warm_suite"] = suite_summary(whole, lines, wall, code, ready)
        if args.cached_suite:
            lines, wall, code, ready = run_assay(args, whole, out / "suite-cached-results.jsonl", work / "suite-warm",
                                                 "e", args.suite_deadline, baselines=suite_baselines,
                                                 wait_for_workers=True, usage=usage)
            report["cached_suite"] = suite_summary(whole, lines, wall, code, ready)
    report["resources"] = usage
    (out / "kernel-bench.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    text = markdown(report)
    (out / "kernel-bench.md").write_text(text, encoding="utf-8")
    with tarfile.open(out / "logs.tar.gz", "w:gz") as tar:
        for path in sorted(work.rglob("*.log")):
            tar.add(path, arcname=str(path.relative_to(work)))
    print()
    print(text)
    print(f"== wrote {out}/kernel-bench.json, kernel-bench.md, assay-results.jsonl"
          f"{', suite-results.jsonl' if args.full_suite else ''}"
          f"{', suite-warm-results.jsonl' if args.warm_suite else ''}"
          f"{', suite-cached-results.jsonl' if args.cached_suite else ''}, logs.tar.gz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
