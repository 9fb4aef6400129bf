# Compile error: the pre-CUDA-9 shuffle intrinsic `__shfl_down` (no mask, no _sync) no longer exists.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void rowmax_kernel(const float* __restrict__ x, float* __restrict__ out, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * 8 + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float* r = x + row * cols;
    float m = -INFINITY;
    for (int64_t c = lane; c < cols; c += 32) m = fmaxf(m, r[c]);
    for (int o = 16; o > 0; o >>= 1) m = fmaxf(m, __shfl_down(m, o));
    if (lane == 0) out[row] = m;
}

torch::Tensor max_lastdim_cuda(torch::Tensor x) {
    auto xc = x.contiguous();
    const int64_t cols = xc.size(-1);
    const int64_t rows = xc.numel() / cols;
    auto sizes = xc.sizes().vec();
    sizes.pop_back();
    auto out = torch::empty(sizes, xc.options());
    rowmax_kernel<<<(unsigned int)((rows + 7) / 8), 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), out.data_ptr<float>(), rows, cols);
    return out;
}
"""

max_ext = load_inline(
    name="max_dim_compile_error",
    cpp_sources="torch::Tensor max_lastdim_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["max_lastdim_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return max_ext.max_lastdim_cuda(x)
