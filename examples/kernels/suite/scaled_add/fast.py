"""out = a + alpha * b, fast: one fused pass (the reference runs two kernels), float4, grid-stride."""
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#include <algorithm>
#include <cstdint>

// a + alpha * b in one pass (the reference runs two kernels and writes alpha * b to a temporary).
// Grid-stride loop over float4s, then the last numel % 4 elements (or all of them when unaligned).
__global__ void scaled_add_vec4_kernel(const float* __restrict__ a, const float* __restrict__ b, float alpha,
                                       float* __restrict__ out, int64_t n, int64_t n4) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    const int64_t first = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const float4* __restrict__ a4 = reinterpret_cast<const float4*>(a);
    const float4* __restrict__ b4 = reinterpret_cast<const float4*>(b);
    float4* __restrict__ o4 = reinterpret_cast<float4*>(out);
    for (int64_t i = first; i < n4; i += stride) {
        const float4 va = a4[i];
        const float4 vb = b4[i];
        o4[i] = make_float4(va.x + alpha * vb.x, va.y + alpha * vb.y, va.z + alpha * vb.z, va.w + alpha * vb.w);
    }
    for (int64_t i = n4 * 4 + first; i < n; i += stride) {
        out[i] = a[i] + alpha * b[i];
    }
}

torch::Tensor scaled_add_cuda(torch::Tensor a, torch::Tensor b, double alpha) {
    TORCH_CHECK(a.is_cuda() && b.is_cuda(), "a and b must be CUDA tensors");
    TORCH_CHECK(a.scalar_type() == torch::kFloat32 && b.scalar_type() == torch::kFloat32, "a and b must be float32");
    TORCH_CHECK(a.sizes() == b.sizes(), "a and b must have the same shape");
    auto ac = a.contiguous();
    auto bc = b.contiguous();
    auto out = torch::empty_like(ac);
    const int64_t n = ac.numel();
    if (n == 0) return out;
    const float* ap = ac.data_ptr<float>();
    const float* bp = bc.data_ptr<float>();
    float* op = out.data_ptr<float>();
    const bool aligned = reinterpret_cast<uintptr_t>(ap) % 16 == 0 && reinterpret_cast<uintptr_t>(bp) % 16 == 0 &&
                         reinterpret_cast<uintptr_t>(op) % 16 == 0;
    const int64_t n4 = aligned ? n / 4 : 0;
    const int64_t work = std::max<int64_t>(n4, n - n4 * 4);
    const int threads = 256;
    const int64_t max_blocks = (int64_t)at::cuda::getCurrentDeviceProperties()->multiProcessorCount * 8;
    const int blocks = (int)std::max<int64_t>(1, std::min<int64_t>((work + threads - 1) / threads, max_blocks));
    scaled_add_vec4_kernel<<<blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(ap, bp, (float)alpha, op, n, n4);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""

cpp_source = "torch::Tensor scaled_add_cuda(torch::Tensor a, torch::Tensor b, double alpha);"

ext = load_inline(
    name="scaled_add_fast",
    cpp_sources=cpp_source,
    cuda_sources=cuda_source,
    functions=["scaled_add_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return ext.scaled_add_cuda(a, b, self.alpha)
