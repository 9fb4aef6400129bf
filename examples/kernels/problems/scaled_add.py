import torch
import torch.nn as nn


class Model(nn.Module):
    """out = a + alpha * b."""

    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a + self.alpha * b


size = 1 << 24
alpha = 0.5


def get_inputs():
    return [torch.randn(size), torch.randn(size)]


def get_init_inputs():
    return [alpha]
