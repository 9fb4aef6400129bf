# Softplus, deliberately naive: one thread per element in column-major order (uncoalesced loads
# and stores), computed in double precision.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void softplus_colmajor(const float* x, float* y, int64_t rows, int64_t cols) {
    int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= rows * cols) return;
    int64_t i = (t % rows) * cols + t / rows;
    double v = (double)x[i];
    y[i] = (float)(v > 20.0 ? v : log1p(exp(v)));
}

torch::Tensor softplus_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    if (n == 0) return y;
    const int64_t cols = xc.dim() > 0 ? xc.size(-1) : 1;
    const int64_t rows = n / cols;
    const int threads = 128;
    const int64_t blocks = (n + threads - 1) / threads;
    softplus_colmajor<<<(unsigned int)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), y.data_ptr<float>(), rows, cols);
    return y;
}
"""

softplus_ext = load_inline(
    name="softplus_slow",
    cpp_sources="torch::Tensor softplus_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["softplus_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return softplus_ext.softplus_cuda(x)
