# Max over the last dim: one warp per row, float4 coalesced loads (4 in flight per lane), butterfly
# shuffle reduction; NaN propagates as in torch.max. Scalar loads when cols % 4 != 0 or unaligned.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

constexpr int WARPS = 8;

// max that keeps NaN, like torch.max
__device__ __forceinline__ float nanmax(float a, float b) {
    return (a != a || a > b) ? a : b;
}

__device__ __forceinline__ float warp_max(float v) {
    #pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = nanmax(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

__global__ void rowmax_vec4(const float* __restrict__ x, float* __restrict__ out, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float4* r = reinterpret_cast<const float4*>(x + row * cols);
    const int64_t n4 = cols / 4;
    float m = -INFINITY;
    int64_t c = lane;
    for (; c + 96 < n4; c += 128) {
        float4 a = r[c], b = r[c + 32], d = r[c + 64], e = r[c + 96];
        m = nanmax(m, nanmax(nanmax(nanmax(a.x, a.y), nanmax(a.z, a.w)), nanmax(nanmax(b.x, b.y), nanmax(b.z, b.w))));
        m = nanmax(m, nanmax(nanmax(nanmax(d.x, d.y), nanmax(d.z, d.w)), nanmax(nanmax(e.x, e.y), nanmax(e.z, e.w))));
    }
    for (; c < n4; c += 32) {
        float4 a = r[c];
        m = nanmax(m, nanmax(nanmax(a.x, a.y), nanmax(a.z, a.w)));
    }
    m = warp_max(m);
    if (lane == 0) out[row] = m;
}

__global__ void rowmax_scalar(const float* __restrict__ x, float* __restrict__ out, int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float* r = x + row * cols;
    float m = -INFINITY;
    for (int64_t c = lane; c < cols; c += 32) m = nanmax(m, r[c]);
    m = warp_max(m);
    if (lane == 0) out[row] = m;
}

torch::Tensor max_lastdim_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    TORCH_CHECK(x.dim() >= 1 && x.size(-1) > 0, "max over an empty last dimension is undefined");
    auto xc = x.contiguous();
    const int64_t cols = xc.size(-1);
    const int64_t rows = xc.numel() / cols;
    auto sizes = xc.sizes().vec();
    sizes.pop_back();
    auto out = torch::empty(sizes, xc.options());
    if (rows == 0) return out;
    const float* xp = xc.data_ptr<float>();
    const int64_t blocks = (rows + WARPS - 1) / WARPS;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    if (cols % 4 == 0 && reinterpret_cast<uintptr_t>(xp) % 16 == 0) {
        rowmax_vec4<<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, out.data_ptr<float>(), rows, cols);
    } else {
        rowmax_scalar<<<(unsigned int)blocks, WARPS * 32, 0, stream>>>(xp, out.data_ptr<float>(), rows, cols);
    }
    return out;
}
"""

max_ext = load_inline(
    name="max_dim_fast",
    cpp_sources="torch::Tensor max_lastdim_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["max_lastdim_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return max_ext.max_lastdim_cuda(x)
