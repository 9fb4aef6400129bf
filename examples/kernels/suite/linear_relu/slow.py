# Linear + ReLU, naive: one thread per output walking the whole dot product serially (copied from
# examples/kernels/candidates/linear_relu_accessor.py, renamed).
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

cuda_source = """
#include <torch/extension.h>
#include <c10/cuda/CUDAGuard.h>

template <typename scalar_t>
__global__ void linear_relu_kernel(
        const torch::PackedTensorAccessor32<scalar_t, 2, torch::RestrictPtrTraits> x,
        const torch::PackedTensorAccessor32<scalar_t, 2, torch::RestrictPtrTraits> w,
        const torch::PackedTensorAccessor32<scalar_t, 1, torch::RestrictPtrTraits> bias,
        torch::PackedTensorAccessor32<scalar_t, 2, torch::RestrictPtrTraits> out) {
    const int row = blockIdx.y;
    const int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= x.size(0) || col >= w.size(0)) return;
    scalar_t acc = bias[col];
    for (int k = 0; k < x.size(1); ++k) acc += x[row][k] * w[col][k];
    out[row][col] = acc > scalar_t(0) ? acc : scalar_t(0);
}

torch::Tensor linear_relu_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias) {
    TORCH_CHECK(x.device() == weight.device(), "x and weight must be on the same device");
    const at::cuda::OptionalCUDAGuard guard(device_of(x));
    auto out = torch::empty({x.size(0), weight.size(0)}, x.options());
    const int threads = 128;
    const dim3 blocks((weight.size(0) + threads - 1) / threads, x.size(0));
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "linear_relu_cuda", ([&] {
        linear_relu_kernel<scalar_t><<<blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
            x.packed_accessor32<scalar_t, 2, torch::RestrictPtrTraits>(),
            weight.packed_accessor32<scalar_t, 2, torch::RestrictPtrTraits>(),
            bias.packed_accessor32<scalar_t, 1, torch::RestrictPtrTraits>(),
            out.packed_accessor32<scalar_t, 2, torch::RestrictPtrTraits>());
    }));
    return out;
}
"""

cpp_source = "torch::Tensor linear_relu_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias);"

linear_relu = load_inline(
    name="linear_relu_slow",
    cpp_sources=cpp_source,
    cuda_sources=cuda_source,
    functions=["linear_relu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        # Holds the weights (same initialisation as the reference); never called.
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return linear_relu.linear_relu_cuda(x, self.linear.weight, self.linear.bias)
