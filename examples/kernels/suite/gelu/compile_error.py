"""GELU, compile error: the kernel lacks __global__, so the <<<...>>> launch configures a host function."""
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#include <algorithm>
#include <cstdint>

__device__ __forceinline__ float gelu_op(float v) {
    // exact GELU (erf form), as F.gelu's default
    return 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
}

// Grid-stride loop over float4s (16-byte loads and stores), then the last numel % 4 elements
// (or every element, when a pointer is not 16-byte aligned and n4 is 0).
void gelu_vec4_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t n, int64_t n4) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    const int64_t first = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const float4* __restrict__ x4 = reinterpret_cast<const float4*>(x);
    float4* __restrict__ y4 = reinterpret_cast<float4*>(y);
    for (int64_t i = first; i < n4; i += stride) {
        float4 v = x4[i];
        v.x = gelu_op(v.x);
        v.y = gelu_op(v.y);
        v.z = gelu_op(v.z);
        v.w = gelu_op(v.w);
        y4[i] = v;
    }
    for (int64_t i = n4 * 4 + first; i < n; i += stride) {
        y[i] = gelu_op(x[i]);
    }
}

torch::Tensor gelu_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    if (n == 0) return y;
    const float* xp = xc.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    const bool aligned = reinterpret_cast<uintptr_t>(xp) % 16 == 0 && reinterpret_cast<uintptr_t>(yp) % 16 == 0;
    const int64_t n4 = aligned ? n / 4 : 0;
    const int64_t work = std::max<int64_t>(n4, n - n4 * 4);
    const int threads = 256;
    // Enough blocks to fill every SM (8 x 256 threads each), never more than the work needs.
    const int64_t max_blocks = (int64_t)at::cuda::getCurrentDeviceProperties()->multiProcessorCount * 8;
    const int blocks = (int)std::max<int64_t>(1, std::min<int64_t>((work + threads - 1) / threads, max_blocks));
    gelu_vec4_kernel<<<blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(xp, yp, n, n4);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

cpp_source = "torch::Tensor gelu_cuda(torch::Tensor x);"

ext = load_inline(
    name="gelu_compile_error",
    cpp_sources=cpp_source,
    cuda_sources=cuda_source,
    functions=["gelu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return ext.gelu_cuda(x)
