"""What the machine did during one benchmark phase: CPU busy time from /proc/stat and GPU
utilisation from nvidia-smi, sampled twice a second.

The box runs nothing else while a phase runs, so the whole machine's counters are the phase's:
they include every compiler, analyzer and evaluation process, which per-process accounting
would miss once a process has exited. Used to tell whether a phase was bound by the CPU (busy
cores near the core count) or by the GPU (utilisation near 100 %).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from typing import Any, Optional

INTERVAL_S = 0.5


def read_cpu_jiffies(stat_path: str = "/proc/stat") -> Optional[tuple[int, int]]:
    """(busy, total) jiffies summed over all CPUs, or None where /proc/stat is missing.
    Busy is everything but idle and iowait."""
    try:
        with open(stat_path, encoding="ascii") as f:
            first = f.readline().split()
    except OSError:
        return None
    if not first or first[0] != "cpu":
        return None
    values = [int(v) for v in first[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    # guest time is already counted in user
    total = sum(values[:8])
    return total - idle, total


def summarize(busy_cores: list[float], gpu_util: list[float], cpu_seconds: Optional[float], cores: int,
              wall_s: float) -> dict[str, Any]:
    """The summary a report carries: CPU seconds, mean and 90th-percentile busy cores, the share
    of samples with at least 90 % of the cores busy, and the mean/median GPU utilisation."""
    def percentile(values: list[float], q: float) -> Optional[float]:
        if not values:
            return None
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "wall_s": round(wall_s, 2),
        "cores": cores,
        "cpu_seconds": None if cpu_seconds is None else round(cpu_seconds, 1),
        "busy_cores_mean": None if cpu_seconds is None or wall_s <= 0 else round(cpu_seconds / wall_s, 2),
        "busy_cores_p90": None if not busy_cores else round(percentile(busy_cores, 0.9) or 0.0, 2),
        "cpu_saturated_share": (None if not busy_cores
                                else round(sum(1 for b in busy_cores if b >= 0.9 * cores) / len(busy_cores), 3)),
        "gpu_util_mean": None if not gpu_util else round(sum(gpu_util) / len(gpu_util), 1),
        "gpu_util_median": None if not gpu_util else percentile(gpu_util, 0.5),
        "samples": len(busy_cores),
    }


class ResourceSampler:
    """Context manager: samples CPU and GPU while the block runs; ``summary`` afterwards."""

    def __init__(self, gpu_index: str = "0", interval_s: float = INTERVAL_S):
        self.gpu_index = gpu_index
        self.interval_s = interval_s
        self.cores = os.cpu_count() or 1
        self.busy_cores: list[float] = []
        self.gpu_util: list[float] = []
        self.summary: dict[str, Any] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._smi: Optional[subprocess.Popen[str]] = None

    def __enter__(self) -> "ResourceSampler":
        self._start = time.monotonic()
        self._first = read_cpu_jiffies()
        self._threads.append(threading.Thread(target=self._cpu_loop, daemon=True))
        smi = shutil.which("nvidia-smi")
        if smi:
            self._smi = subprocess.Popen(
                [smi, "-i", self.gpu_index, "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits",
                 f"-lms={int(self.interval_s * 1000)}"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            self._threads.append(threading.Thread(target=self._gpu_loop, daemon=True))
        for t in self._threads:
            t.start()
        return self

    def _cpu_loop(self) -> None:
        last = self._first
        while not self._stop.wait(self.interval_s):
            now = read_cpu_jiffies()
            if now is None or last is None:
                continue
            busy = now[0] - last[0]
            total = now[1] - last[1]
            if total > 0:
                self.busy_cores.append(self.cores * busy / total)
            last = now

    def _gpu_loop(self) -> None:
        assert self._smi is not None and self._smi.stdout is not None
        for line in self._smi.stdout:
            try:
                self.gpu_util.append(float(line.strip()))
            except ValueError:
                continue

    def __exit__(self, *_: Any) -> None:
        wall = time.monotonic() - self._start
        last = read_cpu_jiffies()
        self._stop.set()
        if self._smi is not None:
            self._smi.terminate()
            try:
                self._smi.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._smi.kill()
        for t in self._threads:
            t.join(timeout=5)
        cpu_seconds = None
        if self._first is not None and last is not None:
            cpu_seconds = (last[0] - self._first[0]) / os.sysconf("SC_CLK_TCK")
        self.summary = summarize(self.busy_cores, self.gpu_util, cpu_seconds, self.cores, wall)


def describe(summary: dict[str, Any]) -> str:
    """One line for the markdown report."""
    if not summary:
        return "resources not sampled"
    parts = []
    if summary.get("cpu_seconds") is not None:
        parts.append(f"CPU {summary['cpu_seconds']:.0f} CPU-s, {summary['busy_cores_mean']:.1f} of {summary['cores']} "
                     f"cores busy on average (p90 {summary['busy_cores_p90']}), saturated "
                     f"{100 * (summary['cpu_saturated_share'] or 0):.0f}% of the time")
    if summary.get("gpu_util_mean") is not None:
        parts.append(f"GPU utilisation mean {summary['gpu_util_mean']:.0f}% (median {summary['gpu_util_median']:.0f}%)")
    return "; ".join(parts) if parts else "resources not sampled"
