"""Loads any build `assay kernel compile` produced, from its cache directory.

    ext = load_build("/cache/b2/b216...")      # the `directory` of a build in the JSON report

- slim builds: an Assay slim extension (see slim_loader), called like a load_inline module;
- full builds: the pybind11 module load_inline built, imported by path;
- raw builds: a RawKernelModule that allocates and launches as the launch plan says.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
from typing import Any

import torch  # noqa: F401  (full builds link against torch's libraries, which must be loaded first)

from . import slim_loader


def read_manifest(directory: str) -> dict:
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("format") != "assay-kernel-build/1":
        raise ImportError(f"{directory}: not an Assay kernel build")
    return manifest["build"]


def load_build(directory: str) -> Any:
    """The extension (or raw kernel module) built in `directory`."""
    build = read_manifest(directory)
    if build["status"] != "compiled":
        raise ImportError(f"{directory}: the build did not succeed ({build['status']})")
    library = os.path.join(directory, build["library"])
    if build["path"] == "slim":
        return slim_loader.load(library, build["name"])
    if build["path"] == "full":
        name = build["name"]
        spec = importlib.util.spec_from_file_location(name, library)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot import {library}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules.setdefault(name, module)
        return module
    if build["path"] == "raw":
        from . import raw_launcher
        return raw_launcher.load(directory)
    raise ImportError(f"{directory}: unknown build path {build['path']!r}")
