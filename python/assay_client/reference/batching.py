"""Token batches for training: right-padded sequences and the mask of tokens that get a loss."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import torch

from .sampler import Rollout
from .tasks import Problem, prompt_text, worked_solution
from .tokenizer import CharTokenizer


@dataclass
class TokenBatch:
    """``tokens``/``valid``: ``[B, T]``; ``target_mask``: ``[B, T-1]``, True where token i+1 is a
    model action that is trained (aligned with :func:`model.token_logprobs`)."""

    tokens: torch.Tensor
    valid: torch.Tensor
    target_mask: torch.Tensor

    def to(self, device: torch.device) -> "TokenBatch":
        return TokenBatch(self.tokens.to(device), self.valid.to(device), self.target_mask.to(device))


def make_batch(sequences: Sequence[Sequence[int]], trained: Sequence[Sequence[bool]], pad: int) -> TokenBatch:
    """``trained[b][i]`` says whether ``sequences[b][i]`` is a trained target."""
    width = max(len(s) for s in sequences)
    tokens = torch.full((len(sequences), width), pad, dtype=torch.long)
    valid = torch.zeros((len(sequences), width), dtype=torch.bool)
    target = torch.zeros((len(sequences), width), dtype=torch.bool)
    for b, (seq, mask) in enumerate(zip(sequences, trained)):
        if len(seq) != len(mask):
            raise ValueError(f"sequence {b} has {len(seq)} tokens but {len(mask)} mask entries")
        tokens[b, :len(seq)] = torch.tensor(seq, dtype=torch.long)
        valid[b, :len(seq)] = True
        target[b, :len(seq)] = torch.tensor(mask, dtype=torch.bool)
    return TokenBatch(tokens, valid, target[:, 1:])


def rollout_batch(rollouts: Sequence[Rollout], pad: int) -> TokenBatch:
    """Prompt + response of each rollout; the model's own response tokens are the targets."""
    return make_batch([r.prompt + r.response for r in rollouts],
                      [[False] * len(r.prompt) + r.action for r in rollouts], pad)


def sft_example(tokenizer: CharTokenizer, p: Problem, use_tool: bool) -> tuple[list[int], list[bool]]:
    """BOS + prompt + worked solution + EOS; targets: the solution's model-written parts and EOS."""
    ids = [tokenizer.bos_id] + tokenizer.encode(prompt_text(p))
    mask = [False] * len(ids)
    for text, is_action in worked_solution(p, use_tool):
        piece = tokenizer.encode(text)
        ids += piece
        mask += [is_action] * len(piece)
    return ids + [tokenizer.eos_id], mask + [True]


def uses_tool(seed: int, index: int, tool_fraction: float) -> bool:
    """Whether SFT example ``index`` is written with a Python call (deterministic)."""
    return random.Random(f"tool:{seed}:{index}").random() < tool_fraction
