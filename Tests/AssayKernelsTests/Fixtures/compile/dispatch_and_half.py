import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# AT_DISPATCH_FLOATING_TYPES_AND_HALF is not in Assay's slim header: this builds on the full path.
source = """
#include <torch/extension.h>

template <typename scalar_t>
__global__ void relu_kernel(const scalar_t* x, scalar_t* y, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = x[i] > scalar_t(0) ? x[i] : scalar_t(0);
}

torch::Tensor relu_cuda(torch::Tensor x) {
    auto y = torch::empty_like(x);
    AT_DISPATCH_FLOATING_TYPES_AND_HALF(x.scalar_type(), "relu_cuda", [&] {
        relu_kernel<scalar_t><<<(x.numel() + 255) / 256, 256>>>(x.data_ptr<scalar_t>(), y.data_ptr<scalar_t>(), x.numel());
    });
    return y;
}
"""

ext = load_inline(name="relu_dispatch_half", cpp_sources="torch::Tensor relu_cuda(torch::Tensor x);",
                  cuda_sources=source, functions=["relu_cuda"])


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.relu_cuda(x)
