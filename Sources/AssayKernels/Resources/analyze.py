#!/usr/bin/env python3
"""Static analysis of KernelBench-style kernel candidates for Assay.

Reads one JSON object on stdin: {"candidate": SOURCE, "problem": SOURCE or null}.
Writes one JSON object on stdout (see `main`). The candidate is only *parsed* with `ast.parse`;
nothing in it is imported, compiled to bytecode or executed.

What it reports:
- the `load_inline` extensions the candidate builds, with their sources resolved statically
  (string literals, implicit and `+` concatenation, f-strings over module-level constants,
  `"sep".join([...])`, lists, names bound at module level) and the Python line each source
  piece starts on, so compiler errors can be mapped back to the candidate;
- findings: named rules with severity `reject` or `warn` (docs/kernels.md lists them all).
Names are resolved through aliases (`import torch as t`, `from torch import relu as r`,
`f = torch.relu`, `self.f = torch.relu`, `getattr(torch, "re" + "lu")`, `functools.partial`,
`OPS[0]` of a module-level `OPS = [torch.relu]`), so renaming does not hide a call; containers
holding torch ops or nn modules are followed into forward. Dynamic attribute access on a module
(or any getattr in forward whose name does not fold to a constant) is a finding of its own.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Optional

REJECT = "reject"
WARN = "warn"

LOAD_INLINE = "torch.utils.cpp_extension.load_inline"
LOAD_INLINE_POSITIONAL = ["name", "cpp_sources", "cuda_sources"]

# ---------------------------------------------------------------------------------------------
# Rule tables

FORBIDDEN_MODULES = {
    "os", "sys", "subprocess", "shutil", "socket", "ssl", "http", "urllib", "urllib3", "requests",
    "httpx", "aiohttp", "ftplib", "smtplib", "telnetlib", "ctypes", "cffi", "pathlib", "tempfile",
    "glob", "io", "pickle", "cPickle", "dill", "marshal", "shelve", "dbm", "sqlite3", "importlib",
    "imp", "pkgutil", "runpy", "builtins", "__builtin__", "signal", "resource", "mmap", "fcntl",
    "pty", "tty", "termios", "posix", "nt", "code", "codeop", "pdb", "bdb", "trace", "faulthandler",
    "atexit", "zipimport", "site", "sysconfig", "webbrowser", "select", "selectors", "platform",
    "psutil", "fileinput", "linecache", "zipfile", "tarfile", "gzip", "bz2", "lzma", "operator",
}
THREAD_MODULES = {"threading", "_thread", "multiprocessing", "concurrent", "asyncio", "sched", "queue"}
INTROSPECTION_MODULES = {"gc", "inspect", "traceback", "types", "dis", "ast", "weakref", "copyreg"}
UNSUPPORTED_KERNEL_MODULES = {"triton", "cupy", "numba", "pycuda", "cuda", "tvm", "tilelang", "jax"}
FORBIDDEN_BUILTINS = {
    "open": "file access", "eval": "dynamic code", "exec": "dynamic code", "compile": "dynamic code",
    "__import__": "dynamic import", "input": "reading standard input", "breakpoint": "the debugger",
    "exit": "exiting the process", "quit": "exiting the process", "globals": "namespace access",
    "locals": "namespace access", "vars": "namespace access", "memoryview": "raw memory access",
}
INTROSPECTION_ATTRS = {
    "f_back", "f_locals", "f_globals", "f_code", "f_builtins", "f_lineno", "tb_frame", "tb_next",
    "gi_frame", "gi_code", "cr_frame", "ag_frame", "__globals__", "__code__", "__closure__",
    "__subclasses__", "__mro__", "__bases__", "__base__", "__builtins__", "__dict__",
    "__getattribute__", "__setattr__", "__delattr__", "__import__", "__loader__", "__spec__",
    "co_code", "co_consts", "co_names", "__self__", "__func__", "__reduce__", "__reduce_ex__",
    "__class__", "__defaults__", "__kwdefaults__", "__wrapped__", "_getframe", "__traceback__",
}
TORCH_FUNCTION_HOOKS = {"__torch_function__", "__torch_dispatch__"}

# torch.* functions that allocate, describe or re-view tensors: glue, not compute.
TORCH_GLUE_FUNCTIONS = {
    "empty", "empty_like", "empty_strided", "zeros", "zeros_like", "ones", "ones_like", "full",
    "full_like", "tensor", "as_tensor", "is_tensor", "numel", "device", "dtype", "Size",
    "get_default_dtype", "is_floating_point", "is_complex", "no_grad", "inference_mode",
    "enable_grad", "set_grad_enabled", "reshape", "flatten", "unflatten", "unsqueeze", "squeeze",
    "transpose", "permute", "t", "narrow", "select", "chunk", "split", "unbind", "movedim",
    "as_strided", "broadcast_to", "Tensor", "float32", "float", "float64", "double", "int32",
    "int", "int64", "long", "int16", "short", "int8", "uint8", "bool", "cfloat", "contiguous_format",
    "channels_last", "strided", "preserve_format", "finfo", "iinfo", "is_grad_enabled",
}
# torch.* functions that only make sense at construction time: allowed in __init__ and at module level.
TORCH_INIT_FUNCTIONS = {
    "rand", "randn", "randint", "randperm", "rand_like", "randn_like", "manual_seed", "arange",
    "linspace", "eye", "normal", "Generator", "initial_seed", "seed",
}
TORCH_DATA_FUNCTIONS = {"cat", "concat", "concatenate", "stack", "hstack", "vstack", "dstack"}
TORCH_CUDA_ALLOWED = {
    "current_stream", "default_stream", "current_device", "is_available", "device_count",
    "get_device_properties", "get_device_capability", "get_device_name", "synchronize", "device",
    "set_device", "is_initialized", "init", "FloatTensor",
}
TORCH_CUDA_STREAMS = {
    "Stream", "stream", "Event", "graph", "CUDAGraph", "graphs", "make_graphed_callables", "set_stream",
    "ExternalStream", "StreamContext", "streams", "graph_pool_handle",
}
TORCH_LOW_PRECISION = {"float16", "half", "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz",
                       "float8_e5m2fnuz", "complex32", "chalf"}
# dtypes are values, not ops (low precision is judged on its own: precision_downcast).
TORCH_DTYPE_NAMES = TORCH_LOW_PRECISION | {
    "float32", "float", "float64", "double", "int8", "int16", "short", "int32", "int", "int64", "long", "uint8",
    "uint16", "uint32", "uint64", "bool", "complex64", "cfloat", "complex128", "cdouble", "qint8", "quint8", "qint32",
}
TENSOR_GLUE_METHODS = {
    "view", "view_as", "reshape", "reshape_as", "contiguous", "size", "dim", "ndimension", "numel",
    "nelement", "stride", "storage_offset", "is_contiguous", "data_ptr", "element_size", "get_device",
    "flatten", "unflatten", "unsqueeze", "squeeze", "transpose", "permute", "t", "narrow", "select",
    "expand", "expand_as", "unbind", "chunk", "split", "movedim", "as_strided", "detach",
    "requires_grad_", "cuda", "to", "float", "new_empty", "new_zeros", "new_ones", "new_full",
    "new_tensor", "new_empty_strided", "item", "tolist", "clone", "copy_", "zero_", "fill_", "resize_",
    "is_floating_point", "type", "cpu", "is_cuda", "dtype", "device", "shape", "ndim", "numpy",
    "is_complex", "register_buffer", "register_parameter", "parameters", "named_parameters",
    "buffers", "named_buffers", "children", "modules", "state_dict", "load_state_dict", "train",
    "eval", "apply", "keys", "values", "items", "get", "append", "extend", "format", "join", "split",
    "startswith", "endswith", "strip", "replace", "lower", "upper", "pop", "index", "count",
    "bit_length", "is_integer", "half", "bfloat16", "double", "int", "long", "bool", "short", "byte",
    "char", "storage", "untyped_storage", "dim_order", "is_set_to", "record_stream",
}
# Method names that are tensor compute when called on a tensor (or on anything not known to be
# something else). Kept explicit: an unknown method on an unknown receiver is not flagged.
TENSOR_COMPUTE_METHODS = set("""
abs absolute acos acosh add addbmm addcdiv addcmul addmm addmv addr all allclose amax amin aminmax
angle any argmax argmin argsort argwhere asin asinh atan atan2 atanh baddbmm bernoulli bincount
bitwise_and bitwise_not bitwise_or bitwise_xor bmm ceil cholesky clamp clamp_max clamp_min clip
conj cos cosh count_nonzero cov cross cummax cummin cumprod cumsum deg2rad det diag diag_embed
diagonal diff digamma dist div divide dot eq equal erf erfc erfinv exp exp2 expm1 fix flip fliplr
flipud float_power floor floor_divide fmax fmin fmod frac gather gcd ge geqrf ger greater
greater_equal gt hardshrink heaviside histc hypot i0 index_add index_copy index_fill index_put
index_select inner inverse isclose isfinite isinf isnan isneginf isposinf isreal kron kthvalue lcm
ldexp le lerp less less_equal lgamma log log10 log1p log2 log_softmax logaddexp logaddexp2 logcumsumexp
logdet logical_and logical_not logical_or logical_xor logit logsumexp lt lu masked_fill masked_scatter
masked_select matmul matrix_exp matrix_power max maximum mean median min minimum mm mode msort mul
multinomial multiply mv mvlgamma nan_to_num nanmean nanmedian nanquantile nansum ne neg negative
nextafter nonzero norm not_equal outer pinverse polygamma positive pow prod put qr quantile
rad2deg reciprocal relu remainder renorm repeat repeat_interleave roll rot90 round rsqrt scatter
scatter_add scatter_reduce sgn sigmoid sign signbit sin sinc sinh slogdet softmax sort sqrt square
std sub subtract sum svd take take_along_dim tan tanh tensordot tile topk trace tril triu true_divide
trunc unique unique_consecutive var vdot where xlogy
add_ sub_ mul_ div_ relu_ clamp_ exp_ log_ sqrt_ pow_ neg_ abs_ sigmoid_ tanh_ addmm_ baddbmm_ masked_fill_
scatter_ scatter_add_ index_add_ index_copy_ index_fill_ index_put_ clamp_min_ clamp_max_ floor_ ceil_
round_ sign_ lerp_ addcmul_ addcdiv_ fmod_ remainder_ normal_ uniform_ bernoulli_ exponential_ random_
gelu silu mish softplus hardtanh leaky_relu elu selu celu sum_to_size conv1d conv2d conv3d linear
""".split())
# Operator dunders: `x.__mul__(y)` is `x * y`, so it is tensor compute like the operator.
TENSOR_OPERATOR_DUNDERS = {
    f"__{prefix}{op}__" for op in ("add", "sub", "mul", "matmul", "truediv", "floordiv", "div", "mod", "pow",
                                   "and", "or", "xor", "lshift", "rshift")
    for prefix in ("", "r", "i")
} | {"__neg__", "__pos__", "__abs__", "__invert__", "__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"}
# Context managers that swallow exceptions: a `with` of one is a try/except fallback.
EXCEPTION_SWALLOWING = {"contextlib.suppress", "contextlib.ExitStack", "contextlib.AsyncExitStack"}
# torch.nn classes that hold other modules (or parameters) the way a list or dict does.
NN_CONTAINERS = {"ModuleList", "ModuleDict", "Sequential", "ParameterList", "ParameterDict"}
# Methods that put values into a list, dict or set (what a container may hold beyond its literal).
CONTAINER_MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "__setitem__"}
NN_MODULES_ALLOWED = {"Identity", "Flatten", "Unflatten", "Dropout", "Dropout1d", "Dropout2d",
                      "Dropout3d", "AlphaDropout", "Module", "ModuleList", "ModuleDict", "Sequential",
                      "Parameter", "ParameterList", "ParameterDict"}
INT_RETURNING_METHODS = {"size", "dim", "ndimension", "numel", "nelement", "stride", "storage_offset",
                         "element_size", "get_device", "item", "tolist", "is_contiguous", "data_ptr",
                         "bit_length", "index", "count"}
TENSOR_NON_TENSOR_ATTRS = {"shape", "dtype", "device", "ndim", "is_cuda", "requires_grad", "layout",
                           "names", "itemsize", "nbytes"}

# ---- Native (C++/CUDA) rules ----
NATIVE_TORCH_ALLOWED = set("""
empty empty_like empty_strided zeros zeros_like ones ones_like full full_like from_blob Tensor
TensorOptions IntArrayRef ScalarType Scalar Device DeviceType Half BFloat16 Layout MemoryFormat
TensorAccessor PackedTensorAccessor PackedTensorAccessor32 PackedTensorAccessor64 RestrictPtrTraits
DefaultPtrTraits GenericPackedTensorAccessor OptionalCUDAGuard CUDAGuard DeviceGuard OptionalDeviceGuard
getCurrentCUDAStream getCurrentDeviceProperties getDefaultCUDAStream getCurrentCUDABlasHandle
elementSize toString typeMetaToScalarType maybe_wrap_dim ArrayRef SymInt kCUDA kCPU dtype device
TensorArg checkAllSameGPU checkContiguous checkDim checkSize checkSameType checkScalarType
acc_type opmath_type numeric_limits Error TORCH_CHECK isFloatingType isIntegralType optional nullopt
device_of Generator get_generator_or_default CUDAGeneratorImpl detail philox_cuda_state
""".split())
NATIVE_TORCH_NAMESPACES_COMPUTE = re.compile(r"\b(?:torch|at)::(?:native|nn|functional|linalg|fft|special|cpu)::")
NATIVE_QUALIFIED_CALL = re.compile(r"\b(?:torch|at|c10)::(?:cuda::)?([A-Za-z_]\w*)\s*(?:<[^<>;()]*>)?\s*\(")
NATIVE_METHOD_CALL = re.compile(r"[\w\)\]]\s*(?:\.|->)\s*([A-Za-z_]\w*)\s*\(")
NATIVE_COMPUTE_METHODS = TENSOR_COMPUTE_METHODS - {"max", "min", "any", "all", "count", "sort",
                                                  "unique", "round", "index", "put", "take", "fix"}
NATIVE_STREAM = re.compile(
    r"\b(cudaStreamCreate\w*|cudaStreamBeginCapture\w*|cudaStreamEndCapture|cudaGraph\w+|cudaEventCreate\w*|"
    r"cudaEventRecord\w*|cudaStreamWaitEvent|cudaEventSynchronize|cudaEventElapsedTime|cudaLaunchHostFunc|"
    r"cudaStreamAddCallback|cudaStreamPerThread|cudaStreamNonBlocking|cudaStreamLegacy|getStreamFromPool|"
    r"getStreamFromExternal|setCurrentCUDAStream|CUDAStreamGuard|CUDAMultiStreamGuard|CUDAEvent|CUDAGraph|"
    r"cuStreamCreate\w*|cuGraph\w+|cuEventCreate|cuEventRecord|cudaLaunchCooperativeKernelMultiDevice)\b")
NATIVE_THREADS = re.compile(
    r"(\bstd::(?:thread|jthread|async|packaged_task)\b|\bpthread_create\b|\bfork\s*\(|#\s*pragma\s+omp\b|"
    r"#\s*include\s*<(?:thread|future|pthread\.h|omp\.h)>)")
NATIVE_FORBIDDEN = re.compile(
    r"(\bfopen\w*\s*\(|\bfreopen\s*\(|\bstd::[io]?fstream\b|\bstd::filesystem\b|(?<![\w.:>])open\s*\(|"
    r"\bcreat\s*\(|\bunlink\s*\(|(?<![\w.:>])remove\s*\(|(?<![\w.:>])rename\s*\(|\bsystem\s*\(|\bpopen\s*\(|"
    r"\bexecv?p?e?\s*\(|\bexecl[pe]?\s*\(|\bdlopen\s*\(|\bdlsym\s*\(|\bsocket\s*\(|\bconnect\s*\(|\bmmap\s*\(|"
    r"\bptrace\s*\(|\bsyscall\s*\(|\bgetenv\s*\(|\bsetenv\s*\(|\bkill\s*\(|\bexit\s*\(|\babort\s*\(|"
    r"\b_exit\s*\(|\bPy_\w+|\bPyObject\b|#\s*include\s*<(?:fstream|filesystem|dlfcn\.h|sys/socket\.h|"
    r"unistd\.h|sys/mman\.h|Python\.h|pybind11/\S*)>)")
NATIVE_LOW_PRECISION = re.compile(
    r"(\b__half2?\b|\b__nv_bfloat162?\b|\b__nv_fp8\w*|\bat::Half\b|\bc10::Half\b|\bat::BFloat16\b|"
    r"\bc10::BFloat16\b|\bkHalf\b|\bkFloat16\b|\bkBFloat16\b|\b__float2half\w*|\b__half2float\b|"
    r"\b__float2bfloat16\w*|\b__bfloat162float\b|\b__floats2half2\w*|\b__float22half2\w*|tf32|TF32|"
    r"\bwmma::precision\b|\.(?:f16|bf16|e4m3|e5m2)\b|\bhalf\s*\*|\bhalf\s+[A-Za-z_]\w*\s*[=;,)])")
NATIVE_VENDOR = re.compile(r"\b(cublas\w+|cublasLt\w+|cudnn\w+|cutlass::|cute::|thrust::|cub::|curand\w*|cufft\w+)")
NATIVE_PATCH_DEF = re.compile(
    r"(?:^|[;}\n])\s*(?:extern\s+\"[^\"\n]*\"\s*)?(?:[\w:<>\*&]+\s+)+\**\s*"
    r"(cuda[A-Z]\w*|cu[A-Z]\w*|nvtx\w*|clock_gettime|gettimeofday|dlsym|__cxa_\w+)\s*\([^;{}]*\)\s*\{")
# Token pasting (`a##b`, or its digraph `%:%:`) in a preprocessor directive builds identifiers the
# text scans above cannot see (`JOIN(cudaStream, Create)`).
NATIVE_TOKEN_PASTING = re.compile(r"^[ \t]*(?:#|%:)[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*?(##|%:%:)", re.M)
NATIVE_INCLUDE = re.compile(r"#\s*include\s*([<\"])([^>\"]*)[>\"]")

ALLOWED_CFLAG = re.compile(
    r"^(-O[0-3sfast]*|-std=(c|gnu)\+\+(14|17|20|23|1z|2a)|-D[A-Za-z_]\w*(=[\w.+\-]*)?|-U[A-Za-z_]\w*|"
    r"-ffast-math|-funroll-loops|-march=native|-mtune=native|-fno-strict-aliasing|-w|-Wall|-Wextra|"
    r"-Wno-[\w\-=]+|-g|-g0|-fPIC|-DNDEBUG|-fno-math-errno|-mavx2?|-mfma)$")
ALLOWED_CUDA_FLAG = re.compile(
    r"^(-O[0-3]|--?use_fast_math|--?ftz=(true|false)|--?prec-div=(true|false)|--?prec-sqrt=(true|false)|"
    r"--?fmad=(true|false)|-lineinfo|--?generate-line-info|--?expt-relaxed-constexpr|"
    r"--?expt-extended-lambda|--?extended-lambda|--?maxrregcount[= ]?\d+|-Xptxas[= ](-v|-O[0-3]|--?warn\w*|"
    r"-dlcm=c[ag])|--ptxas-options=(-v|-O[0-3])|-res-usage|--resource-usage|"
    r"-arch[= ]?(sm|compute)_\d+[af]?|--gpu-architecture[= ](sm|compute)_\d+[af]?|"
    r"-gencode[= ]arch=compute_\d+[af]?,code=\[?(sm|compute)_\d+[af]?(,(sm|compute)_\d+[af]?)*\]?|"
    r"-std=c\+\+(14|17|20)|--std=c\+\+(14|17|20)|-D[A-Za-z_]\w*(=[\w.+\-]*)?|-U[A-Za-z_]\w*|"
    r"-Xcompiler[= ](-O[0-3]|-fPIC|-ffast-math|-funroll-loops|-march=native|-Wall|-w|-fno-strict-aliasing)|"
    r"--compiler-options[= ]'?(-O[0-3]|-fPIC|-ffast-math)'?|-w|-Wno-deprecated-gpu-targets|--?restrict|"
    r"-Xptxas|-Xcompiler|-v|-G0|--?disable-warnings|-allow-unsupported-compiler)$")
ALLOWED_LDFLAG = re.compile(r"^-l(cublas|cublasLt|curand|cufft|cusparse|cusolver|cuda|cudart|m)$")
ARCH_FLAG = re.compile(r"^(-arch|--gpu-architecture|-gencode)")


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    line: Optional[int] = None

    def as_json(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message, "line": self.line}


@dataclass
class Piece:
    """A run of source text and the Python line where it starts (exact: every newline in the text
    is a newline in the Python file)."""
    text: str
    line: int
    exact: bool

    def as_json(self) -> dict:
        return {"text": self.text, "line": self.line, "exact": self.exact}


@dataclass
class Extension:
    index: int
    line: int
    target: Optional[str] = None
    name: Optional[str] = None
    cpp_sources: list = field(default_factory=list)   # list[list[Piece]]: one entry per source string
    cuda_sources: list = field(default_factory=list)
    functions: list = field(default_factory=list)
    extra_cflags: list = field(default_factory=list)
    extra_cuda_cflags: list = field(default_factory=list)
    extra_ldflags: list = field(default_factory=list)
    with_cuda: Optional[bool] = None
    no_implicit_headers: bool = False
    with_pytorch_error_handling: bool = True
    unresolved: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "index": self.index, "line": self.line, "target": self.target, "name": self.name,
            "cpp_sources": [[p.as_json() for p in s] for s in self.cpp_sources],
            "cuda_sources": [[p.as_json() for p in s] for s in self.cuda_sources],
            "functions": self.functions, "extra_cflags": self.extra_cflags,
            "extra_cuda_cflags": self.extra_cuda_cflags, "extra_ldflags": self.extra_ldflags,
            "with_cuda": self.with_cuda, "no_implicit_headers": self.no_implicit_headers,
            "with_pytorch_error_handling": self.with_pytorch_error_handling,
            "unresolved": self.unresolved,
        }


class Unresolved(Exception):
    def __init__(self, node: ast.AST, why: str):
        super().__init__(why)
        self.node = node
        self.why = why


# ---------------------------------------------------------------------------------------------
# Helpers


def dotted(node: ast.AST) -> Optional[str]:
    """`a.b.c` for a plain attribute chain on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def const_str(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def param_spec(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> dict:
    """Positional arity of a function without `self`: required, maximum (None: *args)."""
    args = fn.args
    positional = list(args.posonlyargs) + list(args.args)
    if positional and positional[0].arg in ("self", "cls") and not isinstance(fn, ast.Lambda):
        positional = positional[1:]
    n_defaults = len(args.defaults)
    required = max(0, len(positional) - n_defaults)
    required_kwonly = sum(1 for d in args.kw_defaults if d is None)
    return {
        "required": required, "maximum": None if args.vararg else len(positional),
        "names": [a.arg for a in positional], "required_keyword_only": required_kwonly,
    }


def describe_arity(spec: dict) -> str:
    if spec["maximum"] is None:
        return f"at least {spec['required']}"
    if spec["maximum"] == spec["required"]:
        return str(spec["required"])
    return f"{spec['required']} to {spec['maximum']}"


def strip_native_comments(code: str) -> str:
    """C/C++ source with comments and string/char literal contents blanked (newlines kept)."""
    out = []
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if code.startswith("//", i):
            j = code.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in code[i:j]))
            i = j
        elif c == '"' or c == "'":
            # Keep include paths: `#include "x"` must stay readable.
            line_start = code.rfind("\n", 0, i) + 1
            if c == '"' and code[line_start:i].strip().replace(" ", "").startswith("#include"):
                j = code.find('"', i + 1)
                j = n if j < 0 else j + 1
                out.append(code[i:j])
                i = j
                continue
            j = i + 1
            while j < n and code[j] != c and code[j] != "\n":
                j += 2 if code[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * max(0, j - i - 2) + (c if j - i >= 2 else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# The analyzer


class Analyzer:
    def __init__(self, source: str, problem: Optional[dict]):
        self.source = source
        self.problem = problem
        self.tree: Optional[ast.Module] = None
        self.findings: list[Finding] = []
        self.aliases: dict[str, str] = {}          # local name -> qualified name
        self.self_aliases: dict[str, str] = {}     # self attribute -> qualified name
        self.module_values: dict[str, list[tuple[int, ast.AST]]] = {}  # module-level bindings
        self.fixed_names: set[str] = set()         # module-level names bound once and never changed
        self.container_sources: dict[str, list[ast.AST]] = {}  # name or "self.attr" -> values put in it
        self.aliased_by: dict[str, set[str]] = {}   # container key -> keys bound to it (`o = OPS`)
        self.escaping: set[str] = set()              # names / self attrs read other than as `X[...]`
        self.loose_stores: list[ast.AST] = []        # values stored into something not known as a container
        self.extensions: list[Extension] = []
        self.ext_names: dict[str, int] = {}        # name or "self.attr" -> extension index
        self.nn_module_attrs: dict[str, str] = {}  # self attr -> nn class name
        self.tensor_attrs: set[str] = set()        # self attrs holding tensors/parameters
        self.classes: dict[str, ast.ClassDef] = {}
        self.functions: dict[str, ast.FunctionDef] = {}
        self.model_new: Optional[ast.ClassDef] = None
        self.fp32 = True if problem is None else problem.get("fp32", True)
        self.allowed_ops: set[str] = set(problem.get("allowed_ops", [])) if problem else set()
        self._seen: set[tuple] = set()
        self._container_ops: dict[tuple, tuple[list[str], list[str]]] = {}

    # ---- reporting

    def add(self, code: str, severity: str, message: str, node: Any = None, line: Optional[int] = None):
        if line is None and node is not None:
            line = getattr(node, "lineno", None)
        key = (code, line)
        if key in self._seen:
            if severity == REJECT:
                # A later, stricter rule (forward context) upgrades a warning of the same code and line.
                for f in self.findings:
                    if f.code == code and f.line == line and f.severity == WARN:
                        f.severity, f.message = REJECT, message
            return
        self._seen.add(key)
        self.findings.append(Finding(code, severity, message, line))

    # ---- entry

    def run(self) -> dict:
        try:
            self.tree = ast.parse(self.source)
        except SyntaxError as e:
            return {"syntax_error": {"message": e.msg, "line": e.lineno, "column": e.offset,
                                     "text": (e.text or "").rstrip("\n")}}
        except (RecursionError, MemoryError, ValueError) as e:
            return {"syntax_error": {"message": f"cannot parse: {type(e).__name__}", "line": None,
                                     "column": None, "text": ""}}
        self.collect_bindings()
        self.collect_extensions()
        self.collect_classes()
        self.check_module_structure()
        self.check_everywhere()
        self.check_bodies()
        self.check_reachability()
        self.check_extensions()
        return {
            "syntax_error": None,
            "extensions": [e.as_json() for e in self.extensions],
            "model_new": self.model_new_info(),
            "findings": [f.as_json() for f in self.findings],
        }

    # ---- bindings and aliases

    def collect_bindings(self):
        assert self.tree is not None
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.aliases[a.asname] = a.name
                    else:
                        root = a.name.split(".")[0]
                        self.aliases.setdefault(root, root)
            elif isinstance(node, ast.ImportFrom):
                mod = ("." * node.level) + (node.module or "")
                for a in node.names:
                    if a.name == "*":
                        self.add("star_import", REJECT,
                                 f"`from {mod} import *` hides which names come from where; import names explicitly.",
                                 node)
                        continue
                    self.aliases[a.asname or a.name] = f"{mod}.{a.name}"
        for stmt in self.tree.body:
            targets: list[ast.AST] = []
            value = None
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value = [stmt.target], stmt.value
            for t in targets:
                if isinstance(t, ast.Name):
                    self.module_values.setdefault(t.id, []).append((stmt.lineno, value))
        self.collect_fixed_names()
        self.collect_containers()
        # Plain aliases of qualified things (`r = torch.relu`), iterated so chains resolve.
        for _ in range(3):
            for name, bindings in self.module_values.items():
                q = self.qualify(bindings[-1][1])
                if q and name not in self.aliases:
                    self.aliases[name] = q

    def collect_fixed_names(self):
        """Module-level names whose one binding is their value everywhere: assigned once at module
        level, never stored, deleted, imported, used as a parameter or mutated through a method."""
        assert self.tree is not None
        stores: dict[str, int] = {}
        unsafe: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                stores[node.id] = stores.get(node.id, 0) + 1
            elif isinstance(node, ast.arg):
                unsafe.add(node.arg)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                unsafe.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                unsafe.update(node.names)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                unsafe.add(node.name)
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)) \
                    and isinstance(node.value, ast.Name):
                unsafe.add(node.value.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.attr not in ("join", "format"):
                unsafe.add(node.func.value.id)
            elif type(node).__name__ in ("MatchAs", "MatchStar") and getattr(node, "name", None):
                unsafe.add(node.name)  # type: ignore[attr-defined]
            elif type(node).__name__ == "MatchMapping" and getattr(node, "rest", None):
                unsafe.add(node.rest)  # type: ignore[attr-defined]
        self.fixed_names = {name for name, bindings in self.module_values.items()
                            if len(bindings) == 1 and stores.get(name) == 1 and name not in unsafe}
        # Names read other than as `NAME[...]` (aliased, passed, iterated): a list or dict under
        # such a name may be changed through another name.
        indexed = {id(n.value) for n in ast.walk(self.tree) if isinstance(n, ast.Subscript)}
        self.escaping = {self.container_key(n) for n in ast.walk(self.tree)  # type: ignore[misc]
                         if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Load)
                         and self.container_key(n) is not None and id(n) not in indexed}

    @staticmethod
    def container_key(node: ast.AST) -> Optional[str]:
        """`NAME` or `self.attr`: the places a container can be kept under."""
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            return "self." + node.attr
        return None

    def collect_containers(self):
        """Every value stored under a name or self attribute that is (also) a list, tuple, dict or
        set: its literals, `x[k] = v` stores, `append`/`update`/... arguments and copies of other
        containers. Scopes are merged (over-approximation: a call through `OPS[0]` is checked
        against everything any `OPS` may hold)."""
        assert self.tree is not None
        sources: dict[str, list[ast.AST]] = {}
        for node in ast.walk(self.tree):
            pairs: list[tuple[ast.AST, ast.AST]] = []
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                pairs = [(node.target, node.value)]
            elif isinstance(node, ast.NamedExpr):
                pairs = [(node.target, node.value)]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in CONTAINER_MUTATORS:
                key = self.container_key(node.func.value)
                if key is not None:
                    sources.setdefault(key, []).extend(list(node.args) + [k.value for k in node.keywords])
                continue
            for target, value in pairs:
                if isinstance(target, ast.Subscript):
                    key = self.container_key(target.value)
                    if key is not None:
                        sources.setdefault(key, []).append(value)
                    continue
                key = self.container_key(target)
                if key is not None:
                    sources.setdefault(key, []).append(value)
        # Keep only keys bound to a container somewhere (a literal, list()/dict()/..., a
        # collections container or an nn.ModuleList/Sequential/...).
        def holds_container(value: ast.AST) -> bool:
            if isinstance(value, (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
                return True
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                    and value.func.id in ("list", "tuple", "dict", "set", "frozenset"):
                return True
            if isinstance(value, ast.Call) and self.qualify(value.func) in (
                    "collections.OrderedDict", "collections.defaultdict", "collections.deque", "collections.ChainMap"):
                return True
            return self.is_nn_container(value)
        containers = {k for k, v in sources.items() if any(holds_container(x) for x in v)}
        # Aliases of containers (`o = OPS`) are containers too, and what is stored through either
        # name is in both: `aliased_by[OPS]` holds `o`.
        self.aliased_by: dict[str, set[str]] = {}
        changed = True
        while changed:
            changed = False
            for k, values in sources.items():
                for v in values:
                    other = self.container_key(v)
                    if other is not None and other in containers and other != k:
                        if k not in containers:
                            containers.add(k)
                            changed = True
                        if k not in self.aliased_by.setdefault(other, set()):
                            self.aliased_by[other].add(k)
                            changed = True
        self.container_sources = {k: v for k, v in sources.items() if k in containers}
        # Stores into anything else (`l[0] = v` on a parameter, `get()[k] = v`): a container that
        # escapes (passed, aliased, returned) may have received them.
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for item in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                        if isinstance(item, ast.Subscript) and self.container_key(item.value) not in containers:
                            self.loose_stores.append(node.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in CONTAINER_MUTATORS:
                key = self.container_key(node.func.value)
                if key is None or key not in containers:
                    self.loose_stores.extend(list(node.args) + [k.value for k in node.keywords])

    def is_nn_container(self, value: ast.AST) -> bool:
        """`nn.ModuleList([...])`, `nn.Sequential(...)` and the like."""
        if not isinstance(value, ast.Call):
            return False
        q = self.qualify(value.func) or ""
        return q.startswith("torch.nn.") and q.split(".")[-1] in NN_CONTAINERS

    def container_elements(self, key: str, seen: Optional[set] = None) -> list[ast.AST]:
        """The expressions a container kept under `key` may hold (nested containers flattened)."""
        seen = set() if seen is None else seen
        if key in seen:
            return []
        seen.add(key)
        out: list[ast.AST] = []

        def take(value: ast.AST):
            if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
                for e in value.elts:
                    take(e.value if isinstance(e, ast.Starred) else e)
            elif isinstance(value, ast.Dict):
                for v in value.values:
                    take(v)
            elif isinstance(value, (ast.ListComp, ast.SetComp)):
                take(value.elt)
                for g in value.generators:
                    take(g.iter)
            elif isinstance(value, ast.DictComp):
                take(value.value)
                for g in value.generators:
                    take(g.iter)
            elif isinstance(value, ast.Call) and (isinstance(value.func, ast.Name) and value.func.id in
                                                  ("list", "tuple", "dict", "set", "frozenset")
                                                  or self.is_nn_container(value)
                                                  or (self.qualify(value.func) or "").startswith("collections.")):
                for a in value.args:
                    take(a)
                for k in value.keywords:
                    take(k.value)
            elif isinstance(value, ast.Subscript):
                take(value.value)
            else:
                key2 = self.container_key(value)
                if key2 is not None and key2 in self.container_sources:
                    out.extend(self.container_elements(key2, seen))
                else:
                    out.append(value)
        for value in self.container_sources.get(key, []):
            take(value)
        if key in self.escaping:
            for value in self.loose_stores:
                take(value)
        for alias in sorted(self.aliased_by.get(key, ())):
            out.extend(self.container_elements(alias, seen))
        return out

    def qualify(self, node: ast.AST, local: Optional[dict] = None) -> Optional[str]:
        """The qualified name an expression refers to (`torch.nn.functional.relu`), if it is a
        reference to something imported (through any alias)."""
        if isinstance(node, ast.Name):
            if local is not None and node.id in local:
                return local[node.id]
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                key = "self." + node.attr
                if key in self.self_aliases:
                    return self.self_aliases[key]
                return None
            base = self.qualify(node.value, local)
            return f"{base}.{node.attr}" if base else None
        if self.is_builtin_getattr(node):
            assert isinstance(node, ast.Call)
            base = self.qualify(node.args[0], local)
            name = self.constant_name(node.args[1])
            if base and name is not None:
                return f"{base}.{name}"
            if base:
                return f"{base}.<dynamic>"
        if isinstance(node, ast.Call) and node.args and self.qualify(node.func, local) == "functools.partial":
            # functools.partial(torch.relu) calls torch.relu
            return self.qualify(node.args[0], local)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id in self.fixed_names and node.value.id in self.container_sources:
            # OPS[0] of a module-level `OPS = [torch.relu, ...]` bound once and never changed (a list
            # or dict only while the name is used for nothing but indexing; a tuple cannot change)
            literal = self.module_values[node.value.id][0][1]
            if not isinstance(literal, ast.Tuple) and node.value.id in self.escaping:
                literal = None
            index = self.constant_value(node.slice)
            element: Optional[ast.AST] = None
            if isinstance(literal, (ast.List, ast.Tuple)) and isinstance(index, int) and not isinstance(index, bool) \
                    and not any(isinstance(e, ast.Starred) for e in literal.elts) \
                    and -len(literal.elts) <= index < len(literal.elts):
                element = literal.elts[index]
            elif isinstance(literal, ast.Dict) and index is not None and None not in literal.keys:
                for k, v in zip(literal.keys, literal.values):
                    if self.constant_value(k) == index:
                        element = v
            if element is not None:
                return self.qualify(element, local)
        if isinstance(node, ast.Subscript):
            # torch.__dict__["relu"], vars(torch)["relu"]
            base = node.value
            if isinstance(base, ast.Attribute) and base.attr == "__dict__":
                q = self.qualify(base.value, local)
                key = const_str(node.slice)
                if q:
                    return f"{q}.{key if key is not None else '<dynamic>'}"
        return None

    def is_builtin_getattr(self, node: ast.AST) -> bool:
        """`getattr(obj, name[, default])` with Python's own getattr (not a candidate's redefinition)."""
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
            and node.func.id not in self.aliases and node.func.id not in self.functions \
            and node.func.id not in self.module_values and len(node.args) in (2, 3) and not node.keywords

    def constant_value(self, node: ast.AST) -> Any:
        """A value folded from literals and module-level names that never change (`"re" + "lu"`,
        `PREFIX + "lu"`, f-strings, join), or None when it cannot be known statically."""
        if not self.only_fixed_names(node, set()):
            return None
        try:
            value = self.resolve(node, 1 << 30)
        except Unresolved:
            return None
        return value if isinstance(value, (str, int, float, bool)) else None

    def only_fixed_names(self, node: ast.AST, seen: set) -> bool:
        """Whether every name `node` reads, and every name their values read, never changes."""
        for n in ast.walk(node):
            if isinstance(n, ast.Name):
                if n.id not in self.fixed_names:
                    return False
                if n.id not in seen:
                    seen.add(n.id)
                    if not self.only_fixed_names(self.module_values[n.id][0][1], seen):
                        return False
        return True

    def constant_name(self, node: ast.AST) -> Optional[str]:
        """An attribute name given as a (foldable) string constant."""
        value = self.constant_value(node)
        return value if isinstance(value, str) else None

    def unwrap_getattr(self, node: ast.AST) -> ast.AST:
        """`getattr(x, "relu")` as the attribute `x.relu` when the name folds to a constant, so it is
        checked as if written out; anything else unchanged."""
        if not self.is_builtin_getattr(node):
            return node
        assert isinstance(node, ast.Call)
        name = self.constant_name(node.args[1])
        if name is None:
            return node
        attr = ast.Attribute(value=self.unwrap_getattr(node.args[0]), attr=name, ctx=ast.Load())
        return ast.copy_location(attr, node)

    # ---- static values (sources, flags, function lists)

    def resolve(self, node: ast.AST, before_line: int, depth: int = 0) -> Any:
        """A static value: str, int, float, bool, None, list or dict; raises Unresolved."""
        if depth > 20:
            raise Unresolved(node, "too many levels of indirection")
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.resolve(e, before_line, depth + 1) for e in node.elts]
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise Unresolved(node, "dictionary unpacking")
            return {self.resolve(k, before_line, depth + 1): self.resolve(v, before_line, depth + 1)
                    for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.Name):
            bindings = [b for b in self.module_values.get(node.id, []) if b[0] <= before_line]
            if not bindings:
                raise Unresolved(node, f"`{node.id}` is not a module-level constant")
            line, value = bindings[-1]
            return self.resolve(value, line, depth + 1)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.resolve(node.left, before_line, depth + 1)
            right = self.resolve(node.right, before_line, depth + 1)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            if isinstance(left, list) and isinstance(right, list):
                return left + right
            if isinstance(left, (int, float)) and isinstance(right, (int, float)):
                return left + right
            raise Unresolved(node, "`+` of values of different types")
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.FloorDiv, ast.Sub)):
            left = self.resolve(node.left, before_line, depth + 1)
            right = self.resolve(node.right, before_line, depth + 1)
            if isinstance(left, int) and isinstance(right, int) and not isinstance(left, bool):
                if isinstance(node.op, ast.Mult) and abs(left * right) < 1 << 62:
                    return left * right
                if isinstance(node.op, ast.Sub):
                    return left - right
                if isinstance(node.op, ast.FloorDiv) and right != 0:
                    return left // right
            raise Unresolved(node, "arithmetic Assay does not evaluate")
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v, ast.FormattedValue):
                    if v.format_spec is not None or v.conversion not in (-1, None):
                        raise Unresolved(v, "f-string with a format spec or conversion")
                    val = self.resolve(v.value, before_line, depth + 1)
                    if isinstance(val, bool) or not isinstance(val, (str, int, float)):
                        raise Unresolved(v, "f-string value that is not a string or number constant")
                    parts.append(str(val))
            return "".join(parts)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" \
                and len(node.args) == 1 and not node.keywords:
            sep = self.resolve(node.func.value, before_line, depth + 1)
            items = self.resolve(node.args[0], before_line, depth + 1)
            if isinstance(sep, str) and isinstance(items, list) and all(isinstance(i, str) for i in items):
                return sep.join(items)
        raise Unresolved(node, f"{type(node).__name__} expression that Assay does not evaluate")

    def pieces(self, node: ast.AST, before_line: int, depth: int = 0) -> list[Piece]:
        """A string value as pieces that remember where they are in the Python file."""
        if depth > 20:
            raise Unresolved(node, "too many levels of indirection")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            end = getattr(node, "end_lineno", node.lineno)
            return [Piece(node.value, node.lineno, node.value.count("\n") == end - node.lineno)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.pieces(node.left, before_line, depth + 1) + self.pieces(node.right, before_line, depth + 1)
        if isinstance(node, ast.Name):
            bindings = [b for b in self.module_values.get(node.id, []) if b[0] <= before_line]
            if bindings:
                line, value = bindings[-1]
                return self.pieces(value, line, depth + 1)
        value = self.resolve(node, before_line, depth + 1)
        if not isinstance(value, str):
            raise Unresolved(node, "not a string")
        return [Piece(value, node.lineno, False)]

    def source_list(self, node: ast.AST, before_line: int) -> list[list[Piece]]:
        """`cpp_sources`/`cuda_sources`: a string or a list of strings."""
        if isinstance(node, ast.Constant) and node.value is None:
            return []
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.pieces(e, before_line) for e in node.elts]
        if isinstance(node, ast.Name):
            bindings = [b for b in self.module_values.get(node.id, []) if b[0] <= before_line]
            if bindings and isinstance(bindings[-1][1], (ast.List, ast.Tuple)):
                return self.source_list(bindings[-1][1], bindings[-1][0])
        return [self.pieces(node, before_line)]

    # ---- extensions

    def collect_extensions(self):
        assert self.tree is not None
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            q = self.qualify(node.func)
            if q is None:
                continue
            if q == LOAD_INLINE or q.endswith("cpp_extension.load_inline"):
                ext = self.read_load_inline(node)
                parent = parents.get(node)
                if isinstance(parent, (ast.Assign, ast.AnnAssign)):
                    targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            self.ext_names[t.id] = ext.index
                            ext.target = t.id
                        elif isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                            self.ext_names["self." + t.attr] = ext.index
                            ext.target = "self." + t.attr
                if ext.target is None:
                    self.add("unbound_extension", WARN,
                             "the result of load_inline is not assigned to a name, so forward cannot call it",
                             node)
            elif q.endswith("cpp_extension.load") or q.endswith("cpp_extension.CUDAExtension") \
                    or q.endswith("cpp_extension.CppExtension"):
                self.add("unsupported_extension_loader", REJECT,
                         f"`{q}` builds from files; put the sources inline and use "
                         "torch.utils.cpp_extension.load_inline(name=..., cpp_sources=..., cuda_sources=..., functions=[...]).",
                         node)

    def read_load_inline(self, call: ast.Call) -> Extension:
        ext = Extension(index=len(self.extensions), line=call.lineno)
        self.extensions.append(ext)
        args: dict[str, ast.AST] = {}
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                ext.unresolved.append("*args")
                continue
            if i < len(LOAD_INLINE_POSITIONAL):
                args[LOAD_INLINE_POSITIONAL[i]] = a
            else:
                self.add("load_inline_positional", REJECT,
                         "pass load_inline arguments after cuda_sources by keyword (functions=..., extra_cuda_cflags=...); "
                         "their positions differ between torch versions", a)
        for kw in call.keywords:
            if kw.arg is None:
                ext.unresolved.append("**kwargs")
                continue
            args[kw.arg] = kw.value
        line = call.lineno

        def value(key: str, default: Any = None) -> Any:
            if key not in args:
                return default
            try:
                return self.resolve(args[key], line)
            except Unresolved as u:
                ext.unresolved.append(key)
                self.add("unresolved_argument", REJECT,
                         f"load_inline's `{key}` must be a literal or a module-level constant ({u.why}); "
                         "Assay reads the candidate without running it.", u.node)
                return default

        name = value("name")
        if isinstance(name, str):
            ext.name = name
        elif "name" not in ext.unresolved:
            self.add("missing_extension_name", REJECT, "load_inline needs a string `name=`", call)
        for key, dest in (("cpp_sources", ext.cpp_sources), ("cuda_sources", ext.cuda_sources)):
            if key not in args:
                continue
            try:
                dest.extend(self.source_list(args[key], line))
            except Unresolved as u:
                ext.unresolved.append(key)
                self.add("unresolved_source", REJECT,
                         f"load_inline's `{key}` must be built from string literals (f-strings over module-level "
                         f"constants, `+` and join are fine); {u.why}. Assay reads the candidate without running it.",
                         u.node)
        if "cpp_sources" not in args:
            self.add("missing_cpp_sources", REJECT,
                     "load_inline needs `cpp_sources` (the C++ declarations of the functions in `functions`)", call)
        functions = value("functions")
        if isinstance(functions, str):
            functions = [functions]
        if isinstance(functions, dict):
            functions = list(functions.keys())
        if functions is None and "functions" not in ext.unresolved:
            self.add("missing_functions", REJECT,
                     "load_inline needs `functions=[...]` naming the C++ functions forward calls; without it nothing is bound",
                     call)
        elif isinstance(functions, list):
            if all(isinstance(f, str) and re.fullmatch(r"[A-Za-z_]\w*", f) for f in functions):
                ext.functions = functions
            else:
                self.add("bad_functions", REJECT, "`functions` must list C++ function names (identifiers)", call)
        for key in ("extra_cflags", "extra_cuda_cflags", "extra_ldflags"):
            flags = value(key, [])
            if isinstance(flags, str):
                flags = [flags]
            if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
                self.add("bad_flags", REJECT, f"`{key}` must be a list of strings", args.get(key, call))
                continue
            setattr(ext, key, [f.strip() for f in flags if f.strip()])
        if "extra_include_paths" in args:
            paths = value("extra_include_paths", [])
            if paths not in ([], None, [""]):
                self.add("unsafe_build_flag", REJECT,
                         "extra_include_paths is not allowed: a candidate may only use its own sources, torch and CUDA headers",
                         args["extra_include_paths"])
        if "build_directory" in args and value("build_directory") is not None:
            self.add("unsafe_build_flag", REJECT, "build_directory is not allowed: Assay decides where builds go",
                     args["build_directory"])
        if "sycl_sources" in args and value("sycl_sources") not in (None, [], ""):
            self.add("unsupported_extension_loader", REJECT, "sycl_sources are not supported", args["sycl_sources"])
        with_cuda = value("with_cuda")
        ext.with_cuda = with_cuda if isinstance(with_cuda, bool) else None
        ext.no_implicit_headers = value("no_implicit_headers", False) is True
        ext.with_pytorch_error_handling = value("with_pytorch_error_handling", True) is not False
        if value("is_python_module", True) is not True:
            self.add("unsupported_extension_loader", REJECT, "is_python_module=False is not supported", call)
        return ext

    # ---- classes

    def collect_classes(self):
        assert self.tree is not None
        for stmt in self.tree.body:
            if isinstance(stmt, ast.ClassDef):
                self.classes[stmt.name] = stmt
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[stmt.name] = stmt
        self.model_new = self.classes.get("ModelNew")
        # Attributes set on self in any method of a candidate class.
        for cls in self.classes.values():
            for method in cls.body:
                if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(method):
                    if isinstance(node, ast.Assign):
                        for t in node.targets:
                            self.note_self_binding(t, node.value)
                    elif isinstance(node, ast.AnnAssign) and node.value is not None:
                        self.note_self_binding(node.target, node.value)
                    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                            and node.func.attr in ("register_buffer", "register_parameter") and node.args:
                        name = const_str(node.args[0])
                        if name:
                            self.tensor_attrs.add(name)

    def note_self_binding(self, target: ast.AST, value: ast.AST):
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
            return
        key = "self." + target.attr
        if isinstance(value, ast.Name) and value.id in self.ext_names:
            self.ext_names[key] = self.ext_names[value.id]
            return
        q = self.qualify(value)
        if q:
            self.self_aliases[key] = q
            return
        if isinstance(value, ast.Call):
            fq = self.qualify(value.func)
            if fq and fq.startswith("torch.nn.") and fq.split(".")[-1][:1].isupper() and "init" not in fq:
                cls = fq.split(".")[-1]
                if cls == "Parameter":
                    self.tensor_attrs.add(target.attr)
                else:
                    self.nn_module_attrs[target.attr] = cls
            elif fq and fq.startswith("torch."):
                self.tensor_attrs.add(target.attr)

    def model_new_info(self) -> Optional[dict]:
        if self.model_new is None:
            return None
        info: dict[str, Any] = {"line": self.model_new.lineno}
        for m in self.model_new.body:
            if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name in ("__init__", "forward"):
                info[m.name.strip("_") + "_params"] = param_spec(m)
        return info

    # ---- module structure rules

    def check_module_structure(self):
        assert self.tree is not None
        problem_symbols = {"Model", "get_inputs", "get_init_inputs"}
        if self.problem:
            problem_symbols |= set(self.problem.get("classes", []))
        for stmt in self.tree.body:
            names: list[tuple[str, ast.AST]] = []
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.append((stmt.name, stmt))
            elif isinstance(stmt, ast.Assign):
                names += [(t.id, t) for t in stmt.targets if isinstance(t, ast.Name)]
            for name, node in names:
                if name in problem_symbols:
                    self.add("redefines_problem_symbol", REJECT,
                             f"the candidate defines `{name}`, which belongs to the problem; define only ModelNew "
                             "(and its helpers): the reference and its inputs come from the problem file", node)
        if self.model_new is None:
            if any(isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "ModelNew" for t in s.targets)
                   for s in self.tree.body):
                self.add("model_new_not_a_class", REJECT, "ModelNew must be a class (`class ModelNew(nn.Module)`)")
            else:
                self.add("missing_model_new", REJECT, "no module-level `class ModelNew(nn.Module)`")
            return
        reference = {"Model"} | (set(self.problem.get("classes", [])) if self.problem else set())
        for base in self.model_new.bases:
            name = dotted(base) or ""
            chain = self.class_ancestors(name)
            if name in reference or chain & reference:
                self.add("inherits_reference", REJECT,
                         f"ModelNew inherits from `{name}`, the reference model: it must be its own nn.Module "
                         "whose forward runs your kernels", base)
            q = self.qualify(base) or name
            if q in ("torch.Tensor", "torch._C.TensorBase"):
                self.add("tensor_subclass", REJECT, "ModelNew must not subclass torch.Tensor", base)
        methods = {m.name: m for m in self.model_new.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
        if "forward" not in methods:
            self.add("missing_forward", REJECT, "ModelNew has no `forward` method", self.model_new)
        if self.problem:
            self.check_signature(methods.get("__init__"), self.problem.get("init_arity"), "__init__",
                                 "get_init_inputs()", "init_signature_mismatch")
            self.check_signature(methods.get("forward"), self.problem.get("forward_arity"), "forward",
                                 "get_inputs()", "forward_signature_mismatch")

    def class_ancestors(self, name: str, depth: int = 0) -> set:
        cls = self.classes.get(name)
        if cls is None or depth > 10:
            return set()
        out = set()
        for b in cls.bases:
            bn = dotted(b) or ""
            out.add(bn)
            out |= self.class_ancestors(bn, depth + 1)
        return out

    def check_signature(self, method, arity: Optional[int], name: str, source: str, code: str):
        if arity is None:
            return
        if method is None:
            if name == "__init__" and arity > 0:
                self.add(code, REJECT, f"the problem builds ModelNew(*{source}) with {arity} arguments, "
                                       "but ModelNew has no __init__ taking them", self.model_new)
            return
        spec = param_spec(method)
        if spec["required"] > arity or (spec["maximum"] is not None and spec["maximum"] < arity) \
                or spec["required_keyword_only"]:
            self.add(code, REJECT,
                     f"ModelNew.{name} takes {describe_arity(spec)} positional arguments but the problem passes "
                     f"{arity} (from {source})", method)

    # ---- rules that apply to every node

    def check_everywhere(self):
        assert self.tree is not None
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.check_import(node)
            elif isinstance(node, (ast.Try,)) or type(node).__name__ == "TryStar":
                self.add("try_except_fallback", REJECT,
                         "try/except is not allowed: a fallback path can hide a kernel that fails; let errors surface",
                         node)
            elif isinstance(node, ast.Attribute):
                if node.attr in INTROSPECTION_ATTRS:
                    self.add("introspection", REJECT,
                             f"`.{node.attr}` reaches into interpreter internals (frames, globals, classes)", node)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                self.add("global_state", WARN, f"`{type(node).__name__.lower()}` statement: forward should not keep state between calls", node)
            elif isinstance(node, ast.ClassDef):
                for b in node.bases:
                    q = self.qualify(b) or dotted(b) or ""
                    if q in ("torch.Tensor", "torch._C.TensorBase", "torch._C._TensorBase"):
                        self.add("tensor_subclass", REJECT,
                                 f"class `{node.name}` subclasses torch.Tensor: outputs must be plain tensors", node)
                for m in node.body:
                    if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name in TORCH_FUNCTION_HOOKS:
                        self.add("tensor_subclass", REJECT, f"`{m.name}` overrides how torch dispatches operations", m)
                    if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name in ("__exit__", "__aexit__") \
                            and self.may_return_truthy(m):
                        self.add("try_except_fallback", REJECT,
                                 f"`{node.name}.{m.name}` can return a true value, which swallows the exception of "
                                 "the `with` body like try/except; let errors surface", m)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in node.decorator_list:
                    target = dec.func if isinstance(dec, ast.Call) else dec
                    q = self.qualify(target) or dotted(target) or ""
                    if q.split(".")[-1] in ("lru_cache", "cache", "cached_property", "memoize"):
                        self.add("cached_result", REJECT,
                                 f"`@{q}` caches results between calls: every forward must compute its output", dec)
                    elif q.startswith("torch.") and ("compile" in q or "jit" in q):
                        self.add("torch_compute_op", REJECT, f"`@{q}` hands the computation to torch's compiler", dec)
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                self.check_patch_targets(node)
            elif isinstance(node, ast.Call):
                self.check_call_everywhere(node)
            elif isinstance(node, ast.Name) and node.id in ("__builtins__", "__loader__", "__spec__"):
                self.add("introspection", REJECT, f"`{node.id}` reaches into interpreter internals", node)
            if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(getattr(node, "ctx", None), ast.Load):
                self.check_reference(node)

    @staticmethod
    def may_return_truthy(fn: ast.AST) -> bool:
        """Whether a function may return something other than None/False/0 (an `__exit__` that
        does swallows the exception). Nested functions and classes are not its returns."""
        todo = list(ast.iter_child_nodes(fn))
        while todo:
            n = todo.pop()
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(n, ast.Return) and n.value is not None \
                    and not (isinstance(n.value, ast.Constant) and not n.value.value):
                return True
            todo.extend(ast.iter_child_nodes(n))
        return False

    def check_import(self, node: ast.AST):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            assert isinstance(node, ast.ImportFrom)
            base = node.module or ""
            modules = [base] + [f"{base}.{a.name}" for a in node.names]
        for mod in modules:
            root = mod.split(".")[0]
            if root in THREAD_MODULES:
                self.add("threads_or_processes", REJECT,
                         f"`{mod}`: threads, processes and event loops are not allowed; all work must happen in forward's kernels",
                         node)
            elif root in FORBIDDEN_MODULES:
                self.add("forbidden_module", REJECT,
                         f"importing `{mod}` is not allowed (no OS, process, file, network, ctypes or import-machinery access)",
                         node)
            elif root in INTROSPECTION_MODULES:
                self.add("introspection", REJECT, f"`{mod}` walks frames, objects or code; not allowed", node)
            elif root in UNSUPPORTED_KERNEL_MODULES:
                self.add("unsupported_kernel_framework", REJECT,
                         f"`{mod}` is not supported: write CUDA and build it with torch.utils.cpp_extension.load_inline",
                         node)
            elif mod.startswith("torch.utils.cpp_extension") or mod in ("torch", "torch.nn", "torch.nn.functional",
                                                                          "math", "typing", "dataclasses",
                                                                          "functools", "collections", "itertools",
                                                                          "numpy", "__future__", "enum", "abc"):
                continue
            elif mod.startswith("torch._") or ".cuda.graphs" in mod or mod.startswith("torch.cuda.streams"):
                self.add("introspection", REJECT, f"`{mod}` is torch-internal; not allowed", node)

    def check_patch_targets(self, node: ast.AST):
        targets: list[ast.AST]
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.Delete):
            targets = list(node.targets)
        else:
            targets = [node.target]  # type: ignore[attr-defined]
        flat: list[ast.AST] = []
        for t in targets:
            flat.extend(t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])
        for t in flat:
            base = t
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
                if isinstance(base, (ast.Attribute, ast.Name)):
                    q = self.qualify(base)
                    if q is not None and not q.startswith("ext:"):
                        what = dotted(t) or q
                        self.add("monkey_patch", REJECT,
                                 f"assigning to `{what}` changes `{q}` for everyone (torch, timers and synchronisation must stay untouched)",
                                 node)
                        if q.startswith("torch.backends") and ("tf32" in what or "allow" in what) and self.fp32:
                            self.add("precision_downcast", REJECT,
                                     f"`{what}` lowers float32 matmul/conv precision (TF32) in a float32 problem", node)
                        return

    def check_call_everywhere(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            if func.id in FORBIDDEN_BUILTINS and func.id not in self.aliases and func.id not in self.functions:
                self.add("forbidden_call", REJECT, f"`{func.id}()` is not allowed ({FORBIDDEN_BUILTINS[func.id]})", node)
            if func.id in ("getattr", "setattr", "delattr", "hasattr") and len(node.args) >= 2:
                name = self.constant_name(node.args[1])
                base_q = self.qualify(node.args[0])
                is_self = isinstance(node.args[0], ast.Name) and node.args[0].id == "self"
                if func.id in ("setattr", "delattr") and (base_q is not None or not is_self):
                    if base_q is not None:
                        self.add("monkey_patch", REJECT, f"`{func.id}` on `{base_q}` changes it for everyone", node)
                if name is not None and name in INTROSPECTION_ATTRS:
                    self.add("introspection", REJECT,
                             f"`{func.id}(..., {name!r})` reaches into interpreter internals (frames, globals, classes)",
                             node)
                if name is None:
                    if base_q is not None or (isinstance(node.args[0], ast.Name) and node.args[0].id in self.ext_names):
                        self.add("dynamic_attribute", REJECT,
                                 f"`{func.id}` with a computed name on `{base_q or dotted(node.args[0])}` hides which "
                                 "function is used; write the attribute out", node)
                    else:
                        self.add("dynamic_attribute", WARN, f"`{func.id}` with a computed attribute name", node)
            if func.id == "type" and len(node.args) == 3:
                self.add("introspection", REJECT, "three-argument `type()` creates classes at run time", node)
            if func.id in ("id", "hash"):
                self.add("pointer_key", WARN, f"`{func.id}()` of an object: results must not depend on object identity", node)
        q = self.qualify(func)
        if q is None:
            if isinstance(func, ast.Attribute) and func.attr in ("register_forward_hook", "register_forward_pre_hook",
                                                                 "register_full_backward_hook", "register_backward_hook",
                                                                 "register_module_forward_hook"):
                self.add("monkey_patch", REJECT, f"`{func.attr}` runs code around forward behind its back", node)
            if isinstance(func, ast.Attribute) and func.attr in ("_make_subclass", "_make_wrapper_subclass", "as_subclass"):
                self.add("tensor_subclass", REJECT, f"`{func.attr}` makes tensor subclasses: outputs must be plain tensors", node)
            return
        self.check_qualified_use(q, node)

    def check_reference(self, node: ast.AST):
        q = self.qualify(node)
        if q is None:
            return
        self.check_qualified_use(q, node, call=False)

    def check_qualified_use(self, q: str, node: ast.AST, call: bool = True):
        parts = q.split(".")
        if "<dynamic>" in parts:
            self.add("dynamic_attribute", REJECT,
                     f"computed attribute access on `{'.'.join(parts[:parts.index('<dynamic>')])}` hides which "
                     "function is used; write the attribute out", node)
        root = parts[0]
        if q in EXCEPTION_SWALLOWING:
            self.add("try_except_fallback", REJECT,
                     f"`{q}` swallows exceptions like try/except: a fallback path can hide a kernel that fails; "
                     "let errors surface", node)
        if root == "torch" and len(parts) >= 3 and parts[1] == "cuda" and parts[2] in TORCH_CUDA_STREAMS:
            self.add("cuda_stream_or_event", REJECT,
                     f"`{q}`: CUDA streams, events and graphs are not allowed; launch on the current stream", node)
        if root == "torch" and parts[-1] in ("Stream", "Event") and len(parts) == 2:
            self.add("cuda_stream_or_event", REJECT, f"`{q}`: streams and events are not allowed", node)
        if root == "torch" and parts[-1] in TORCH_LOW_PRECISION and self.fp32:
            self.add("precision_downcast", REJECT, f"`{q}` in a float32 problem: compute in float32", node)
        if root == "torch" and ("autocast" in parts or "amp" in parts) and self.fp32:
            self.add("precision_downcast", REJECT, f"`{q}` (autocast) lowers precision in a float32 problem", node)
        if call and q in ("torch.set_float32_matmul_precision",) and self.fp32:
            arg = node.args[0] if isinstance(node, ast.Call) and node.args else None
            if const_str(arg) != "highest":
                self.add("precision_downcast", REJECT, "set_float32_matmul_precision below 'highest' enables TF32", node)
        if root == "torch" and (parts[1:2] == ["hub"] or q in ("torch.load", "torch.save")):
            self.add("forbidden_call", REJECT, f"`{q}` reads or writes files", node)
        if root == "torch" and len(parts) >= 2 and parts[1] in ("_C", "_dynamo", "_inductor", "_ops", "_utils", "_guards"):
            self.add("introspection", REJECT, f"`{q}` is torch-internal; not allowed", node)
        if root in ("time", "timeit") or q.startswith("torch.cuda.Event.elapsed_time"):
            self.add("timing_in_candidate", WARN, f"`{q}`: candidates have no reason to read clocks", node)
        if root in FORBIDDEN_MODULES and root not in self.functions and call:
            self.add("forbidden_module", REJECT, f"`{q}` is not allowed", node)

    # ---- function bodies: torch compute, caches, module calls

    def check_bodies(self):
        assert self.tree is not None
        init_only = self.init_only_functions()
        # Module-level statements run once at import: construction-time torch calls are fine there.
        for stmt in self.tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            self.scan_compute(stmt, context="module")
            self.scan_lambdas(stmt)
        for name, fn in self.functions.items():
            self.scan_function(fn, context="init" if name in init_only else "forward")
        for cls in self.classes.values():
            for m in cls.body:
                if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.scan_function(m, context="init" if m.name == "__init__" else "forward", cls=cls)
                elif not isinstance(m, ast.ClassDef):
                    self.scan_compute(m, context="module")
                    self.scan_lambdas(m)

    def scan_lambdas(self, stmt: ast.AST):
        """Lambdas bound at module or class level (`R = lambda t: torch.relu(t)`, `OPS = [lambda t: ...]`)
        run when called, i.e. in forward: their bodies are checked as forward code."""
        for node in ast.walk(stmt):
            if isinstance(node, ast.Lambda):
                self.scan_compute(node, context="forward")

    def init_only_functions(self) -> set:
        """Module-level functions reached from __init__ methods but from nothing else."""
        calls: dict[str, set] = {}
        for name, fn in self.functions.items():
            calls[name] = {c.func.id for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        from_init: set = set()
        from_other: set = set()
        for cls in self.classes.values():
            for m in cls.body:
                if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    called = {c.func.id for c in ast.walk(m) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
                    refs = {n.id for n in ast.walk(m) if isinstance(n, ast.Name)}
                    (from_init if m.name == "__init__" else from_other).update(called if m.name == "__init__" else refs)
        for stmt in self.tree.body if self.tree else []:
            if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                from_other.update(n.id for n in ast.walk(stmt) if isinstance(n, ast.Name))

        def closure(seed: set) -> set:
            out, todo = set(), list(seed)
            while todo:
                f = todo.pop()
                if f in out or f not in self.functions:
                    continue
                out.add(f)
                todo.extend(calls.get(f, ()))
            return out
        return closure(from_init) - closure(from_other)

    def scan_function(self, fn: ast.AST, context: str, cls: Optional[ast.ClassDef] = None):
        if context == "init":
            # Construction may use torch freely; nested functions and lambdas may run later.
            for node in ast.walk(fn):
                if node is not fn and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    self.scan_compute(node, context="forward")
            return
        self.scan_compute(fn, context="forward")
        self.scan_state(fn)

    def local_aliases(self, fn: ast.AST) -> dict:
        local: dict[str, str] = {}
        args = getattr(fn, "args", None)
        if args is not None:
            positional = list(args.posonlyargs) + list(args.args)
            for a, d in zip(positional[len(positional) - len(args.defaults):], args.defaults):
                q = self.qualify(d)
                if q:
                    local[a.arg] = q
            for a, d in zip(args.kwonlyargs, args.kw_defaults):
                if d is not None:
                    q = self.qualify(d)
                    if q:
                        local[a.arg] = q
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                q = self.qualify(node.value, local)
                if q:
                    local[node.targets[0].id] = q
                elif isinstance(node.value, ast.Name) and node.value.id in self.ext_names:
                    self.ext_names.setdefault(node.targets[0].id, self.ext_names[node.value.id])
                elif isinstance(node.value, ast.Attribute) and dotted(node.value) in self.ext_names:
                    self.ext_names.setdefault(node.targets[0].id, self.ext_names[dotted(node.value)])
        return local

    def is_ext(self, node: ast.AST) -> bool:
        d = dotted(node)
        return d is not None and d in self.ext_names

    def tensorish(self, node: ast.AST, tensors: set) -> bool:
        if isinstance(node, ast.Name):
            return node.id in tensors
        if isinstance(node, ast.Attribute):
            if node.attr in TENSOR_NON_TENSOR_ATTRS:
                return False
            if node.attr in ("T", "mT", "H", "mH", "real", "imag", "data", "grad"):
                return True
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                return node.attr in self.tensor_attrs
            return node.attr in ("weight", "bias", "running_mean", "running_var") or self.tensorish(node.value, tensors)
        if isinstance(node, ast.Subscript):
            return self.tensorish(node.value, tensors)
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                if self.is_ext(node.func.value):
                    return True
                if node.func.attr in INT_RETURNING_METHODS:
                    return False
                return self.tensorish(node.func.value, tensors) or (self.qualify(node.func) or "").startswith("torch.")
            return False
        if isinstance(node, ast.BinOp):
            return self.tensorish(node.left, tensors) or self.tensorish(node.right, tensors)
        if isinstance(node, ast.UnaryOp):
            return self.tensorish(node.operand, tensors)
        if isinstance(node, ast.IfExp):
            return self.tensorish(node.body, tensors) or self.tensorish(node.orelse, tensors)
        return False

    def scan_compute(self, root: ast.AST, context: str):
        local = self.local_aliases(root) if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) else {}
        tensors: set = set()
        args = getattr(root, "args", None)
        if args is not None and context == "forward":
            for a in list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs):
                ann = dotted(a.annotation) if a.annotation is not None else None
                if a.arg not in ("self", "cls") and ann not in ("int", "float", "bool", "str"):
                    tensors.add(a.arg)
            if args.vararg:
                tensors.add(args.vararg.arg)
        # Propagate tensor-valued names in statement order (one pass, then a second for loops).
        for _ in range(2):
            for node in ast.walk(root):
                if isinstance(node, ast.Assign):
                    is_t = self.tensorish(node.value, tensors)
                    for t in node.targets:
                        for n in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                            if isinstance(n, ast.Name) and is_t:
                                tensors.add(n.id)
                elif isinstance(node, (ast.For, ast.comprehension)) and self.tensorish(node.iter, tensors):
                    if isinstance(node.target, ast.Name):
                        tensors.add(node.target.id)
        called = {id(n.func) for n in ast.walk(root) if isinstance(n, ast.Call)}
        chained = {id(n.value) for n in ast.walk(root) if isinstance(n, ast.Attribute)}
        module_loop_vars = self.module_loop_variables(root, local) if context == "forward" else {}
        for node in ast.walk(root):
            if isinstance(node, ast.Call):
                self.check_compute_call(node, local, tensors, context)
                if isinstance(node.func, ast.Name) and node.func.id in module_loop_vars:
                    self.add("torch_compute_op", REJECT,
                             f"`{node.func.id}` runs over {module_loop_vars[node.func.id]}, which holds torch.nn modules; "
                             "calling them runs PyTorch's kernels. Keep modules only to hold the weights", node)
                if context == "forward" and self.is_builtin_getattr(node) and self.constant_name(node.args[1]) is None:
                    self.add("dynamic_attribute", REJECT,
                             f"`getattr` with a computed name (`{ast.unparse(node.args[1])[:40]}`) in forward hides "
                             "which function runs; write the attribute out", node)
            if context == "forward" and isinstance(node, (ast.Name, ast.Attribute)) \
                    and isinstance(node.ctx, ast.Load):
                self.check_container_reference(node, local)
            if context == "forward" and id(node) not in called:
                self.check_method_reference(self.unwrap_getattr(node), tensors)
                if id(node) not in chained:
                    self.check_op_as_value(self.unwrap_getattr(node), local)
            if context == "forward" and isinstance(node, ast.BinOp):
                if self.tensorish(node.left, tensors) or self.tensorish(node.right, tensors):
                    self.add("torch_compute_op", REJECT,
                             f"tensor arithmetic (`{ast.unparse(node)[:60]}`) in forward runs PyTorch kernels; do it in your CUDA kernel",
                             node)
            elif context == "forward" and isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not):
                if self.tensorish(node.operand, tensors):
                    self.add("torch_compute_op", REJECT,
                             f"tensor arithmetic (`{ast.unparse(node)[:60]}`) in forward runs PyTorch kernels", node)
            elif context == "forward" and isinstance(node, ast.AugAssign):
                if self.tensorish(node.target, tensors) or self.tensorish(node.value, tensors):
                    self.add("torch_compute_op", REJECT,
                             f"in-place tensor arithmetic (`{ast.unparse(node)[:60]}`) runs PyTorch kernels", node)
            elif context == "forward" and isinstance(node, ast.Compare):
                ops_ok = all(isinstance(o, (ast.Is, ast.IsNot, ast.In, ast.NotIn)) for o in node.ops)
                if not ops_ok and any(self.tensorish(x, tensors) for x in [node.left, *node.comparators]):
                    self.add("torch_compute_op", REJECT,
                             f"tensor comparison (`{ast.unparse(node)[:60]}`) runs PyTorch kernels", node)

    def plainly_not_tensor(self, node: ast.AST) -> bool:
        """Values that are visibly not tensors: constants, sizes and counts (`x.size(0)`, `x.numel()`,
        `x.shape[0]`, `x.ndim`), and the candidate's own classes."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.classes
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return node.func.attr in INT_RETURNING_METHODS
        if isinstance(node, ast.Attribute):
            return node.attr in TENSOR_NON_TENSOR_ATTRS
        if isinstance(node, ast.Subscript):
            return isinstance(node.value, ast.Attribute) and node.value.attr in ("shape",)
        return False

    def module_loop_variables(self, root: ast.AST, local: dict) -> dict[str, str]:
        """Loop variables over containers of torch.nn modules (`for blk in self.blocks:`), by name."""
        out: dict[str, str] = {}
        for node in ast.walk(root):
            if not isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) or not isinstance(node.target, ast.Name):
                continue
            it = node.iter
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr in ("values", "children",
                                                                                              "modules"):
                it = it.func.value
            key = self.container_key(it)
            if key is not None and key in self.container_sources and self.container_torch_ops(key, local)[1]:
                out[node.target.id] = key
        return out

    def check_op_as_value(self, node: ast.AST, local: dict):
        """`map(torch.relu, xs)`, `reduce(torch.add, xs)`, `self.apply(F.gelu, x)`: a torch compute op
        handed to something that calls it is still PyTorch doing the work."""
        if not isinstance(node, (ast.Name, ast.Attribute)) or not isinstance(node.ctx, ast.Load):
            return
        q = self.qualify(node, local)
        if not q or self.torch_call_kind(q, "forward") != "compute":
            return
        parts = q.split(".")
        leaf = parts[-1]
        functional = parts[:3] == ["torch", "nn", "functional"] and len(parts) == 4
        if leaf in TENSOR_COMPUTE_METHODS or leaf in TENSOR_OPERATOR_DUNDERS or functional:
            self.add("torch_compute_op", REJECT,
                     f"`{q}` is handed over as a value in forward; whatever calls it runs PyTorch's kernel", node)

    def check_method_reference(self, node: ast.AST, tensors: set):
        """`f = x.relu` (or `getattr(x, "relu")`) in forward, not called on the spot: a tensor's
        compute method taken to be called later is still PyTorch doing the work."""
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) \
                and node.attr in TENSOR_COMPUTE_METHODS | TENSOR_OPERATOR_DUNDERS \
                and node.attr not in self.allowed_ops and self.tensorish(node.value, tensors):
            self.add("torch_compute_op", REJECT,
                     f"`{ast.unparse(node)[:60]}` is a PyTorch compute method of a tensor; calling it later still runs "
                     "PyTorch's kernel", node)

    def torch_call_kind(self, q: str, context: str) -> Optional[str]:
        """What calling the qualified name `q` in `context` is: "compute" (a PyTorch op doing the
        work), "data" (cat/stack), "module" (constructing an nn module) or None (glue, or not torch)."""
        parts = q.split(".")
        if q.startswith("ext:") or parts[0] != "torch" or "<dynamic>" in parts or len(parts) < 2:
            return None
        leaf = parts[-1]
        if leaf in self.allowed_ops or q in self.allowed_ops:
            return None
        if parts[1] == "cuda":
            return None  # streams are judged elsewhere; the rest is device management
        if parts[1] in ("utils", "backends", "testing", "autograd", "Size", "finfo", "iinfo"):
            return None
        if parts[1] == "nn":
            if len(parts) >= 3 and parts[2] == "functional":
                return "compute"
            if len(parts) >= 3 and parts[2] == "init":
                return "compute" if context == "forward" else None
            if leaf[:1].isupper():
                return "module" if context == "forward" and leaf not in NN_MODULES_ALLOWED else None
            return None
        if parts[1] == "Tensor" and len(parts) == 3:
            # torch.Tensor.relu(x) is x.relu(); torch.Tensor.__mul__(x, y) is x * y
            return None if leaf in TENSOR_GLUE_METHODS else "compute"
        if leaf in TORCH_GLUE_FUNCTIONS:
            return None
        if leaf in TORCH_INIT_FUNCTIONS and context in ("init", "module"):
            return None
        if leaf in TORCH_DATA_FUNCTIONS:
            return "data" if context == "forward" else None
        return "compute"

    def check_compute_call(self, node: ast.Call, local: dict, tensors: set, context: str):
        func = self.unwrap_getattr(node.func)
        q = self.qualify(func, local)
        if q is not None:
            kind = self.torch_call_kind(q, context)
            if kind == "compute":
                self.report_compute(q, node, context)
            elif kind == "data":
                self.add("torch_data_op", WARN, f"`{q}` copies data with a PyTorch kernel; fine as glue, faster fused", node)
            elif kind == "module":
                self.add("torch_module_in_forward", WARN, f"`{q}` constructed in forward: build modules in __init__", node)
            return
        if context != "forward":
            return
        if isinstance(func, ast.Subscript):
            self.check_container_call(node, func, local)
            return
        if not isinstance(func, ast.Attribute):
            return
        receiver = func.value
        if self.is_ext(receiver):
            return
        method = func.attr
        if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self" \
                and receiver.attr in self.nn_module_attrs and method in ("forward", "__call__"):
            self.report_module_call(receiver.attr, node)
            return
        if method in ("half", "bfloat16") and self.fp32:
            self.add("precision_downcast", REJECT, f"`.{method}()` lowers precision in a float32 problem", node)
            return
        if method == "to" and self.fp32:
            for a in list(node.args) + [k.value for k in node.keywords]:
                aq = self.qualify(a, local) or ""
                if aq.split(".")[-1] in TORCH_LOW_PRECISION:
                    self.add("precision_downcast", REJECT, f"`.to({aq})` lowers precision in a float32 problem", node)
        if method in TENSOR_GLUE_METHODS:
            return
        if method in TENSOR_OPERATOR_DUNDERS:
            # x.__mul__(y) is x * y: flagged like the operator (a tensor on either side), and on any
            # receiver that is not one of the candidate's classes (operators have no other use here).
            if self.tensorish(receiver, tensors) or any(self.tensorish(a, tensors) for a in node.args) \
                    or not self.plainly_not_tensor(receiver):
                self.add("torch_compute_op", REJECT,
                         f"`{ast.unparse(node)[:60]}` is tensor arithmetic written as a method call; it runs "
                         "PyTorch kernels: do it in your CUDA kernel", node)
            return
        if method in TENSOR_COMPUTE_METHODS or self.tensorish(receiver, tensors):
            if method in TENSOR_COMPUTE_METHODS and (self.tensorish(receiver, tensors) or not isinstance(receiver, ast.Name)
                                                     or receiver.id not in self.classes):
                self.report_compute(f"Tensor.{method}", node, context)

    def container_torch_ops(self, key: str, local: dict) -> tuple[list[str], list[str]]:
        """The torch compute functions (`torch.relu`, `F.gelu`, ...) and the torch.nn module
        instances (`nn.Conv2d(...)`) a container kept under `key` may hold."""
        cache_key = (key, tuple(sorted(local.items())))
        if cache_key in self._container_ops:
            return self._container_ops[cache_key]
        functions: list[str] = []
        modules: list[str] = []
        for element in self.container_elements(key):
            if isinstance(element, ast.Call):
                fq = self.qualify(element.func, local)
                if fq and self.torch_call_kind(fq, "forward") == "module":
                    modules.append(fq)
                    continue
            q = self.qualify(self.unwrap_getattr(element), local)
            if q and self.torch_call_kind(q, "forward") == "compute" and q.split(".")[-1] not in TORCH_DTYPE_NAMES:
                functions.append(q)
        self._container_ops[cache_key] = (sorted(set(functions)), sorted(set(modules)))
        return self._container_ops[cache_key]

    def check_container_reference(self, node: ast.AST, local: dict):
        """Forward reading a container that holds torch compute functions (`OPS = [torch.relu]`):
        whatever it does with them (`OPS[0](x)`, a loop, `.get`) it can only be calling them."""
        key = self.container_key(node)
        if key is None or key not in self.container_sources:
            return
        functions, _ = self.container_torch_ops(key, local)
        if functions:
            self.add("torch_compute_op", REJECT,
                     f"`{key}` holds {', '.join(f'`{f}`' for f in functions[:3])}: calling PyTorch's ops through a "
                     "container in forward is still PyTorch doing the work; do it in your CUDA kernel", node)

    def check_container_call(self, node: ast.Call, func: ast.Subscript, local: dict):
        """`self.blocks[0](x)` where the container holds torch.nn modules (`nn.Conv2d(...)`): calling
        one runs PyTorch's kernel, like `self.conv(x)`."""
        base: ast.AST = func
        while isinstance(base, ast.Subscript):
            base = base.value
        key = self.container_key(base)
        if key is None or key not in self.container_sources:
            return
        _, modules = self.container_torch_ops(key, local)
        if modules:
            self.add("torch_compute_op", REJECT,
                     f"`{ast.unparse(func)[:40]}` is a torch.nn module ({', '.join(f'`{m}`' for m in modules[:3])}); "
                     "calling it runs PyTorch's kernel. Keep modules only to hold the weights", node)

    def report_compute(self, what: str, node: ast.AST, context: str):
        if context == "module":
            self.add("torch_compute_op", WARN, f"`{what}` computes at import time", node)
            return
        self.add("torch_compute_op", REJECT,
                 f"`{what}` is a PyTorch compute op; the problem asks for your own CUDA kernel to do the work "
                 "(only glue such as empty, empty_like, view, reshape and contiguous is allowed)", node)

    def report_module_call(self, attr: str, node: ast.AST):
        cls = self.nn_module_attrs[attr]
        self.add("torch_compute_op", REJECT,
                 f"`self.{attr}` is a torch.nn.{cls}; calling it runs PyTorch's kernel. Keep it only to hold the "
                 "weights and pass them to your kernel", node)

    def scan_state(self, fn: ast.AST):
        """Caches: results kept between calls, keyed on tensors or pointers."""
        module_names = set(self.module_values)
        self.pointer_names = set()
        for _ in range(2):
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and self.pointerish(node.value):
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            self.pointer_names.add(t.id)
        assigned_self: dict[str, ast.AST] = {}
        read_in_tests: set = set()
        for node in ast.walk(fn):
            # Module calls through self attributes: `self.conv(x)`.
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "self" \
                    and node.func.attr in self.nn_module_attrs:
                cls = self.nn_module_attrs[node.func.attr]
                if cls not in NN_MODULES_ALLOWED:
                    self.report_module_call(node.func.attr, node)
                elif cls == "Sequential" and self.container_torch_ops("self." + node.func.attr, {})[1]:
                    modules = self.container_torch_ops("self." + node.func.attr, {})[1]
                    self.add("torch_compute_op", REJECT,
                             f"`self.{node.func.attr}` is a torch.nn.Sequential of {', '.join(f'`{m}`' for m in modules[:3])}; "
                             "calling it runs PyTorch's kernels. Keep modules only to hold the weights", node)
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                        assigned_self[t.attr] = node
                    if isinstance(t, ast.Subscript):
                        self.check_cache_store(t.value, t.slice, node, module_names)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("setdefault", "update", "__setitem__") and node.args:
                self.check_cache_store(node.func.value, node.args[0], node, module_names)
            elif isinstance(node, (ast.If, ast.IfExp, ast.While)):
                for n in ast.walk(node.test):
                    if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self":
                        read_in_tests.add(n.attr)
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Attribute) \
                    and isinstance(node.value.value, ast.Name) and node.value.value.id == "self":
                read_in_tests.add(node.value.attr)
        for attr, node in assigned_self.items():
            if attr in read_in_tests:
                self.add("cached_result", REJECT,
                         f"forward stores `self.{attr}` and reuses it on later calls: every call must compute its output",
                         node)
            else:
                self.add("state_in_forward", WARN, f"forward assigns `self.{attr}`: keep buffers in __init__", node)

    def pointerish(self, expr: ast.AST) -> bool:
        """Whether a value is derived from object identity or data pointers (or is a tensor, whose
        hash is its identity)."""
        for n in ast.walk(expr):
            if isinstance(n, ast.Call):
                f = n.func
                if (isinstance(f, ast.Name) and f.id in ("id", "hash")) or \
                        (isinstance(f, ast.Attribute) and f.attr in ("data_ptr", "untyped_storage", "storage",
                                                                     "_cdata", "storage_offset")):
                    return True
            if isinstance(n, ast.Name) and n.id in getattr(self, "pointer_names", set()):
                return True
        return False

    def check_cache_store(self, container: ast.AST, key: ast.AST, node: ast.AST, module_names: set):
        is_shared = (isinstance(container, ast.Name) and container.id in module_names) or \
            (isinstance(container, ast.Attribute) and isinstance(container.value, ast.Name)
             and container.value.id in ("self", "cls"))
        if not is_shared:
            return
        pointerish = self.pointerish(key)
        what = dotted(container) or "a shared container"
        if pointerish:
            self.add("cached_result", REJECT,
                     f"`{what}` is keyed on object identity or data pointers: results must not be cached across calls",
                     node)
        else:
            self.add("state_in_forward", WARN, f"forward writes into `{what}`, which outlives the call", node)

    # ---- reachability of the custom kernels

    def check_reachability(self):
        if self.model_new is None:
            return
        methods = {m.name: m for m in self.model_new.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
        forward = methods.get("forward")
        if forward is None:
            return
        seen: set = set()
        todo: list[ast.AST] = [forward]
        calls_ext: list[tuple[ast.Call, str]] = []
        while todo:
            fn = todo.pop()
            if id(fn) in seen:
                continue
            seen.add(id(fn))
            self.local_aliases(fn)
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                f = self.unwrap_getattr(node.func)
                if isinstance(f, ast.Attribute) and self.is_ext(f.value):
                    calls_ext.append((node, f.attr))
                    idx = self.ext_names[dotted(f.value)]  # type: ignore[index]
                    ext = self.extensions[idx]
                    if ext.functions and f.attr not in ext.functions:
                        self.add("unknown_extension_function", REJECT,
                                 f"forward calls `{f.attr}`, but load_inline(name={ext.name!r}) binds only "
                                 f"{', '.join(ext.functions)}", node)
                elif isinstance(f, ast.Subscript) and self.extension_functions_in(f):
                    # KERNELS["relu"](x) with KERNELS = {"relu": relu_ext.relu_cuda}
                    calls_ext.extend((node, name) for name in self.extension_functions_in(f))
                elif isinstance(f, ast.Name) and f.id in self.functions:
                    todo.append(self.functions[f.id])
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self" \
                        and f.attr in methods:
                    todo.append(methods[f.attr])
                elif isinstance(f, ast.Attribute) and f.attr == "apply" and isinstance(f.value, ast.Name) \
                        and f.value.id in self.classes:
                    for m in self.classes[f.value.id].body:
                        if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name == "forward":
                            todo.append(m)
                elif isinstance(f, ast.Name) and f.id in self.classes:
                    for m in self.classes[f.id].body:
                        if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name == "forward":
                            todo.append(m)
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
                    # self.block(x) where block is a candidate-defined module class
                    for cls in self.classes.values():
                        for m in cls.body:
                            if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name == "forward" \
                                    and cls is not self.model_new:
                                todo.append(m)
        if not self.extensions:
            self.add("no_custom_kernel", REJECT,
                     "the candidate builds no CUDA extension: compile your kernel with "
                     "torch.utils.cpp_extension.load_inline and call it from ModelNew.forward", self.model_new)
        elif not calls_ext:
            self.add("no_custom_kernel", REJECT,
                     "ModelNew.forward never calls a function of the load_inline extension, so the custom kernel "
                     "does no work", forward)

    def extension_functions_in(self, subscript: ast.Subscript) -> list[str]:
        """The extension functions a container indexed by `subscript` may hold."""
        base: ast.AST = subscript
        while isinstance(base, ast.Subscript):
            base = base.value
        key = self.container_key(base)
        if key is None or key not in self.container_sources:
            return []
        return [e.attr for e in self.container_elements(key) if isinstance(e, ast.Attribute) and self.is_ext(e.value)]

    # ---- native sources

    def check_extensions(self):
        for ext in self.extensions:
            self.scan_native_sources(ext.cpp_sources + ext.cuda_sources)
            for f in ext.functions:
                text = "\n".join(p.text for src in ext.cpp_sources + ext.cuda_sources for p in src)
                if not re.search(r"\b" + re.escape(f) + r"\s*\(", strip_native_comments(text)):
                    self.add("function_not_declared", REJECT,
                             f"`functions` lists `{f}`, but no C++ source declares it", line=ext.line)
            self.check_flags(ext)

    def scan_native_sources(self, sources: list):
        """The native rules over every piece of some sources (list[list[Piece]]), then token
        pasting: a `##` in a `#define` builds identifiers (`JOIN(cudaStream, Create)`) that the text
        scans cannot see, so when they found nothing to reject it is a reject of its own."""
        start = len(self.findings)
        for pieces in sources:
            for piece in pieces:
                self.scan_native(piece)
        if any(f.severity == REJECT for f in self.findings[start:]):
            return
        for pieces in sources:
            text = strip_native_comments("".join(p.text for p in pieces))
            m = NATIVE_TOKEN_PASTING.search(text)
            if m is None:
                continue
            offset, line = m.start(1), pieces[0].line if pieces else None
            for piece in pieces:
                if offset < len(piece.text):
                    line = self.native_line(piece, offset)
                    break
                offset -= len(piece.text)
            self.add("native_token_pasting", REJECT,
                     "token pasting (`##`) in a #define builds identifiers the static checks cannot see (it can hide "
                     "a stream, a graph or a PyTorch op); write the names out", line=line)

    def native_line(self, piece: Piece, offset: int) -> int:
        if not piece.exact:
            return piece.line
        return piece.line + piece.text.count("\n", 0, offset)

    def scan_native(self, piece: Piece):
        code = strip_native_comments(piece.text)

        def flag(code_name: str, severity: str, message: str, m: re.Match):
            self.add(code_name, severity, message, line=self.native_line(piece, m.start()))

        for m in NATIVE_QUALIFIED_CALL.finditer(code):
            name = m.group(1)
            if name in NATIVE_TORCH_ALLOWED or name.startswith(("check", "k")) or name in self.allowed_ops:
                continue
            flag("torch_compute_op", REJECT,
                 f"`{m.group(0).rstrip('( ')}` calls a PyTorch op from C++; the problem asks for your own kernel "
                 "(allocation with torch::empty/empty_like/zeros is fine)", m)
        for m in NATIVE_TORCH_NAMESPACES_COMPUTE.finditer(code):
            flag("torch_compute_op", REJECT, f"`{m.group(0)}` is PyTorch's own implementation", m)
        for m in NATIVE_METHOD_CALL.finditer(code):
            name = m.group(1)
            if name in NATIVE_COMPUTE_METHODS and name not in self.allowed_ops:
                flag("torch_compute_op", REJECT, f"`.{name}(...)` on a tensor runs a PyTorch op from C++", m)
        for m in NATIVE_STREAM.finditer(code):
            flag("cuda_stream_or_event", REJECT,
                 f"`{m.group(0)}`: CUDA streams, events and graphs are not allowed; launch on "
                 "at::cuda::getCurrentCUDAStream() or the default stream", m)
        for m in NATIVE_THREADS.finditer(code):
            flag("threads_or_processes", REJECT, f"`{m.group(0).strip()}`: no host threads or processes", m)
        for m in NATIVE_FORBIDDEN.finditer(code):
            flag("forbidden_native_call", REJECT,
                 f"`{m.group(0).strip().rstrip('(').strip()}`: no files, processes, environment, dynamic loading or "
                 "Python API in native code", m)
        for m in NATIVE_PATCH_DEF.finditer(code):
            flag("monkey_patch", REJECT,
                 f"the source defines `{m.group(1)}`, a CUDA/system function name: do not replace runtime functions", m)
        if self.fp32:
            for m in NATIVE_LOW_PRECISION.finditer(code):
                flag("precision_downcast", REJECT,
                     f"`{m.group(0).strip()}` computes below float32 (half, bf16, TF32, fp8) in a float32 problem", m)
        for m in NATIVE_VENDOR.finditer(code):
            flag("vendor_library", WARN, f"`{m.group(1)}`: a vendor library does the work, not your kernel", m)
        for m in NATIVE_INCLUDE.finditer(code):
            path = m.group(2)
            if path.startswith("/") or ".." in path or path.startswith("~"):
                flag("forbidden_include", REJECT, f"`#include {m.group(1)}{path}`: only system, CUDA and torch headers", m)

    def check_flags(self, ext: Extension):
        for key, pattern in (("extra_cflags", ALLOWED_CFLAG), ("extra_cuda_cflags", ALLOWED_CUDA_FLAG),
                             ("extra_ldflags", ALLOWED_LDFLAG)):
            flags = getattr(ext, key)
            for i, flag in enumerate(flags):
                if flag in ("-fopenmp", "-Xcompiler=-fopenmp") or "openmp" in flag:
                    self.add("threads_or_processes", REJECT, f"`{flag}` in {key}: no host threads", line=ext.line)
                    continue
                if "default-stream" in flag:
                    self.add("cuda_stream_or_event", REJECT, f"`{flag}` in {key} changes the default stream", line=ext.line)
                    continue
                if key != "extra_ldflags" and self.fp32 and re.search(r"tf32|half|bf16", flag, re.I):
                    self.add("precision_downcast", REJECT, f"`{flag}` in {key} lowers precision", line=ext.line)
                if not pattern.match(flag):
                    self.add("unsafe_build_flag", REJECT,
                             f"`{flag}` in {key} is not on Assay's list of build flags (optimisation, fast math, "
                             "register limits, defines, -lcublas and similar)", line=ext.line)


# ---------------------------------------------------------------------------------------------
# Problems


def analyze_problem(source: str) -> dict:
    """What the checks need to know about a KernelBench problem file."""
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        return {"error": f"the problem file does not parse: line {e.lineno}: {e.msg}", "classes": [], "fp32": True,
                "allowed_ops": []}
    except (RecursionError, MemoryError, ValueError) as e:
        return {"error": f"the problem file does not parse: {type(e).__name__}", "classes": [], "fp32": True,
                "allowed_ops": []}
    classes = [s.name for s in tree.body if isinstance(s, ast.ClassDef)]
    functions = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    info: dict[str, Any] = {"classes": classes, "error": None, "forward_arity": None, "init_arity": None,
                            "fp32": True, "allowed_ops": [], "constants": {}}
    missing = [n for n in ("get_inputs", "get_init_inputs") if n not in functions]
    if "Model" not in classes:
        missing.insert(0, "class Model")
    if missing:
        info["error"] = "the problem file lacks " + ", ".join(missing)
        return info
    model = next(s for s in tree.body if isinstance(s, ast.ClassDef) and s.name == "Model")
    methods = {m.name: m for m in model.body if isinstance(m, ast.FunctionDef)}

    def returned_length(fn: ast.FunctionDef) -> Optional[int]:
        rets = [n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None]
        lengths = {len(r.value.elts) for r in rets if isinstance(r.value, (ast.List, ast.Tuple))
                   and not any(isinstance(e, ast.Starred) for e in r.value.elts)}
        return lengths.pop() if len(lengths) == 1 and len(rets) == len([r for r in rets]) else None

    forward = methods.get("forward")
    init = methods.get("__init__")
    info["forward_arity"] = returned_length(functions["get_inputs"])
    if info["forward_arity"] is None and forward is not None:
        spec = param_spec(forward)
        info["forward_arity"] = spec["maximum"] if spec["maximum"] == spec["required"] else None
    info["init_arity"] = returned_length(functions["get_init_inputs"])
    if info["init_arity"] is None and init is not None:
        spec = param_spec(init)
        info["init_arity"] = spec["maximum"] if spec["maximum"] == spec["required"] else None
    low = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in TORCH_LOW_PRECISION | {"half", "bfloat16"}:
            low = True
    info["fp32"] = not low
    allowed: list[str] = []
    for line in source.splitlines():
        m = re.match(r"\s*#\s*assay:\s*allow-torch-ops\s+(.*)$", line)
        if m:
            allowed += [w.strip() for w in re.split(r"[,\s]+", m.group(1)) if w.strip()]
    info["allowed_ops"] = allowed
    constants = {}
    for s in tree.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and isinstance(s.value, ast.Constant) and isinstance(s.value.value, (int, float)):
            constants[s.targets[0].id] = s.value.value
    info["constants"] = constants
    return info


def analyze_raw_kernel(raw: dict, problem: Optional[dict]) -> dict:
    """Native-source rules and flag rules for a raw-kernel candidate (its CUDA source is a block
    of the model's output, so lines are relative to that block)."""
    analyzer = Analyzer("", problem)
    analyzer.scan_native_sources([[Piece(raw.get("source", ""), 1, True)]])
    ext = Extension(index=0, line=1, extra_cuda_cflags=[f.strip() for f in raw.get("nvcc_flags", []) if f.strip()])
    analyzer.check_flags(ext)
    return {"syntax_error": None, "extensions": [], "findings": [f.as_json() for f in analyzer.findings]}


def main() -> int:
    request = json.loads(sys.stdin.read())
    problem = None
    out: dict[str, Any] = {}
    if request.get("problem") is not None:
        problem = analyze_problem(request["problem"])
        out["problem"] = problem
        if problem.get("error"):
            json.dump(out, sys.stdout)
            return 0
    if request.get("raw_kernel") is not None:
        out.update(analyze_raw_kernel(request["raw_kernel"], problem))
    else:
        out.update(Analyzer(request["candidate"], problem).run())
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    sys.exit(main())
