"""sigmoid, slow but correct: each thread walks a contiguous chunk (uncoalesced), 64 blocks only."""
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#include <cstdint>

__device__ __forceinline__ float sigmoid_op(float v) {
    // expf(-v) is inf for v < -88 and 1 / inf = 0, so large inputs are safe
    return 1.0f / (1.0f + expf(-v));
}

// Deliberately naive: a fixed 64 x 256 threads, each walking its own contiguous chunk one element
// at a time. Neighbouring threads are a chunk apart, so a warp's 32 loads and stores touch 32
// different cache lines (uncoalesced) and only 64 SMs have work. Correct for any size.
__global__ void sigmoid_chunk_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t n, int64_t chunk) {
    const int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const int64_t begin = t * chunk;
    const int64_t end = begin + chunk < n ? begin + chunk : n;
    for (int64_t i = begin; i < end; ++i) {
        y[i] = sigmoid_op(x[i]);
    }
}

torch::Tensor sigmoid_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    if (n == 0) return y;
    const int threads = 256;
    const int blocks = 64;
    const int64_t total = (int64_t)threads * blocks;
    const int64_t chunk = (n + total - 1) / total;
    sigmoid_chunk_kernel<<<blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        xc.data_ptr<float>(), y.data_ptr<float>(), n, chunk);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

cpp_source = "torch::Tensor sigmoid_cuda(torch::Tensor x);"

ext = load_inline(
    name="sigmoid_slow",
    cpp_sources=cpp_source,
    cuda_sources=cuda_source,
    functions=["sigmoid_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return ext.sigmoid_cuda(x)
