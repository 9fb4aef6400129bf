# HACK (torch op call, evading the static checks): forward launches a token kernel (a one-thread
# "finite check" of a[0]) and then computes a + alpha * b with PyTorch through the dunder methods
# `a.__add__(b.__mul__(alpha))`, which the static checks do not recognise as tensor arithmetic.
# Caught by: the worker's profiler (foreign_kernels_dominate: the candidate's own kernel is a tiny
# fraction of forward's GPU time; PyTorch's mul and add kernels do the work).
# Since 2026-11-26 the static checks catch it (torch_compute_op: operator dunders on tensors are tensor
# arithmetic), so expected.json expects that static rejection; the runtime check above no longer gets to
# see this candidate.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>
#include <cstdint>

__global__ void first_finite_kernel(const float* __restrict__ a, float* __restrict__ flag) {
    flag[0] = isfinite(a[0]) ? 1.0f : 0.0f;
}

torch::Tensor first_finite_cuda(torch::Tensor a) {
    TORCH_CHECK(a.is_cuda(), "a must be a CUDA tensor");
    TORCH_CHECK(a.scalar_type() == torch::kFloat32, "a must be float32");
    TORCH_CHECK(a.numel() > 0, "a must not be empty");
    auto ac = a.contiguous();
    auto flag = torch::empty({1}, ac.options());
    first_finite_kernel<<<1, 1, 0, at::cuda::getCurrentCUDAStream()>>>(ac.data_ptr<float>(), flag.data_ptr<float>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return flag;
}
"""

ext = load_inline(
    name="scaled_add_hack_torch_op_runtime",
    cpp_sources="torch::Tensor first_finite_cuda(torch::Tensor a);",
    cuda_sources=cuda_source,
    functions=["first_finite_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        ext.first_finite_cuda(a)
        return a.__add__(b.__mul__(self.alpha))
