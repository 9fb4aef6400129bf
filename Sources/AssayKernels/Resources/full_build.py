#!/usr/bin/env python3
"""Assay's full build path: torch.utils.cpp_extension.load_inline itself, in a subprocess.

Used when Assay's slim torch header does not cover a candidate. Reads a JSON request on stdin:
  {"name", "cpp_sources": [str], "cuda_sources": [str], "functions": [str], "extra_cflags",
   "extra_cuda_cflags", "extra_ldflags", "with_cuda", "no_implicit_headers",
   "with_pytorch_error_handling", "build_directory", "result"}
builds with load_inline(..., build_directory=...) (which also imports the module, as the
candidate's own load_inline call would), and writes {"ok": bool, "library": path, "error": str}
to the `result` path. The build log goes to stdout/stderr.
TORCH_CUDA_ARCH_LIST is set by the caller, so the architecture flags are load_inline's own.
"""
import json
import sys
import traceback


def main() -> int:
    request = json.load(sys.stdin)
    result = {"ok": False, "library": None, "error": None}
    try:
        from torch.utils.cpp_extension import load_inline

        module = load_inline(
            name=request["name"],
            cpp_sources=request["cpp_sources"],
            cuda_sources=request["cuda_sources"] or None,
            functions=request["functions"],
            extra_cflags=request["extra_cflags"] or None,
            extra_cuda_cflags=request["extra_cuda_cflags"] or None,
            extra_ldflags=request["extra_ldflags"] or None,
            with_cuda=request["with_cuda"],
            no_implicit_headers=request["no_implicit_headers"],
            with_pytorch_error_handling=request["with_pytorch_error_handling"],
            build_directory=request["build_directory"],
            verbose=True,
        )
        result["ok"] = True
        result["library"] = getattr(module, "__file__", None)
    except BaseException as e:  # report every failure, including SystemExit from a build tool
        result["error"] = f"{type(e).__name__}: {e}"
        traceback.print_exc()
    with open(request["result"], "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
