"""The timing protocol, identical for the candidate and both baselines. Imports torch.

Per iteration: write the L2-flush buffer (larger than L2), optionally swap in re-check inputs,
``torch.cuda.synchronize()``; record the start event; call the model; ``torch.cuda.synchronize()``
(device-wide, so work the call left on other streams is inside the interval); record the end
event; wait for it. The synchronize before the end event adds the host's round trip (a few
microseconds) to every measurement, equally for candidate and baselines. Warm-up calls come first;
iterations continue until the relative standard error of the mean is below ``target_rse`` (after
``min_iters``), ``max_seconds`` have passed, or ``max_iters``.

Re-checks: at a few iterations chosen with the secret seed, the inputs are overwritten in place
(same tensors, same addresses) with another input set before the iteration, and that iteration's
output is compared with the reference output for that set; the base inputs are restored, and the
output of the iteration right after is compared with the reference output for the base set. A
candidate that caches on input identity or addresses (whichever set it cached), or returns before
its work is done, fails these re-checks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import torch

from . import plan
from .stats import TimingStats, should_stop, summarize

_perf_counter = time.perf_counter
_synchronize = torch.cuda.synchronize
_Event = torch.cuda.Event


@dataclass
class Recheck:
    """Alternative inputs swapped in at chosen iterations, with their expected outputs."""

    base_inputs: list[Any]
    alt_inputs: list[Any]
    # (output, iteration, which set: "alt" or "base") -> failure message or None
    verify: Callable[[Any, int, str], Optional[str]]
    iterations: set[int] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)

    @property
    def base_checks(self) -> set[int]:
        """Iterations right after a swap, whose output must match the base set again."""
        return plan.base_checks(self.iterations)

    def swap_in(self, live: list[Any]) -> None:
        for dst, src in zip(live, self.alt_inputs):
            if isinstance(dst, torch.Tensor):
                dst.copy_(src)

    def restore(self, live: list[Any]) -> None:
        for dst, src in zip(live, self.base_inputs):
            if isinstance(dst, torch.Tensor):
                dst.copy_(src)


def flush_buffer(device: torch.device, nbytes: int) -> torch.Tensor:
    """A buffer whose every-iteration write evicts L2 (size from the request or 2x the L2 size)."""
    return torch.empty(max(nbytes, 4) // 4, dtype=torch.float32, device=device)


def time_model(
    fn: Callable[..., Any], args: list[Any], *, warmup: int, min_iters: int, max_iters: int,
    target_rse: float, max_seconds: float, flush: torch.Tensor, recheck: Optional[Recheck] = None,
) -> TimingStats:
    """Times ``fn(*args)`` by the protocol in the module doc; returns the summary."""
    with torch.no_grad():
        for _ in range(warmup):
            fn(*args)
        _synchronize()
        start = _Event(enable_timing=True)
        end = _Event(enable_timing=True)
        times: list[float] = []
        began = _perf_counter()
        i = 0
        while True:
            flush.fill_(float(i % 251))
            swapped = recheck is not None and i in recheck.iterations
            if swapped:
                assert recheck is not None
                recheck.swap_in(args)
            _synchronize()
            start.record()
            out = fn(*args)
            _synchronize()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
            if recheck is not None and (swapped or i in recheck.base_checks):
                msg = recheck.verify(out, i, "alt" if swapped else "base")
                if msg:
                    recheck.failures.append(msg)
                if swapped:
                    recheck.restore(args)
            del out
            i += 1
            if should_stop(times, min_iters=min_iters, max_iters=max_iters, target_rse=target_rse,
                           elapsed_s=_perf_counter() - began, max_seconds=max_seconds):
                break
        return summarize(times)
