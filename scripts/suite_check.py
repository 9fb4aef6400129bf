#!/usr/bin/env python3
"""The kernel suite's expected verdicts against `assay kernel eval`'s actual ones.

The suite (format: examples/kernels/suite/README or the issue 6 brief) is one folder per problem,
`examples/kernels/suite/<problem>/`, holding candidate files and an `expected.json`:

    {"problem": "examples/kernels/problems/gelu.py",
     "candidates": [{"file": "fast.py", "expect": "ok", "faster_than_eager": true},
                    {"file": "hack_side_stream.py", "expect": "rejected", "finding": "side_stream",
                     "note": "..."}]}

A row holds when the result's `status` equals `expect`, the named `finding` appears among the
result's `findings[].code` or `reasons[].code`, and, if `faster_than_eager` is asked,
`speedup_eager > 1`. With timing off (`--no-timing`) speedups do not exist: a row that asks for
faster_than_eager and otherwise holds is marked `✓?` with "faster_than_eager not checked", and
the totals count such rows apart.

Subcommands (standard library only, so the checks are unit-tested on any machine):
  batch  write the batch file for `assay kernel eval --batch` (each line carries its expectation
         as the field `expected`, which comes back in the result line)
  run    batch + run `assay kernel eval` with progress lines + check; writes results.jsonl,
         table.md, summary.json (and worker-logs.tar.gz) to --out
  check  check an existing results file (e.g. one committed under bench/kernels/measured/)

Exit status: 0 every row holds; 1 some row fails; 2 bad suite, bad arguments, or `assay` did not
produce results.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SUITE = "examples/kernels/suite"
CARRY_KEY = "expected"
CANDIDATE_KEYS = {"file", "expect", "finding", "faster_than_eager", "note"}
TOP_KEYS = {"problem", "candidates", "note", "description"}
STATUS_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class SuiteError(Exception):
    """The suite's files are not usable (every problem found is listed in the message)."""


@dataclass(frozen=True)
class Expectation:
    """One candidate of the suite and the verdict it must get."""

    problem_dir: str  # the suite folder's name, e.g. "relu"
    problem: str  # the problem file, relative to the repository root
    file: str  # the candidate file, relative to the problem's suite folder
    expect: str  # the expected `status`
    finding: str | None = None
    faster_than_eager: bool = False
    note: str | None = None

    @property
    def key(self) -> str:
        return f"{self.problem_dir}/{self.file}"

    @property
    def variant(self) -> str:
        """The file name without `.py` (fast, slow, wrong, compile_error, hack_...)."""
        return self.file[:-3] if self.file.endswith(".py") else self.file

    def carried(self) -> dict[str, Any]:
        """The fields a batch line carries (and its result line brings back) under `expected`."""
        out: dict[str, Any] = {"key": self.key, "problem_dir": self.problem_dir, "file": self.file,
                               "expect": self.expect}
        if self.finding is not None:
            out["finding"] = self.finding
        if self.faster_than_eager:
            out["faster_than_eager"] = True
        if self.note is not None:
            out["note"] = self.note
        return out

    @staticmethod
    def from_carried(value: Any) -> Expectation:
        if not isinstance(value, dict):
            raise ValueError(f"`{CARRY_KEY}` is not an object: {value!r}")
        try:
            return Expectation(problem_dir=str(value["problem_dir"]), problem=str(value.get("problem", "")),
                               file=str(value["file"]), expect=str(value["expect"]),
                               finding=value.get("finding"),
                               faster_than_eager=bool(value.get("faster_than_eager", False)),
                               note=value.get("note"))
        except KeyError as e:
            raise ValueError(f"`{CARRY_KEY}` lacks {e}") from None


# ---------------------------------------------------------------------------------------------
# Reading and validating the suite.

