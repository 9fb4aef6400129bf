"""bench/kernels/standard_eval.py and kernel_bench.py end to end with CPU torch (no GPU).

Needs torch (the CPU wheel is enough); not part of CI, which has no torch:
    python3 -m pytest -q scripts/tests          # with a Python that has torch
standard_eval runs with `--device cpu` (perf_counter instead of CUDA events); everything else
(fresh process, seeds, trials, comparison, stdout discipline, crash handling) is the GPU path.
The candidates are plain torch modules, except one whose import fails the way a failed
load_inline build does.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import torch  # noqa: F401  (a clear ImportError without torch, never a skip)

assert torch.__version__  # the standard processes below run with this interpreter's torch

ROOT = Path(__file__).resolve().parents[2]
STANDARD_EVAL = ROOT / "bench" / "kernels" / "standard_eval.py"
KERNEL_BENCH = ROOT / "bench" / "kernels" / "kernel_bench.py"

PROBLEM = """
import torch, torch.nn as nn
N = 4096
class Model(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.linear = nn.Linear(features, features)
    def forward(self, x):
        return torch.relu(self.linear(x))
def get_inputs():
    return [torch.rand(8, 64)]
def get_init_inputs():
    return [64]
"""

CANDIDATES = {
    # correct: same parameters from the same seed, same maths
    "fast": """
import torch, torch.nn as nn
print("a candidate printing to stdout")
class ModelNew(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.linear = nn.Linear(features, features)
    def forward(self, x):
        return self.linear(x).clamp_min(0)
""",
    # drops the ReLU: the linear layer's outputs are negative often enough to fail on any inputs
    "wrong": """
import torch, torch.nn as nn
class ModelNew(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.linear = nn.Linear(features, features)
    def forward(self, x):
        return self.linear(x)
""",
    "compile_error": """
raise RuntimeError("Error building extension 'broken': cuda.cu(11): error: expected a ';'")
""",
    "shape": """
import torch.nn as nn
class ModelNew(nn.Module):
    def __init__(self, features):
        super().__init__()
    def forward(self, x):
        return x[:2]
""",
    "crash": """
import os, torch.nn as nn
class ModelNew(nn.Module):
    def __init__(self, features):
        super().__init__()
    def forward(self, x):
        os.kill(os.getpid(), 9)
""",
    "no_model": """
x = 1
""",
}

RELU_PROBLEM = """
import torch, torch.nn as nn
class Model(nn.Module):
    def forward(self, x):
        return torch.relu(x)
def get_inputs():
    return [torch.rand(1 << 14)]
def get_init_inputs():
    return []
"""

IDENTITY = """
import torch.nn as nn
class ModelNew(nn.Module):
    def forward(self, x):
        return x * 1.0
"""


def run_standard(tmp: Path, problem: str, candidate: str, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    (tmp / "problem.py").write_text(problem)
    (tmp / "candidate.py").write_text(candidate)
    stage = tmp / "stage"
    proc = subprocess.run([sys.executable, str(STANDARD_EVAL), "--problem", str(tmp / "problem.py"),
                           "--candidate", str(tmp / "candidate.py"), "--build-dir", str(tmp / "ext"),
                           "--device", "cpu", "--perf-trials", "5", "--stage-file", str(stage),
                           "--gpu-lock", str(tmp / "lock"), *extra],
                          capture_output=True, text=True, timeout=300)
    return proc, stage


def result_of(proc: subprocess.CompletedProcess) -> dict:
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout  # the result line alone; candidate prints go to stderr
    return json.loads(lines[0])


def test_correct_candidate_with_parameters_is_timed(tmp_path):
    proc, stage = run_standard(tmp_path, PROBLEM, CANDIDATES["fast"])
    assert proc.returncode == 0, proc.stderr
    result = result_of(proc)
    assert (result["compiled"], result["correct"], result["trials_passed"], result["error"]) == (True, True, 5, None)
    assert result["runtime_stats"]["n"] == 5 and result["runtime_ms"] > 0 and result["speedup"] > 0
    assert "a candidate printing to stdout" in proc.stderr
    assert stage.read_text() == "done"
    assert (tmp_path / "ext").is_dir()


def test_wrong_candidate_fails_with_the_difference(tmp_path):
    result = result_of(run_standard(tmp_path, PROBLEM, CANDIDATES["wrong"])[0])
    assert result["compiled"] and not result["correct"] and result["runtime_ms"] is None
    assert "Output mismatch: max difference" in result["error"]


def test_wrong_only_on_negatives_passes_the_standard_harness(tmp_path):
    # The reason the standard approach is fooled: its only inputs are torch.rand, never negative.
    result = result_of(run_standard(tmp_path, RELU_PROBLEM, IDENTITY)[0])
    assert result["compiled"] and result["correct"]


def test_import_failure_is_a_compile_failure(tmp_path):
    proc, stage = run_standard(tmp_path, PROBLEM, CANDIDATES["compile_error"])
    result = result_of(proc)
    assert (result["compiled"], result["correct"]) == (False, False)
    assert result["error"].startswith("compile: RuntimeError: Error building extension 'broken'")
    assert stage.read_text() == "compile"
    result = result_of(run_standard(tmp_path, PROBLEM, CANDIDATES["no_model"])[0])
    assert result["compiled"] is False and "ModelNew" in result["error"]


def test_shape_mismatch_stops_at_the_first_trial(tmp_path):
    result = result_of(run_standard(tmp_path, PROBLEM, CANDIDATES["shape"])[0])
    assert result["error"] == "trial 0: Output shape mismatch: Expected (8, 64), got (2, 64)"
    assert result["trials_passed"] == 0


def test_a_crash_leaves_no_result_line_but_the_stage(tmp_path):
    proc, stage = run_standard(tmp_path, PROBLEM, CANDIDATES["crash"])
    assert proc.returncode == -9 and proc.stdout == ""
    assert stage.read_text() == "gpu"


def test_problem_failure_is_the_harness_not_the_candidate(tmp_path):
    proc, _ = run_standard(tmp_path, "raise ValueError('broken problem')", CANDIDATES["fast"])
    assert proc.returncode == 3
    result = result_of(proc)
    assert result["harness_error"] and "broken problem" in result["error"]


FAKE_ASSAY = """#!{python}
import json, sys
a = sys.argv[1:]
batch, out = a[a.index("--batch") + 1], a[a.index("--out") + 1]
with open(batch) as src, open(out, "w") as dst:
    for raw in src:
        e = json.loads(raw)["expected"]
        compiled = e["expect"] != "compile_error"
        dst.write(json.dumps({{"expected": e, "status": e["expect"], "compiled": compiled,
                              "correct": e["expect"] == "ok", "findings": [], "reasons": [],
                              "speedup_eager": 1.2 if e["expect"] == "ok" else None}}) + "\\n")
"""


def test_kernel_bench_end_to_end_with_real_standard_processes(tmp_path):
    repo = tmp_path / "repo"
    (repo / "examples/kernels/problems").mkdir(parents=True)
    (repo / "examples/kernels/problems/relu.py").write_text(RELU_PROBLEM)
    folder = repo / "examples/kernels/suite/relu"
    folder.mkdir(parents=True)
    files = {"fast.py": textwrap.dedent("""
        import torch.nn as nn
        class ModelNew(nn.Module):
            def forward(self, x):
                return x.clamp_min(0)
        """), "wrong.py": IDENTITY, "compile_error.py": CANDIDATES["compile_error"]}
    for name, text in files.items():
        (folder / name).write_text(text)
    (folder / "expected.json").write_text(json.dumps({"problem": "examples/kernels/problems/relu.py", "candidates": [
        {"file": "fast.py", "expect": "ok"},
        {"file": "wrong.py", "expect": "incorrect", "note": "wrong only on negative inputs"},
        {"file": "compile_error.py", "expect": "compile_error"}]}))
    fake = tmp_path / "assay"
    fake.write_text(FAKE_ASSAY.format(python=sys.executable))
    fake.chmod(0o755)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(KERNEL_BENCH), "--suite", str(repo / "examples/kernels/suite"),
                           "--repo", str(repo), "--assay", str(fake), "--out", str(out), "--parallel", "3",
                           "--perf-trials", "5", "--standard-arg=--device=cpu", "--full-suite"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((out / "kernel-bench.json").read_text())
    g = report["agreement"]
    assert (g["compared"], g["agree"], g["not_fooled"], g["agree_where_not_fooled"]) == (3, 2, 2, 2)
    assert g["standard_fooled"] == ["relu/wrong.py"]
    assert g["disagreements"] == [{"key": "relu/wrong.py",
                                   "explanation": "standard fooled: wrong only on negative inputs"}]
    assert report["standard_results"]["relu/compile_error.py"]["compiled"] is False
    assert report["ratio"] > 0 and report["full_suite"]["hold"] == 3
    assert sorted(p.name for p in out.iterdir()) == ["assay-results.jsonl", "kernel-bench.json", "kernel-bench.md",
                                                      "logs.tar.gz", "suite-results.jsonl"]
    assert "[standard   3/3]" in proc.stdout and "Assay/standard throughput in this run" in proc.stdout
