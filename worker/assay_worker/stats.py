"""Summary statistics for timing samples and the stopping rule of the timing loop (pure Python)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class TimingStats:
    """Summary of per-iteration times in milliseconds."""

    n: int
    median_ms: float
    mean_ms: float
    std_ms: float
    min_ms: float
    rse: float

    def to_json(self) -> dict[str, float | int]:
        """The wire form used in ``result.timing``."""
        return {
            "n": self.n,
            "median_ms": self.median_ms,
            "mean_ms": self.mean_ms,
            "std_ms": self.std_ms,
            "min_ms": self.min_ms,
            "rse": self.rse,
        }


def median(values: Sequence[float]) -> float:
    """The median (mean of the two middle values for an even count)."""
    if not values:
        raise ValueError("median of no values")
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def relative_standard_error(values: Sequence[float]) -> float:
    """Standard error of the mean over the mean (``inf`` for fewer than 2 values or mean 0)."""
    n = len(values)
    if n < 2:
        return math.inf
    mean = math.fsum(values) / n
    if mean == 0:
        return math.inf
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return math.sqrt(var / n) / abs(mean)


def summarize(values: Sequence[float]) -> TimingStats:
    """Median, mean, sample standard deviation, minimum and relative standard error."""
    n = len(values)
    if n == 0:
        raise ValueError("no timing samples")
    mean = math.fsum(values) / n
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return TimingStats(
        n=n,
        median_ms=median(values),
        mean_ms=mean,
        std_ms=std,
        min_ms=min(values),
        rse=relative_standard_error(values),
    )


def should_stop(
    values: Sequence[float], *, min_iters: int, max_iters: int, target_rse: float,
    elapsed_s: float, max_seconds: float,
) -> bool:
    """Whether the timing loop has enough samples.

    Stops at ``max_iters``; otherwise needs ``min_iters`` samples and then either a relative
    standard error below ``target_rse`` or ``max_seconds`` of wall time spent.
    """
    n = len(values)
    if n >= max_iters:
        return True
    if n < min_iters:
        return False
    return relative_standard_error(values) < target_rse or elapsed_s >= max_seconds
