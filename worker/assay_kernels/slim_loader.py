"""Loads extensions that Assay built on its slim path (no pybind11) and calls them like
`torch.utils.cpp_extension.load_inline` modules.

An Assay slim build is a shared library exporting four C functions (see
Sources/AssayKernels/Resources/slim/include/assay/slim_binding.h):

    int32_t     assay_abi_version(void);
    const char* assay_describe(void);      # "relu_cuda(T)->T;fused(T,T,d)->L;"
    int32_t     assay_call(index, ctx, args, nargs, rets, max_rets, *nrets, err, errlen);
    int32_t     assay_live_handles(int64_t* out, int32_t capacity);

`load(path)` returns a module-like object with one Python function per bound C++ function.
Arguments are converted the way pybind11 converts them for load_inline modules (tensors,
ints, floats, bools; None for optional tensors), and C++ exceptions come back as the Python
exceptions pybind11 would raise (RuntimeError, ValueError, IndexError, ...).

Every tensor the C++ code allocates or re-views goes through `_host_op`, which runs the same
torch operation in Python (`torch.empty`, `torch.empty_like`, `Tensor.contiguous`, ...), so
allocation, default dtype, device placement and memory format are torch's own.

Tensors the C++ code keeps after a call returns (in a static, a global, a cache object) stay
alive: every tensor handed to C++ has a handle unique in the process, and after each call the
loader asks the library which handles its live tensor descriptions still name
(`assay_live_handles`) and holds those torch tensors until the library drops them. So a kept
tensor's memory is never freed under it and returning it later gives back the same torch
tensor, as load_inline's reference-counted `at::Tensor` would.
"""
from __future__ import annotations

import ctypes
import itertools
import threading
from typing import Any, Callable, Optional

import torch

ABI_VERSION = 2
MAX_DIMS = 16
MAX_RETURNS = 64

NONE, TENSOR, INT, DOUBLE, BOOL = 0, 1, 2, 3, 4

# c10::ScalarType numbering.
_DTYPE_CODES = {
    torch.uint8: 0, torch.int8: 1, torch.int16: 2, torch.int32: 3, torch.int64: 4, torch.float16: 5,
    torch.float32: 6, torch.float64: 7, torch.complex32: 8, torch.complex64: 9, torch.complex128: 10,
    torch.bool: 11, torch.bfloat16: 15,
}
_CODE_DTYPES = {v: k for k, v in _DTYPE_CODES.items()}

_ERRORS = {1: RuntimeError, 2: ValueError, 3: IndexError, 4: MemoryError, 5: TypeError, 6: OverflowError,
           7: NotImplementedError}


class TensorDesc(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p), ("handle", ctypes.c_int64), ("dtype", ctypes.c_int32),
        ("device_type", ctypes.c_int32), ("device_index", ctypes.c_int32), ("ndim", ctypes.c_int32),
        ("sizes", ctypes.c_int64 * MAX_DIMS), ("strides", ctypes.c_int64 * MAX_DIMS),
    ]


class Value(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int32), ("reserved", ctypes.c_int32), ("i", ctypes.c_int64),
                ("d", ctypes.c_double), ("t", TensorDesc)]


HOST_OP = ctypes.CFUNCTYPE(
    ctypes.c_int32, ctypes.c_char_p, ctypes.POINTER(TensorDesc), ctypes.POINTER(ctypes.c_int64), ctypes.c_int32,
    ctypes.c_double, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, ctypes.POINTER(TensorDesc),
    ctypes.c_char_p, ctypes.c_int32)


class CallContext(ctypes.Structure):
    _fields_ = [("op", HOST_OP)]


#: Tensor handles, unique in the process (0 means "no tensor").
_handles = itertools.count(1)


