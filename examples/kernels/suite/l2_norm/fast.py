# L2 normalisation of rows, fused: one warp per row holds the row in registers (float4 loads),
# reduces the sum of squares with shuffles and writes x / ||x|| — one read and one write of the
# data, where eager PyTorch runs a norm kernel and then a division kernel (two reads, one write).
# Rows too long for registers, odd widths or unaligned data take a two-pass warp kernel.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

constexpr int WARPS = 8;

__device__ __forceinline__ float warp_sum(float v) {
    #pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// VPL float4 values per lane kept in registers: rows of up to 128 * VPL floats.
template <int VPL>
__global__ void l2norm_regs(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const int64_t n4 = cols / 4;
    const float4* xr = reinterpret_cast<const float4*>(x + row * cols);
    float4* yr = reinterpret_cast<float4*>(y + row * cols);
    float4 v[VPL];
    float s = 0.0f;
    #pragma unroll
    for (int k = 0; k < VPL; ++k) {
        const int64_t c = lane + 32 * k;
        v[k] = c < n4 ? xr[c] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        s += v[k].x * v[k].x + v[k].y * v[k].y + v[k].z * v[k].z + v[k].w * v[k].w;
    }
    const float norm = sqrtf(warp_sum(s));
    #pragma unroll
    for (int k = 0; k < VPL; ++k) {
        const int64_t c = lane + 32 * k;
        if (c < n4) yr[c] = make_float4(v[k].x / norm, v[k].y / norm, v[k].z / norm, v[k].w / norm);
    }
}

__global__ void l2norm_twopass(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float* xr = x + row * cols;
    float* yr = y + row * cols;
    float s = 0.0f;
    for (int64_t c = lane; c < cols; c += 32) s += xr[c] * xr[c];
    const float norm = sqrtf(warp_sum(s));
    for (int64_t c = lane; c < cols; c += 32) yr[c] = xr[c] / norm;
}

torch::Tensor l2norm_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    TORCH_CHECK(x.dim() == 2, "x must be [rows, cols]");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t rows = xc.size(0), cols = xc.size(1);
    if (rows == 0 || cols == 0) return y;
    const float* xp = xc.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    const int64_t blocks = (rows + WARPS - 1) / WARPS;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const bool vec = cols % 4 == 0 && reinterpret_cast<uintptr_t>(xp) % 16 == 0 && reinterpret_cast<uintptr_t>(yp) % 16 == 0;
    if (vec && cols <= 256) {
        l2norm_regs<2><<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, yp, rows, cols);
    } else if (vec && cols <= 1024) {
        l2norm_regs<8><<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, yp, rows, cols);
    } else {
        l2norm_twopass<<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, yp, rows, cols);
    }
    return y;
}
"""

l2_ext = load_inline(
    name="l2_norm_fast",
    cpp_sources="torch::Tensor l2norm_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["l2norm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return l2_ext.l2norm_cuda(x)
