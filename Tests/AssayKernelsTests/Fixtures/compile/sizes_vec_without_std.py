import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Uses IntArrayRef::vec() (a std::vector) and Device::str() (a std::string) without writing
# `std::` anywhere: the slim build's scan of std names misses both, its first attempt fails,
# and the second attempt with the whole standard library must succeed.
cuda_source = """
__global__ void scale_kernel(const float* x, float* y, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = 3.0f * x[i];
}

torch::Tensor scale3(torch::Tensor x) {
    auto shape = x.sizes().vec();
    auto where = x.device().str();
    TORCH_CHECK(shape.size() >= 1, "expected at least one dimension on ", where);
    auto xc = x.contiguous();
    auto y = torch::empty(shape, xc.options());
    int64_t n = xc.numel();
    scale_kernel<<<(n + 255) / 256, 256>>>(xc.data_ptr<float>(), y.data_ptr<float>(), n);
    return y;
}
"""

ext = load_inline(
    name="scale3_ext", cpp_sources="torch::Tensor scale3(torch::Tensor x);", cuda_sources=cuda_source,
    functions=["scale3"])


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.scale3(x)
