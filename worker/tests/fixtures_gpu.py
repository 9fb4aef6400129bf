"""Problems, candidates and a fast prebuilt extension for the GPU tests.

The extension is a plain CPython module compiled by nvcc in about a second (no torch headers, no
pybind11): its functions take raw device pointers. It stands in for what the compile service
builds; the worker only needs ``PyInit_<name>`` and the digest of the candidate's
``load_inline`` arguments, which the tests compute with ``assay_worker.digest``.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

from assay_worker import digest

EXT_NAME = "relu_ext"

EXT_SOURCE = r"""
#include <Python.h>
#include <cuda_runtime.h>

__global__ void relu_kernel(const float* x, float* y, long long n) {
    long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (i < n) { float v = x[i]; y[i] = v > 0.f ? v : 0.f; }
}
__global__ void abs_kernel(const float* x, float* y, long long n) {   /* wrong for negatives */
    long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (i < n) { y[i] = fabsf(x[i]); }
}
__global__ void bad_kernel(float* y) { y[1LL << 40] = 1.0f; }        /* illegal address */
__global__ void touch_kernel(float* y) { if (threadIdx.x == 0 && blockIdx.x == 0) y[0] = y[0]; }

static PyObject* check(cudaError_t e) {
    if (e != cudaSuccess) { PyErr_SetString(PyExc_RuntimeError, cudaGetErrorString(e)); return NULL; }
    Py_RETURN_NONE;
}
static PyObject* relu(PyObject* self, PyObject* args) {
    unsigned long long x, y; long long n;
    if (!PyArg_ParseTuple(args, "KKL", &x, &y, &n)) return NULL;
    long long blocks = (n + 255) / 256;
    relu_kernel<<<(unsigned)blocks, 256>>>((const float*)x, (float*)y, n);
    return check(cudaGetLastError());
}
static PyObject* absval(PyObject* self, PyObject* args) {
    unsigned long long x, y; long long n;
    if (!PyArg_ParseTuple(args, "KKL", &x, &y, &n)) return NULL;
    abs_kernel<<<(unsigned)((n + 255) / 256), 256>>>((const float*)x, (float*)y, n);
    return check(cudaGetLastError());
}
static PyObject* bad(PyObject* self, PyObject* args) {
    unsigned long long y;
    if (!PyArg_ParseTuple(args, "K", &y)) return NULL;
    bad_kernel<<<1, 1>>>((float*)y);
    return check(cudaGetLastError());
}
static PyObject* touch(PyObject* self, PyObject* args) {
    unsigned long long y;
    if (!PyArg_ParseTuple(args, "K", &y)) return NULL;
    touch_kernel<<<1, 32>>>((float*)y);
    return check(cudaGetLastError());
}
static PyMethodDef methods[] = {
    {"relu", relu, METH_VARARGS, ""}, {"absval", absval, METH_VARARGS, ""},
    {"bad", bad, METH_VARARGS, ""}, {"touch", touch, METH_VARARGS, ""}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "relu_ext", NULL, -1, methods};
