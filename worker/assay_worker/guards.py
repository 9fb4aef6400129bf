"""Runtime guards in the child: identity of timer/sync/RNG/compare functions, precision flags,
thread counts, and poisoning of the caching allocator's free memory. Imports torch."""

from __future__ import annotations

import builtins
import os
import threading
import time
from typing import Any

import torch

# (dotted owner, attribute) pairs whose identity must not change once the candidate is imported.
_WATCHED: tuple[tuple[str, str], ...] = tuple(
    [("time", n) for n in ("perf_counter", "perf_counter_ns", "time", "time_ns", "monotonic",
                           "monotonic_ns", "process_time", "sleep")]
    + [("torch.cuda", n) for n in ("synchronize", "Event", "Stream", "current_stream", "default_stream",
                                   "set_stream", "stream", "empty_cache", "memory_snapshot", "manual_seed",
                                   "manual_seed_all")]
    + [("torch.cuda.Event", n) for n in ("record", "synchronize", "elapsed_time", "query", "wait")]
    + [("torch.cuda.Stream", n) for n in ("synchronize", "query", "wait_stream", "wait_event")]
    + [("torch", n) for n in ("manual_seed", "rand", "randn", "randint", "rand_like", "randn_like",
                              "randint_like", "normal", "empty", "empty_like", "zeros", "ones", "full",
                              "allclose", "isclose", "equal", "isnan", "isinf", "isfinite", "abs", "where",
                              "logical_and", "logical_or", "logical_not", "any", "all", "clone", "stack",
                              "cat", "linalg", "no_grad", "compile")]
    + [("torch.Tensor", n) for n in ("clone", "copy_", "float", "double", "to", "cpu", "item", "tolist",
                                     "abs", "sub", "__sub__", "__gt__", "__ne__", "__eq__", "__mul__",
                                     "__add__", "__or__", "__and__", "__invert__", "isnan", "isinf", "any",
                                     "all", "sum", "nonzero", "fill_", "uniform_", "normal_", "data_ptr",
                                     "untyped_storage", "stride", "size", "numel", "is_contiguous",
                                     "view", "reshape", "flatten", "contiguous", "element_size", "equal",
                                     "__torch_function__")]
    + [("torch.nn.Module", n) for n in ("__call__", "_call_impl", "load_state_dict", "state_dict")]
    + [("builtins", n) for n in ("type", "isinstance", "len", "id", "abs", "float", "max", "min", "range",
                                 "zip", "sorted", "sum", "print")]
    + [("threading", n) for n in ("active_count", "enumerate")]
    + [("os", n) for n in ("listdir", "getpid", "_exit")]
)

_MODULES: dict[str, Any] = {
    "time": time, "torch": torch, "torch.cuda": torch.cuda, "torch.cuda.Event": torch.cuda.Event,
    "torch.cuda.Stream": torch.cuda.Stream, "torch.Tensor": torch.Tensor, "torch.nn.Module": torch.nn.Module,
    "builtins": builtins, "threading": threading, "os": os,
}

_MISSING = object()


def _lookup(owner: Any, name: str) -> Any:
    # class attributes through __dict__ so descriptors compare by identity, not by binding
    if isinstance(owner, type):
        for klass in owner.__mro__:
            if name in klass.__dict__:
                return klass.__dict__[name]
        return _MISSING
    return getattr(owner, name, _MISSING)


class IdentityGuard:
    """Remembers the watched functions and reports any that were replaced since."""

    def __init__(self) -> None:
        self._saved = {(o, n): _lookup(_MODULES[o], n) for o, n in _WATCHED}
        self._owners = {o: _MODULES[o] for o in _MODULES}
        self._flags = precision_flags()

    def changed(self) -> list[str]:
        """Dotted names of watched attributes whose object is no longer the saved one."""
        out = []
        for (o, n), saved in self._saved.items():
            if _lookup(self._owners[o], n) is not saved:
                out.append(f"{o}.{n}")
        for mod_name, mod in (("time", time), ("torch", torch), ("torch.cuda", torch.cuda)):
            import sys
            if sys.modules.get(mod_name) is not mod:
                out.append(f"sys.modules[{mod_name!r}]")
        return out

    def changed_flags(self) -> list[str]:
        """Precision/determinism flags that differ from their values at snapshot time."""
        now = precision_flags()
        return [f"{k}: {self._flags[k]!r} -> {now[k]!r}" for k in self._flags if now.get(k) != self._flags[k]]


def precision_flags() -> dict[str, Any]:
    """Global switches that change float32 numerics (TF32, reduced-precision reductions)."""
    m = torch.backends.cuda.matmul
    return {
        "torch.backends.cuda.matmul.allow_tf32": m.allow_tf32,
        "torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction": m.allow_fp16_reduced_precision_reduction,
        "torch.backends.cuda.matmul.allow_bf16_reduced_precision_reduction": m.allow_bf16_reduced_precision_reduction,
        "torch.backends.cudnn.allow_tf32": torch.backends.cudnn.allow_tf32,
        "torch.float32_matmul_precision": torch.get_float32_matmul_precision(),
        "torch.default_dtype": str(torch.get_default_dtype()),
    }


