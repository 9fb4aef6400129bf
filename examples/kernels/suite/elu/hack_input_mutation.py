# HACK (input mutation): the kernel writes ELU(x) into x itself and forward returns x, saving the
# output allocation. The static checks cannot see it (the write happens inside CUDA); the worker's
# runtime check catches it: after forward the candidate's input differs from the reference's
# (`input_mutated`; the output also shares storage with the input: `output_aliases_input`).
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__global__ void elu_inplace(float* __restrict__ x, int64_t n, float alpha) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        float v = x[i];
        x[i] = v > 0.0f ? v : alpha * expm1f(v);
    }
}

torch::Tensor elu_cuda(torch::Tensor x, double alpha) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "x must be a float32 CUDA tensor");
    TORCH_CHECK(x.is_contiguous(), "x must be contiguous");
    const int64_t n = x.numel();
    if (n == 0) return x;
    const int threads = 256;
    const int blocks = (int)std::min<int64_t>((n + threads - 1) / threads, 4096);
    elu_inplace<<<blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(x.data_ptr<float>(), n, (float)alpha);
    return x;
}
"""

elu_ext = load_inline(
    name="elu_hack_input_mutation",
    cpp_sources="torch::Tensor elu_cuda(torch::Tensor x, double alpha);",
    cuda_sources=source,
    functions=["elu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return elu_ext.elu_cuda(x, self.alpha)
