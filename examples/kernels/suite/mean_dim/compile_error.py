# Compile error: the kernel uses `cols`, a name that exists only in the host function.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void mean_dim1_kernel(const float* __restrict__ x, float* __restrict__ out, int64_t B, int64_t N, int64_t M) {
    int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= B * M) return;
    int64_t b = t / M;
    int64_t m = t % M;
    float s = 0.0f;
    for (int64_t n = 0; n < N; ++n) s += x[(b * N + n) * cols + m];
    out[t] = s / (float)N;
}

torch::Tensor mean_dim1_cuda(torch::Tensor x) {
    auto xc = x.contiguous();
    const int64_t B = xc.size(0), N = xc.size(1), cols = xc.size(2);
    auto out = torch::empty({B, cols}, xc.options());
    const int threads = 256;
    const int64_t blocks = (B * cols + threads - 1) / threads;
    mean_dim1_kernel<<<(unsigned int)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), out.data_ptr<float>(), B, N, cols);
    return out;
}
"""

mean_ext = load_inline(
    name="mean_dim_compile_error",
    cpp_sources="torch::Tensor mean_dim1_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["mean_dim1_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return mean_ext.mean_dim1_cuda(x)
