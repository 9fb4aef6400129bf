#!/usr/bin/env python3
"""Finds what Assay's kernel compile path needs, without importing torch (fast: ~40 ms).

Prints JSON: {"nvidia_dirs": [...], "torch": {...} or null}.
- nvidia_dirs: directories of the `nvidia` namespace package (PyPI's nvidia-cuda-nvcc puts
  nvcc under nvidia/cu13/bin or nvidia/cuda_nvcc/bin).
- torch: version, CUDA version it was built for, its directory, whether its CUDA libraries are
  present (so load_inline can build CUDA extensions), and the flags load_inline passes to nvcc
  (COMMON_NVCC_FLAGS and the -std flag), read from torch/utils/cpp_extension.py's source.
"""
import ast
import importlib.util
import json
import os
import re
import shutil
import sys


def nvidia_dirs():
    try:
        spec = importlib.util.find_spec("nvidia")
    except (ImportError, ValueError):
        return []
    return list(spec.submodule_search_locations or []) if spec else []


def torch_info():
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    root = os.path.dirname(spec.origin)
    info = {"directory": root, "version": None, "cuda": None, "cuda_libraries": False,
            "common_nvcc_flags": None, "std": None, "ninja": shutil.which("ninja") is not None}
    try:
        text = open(os.path.join(root, "version.py")).read()
        m = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        info["version"] = m.group(1) if m else None
        m = re.search(r"^cuda\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", text, re.M)
        info["cuda"] = m.group(1) if m else None
    except OSError:
        pass
    lib = os.path.join(root, "lib")
    info["cuda_libraries"] = os.path.exists(os.path.join(lib, "libtorch_cuda.so"))
    try:
        source = open(os.path.join(root, "utils", "cpp_extension.py")).read()
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COMMON_NVCC_FLAGS"
                                                    for t in node.targets):
                info["common_nvcc_flags"] = ast.literal_eval(node.value)
        stds = re.findall(r"'-std=(c\+\+\d+)'", source)
        if stds:
            info["std"] = max(set(stds), key=stds.count)
    except (OSError, SyntaxError, ValueError):
        pass
    return info


json.dump({"nvidia_dirs": nvidia_dirs(), "torch": torch_info(), "python": sys.executable}, sys.stdout)
