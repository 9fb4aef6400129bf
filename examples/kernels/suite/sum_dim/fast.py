"""Sum over one dimension (keepdim), fast: coalesced column tiles, the reduced dimension split 8 ways per
block and combined in shared memory."""
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#include <cstdint>
#include <vector>

constexpr int TILE = 32;   // inner columns per block: threadIdx.x, so a warp reads 32 consecutive floats
constexpr int SPLIT = 8;   // threadIdx.y: each thread sums every 8th slice of the reduced dimension

// x viewed as [outer, reduce, inner]; one block per (outer index, tile of 32 inner columns).
__global__ void sum_dim_tiled_kernel(const float* __restrict__ x, float* __restrict__ out,
                                     int64_t reduce, int64_t inner, int64_t tiles) {
    __shared__ float partial[SPLIT][TILE + 1];
    const int64_t o = blockIdx.x / tiles;
    const int64_t col = (blockIdx.x % tiles) * TILE + threadIdx.x;
    float acc = 0.0f;
    if (col < inner) {
        const float* base = x + o * reduce * inner + col;
#pragma unroll 4
        for (int64_t r = threadIdx.y; r < reduce; r += SPLIT) {
            acc += base[r * inner];
        }
    }
    partial[threadIdx.y][threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.y == 0 && col < inner) {
        float s = 0.0f;
#pragma unroll
        for (int k = 0; k < SPLIT; ++k) {
            s += partial[k][threadIdx.x];
        }
        out[o * inner + col] = s;
    }
}

torch::Tensor sum_dim_cuda(torch::Tensor x, int64_t dim) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    TORCH_CHECK(x.dim() > 0, "x must have at least one dimension");
    TORCH_CHECK(dim >= -x.dim() && dim < x.dim(), "dim out of range");
    if (dim < 0) dim += x.dim();
    auto xc = x.contiguous();
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < dim; ++d) outer *= xc.size(d);
    for (int64_t d = dim + 1; d < xc.dim(); ++d) inner *= xc.size(d);
    const int64_t reduce = xc.size(dim);
    std::vector<int64_t> out_sizes = xc.sizes().vec();
    out_sizes[dim] = 1;
    auto out = torch::empty(out_sizes, xc.options());
    if (out.numel() == 0) return out;
    const int64_t tiles = (inner + TILE - 1) / TILE;
    const int64_t blocks = outer * tiles;
    TORCH_CHECK(blocks < (int64_t(1) << 31), "too many output columns for one launch");
    const dim3 block(TILE, SPLIT);
    sum_dim_tiled_kernel<<<(unsigned int)blocks, block, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), out.data_ptr<float>(), reduce, inner, tiles);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""

cpp_source = "torch::Tensor sum_dim_cuda(torch::Tensor x, int64_t dim);"

ext = load_inline(
    name="sum_dim_fast",
    cpp_sources=cpp_source,
    cuda_sources=cuda_source,
    functions=["sum_dim_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return ext.sum_dim_cuda(x, self.dim)