def _load_problem(folder: Path, repo: Path, errors: list[str]) -> list[Expectation]:
    where = folder / "expected.json"
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        errors.append(f"{folder}: no expected.json")
        return []
    except (OSError, json.JSONDecodeError) as e:
        errors.append(f"{where}: not readable JSON: {e}")
        return []
    if not isinstance(data, dict):
        errors.append(f"{where}: top level must be an object")
        return []
    unknown = set(data) - TOP_KEYS
    if unknown:
        errors.append(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(TOP_KEYS)})")
    problem = data.get("problem")
    if not isinstance(problem, str) or not problem:
        errors.append(f"{where}: `problem` must be a path relative to the repository root")
        return []
    if not (repo / problem).is_file():
        errors.append(f"{where}: problem file {problem} does not exist")
    candidates = data.get("candidates")
    if not isinstance(candidates, list) or not candidates:
        errors.append(f"{where}: `candidates` must be a non-empty list")
        return []
    out: list[Expectation] = []
    listed: set[str] = set()
    for index, entry in enumerate(candidates):
        at = f"{where}: candidates[{index}]"
        if not isinstance(entry, dict):
            errors.append(f"{at}: must be an object")
            continue
        unknown = set(entry) - CANDIDATE_KEYS
        if unknown:
            errors.append(f"{at}: unknown keys {sorted(unknown)} (allowed: {sorted(CANDIDATE_KEYS)})")
        name, expect = entry.get("file"), entry.get("expect")
        finding, faster, note = entry.get("finding"), entry.get("faster_than_eager", False), entry.get("note")
        bad = False
        if not isinstance(name, str) or not name or "/" in name:
            errors.append(f"{at}: `file` must be a file name in {folder.name}/")
            continue
        if name in listed:
            errors.append(f"{at}: {name} is listed twice")
            bad = True
        listed.add(name)
        if not (folder / name).is_file():
            errors.append(f"{at}: {name} does not exist")
            bad = True
        if not isinstance(expect, str) or not STATUS_PATTERN.match(expect):
            errors.append(f"{at}: `expect` must be a status code like ok, incorrect, compile_error, rejected")
            bad = True
        if finding is not None and (not isinstance(finding, str) or not STATUS_PATTERN.match(finding)):
            errors.append(f"{at}: `finding` must be a finding code like side_stream")
            bad = True
        if not isinstance(faster, bool):
            errors.append(f"{at}: `faster_than_eager` must be true or false")
            bad = True
        elif faster and expect != "ok":
            errors.append(f"{at}: `faster_than_eager` needs `expect: ok` (only passing candidates are timed)")
            bad = True
        if note is not None and not isinstance(note, str):
            errors.append(f"{at}: `note` must be a string")
            bad = True
        if not bad and isinstance(expect, str):
            out.append(Expectation(folder.name, problem, name, expect, finding, faster, note))
    unlisted = sorted(p.name for p in folder.glob("*.py") if p.name not in listed)
    if unlisted:
        errors.append(f"{where}: files not listed in `candidates`: {', '.join(unlisted)}")
    return out


