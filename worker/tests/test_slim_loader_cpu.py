"""The slim binding (C entry points + ctypes loader) against real load_inline, on the CPU.

Builds the same C++ source twice: with torch's own headers and pybind11 through
torch.utils.cpp_extension.load_inline, and with Assay's slim header through the slim binding,
then calls both with the same arguments and requires identical results and identical exception
types. Needs torch (the CPU wheel is enough), g++, and the CUDA runtime headers (the PyPI
package nvidia-cuda-runtime, or a CUDA install): the slim header includes cuda_runtime.h.
Slow the first time (load_inline compiles torch's headers: about a minute on two cores).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# This comparison needs torch. Without it the module is skipped, unless ASSAY_REQUIRE_TORCH=1
# says torch must be there (then the import error fails the run).
if os.environ.get("ASSAY_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="needs torch (the CPU wheel is enough); ASSAY_REQUIRE_TORCH=1 fails instead")
from torch.utils.cpp_extension import load_inline  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from assay_kernels import slim_loader  # noqa: E402
from slimbuild import build_host_slim  # noqa: E402

SOURCE = (Path(__file__).parent / "fixtures" / "cpu_extension.cpp").read_text()
FUNCTIONS = ["scale_add", "split_sign", "both", "count_dims", "fail", "fail_index", "reshape_flat", "sum_rows"]


# How the slim build selects standard-library headers: "all" is the header's default; "selective"
# is what Assay's compile service passes for this source (it names std::vector and std::tuple;
# see SlimLibrarySelection.swift), the fast first attempt.
STD_MODES = {
    "all": [],
    "selective": ["-DASSAY_SLIM_STD_SELECTIVE", "-DASSAY_STD_TUPLE=1", "-DASSAY_STD_VECTOR=1"],
}


@pytest.fixture(scope="module")
def work():
    path = Path(tempfile.mkdtemp(prefix="assay-slim-cpu-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def reference(work):
    return load_inline(name="assay_cpu_reference", cpp_sources=[SOURCE], functions=FUNCTIONS,
                       build_directory=str(work), verbose=False)


@pytest.fixture(scope="module", params=sorted(STD_MODES))
def builds(request, work, reference):
    mode = request.param
    library = build_host_slim(SOURCE, FUNCTIONS, work / f"slim_{mode}.so", tuple(STD_MODES[mode]))
    return reference, slim_loader.load(str(library))


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as e:  # the exception type is part of the behaviour being compared
        return ("error", type(e).__name__)


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, torch.Tensor):
        return a.dtype == b.dtype and a.shape == b.shape and a.stride() == b.stride() and torch.equal(a, b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def cases():
    torch.manual_seed(0)
    x = torch.randn(3, 4)
    yield "scale_add", (x, 2.0, 1)
    yield "scale_add", (x.t(), -0.5, 3)
    yield "scale_add", (x[:, ::2], 1.5, 0)
    yield "scale_add", (x.double(), 1.0, 1)
    yield "scale_add", (x, 1, 1)
    yield "scale_add", (x, 1.0, 1.5)
    yield "scale_add", (x, "a", 1)
    yield "scale_add", (x, 1.0)
    yield "split_sign", (x,)
    yield "split_sign", (x.t(),)
    yield "both", (x, None, False)
    yield "both", (x, x * 2, True)
    yield "count_dims", (x,)
    yield "count_dims", (x.t(),)
    yield "count_dims", (torch.empty(0, 5),)
    yield "fail", (x,)
    yield "fail", (torch.empty(0),)
    yield "fail_index", (x,)
    yield "reshape_flat", (x.t(),)
    yield "reshape_flat", (x,)
    yield "sum_rows", (x,)
    yield "sum_rows", (x.t(),)
    yield "sum_rows", (x.to(torch.int32),)


@pytest.mark.parametrize("name,args", list(cases()))
def test_slim_matches_load_inline(builds, name, args):
    reference, slim = builds
    expected = outcome(getattr(reference, name), *args)
    actual = outcome(getattr(slim, name), *args)
    assert expected[0] == actual[0], (expected, actual)
    if expected[0] == "ok":
        assert same(expected[1], actual[1]), (expected, actual)
    else:
        assert expected[1] == actual[1]


def test_returned_input_is_the_same_object(builds):
    reference, slim = builds
    x = torch.randn(2, 2)
    assert reference.both(x, None, False)[0] is x
    assert slim.both(x, None, False)[0] is x


PERSISTENT = (Path(__file__).parent / "fixtures" / "cpu_persistent.cpp").read_text()
PERSISTENT_FUNCTIONS = ["cached_double", "forget"]


@pytest.fixture(scope="module")
def persistent(work):
    reference = load_inline(name="assay_cpu_persistent", cpp_sources=[PERSISTENT], functions=PERSISTENT_FUNCTIONS,
                            build_directory=str(work), verbose=False)
    library = build_host_slim(PERSISTENT, PERSISTENT_FUNCTIONS, work / "slim_persistent.so")
    return reference, slim_loader.load(str(library))


@pytest.mark.parametrize("side", ["load_inline", "slim"])
def test_a_tensor_kept_in_a_static_outlives_the_call_and_comes_back_as_itself(persistent, side):
    import gc

    ext = persistent[0] if side == "load_inline" else persistent[1]
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    first = ext.cached_double(x)
    assert torch.equal(first, x * 2)
    first_id = id(first)
    del first
    gc.collect()
    # the cache hit returns the kept output: its memory must still hold the old values
    x.add_(100)
    again = ext.cached_double(x)
    assert torch.equal(again, torch.arange(6, dtype=torch.float32).reshape(2, 3) * 2)
    assert ext.cached_double(x) is again
    del first_id
    if side == "slim":
        assert len(ext.kept) == 2   # the input and the output
    ext.forget()
    if side == "slim":
        assert ext.kept == {}
    fresh = ext.cached_double(x)
    assert torch.equal(fresh, x * 2) and fresh is not again
    ext.forget()


def test_slim_keeps_nothing_after_ordinary_calls(builds):
    _, slim = builds
    x = torch.randn(3, 4)
    slim.scale_add(x, 2.0, 1)
    slim.split_sign(x)
    assert slim.kept == {}
    assert slim.live_handles() == set()