PyMODINIT_FUNC PyInit_relu_ext(void) { return PyModule_Create(&def); }
"""

# What the candidates pass to load_inline: the kernel text the profiler check attributes to them.
CAND_CPP = "void relu(long x, long y, long n);"
CAND_CUDA = (
    "__global__ void relu_kernel(const float* x, float* y, long long n);\n"
    "__global__ void abs_kernel(const float* x, float* y, long long n);\n"
    "__global__ void bad_kernel(float* y);\n"
    "__global__ void touch_kernel(float* y);\n"
)
CAND_FUNCS = ["relu", "absval", "bad", "touch"]


def nvcc() -> str:
    for c in ("nvcc", "/usr/local/cuda/bin/nvcc"):
        found = shutil.which(c)
        if found:
            return found
    raise RuntimeError("nvcc not found")


def build_extension(out_dir: Path) -> Path:
    src = out_dir / "relu_ext.cu"
    src.write_text(EXT_SOURCE)
    out = out_dir / ("relu_ext" + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run([nvcc(), "-O3", "-arch=sm_90", "-shared", "-Xcompiler", "-fPIC",
                    "-I", sysconfig.get_paths()["include"], "-o", str(out), str(src)], check=True)
    return out


def candidate_digest(cuda: str = CAND_CUDA) -> str:
    return digest.load_inline_digest(CAND_CPP, cuda, CAND_FUNCS)


def artifact_map(path: Path, cuda: str = CAND_CUDA) -> dict:
    return {EXT_NAME: {"kind": "pybind_so", "path": str(path), "digest": candidate_digest(cuda)}}


def kernel_candidate(forward_body: str, cuda: str = CAND_CUDA, prelude: str = "") -> str:
    return f'''
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline
{prelude}
ext = load_inline(name={EXT_NAME!r}, cpp_sources={CAND_CPP!r}, cuda_sources={cuda!r}, functions={CAND_FUNCS!r})

class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
{forward_body}
'''


def torch_candidate(forward_body: str, prelude: str = "", init_body: str = "pass") -> str:
    return f'''
import torch
import torch.nn as nn
{prelude}

class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        {init_body}

    def forward(self, x):
{forward_body}
'''


RELU_PROBLEM = '''
import torch
import torch.nn as nn

class Model(nn.Module):
    """ReLU, KernelBench layout; inputs from torch.rand (no negatives)."""
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.relu(x)

batch_size = 4096
dim = 8192

def get_inputs():
    return [torch.rand(batch_size, dim)]

def get_init_inputs():
    return []
'''

LINEAR_PROBLEM = '''
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.fc = nn.Linear(n_in, n_out)

    def forward(self, x):
        return torch.relu(self.fc(x))

def get_inputs():
    return [torch.rand(256, 512)]

def get_init_inputs():
    return [512, 384]
'''

ROWSUM_PROBLEM = '''
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return x.sum(dim=1, keepdim=True).repeat(1, 8)

def get_inputs():
    return [torch.rand(64, 1024)]

def get_init_inputs():
    return []
'''

COPY_PROBLEM = '''
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return x.clone()

def get_inputs():
    return [torch.rand(64, 1024)]

def get_init_inputs():
    return []
'''


def indent(code: str) -> str:
    return "\n".join("        " + line if line.strip() else line for line in code.strip("\n").splitlines())


# MARK: - a slim build (`assay kernel compile --path slim`) and the candidate that loads it

SLIM_EXT_NAME = "relu_slim_ext"
SLIM_CPP = "torch::Tensor relu_cuda(torch::Tensor x);\ntorch::Tensor relu_clamped_cuda(torch::Tensor x);"
SLIM_CUDA = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void relu_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) { float v = x[i]; y[i] = v > 0.0f ? v : 0.0f; }
}

// Wrong only on large inputs: saturates at 100 (torch.rand and N(0, 1) inputs never get there).
__global__ void relu_clamped_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) { float v = x[i]; y[i] = v > 0.0f ? fminf(v, 100.0f) : 0.0f; }
}

static torch::Tensor launch(torch::Tensor x, bool clamped) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    int64_t n = xc.numel();
    int blocks = (int)((n + 255) / 256);
    auto stream = at::cuda::getCurrentCUDAStream();
    if (clamped) relu_clamped_kernel<<<blocks, 256, 0, stream>>>(xc.data_ptr<float>(), y.data_ptr<float>(), n);
    else relu_kernel<<<blocks, 256, 0, stream>>>(xc.data_ptr<float>(), y.data_ptr<float>(), n);
    return y;
}

torch::Tensor relu_cuda(torch::Tensor x) { return launch(x, false); }
torch::Tensor relu_clamped_cuda(torch::Tensor x) { return launch(x, true); }
"""
SLIM_FUNCS = ["relu_cuda", "relu_clamped_cuda"]
SLIM_CUDA_CFLAGS = ["-O3"]


