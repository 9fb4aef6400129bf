# assay-expect: status=rejected problem=relu findings=no_custom_kernel,torch_compute_op
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.relu(x)