class _Call:
    """The tensors one call can see: its arguments, everything allocated during it, and the
    tensors its library kept from earlier calls."""

    def __init__(self, kept: dict[int, torch.Tensor]) -> None:
        self.tensors: dict[int, torch.Tensor] = {}
        self.kept = kept

    def register(self, t: torch.Tensor) -> int:
        h = next(_handles)
        self.tensors[h] = t
        return h

    def describe(self, t: torch.Tensor, out: TensorDesc) -> None:
        if t.dim() > MAX_DIMS:
            raise ValueError(f"Assay slim extensions take tensors of at most {MAX_DIMS} dimensions")
        if t.dtype not in _DTYPE_CODES:
            raise TypeError(f"unsupported tensor dtype {t.dtype}")
        if t.layout != torch.strided:
            raise TypeError("only strided (dense) tensors can be passed to an extension")
        out.data = t.data_ptr() or None
        out.handle = self.register(t)
        out.dtype = _DTYPE_CODES[t.dtype]
        device = t.device
        out.device_type = 1 if device.type == "cuda" else 0
        out.device_index = device.index if device.index is not None else -1
        n = t.dim()
        out.ndim = n
        if n:
            out.sizes[:n] = t.shape
            out.strides[:n] = t.stride()

    def tensor(self, desc: TensorDesc) -> torch.Tensor:
        base = self.tensors.get(desc.handle)
        if base is None:
            base = self.kept.get(desc.handle)
        if base is None:
            raise RuntimeError(f"extension returned a tensor Assay did not hand out (handle {desc.handle})")
        n = desc.ndim
        if (tuple(base.shape) == tuple(desc.sizes[:n]) and base.stride() == tuple(desc.strides[:n])
                and (base.data_ptr() or None) == desc.data):
            return base
        raise RuntimeError("extension returned tensor metadata that does not match its storage")


_local = threading.local()


def _current() -> _Call:
    stack = getattr(_local, "calls", None)
    if not stack:
        raise RuntimeError("torch operation requested outside an extension call")
    return stack[-1]


def _options(dtype: int, device_type: int, device_index: int) -> dict:
    opts: dict[str, Any] = {}
    if dtype >= 0:
        opts["dtype"] = _CODE_DTYPES[dtype]
    if device_type == 1:
        opts["device"] = torch.device("cuda", device_index) if device_index >= 0 else torch.device("cuda")
    elif device_type == 0:
        opts["device"] = torch.device("cpu")
    return opts


def _run_op(name: str, self_t: Optional[torch.Tensor], ints: list[int], scalar: float, dtype: int, device_type: int,
            device_index: int) -> Any:
    opts = _options(dtype, device_type, device_index)
    if name == "empty":
        return torch.empty(ints, **opts)
    if name == "zeros":
        return torch.zeros(ints, **opts)
    if name == "ones":
        return torch.ones(ints, **opts)
    if name == "full":
        return torch.full(ints, scalar, **opts)
    if name == "empty_strided":
        half = len(ints) // 2
        return torch.empty_strided(ints[:half], ints[half:], **opts)
    if name == "current_stream":
        index = device_index if device_index >= 0 else torch.cuda.current_device()
        return ("stream", torch.cuda.current_stream(index).cuda_stream, index)
    assert self_t is not None, name
    if name == "empty_like":
        return torch.empty_like(self_t, **opts)
    if name == "zeros_like":
        return torch.zeros_like(self_t, **opts)
    if name == "ones_like":
        return torch.ones_like(self_t, **opts)
    if name == "full_like":
        return torch.full_like(self_t, scalar, **opts)
    if name == "contiguous":
        return self_t.contiguous()
    if name == "clone":
        return self_t.clone()
    if name == "view":
        return self_t.view(ints)
    if name == "reshape":
        return self_t.reshape(ints)
    if name == "flatten":
        return self_t.flatten(ints[0], ints[1])
    if name == "transpose":
        return self_t.transpose(ints[0], ints[1])
    if name == "permute":
        return self_t.permute(ints)
    if name == "t":
        return self_t.t()
    if name == "unsqueeze":
        return self_t.unsqueeze(ints[0])
    if name == "squeeze":
        return self_t.squeeze(ints[0]) if ints else self_t.squeeze()
    if name == "expand":
        return self_t.expand(ints)
    if name == "narrow":
        return self_t.narrow(ints[0], ints[1], ints[2])
    if name == "select":
        return self_t.select(ints[0], ints[1])
    if name == "to":
        if "device" in opts:
            return self_t.to(device=opts["device"])
        return self_t.to(opts["dtype"])
    if name == "zero_":
        return self_t.zero_()
    if name == "fill_":
        return self_t.fill_(scalar)
    raise NotImplementedError(f"Assay slim extensions have no operation '{name}'")