def slim_candidate(function: str = "relu_cuda", cuda: str = SLIM_CUDA) -> str:
    """A load_inline candidate whose forward calls ``function`` of the slim-buildable extension."""
    return f'''
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

ext = load_inline(name={SLIM_EXT_NAME!r}, cpp_sources={SLIM_CPP!r}, cuda_sources={cuda!r},
                  functions={SLIM_FUNCS!r}, extra_cuda_cflags={SLIM_CUDA_CFLAGS!r}, verbose=False)

class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return ext.{function}(x)
'''


def slim_digest(cuda: str = SLIM_CUDA) -> str:
    return digest.load_inline_digest(SLIM_CPP, cuda, SLIM_FUNCS, None, SLIM_CUDA_CFLAGS)


def slim_artifact_map(library: str, cuda: str = SLIM_CUDA) -> dict:
    return {SLIM_EXT_NAME: {"kind": "assay_slim", "path": library, "digest": slim_digest(cuda)}}


MATMUL_PROBLEM = '''
import torch
import torch.nn as nn

class Model(nn.Module):
    """C = A @ B in float32 (no TF32)."""
    def __init__(self):
        super().__init__()

    def forward(self, A, B):
        return torch.matmul(A, B)

M, K, N = 1024, 4096, 1024

def get_inputs():
    return [torch.rand(M, K), torch.rand(K, N)]

def get_init_inputs():
    return []
'''


def tiled_matmul_candidate(clamp: float | None = None) -> str:
    """A correct matmul summed over K in tiles of 256 (another order than cuBLAS); with ``clamp``
    its inputs saturate at +-clamp, which is wrong only on large inputs."""
    prep = f"A, B = A.clamp(-{clamp}, {clamp}), B.clamp(-{clamp}, {clamp})" if clamp is not None else "pass"
    return f'''
import torch
import torch.nn as nn

class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A, B):
        {prep}
        out = torch.zeros(A.shape[0], B.shape[1], device=A.device, dtype=A.dtype)
        for k in range(0, A.shape[1], 256):
            out += A[:, k:k + 256] @ B[k:k + 256, :]
        return out
'''


# MARK: - raw-kernel candidates (a CUDA block and an assay-raw-kernel/1 launch description)

RAW_RELU = '''The kernel:

```cuda
extern "C" __global__ void relu_kernel(const float* __restrict__ x, float* __restrict__ y, long long n) {
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}
```

```json
{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y", "like": "x"}],
 "launches": [{"kernel": "relu_kernel", "grid": ["cdiv(numel(x), 256)"], "block": [256], "args": ["x", "y", "numel(x)"]}],
 "returns": ["y"]}
```
'''

# Wrong only on negative inputs (|x| instead of max(x, 0)).
RAW_ABS = RAW_RELU.replace("y[i] = x[i] > 0.0f ? x[i] : 0.0f;", "y[i] = fabsf(x[i]);")

# LINEAR_PROBLEM (relu(fc(x))): the parameters come from the model's state_dict (fc.weight ->
# fc_weight), so the reference's weights must reach the kernel.
RAW_LINEAR_RELU = '''```cuda
extern "C" __global__ void linear_relu(const float* __restrict__ x, const float* __restrict__ w,
                                       const float* __restrict__ b, float* __restrict__ y,
                                       long long m, long long k, long long n) {
    long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= m * n) return;
    long long row = idx / n, col = idx % n;
    float acc = b[col];
    for (long long t = 0; t < k; ++t) acc += x[row * k + t] * w[col * k + t];
    y[idx] = acc > 0.0f ? acc : 0.0f;
}
```

```json
{"format": "assay-raw-kernel/1", "inputs": ["x"], "parameters": ["fc.weight", "fc.bias"],
 "allocate": [{"name": "y", "shape": ["size(x, 0)", "size(fc_weight, 0)"]}],
 "launches": [{"kernel": "linear_relu", "grid": ["cdiv(size(x, 0) * size(fc_weight, 0), 256)"], "block": [256],
               "args": ["x", "fc_weight", "fc_bias", "y", "size(x, 0)", "size(x, 1)", "size(fc_weight, 0)"]}],
 "returns": ["y"]}
```
'''
