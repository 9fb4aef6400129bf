"""Per-dtype tolerances and the element rule every comparison in the worker follows.

Pure Python (no torch): the torch comparator in ``compare.py`` evaluates the same rule on
tensors and re-checks the first mismatch it reports with :func:`element_matches`, so this module
is the single definition of "close enough".

Rule for one element, expected ``e`` and actual ``a``:

* ``e`` is NaN: ``a`` must be NaN.
* ``e`` is +inf or -inf: ``a`` must be the same infinity.
* ``e`` is finite: ``a`` must be finite and ``|a - e| <= atol + rtol * |e|``.

So NaN or Inf where the reference has none always fails, whatever the tolerance.

**Scaled trials.** The ``problem`` trial uses the tolerance as is (KernelBench's rule). The extra
distributions (``signed_normal``, ``wide``, ``small``; ``plan.py``) compare with
``atol x max(1, m)``, where ``m`` is the root mean square of the reference output's finite values
(per output tensor; ``rtol`` unchanged). Why: float32 rounding error of a sum of products grows
with the magnitude of the terms, not with the result, so where terms cancel (a matmul on
N(0, 1) x 1e3 inputs: outputs around 1e6, some near 0) a correct kernel that only sums in another
order misses ``1e-2 + 1e-2 |e|`` on the near-zero elements. Scaling ``atol`` with the output's
own magnitude makes the check scale-free: an element may be off by 1 % of the output's typical
size, exactly what the ``problem`` trial allows at magnitude 1, and a kernel that is wrong on large
inputs (clamps, overflows, drops terms) is still off by far more than that. ``max(1, .)`` keeps
the unscaled tolerance for outputs of magnitude below 1, so no trial is stricter than before (and
the ``small`` trial, whose outputs are far below ``atol`` = 1e-2, is unchanged: it catches NaN/Inf
and gross errors only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

#: Default (atol, rtol) per output dtype name (torch's ``str(dtype)`` without ``torch.``).
#: float32 follows KernelBench (atol = rtol = 1e-2); half precisions are looser because one
#: rounding step alone is 4.9e-4 (float16) and 3.9e-3 (bfloat16) relative.
DEFAULT_TOLERANCES: dict[str, tuple[float, float]] = {
    "float64": (1e-5, 1e-5),
    "float32": (1e-2, 1e-2),
    "float16": (2e-2, 2e-2),
    "bfloat16": (5e-2, 5e-2),
}

#: Integer and boolean dtypes compare exactly.
EXACT_DTYPES = frozenset(
    {"bool", "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64"}
)


@dataclass(frozen=True)
class Tolerance:
    """Absolute and relative tolerance for one comparison (0, 0 means exact)."""

    atol: float
    rtol: float

    @property
    def exact(self) -> bool:
        """Whether values must be identical."""
        return self.atol == 0 and self.rtol == 0


class ToleranceError(ValueError):
    """A dtype the worker has no tolerance for, or an invalid override."""


def tolerance_for(dtype: str, atol: Optional[float] = None, rtol: Optional[float] = None) -> Tolerance:
    """The tolerance for outputs of ``dtype`` (a name such as ``"float32"`` or ``"torch.float32"``).

    ``atol``/``rtol`` override the defaults for floating dtypes; integer and boolean outputs are
    always compared exactly.
    """
    name = dtype.removeprefix("torch.")
    if name in EXACT_DTYPES:
        return Tolerance(0.0, 0.0)
    if name not in DEFAULT_TOLERANCES:
        raise ToleranceError(f"no tolerance defined for output dtype {name!r}")
    d_atol, d_rtol = DEFAULT_TOLERANCES[name]
    for label, value in (("atol", atol), ("rtol", rtol)):
        if value is not None and (not math.isfinite(value) or value < 0):
            raise ToleranceError(f"{label} must be a finite number >= 0, got {value!r}")
    return Tolerance(d_atol if atol is None else atol, d_rtol if rtol is None else rtol)


#: Distributions compared with the unscaled tolerance (KernelBench's rule).
UNSCALED_DISTRIBUTIONS = frozenset({"problem"})


def scales_with_output(distribution: Optional[str]) -> bool:
    """Whether a trial of this input distribution compares with ``atol`` scaled by the output's
    magnitude (every extra distribution; ``None`` means a ``problem``-like comparison)."""
    return distribution is not None and distribution not in UNSCALED_DISTRIBUTIONS


def atol_scale(magnitude: float) -> float:
    """The factor ``atol`` is multiplied by for an output of this magnitude: ``max(1, m)``
    (1 for a non-finite magnitude, which cannot arise from finite values)."""
    if not math.isfinite(magnitude):
        return 1.0
    return max(1.0, magnitude)


def scaled(tol: Tolerance, magnitude: float) -> Tolerance:
    """``tol`` with ``atol`` scaled for an output of ``magnitude`` (exact stays exact)."""
    if tol.exact:
        return tol
    return Tolerance(tol.atol * atol_scale(magnitude), tol.rtol)


def output_magnitude(values: Sequence[float]) -> float:
    """Root mean square of the finite values (0 when there are none): an output's typical size."""
    finite = [float(v) for v in values if math.isfinite(float(v))]
    if not finite:
        return 0.0
    return math.sqrt(math.fsum(v * v for v in finite) / len(finite))


