"""Token batches for training: right-padded sequences and the mask of tokens that get a loss."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import torch

from .sampler import Rollout
from .tasks import Problem, problem, prompt_text, worked_solution
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


def sft_example(tokenizer: CharTokenizer, p: Problem, use_tool: bool,
                train_decision: bool = True) -> tuple[list[int], list[bool]]:
    """BOS + prompt + worked solution + EOS; targets: the solution's model-written parts and EOS.

    ``train_decision=False`` leaves the first response token (the choice between a ```python block
    and a hand computation) untrained: the example teaches how to use the tool, not whether to."""
    ids = [tokenizer.bos_id] + tokenizer.encode(prompt_text(p))
    mask = [False] * len(ids)
    first = len(ids)
    for text, is_action in worked_solution(p, use_tool):
        piece = tokenizer.encode(text)
        ids += piece
        mask += [is_action] * len(piece)
    if not train_decision:
        mask[first] = False
    return ids + [tokenizer.eos_id], mask + [True]


@dataclass(frozen=True)
class SFTMix:
    """How SFT example ``index`` is written (deterministic in seed and index).

    A ``tool_path_fraction`` share of examples use Python with the decision token untrained; of the
    others, ``tool_fraction`` use Python and the rest compute by hand, decision trained. So the policy
    learns to choose the tool at rate ``tool_fraction`` but sees enough tool use to do it well."""

    seed: int
    tool_fraction: float
    tool_path_fraction: float = 0.0

    def __post_init__(self) -> None:
        for name in ("tool_fraction", "tool_path_fraction"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1], not {getattr(self, name)}")

    def mode(self, index: int) -> tuple[bool, bool]:
        """(use_tool, train_decision) for example ``index``."""
        r = random.Random(f"tool:{self.seed}:{index}")
        if r.random() < self.tool_path_fraction:
            return True, False
        return r.random() < self.tool_fraction, True

    def example(self, tokenizer: CharTokenizer, index: int) -> tuple[list[int], list[bool]]:
        use_tool, train_decision = self.mode(index)
        return sft_example(tokenizer, problem(self.seed, "train", index), use_tool, train_decision)
