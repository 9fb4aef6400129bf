import torch
import torch.nn as nn


class Model(nn.Module):
    """Inclusive prefix sum along the last dimension."""

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumsum(x, dim=-1)


# Rows of 256: the worker's wide trial (inputs x 1e3) keeps a fixed atol of 1e-2, and longer float32
# scans differ from each other by more than that near zero crossings (measured on the CPU: rows of
# 1024 gave ~24 such elements in 16 M, rows of 256 gave 0-1).
batch_size = 65536
dim = 256


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