def element_matches(expected: float, actual: float, tol: Tolerance) -> bool:
    """Whether one actual value is acceptable for one expected value (rule in the module doc)."""
    if math.isnan(expected):
        return math.isnan(actual)
    if math.isinf(expected):
        return actual == expected
    if math.isnan(actual) or math.isinf(actual):
        return False
    if tol.exact:
        return actual == expected
    return abs(actual - expected) <= tol.atol + tol.rtol * abs(expected)


@dataclass(frozen=True)
class ElementMismatch:
    """The first element (in row-major order) that broke the rule, and how many did."""

    index: int
    expected: float
    actual: float
    count: int


def first_mismatch(
    expected: Sequence[float], actual: Sequence[float], tol: Tolerance
) -> Optional[ElementMismatch]:
    """The first mismatching element of two equally long flat sequences, or ``None``.

    Raises ``ValueError`` when the lengths differ (a shape mismatch is reported before values
    are compared).
    """
    if len(expected) != len(actual):
        raise ValueError(f"length mismatch: expected {len(expected)} values, got {len(actual)}")
    first: Optional[tuple[int, float, float]] = None
    count = 0
    for i, (e, a) in enumerate(zip(expected, actual)):
        if not element_matches(float(e), float(a), tol):
            count += 1
            if first is None:
                first = (i, float(e), float(a))
    if first is None:
        return None
    return ElementMismatch(index=first[0], expected=first[1], actual=first[2], count=count)


def unravel(index: int, shape: Sequence[int]) -> list[int]:
    """Row-major multi-index of flat ``index`` in ``shape`` (``[]`` for a scalar)."""
    if index < 0:
        raise ValueError("index must be >= 0")
    out: list[int] = []
    for size in reversed(shape):
        if size <= 0:
            raise ValueError(f"empty dimension in shape {list(shape)}")
        out.append(index % size)
        index //= size
    if index != 0:
        raise ValueError(f"index out of range for shape {list(shape)}")
    return list(reversed(out))


def relative_error(reference: Sequence[float], candidate: Sequence[float]) -> float:
    """``||candidate - reference|| / ||reference||`` in the 2-norm (0 when both are zero)."""
    if len(reference) != len(candidate):
        raise ValueError("length mismatch")
    num = math.fsum((c - r) ** 2 for r, c in zip(reference, candidate))
    den = math.fsum(r * r for r in reference)
    if den == 0:
        return 0.0 if num == 0 else math.inf
    return math.sqrt(num / den)


#: A float32 output whose error against a float64 reference exceeds both this floor and
#: ``PRECISION_RATIO`` times the float32 reference's own error counts as computed in lower
#: precision (fp16/bf16/TF32 round at 2^-11 or coarser, about 2.8e-4 RMS relative; float32
#: kernels with another summation order or fast-math stay below 1e-5 on sane inputs).
PRECISION_FLOOR = 5e-5
PRECISION_RATIO = 10.0


def precision_downcast_suspected(candidate_error: float, reference_error: float) -> bool:
    """Whether a float32 output's error vs float64 points at lower-precision arithmetic."""
    if math.isnan(candidate_error):
        return True
    return candidate_error > max(PRECISION_FLOOR, PRECISION_RATIO * reference_error)
