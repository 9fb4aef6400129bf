"""Slim builds (artifact kind ``assay_slim``) through the worker's load_inline replacement, on the CPU.

A host-only slim library is built with ``c++`` (``slimbuild.py``); the candidate's own
``load_inline`` call, replaced by ``ExtensionShim.install()`` as in the evaluation child, must
return it when name and digest match, refuse it otherwise, and attribute kernels from the call's
``cuda_sources``. Needs torch (the CPU wheel is enough) and the CUDA runtime headers; without
torch the module is skipped unless ASSAY_REQUIRE_TORCH=1 (then it fails).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.environ.get("ASSAY_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="needs torch (the CPU wheel is enough); ASSAY_REQUIRE_TORCH=1 fails instead")
import torch.utils.cpp_extension as cpp_extension  # noqa: E402

from assay_worker import digest  # noqa: E402
from assay_worker.artifacts import ArtifactError, ExtensionShim  # noqa: E402
from assay_worker.protocol import Artifact  # noqa: E402
from slimbuild import build_host_slim  # noqa: E402

SOURCE = (Path(__file__).parent / "fixtures" / "cpu_extension.cpp").read_text()
FUNCTIONS = ["scale_add", "split_sign", "count_dims"]
# The call's CUDA sources: what the profiler check attributes to the candidate. The host-only
# library stands for a build of them (the worker trusts the digest, not the library's contents).
CUDA = "__global__ void scale_kernel(float* y) {}\ntemplate <typename T> __global__ void sum_kernel(T* y) {}\n"


@pytest.fixture(scope="module")
def slim_path(tmp_path_factory) -> str:
    return str(build_host_slim(SOURCE, FUNCTIONS, tmp_path_factory.mktemp("slim") / "ext_cpu.so"))


@pytest.fixture
def installed(monkeypatch):
    """Restores torch's load_inline/load/_jit_compile after the test (install() replaces them)."""
    for attr in ("load_inline", "load", "_jit_compile"):
        monkeypatch.setattr(cpp_extension, attr, getattr(cpp_extension, attr))

    def install(artifacts: dict, allow_jit: bool = False) -> ExtensionShim:
        shim = ExtensionShim(artifacts, allow_jit)
        shim.install()
        return shim

    return install


def slim_digest(functions=FUNCTIONS, cuda=CUDA) -> str:
    return digest.load_inline_digest([SOURCE], [cuda], list(functions), None, ["-O3"])


def candidate_call(name="ext_cpu", functions=FUNCTIONS, cuda=CUDA):
    # Keyword and positional forms as candidates write them; the shim binds load_inline's signature.
    return cpp_extension.load_inline(name, [SOURCE], cuda_sources=[cuda], functions=list(functions),
                                     extra_cuda_cflags=["-O3"], verbose=False)


def test_the_candidates_load_inline_returns_the_slim_build(slim_path, installed):
    shim = installed({"ext_cpu": Artifact("assay_slim", slim_path, slim_digest())})
    ext = candidate_call()
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    assert torch.equal(ext.scale_add(x, 2.0, 1), x * 2 + 1)
    assert ext.count_dims(x) == 21 and ext.count_dims(x.t()) == 20   # dims x 10 + contiguous
    assert candidate_call() is ext                          # the same call again: the same module
    assert [(r.function, r.name, r.source) for r in shim.records] == [("load_inline", "ext_cpu", "artifact")]
    assert shim.declared_kernels == ["scale_kernel", "sum_kernel"]
    assert shim.refusal is None


def test_a_slim_build_of_other_sources_is_refused(slim_path, installed):
    shim = installed({"ext_cpu": Artifact("assay_slim", slim_path, slim_digest())})
    with pytest.raises(ArtifactError) as e:
        candidate_call(cuda=CUDA + "// edited after the build\n")
    assert e.value.status == "artifact_mismatch"
    assert shim.refusal is not None and shim.refusal.status == "artifact_mismatch"


def test_a_function_the_build_lacks_is_a_load_error(slim_path, installed):
    functions = FUNCTIONS + ["fail"]                         # in the source, not bound in this build
    shim = installed({"ext_cpu": Artifact("assay_slim", slim_path, slim_digest(functions))})
    with pytest.raises(ArtifactError) as e:
        candidate_call(functions=functions)
    assert e.value.status == "artifact_load_error" and "fail" in e.value.message
    assert shim.refusal is not None


def test_a_library_that_is_not_a_slim_build_is_a_load_error(tmp_path, installed):
    not_slim = tmp_path / "ext_cpu.so"
    not_slim.write_bytes(b"\x7fELF but not really")
    installed({"ext_cpu": Artifact("assay_slim", str(not_slim), slim_digest())})
    with pytest.raises(ArtifactError) as e:
        candidate_call()
    assert e.value.status == "artifact_load_error"


def test_a_missing_slim_library_is_artifact_missing(tmp_path, installed):
    installed({"ext_cpu": Artifact("assay_slim", str(tmp_path / "absent.so"), slim_digest())})
    with pytest.raises(ArtifactError) as e:
        candidate_call()
    assert e.value.status == "artifact_missing"
