import torch
import torch.nn as nn


class Model(nn.Module):
    """C = A @ B.T for float32 matrices (B is stored row-major as N x K)."""

    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B.T)


M = 1024
K = 2048
N = 1024


def get_inputs():
    return [torch.randn(M, K), torch.randn(N, K)]


def get_init_inputs():
    return []