def _host_op(name_p, self_p, ints_p, nints, scalar, dtype, device_type, device_index, out_p, err_p, errlen):
    """Called from C++ for every allocation, copy and re-view; runs the torch operation."""
    try:
        call = _current()
        name = name_p.decode()
        self_t = call.tensor(self_p.contents) if self_p else None
        ints = [ints_p[k] for k in range(nints)] if nints else []
        result = _run_op(name, self_t, ints, scalar, dtype, device_type, device_index)
        out = out_p.contents
        if isinstance(result, tuple) and result[0] == "stream":
            out.handle = 0
            out.data = result[1] or None
            out.device_index = result[2]
            out.ndim = 0
            return 0
        call.describe(result, out)
        return 0
    except Exception as e:  # reported to C++, which raises it as the matching c10 error
        kind = {ValueError: 2, IndexError: 3, TypeError: 5}.get(type(e), 1)
        message = f"{type(e).__name__}: {e}".encode()[: max(0, errlen - 1)]
        ctypes.memmove(err_p, message + b"\0", len(message) + 1)
        return kind


_HOST_OP = HOST_OP(_host_op)
_CONTEXT = CallContext(_HOST_OP)


def _fresh_buffers() -> tuple[Any, ctypes.c_int32, Any]:
    """What ``assay_call`` writes its results, their count and its error message into."""
    return (Value * MAX_RETURNS)(), ctypes.c_int32(0), ctypes.create_string_buffer(4096)


def _buffers() -> tuple[Any, ctypes.c_int32, Any]:
    """This thread's reusable result buffers."""
    buffers = getattr(_local, "buffers", None)
    if buffers is None:
        buffers = _local.buffers = _fresh_buffers()
    return buffers


class SlimFunction:
    """One bound function; calling it converts arguments like pybind11 would."""

    def __init__(self, library: "SlimExtension", index: int, name: str, params: str, returns: str):
        self._library = library
        self._index = index
        self.__name__ = name
        self.__doc__ = name
        self.params = params
        self.returns = returns

    def __repr__(self) -> str:
        return f"<assay slim function {self.__name__}({self.params})->{self.returns}>"

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.params):
            raise TypeError(f"{self.__name__}(): incompatible function arguments: expected {len(self.params)}, "
                            f"got {len(args)}")
        call = _Call(self._library.kept)
        values = (Value * max(1, len(args)))()
        for k, (code, a) in enumerate(zip(self.params, args)):
            v = values[k]
            if code in "TO":
                if a is None and code == "O":
                    v.kind = NONE
                elif isinstance(a, torch.Tensor):
                    v.kind = TENSOR
                    call.describe(a, v.t)
                else:
                    raise TypeError(f"{self.__name__}(): incompatible function arguments: argument {k} must be a "
                                    f"Tensor, got {type(a).__name__}")
            elif code == "i":
                if isinstance(a, bool) or not hasattr(a, "__index__"):
                    raise TypeError(f"{self.__name__}(): incompatible function arguments: argument {k} must be an "
                                    f"int, got {type(a).__name__}")
                v.kind = INT
                v.i = a.__index__()
            elif code == "d":
                if isinstance(a, bool) or not hasattr(a, "__float__"):
                    raise TypeError(f"{self.__name__}(): incompatible function arguments: argument {k} must be a "
                                    f"float, got {type(a).__name__}")
                v.kind = DOUBLE
                v.d = float(a)
            elif code == "b":
                if not isinstance(a, bool):
                    raise TypeError(f"{self.__name__}(): incompatible function arguments: argument {k} must be a "
                                    f"bool, got {type(a).__name__}")
                v.kind = BOOL
                v.i = int(a)
        stack = getattr(_local, "calls", None)
        if stack is None:
            stack = _local.calls = []
        # The result buffers are reused by this thread's calls (about 20 KB to clear otherwise: a
        # per-call cost that timing would charge to the candidate); a nested call gets its own.
        rets, nrets, err = _buffers() if not stack else _fresh_buffers()
        stack.append(call)
        try:
            rc = self._library._call(self._index, ctypes.byref(_CONTEXT), values, len(args), rets, MAX_RETURNS,
                                     ctypes.byref(nrets), err, len(err))
            if rc != 0:
                raise _ERRORS.get(rc, RuntimeError)(err.value.decode(errors="replace"))
            out = [self._result(call, rets[k]) for k in range(nrets.value)]
        finally:
            stack.pop()
            self._library.keep_live(call)
        if self.returns == "v":
            return None
        if self.returns == "L":
            return out
        if self.returns == "U":
            return tuple(out)
        return out[0]

    @staticmethod
    def _result(call: _Call, v: Value) -> Any:
        if v.kind == NONE:
            return None
        if v.kind == TENSOR:
            return call.tensor(v.t)
        if v.kind == INT:
            return v.i
        if v.kind == DOUBLE:
            return v.d
        if v.kind == BOOL:
            return bool(v.i)
        raise RuntimeError(f"bad result kind {v.kind}")


