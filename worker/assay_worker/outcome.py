"""Verdict statuses, findings, classification of failures, and feedback text (pure Python)."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from typing import Any, Optional

#: Every ``status`` a ``result`` response can carry. ``ok`` is the only passing one.
STATUSES = (
    "ok",                     # correct on every trial, no reject finding
    "incorrect",              # an output differed (values, shape, dtype, NaN/Inf, structure)
    "rejected",               # outputs matched, but a runtime check found a reject-level hack
    "load_error",             # the candidate module failed to import, lacks ModelNew, or its constructor failed
    "artifact_missing",       # load_inline/load for a name without artifact (and allow_jit false)
    "artifact_mismatch",      # the artifact was built from other sources than the call passes
    "artifact_load_error",    # the artifact exists but could not be imported
    "runtime_error",          # a Python exception from the candidate's forward
    "illegal_memory_access",  # CUDA: an illegal memory access (context lost)
    "misaligned_address",     # CUDA: misaligned address (context lost)
    "launch_failure",         # CUDA: unspecified launch failure / bad launch configuration
    "device_assert",          # CUDA: device-side assert triggered
    "cuda_error",             # another CUDA error
    "oom",                    # CUDA out of memory
    "crashed",                # the child died (signal or exit) before writing its result record
    "timeout",                # a stage ran past its time limit; the child was killed
    "problem_error",          # the reference problem itself failed (not the candidate's fault)
    "internal_error",         # the worker failed (not the candidate's fault)
)

#: CUDA failures after which the child's context is unusable: it reports and exits.
STICKY_CUDA = frozenset({"illegal_memory_access", "misaligned_address", "launch_failure", "device_assert"})

_CUDA_PATTERNS = (
    ("illegal memory access", "illegal_memory_access"),
    ("misaligned address", "misaligned_address"),
    ("unspecified launch failure", "launch_failure"),
    ("too many resources requested for launch", "launch_failure"),
    ("invalid configuration argument", "launch_failure"),
    ("launch timed out", "launch_failure"),
    ("device-side assert", "device_assert"),
    ("out of memory", "oom"),
    ("illegal instruction", "cuda_error"),
    ("cuda error", "cuda_error"),
    ("cuda driver error", "cuda_error"),
    ("cudaerror", "cuda_error"),
    ("cublas_status", "cuda_error"),
)


def classify_exception(type_name: str, message: str) -> str:
    """The status for an exception raised while the candidate's code ran."""
    if type_name == "OutOfMemoryError":
        return "oom"
    low = message.lower()
    for needle, status in _CUDA_PATTERNS:
        if needle in low:
            return status
    return "runtime_error"


def classify_exit(exitcode: Optional[int]) -> tuple[str, str]:
    """Status and message for a child that ended without a result record."""
    if exitcode is None:
        return "crashed", "the evaluation process vanished without an exit status"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return "crashed", f"the evaluation process was killed by {name} before writing its result"
    return "crashed", f"the evaluation process exited with code {exitcode} before writing its result"


@dataclass(frozen=True)
class Finding:
    """A runtime anti-hack observation. ``reject`` findings fail the candidate; ``warn`` ones inform."""

    code: str
    severity: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "message": self.message}


def reason(code: str, message: str) -> dict[str, str]:
    """One entry of ``result.reasons``."""
    return {"code": code, "message": message}


def final_status(base: str, correct: bool, findings: list[dict[str, Any]]) -> str:
    """``rejected`` when outputs matched but a reject finding exists; otherwise ``base``."""
    if base == "ok" and any(f.get("severity") == "reject" for f in findings):
        return "rejected"
    if base == "ok" and not correct:
        return "incorrect"
    return base


def _fmt_ms(stats: Optional[dict[str, Any]]) -> str:
    if not stats or stats.get("median_ms") is None:
        return "n/a"
    return f"{stats['median_ms']:.4g} ms (n={stats.get('n')}, ±{100 * (stats.get('rse') or 0):.2g}%)"


def feedback_text(result: dict[str, Any]) -> str:
    """Text for the model's next attempt: what failed first, where, the timing, the findings."""
    lines: list[str] = []
    status = result.get("status", "internal_error")
    reasons = result.get("reasons") or []
    if status == "ok":
        lines.append("Correct on every trial.")
    elif reasons:
        lines.append(f"{status}: {reasons[0]['message']}")
    else:
        lines.append(status)
    mismatch = (result.get("correctness") or {}).get("first_mismatch")
    if mismatch:
        if mismatch.get("index") is not None:
            lines.append(
                f"First mismatch in output {mismatch.get('output')} at index {mismatch['index']} "
                f"(trial {mismatch.get('trial')}, {mismatch.get('distribution')} inputs): expected "
                f"{mismatch.get('expected')!r}, got {mismatch.get('actual')!r}; {mismatch.get('count')} of "
                f"{mismatch.get('numel')} elements outside atol={mismatch.get('atol')}, rtol={mismatch.get('rtol')}."
            )
        elif mismatch.get("message"):
            lines.append(mismatch["message"])
    timing = result.get("timing") or {}
    if timing.get("candidate"):
        parts = [f"Your kernel: {_fmt_ms(timing.get('candidate'))}"]
        if timing.get("eager"):
            parts.append(f"PyTorch eager: {_fmt_ms(timing.get('eager'))}")
        if timing.get("compile") and "median_ms" in timing["compile"]:
            parts.append(f"torch.compile: {_fmt_ms(timing.get('compile'))}")
        if result.get("speedup_eager") is not None:
            parts.append(f"speedup vs eager {result['speedup_eager']:.3g}x")
        lines.append("; ".join(parts) + ".")
    for f in result.get("findings") or []:
        lines.append(f"[{f['severity']}] {f['code']}: {f['message']}")
    return "\n".join(lines)
