"""Builds jit_candidate's extension with the real ``load_inline`` (the slow standard path).

Usage: python3 bench/build_jit.py BUILD_DIR  -> prints {"so": path, "seconds": s} on stdout.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jit_candidate as jc  # noqa: E402
import torch.utils.cpp_extension as ce  # noqa: E402

build_dir = os.path.join(sys.argv[1], jc.NAME)
os.makedirs(build_dir, exist_ok=True)
began = time.perf_counter()
ce.load_inline(name=jc.NAME, cpp_sources=jc.CPP, cuda_sources=jc.CUDA, functions=jc.FUNCS, build_directory=build_dir)
print(json.dumps({"so": os.path.join(build_dir, jc.NAME + ".so"), "seconds": round(time.perf_counter() - began, 2)}))
