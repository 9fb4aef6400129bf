# Max over the last dim with a warp reduction that starts at offset 8 instead of 16 (copied from a
# 16-lane version): lane 0 ends up with the max of only half the row's elements, so rows whose
# maximum sits in lanes 16-31's share come out too small.
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
    for (int o = 8; o > 0; o >>= 1) m = fmaxf(m, __shfl_down_sync(0xffffffffu, m, o));
    if (lane == 0) out[row] = m;
}

torch::Tensor max_lastdim_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    TORCH_CHECK(x.dim() >= 1 && x.size(-1) > 0, "max over an empty last dimension is undefined");
    auto xc = x.contiguous();
    const int64_t cols = xc.size(-1);
    const int64_t rows = xc.numel() / cols;
    auto sizes = xc.sizes().vec();
    sizes.pop_back();
    auto out = torch::empty(sizes, xc.options());
    if (rows == 0) return out;
    const int64_t blocks = (rows + 7) / 8;
    rowmax_kernel<<<(unsigned int)blocks, 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), out.data_ptr<float>(), rows, cols);
    return out;
}
"""

max_ext = load_inline(
    name="max_dim_wrong",
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
