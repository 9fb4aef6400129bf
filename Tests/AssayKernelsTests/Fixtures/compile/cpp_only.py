import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Host code only: load_inline builds main.cpp alone.
cpp_source = """
torch::Tensor double_it(torch::Tensor x) {
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const float* in = xc.data_ptr<float>();
    float* out = y.data_ptr<float>();
    for (int64_t i = 0; i < xc.numel(); ++i) out[i] = 2.0f * in[i];
    return y;
}
"""

ext = load_inline(name="double_it_cpu", cpp_sources=cpp_source, functions=["double_it"])


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.double_it(x)
