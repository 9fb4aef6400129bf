# assay-expect: status=rejected problem=relu findings=no_custom_kernel,unsupported_extension_loader
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load

relu_ext = load(name="relu_ext", sources=["relu.cu"])


class ModelNew(nn.Module):
    def forward(self, x):
        return relu_ext.relu_cuda(x)
