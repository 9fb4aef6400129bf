# Inclusive scan along the last dim: one warp per row, 128-element chunks (a float4 per lane), a
# serial scan inside each float4, a shuffle scan across lanes, and a running carry between chunks.
# Sums are carried in double (the scan is memory-bound, so it costs nothing measurable), which keeps
# the rounding error from growing along the row. Scalar chunks of 32 when cols % 4 != 0 or unaligned.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

constexpr int WARPS = 8;

// inclusive scan of v across the warp
__device__ __forceinline__ double warp_inclusive_scan(double v, int lane) {
    #pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
        double n = __shfl_up_sync(0xffffffffu, v, o);
        if (lane >= o) v += n;
    }
    return v;
}

__global__ void cumsum_vec4(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float4* xr = reinterpret_cast<const float4*>(x + row * cols);
    float4* yr = reinterpret_cast<float4*>(y + row * cols);
    const int64_t n4 = cols / 4;
    double carry = 0.0;
    for (int64_t base = 0; base < n4; base += 32) {
        const int64_t c = base + lane;
        const float4 v = c < n4 ? xr[c] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        const double s0 = v.x;
        const double s1 = s0 + v.y;
        const double s2 = s1 + v.z;
        const double s3 = s2 + v.w;
        const double incl = warp_inclusive_scan(s3, lane);
        double excl = __shfl_up_sync(0xffffffffu, incl, 1);
        if (lane == 0) excl = 0.0;
        const double offset = carry + excl;
        if (c < n4) yr[c] = make_float4((float)(s0 + offset), (float)(s1 + offset), (float)(s2 + offset), (float)(s3 + offset));
        carry += __shfl_sync(0xffffffffu, incl, 31);
    }
}

__global__ void cumsum_scalar(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float* xr = x + row * cols;
    float* yr = y + row * cols;
    double carry = 0.0;
    for (int64_t base = 0; base < cols; base += 32) {
        const int64_t c = base + lane;
        const double v = c < cols ? (double)xr[c] : 0.0;
        const double incl = warp_inclusive_scan(v, lane);
        if (c < cols) yr[c] = (float)(carry + incl);
        carry += __shfl_sync(0xffffffffu, incl, 31);
    }
}

torch::Tensor cumsum_lastdim_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    TORCH_CHECK(x.dim() >= 1, "x must have at least one dimension");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t cols = xc.size(-1);
    if (xc.numel() == 0) return y;
    const int64_t rows = xc.numel() / cols;
    const float* xp = xc.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    const int64_t blocks = (rows + WARPS - 1) / WARPS;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (cols % 4 == 0 && reinterpret_cast<uintptr_t>(xp) % 16 == 0 && reinterpret_cast<uintptr_t>(yp) % 16 == 0) {
        cumsum_vec4<<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, yp, rows, cols);
    } else {
        cumsum_scalar<<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, yp, rows, cols);
    }
    return y;
}
"""

cumsum_ext = load_inline(
    name="cumsum_fast",
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
