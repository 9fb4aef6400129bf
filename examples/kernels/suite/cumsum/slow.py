# Inclusive scan along the last dim, naive: one thread per row adding serially (neighbouring
# threads read and write addresses a whole row apart), carrying the sum in double.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void cumsum_naive(const float* x, float* y, int64_t rows, int64_t cols) {
    int64_t row = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows) return;
    double s = 0.0;
    for (int64_t c = 0; c < cols; ++c) {
        s += (double)x[row * cols + c];
        y[row * cols + c] = (float)s;
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
    const int threads = 128;
    const int64_t blocks = (rows + threads - 1) / threads;
    cumsum_naive<<<(unsigned int)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), y.data_ptr<float>(), rows, cols);
    return y;
}
"""

cumsum_ext = load_inline(
    name="cumsum_slow",
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