class SlimExtension:
    """A loaded slim extension: attributes are the bound functions."""

    def __init__(self, path: str, name: Optional[str] = None):
        self.__file__ = path
        self.__name__ = name or path
        self._dll = ctypes.CDLL(path, mode=ctypes.RTLD_LOCAL)
        self._dll.assay_abi_version.restype = ctypes.c_int32
        version = self._dll.assay_abi_version()
        if version != ABI_VERSION:
            raise ImportError(f"{path}: Assay slim ABI {version}, this loader speaks {ABI_VERSION}")
        self._dll.assay_describe.restype = ctypes.c_char_p
        self._live = self._dll.assay_live_handles
        self._live.restype = ctypes.c_int32
        self._live.argtypes = [ctypes.POINTER(ctypes.c_int64), ctypes.c_int32]
        self._live_buffer = (ctypes.c_int64 * 64)()
        #: torch tensors the C++ code still holds after the call that handed them over, by handle
        self.kept: dict[int, torch.Tensor] = {}
        self._call = self._dll.assay_call
        self._call.restype = ctypes.c_int32
        self._call.argtypes = [ctypes.c_int32, ctypes.c_void_p, ctypes.POINTER(Value), ctypes.c_int32,
                               ctypes.POINTER(Value), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32),
                               ctypes.c_char_p, ctypes.c_int32]
        self.functions: dict[str, SlimFunction] = {}
        for index, entry in enumerate(e for e in self._dll.assay_describe().decode().split(";") if e):
            name_part, _, rest = entry.partition("(")
            params, _, returns = rest.partition(")->")
            fn = SlimFunction(self, index, name_part, params, returns)
            self.functions[name_part] = fn
            setattr(self, name_part, fn)

    def __repr__(self) -> str:
        return f"<assay slim extension {self.__name__} from {self.__file__}>"

    def live_handles(self) -> set[int]:
        """The handles that the library's live tensor descriptions name."""
        count = self._live(self._live_buffer, len(self._live_buffer))
        if count > len(self._live_buffer):
            self._live_buffer = (ctypes.c_int64 * (2 * count))()
            count = self._live(self._live_buffer, len(self._live_buffer))
        return set(self._live_buffer[:count])

    def keep_live(self, call: _Call) -> None:
        """After a call: holds the tensors the C++ code kept, lets go of those it dropped."""
        live = self.live_handles()
        if not live and not self.kept:
            return
        for h in [h for h in self.kept if h not in live]:
            del self.kept[h]
        for h, t in call.tensors.items():
            if h in live:
                self.kept[h] = t


def load(path: str, name: Optional[str] = None) -> SlimExtension:
    """Loads a slim extension built by `assay kernel compile`."""
    return SlimExtension(path, name)
