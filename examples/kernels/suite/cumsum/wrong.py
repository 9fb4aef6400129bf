# An exclusive scan where the problem asks for an inclusive one: y[i] = x[0] + ... + x[i-1]
# (the row's first output is 0, every output misses its own element).
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void cumsum_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * 8 + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float* xr = x + row * cols;
    float* yr = y + row * cols;
    float carry = 0.0f;
    for (int64_t base = 0; base < cols; base += 32) {
        const int64_t c = base + lane;
        const float v = c < cols ? xr[c] : 0.0f;
        float incl = v;
        for (int o = 1; o < 32; o <<= 1) {
            float n = __shfl_up_sync(0xffffffffu, incl, o);
            if (lane >= o) incl += n;
        }
        if (c < cols) yr[c] = carry + incl - v;
        carry += __shfl_sync(0xffffffffu, incl, 31);
    }
}

torch::Tensor cumsum_lastdim_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    TORCH_CHECK(x.dim() >= 1, "x must have at least one dimension");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    if (xc.numel() == 0) return y;
    const int64_t cols = xc.size(-1);
    const int64_t rows = xc.numel() / cols;
    cumsum_kernel<<<(unsigned int)((rows + 7) / 8), 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), y.data_ptr<float>(), rows, cols);
    return y;
}
"""

cumsum_ext = load_inline(
    name="cumsum_wrong",
    cpp_sources="torch::Tensor cumsum_lastdim_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["cumsum_lastdim_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return cumsum_ext.cumsum_lastdim_cuda(x)
