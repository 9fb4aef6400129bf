import signal

import pytest

from assay_worker import outcome


@pytest.mark.parametrize(
    "type_name, message, status",
    [
        ("AcceleratorError", "CUDA error: an illegal memory access was encountered", "illegal_memory_access"),
        ("RuntimeError", "CUDA error: misaligned address", "misaligned_address"),
        ("RuntimeError", "CUDA error: unspecified launch failure", "launch_failure"),
        ("RuntimeError", "CUDA error: too many resources requested for launch", "launch_failure"),
        ("RuntimeError", "CUDA error: device-side assert triggered", "device_assert"),
        ("OutOfMemoryError", "whatever", "oom"),
        ("RuntimeError", "CUDA out of memory. Tried to allocate 2.00 GiB", "oom"),
        ("RuntimeError", "CUDA error: invalid argument", "cuda_error"),
        ("TypeError", "forward() takes 2 positional arguments", "runtime_error"),
        ("ValueError", "shape mismatch", "runtime_error"),
    ],
)
def test_classify_exception(type_name, message, status):
    assert outcome.classify_exception(type_name, message) == status
    assert status in outcome.STATUSES


def test_classify_exit():
    assert outcome.classify_exit(-signal.SIGSEGV) == ("crashed", "the evaluation process was killed by SIGSEGV before writing its result")
    status, text = outcome.classify_exit(0)
    assert status == "crashed" and "exited with code 0" in text
    assert outcome.classify_exit(None)[0] == "crashed"


def test_final_status():
    reject = [{"code": "input_mutated", "severity": "reject", "message": "m"}]
    warn = [{"code": "kernel_never_launched", "severity": "warn", "message": "m"}]
    assert outcome.final_status("ok", True, reject) == "rejected"
    assert outcome.final_status("ok", True, warn) == "ok"
    assert outcome.final_status("ok", False, []) == "incorrect"
    assert outcome.final_status("timeout", False, reject) == "timeout"


def test_feedback_names_the_first_mismatch_timing_and_findings():
    text = outcome.feedback_text({
        "status": "rejected",
        "reasons": [{"code": "input_mutated", "message": "input 0 was modified"}],
        "correctness": {"first_mismatch": {"output": 0, "index": [1, 2], "trial": 1, "distribution": "signed_normal",
                                           "expected": 0.0, "actual": 1.5, "count": 3, "numel": 12,
                                           "atol": 0.01, "rtol": 0.01}},
        "timing": {"candidate": {"median_ms": 0.5, "n": 20, "rse": 0.004}, "eager": {"median_ms": 1.0, "n": 20, "rse": 0.003}},
        "speedup_eager": 2.0,
        "findings": [{"code": "input_mutated", "severity": "reject", "message": "input 0 was modified"}],
    })
    assert text.splitlines()[0] == "rejected: input 0 was modified"
    assert "index [1, 2]" in text and "expected 0.0, got 1.5" in text and "signed_normal" in text
    assert "speedup vs eager 2x" in text
    assert "[reject] input_mutated" in text
