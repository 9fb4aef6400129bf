"""Launches raw-kernel candidates: a cubin plus the launch plan Assay validated (plan.json).

The cubin is loaded into torch's CUDA context with the driver API (cuModuleLoadData) and
launched on torch's current stream (cuLaunchKernel). Expressions of the plan are postfix
programs (see Sources/AssayKernels/Raw/LaunchExpression.swift): `i:<int>`, `f:<float>`,
`t:<tensor>`, `s:<scalar input>`, and `numel size stride dim cdiv min max + - * / % neg`.
Input tensors and parameters are made contiguous before their pointers are passed.
"""
from __future__ import annotations

import ctypes
import json
import os
from typing import Any, Optional

import torch

_DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int32": torch.int32, "int64": torch.int64, "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8,
    "bool": torch.bool,
}
_SCALARS = {
    "int": ctypes.c_int32, "int32_t": ctypes.c_int32, "unsigned": ctypes.c_uint32, "unsigned int": ctypes.c_uint32,
    "uint32_t": ctypes.c_uint32, "long": ctypes.c_int64, "long long": ctypes.c_int64, "int64_t": ctypes.c_int64,
    "unsigned long": ctypes.c_uint64, "unsigned long long": ctypes.c_uint64, "uint64_t": ctypes.c_uint64,
    "size_t": ctypes.c_uint64, "float": ctypes.c_float, "double": ctypes.c_double, "bool": ctypes.c_bool,
}
_MAX_DYNAMIC_SHARED = 8  # CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES

_driver: Optional[ctypes.CDLL] = None


def _cuda() -> ctypes.CDLL:
    global _driver
    if _driver is None:
        _driver = ctypes.CDLL("libcuda.so.1")
    return _driver


def _check(result: int, what: str) -> None:
    if result != 0:
        message = ctypes.c_char_p()
        _cuda().cuGetErrorString(result, ctypes.byref(message))
        raise RuntimeError(f"{what} failed: CUDA error {result} ({(message.value or b'?').decode()})")


