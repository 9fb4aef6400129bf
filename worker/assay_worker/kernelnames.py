"""Kernel names declared in CUDA sources, and matching them against profiler kernel names (pure Python)."""

from __future__ import annotations

import re
from typing import Iterable

_TOKEN = re.compile(r"[A-Za-z_]\w*|\(|\)|[^\sA-Za-z_()]")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def declared_kernels(cuda_sources: Iterable[str]) -> list[str]:
    """Names of ``__global__`` functions in the sources, first occurrence order, no duplicates.

    Handles ``template<...>``, ``extern "C"``, ``__launch_bounds__(...)`` and return types
    between ``__global__`` and the name; comments are ignored.
    """
    names: list[str] = []
    for source in cuda_sources:
        text = _COMMENT.sub(" ", source)
        for match in re.finditer(r"\b__global__\b", text):
            name = _name_after(text, match.end())
            if name and name not in names:
                names.append(name)
    return names


def _name_after(text: str, start: int) -> str | None:
    last_ident: str | None = None
    depth_skip = 0
    skipping = False
    for tok in _TOKEN.finditer(text, start):
        t = tok.group()
        if skipping:
            if t == "(":
                depth_skip += 1
            elif t == ")":
                depth_skip -= 1
                if depth_skip == 0:
                    skipping = False
            continue
        if t == "__launch_bounds__" or t == "__cluster_dims__":
            skipping = True
            depth_skip = 0
            continue
        if t == "(":
            return last_ident
        if t in (";", "{", "}"):
            return None
        if re.match(r"[A-Za-z_]", t):
            last_ident = t
    return None


def is_own_kernel(profiled_name: str, declared: Iterable[str]) -> bool:
    """Whether a profiler kernel name (demangled or mangled) is one of the declared kernels."""
    for name in declared:
        esc = re.escape(name)
        if re.search(rf"(?:^|[^\w]){esc}(?:<|\(|$)", profiled_name):
            return True
        if profiled_name.startswith("_Z") and re.search(rf"\d{esc}(?:I|P|[a-zA-Z]|$)", profiled_name):
            # mangled: _Z<len><name>... ; require the length prefix to equal len(name)
            if re.search(rf"(?<!\d){len(name)}{esc}", profiled_name):
                return True
    return False
