"""bench/kernels (kernel_bench.py, standard_eval.py): the parts that need no GPU and no torch.

Argument handling, reading a standard process's output (also when it crashed or hung), verdict
comparison with explanations, aggregation and the Markdown report. The torch side of
standard_eval.py is tested in scripts/tests/test_standard_eval.py (CPU torch).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT / "scripts", ROOT / "bench" / "kernels"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import kernel_bench as bench  # noqa: E402
import standard_eval  # noqa: E402
import suite_check as sc  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "suite_check"
SUITE = FIXTURE / "examples" / "kernels" / "suite"


def args(*extra: str):
    return bench.parse_args(["--suite", str(SUITE), "--repo", str(FIXTURE), *extra])


def test_parse_args_defaults_and_errors(capsys):
    a = args()
    assert (a.problems, a.parallel, a.variants, a.correct_trials, a.perf_trials) == (4, 8, "fast,slow,wrong,compile_error", 5, 100)
    for bad in (["--parallel", "0"], ["--standard-timeout", "0"], ["--problems", "0"]):
        with pytest.raises(SystemExit):
            args(*bad)
    assert "must be" in capsys.readouterr().err


def test_choose_default_takes_the_four_variants_of_the_first_problems():
    chosen, whole = bench.choose(args())
    assert [e.key for e in chosen] == ["relu/fast.py", "relu/slow.py", "relu/wrong.py", "relu/compile_error.py",
                                       "softmax/fast.py"]
    assert len(whole) == 7
    chosen, _ = bench.choose(args("--problems", "1", "--variants", "hack_*"))
    assert [e.key for e in chosen] == ["relu/hack_side_stream.py"]
    chosen, _ = bench.choose(args("--only", "softmax", "--variants", "fast,hack_*", "--limit", "1"))
    assert [e.key for e in chosen] == ["softmax/fast.py"]


def test_standard_command_uses_a_build_dir_per_candidate_and_the_shared_lock(tmp_path):
    a = args("--standard-arg=--no-reference-timing", "--correct-trials", "7")
    e = sc.load_suite(SUITE, FIXTURE)[0]
    command = bench.standard_command(a, e, tmp_path / "007", tmp_path / "gpu.lock")
    assert command[1] == str(bench.STANDARD_EVAL)
    assert command[command.index("--build-dir") + 1] == str(tmp_path / "007" / "ext")
    assert command[command.index("--gpu-lock") + 1] == str(tmp_path / "gpu.lock")
    assert command[command.index("--candidate") + 1] == str(SUITE / "relu" / "fast.py")
    assert command[command.index("--correct-trials") + 1] == "7"
    assert command[-1] == "--no-reference-timing"
    # the command is accepted by standard_eval's own parser
    parsed = standard_eval.parse_args(command[2:])
    assert parsed.no_reference_timing and parsed.correct_trials == 7


def test_parse_standard_reads_the_last_json_line_or_reports_the_crash():
    line = json.dumps({"compiled": True, "correct": True, "runtime_ms": 0.1, "error": None})
    assert bench.parse_standard(f"noise\n{line}\n\n", 0, "done")["correct"] is True
    crashed = bench.parse_standard("", -11, "gpu")
    assert crashed["compiled"] is True and crashed["correct"] is False and crashed["crashed"]
    assert crashed["error"] == "exited -11 without a result line (last stage: gpu)"
    before = bench.parse_standard("garbage", 1, "compile")
    assert before["compiled"] is False
    hung = bench.parse_standard("", -9, "compiled", timeout=420)
    assert hung["error"] == "timed out after 420 s (last stage: compiled)" and hung["compiled"] is True
    assert bench.parse_standard("", None, None)["error"].endswith("(last stage: none)")


def test_standard_eval_parse_args_and_stats():
    base = ["--problem", "p.py", "--candidate", "c.py", "--build-dir", "b"]
    a = standard_eval.parse_args(base)
    assert (a.seed, a.correct_trials, a.perf_trials, a.warmup, a.atol, a.rtol, a.device) == (42, 5, 100, 3, 1e-2, 1e-2, "cuda")
    for bad in (["--correct-trials", "0"], ["--perf-trials", "0"], ["--atol", "-1"]):
        with pytest.raises(SystemExit):
            standard_eval.parse_args(base + bad)
    stats = standard_eval.timing_stats([3.0, 1.0, 2.0, 4.0])
    assert stats == {"mean": 2.5, "median": 2.5, "std": pytest.approx(1.118034), "min": 1.0, "max": 4.0, "n": 4}
    assert standard_eval.timing_stats([5.0])["median"] == 5.0
    with pytest.raises(ValueError):
        standard_eval.timing_stats([])


def expectation(file: str, expect: str, **kw) -> sc.Expectation:
    return sc.Expectation("relu", "examples/kernels/problems/relu.py", file, expect, **kw)


def std(compiled, correct, **kw) -> dict:
    return {"compiled": compiled, "correct": correct, "runtime_ms": 0.2 if correct else None, "error": None, **kw}


def assay(key: str, status: str, compiled=True, correct=None, **kw) -> dict:
    return {"expected": {"key": key}, "status": status, "compiled": compiled,
            "correct": status == "ok" if correct is None else correct, "findings": [], "reasons": [], **kw}


def test_compare_explains_who_was_fooled():
    wrong = expectation("wrong.py", "incorrect", note="wrong only on negative inputs")
    row = bench.compare(wrong, std(True, True), assay("relu/wrong.py", "incorrect"))
    assert row["agree"] is False and row["standard_fooled"] is True
    assert row["explanation"] == "standard fooled: wrong only on negative inputs"

    hack = expectation("hack_side_stream.py", "rejected", finding="unsynchronized_stream")
    row = bench.compare(hack, std(True, True), assay("relu/hack_side_stream.py", "rejected", correct=True,
                                                     findings=[{"code": "unsynchronized_stream", "severity": "reject"}]))
    assert row["standard_fooled"] and row["correct_agree"] and not row["agree"]
    assert "a hack (unsynchronized_stream) that the standard harness has no check for" in row["explanation"]

    static = expectation("hack_torch_op.py", "rejected", finding="torch_op_call")
    row = bench.compare(static, std(True, True), assay("relu/hack_torch_op.py", "rejected", compiled=False,
                                                       reasons=[{"code": "torch_op_call", "message": "m"}]))
    assert "static checks rejected it before compiling (torch_op_call)" in row["explanation"]

    fast = expectation("fast.py", "ok", faster_than_eager=True)
    row = bench.compare(fast, std(True, True), assay("relu/fast.py", "ok"))
    assert row["agree"] and not row["standard_fooled"] and row["explanation"] == ""

    row = bench.compare(fast, std(True, True), assay("relu/fast.py", "incorrect"))
    assert row["explanation"] == "Assay differs from the expectation (ok; Assay incorrect)"

    compile_error = expectation("compile_error.py", "compile_error")
    row = bench.compare(compile_error, std(False, False), assay("relu/compile_error.py", "compile_error", compiled=False))
    assert row["agree"] and row["compiled_agree"] and row["explanation"] == ""

    row = bench.compare(fast, std(True, False, error="timed out after 420 s (last stage: gpu)"), assay("relu/fast.py", "ok"))
    assert not row["standard_fooled"] and not row["agree"]
    assert row["explanation"] == ("standard failed a candidate the suite expects to pass: "
                                  "timed out after 420 s (last stage: gpu)")

    row = bench.compare(fast, None, assay("relu/fast.py", "ok"))
    assert row["agree"] is None and row["explanation"] == "no standard result"


def test_aggregate_ratio_and_agreement_where_not_fooled():
    chosen = [expectation("fast.py", "ok"), expectation("wrong.py", "incorrect"),
              expectation("compile_error.py", "compile_error")]
    standard = {"relu/fast.py": std(True, True), "relu/wrong.py": std(True, True),
                "relu/compile_error.py": std(False, False)}
    lines = [assay("relu/wrong.py", "incorrect"), assay("relu/fast.py", "ok", speedup_eager=1.3),
             assay("relu/compile_error.py", "compile_error", compiled=False)]
    report = bench.aggregate(chosen, standard, 120.0, lines, 6.0)
    assert report["standard"]["per_minute"] == pytest.approx(1.5)
    assert report["assay"]["per_minute"] == pytest.approx(30.0)
    assert report["ratio"] == pytest.approx(20.0)
    g = report["agreement"]
    assert (g["compared"], g["agree"], g["not_fooled"], g["agree_where_not_fooled"]) == (3, 2, 2, 2)
    assert g["standard_fooled"] == ["relu/wrong.py"]
    assert g["disagreements"][0]["key"] == "relu/wrong.py"
    assert report["anchor"]["assay_vs_one"] == pytest.approx(30.0 / (60 / 124))
    report["parallel"] = 8
    assert report["stage_medians_s"]["standard"]["wall"] is None  # the stand-ins carry no stages
    text = bench.markdown(report)
    assert ("**Assay/standard throughput in this run, (b) the same candidates, everything cold (torch.compile "
            "baselines included, which the standard side does not measure): 20.0×**") in text
    assert "where the standard harness is not fooled: 2/2" in text
    assert "| relu/wrong.py | incorrect | yes / yes | 0.200 (—) | incorrect | yes / no | — | no | standard fooled:" in text


def test_worker_start_is_reported_and_taken_out_of_the_second_rate():
    assert bench.workers_ready_seconds("x\nassay kernel eval: 4 of 4 GPU workers ready in 7.5 s; evaluating 9\n") == 7.5
    assert bench.workers_ready_seconds("Error: no GPU worker started") is None
    # started while candidates compiled: no start to take out
    assert bench.workers_ready_seconds("assay kernel eval: 4 of 4 GPU workers ready in 7.5 s (candidates compiled meanwhile)") is None
    chosen = [expectation("fast.py", "ok")]
    report = bench.aggregate(chosen, {"relu/fast.py": std(True, True)}, 60.0, [assay("relu/fast.py", "ok")], 12.0, 10.0)
    assert report["assay"]["per_minute"] == pytest.approx(5.0)
    assert report["assay"]["per_minute_workers_up"] == pytest.approx(30.0)
    assert report["ratio"] == pytest.approx(5.0) and report["ratio_workers_up"] == pytest.approx(30.0)
    report["parallel"] = 8
    text = bench.markdown(report)
    assert "| Assay, same run without its worker start (10.0 s; a service pays it once) | 1 | 2.0 | 30.00 | 1 |" in text
    assert "5.0×**; 30.0× without Assay's worker start." in text


def test_whole_suite_phases_are_reported_against_the_standard_rate():
    chosen = [expectation("fast.py", "ok")]
    report = bench.aggregate(chosen, {"relu/fast.py": std(True, True)}, 60.0, [assay("relu/fast.py", "ok")], 12.0, 10.0)
    report["parallel"] = 8
    cold = {"rows": 141, "hold": 141, "failed": [], "wall_seconds": 100.0, "candidates_per_minute": 84.6,
            "workers_ready_s": 6.0, "candidates_per_minute_workers_up": 90.0}
    warm = dict(cold, wall_seconds=50.0, candidates_per_minute=169.2, candidates_per_minute_workers_up=None,
                failed=["relu/slow.py"], hold=140)
    report["full_suite"], report["warm_suite"] = cold, warm
    text = bench.markdown(report)
    assert "- **(c) whole suite, everything cold: 84.6×** (141/141 expected verdicts hold). Target ≥ 20×." in text
    assert ("- **(d) whole suite as a training service sees it (baselines known, builds cold): 169.2×** "
            "(140/141 expected verdicts hold).") in text
    assert "## (c) Whole suite through Assay, cold" in text and "141/141 rows hold, 100.0 s, 84.60 candidates/min" in text
    assert "## (e)" not in text and "Machine use per phase" not in text
    report["cached_suite"] = dict(cold, wall_seconds=40.0, candidates_per_minute=211.5)
    report["resources"] = {"d": {"cpu_seconds": 400.0, "busy_cores_mean": 8.0, "cores": 16, "busy_cores_p90": 15.9,
                                 "cpu_saturated_share": 0.5, "gpu_util_mean": 12.0, "gpu_util_median": 6.0}}
    with_capacity = bench.markdown(report)
    assert "## (e) Capacity diagnostic, not a throughput claim" in with_capacity and "211.50 candidates/min" in with_capacity
    assert ("- (d) CPU 400 CPU-s, 8.0 of 16 cores busy on average (p90 15.9), saturated 50% of the time; "
            "GPU utilisation mean 12% (median 6%)") in with_capacity
    assert "(90.00 without the worker start of 6.0 s)" in text
    assert "rate measured in (a) of this run (1.00/min): **84.6×**, 90.0× without the worker start." in text
    assert "## (d) Whole suite again as a training service sees it" in text and "**169.2×**." in text and "Failing rows: relu/slow.py" in text


def test_aggregate_without_standard_and_with_missing_assay_lines():
    chosen = [expectation("fast.py", "ok"), expectation("slow.py", "ok")]
    report = bench.aggregate(chosen, None, None, [assay("relu/fast.py", "ok")], 30.0)
    assert "standard" not in report and "ratio" not in report
    assert report["assay"]["results"] == 1 and report["assay"]["per_minute"] == pytest.approx(2.0)
    assert report["rows"][1]["explanation"] == "no standard result"
    assert "Assay/standard" not in bench.markdown(report)


def test_stage_medians():
    standard = {"a": {"stages": {"import": 4.0, "compile": 60.0, "lock_wait": 0.0, "gpu": 3.0}, "wall_s": 68.0},
                "b": {"stages": {"import": 5.0, "compile": 70.0}, "wall_s": 80.0},
                "c": {"stages": {"import": 6.0, "compile": 20.0}, "wall_s": 30.0}}
    lines = [{"timings": {"stages": {"compile": 2.0, "gpu": 5.0}}}, {"timings": {"stages": {"compile": 4.0}}},
             {"status": "invalid"}]
    medians = bench.stage_medians(standard, lines)
    assert medians["standard"] == {"import": 5.0, "compile": 60.0, "lock_wait": 0.0, "gpu": 3.0, "wall": 68.0}
    assert medians["assay"] == {"compile": 3.0, "gpu": 5.0}
    assert bench.median([]) is None and bench.median([1, 2, 3, 10]) == 2.5
