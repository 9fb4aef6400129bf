"""Row minimum and maximum, wrong everywhere: the warp reduction starts at offset 8, so lanes 16-31
(half of every row) never reach lane 0."""
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#include <cfloat>
#include <cstdint>
#include <vector>

constexpr int WARPS_PER_BLOCK = 8;

// Min and max of the 32 lanes' values, left in lane 0.
__device__ __forceinline__ void warp_minmax(float& lo, float& hi) {
#pragma unroll
    for (int offset = 8; offset > 0; offset >>= 1) {  // BUG: must start at 16
        lo = fminf(lo, __shfl_down_sync(0xffffffffu, lo, offset));
        hi = fmaxf(hi, __shfl_down_sync(0xffffffffu, hi, offset));
    }
}

__global__ void row_minmax_warp_kernel(const float* __restrict__ x, float* __restrict__ mins,
                                       float* __restrict__ maxs, int64_t rows, int64_t cols, bool vec4) {
    const int lane = threadIdx.x & 31;
    const int64_t row = (int64_t)blockIdx.x * WARPS_PER_BLOCK + (threadIdx.x >> 5);
    if (row >= rows) return;  // row is the same for all 32 lanes, so whole warps leave together
    const float* r = x + row * cols;
    float lo = FLT_MAX;
    float hi = -FLT_MAX;
    if (vec4) {
        const float4* r4 = reinterpret_cast<const float4*>(r);
        const int64_t n4 = cols / 4;
#pragma unroll 4
        for (int64_t i = lane; i < n4; i += 32) {
            const float4 v = r4[i];
            lo = fminf(lo, fminf(fminf(v.x, v.y), fminf(v.z, v.w)));
            hi = fmaxf(hi, fmaxf(fmaxf(v.x, v.y), fmaxf(v.z, v.w)));
        }
    } else {
        for (int64_t i = lane; i < cols; i += 32) {
            const float v = r[i];
            lo = fminf(lo, v);
            hi = fmaxf(hi, v);
        }
    }
    warp_minmax(lo, hi);
    if (lane == 0) {
        mins[row] = lo;
        maxs[row] = hi;
    }
}

std::vector<torch::Tensor> row_minmax_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    TORCH_CHECK(x.dim() == 2, "x must be 2-D");
    TORCH_CHECK(x.size(1) > 0, "rows must not be empty");
    auto xc = x.contiguous();
    const int64_t rows = xc.size(0);
    const int64_t cols = xc.size(1);
    auto mins = torch::empty({rows}, xc.options());
    auto maxs = torch::empty({rows}, xc.options());
    if (rows == 0) return {mins, maxs};
    const float* xp = xc.data_ptr<float>();
    const bool vec4 = cols % 4 == 0 && reinterpret_cast<uintptr_t>(xp) % 16 == 0;
    const int64_t blocks = (rows + WARPS_PER_BLOCK - 1) / WARPS_PER_BLOCK;
    TORCH_CHECK(blocks < (int64_t(1) << 31), "too many rows for one launch");
    row_minmax_warp_kernel<<<(unsigned int)blocks, WARPS_PER_BLOCK * 32, 0, at::cuda::getCurrentCUDAStream()>>>(
        xp, mins.data_ptr<float>(), maxs.data_ptr<float>(), rows, cols, vec4);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return {mins, maxs};
}
"""

cpp_source = "std::vector<torch::Tensor> row_minmax_cuda(torch::Tensor x);"

ext = load_inline(
    name="row_minmax_wrong",
    cpp_sources=cpp_source,
    cuda_sources=cuda_source,
    functions=["row_minmax_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor):
        mins, maxs = ext.row_minmax_cuda(x)
        return mins, maxs
