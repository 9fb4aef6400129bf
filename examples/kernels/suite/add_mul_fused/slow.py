import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Deliberately naive: each thread walks its own contiguous chunk of 256 elements serially, so at every step
# the threads of a warp touch addresses 1 KB apart (no coalescing), and few threads are in flight.
fused_source = """
#include <torch/extension.h>

#define CHUNK 256

__global__ void mul_add_chunks(const float* x, const float* y, const float* z, float* out, long long n) {
    const long long begin = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * CHUNK;
    for (long long i = begin; i < begin + CHUNK && i < n; ++i) {
        const float p = x[i] * y[i];
        out[i] = p + z[i];
    }
}

torch::Tensor mul_add_cuda(torch::Tensor x, torch::Tensor y, torch::Tensor z) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "float32 CUDA tensors expected");
    TORCH_CHECK(x.sizes() == y.sizes() && x.sizes() == z.sizes(), "x, y and z must have the same shape");
    auto xc = x.contiguous();
    auto yc = y.contiguous();
    auto zc = z.contiguous();
    auto out = torch::empty_like(xc);
    const long long n = xc.numel();
    const long long threads_needed = (n + CHUNK - 1) / CHUNK;
    const int threads = 128;
    mul_add_chunks<<<(unsigned)((threads_needed + threads - 1) / threads), threads>>>(
        xc.data_ptr<float>(), yc.data_ptr<float>(), zc.data_ptr<float>(), out.data_ptr<float>(), n);
    return out;
}
"""

fused = load_inline(
    name="add_mul_fused_slow",
    cpp_sources="torch::Tensor mul_add_cuda(torch::Tensor x, torch::Tensor y, torch::Tensor z);",
    cuda_sources=fused_source,
    functions=["mul_add_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return fused.mul_add_cuda(x, y, z)
