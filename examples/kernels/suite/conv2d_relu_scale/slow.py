import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Deliberately naive: one thread per output element, every input and weight read from global memory,
# then bias, ReLU and scale.
conv_source = """
#include <torch/extension.h>

__global__ void conv3x3_naive(const float* x, const float* w, const float* b, float* y,
                              int N, int Cin, int Cout, int H, int W, float scale) {
    const long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long total = (long long)N * Cout * H * W;
    if (idx >= total) return;
    const int ox = (int)(idx % W);
    const int oy = (int)((idx / W) % H);
    const int co = (int)((idx / ((long long)W * H)) % Cout);
    const int n = (int)(idx / ((long long)W * H * Cout));
    float acc = b[co];
    for (int ci = 0; ci < Cin; ++ci)
        for (int ky = 0; ky < 3; ++ky)
            for (int kx = 0; kx < 3; ++kx) {
                const int iy = oy + ky - 1, ix = ox + kx - 1;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                acc += x[(((long long)n * Cin + ci) * H + iy) * W + ix] * w[((co * Cin + ci) * 3 + ky) * 3 + kx];
            }
    y[idx] = (acc > 0.0f ? acc : 0.0f) * scale;
}

torch::Tensor conv3x3_relu_scale_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double scale) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32 && x.dim() == 4, "float32 CUDA (N, C, H, W) expected");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    const int N = (int)xc.size(0), Cin = (int)xc.size(1), H = (int)xc.size(2), W = (int)xc.size(3), Cout = (int)wc.size(0);
    auto y = torch::empty({N, Cout, H, W}, xc.options());
    const long long total = (long long)N * Cout * H * W;
    const int threads = 256;
    conv3x3_naive<<<(unsigned)((total + threads - 1) / threads), threads>>>(
        xc.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(), N, Cin, Cout, H, W, (float)scale);
    return y;
}
"""

conv = load_inline(
    name="conv2d_relu_scale_slow",
    cpp_sources="torch::Tensor conv3x3_relu_scale_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double scale);",
    cuda_sources=conv_source,
    functions=["conv3x3_relu_scale_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, scale: float):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=True)
        self.scale = scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return conv.conv3x3_relu_scale_cuda(x, self.conv.weight, self.conv.bias, self.scale)
