"""The supervisor with real spawned children (no torch, no GPU)."""

import os
import time

import childtargets
import pytest

from assay_worker.protocol import Timeouts
from assay_worker.server import trusted_baselines
from assay_worker.supervisor import Outcome, Supervisor

FAST = Timeouts(total_s=60, start_s=30, timing_s=2, correctness_s=30, problem_s=30)


def killed_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` is gone, or a zombie (a killed grandchild may linger as one of init
    for a moment), within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def run_one(target, job=None, timeouts=FAST, start_method="spawn"):
    sup = Supervisor(target, {}, spares=0, start_method=start_method)
    try:
        return sup.run(job or {}, timeouts)
    finally:
        sup.close()


def test_result_record_comes_back_with_messages_and_isolation():
    out = run_one(childtargets.well_behaved, {"payload": [1, "two"]})
    assert out.status is None and out.result is not None
    r = out.result
    assert r["status"] == "ok" and r["echo"] == [1, "two"]
    assert r["stdin"] == "/dev/null"
    assert r["stdout"] == r["stderr"]            # candidate prints go to stderr, never the protocol
    assert r["sid"] == r["pid"]                  # own session: killable as one group
    assert out.messages == [{"stage": "correctness",
                             "message": {"type": "baselines", "baselines": {"eager": {"median_ms": 1.0}}}}]
    assert [s["stage"] for s in out.stage_log] == ["problem", "correctness"]


def test_segfault_is_a_crash_never_a_pass():
    out = run_one(childtargets.segfault)
    assert out.result is None
    assert out.status == "crashed" and "SIGSEGV" in out.message and out.stage == "correctness"


def test_exit_before_result_is_a_crash_but_baselines_survive():
    out = run_one(childtargets.exits_without_result)
    assert out.result is None and out.status == "crashed"
    assert "exited with code 0 before writing its result" in out.message
    assert out.messages == [{"stage": "timing",
                             "message": {"type": "baselines", "baselines": {"eager": {"median_ms": 2.0}}}}]


def test_only_baselines_sent_in_the_baseline_stage_are_trusted():
    out = run_one(childtargets.baselines_in_two_stages)
    assert out.status is None and out.result["status"] == "ok"
    # the one sent before the candidate could have run counts; the later "faster baseline" (what
    # candidate code writing to the pipe would send) and a name the job did not ask for do not
    assert trusted_baselines(out, ["eager"]) == {"eager": {"median_ms": 3.0}}
    assert trusted_baselines(out, []) == {}
    assert trusted_baselines(Outcome(result=None), ["eager"]) == {}


@pytest.mark.parametrize("target", [childtargets.well_behaved, childtargets.segfault])
def test_forkserver_children_are_isolated_like_spawned_ones(target):
    out = run_one(target, {"payload": 1}, start_method="forkserver")
    if target is childtargets.segfault:
        assert out.status == "crashed" and "SIGSEGV" in out.message
        return
    r = out.result
    assert r["status"] == "ok" and r["stdin"] == "/dev/null" and r["stdout"] == r["stderr"] and r["sid"] == r["pid"]
    assert r["ppid"] != os.getpid()            # forked by the fork server, not by this process


def test_unknown_start_method_is_refused():
    with pytest.raises(ValueError, match="start_method"):
        Supervisor(childtargets.well_behaved, {}, start_method="fork")


def test_garbage_on_the_pipe_is_a_crash():
    out = run_one(childtargets.claims_pass_then_garbage)
    assert out.result is None and out.status == "crashed" and "malformed" in out.message


def test_stage_timeout_kills_the_whole_process_group(tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    began = time.monotonic()
    out = run_one(childtargets.hangs_in_timing_with_grandchild, {"pidfile": str(pidfile)})
    assert time.monotonic() - began < 30
    assert out.status == "timeout" and out.stage == "timing" and "'timing' exceeded its limit of 2 s" in out.message
    assert killed_within(int(pidfile.read_text()), 5.0), "grandchild still running after the timeout"


def test_total_timeout():
    out = run_one(childtargets.hangs_in_timing_with_grandchild, {"pidfile": os.devnull},
                  timeouts=Timeouts(total_s=1.5, start_s=30, timing_s=100))
    assert out.status == "timeout" and "total limit" in out.message


def test_start_failure_is_reported():
    out = run_one(childtargets.start_fails)
    assert out.result is None and out.status == "internal_error" and "no CUDA device" in out.message


def test_start_timeout():
    out = run_one(childtargets.never_ready, timeouts=Timeouts(start_s=1.5))
    assert out.status == "internal_error" and "did not become ready" in out.message


def test_fresh_child_per_job_with_spares_started_ahead():
    sup = Supervisor(childtargets.well_behaved, {}, spares=2)
    try:
        first = sup.run({}, FAST)
        assert len(sup.spares) == 2
        spare_pids = [c.pid for c in sup.spares]
        time.sleep(1.0)
        second = sup.run({}, FAST)
        third = sup.run({}, FAST)
        pids = [first.result["pid"], second.result["pid"], third.result["pid"]]
        assert len(set(pids)) == 3                       # never a reused process
        assert pids[1:] == spare_pids                    # spares are used oldest first
        assert first.warm is False and second.warm is True and third.warm is True
        assert len(sup.spares) == 2
    finally:
        sup.close()
    assert sup.spares == []


def test_no_spares():
    sup = Supervisor(childtargets.well_behaved, {}, spares=0)
    try:
        out = sup.run({}, FAST)
        assert out.warm is False and out.result["status"] == "ok" and sup.spares == []
    finally:
        sup.close()


def test_after_its_result_a_child_and_what_it_started_are_killed_and_reaped_later(tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    sup = Supervisor(childtargets.result_with_grandchild_left_running, {}, spares=0)
    try:
        began = time.monotonic()
        out = sup.run({"pidfile": str(pidfile)}, FAST)
        assert time.monotonic() - began < 30
        assert out.status is None and out.result["status"] == "ok"
        assert out.exitcode is None or out.exitcode < 0       # not waited for: killed right after its result
        assert len(sup.exiting) == 1
        child = sup.exiting[0]
        sup.reap(wait=True)
        assert sup.exiting == [] and child.process.exitcode == -9
        assert killed_within(int(pidfile.read_text()), 5.0), "the grandchild outlived its process group's kill"
    finally:
        sup.close()
