import torch
import torch.nn as nn


class Model(nn.Module):
    """GELU, exact form (nn.GELU()'s default): 0.5 * x * (1 + erf(x / sqrt(2))), not the tanh approximation."""

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.gelu(x)


batch_size = 4096
dim = 4096


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
