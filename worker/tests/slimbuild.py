"""Builds a host-only Assay slim extension with ``c++`` for the CPU tests: the candidate's C++
source against the slim torch header, followed by the C entry points of ``slim_binding.h`` (the
trailer the compile service appends on its slim path, ``BuildPlan.slim``). Needs the CUDA runtime
headers (the slim header includes ``cuda_runtime.h``): a CUDA install or the PyPI package
``nvidia-cuda-runtime``."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SLIM_INCLUDE = REPO / "Sources/AssayKernels/Resources/slim/include"


def cuda_home() -> Path:
    """A directory with ``include/cuda_runtime.h`` (CUDA_HOME, /usr/local/cuda, or the PyPI package)."""
    for candidate in [os.environ.get("CUDA_HOME"), "/usr/local/cuda"]:
        if candidate and (Path(candidate) / "include/cuda_runtime.h").exists():
            return Path(candidate)
    spec = importlib.util.find_spec("nvidia")
    for root in (spec.submodule_search_locations or []) if spec else []:
        for sub in ("cu13", "cuda_runtime"):
            if (Path(root) / sub / "include/cuda_runtime.h").exists():
                return Path(root) / sub
    pytest.fail("no CUDA runtime headers: pip install nvidia-cuda-runtime")


def binding_trailer(functions: list[str]) -> list[str]:
    """The lines that bind ``functions`` through the slim C entry points."""
    lines = ["#include <assay/slim_binding.h>", "ASSAY_BINDINGS_BEGIN"]
    lines += [f"ASSAY_BIND({i}, {f})" for i, f in enumerate(functions)]
    lines += ["ASSAY_BINDINGS_END", "ASSAY_DESCRIBE_BEGIN"] + [f"ASSAY_DESCRIBE({f})" for f in functions]
    lines += ["ASSAY_DESCRIBE_END"]
    return lines


def build_host_slim(source: str, functions: list[str], out: Path, flags: tuple[str, ...] = (),
                    compiler: str = "c++") -> Path:
    """Compiles ``source`` (C++ using the torch tensor API) into the slim library ``out`` with
    ``compiler``; ``flags`` go to the compiler (defines such as the slim header's
    standard-library selection)."""
    cuda = cuda_home()
    main = out.with_suffix(".cpp")
    main.write_text("\n".join(["#include <torch/extension.h>", source] + binding_trailer(functions)))
    lib = sorted((cuda / "lib").glob("libcudart.so*")) + sorted((cuda / "lib64").glob("libcudart.so*"))
    cmd = [compiler, f"-I{SLIM_INCLUDE}", "-isystem", str(cuda / "include"), "-fPIC", "-std=c++20", *flags, "-shared",
           str(main), "-o", str(out)]
    if lib:
        cmd += [str(lib[0]), f"-Wl,-rpath,{lib[0].parent}"]
    subprocess.run(cmd, check=True)
    return out
