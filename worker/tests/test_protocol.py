import json
import math

import pytest

from assay_worker import protocol as p

DIGEST = "a" * 64


def evaluate(**extra):
    obj = {"id": "r1", "kind": "evaluate", "problem": {"source": "P"}, "candidate": {"source": "C"}}
    obj.update(extra)
    return obj


def test_minimal_evaluate_gets_documented_defaults():
    r = p.parse_request(evaluate())
    assert isinstance(r, p.EvaluateRequest)
    assert r.correctness.trials == 5 and r.correctness.extra_distributions
    assert r.correctness.atol is None and r.correctness.rtol is None
    assert r.timing.enabled and r.timing.target_rse == 0.01 and r.timing.baselines == ("eager", "compile")
    assert r.checks.profiler and r.checks.suspicious_speedup == 10.0
    assert r.allow_jit is False and r.artifacts == {} and r.fixed_seed is None
    assert r.timeouts.for_stage("timing") == 240.0
    assert r.timeouts.for_stage("unknown-stage") == r.timeouts.total_s


def test_ping_and_shutdown():
    assert isinstance(p.parse_line('{"id":"a","kind":"ping"}'), p.PingRequest)
    assert isinstance(p.parse_line('{"id":"b","kind":"shutdown"}'), p.ShutdownRequest)


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("not json", "not valid JSON"),
        ("[1]", "JSON object"),
        ('{"kind":"ping"}', "'id'"),
        ('{"id":"a"}', "'kind'"),
        ('{"id":"a","kind":"launch"}', "unknown kind"),
        ('{"id":"a","kind":"ping","extra":1}', "unknown field"),
        ('{"id":7,"kind":"ping"}', "id must be a string"),
    ],
)
def test_malformed_lines(line, fragment):
    with pytest.raises(p.ProtocolError) as e:
        p.parse_line(line)
    assert fragment in e.value.message


def test_error_response_keeps_the_id_when_known():
    with pytest.raises(p.ProtocolError) as e:
        p.parse_request(evaluate(correctness={"trials": 4}))
    assert e.value.request_id == "r1"
    resp = p.error_response(e.value)
    assert resp == {"id": "r1", "kind": "error", "ok": False,
                    "error": {"code": "invalid_request", "message": e.value.message}}


@pytest.mark.parametrize(
    "extra, fragment",
    [
        ({"correctness": {"trials": 4}}, "correctness.trials"),
        ({"correctness": {"atol": -1}}, "correctness.atol"),
        ({"correctness": {"trials": True}}, "integer"),
        ({"timing": {"min_iters": 50, "max_iters": 10}}, "min_iters"),
        ({"timing": {"baselines": ["eager", "eager"]}}, "baselines"),
        ({"timing": {"baselines": ["tvm"]}}, "baselines"),
        ({"timing": {"target_rse": 0}}, "target_rse"),
        ({"timing": {"iters": 3}}, "unknown field"),
        ({"checks": {"suspicious_speedup": 0}}, "suspicious_speedup"),
        ({"timeouts": {"total_s": 0}}, "total_s"),
        ({"timeouts": {"total_s": math.inf}}, "finite"),
        ({"problem": {"source": ""}}, "must not be empty"),
        ({"candidate": {"src": "x"}}, "candidate.source"),
        ({"allow_jit": "yes"}, "allow_jit"),
        ({"artifacts": []}, "artifacts must be an object"),
        ({"artifacts": {"bad-name": {"kind": "pybind_so", "path": "/x.so", "digest": DIGEST}}}, "identifier"),
        ({"artifacts": {"ext": {"kind": "wasm", "path": "/x.so", "digest": DIGEST}}}, "unknown"),
        ({"artifacts": {"ext": {"kind": "pybind_so", "path": "x.so", "digest": DIGEST}}}, "absolute"),
        ({"artifacts": {"ext": {"kind": "pybind_so", "path": "/x.so", "digest": "ABC"}}}, "SHA-256"),
        ({"artifacts": {"ext": {"kind": "pybind_so", "path": "/x.so"}}}, "digest"),
        ({"candidate": {"source": "C", "format": "triton"}}, "candidate.format"),
        ({"candidate": {"source": "C", "format": "raw_kernel"}}, "exactly one artifact"),
        ({"candidate": {"source": "C", "format": "raw_kernel"},
          "artifacts": {"raw_kernel": {"kind": "assay_slim", "path": "/b", "digest": DIGEST}}}, "exactly one artifact"),
        ({"candidate": {"source": "C", "format": "raw_kernel"},
          "artifacts": {"raw_kernel": {"kind": "assay_raw", "path": "/b", "digest": DIGEST},
                        "ext": {"kind": "assay_slim", "path": "/e.so", "digest": DIGEST}}}, "exactly one artifact"),
        ({"artifacts": {"raw_kernel": {"kind": "assay_raw", "path": "/b", "digest": DIGEST}}}, "only for candidate.format"),
    ],
)
def test_invalid_evaluate_fields(extra, fragment):
    with pytest.raises(p.ProtocolError) as e:
        p.parse_request(evaluate(**extra))
    assert fragment in e.value.message


