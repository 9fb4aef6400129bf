"""Hook points for spreading the loop with torch.distributed (not wired to DDP here).

With one process (the default) every function is the identity. Under ``torchrun`` with an
initialised process group, each rank samples its own shard of prompts (see ``shard``), gradients
are averaged after backward (``all_reduce_gradients``) and counts are summed (``all_reduce_sum``).
"""
from __future__ import annotations

import torch
import torch.distributed as dist


def rank_and_world() -> tuple[int, int]:
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def shard(start: int, count: int, rank: int, world: int) -> range:
    """This rank's ``count`` data indices of the global slice starting at ``start``."""
    return range(start + rank * count, start + (rank + 1) * count)


def all_reduce_gradients(model: torch.nn.Module) -> None:
    """Averages gradients over ranks (no-op with one process)."""
    rank, world = rank_and_world()
    if world == 1:
        return
    for p in model.parameters():
        if p.grad is not None:
            dist.all_reduce(p.grad, op=dist.ReduceOp.SUM)
            p.grad /= world


def all_reduce_sum(value: float, device: torch.device) -> float:
    """Sums a number over ranks (identity with one process)."""
    _, world = rank_and_world()
    if world == 1:
        return value
    tensor = torch.tensor([value], dtype=torch.float64, device=device)
    dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
    return float(tensor.item())
