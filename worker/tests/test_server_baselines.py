"""The worker's baseline bookkeeping (no torch): what it hands the child, caches and reports."""

import io

from assay_worker.server import Worker
from assay_worker.supervisor import Outcome

EAGER = {"n": 10, "median_ms": 2.0, "mean_ms": 2.0, "std_ms": 0.0, "min_ms": 2.0, "rse": 0.0}
COMPILE = dict(EAGER, median_ms=1.0, compile_seconds=3.5)


class RecordingSupervisor:
    """Stands in for the supervisor: records each job and answers with a scripted outcome."""

    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.jobs = []

    def run(self, job, timeouts):
        self.jobs.append(job)
        return self.outcomes.pop(0)


def result(status="ok"):
    return {"status": status, "correct": True, "reasons": [], "findings": [], "timing": {}, "stages": []}


def measured(stage, baselines):
    return {"stage": stage, "message": {"type": "baselines", "baselines": baselines}}


def request(rid, problem="P", **extra):
    obj = {"id": rid, "kind": "evaluate", "problem": {"source": problem}, "candidate": {"source": "C"}}
    obj.update(extra)
    return obj


def serve(worker, obj):
    response, keep = worker.handle(__import__("json").dumps(obj))
    assert keep
    return response


def test_baselines_measured_before_the_candidate_are_cached_and_reported():
    sup = RecordingSupervisor([
        Outcome(result=result(), messages=[measured("baseline", {"eager": EAGER, "compile": COMPILE})]),
        Outcome(result=result()),
    ])
    worker = Worker(sup, io.StringIO(), device=0)
    first = serve(worker, request("a"))
    assert sup.jobs[0]["baselines_needed"] == ["eager", "compile"] and sup.jobs[0]["baselines"] == {}
    assert first["baselines_measured"] == {"eager": EAGER, "compile": COMPILE}
    second = serve(worker, request("b"))
    assert sup.jobs[1]["baselines"] == {"eager": EAGER, "compile": COMPILE} and sup.jobs[1]["baselines_needed"] == []
    assert second["baselines_measured"] is None


def test_baselines_sent_after_the_candidate_loaded_are_ignored():
    fake = dict(EAGER, median_ms=1e6)
    sup = RecordingSupervisor([Outcome(result=result(), messages=[measured("correctness", {"eager": fake})]),
                               Outcome(result=result())])
    worker = Worker(sup, io.StringIO(), device=0)
    assert serve(worker, request("a"))["baselines_measured"] is None
    serve(worker, request("b"))
    assert sup.jobs[1]["baselines"] == {} and sup.jobs[1]["baselines_needed"] == ["eager", "compile"]


def test_baselines_passed_in_are_used_and_not_forwarded_to_the_child():
    sup = RecordingSupervisor([Outcome(result=result())])
    worker = Worker(sup, io.StringIO(), device=0)
    response = serve(worker, request("a", baselines={"eager": EAGER}))
    job = sup.jobs[0]
    assert job["baselines"] == {"eager": EAGER} and job["baselines_needed"] == ["compile"]
    assert "baselines" not in job["request"]
    assert response["baselines_measured"] is None


def test_timing_off_needs_no_baselines():
    sup = RecordingSupervisor([Outcome(result=result())])
    worker = Worker(sup, io.StringIO(), device=0)
    serve(worker, request("a", timing={"enabled": False}))
    assert sup.jobs[0]["baselines"] == {} and sup.jobs[0]["baselines_needed"] == []