#: Packages whose threads are the libraries' own (torch.compile's compile pool, the profiler, ...).
LIBRARY_THREAD_PACKAGES = ("torch", "triton", "concurrent", "multiprocessing", "queue")


def thread_idents() -> set[int]:
    """The identities of this process's live Python threads."""
    return {t.ident for t in threading.enumerate() if t.ident is not None}


def thread_origin(thread: threading.Thread) -> str:
    """The module that a thread runs code from: its target's, or its class's when it has none."""
    target = getattr(thread, "_target", None)
    if target is not None:
        module = getattr(target, "__module__", None) or getattr(getattr(target, "__func__", None), "__module__", None)
        if module:
            return str(module)
        return type(target).__module__
    return type(thread).__module__


def new_threads(before: set[int]) -> tuple[list[str], list[str]]:
    """Threads started since ``before``, described as "name (module)": (the candidate's or of
    unknown origin, the libraries'). A thread counts as a library's when the code it runs comes
    from one of :data:`LIBRARY_THREAD_PACKAGES`."""
    own: list[str] = []
    library: list[str] = []
    for t in threading.enumerate():
        if t.ident is None or t.ident in before:
            continue
        origin = thread_origin(t)
        (library if origin.split(".")[0] in LIBRARY_THREAD_PACKAGES else own).append(f"{t.name} ({origin})")
    return own, library


def thread_counts() -> tuple[int, int]:
    """(Python threads, OS threads of this process)."""
    try:
        os_threads = len(os.listdir("/proc/self/task"))
    except OSError:
        os_threads = -1
    return threading.active_count(), os_threads


POISON_BYTE = 0xFF  # 0xFF.. is NaN in float16/bfloat16/float32/float64 and -1 in signed integers


class _DeviceBytes:
    """A view of ``size`` bytes of device memory at ``address`` (CUDA array interface), so that
    torch can fill memory the caching allocator holds as free without allocating it."""

    def __init__(self, address: int, size: int):
        self.__cuda_array_interface__ = {"shape": (size,), "typestr": "|u1", "data": (address, False),
                                         "strides": None, "version": 3}


def _free_blocks(dev_index: int) -> tuple[list[tuple[int, int]], bool]:
    """(address, size) of every inactive block of the caching allocator on the device, and
    whether any segment is expandable (its free ranges may be unmapped: not writable in place)."""
    blocks: list[tuple[int, int]] = []
    expandable = False
    for seg in torch.cuda.memory_snapshot():
        if seg.get("device") != dev_index:
            continue
        expandable = expandable or bool(seg.get("is_expandable"))
        offset = int(seg.get("address", 0))
        for block in seg.get("blocks", []):
            size = int(block.get("size", 0))
            address = int(block.get("address", offset))
            if block.get("state") == "inactive" and size > 0:
                blocks.append((address, size))
            offset = address + size
    return blocks, expandable


def poison_free_memory(device: torch.device, max_rounds: int = 8) -> int:
    """Fills every free block of the caching allocator with 0xFF; returns the bytes poisoned.

    Reads the allocator's segments (``torch.cuda.memory_snapshot``) and fills each inactive block
    in place, through a view of its address (no allocation, one fill per block). Any
    ``torch.empty`` the candidate makes afterwards that is served from cached memory therefore
    reads NaN, never a stale reference result. Expandable segments (``expandable_segments:True``
    in ``PYTORCH_CUDA_ALLOC_CONF``) may leave free ranges unmapped; with those the blocks are
    allocated by their exact size instead (best fit takes exactly that block), filled and freed,
    in rounds while inactive blocks remain.
    """
    dev_index = device.index if device.index is not None else torch.cuda.current_device()
    blocks, expandable = _free_blocks(dev_index)
    if not expandable:
        try:
            for address, size in blocks:
                torch.as_tensor(_DeviceBytes(address, size), device=device).fill_(POISON_BYTE)
        finally:
            torch.cuda.synchronize(device)
        return sum(size for _, size in blocks)
    held: list[torch.Tensor] = []
    poisoned = 0
    try:
        for _ in range(max_rounds):
            if not blocks:
                break
            for size in sorted((size for _, size in blocks), reverse=True):
                t = torch.empty(size, dtype=torch.uint8, device=device)
                t.fill_(POISON_BYTE)
                held.append(t)
                poisoned += size
            blocks, _ = _free_blocks(dev_index)   # what the allocations left (split remainders)
    finally:
        torch.cuda.synchronize(device)
        held.clear()
    return poisoned
