# Mean over dim 1, naive: one thread per output (b, m) summing its N values serially.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void mean_dim1_naive(const float* x, float* out, int64_t B, int64_t N, int64_t M) {
    int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= B * M) return;
    int64_t b = t / M;
    int64_t m = t % M;
    float s = 0.0f;
    for (int64_t n = 0; n < N; ++n) s += x[(b * N + n) * M + m];
    out[t] = s / (float)N;
}

torch::Tensor mean_dim1_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    TORCH_CHECK(x.dim() == 3, "x must be [B, N, M]");
    auto xc = x.contiguous();
    const int64_t B = xc.size(0), N = xc.size(1), M = xc.size(2);
    TORCH_CHECK(N > 0, "the mean over an empty dimension is undefined");
    auto out = torch::empty({B, M}, xc.options());
    if (B * M == 0) return out;
    const int threads = 128;
    const int64_t blocks = (B * M + threads - 1) / threads;
    mean_dim1_naive<<<(unsigned int)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), out.data_ptr<float>(), B, N, M);
    return out;
}
"""

mean_ext = load_inline(
    name="mean_dim_slow",
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
