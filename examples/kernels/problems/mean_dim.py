import torch
import torch.nn as nn


class Model(nn.Module):
    """Mean over dimension 1 of a [B, N, M] tensor (the reduced dimension is dropped)."""

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.mean(x, dim=1)


batch_size = 128
dim1 = 512
dim2 = 256


def get_inputs():
    return [torch.randn(batch_size, dim1, dim2)]


def get_init_inputs():
    return []
