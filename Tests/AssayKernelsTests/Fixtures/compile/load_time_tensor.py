# A namespace-scope tensor created when the library loads: load_inline runs the initializer at
# import; the slim path cannot (torch operations run only during a call), so it goes to the full path.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>

static torch::Tensor offset = torch::ones({1});

__global__ void add_kernel(const float* x, float* y, float c, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = x[i] + c;
}

torch::Tensor add_one(torch::Tensor x) {
    auto y = torch::empty_like(x);
    const int64_t n = x.numel();
    add_kernel<<<(n + 255) / 256, 256>>>(x.data_ptr<float>(), y.data_ptr<float>(), 1.0f, n);
    return y;
}
"""

ext = load_inline(name="load_time_tensor", cpp_sources="torch::Tensor add_one(torch::Tensor x);",
                  cuda_sources=source, functions=["add_one"], verbose=False)


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.add_one(x)
