"""Which kernels did the GPU work of one forward: the candidate's own or someone else's. Imports torch."""

from __future__ import annotations

from typing import Any, Callable

import torch

from .kernelnames import is_own_kernel
from .outcome import Finding


def kernel_times(call: Callable[[], Any]) -> dict[str, tuple[float, int]]:
    """Kernel (and memcpy/memset) name -> (total microseconds, launches) for one call."""
    from torch.autograd import DeviceType
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        call()
        torch.cuda.synchronize()
    out: dict[str, tuple[float, int]] = {}
    for e in prof.events():
        if getattr(e, "device_type", None) != DeviceType.CUDA:
            continue
        us = float(e.time_range.elapsed_us())
        t, n = out.get(e.name, (0.0, 0))
        out[e.name] = (t + us, n + 1)
    return out


def attribute(kernels: dict[str, tuple[float, int]], declared: list[str], min_share: float) -> tuple[dict[str, Any], list[Finding]]:
    """Splits GPU time into the candidate's declared kernels and the rest; findings when the
    candidate's kernels did not do the work."""
    own_us = foreign_us = 0.0
    launched: set[str] = set()
    rows = []
    for name, (us, n) in sorted(kernels.items(), key=lambda kv: -kv[1][0]):
        own = is_own_kernel(name, declared)
        if own:
            own_us += us
            launched.update(d for d in declared if is_own_kernel(name, [d]))
        else:
            foreign_us += us
        rows.append({"name": name[:200], "us": us, "launches": n, "own": own})
    total = own_us + foreign_us
    share = own_us / total if total > 0 else 0.0
    summary = {"own_us": own_us, "foreign_us": foreign_us, "own_share": share,
               "declared_kernels": declared, "launched_kernels": sorted(launched), "kernels": rows[:12]}
    findings: list[Finding] = []
    top_foreign = ", ".join(r["name"][:80] for r in rows if not r["own"])[:300]
    if not declared:
        findings.append(Finding("no_custom_kernel", "reject",
                                "the candidate loaded no CUDA extension with a __global__ kernel"))
    elif not launched:
        findings.append(Finding("custom_kernel_not_launched", "reject",
                                f"none of the declared kernels ({', '.join(declared)}) ran during forward; GPU work: {top_foreign or 'none'}"))
    else:
        unused = [d for d in declared if d not in launched]
        if unused:
            findings.append(Finding("kernel_never_launched", "warn",
                                    f"declared but not launched during forward: {', '.join(unused)}"))
    if total == 0:
        findings.append(Finding("no_gpu_work", "reject", "forward launched no GPU work at all"))
    elif declared and launched and share < min_share:
        findings.append(Finding("foreign_kernels_dominate", "reject",
                                f"the candidate's kernels took {100 * share:.1f}% of forward's GPU time "
                                f"(minimum {100 * min_share:.0f}%); the rest: {top_foreign}"))
    return summary, findings
