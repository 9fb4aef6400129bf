import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Deliberately naive: one thread per row, two serial passes over the row (uncoalesced across threads).
rms_norm_source = """
#include <torch/extension.h>

__global__ void rms_norm_naive(const float* x, const float* w, float* y, long long rows, int n, float eps) {
    long long r = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    const float* row = x + r * n;
    float ss = 0.0f;
    for (int i = 0; i < n; ++i) ss += row[i] * row[i];
    const float rms = sqrtf(ss / n + eps);
    for (int i = 0; i < n; ++i) y[r * n + i] = row[i] / rms * w[i];
}

torch::Tensor rms_norm_cuda(torch::Tensor x, torch::Tensor weight, double eps) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "float32 CUDA tensor expected");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto y = torch::empty_like(xc);
    const int n = (int)xc.size(-1);
    const long long rows = xc.numel() / n;
    const int threads = 128;
    rms_norm_naive<<<(unsigned)((rows + threads - 1) / threads), threads>>>(
        xc.data_ptr<float>(), wc.data_ptr<float>(), y.data_ptr<float>(), rows, n, (float)eps);
    return y;
}
"""

rms_norm = load_inline(
    name="rms_norm_slow",
    cpp_sources="torch::Tensor rms_norm_cuda(torch::Tensor x, torch::Tensor weight, double eps);",
    cuda_sources=rms_norm_source,
    functions=["rms_norm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return rms_norm.rms_norm_cuda(x, self.weight, self.eps)
