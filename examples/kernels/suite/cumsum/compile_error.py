# Compile error: the output pointer is declared const (copied from the input's parameter), so the
# kernel's stores do not compile.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void cumsum_naive(const float* __restrict__ x, const float* __restrict__ y, int64_t rows, int64_t cols) {
    int64_t row = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows) return;
    float s = 0.0f;
    for (int64_t c = 0; c < cols; ++c) {
        s += x[row * cols + c];
        y[row * cols + c] = s;
    }
}

torch::Tensor cumsum_lastdim_cuda(torch::Tensor x) {
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t cols = xc.size(-1);
    const int64_t rows = xc.numel() / cols;
    cumsum_naive<<<(unsigned int)((rows + 127) / 128), 128, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), y.data_ptr<float>(), rows, cols);
    return y;
}
"""

cumsum_ext = load_inline(
    name="cumsum_compile_error",
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
