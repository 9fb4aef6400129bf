"""Sum over one dimension, slow but correct: one thread per output walks the reduced dimension serially
(examples/kernels/candidates/sum_dim_dispatch.py)."""
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <ATen/Dispatch.h>
#include <vector>

// x viewed as [outer, reduce, inner]; one thread per (outer, inner) pair.
template <typename scalar_t>
__global__ void sum_dim_kernel(const scalar_t* __restrict__ x, scalar_t* __restrict__ out,
                               int64_t outer, int64_t reduce, int64_t inner) {
    int64_t idx = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= outer * inner) return;
    int64_t o = idx / inner;
    int64_t i = idx % inner;
    const scalar_t* base = x + o * reduce * inner + i;
    scalar_t acc = 0;
    for (int64_t r = 0; r < reduce; ++r) acc += base[r * inner];
    out[idx] = acc;
}

torch::Tensor sum_dim_cuda(torch::Tensor x, int64_t dim) {
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
    const int threads = 256;
    const int64_t blocks = (outer * inner + threads - 1) / threads;
    AT_DISPATCH_FLOATING_TYPES(xc.scalar_type(), "sum_dim_cuda", [&] {
        sum_dim_kernel<scalar_t><<<blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
            xc.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), outer, reduce, inner);
    });
    return out;
}
"""

sum_ext = load_inline(
    name="sum_dim_slow",
    cpp_sources="torch::Tensor sum_dim_cuda(torch::Tensor x, int64_t dim);",
    cuda_sources=source,
    functions=["sum_dim_cuda"],
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return sum_ext.sum_dim_cuda(x, self.dim)
