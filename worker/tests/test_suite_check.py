"""scripts/suite_check.py (the GPU check's expectations, batch and table): standard library only.

The fixture under fixtures/suite_check/ is a tiny repository layout (two problems, seven
candidates) with a results.jsonl shaped like `assay kernel eval`'s result lines.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import suite_check as sc  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "suite_check"
SUITE = FIXTURE / "examples" / "kernels" / "suite"
RESULTS = FIXTURE / "results.jsonl"


def make_suite(root: Path, problems: dict[str, dict], files: dict[str, list[str]] | None = None) -> Path:
    """A suite under root/examples/kernels/suite with one folder per problem; every listed file
    (and any extra in `files`) is created."""
    (root / "examples/kernels/problems").mkdir(parents=True, exist_ok=True)
    suite = root / "examples/kernels/suite"
    for name, data in problems.items():
        folder = suite / name
        folder.mkdir(parents=True, exist_ok=True)
        (root / "examples/kernels/problems" / f"{name}.py").write_text("# problem\n")
        (folder / "expected.json").write_text(json.dumps(data))
        for entry in data.get("candidates", []):
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                (folder / entry["file"]).write_text("# candidate\n")
        for extra in (files or {}).get(name, []):
            (folder / extra).write_text("# candidate\n")
    return suite


def test_load_suite_reads_problems_sorted_and_candidates_in_order():
    expectations = sc.load_suite(SUITE, FIXTURE)
    assert [e.key for e in expectations] == [
        "relu/fast.py", "relu/slow.py", "relu/wrong.py", "relu/compile_error.py", "relu/hack_side_stream.py",
        "softmax/fast.py", "softmax/hack_output_caching.py"]
    fast, side = expectations[0], expectations[4]
    assert fast.faster_than_eager and fast.expect == "ok" and fast.finding is None
    assert side.expect == "rejected" and side.finding == "unsynchronized_stream" and side.variant == "hack_side_stream"
    assert expectations[2].note == "wrong only on negative inputs"


def test_load_suite_reports_every_problem_at_once(tmp_path):
    suite = make_suite(tmp_path, {
        "a": {"problem": "examples/kernels/problems/a.py",
              "candidates": [{"file": "fast.py", "expect": "ok", "faster": True},
                             {"file": "slow.py", "expect": "OK!"},
                             {"file": "wrong.py", "expect": "incorrect", "faster_than_eager": True},
                             {"file": "fast.py", "expect": "ok"}]},
        "b": {"problem": "examples/kernels/problems/missing.py", "candidates": [{"file": "x.py", "expect": "ok"}]},
    }, files={"a": ["unlisted.py"]})
    (suite / "b" / "x.py").unlink()
    (suite / "c").mkdir()
    with pytest.raises(sc.SuiteError) as caught:
        sc.load_suite(suite, tmp_path)
    text = str(caught.value)
    for needle in ["unknown keys ['faster']", "`expect` must be a status code", "`faster_than_eager` needs `expect: ok`",
                   "fast.py is listed twice", "not listed in `candidates`: unlisted.py",
                   "problem file examples/kernels/problems/missing.py does not exist", "x.py does not exist",
                   "c: no expected.json"]:
        assert needle in text, needle


def test_load_suite_rejects_bad_json_and_empty_suites(tmp_path):
    folder = tmp_path / "suite" / "p"
    folder.mkdir(parents=True)
    (folder / "expected.json").write_text("{not json")
    with pytest.raises(sc.SuiteError, match="not readable JSON"):
        sc.load_suite(tmp_path / "suite", tmp_path)
    with pytest.raises(sc.SuiteError, match="does not exist"):
        sc.load_suite(tmp_path / "nowhere", tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(sc.SuiteError, match="no problem folders"):
        sc.load_suite(tmp_path / "empty", tmp_path)


def test_select_filters_in_documented_order():
    all_ = sc.load_suite(SUITE, FIXTURE)
    assert [e.key for e in sc.select(all_, only=["softmax"])] == ["softmax/fast.py", "softmax/hack_output_caching.py"]
    assert [e.key for e in sc.select(all_, variants=["fast", "hack_*"])] == [
        "relu/fast.py", "relu/hack_side_stream.py", "softmax/fast.py", "softmax/hack_output_caching.py"]
    assert [e.key for e in sc.select(all_, first_problems=1, variants=["wrong", "slow"])] == ["relu/slow.py", "relu/wrong.py"]
    assert len(sc.select(all_, limit=3)) == 3
    with pytest.raises(ValueError, match="unknown problem.*nope.*the suite has: relu, softmax"):
        sc.select(all_, only=["nope"])
    with pytest.raises(ValueError, match="empty"):
        sc.select(all_, only=["softmax"], variants=["slow"])
    with pytest.raises(ValueError, match="at least 1"):
        sc.select(all_, limit=0)


def test_split_list():
    assert sc.split_list(" a, b ,c") == ["a", "b", "c"]
    assert sc.split_list(None) is None and sc.split_list("") is None
    with pytest.raises(ValueError):
        sc.split_list("a,,b")


def test_batch_line_carries_the_expectation_and_the_candidate_text():
    e = sc.load_suite(SUITE, FIXTURE)[4]
    line = sc.batch_line(e, SUITE, FIXTURE)
    assert line["problem"] == str((FIXTURE / "examples/kernels/problems/relu.py").resolve())
    assert line["problem_name"] == "examples/kernels/problems/relu.py"
    assert line["candidate"] == (SUITE / "relu" / "hack_side_stream.py").read_text()
    assert line["expected"]["key"] == "relu/hack_side_stream.py"
    assert sc.Expectation.from_carried(line["expected"]) == e
    # nothing in the line collides with the fields assay writes into a result line
    assert set(line) == {"problem", "problem_name", "candidate", "expected"}


def test_check_against_fixture_results():
    expectations = sc.load_suite(SUITE, FIXTURE)
    rows, problems = sc.check(expectations, sc.read_results(RESULTS))
    assert problems == []
    verdicts = {row.expectation.key: (row.holds, row.failures) for row in rows}
    assert verdicts["relu/fast.py"] == (True, [])
    assert verdicts["relu/slow.py"] == (True, [])
    assert verdicts["relu/wrong.py"] == (True, [])
    assert verdicts["relu/compile_error.py"] == (True, [])
    assert verdicts["relu/hack_side_stream.py"] == (False, ["status ok ≠ rejected", "finding unsynchronized_stream absent"])
    assert verdicts["softmax/fast.py"] == (False, ["speedup_eager 0.83 ≤ 1"])
    assert verdicts["softmax/hack_output_caching.py"] == (False, ["no result line"])
    info = sc.summary(rows, problems, 60.0)
    assert (info["rows"], info["hold"], info["fail"], info["no_result"]) == (7, 4, 3, 1)
    assert info["candidates_per_minute"] == pytest.approx(6.0)
    assert info["by_expect"]["rejected"] == {"rows": 2, "hold": 0}
    # every fixture line has the same stages except that compile_error.py's worker never ran
    assert info["stage_medians_s"] == {"compile": 2.4, "extract": 0.0002, "gpu": 5.1, "static_checks": 0.1}


def result(key: str, status: str, **fields) -> dict:
    problem_dir, file = key.split("/")
    line = {"expected": {"key": key, "problem_dir": problem_dir, "file": file, "expect": "?"},
            "status": status, "findings": [], "reasons": [], "speedup_eager": None,
            "timings": {"candidate_median_ms": None}}
    line.update(fields)
    return line


def test_finding_may_come_from_findings_or_reasons_and_status_must_match_too():
    e = sc.Expectation("p", "p.py", "hack.py", "rejected", finding="output_caching")
    in_findings = result("p/hack.py", "rejected", findings=[{"code": "output_caching", "severity": "reject"}])
    in_reasons = result("p/hack.py", "rejected", reasons=[{"code": "output_caching", "message": "m"}])
    other = result("p/hack.py", "rejected", findings=[{"code": "side_stream", "severity": "reject"}])
    wrong_status = result("p/hack.py", "incorrect", findings=[{"code": "output_caching", "severity": "reject"}],
                          reasons=[{"code": "output_mismatch", "message": "trial 2 differs"}])
    assert sc.check_row(e, in_findings).holds
    assert sc.check_row(e, in_reasons).holds
    assert sc.check_row(e, other).failures == ["finding output_caching absent"]
    assert sc.check_row(e, wrong_status).failures == ["status incorrect ≠ rejected (output_mismatch: trial 2 differs)"]


def test_faster_than_eager_without_timing_is_marked_unchecked_not_passed_silently():
    e = sc.Expectation("p", "p.py", "fast.py", "ok", faster_than_eager=True)
    untimed = sc.check_row(e, result("p/fast.py", "ok"))
    assert untimed.holds and untimed.unchecked == ["faster_than_eager not checked (not timed)"]
    timed_without_speedup = sc.check_row(e, result("p/fast.py", "ok", timings={"candidate_median_ms": 0.2}))
    assert timed_without_speedup.failures == ["no speedup_eager"]
    equal = sc.check_row(e, result("p/fast.py", "ok", speedup_eager=1.0, timings={"candidate_median_ms": 0.2}))
    assert equal.failures == ["speedup_eager 1.00 ≤ 1"]
    rows = [untimed]
    table = sc.markdown(rows, sc.summary(rows, [], None))
    assert "✓?" in table and "1 hold with faster_than_eager not checked" in table


def test_result_set_problems_are_reported():
    expectations = [sc.Expectation("p", "p.py", "a.py", "ok")]
    lines = [result("p/a.py", "ok"), result("p/a.py", "ok"), result("q/b.py", "ok"), {"status": "invalid"}]
    rows, problems = sc.check(expectations, lines)
    assert rows[0].holds
    assert problems == ["two result lines for p/a.py", "result line without `expected.key` (status invalid)",
                        "result line for q/b.py, which was not asked for"]
    assert sc.check(expectations, lines[2:3], ignore_unselected=True)[1] == []


def test_markdown_table_and_codes_order():
    r = result("p/a.py", "rejected", findings=[{"code": "kernel_declared_unused", "severity": "warn"},
                                                {"code": "foreign_kernels_dominate", "severity": "reject"}],
               reasons=[{"code": "foreign_kernels_dominate", "message": "torch did the work"}])
    assert sc.codes(r) == ["foreign_kernels_dominate", "kernel_declared_unused"]
    assert sc.finding_label(r) == "foreign_kernels_dominate, kernel_declared_unused (warn)"
    rows, problems = sc.check(sc.load_suite(SUITE, FIXTURE), sc.read_results(RESULTS))
    table = sc.markdown(rows, sc.summary(rows, problems, 30.0), "# title")
    assert table.startswith("# title\n\n| # | problem | candidate |")
    assert "| 5 | relu | hack_side_stream.py | rejected + unsynchronized_stream | ok |  | 1.90 | ✗ |" in table
    assert "**4 of 7 rows hold**, 3 fail (1 without a result)." in table
    assert "12.0 candidates per minute" in table


def test_read_results_names_the_bad_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"status": "ok"}\n\n[1]\n')
    with pytest.raises(ValueError, match=r"r.jsonl:3: not a JSON object"):
        sc.read_results(path)


def test_cli_check_exit_codes(tmp_path, capsys):
    base = ["check", "--suite", str(SUITE), "--repo", str(FIXTURE), str(RESULTS)]
    assert sc.main(base) == 1
    assert "**4 of 7 rows hold**" in capsys.readouterr().out
    assert sc.main(base + ["--only", "relu", "--variants", "fast,slow,wrong,compile_error",
                           "--markdown", str(tmp_path / "t.md")]) == 0
    assert "**4 of 4 rows hold**" in (tmp_path / "t.md").read_text()
    assert sc.main(base + ["--only", "gelu"]) == 2
    assert "unknown problem(s) gelu" in capsys.readouterr().err
    # --carried: expectations from the result lines themselves (the missing line cannot be seen)
    assert sc.main(["check", "--carried", str(RESULTS)]) == 1
    assert "**4 of 6 rows hold**" in capsys.readouterr().out


def test_cli_batch_writes_one_line_per_candidate(tmp_path):
    out = tmp_path / "batch.jsonl"
    assert sc.main(["batch", "--suite", str(SUITE), "--repo", str(FIXTURE), "--variants", "hack_*", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["expected"]["key"] for line in lines] == ["relu/hack_side_stream.py", "softmax/hack_output_caching.py"]


def test_follow_prints_a_line_per_result_as_they_arrive(tmp_path):
    results = tmp_path / "results.jsonl"
    lines = [json.dumps(result("p/a.py", "ok")), json.dumps(result("p/b.py", "incorrect"))]
    writer = textwrap.dedent(f"""
        import sys, time
        lines = {lines!r}
        with open({str(results)!r}, "w") as f:
            for line in lines:
                f.write(line[:10]); f.flush(); time.sleep(0.2)
                f.write(line[10:] + "\\n"); f.flush(); time.sleep(0.2)
    """)
    process = subprocess.Popen([sys.executable, "-c", writer])
    expectations = {"p/a.py": sc.Expectation("p", "p.py", "a.py", "ok"),
                    "p/b.py": sc.Expectation("p", "p.py", "b.py", "ok")}
    out = io.StringIO()
    code, stopped = sc.follow(process, results, 2, expectations, start=0.0, poll=0.05, out=out)
    assert not stopped
    printed = out.getvalue().splitlines()
    assert code == 0
    assert len(printed) == 2
    assert printed[0].startswith("[   1/2]") and printed[0].endswith("p/a.py: ok ✓")
    assert printed[1].endswith("p/b.py: incorrect ✗ status incorrect ≠ ok")


FAKE_ASSAY = """#!{python}
# Test double for `assay kernel eval`: answers every batch line with the status its expectation
# names, except relu/hack_side_stream.py (answered ok, so that row must fail).
import json, sys
args = sys.argv[1:]
assert args[:2] == ["kernel", "eval"], args
batch = args[args.index("--batch") + 1]
out = args[args.index("--out") + 1]
with open({log!r}, "w") as f:
    json.dump(args, f)