def evaluate(program: list[str], tensors: dict[str, torch.Tensor], scalars: dict[str, Any]) -> Any:
    """Runs one postfix program."""
    stack: list[Any] = []
    for token in program:
        if token.startswith("i:"):
            stack.append(int(token[2:]))
        elif token.startswith("f:"):
            stack.append(float(token[2:]))
        elif token.startswith("t:"):
            stack.append(tensors[token[2:]])
        elif token.startswith("s:"):
            stack.append(scalars[token[2:]])
        elif token == "numel":
            stack.append(stack.pop().numel())
        elif token == "dim":
            stack.append(stack.pop().dim())
        elif token in ("size", "stride"):
            index = stack.pop()
            t = stack.pop()
            stack.append(t.size(index) if token == "size" else t.stride(index))
        elif token == "neg":
            stack.append(-stack.pop())
        else:
            b = stack.pop()
            a = stack.pop()
            if token == "+":
                stack.append(a + b)
            elif token == "-":
                stack.append(a - b)
            elif token == "*":
                stack.append(a * b)
            elif token == "/":
                stack.append(a // b)
            elif token == "%":
                stack.append(a % b)
            elif token == "cdiv":
                stack.append(-(-a // b))
            elif token == "min":
                stack.append(min(a, b))
            elif token == "max":
                stack.append(max(a, b))
            else:
                raise ValueError(f"unknown launch-expression token {token!r}")
    if len(stack) != 1:
        raise ValueError("malformed launch expression")
    return stack[0]


class RawKernelModule:
    """Callable like ModelNew.forward: `module(*inputs, parameters={...})`."""

    def __init__(self, directory: str):
        with open(os.path.join(directory, "plan.json")) as f:
            self.plan = json.load(f)
        with open(os.path.join(directory, "kernel.cubin"), "rb") as f:
            self._image = f.read()
        self._modules: dict[int, Any] = {}
        self._functions: dict[tuple[int, str], ctypes.c_void_p] = {}

    def _function(self, device: int, name: str) -> ctypes.c_void_p:
        key = (device, name)
        if key not in self._functions:
            torch.cuda.init()
            with torch.cuda.device(device):
                torch.empty(1, device="cuda")  # make torch's (primary) context current on this thread
                if device not in self._modules:
                    module = ctypes.c_void_p()
                    _check(_cuda().cuModuleLoadData(ctypes.byref(module), self._image), "cuModuleLoadData")
                    self._modules[device] = module
                fn = ctypes.c_void_p()
                _check(_cuda().cuModuleGetFunction(ctypes.byref(fn), self._modules[device], name.encode()),
                       f"cuModuleGetFunction({name})")
                self._functions[key] = fn
        return self._functions[key]

    def __call__(self, *inputs: Any, parameters: Optional[dict[str, torch.Tensor]] = None) -> Any:
        plan = self.plan
        if len(inputs) != len(plan["inputs"]):
            raise TypeError(f"expected {len(plan['inputs'])} inputs, got {len(inputs)}")
        tensors: dict[str, torch.Tensor] = {}
        scalars: dict[str, Any] = {}
        for name, value in zip(plan["inputs"], inputs):
            if name in plan["scalarInputs"]:
                scalars[name] = value
            else:
                if not isinstance(value, torch.Tensor):
                    raise TypeError(f"input {name} must be a tensor")
                tensors[name] = value.contiguous()
        for key in plan["parameters"]:
            if parameters is None or key not in parameters:
                raise TypeError(f"parameter {key} was not passed")
            tensors[key.replace(".", "_")] = parameters[key].detach().contiguous()
        first = next(iter(tensors.values()), None)
        for a in plan["allocations"]:
            dtype = _DTYPES[a["dtype"]] if a.get("dtype") else (first.dtype if first is not None else torch.float32)
            if a.get("like"):
                base = tensors[a["like"]]
                t = (torch.zeros_like if a["fill"] == "zeros" else torch.empty_like)(base, dtype=dtype if a.get("dtype") else None)
            else:
                shape = [evaluate(e["program"], tensors, scalars) for e in a["shape"]]
                device = first.device if first is not None else torch.device("cuda")
                t = (torch.zeros if a["fill"] == "zeros" else torch.empty)(shape, dtype=dtype, device=device)
            tensors[a["name"]] = t
        device = first.device if first is not None else torch.device("cuda", torch.cuda.current_device())
        stream = torch.cuda.current_stream(device).cuda_stream
        for launch in plan["launches"]:
            fn = self._function(device.index if device.index is not None else torch.cuda.current_device(), launch["kernel"])
            grid = [int(evaluate(e["program"], tensors, scalars)) for e in launch["grid"]] + [1, 1]
            block = [int(evaluate(e["program"], tensors, scalars)) for e in launch["block"]] + [1, 1]
            shared = int(evaluate(launch["sharedBytes"]["program"], tensors, scalars))
            if shared > 48 * 1024:
                _check(_cuda().cuFuncSetAttribute(fn, _MAX_DYNAMIC_SHARED, ctypes.c_int(shared)), "cuFuncSetAttribute")
            values = []
            for arg in launch["args"]:
                if arg["kind"] == "tensor":
                    t = tensors[arg["tensor"]]
                    want = arg.get("dtype")
                    if want not in (None, "any") and t.dtype != _DTYPES[want]:
                        raise TypeError(f"{launch['kernel']}: argument {arg['tensor']} is {t.dtype}, the kernel takes {want}")
                    if not t.is_cuda:
                        raise TypeError(f"{launch['kernel']}: argument {arg['tensor']} is not on the GPU")
                    values.append(ctypes.c_void_p(t.data_ptr()))
                else:
                    values.append(_SCALARS[arg["ctype"]](evaluate(arg["value"]["program"], tensors, scalars)))
            params = (ctypes.c_void_p * max(1, len(values)))(*[ctypes.cast(ctypes.byref(v), ctypes.c_void_p) for v in values])
            _check(_cuda().cuLaunchKernel(fn, grid[0], grid[1], grid[2], block[0], block[1], block[2], shared,
                                          ctypes.c_void_p(stream), params, None), f"cuLaunchKernel({launch['kernel']})")
        out = [tensors[name] for name in plan["returns"]]
        return out[0] if len(out) == 1 else tuple(out)


def load(directory: str) -> RawKernelModule:
    """The raw kernel built in `directory`."""
    return RawKernelModule(directory)
