"""Raw-kernel builds (artifact kind ``assay_raw``) as the worker loads them, on the CPU: the build
directory's manifest, the digest rule (the build's content address) and the declared kernels.
Launching needs a GPU (test_gpu_worker.py). Needs torch (raw_launcher imports it; the CPU wheel
is enough); without torch the module is skipped unless ASSAY_REQUIRE_TORCH=1 (then it fails)."""
from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

import pytest

if os.environ.get("ASSAY_REQUIRE_TORCH") == "1":
    importlib.import_module("torch")   # fails the run when torch is missing
else:
    pytest.importorskip("torch", reason="needs torch (the CPU wheel is enough); ASSAY_REQUIRE_TORCH=1 fails instead")

from assay_worker.artifacts import ArtifactError, load_raw_candidate  # noqa: E402
from assay_worker.protocol import Artifact  # noqa: E402

KEY = "97fd92944d5e176d1f8819e8618499fa61b9b48c213bc9cb76c0544b52e5ceb1"
KERNEL = 'extern "C" __global__ void relu_kernel(const float* x, float* y, long long n) {}\n'
PLAN = {"format": "assay-raw-kernel-plan/1", "inputs": ["x"], "scalarInputs": [], "parameters": [],
        "allocations": [{"fill": "empty", "like": "x", "name": "y"}],
        "launches": [{"kernel": "relu_kernel", "grid": [{"program": ["t:x", "numel", "i:256", "cdiv"]}],
                      "block": [{"program": ["i:256"]}], "sharedBytes": {"program": ["i:0"]}, "args": []}],
        "returns": ["y"], "nvccFlags": []}


def build_dir(root: Path, path: str = "raw", key: str = KEY) -> Path:
    """A build directory laid out as `assay kernel compile` writes a raw build."""
    d = root / key[:2] / key
    d.mkdir(parents=True)
    (d / "manifest.json").write_text(json.dumps({
        "format": "assay-kernel-build/1", "key": key,
        "build": {"name": "raw_kernel", "path": path, "status": "compiled", "library": "kernel.cubin"}}))
    (d / "plan.json").write_text(json.dumps(PLAN))
    (d / "kernel.cu").write_text(KERNEL)
    (d / "kernel.cubin").write_bytes(b"\x7fELF stand-in (not loaded without a GPU)")
    return d


def test_a_raw_build_loads_with_its_plan_and_declared_kernels(tmp_path):
    d = build_dir(tmp_path)
    module, record = load_raw_candidate(Artifact("assay_raw", str(d), KEY))
    assert module.plan["returns"] == ["y"]
    assert (record.function, record.name, record.source, record.kernels) == ("raw_kernel", "raw_kernel", "artifact",
                                                                              ["relu_kernel"])


def test_a_directory_holding_another_build_is_refused(tmp_path):
    d = build_dir(tmp_path)
    with pytest.raises(ArtifactError) as e:
        load_raw_candidate(Artifact("assay_raw", str(d), "0" * 64))
    assert e.value.status == "artifact_mismatch"


def test_a_slim_build_directory_is_not_a_raw_kernel(tmp_path):
    d = build_dir(tmp_path, path="slim")
    with pytest.raises(ArtifactError) as e:
        load_raw_candidate(Artifact("assay_raw", str(d), KEY))
    assert e.value.status == "artifact_load_error" and "not a compiled raw kernel" in e.value.message


def test_a_missing_directory_is_artifact_missing(tmp_path):
    with pytest.raises(ArtifactError) as e:
        load_raw_candidate(Artifact("assay_raw", str(tmp_path / "gone"), KEY))
    assert e.value.status == "artifact_missing"
