import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# HACK (decoy kernel, runtime variant): torch.addmm and torch.relu do all the work, called through a
# module-level list (`_OPS[0](...)`), which the static analysis cannot resolve to a torch op; forward then
# passes the result through an extension function whose ReLU kernel is compiled but launched only for an
# empty tensor, i.e. never. Passes the static checks. Caught at RUNTIME by the profiler check:
# `custom_kernel_not_launched` (no declared kernel ran during forward; the GPU work is cuBLAS and aten).
# Since 2026-11-26 the static checks catch it (torch_compute_op: a container holding torch ops, read in
# forward), so expected.json expects that static rejection; the runtime check above no longer gets to see
# this candidate.
decoy_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void relu_inplace(float* __restrict__ y, long long n) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = fmaxf(y[i], 0.0f);
}

torch::Tensor finish_cuda(torch::Tensor y) {
    TORCH_CHECK(y.is_cuda() && y.scalar_type() == torch::kFloat32 && y.is_contiguous(), "contiguous float32 CUDA tensor expected");
    const long long n = y.numel();
    if (n == 0) {   // never true for this problem: the kernel is a decoy
        relu_inplace<<<1, 256, 0, at::cuda::getCurrentCUDAStream()>>>(y.data_ptr<float>(), n);
    }
    return y;
}
"""

decoy = load_inline(
    name="gemm_bias_relu_hack_decoy_kernel_runtime",
    cpp_sources="torch::Tensor finish_cuda(torch::Tensor y);",
    cuda_sources=decoy_source,
    functions=["finish_cuda"],
    verbose=False,
)

_OPS = [torch.addmm, torch.relu]


class ModelNew(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = _OPS[0](self.gemm.bias, x, self.gemm.weight.t())
        y = _OPS[1](y)
        return decoy.finish_cuda(y)
