"""Comparing candidate outputs with reference outputs on the GPU, and output/input checks.

The element rule and the tolerances are those of ``tolerance.py``; the first mismatch this
module finds is re-checked with :func:`tolerance.element_matches` on the two scalars, so the
pure-Python rule stays the definition. Imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import torch

from . import tolerance as tol_mod

_CHUNK = 1 << 26  # elements compared per step, to bound temporary memory on huge outputs


def flatten(value: Any) -> tuple[list[Any], str]:
    """Leaves of a (possibly nested) tuple/list output, and a structure signature."""
    if isinstance(value, (tuple, list)):
        leaves: list[Any] = []
        sigs = []
        for v in value:
            l, s = flatten(v)
            leaves.extend(l)
            sigs.append(s)
        return leaves, "(" + ",".join(sigs) + ")"
    if isinstance(value, torch.Tensor):
        return [value], "T"
    return [value], type(value).__name__


@dataclass
class Mismatch:
    """Why one output differs: a structural message, or the first bad element."""

    output: int
    message: str
    index: Optional[list[int]] = None
    expected: Any = None
    actual: Any = None
    count: int = 0
    numel: int = 0
    atol: float = 0.0
    rtol: float = 0.0
    atol_scale: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {"output": self.output, "message": self.message, "index": self.index,
                "expected": self.expected, "actual": self.actual, "count": self.count,
                "numel": self.numel, "atol": self.atol, "rtol": self.rtol, "atol_scale": self.atol_scale}


def _scalar(t: torch.Tensor) -> Any:
    v = t.item()
    return v if not isinstance(v, bool) else bool(v)


def magnitude(t: torch.Tensor) -> float:
    """Root mean square of a floating tensor's finite values, in float64 (0 when none):
    :func:`tolerance.output_magnitude` on a tensor."""
    flat = t.reshape(-1)
    total = 0.0
    count = 0
    for start in range(0, flat.numel(), _CHUNK):
        c = flat[start:start + _CHUNK].double()
        finite = torch.isfinite(c)
        # one device-to-host copy per chunk: every sync waits for the GPU's time slice
        chunk_count, chunk_total = torch.stack(
            [finite.sum().double(), torch.where(finite, c, torch.zeros_like(c)).square().sum()]).tolist()
        count += int(chunk_count)
        total += chunk_total
    return (total / count) ** 0.5 if count else 0.0


def compare_tensor(out_index: int, expected: torch.Tensor, actual: torch.Tensor,
                   atol: Optional[float], rtol: Optional[float],
                   distribution: Optional[str] = None) -> tuple[Optional[Mismatch], float]:
    """First mismatch (or None) and the largest finite absolute error. ``distribution`` is the
    trial's input distribution: extra distributions scale ``atol`` with the reference output's
    magnitude (``tolerance.scales_with_output``); ``None`` and ``problem`` use it as is."""
    if tuple(actual.shape) != tuple(expected.shape):
        return Mismatch(out_index, f"output {out_index}: shape {list(actual.shape)}, expected {list(expected.shape)}"), float("nan")
    if actual.dtype != expected.dtype:
        return Mismatch(out_index, f"output {out_index}: dtype {actual.dtype}, expected {expected.dtype}"), float("nan")
    if actual.device != expected.device:
        return Mismatch(out_index, f"output {out_index}: on {actual.device}, expected {expected.device}"), float("nan")
    tol = tol_mod.tolerance_for(str(expected.dtype), atol, rtol)
    n = expected.numel()
    if n == 0:
        return None, 0.0
    floating = expected.is_floating_point() or expected.is_complex()
    scale = 1.0
    if floating and not tol.exact and tol_mod.scales_with_output(distribution):
        m = magnitude(expected.abs() if expected.is_complex() else expected)
        scale = tol_mod.atol_scale(m)
        tol = tol_mod.scaled(tol, m)
    e_flat = expected.reshape(-1)
    a_flat = actual.reshape(-1)
    bad_total = 0
    first: Optional[int] = None
    max_err = 0.0
    for start in range(0, n, _CHUNK):
        e = e_flat[start:start + _CHUNK]
        a = a_flat[start:start + _CHUNK]
        if floating:
            ef = e.double() if e.dtype == torch.float64 else e.float()
            af = a.double() if a.dtype == torch.float64 else a.float()
            diff = (af - ef).abs()
            bad = ~(diff <= tol.atol + tol.rtol * ef.abs())       # NaN diff counts as bad ...
            e_nan = torch.isnan(ef)
            both_nan = e_nan & torch.isnan(af)
            same_inf = torch.isinf(ef) & (af == ef)
            bad = bad & ~both_nan & ~same_inf                      # ... except NaN/NaN and equal inf
            # the count and the largest finite error in one device-to-host copy (-inf: none finite)
            largest = torch.where(torch.isfinite(diff), diff, torch.full_like(diff, float("-inf"))).max()
            chunk_bad, chunk_max = torch.stack([bad.sum().double(), largest.double()]).tolist()
            count = int(chunk_bad)
            max_err = max(max_err, chunk_max)
        else:
            bad = a != e
            count = int(bad.sum())
        if count and first is None:
            first = start + int(bad.nonzero()[0, 0])
        bad_total += count
    if first is None:
        return None, max_err
    ev = _scalar(e_flat[first])
    av = _scalar(a_flat[first])
    if floating and tol_mod.element_matches(float(ev), float(av), tol):
        raise AssertionError(f"tensor and scalar comparison disagree at {first}: {ev!r} vs {av!r}")
    idx = tol_mod.unravel(first, list(expected.shape))
    return Mismatch(out_index, f"output {out_index}: {bad_total} of {n} elements differ", idx, ev, av,
                    bad_total, n, tol.atol, tol.rtol, scale), max_err


def same_bits(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Whether two tensors hold identical values (NaN equal to NaN)."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.is_floating_point():
        nan_a, nan_b = torch.isnan(a), torch.isnan(b)
        if not torch.equal(nan_a, nan_b):
            return False
        return bool(((a == b) | nan_a).all())
    return torch.equal(a, b)


def storage_range(t: torch.Tensor) -> tuple[int, int]:
    """Byte range [start, end) of a tensor's storage."""
    s = t.untyped_storage()
    start = s.data_ptr()
    return start, start + s.nbytes()


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[0] != a[1] and b[0] != b[1]


def output_form_problems(out: torch.Tensor, index: int, device: torch.device) -> list[tuple[str, str]]:
    """(code, message) for an output that is not a plain, dense, materialised CUDA tensor."""
    problems = []
    if type(out) is not torch.Tensor:
        problems.append(("output_not_plain_tensor",
                         f"output {index} is a {type(out).__module__}.{type(out).__qualname__}, not exactly torch.Tensor"))
        return problems
    if out.layout != torch.strided:
        problems.append(("output_not_dense", f"output {index} has layout {out.layout}"))
    if out.device != device:
        problems.append(("output_wrong_device", f"output {index} is on {out.device}, expected {device}"))
    if out.numel() > 0 and out.untyped_storage().data_ptr() == 0:
        problems.append(("output_not_materialised", f"output {index} has no storage"))
    if any(st == 0 and sz > 1 for st, sz in zip(out.stride(), out.shape)):
        problems.append(("output_expanded", f"output {index} has stride 0 in a dimension of size > 1 (an expanded view, not materialised values)"))
    return problems
