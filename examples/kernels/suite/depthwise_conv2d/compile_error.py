import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Compile error: the output pointer was declared const by copy-paste from the input
# (error: expression must be a modifiable lvalue).
dw_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

#define TW 32
#define TH 32
#define ROWS 4   // outputs per thread (blockDim.y = TH / ROWS = 8)

__global__ void __launch_bounds__(256) depthwise3x3_tiled(const float* __restrict__ x, const float* __restrict__ w,
                                                         const float* __restrict__ bias, const float* __restrict__ y,
                                                         int C, int H, int W) {
    __shared__ float tile[TH + 2][TW + 3];
    const int plane = blockIdx.z;                 // n * C + c
    const int c = plane % C;
    const float* xp = x + (size_t)plane * H * W;
    const float* yp = y + (size_t)plane * H * W;
    const int ox0 = blockIdx.x * TW, oy0 = blockIdx.y * TH;
    const int tx = threadIdx.x, ty = threadIdx.y;
    for (int i = ty * TW + tx; i < (TH + 2) * (TW + 2); i += TW * (TH / ROWS)) {
        const int r = i / (TW + 2), q = i - r * (TW + 2);
        const int gy = oy0 + r - 1, gx = ox0 + q - 1;
        tile[r][q] = (gy >= 0 && gy < H && gx >= 0 && gx < W) ? __ldg(xp + (size_t)gy * W + gx) : 0.0f;
    }
    float k[9];
    #pragma unroll
    for (int t = 0; t < 9; ++t) k[t] = __ldg(w + c * 9 + t);
    const float b = __ldg(bias + c);
    __syncthreads();
    const int ox = ox0 + tx;
    if (ox >= W) return;
    float in[ROWS + 2][3];
    #pragma unroll
    for (int r = 0; r < ROWS + 2; ++r)
        #pragma unroll
        for (int q = 0; q < 3; ++q) in[r][q] = tile[ty * ROWS + r][tx + q];
    #pragma unroll
    for (int r = 0; r < ROWS; ++r) {
        const int oy = oy0 + ty * ROWS + r;
        if (oy >= H) break;
        float acc = b;
        #pragma unroll
        for (int ky = 0; ky < 3; ++ky)
            #pragma unroll
            for (int kx = 0; kx < 3; ++kx) acc = fmaf(in[r + ky][kx], k[ky * 3 + kx], acc);
        yp[(size_t)oy * W + ox] = acc;
    }
}

torch::Tensor depthwise3x3_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias) {
    TORCH_CHECK(x.is_cuda() && weight.is_cuda() && bias.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32 && weight.scalar_type() == torch::kFloat32 &&
                bias.scalar_type() == torch::kFloat32, "float32 only");
    TORCH_CHECK(x.dim() == 4 && weight.dim() == 4 && weight.size(0) == x.size(1) && weight.size(1) == 1 &&
                weight.size(2) == 3 && weight.size(3) == 3 && bias.numel() == x.size(1),
                "x (N, C, H, W), weight (C, 1, 3, 3), bias (C) expected");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    const int64_t N = xc.size(0), C = xc.size(1), H = xc.size(2), W = xc.size(3);
    auto y = torch::empty_like(xc);
    if (y.numel() == 0) return y;
    TORCH_CHECK(N * C <= 65535 && (H + TH - 1) / TH <= 65535, "input too large for this launch layout");
    dim3 block(TW, TH / ROWS);
    dim3 grid((unsigned)((W + TW - 1) / TW), (unsigned)((H + TH - 1) / TH), (unsigned)(N * C));
    depthwise3x3_tiled<<<grid, block, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(), (int)C, (int)H, (int)W);
    return y;
}
"""

dw = load_inline(
    name="depthwise_conv2d_compile_error",
    cpp_sources="torch::Tensor depthwise3x3_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias);",
    cuda_sources=dw_source,
    functions=["depthwise3x3_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        # Holds the parameters (copied from the reference); never called.
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, groups=channels, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return dw.depthwise3x3_cuda(x, self.conv.weight, self.conv.bias)
