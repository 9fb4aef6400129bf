# Compile error: a kernel template launched without its template argument, which cannot be deduced.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

template <int VPL>
__global__ void l2norm_regs(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * 8 + (threadIdx.x >> 5);
    if (row >= rows) return;
    float v[VPL * 4];
    float s = 0.0f;
    for (int k = 0; k < VPL * 4; ++k) {
        const int64_t c = lane + 32 * k;
        v[k] = c < cols ? x[row * cols + c] : 0.0f;
        s += v[k] * v[k];
    }
    for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
    const float norm = sqrtf(s);
    for (int k = 0; k < VPL * 4; ++k) {
        const int64_t c = lane + 32 * k;
        if (c < cols) y[row * cols + c] = v[k] / norm;
    }
}

torch::Tensor l2norm_cuda(torch::Tensor x) {
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t rows = xc.size(0), cols = xc.size(1);
    l2norm_regs<<<(unsigned int)((rows + 7) / 8), 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), y.data_ptr<float>(), rows, cols);
    return y;
}
"""

l2_ext = load_inline(
    name="l2_norm_compile_error",
    cpp_sources="torch::Tensor l2norm_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["l2norm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return l2_ext.l2norm_cuda(x)
