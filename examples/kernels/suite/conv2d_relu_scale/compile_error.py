import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Compile error: the kernel uses the scale but it was never added to the kernel's parameters
# (error: identifier "scale" is undefined).
conv_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

#define TW 32     // output tile width  (blockDim.x)
#define TH 16     // output tile height (blockDim.y = 8, two rows per thread)
#define CI_T 8    // input channels per shared-memory stage
#define CO_T 16   // output channels per block

__global__ void __launch_bounds__(256) conv3x3_tiled(const float* __restrict__ x, const float* __restrict__ w,
                                                    const float* __restrict__ bias, float* __restrict__ y,
                                                    int Cin, int Cout, int H, int W, int co_tiles) {
    __shared__ float tile[CI_T][TH + 2][TW + 2];
    __shared__ __align__(16) float wsh[CI_T][9][CO_T];
    const int tx = threadIdx.x, ty = threadIdx.y;
    const int tid = ty * TW + tx;
    const int n = blockIdx.z / co_tiles;
    const int co0 = (blockIdx.z % co_tiles) * CO_T;
    const int ox0 = blockIdx.x * TW, oy0 = blockIdx.y * TH;
    float acc[CO_T][2];
    #pragma unroll
    for (int co = 0; co < CO_T; ++co) { acc[co][0] = 0.0f; acc[co][1] = 0.0f; }

    for (int ci0 = 0; ci0 < Cin; ci0 += CI_T) {
        for (int i = tid; i < CI_T * (TH + 2) * (TW + 2); i += 256) {
            const int c = i / ((TH + 2) * (TW + 2));
            const int rem = i - c * ((TH + 2) * (TW + 2));
            const int r = rem / (TW + 2), q = rem - r * (TW + 2);
            const int gc = ci0 + c, gy = oy0 + r - 1, gx = ox0 + q - 1;
            float v = 0.0f;
            if (gc < Cin && gy >= 0 && gy < H && gx >= 0 && gx < W)
                v = __ldg(x + (((size_t)n * Cin + gc) * H + gy) * W + gx);
            tile[c][r][q] = v;
        }
        for (int i = tid; i < CI_T * 9 * CO_T; i += 256) {
            const int c = i / (9 * CO_T);
            const int rem = i - c * (9 * CO_T);
            const int k = rem / CO_T, co = rem - k * CO_T;
            float v = 0.0f;
            if (ci0 + c < Cin && co0 + co < Cout) v = __ldg(w + ((size_t)(co0 + co) * Cin + ci0 + c) * 9 + k);
            wsh[c][k][co] = v;
        }
        __syncthreads();
        for (int c = 0; c < CI_T; ++c) {
            float in[4][3];
            #pragma unroll
            for (int r = 0; r < 4; ++r)
                #pragma unroll
                for (int q = 0; q < 3; ++q) in[r][q] = tile[c][ty * 2 + r][tx + q];
            #pragma unroll
            for (int k = 0; k < 9; ++k) {
                const int ky = k / 3, kx = k % 3;
                const float4* wk = reinterpret_cast<const float4*>(&wsh[c][k][0]);
                #pragma unroll
                for (int g = 0; g < CO_T / 4; ++g) {
                    const float4 wv = wk[g];
                    acc[4 * g + 0][0] = fmaf(in[ky][kx], wv.x, acc[4 * g + 0][0]);
                    acc[4 * g + 1][0] = fmaf(in[ky][kx], wv.y, acc[4 * g + 1][0]);
                    acc[4 * g + 2][0] = fmaf(in[ky][kx], wv.z, acc[4 * g + 2][0]);
                    acc[4 * g + 3][0] = fmaf(in[ky][kx], wv.w, acc[4 * g + 3][0]);
                    acc[4 * g + 0][1] = fmaf(in[ky + 1][kx], wv.x, acc[4 * g + 0][1]);
                    acc[4 * g + 1][1] = fmaf(in[ky + 1][kx], wv.y, acc[4 * g + 1][1]);
                    acc[4 * g + 2][1] = fmaf(in[ky + 1][kx], wv.z, acc[4 * g + 2][1]);
                    acc[4 * g + 3][1] = fmaf(in[ky + 1][kx], wv.w, acc[4 * g + 3][1]);
                }
            }
        }
        __syncthreads();
    }
    const int ox = ox0 + tx;
    if (ox >= W) return;
    #pragma unroll
    for (int r = 0; r < 2; ++r) {
        const int oy = oy0 + ty * 2 + r;
        if (oy >= H) continue;
        #pragma unroll
        for (int co = 0; co < CO_T; ++co) {
            if (co0 + co < Cout)
                y[(((size_t)n * Cout + co0 + co) * H + oy) * W + ox] = fmaxf(acc[co][r] + __ldg(bias + co0 + co), 0.0f) * scale;
        }
    }
}

torch::Tensor conv3x3_relu_scale_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double scale) {
    TORCH_CHECK(x.is_cuda() && weight.is_cuda() && bias.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32 && weight.scalar_type() == torch::kFloat32 &&
                bias.scalar_type() == torch::kFloat32, "float32 only");
    TORCH_CHECK(x.dim() == 4 && weight.dim() == 4 && weight.size(2) == 3 && weight.size(3) == 3 &&
                weight.size(1) == x.size(1) && bias.numel() == weight.size(0),
                "x (N, Cin, H, W), weight (Cout, Cin, 3, 3), bias (Cout) expected");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    const int64_t N = xc.size(0), Cin = xc.size(1), H = xc.size(2), W = xc.size(3), Cout = wc.size(0);
    auto y = torch::empty({N, Cout, H, W}, xc.options());
    if (y.numel() == 0) return y;
    const int64_t co_tiles = (Cout + CO_T - 1) / CO_T;
    TORCH_CHECK(N * co_tiles <= 65535 && (H + TH - 1) / TH <= 65535, "input too large for this launch layout");
    dim3 block(TW, 8);
    dim3 grid((unsigned)((W + TW - 1) / TW), (unsigned)((H + TH - 1) / TH), (unsigned)(N * co_tiles));
    conv3x3_tiled<<<grid, block, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(),
        (int)Cin, (int)Cout, (int)H, (int)W, (int)co_tiles);
    return y;
}
"""

conv = load_inline(
    name="conv2d_relu_scale_compile_error",
    cpp_sources="torch::Tensor conv3x3_relu_scale_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double scale);",
    cuda_sources=conv_source,
    functions=["conv3x3_relu_scale_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, scale: float):
        super().__init__()
        # Holds the parameters (copied from the reference); never called.
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=True)
        self.scale = scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return conv.conv3x3_relu_scale_cuda(x, self.conv.weight, self.conv.bias, self.scale)