def test_full_evaluate_round_trip():
    r = p.parse_request(evaluate(
        problem={"source": "P", "name": "19_ReLU"},
        candidate={"source": "C", "name": "sha-1"},
        artifacts={"relu_ext": {"kind": "pybind_so", "path": "/b/relu_ext.so", "digest": DIGEST},
                   "gelu_ext": {"kind": "assay_slim", "path": "/b/gelu_ext.so", "digest": DIGEST}},
        allow_jit=True,
        correctness={"trials": 8, "extra_distributions": False, "atol": 1e-3, "rtol": 0},
        timing={"enabled": True, "warmup": 1, "min_iters": 5, "max_iters": 50, "target_rse": 0.02,
                "max_seconds": 2, "l2_flush_bytes": 1 << 20, "rechecks": 2, "baselines": ["eager"]},
        checks={"profiler": False, "min_own_kernel_share": 0.9, "suspicious_speedup": 5,
                "extra_trials_if_suspicious": 3},
        timeouts={"total_s": 60, "timing_s": 30},
        fixed_seed="00",
    ))
    assert r.problem_name == "19_ReLU" and r.candidate_name == "sha-1"
    assert r.artifacts["relu_ext"] == p.Artifact("pybind_so", "/b/relu_ext.so", DIGEST)
    assert r.artifacts["gelu_ext"] == p.Artifact("assay_slim", "/b/gelu_ext.so", DIGEST)   # slim builds
    assert r.correctness == p.CorrectnessOptions(8, False, 1e-3, 0.0)
    assert r.timing.baselines == ("eager",) and r.timing.l2_flush_bytes == 1 << 20
    assert r.checks.min_own_kernel_share == 0.9
    assert r.timeouts.total_s == 60 and r.timeouts.timing_s == 30 and r.timeouts.load_s == 120
    assert r.fixed_seed == "00"


def test_encode_is_one_line_and_nulls_non_finite_floats():
    line = p.encode({"a": math.inf, "b": [math.nan, 1.5], "c": "x\ny"})
    assert "\n" not in line
    assert json.loads(line) == {"a": None, "b": [None, 1.5], "c": "x\ny"}


def test_raw_kernel_candidate_round_trip():
    r = p.parse_request(evaluate(
        candidate={"source": "extern \"C\" __global__ void k() {}", "name": "h", "format": "raw_kernel"},
        artifacts={"raw_kernel": {"kind": "assay_raw", "path": "/cache/97/97fd", "digest": DIGEST}}))
    assert r.candidate_format == "raw_kernel"
    assert r.artifacts == {"raw_kernel": p.Artifact("assay_raw", "/cache/97/97fd", DIGEST)}
    assert p.parse_request(evaluate()).candidate_format == "load_inline"


def test_known_baselines_are_validated():
    base = {"id": "k", "kind": "evaluate", "problem": {"source": "p"}, "candidate": {"source": "c"}}
    stats = {"n": 12, "median_ms": 0.5, "mean_ms": 0.51, "std_ms": 0.01, "min_ms": 0.49, "rse": 0.004}
    r = p.parse_request(dict(base, baselines={"eager": stats, "compile": {"error": "RuntimeError: no"}}))
    assert r.known_baselines == {"eager": stats, "compile": {"error": "RuntimeError: no"}}
    assert p.parse_request(base).known_baselines == {}
    for bad, needle in [
        ({"tvm": stats}, "unknown baseline"),
        ({"eager": [1]}, "must be an object"),
        ({"eager": dict(stats, median_ms=0)}, "median_ms must be > 0"),
        ({"eager": dict(stats, median_ms=-1.0)}, "finite number >= 0"),
        ({"eager": dict(stats, speed="fast")}, "unknown field"),
        ({"eager": {"error": "x", "median_ms": 1.0}}, "exactly"),
        ([], "must be an object"),
    ]:
        with pytest.raises(p.ProtocolError, match=needle):
            p.parse_request(dict(base, baselines=bad))
