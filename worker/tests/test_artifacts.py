"""The artifact map and the load_inline/load replacement, with a real CPython extension (no torch)."""

import shutil
import subprocess
import sysconfig

import pytest

from assay_worker import digest
from assay_worker.artifacts import ArtifactError, ExtensionShim, load_pybind_so
from assay_worker.protocol import Artifact

EXT_C = r"""
#include <Python.h>
static PyObject* answer(PyObject* self, PyObject* args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, "42"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "ext_answer", NULL, -1, methods};
PyMODINIT_FUNC PyInit_ext_answer(void) { return PyModule_Create(&def); }
"""

CUDA = "__global__ void k1(float* y) {}\n__global__ void k2(float* y) {}"
CPP = "int answer();"


def _compiler() -> str:
    for c in ("cc", "gcc", "/opt/gcc/bin/gcc"):
        found = shutil.which(c)
        if found:
            return found
    pytest.fail("no C compiler found (cc, gcc, /opt/gcc/bin/gcc) to build the test extension")


@pytest.fixture(scope="module")
def ext_path(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("ext")
    src = d / "ext.c"
    src.write_text(EXT_C)
    out = d / ("ext_answer" + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run([_compiler(), "-shared", "-fPIC", "-I", sysconfig.get_paths()["include"], "-o", str(out), str(src)],
                   check=True)
    return str(out)


def call_args(name="ext_answer", cpp=CPP, cuda=CUDA, functions=("answer",), **extra):
    a = {"name": name, "cpp_sources": cpp, "cuda_sources": cuda, "functions": list(functions),
         "extra_cflags": None, "extra_cuda_cflags": None, "extra_ldflags": None, "extra_include_paths": None,
         "is_python_module": True}
    a.update(extra)
    return a


def good_digest():
    return digest.load_inline_digest(CPP, CUDA, ["answer"])


def no_jit():
    raise AssertionError("JIT must not run")


def test_loader_imports_a_real_extension(ext_path):
    mod = load_pybind_so("ext_answer", ext_path)
    assert mod.answer() == 42


def test_matching_artifact_is_returned_and_kernels_recorded(ext_path):
    shim = ExtensionShim({"ext_answer": Artifact("pybind_so", ext_path, good_digest())}, allow_jit=False)
    mod = shim._resolve("load_inline", call_args(), no_jit)
    assert mod.answer() == 42
    assert shim._resolve("load_inline", call_args(), no_jit) is mod      # second call: same module
    assert [r.source for r in shim.records] == ["artifact"]
    assert shim.declared_kernels == ["k1", "k2"] and shim.refusal is None


def test_artifact_built_from_other_sources_is_refused(ext_path):
    shim = ExtensionShim({"ext_answer": Artifact("pybind_so", ext_path, good_digest())}, allow_jit=True)
    with pytest.raises(ArtifactError) as e:
        shim._resolve("load_inline", call_args(cuda=CUDA + " "), no_jit)
    assert e.value.status == "artifact_mismatch"
    assert shim.refusal is not None and shim.refusal.status == "artifact_mismatch"


def test_flags_are_part_of_the_match(ext_path):
    shim = ExtensionShim({"ext_answer": Artifact("pybind_so", ext_path, good_digest())}, allow_jit=False)
    with pytest.raises(ArtifactError) as e:
        shim._resolve("load_inline", call_args(extra_cuda_cflags=["--use_fast_math"]), no_jit)
    assert e.value.status == "artifact_mismatch"


def test_missing_artifact_without_jit_is_refused_even_if_caught():
    shim = ExtensionShim({}, allow_jit=False)
    try:
        shim._resolve("load_inline", call_args(), no_jit)
    except ArtifactError:
        pass  # a candidate's try/except fallback
    assert shim.refusal is not None and shim.refusal.status == "artifact_missing"
    assert "allow_jit is false" in shim.refusal.error


def test_missing_artifact_with_jit_compiles():
    shim = ExtensionShim({}, allow_jit=True)
    sentinel = object()
    assert shim._resolve("load_inline", call_args(), lambda: sentinel) is sentinel
    assert [r.source for r in shim.records] == ["jit"] and shim.refusal is None


def test_artifact_file_absent(tmp_path):
    shim = ExtensionShim({"ext_answer": Artifact("pybind_so", str(tmp_path / "nope.so"), good_digest())}, allow_jit=False)
    with pytest.raises(ArtifactError) as e:
        shim._resolve("load_inline", call_args(), no_jit)
    assert e.value.status == "artifact_missing"


def test_non_python_module_needs_jit(ext_path):
    shim = ExtensionShim({"ext_answer": Artifact("pybind_so", ext_path, good_digest())}, allow_jit=False)
    with pytest.raises(ArtifactError):
        shim._resolve("load_inline", call_args(is_python_module=False), no_jit)


def test_load_hashes_file_contents(ext_path, tmp_path):
    cu = tmp_path / "k.cu"
    cu.write_text(CUDA)
    d = digest.load_digest([CUDA])
    shim = ExtensionShim({"ext_answer": Artifact("pybind_so", ext_path, d)}, allow_jit=False)
    args = {"name": "ext_answer", "sources": [str(cu)], "extra_cflags": None, "extra_cuda_cflags": None,
            "extra_ldflags": None, "extra_include_paths": None, "is_python_module": True}
    assert shim._resolve("load", args, no_jit).answer() == 42
    cu.write_text(CUDA + "// changed")
    shim2 = ExtensionShim({"ext_answer": Artifact("pybind_so", ext_path, d)}, allow_jit=False)
    with pytest.raises(ArtifactError) as e:
        shim2._resolve("load", args, no_jit)
    assert e.value.status == "artifact_mismatch"


def test_a_raw_kernel_build_is_never_handed_to_load_inline(tmp_path):
    shim = ExtensionShim({"ext_answer": Artifact("assay_raw", str(tmp_path), good_digest())}, allow_jit=True)
    with pytest.raises(ArtifactError) as e:
        shim._resolve("load_inline", call_args(), no_jit)
    assert e.value.status == "artifact_mismatch" and "raw-kernel" in e.value.message
