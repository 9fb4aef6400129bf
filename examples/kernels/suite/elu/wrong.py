# ELU with the classic slip alpha * exp(x) instead of alpha * (exp(x) - 1): right for every
# positive input, wrong for every negative one.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void elu_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t n, float alpha) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = x[i];
        y[i] = v > 0.0f ? v : alpha * expf(v);
    }
}

torch::Tensor elu_cuda(torch::Tensor x, double alpha) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    const int threads = 256;
    const int64_t blocks = (n + threads - 1) / threads;
    if (n > 0) {
        elu_kernel<<<(unsigned int)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
            xc.data_ptr<float>(), y.data_ptr<float>(), n, (float)alpha);
    }
    return y;
}
"""

elu_ext = load_inline(
    name="elu_wrong",
    cpp_sources="torch::Tensor elu_cuda(torch::Tensor x, double alpha);",
    cuda_sources=source,
    functions=["elu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return elu_ext.elu_cuda(x, self.alpha)
