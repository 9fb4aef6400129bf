# Max over the last dim, naive: one thread per row scanning it serially (neighbouring threads read
# addresses a whole row apart).
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void rowmax_naive(const float* x, float* out, int64_t rows, int64_t cols) {
    int64_t row = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows) return;
    const float* r = x + row * cols;
    float m = r[0];
    for (int64_t c = 1; c < cols; ++c) {
        float v = r[c];
        if (v != v || v > m) m = v;
        if (m != m) break;
    }
    out[row] = m;
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
    const int threads = 128;
    const int64_t blocks = (rows + threads - 1) / threads;
    rowmax_naive<<<(unsigned int)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), out.data_ptr<float>(), rows, cols);
    return out;
}
"""

max_ext = load_inline(
    name="max_dim_slow",
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