def load_suite(suite: Path, repo: Path = REPO) -> list[Expectation]:
    """Every candidate of every problem folder of `suite`, folders sorted by name, candidates in
    their expected.json order. Raises SuiteError naming every problem found."""
    if not suite.is_dir():
        raise SuiteError(f"suite folder {suite} does not exist")
    folders = sorted(p for p in suite.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        raise SuiteError(f"suite folder {suite} has no problem folders")
    errors: list[str] = []
    out: list[Expectation] = []
    for folder in folders:
        out.extend(_load_problem(folder, repo, errors))
    if errors:
        raise SuiteError(f"{len(errors)} problem(s) in the suite:\n  " + "\n  ".join(errors))
    return out


def split_list(text: str | None) -> list[str] | None:
    """`a,b , c` → ['a', 'b', 'c']; None or '' → None."""
    if not text:
        return None
    items = [item.strip() for item in text.split(",")]
    if any(not item for item in items):
        raise ValueError(f"empty item in list {text!r}")
    return items


def select(expectations: Sequence[Expectation], only: Sequence[str] | None = None,
           variants: Sequence[str] | None = None, first_problems: int | None = None,
           limit: int | None = None) -> list[Expectation]:
    """Filters in this order: `only` problem folders (each must exist), the first
    `first_problems` problem folders (sorted), `variants` (file names without .py; `hack_*`
    matches every hack), then the first `limit` candidates."""
    known = list(dict.fromkeys(e.problem_dir for e in expectations))
    chosen = list(expectations)
    if only:
        missing = [name for name in only if name not in known]
        if missing:
            raise ValueError(f"unknown problem(s) {', '.join(missing)}; the suite has: {', '.join(known)}")
        chosen = [e for e in chosen if e.problem_dir in set(only)]
    if first_problems is not None:
        if first_problems < 1:
            raise ValueError("the number of problems must be at least 1")
        keep = list(dict.fromkeys(e.problem_dir for e in chosen))[:first_problems]
        chosen = [e for e in chosen if e.problem_dir in set(keep)]
    if variants:
        def wanted(e: Expectation) -> bool:
            return any(e.variant == v or (v.endswith("*") and e.variant.startswith(v[:-1])) for v in variants)
        chosen = [e for e in chosen if wanted(e)]
    if limit is not None:
        if limit < 1:
            raise ValueError("--limit must be at least 1")
        chosen = chosen[:limit]
    if not chosen:
        raise ValueError("the selection is empty")
    return chosen


def batch_line(e: Expectation, suite: Path, repo: Path = REPO) -> dict[str, Any]:
    """One `assay kernel eval --batch` line: the problem as an absolute path (named by its
    repository-relative path), the candidate file's text as the model output, and the
    expectation carried through under `expected`."""
    carried = e.carried()
    carried["problem"] = e.problem
    return {"problem": str((repo / e.problem).resolve()), "problem_name": e.problem,
            "candidate": (suite / e.problem_dir / e.file).read_text(encoding="utf-8"), CARRY_KEY: carried}


def write_batch(expectations: Sequence[Expectation], suite: Path, path: Path, repo: Path = REPO) -> None:
    with path.open("w", encoding="utf-8") as f:
        for e in expectations:
            f.write(json.dumps(batch_line(e, suite, repo)) + "\n")


# ---------------------------------------------------------------------------------------------
# Checking results.

def codes(result: dict[str, Any]) -> list[str]:
    """Finding and reason codes of a result line, reject findings first, without repeats."""
    out: list[str] = []
    findings = result.get("findings") or []
    ordered = sorted(findings, key=lambda f: 0 if isinstance(f, dict) and f.get("severity") == "reject" else 1)
    for item in [*ordered, *(result.get("reasons") or [])]:
        if isinstance(item, dict) and isinstance(item.get("code"), str) and item["code"] not in out:
            out.append(item["code"])
    return out


def finding_label(result: dict[str, Any]) -> str:
    """Codes for the table: reject findings and reasons plain, other findings as `code (warn)`."""
    severities = {f.get("code"): f.get("severity") for f in result.get("findings") or [] if isinstance(f, dict)}
    labels = []
    for code in codes(result):
        severity = severities.get(code)
        labels.append(code if severity in (None, "reject") else f"{code} ({severity})")
    return ", ".join(labels)


@dataclass
class Row:
    """One expectation with its result and whether it holds."""

    expectation: Expectation
    result: dict[str, Any] | None
    failures: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.result is not None and not self.failures

    @property
    def status(self) -> str | None:
        return None if self.result is None else self.result.get("status")

    @property
    def speedup_eager(self) -> float | None:
        value = None if self.result is None else self.result.get("speedup_eager")
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def check_row(e: Expectation, result: dict[str, Any] | None) -> Row:
    row = Row(e, result)
    if result is None:
        row.failures.append("no result line")
        return row
    status = result.get("status")
    if status != e.expect:
        reason = "; ".join(f"{r.get('code')}: {str(r.get('message', ''))[:160]}" for r in result.get("reasons") or []
                           if isinstance(r, dict))
        row.failures.append(f"status {status} ≠ {e.expect}" + (f" ({reason})" if reason else ""))
    if e.finding is not None and e.finding not in codes(result):
        row.failures.append(f"finding {e.finding} absent")
    if e.faster_than_eager:
        speedup = row.speedup_eager
        if speedup is None:
            timings = result.get("timings")
            median_ms = timings.get("candidate_median_ms") if isinstance(timings, dict) else None
            if status == "ok" and median_ms is None:
                row.unchecked.append("faster_than_eager not checked (not timed)")
            else:
                row.failures.append("no speedup_eager")
        elif speedup <= 1:
            row.failures.append(f"speedup_eager {speedup:.2f} ≤ 1")
    return row


def read_results(path: Path) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{number}: not JSON: {e}") from None
        if not isinstance(value, dict):
            raise ValueError(f"{path}:{number}: not a JSON object")
        out.append(value)
    return out


def check(expectations: Sequence[Expectation], results: Iterable[dict[str, Any]],
          ignore_unselected: bool = False) -> tuple[list[Row], list[str]]:
    """Rows in the expectations' order, and problems with the result set itself (a result line
    without `expected`, two for one candidate, or, unless `ignore_unselected`, one for a candidate
    not among `expectations`). Expectations are taken from `expectations`, never from the result
    lines, so a result cannot relax its own check."""
    by_key: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for result in results:
        carried = result.get(CARRY_KEY)
        key = carried.get("key") if isinstance(carried, dict) else None
        if not isinstance(key, str):
            problems.append(f"result line without `{CARRY_KEY}.key` (status {result.get('status')})")
            continue
        if key in by_key:
            problems.append(f"two result lines for {key}")
            continue
        by_key[key] = result
    wanted = {e.key for e in expectations}
    for key in by_key:
        if key not in wanted and not ignore_unselected:
            problems.append(f"result line for {key}, which was not asked for")
    return [check_row(e, by_key.get(e.key)) for e in expectations], problems


def expectations_from_results(results: Iterable[dict[str, Any]]) -> list[Expectation]:
    """Expectations as carried by result lines (for `check --carried`, when the suite on disk is
    not the one that ran)."""
    return [Expectation.from_carried(r.get(CARRY_KEY)) for r in results]


# ---------------------------------------------------------------------------------------------
# Reporting.

def summary(rows: Sequence[Row], problems: Sequence[str], wall_seconds: float | None,
            evaluated_in_wall: int | None = None) -> dict[str, Any]:
    """Counts, and candidates per minute: `evaluated_in_wall` (default: every row with a result)
    results in `wall_seconds`."""
    by_expect: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = by_expect.setdefault(row.expectation.expect, {"rows": 0, "hold": 0})
        counts["rows"] += 1
        counts["hold"] += int(row.holds)
    evaluated = sum(1 for row in rows if row.result is not None)
    timed = evaluated if evaluated_in_wall is None else evaluated_in_wall
    out: dict[str, Any] = {
        "rows": len(rows), "hold": sum(r.holds for r in rows), "fail": sum(not r.holds for r in rows),
        "no_result": len(rows) - evaluated, "unchecked": sum(bool(r.unchecked) for r in rows),
        "by_expect": by_expect, "result_problems": list(problems),
        "wall_seconds": wall_seconds, "results_in_wall": timed,
        "candidates_per_minute": (timed / wall_seconds * 60) if wall_seconds else None,
        "failed": [r.expectation.key for r in rows if not r.holds],
        "stage_medians_s": stage_medians(r.result for r in rows if r.result is not None),
    }
    return out


def median(values: Iterable[Any]) -> float | None:
    ordered = sorted(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
    if not ordered:
        return None
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def stage_medians(results: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Median seconds per stage over the result lines that report it (`timings.stages`)."""
    stages = [(r.get("timings") or {}).get("stages") or {} for r in results if isinstance(r, dict)]
    names = sorted({name for st in stages if isinstance(st, dict) for name in st})
    out = {}
    for name in names:
        value = median(st.get(name) for st in stages if isinstance(st, dict))
        if value is not None:
            out[name] = value
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(rows: Sequence[Row], info: dict[str, Any], header: str | None = None) -> str:
    lines = []
    if header:
        lines += [header, ""]
    lines += ["| # | problem | candidate | expected | status | findings | speedup_eager | holds | why |",
              "|---|---|---|---|---|---|---|---|---|"]
    for index, row in enumerate(rows, 1):
        e = row.expectation
        expected = e.expect + (f" + {e.finding}" if e.finding else "") + (" + faster" if e.faster_than_eager else "")
        speedup = "—" if row.speedup_eager is None else f"{row.speedup_eager:.2f}"
        mark = "✓" if row.holds and not row.unchecked else ("✓?" if row.holds else "✗")
        why = "; ".join(row.failures + row.unchecked)
        lines.append("| " + " | ".join(_cell(c) for c in [
            str(index), e.problem_dir, e.file, expected, row.status or "—",
            "" if row.result is None else finding_label(row.result), speedup, mark, why]) + " |")
    lines.append("")
    lines.append(f"**{info['hold']} of {info['rows']} rows hold**, {info['fail']} fail"
                 + (f" ({info['no_result']} without a result)" if info["no_result"] else "")
                 + (f"; {info['unchecked']} hold with faster_than_eager not checked (timing off)" if info["unchecked"] else "")
                 + ".")
    per = ", ".join(f"{k} {v['hold']}/{v['rows']}" for k, v in sorted(info["by_expect"].items()))
    lines.append(f"By expected status: {per}.")
    if info["wall_seconds"] is not None:
        rate = info["candidates_per_minute"]
        lines.append(f"Wall time {info['wall_seconds']:.1f} s for {info['results_in_wall']} results"
                     + (f": {rate:.1f} candidates per minute." if rate is not None else "."))
    if info.get("stage_medians_s"):
        lines.append("Median seconds per candidate and stage: "
                     + ", ".join(f"{k} {v:.3g}" for k, v in info["stage_medians_s"].items()) + ".")
    for problem in info["result_problems"]:
        lines.append(f"Result set problem: {problem}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Running assay with progress.

def progress_line(done: int, total: int, elapsed: float, result: dict[str, Any], row: Row | None) -> str:
    carried = result.get(CARRY_KEY)
    key = carried.get("key") if isinstance(carried, dict) else "?"
    mark = "" if row is None else (" ✓" if row.holds else " ✗ " + "; ".join(row.failures))
    label = finding_label(result)
    return (f"[{done:>4}/{total}] {int(elapsed) // 60:>3}m{int(elapsed) % 60:02d}s {key}: {result.get('status')}"
            + (f" ({label})" if label else "") + mark)


def stop(process: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM to the process group of `process` (started with start_new_session), SIGKILL
    after `grace` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def follow(process: subprocess.Popen, results_path: Path, total: int, by_key: dict[str, Expectation],
           start: float, poll: float = 0.25, out: Any = None, deadline: float | None = None) -> tuple[int, bool]:
    """Prints one progress line per result line as `assay` writes them, until it exits or, when
    `deadline` (a time.monotonic() value) passes, until it is stopped. Returns its exit status and
    whether it was stopped at the deadline."""
    out = out or sys.stdout
    offset, done, pending = 0, 0, b""
    stopped = False
    while True:
        if deadline is not None and not stopped and time.monotonic() > deadline and process.poll() is None:
            print(f"== deadline reached after {time.monotonic() - start:.0f} s: stopping assay "
                  f"({done}/{total} results)", file=out, flush=True)
            stop(process)
            stopped = True
        finished = process.poll() is not None
        if results_path.exists():
            with results_path.open("rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                if not raw.strip():
                    continue
                done += 1
                try:
                    result = json.loads(raw)
                except json.JSONDecodeError:
                    print(f"[{done:>4}/{total}] unreadable result line", file=out, flush=True)
                    continue
                carried = result.get(CARRY_KEY)
                e = by_key.get(str(carried.get("key"))) if isinstance(carried, dict) else None
                row = check_row(e, result) if e else None
                print(progress_line(done, total, time.monotonic() - start, result, row), file=out, flush=True)
        if finished:
            return process.returncode, stopped
        time.sleep(poll)


def default_out() -> str:
    return os.environ.get("OUT") or "gpu-check-out"


def eval_command(assay: str, batch: Path, results: Path, args: argparse.Namespace, cache: Path,
                 worker_logs: Path) -> list[str]:
    command = [assay, "kernel", "eval", "--batch", str(batch), "--out", str(results), "--gpus", args.gpus,
               "--slots-per-gpu", str(args.slots_per_gpu), "--jobs", str(args.jobs), "--cache", str(cache),
               "--worker-logs", str(worker_logs)]
    if args.no_timing:
        command.append("--no-timing")
    if args.trials is not None:
        command += ["--trials", str(args.trials)]
    command += args.assay_arg or []
    return command


def resumed_results(paths: Sequence[str] | None, chosen: Sequence[Expectation]) -> list[dict[str, Any]]:
    """Result lines of earlier runs (`--resume`) for chosen candidates, the last line per
    candidate winning."""
    wanted = {e.key for e in chosen}
    by_key: dict[str, dict[str, Any]] = {}
    for path in paths or []:
        for line in read_results(Path(path)):
            carried = line.get(CARRY_KEY)
            key = carried.get("key") if isinstance(carried, dict) else None
            if key in wanted:
                by_key[key] = line
    return list(by_key.values())


def cmd_run(args: argparse.Namespace) -> int:
    suite = Path(args.suite)
    chosen = select(load_suite(suite, Path(args.repo)), split_list(args.only), split_list(args.variants), None, args.limit)
    if args.deadline is not None and args.deadline <= 0:
        raise ValueError("--deadline must be positive")
    earlier = resumed_results(args.resume, chosen)
    done_keys = {line[CARRY_KEY]["key"] for line in earlier}
    todo = [e for e in chosen if e.key not in done_keys]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="assay-gpu-check-"))
    batch, results = work / "batch.jsonl", out / "results.jsonl"
    cache = Path(args.cache) if args.cache else work / "cache"
    logs = work / "worker-logs"
    logs.mkdir()
    command = eval_command(args.assay, batch, results, args, cache, logs)
    problems = len({e.problem_dir for e in chosen})
    print(f"== {len(chosen)} candidates of {problems} problems"
          + (f"; {len(earlier)} already have results (--resume), {len(todo)} to run" if args.resume else "")
          + f"; cache {cache}{' (cold)' if not args.cache else ''}", flush=True)
    if results.exists():
        results.unlink()
    code, stopped, wall = 0, False, None
    if todo:
        write_batch(todo, suite, batch, Path(args.repo))
        print("== " + " ".join(command), flush=True)
        start = time.monotonic()
        process = subprocess.Popen(command, start_new_session=True)
        deadline = start + args.deadline if args.deadline is not None else None
        code, stopped = follow(process, results, len(todo), {e.key: e for e in todo}, start, deadline=deadline)
        wall = time.monotonic() - start
        with tarfile.open(out / "worker-logs.tar.gz", "w:gz") as tar:
            tar.add(logs, arcname="worker-logs")
        if not results.exists():
            print(f"error: assay kernel eval exited {code} without writing {results}", file=sys.stderr)
            return 2
    new = read_results(results) if results.exists() else []
    if earlier:
        # results.jsonl ends up holding every result line of the selection, earlier ones first
        merged = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in [*earlier, *new])
        results.write_text(merged, encoding="utf-8")
    rows, result_problems = check(chosen, [*earlier, *new])
    info = summary(rows, result_problems, wall, evaluated_in_wall=len(new))
    info.update({"assay_exit": code, "command": command, "timing": not args.no_timing, "resumed": len(earlier),
                 "stopped_at_deadline": stopped,
                 "selection": {"only": args.only, "variants": args.variants, "limit": args.limit}})
    if stopped:
        for row in rows:
            if row.result is None:
                row.failures = ["no result: stopped at the --deadline"]
    header = (f"# GPU check: {info['hold']}/{info['rows']} hold ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})\n\n"
              f"`{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(command))}`"
              + (f" (+ {len(earlier)} results resumed from {', '.join(args.resume)})" if earlier else ""))
    table = markdown(rows, info, header)
    if stopped:
        table += (f"\nStopped at the deadline ({args.deadline:.0f} s): {info['no_result']} candidates not evaluated; "
                  f"continue with `--resume {results}`.\n")
    (out / "table.md").write_text(table, encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print()
    print(table)
    if code != 0:
        print(f"note: assay kernel eval exited {code} (2: some verdict was internal_error or no worker started;"
              f" negative: stopped by a signal)")
    print(f"== wrote {out}/results.jsonl, table.md, summary.json" + (", worker-logs.tar.gz" if todo else ""))
    return 0 if info["fail"] == 0 and not result_problems else 1


def cmd_batch(args: argparse.Namespace) -> int:
    suite = Path(args.suite)
    chosen = select(load_suite(suite, Path(args.repo)), split_list(args.only), split_list(args.variants), None, args.limit)
    write_batch(chosen, suite, Path(args.output), Path(args.repo))
    print(f"{len(chosen)} lines → {args.output}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    results = read_results(Path(args.results))
    if args.carried:
        expectations = expectations_from_results(results)
    else:
        expectations = select(load_suite(Path(args.suite), Path(args.repo)), split_list(args.only), split_list(args.variants),
                              None, args.limit)
    selected = bool(args.only or args.variants or args.limit)
    rows, problems = check(expectations, results, ignore_unselected=selected)
    info = summary(rows, problems, args.wall_seconds)
    text = markdown(rows, info)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    return 0 if info["fail"] == 0 and not problems else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="suite_check.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    def selection(q: argparse.ArgumentParser) -> None:
        q.add_argument("--suite", default=str(REPO / DEFAULT_SUITE), help="suite folder (default: %(default)s)")
        q.add_argument("--repo", default=str(REPO), help="root that expected.json's `problem` paths are relative to "
                       "(default: this repository)")
        q.add_argument("--only", help="problem folders to run, comma separated (e.g. relu,softmax)")
        q.add_argument("--variants", help="candidate names without .py, comma separated; hack_* for every hack")
        q.add_argument("--limit", type=int, help="at most N candidates (after --only/--variants)")

    run = sub.add_parser("run", help="batch, run assay kernel eval, check")
    selection(run)
    run.add_argument("--assay", default=os.environ.get("ASSAY_BIN", "assay"), help="assay binary ($ASSAY_BIN)")
    run.add_argument("--out", default=default_out(), help="output folder (default: $OUT, else ./gpu-check-out)")
    run.add_argument("--no-timing", action="store_true", help="pass --no-timing (faster_than_eager is then not checked)")
    run.add_argument("--gpus", default="0", help="assay --gpus (default: %(default)s)")
    run.add_argument("--slots-per-gpu", type=int, default=2, help="assay --slots-per-gpu (default: %(default)s)")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="compile jobs (default: the cores, %(default)s)")
    run.add_argument("--trials", type=int, help="assay --trials (default: assay's, 5)")
    run.add_argument("--cache", help="build cache (default: a fresh folder, i.e. a cold run)")
    run.add_argument("--deadline", type=float, metavar="SECONDS",
                     help="stop assay after this many seconds and report what finished (the rest fails as "
                          "'no result'); e.g. 540 inside a 10-minute command limit")
    run.add_argument("--resume", action="append", metavar="RESULTS",
                     help="results.jsonl of an earlier (stopped) run: its candidates are not run again, and its "
                          "lines join this run's table and results.jsonl (repeat for several)")
    run.add_argument("--assay-arg", action="append", metavar="ARG",
                     help="extra argument for assay kernel eval (repeat; e.g. --assay-arg=--path --assay-arg=full)")
    run.set_defaults(func=cmd_run)

    batch = sub.add_parser("batch", help="write the batch file only")
    selection(batch)
    batch.add_argument("output", help="batch file to write")
    batch.set_defaults(func=cmd_batch)

    chk = sub.add_parser("check", help="check an existing results file")
    selection(chk)
    chk.add_argument("results", help="results.jsonl of assay kernel eval (from this script's batch)")
    chk.add_argument("--carried", action="store_true",
                     help="take expectations from the result lines (when the suite on disk changed since)")
    chk.add_argument("--wall-seconds", type=float, help="wall time of the run, for candidates per minute")
    chk.add_argument("--markdown", help="also write the table here")
    chk.set_defaults(func=cmd_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # ✓/✗ on a terminal that is not UTF-8
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SuiteError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
