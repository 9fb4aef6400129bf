"""A small decoder-only transformer (pre-LayerNorm GPT) with a key/value cache for batched sampling.

Positions are learned embeddings indexed by each row's own position ids, so left-padded batches
(sampling) and right-padded batches (training) give the same logits for the same real tokens.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class ModelConfig:
    vocab_size: int
    context: int = 320
    layers: int = 6
    d_model: int = 384
    heads: int = 6

    def __post_init__(self) -> None:
        if self.d_model % self.heads:
            raise ValueError(f"d_model {self.d_model} is not divisible by heads {self.heads}")
        for name in ("vocab_size", "context", "layers", "d_model", "heads"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")

    def to_dict(self) -> dict:
        return asdict(self)


class KVCache:
    """Preallocated keys and values for every layer: ``[batch, heads, length, head_dim]``."""

    def __init__(self, config: ModelConfig, batch: int, length: int, device: torch.device, dtype: torch.dtype):
        shape = (batch, config.heads, length, config.d_model // config.heads)
        self.keys = [torch.zeros(shape, device=device, dtype=dtype) for _ in range(config.layers)]
        self.values = [torch.zeros(shape, device=device, dtype=dtype) for _ in range(config.layers)]
        self.length = 0  # positions filled so far


class Block(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.heads = config.heads
        self.ln1 = nn.LayerNorm(config.d_model)
        self.qkv = nn.Linear(config.d_model, 3 * config.d_model)
        self.proj = nn.Linear(config.d_model, config.d_model)
        self.ln2 = nn.LayerNorm(config.d_model)
        self.mlp = nn.Sequential(nn.Linear(config.d_model, 4 * config.d_model), nn.GELU(),
                                 nn.Linear(4 * config.d_model, config.d_model))

    def forward(self, x: torch.Tensor, mask: torch.Tensor, cache: Optional[KVCache], layer: int) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        if cache is not None:
            start = cache.length
            cache.keys[layer][:, :, start:start + t] = k
            cache.values[layer][:, :, start:start + t] = v
            k = cache.keys[layer][:, :, :start + t]
            v = cache.values[layer][:, :, :start + t]
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = x + self.proj(attended.transpose(1, 2).reshape(b, t, d))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        self.token = nn.Embedding(config.vocab_size, config.d_model)
        self.position = nn.Embedding(config.context, config.d_model)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.ln = nn.LayerNorm(config.d_model)
        self.head = nn.Linear(config.d_model, config.vocab_size, bias=False)
        self.apply(self._init)
        for block in self.blocks:  # scaled residual projections (GPT-2)
            nn.init.normal_(block.proj.weight, std=0.02 / (2 * config.layers) ** 0.5)
            nn.init.normal_(block.mlp[2].weight, std=0.02 / (2 * config.layers) ** 0.5)

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)

    def forward(self, tokens: torch.Tensor, valid: torch.Tensor, positions: torch.Tensor,
                cache: Optional[KVCache] = None) -> torch.Tensor:
        """Logits ``[batch, time, vocab]``.

        - ``tokens``, ``positions``: ``[batch, time]``; ``valid``: ``[batch, keys]`` booleans, False
          for padding, over every key the queries may see (the cache's filled part plus these).
        - Causal within the call; a padded query attends to itself only (never to nothing).
        """
        b, t = tokens.shape
        if int(positions.max()) >= self.config.context:
            raise ValueError(f"a sequence is longer than the model's context ({self.config.context} tokens)")
        past = cache.length if cache is not None else 0
        keys = past + t
        if valid.shape != (b, keys):
            raise ValueError(f"valid has shape {tuple(valid.shape)}, expected {(b, keys)}")
        query_pos = torch.arange(past, keys, device=tokens.device)
        key_pos = torch.arange(keys, device=tokens.device)
        causal = key_pos[None, :] <= query_pos[:, None]                       # [t, keys]
        mask = causal[None] & valid[:, None, :]                               # [b, t, keys]
        mask = mask | (key_pos[None, None, :] == query_pos[None, :, None])    # self, always
        mask = mask[:, None]                                                  # [b, 1, t, keys]
        x = self.token(tokens) + self.position(positions)
        for layer, block in enumerate(self.blocks):
            x = block(x, mask, cache, layer)
        if cache is not None:
            cache.length += t
        return self.head(self.ln(x))


def positions_of(valid: torch.Tensor) -> torch.Tensor:
    """Position ids for a (left- or right-) padded batch: 0, 1, ... over each row's real tokens."""
    return (valid.long().cumsum(dim=1) - 1).clamp(min=0)


def token_logprobs(model: GPT, tokens: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """log p(tokens[:, i] | tokens[:, :i]) for i >= 1, as ``[batch, time - 1]`` float32."""
    logits = model(tokens, valid, positions_of(valid))[:, :-1].float()
    return torch.log_softmax(logits, dim=-1).gather(-1, tokens[:, 1:, None]).squeeze(-1)
