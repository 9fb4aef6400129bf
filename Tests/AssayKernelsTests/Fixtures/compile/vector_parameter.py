import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# A std::vector<int64_t> parameter: pybind11 converts it, the slim binding does not (full path).
source = """
#include <torch/extension.h>
#include <vector>

__global__ void fill_kernel(float* y, int64_t n, float v) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = v;
}

torch::Tensor filled(torch::Tensor x, std::vector<int64_t> shape) {
    auto y = torch::empty(shape, x.options());
    fill_kernel<<<(y.numel() + 255) / 256, 256>>>(y.data_ptr<float>(), y.numel(), 1.0f);
    return y;
}
"""

ext = load_inline(name="vector_parameter", cpp_sources="torch::Tensor filled(torch::Tensor x, std::vector<int64_t> shape);",
                  cuda_sources=source, functions=["filled"])


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.filled(x, [4, 4])
