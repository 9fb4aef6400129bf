import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Deliberately naive: one thread per row does the whole row serially (three passes, uncoalesced reads).
layer_norm_source = """
#include <torch/extension.h>

__global__ void layer_norm_naive(const float* x, const float* w, const float* b, float* y,
                                 long long rows, int n, float eps) {
    long long r = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    const float* row = x + r * n;
    float* out = y + r * n;
    float mean = 0.0f;
    for (int i = 0; i < n; ++i) mean += row[i];
    mean /= n;
    float var = 0.0f;
    for (int i = 0; i < n; ++i) var += (row[i] - mean) * (row[i] - mean);
    var /= n;
    const float rstd = 1.0f / sqrtf(var + eps);
    for (int i = 0; i < n; ++i) out[i] = (row[i] - mean) * rstd * w[i] + b[i];
}

torch::Tensor layer_norm_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double eps) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "float32 CUDA tensor expected");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    auto y = torch::empty_like(xc);
    const int n = (int)xc.size(-1);
    const long long rows = xc.numel() / n;
    const int threads = 128;
    layer_norm_naive<<<(unsigned)((rows + threads - 1) / threads), threads>>>(
        xc.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(), rows, n, (float)eps);
    return y;
}
"""

layer_norm = load_inline(
    name="layer_norm_slow",
    cpp_sources="torch::Tensor layer_norm_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double eps);",
    cuda_sources=layer_norm_source,
    functions=["layer_norm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim, eps=1e-5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return layer_norm.layer_norm_cuda(x, self.norm.weight, self.norm.bias, self.norm.eps)