with open(batch) as src, open(out, "w") as dst:
    for raw in src:
        line = json.loads(raw)
        e = line["expected"]
        status = "ok" if e["key"] == "relu/hack_side_stream.py" else e["expect"]
        findings = [{{"code": e["finding"], "severity": "reject"}}] if "finding" in e and status != "ok" else []
        dst.write(json.dumps(dict(expected=e, problem=line["problem_name"], status=status,
                                  findings=findings, reasons=[], speedup_eager=None,
                                  timings={{"candidate_median_ms": None}})) + "\\n")
        dst.flush()
"""


def test_cli_run_with_a_stand_in_assay(tmp_path, capsys):
    log = tmp_path / "args.json"
    fake = tmp_path / "assay"
    fake.write_text(FAKE_ASSAY.format(python=sys.executable, log=str(log)))
    fake.chmod(0o755)
    out = tmp_path / "out"
    code = sc.main(["run", "--suite", str(SUITE), "--repo", str(FIXTURE), "--assay", str(fake), "--out", str(out),
                    "--no-timing", "--only", "relu", "--jobs", "4", "--assay-arg=--path", "--assay-arg=full"])
    printed = capsys.readouterr().out
    assert code == 1  # the side-stream row fails
    args = json.loads(log.read_text())
    for flag, value in [("--slots-per-gpu", "2"), ("--jobs", "4"), ("--gpus", "0"), ("--path", "full")]:
        assert args[args.index(flag) + 1] == value
    assert "--no-timing" in args and "--worker-logs" in args and "--cache" in args
    assert "[   5/5]" in printed and "relu/hack_side_stream.py: ok ✗" in printed
    assert sorted(p.name for p in out.iterdir()) == ["results.jsonl", "summary.json", "table.md", "worker-logs.tar.gz"]
    info = json.loads((out / "summary.json").read_text())
    assert (info["rows"], info["hold"], info["fail"], info["unchecked"]) == (5, 4, 1, 1)
    assert info["failed"] == ["relu/hack_side_stream.py"]
    assert "**4 of 5 rows hold**" in (out / "table.md").read_text()
    with tarfile.open(out / "worker-logs.tar.gz") as tar:
        assert "worker-logs" in tar.getnames()


def test_cli_run_without_results_exits_2(tmp_path, capsys):
    fake = tmp_path / "assay"
    fake.write_text(f"#!{sys.executable}\nimport sys\nsys.exit(2)\n")
    fake.chmod(0o755)
    code = sc.main(["run", "--suite", str(SUITE), "--repo", str(FIXTURE), "--assay", str(fake),
                    "--out", str(tmp_path / "out"), "--limit", "1"])
    assert code == 2
    assert "exited 2 without writing" in capsys.readouterr().err


SLOW_ASSAY = """#!{python}
# Test double: answers the first two batch lines, starts a child (like a GPU worker), then hangs.
import json, subprocess, sys, time
a = sys.argv[1:]
batch, out = a[a.index("--batch") + 1], a[a.index("--out") + 1]
child = subprocess.Popen(["sleep", "300"])
open({pids!r}, "w").write(str(child.pid))
lines = [json.loads(raw) for raw in open(batch)]
with open({log!r}, "w") as f:
    json.dump([line["expected"]["key"] for line in lines], f)
