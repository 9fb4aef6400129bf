"""The GRPO objective: clipped policy gradient with group advantages, optional KL to a reference."""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class LossStats:
    loss: float
    kl: float
    clip_fraction: float
    tokens: int


def grpo_loss(logp: torch.Tensor, old_logp: torch.Tensor, ref_logp: torch.Tensor, advantages: torch.Tensor,
              mask: torch.Tensor, clip_eps: float, kl_coef: float, normalizer: float) -> tuple[torch.Tensor, LossStats]:
    """Token-level clipped surrogate (PPO/GRPO) plus ``kl_coef`` × k3 KL to the reference.

    - ``logp``, ``old_logp``, ``ref_logp``, ``mask``: ``[B, T]``; ``advantages``: ``[B]``, one per
      sequence, broadcast over its tokens.
    - The sum over masked tokens is divided by ``normalizer`` (the number of action tokens in the
      whole batch, all minibatches and ranks), so long responses are not down-weighted per token
      (as Dr. GRPO / DAPO) and minibatches add up to the batch mean.
    - k3 KL estimator (Schulman): exp(ref - logp) - (ref - logp) - 1 >= 0, unbiased for KL(pi||ref).
    """
    if logp.shape != old_logp.shape or logp.shape != mask.shape or logp.shape != ref_logp.shape:
        raise ValueError("logp, old_logp, ref_logp and mask must have the same shape")
    if advantages.shape != logp.shape[:1]:
        raise ValueError(f"advantages must have shape {tuple(logp.shape[:1])}, not {tuple(advantages.shape)}")
    mask = mask.float()
    adv = advantages[:, None].float()
    ratio = torch.exp(logp - old_logp)
    unclipped = ratio * adv
    clipped = torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv
    policy = -torch.minimum(unclipped, clipped)
    log_ratio_ref = ref_logp - logp
    kl = torch.exp(log_ratio_ref) - log_ratio_ref - 1
    per_token = policy + kl_coef * kl
    loss = (per_token * mask).sum() / normalizer
    with torch.no_grad():
        count = mask.sum().clamp(min=1)
        stats = LossStats(loss=float(loss.detach()), kl=float((kl * mask).sum() / count),
                          clip_fraction=float(((unclipped != clipped).float() * mask).sum() / count),
                          tokens=int(mask.sum()))
    return loss, stats
