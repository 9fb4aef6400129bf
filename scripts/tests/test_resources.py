"""bench/kernels/resources.py: the CPU counters it reads and the summary it reports."""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "kernels"))

import resources  # noqa: E402


def test_reads_busy_and_total_jiffies(tmp_path):
    stat = tmp_path / "stat"
    # user nice system idle iowait irq softirq steal guest guest_nice
    stat.write_text("cpu  100 5 20 800 50 1 2 3 7 0\ncpu0 50 2 10 400 25 0 1 1 3 0\n")
    busy, total = resources.read_cpu_jiffies(str(stat))
    assert total == 100 + 5 + 20 + 800 + 50 + 1 + 2 + 3
    assert busy == total - 800 - 50


def test_missing_or_foreign_stat_file_gives_none(tmp_path):
    assert resources.read_cpu_jiffies(str(tmp_path / "absent")) is None
    other = tmp_path / "other"
    other.write_text("intr 1 2 3\n")
    assert resources.read_cpu_jiffies(str(other)) is None


def test_summary_of_a_saturated_cpu_and_a_half_busy_gpu():
    s = resources.summarize(busy_cores=[16.0, 15.0, 8.0, 16.0], gpu_util=[40.0, 60.0, 50.0], cpu_seconds=110.0,
                            cores=16, wall_s=10.0)
    assert s["busy_cores_mean"] == 11.0
    assert s["cpu_saturated_share"] == 0.75   # 16, 15 and 16 are >= 14.4
    assert s["gpu_util_mean"] == 50.0 and s["gpu_util_median"] == 50.0
    line = resources.describe(s)
    assert "11.0 of 16 cores" in line and "saturated 75%" in line and "GPU utilisation mean 50%" in line


def test_sampler_counts_this_process_spinning():
    with resources.ResourceSampler(interval_s=0.1) as sampler:
        end = time.monotonic() + 0.5
        while time.monotonic() < end:
            pass
    s = sampler.summary
    assert s["samples"] >= 3
    assert s["cpu_seconds"] is not None and s["cpu_seconds"] >= 0.3
    assert s["busy_cores_mean"] >= 0.6