with open(out, "w") as dst:
    for line in lines[:2]:
        e = line["expected"]
        dst.write(json.dumps({{"expected": e, "status": e["expect"], "findings": [{{"code": e.get("finding"),
                  "severity": "reject"}}], "speedup_eager": 2.0, "timings": {{"candidate_median_ms": 0.1}}}}) + "\\n")
        dst.flush()
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_cli_run_deadline_stops_assay_and_its_children_then_resume_finishes(tmp_path, capsys):
    fake = tmp_path / "assay"
    pids, log = tmp_path / "child.pid", tmp_path / "keys.json"
    fake.write_text(SLOW_ASSAY.format(python=sys.executable, pids=str(pids), log=str(log)))
    fake.chmod(0o755)
    first = tmp_path / "first"
    code = sc.main(["run", "--suite", str(SUITE), "--repo", str(FIXTURE), "--assay", str(fake), "--out", str(first),
                    "--only", "relu", "--deadline", "3"])
    printed = capsys.readouterr().out
    assert code == 1
    assert "== deadline reached after" in printed
    assert not _alive(int(pids.read_text()))  # the whole process group was stopped
    info = json.loads((first / "summary.json").read_text())
    assert info["stopped_at_deadline"] and (info["hold"], info["no_result"]) == (2, 3)
    table = (first / "table.md").read_text()
    assert "no result: stopped at the --deadline" in table and f"--resume {first}/results.jsonl" in table

    # second run: only the three missing candidates are sent; the table covers all five
    fast = tmp_path / "fast-assay"
    fast.write_text(FAKE_ASSAY.format(python=sys.executable, log=str(log)))
    fast.chmod(0o755)
    second = tmp_path / "second"
    code = sc.main(["run", "--suite", str(SUITE), "--repo", str(FIXTURE), "--assay", str(fast), "--out", str(second),
                    "--only", "relu", "--resume", str(first / "results.jsonl")])
    assert code == 1  # the stand-in answers hack_side_stream.py with ok
    args = json.loads(log.read_text())
    batch = Path(args[args.index("--batch") + 1])
    assert [json.loads(line)["expected"]["key"] for line in batch.read_text().splitlines()] == [
        "relu/wrong.py", "relu/compile_error.py", "relu/hack_side_stream.py"]
    info = json.loads((second / "summary.json").read_text())
    assert (info["rows"], info["hold"], info["no_result"], info["resumed"], info["results_in_wall"]) == (5, 4, 0, 2, 3)
    keys = [json.loads(line)["expected"]["key"] for line in (second / "results.jsonl").read_text().splitlines()]
    assert sorted(keys) == sorted(e.key for e in sc.load_suite(SUITE, FIXTURE) if e.problem_dir == "relu")


def test_cli_run_rejects_a_bad_deadline(tmp_path, capsys):
    code = sc.main(["run", "--suite", str(SUITE), "--repo", str(FIXTURE), "--assay", "/nonexistent",
                    "--out", str(tmp_path), "--deadline", "0"])
    assert code == 2 and "--deadline must be positive" in capsys.readouterr().err
