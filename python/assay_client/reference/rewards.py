"""Rewards and group advantages from Assay, with the tool-failure term of Assay's math policy.

For each prompt's group the server (``POST /v1/groups``) grades every response with AssayMath's
exact grader under the format-aware reward policy (correct / incorrect / unparseable) and returns
rewards and GRPO advantages. The server's policy has no tool-failure input, so the tool-failure
penalty of ``MathRewardPolicy`` (AssayCore) is applied here with the same formula, and the
advantages are recomputed with the same estimator as ``GroupAdvantages``. For a group without a
failed tool call the recomputed advantages must equal the server's: they are checked on every
group, and a difference is an error.
"""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .assay import ReferenceClient


@dataclass(frozen=True)
class RewardPolicy:
    """Documented defaults: 1 correct, 0 a wrong but well-formed final answer, -0.2 no parseable
    final answer (format), and no tool-failure penalty (AssayCore's MathRewardPolicy default; opt in
    with ``tool_failure_penalty``, capped at ``max_tool_penalty``, never pushing a correct answer
    below a wrong one). Why off by default: GRPO's std normalisation makes any non-zero penalty a
    full-size negative advantage in a group with no correct answer, so a policy whose code is still
    clumsy learns to avoid the tool before it can learn that the tool pays (seen on CPU)."""

    correct: float = 1.0
    incorrect: float = 0.0
    unparseable: float = -0.2
    tool_failure_penalty: float = 0.0
    max_tool_penalty: float = 0.2

    def server_policy(self) -> dict:
        return {"correct": self.correct, "incorrect": self.incorrect, "unparseable": self.unparseable}

    def shaped(self, base: float, passed: bool, failed_tool_calls: int) -> float:
        penalty = min(max(failed_tool_calls, 0) * self.tool_failure_penalty, self.max_tool_penalty)
        shaped = base - penalty
        return max(shaped, max(self.incorrect, self.unparseable)) if passed else shaped


def advantages(rewards: Sequence[float], method: str = "grpo", epsilon: float = 1e-4) -> tuple[list[float], Optional[str]]:
    """Group advantages exactly as AssayCore's GroupAdvantages: (values, degenerate reason)."""
    if not rewards:
        raise ValueError("a group needs at least one reward")
    n = len(rewards)
    mean = sum(rewards) / n
    if n == 1:
        return [0.0], "single_candidate"
    if all(r == rewards[0] for r in rewards):
        return [0.0] * n, "zero_variance"
    if method == "grpo":
        std = math.sqrt(sum((r - mean) ** 2 for r in rewards) / (n - 1))
        return [(r - mean) / (std + epsilon) for r in rewards], None
    if method == "dr-grpo":
        return [r - mean for r in rewards], None
    if method == "rloo":
        total = sum(rewards)
        return [r - (total - r) / (n - 1) for r in rewards], None
    raise ValueError(f"method must be grpo, dr-grpo or rloo, not {method!r}")


@dataclass
class GroupScores:
    rewards: list[float]
    advantages: list[float]
    passed: list[bool]
    statuses: list[str]
    server_advantages_used: bool


@dataclass
class Scorer:
    """Scores groups through the server, concurrently (one request per group)."""

    client: ReferenceClient
    policy: RewardPolicy = field(default_factory=RewardPolicy)
    method: str = "grpo"
    workers: int = 8

    def score(self, golds: Sequence[str], groups: Sequence[Sequence[str]], failed_tool_calls: Sequence[Sequence[int]],
              problem_ids: Sequence[str], step: Optional[int] = None) -> list[GroupScores]:
        def one(i: int) -> GroupScores:
            answer = self.client.group_with_policy(golds[i], groups[i], method=self.method,
                                                   reward_policy=self.policy.server_policy(),
                                                   problem_id=problem_ids[i], step=step)
            return self._shape(answer, failed_tool_calls[i])
        with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(groups)))) as pool:
            return list(pool.map(one, range(len(groups))))

    def _shape(self, answer: dict, failed: Sequence[int]) -> GroupScores:
        passed = [bool(r["passed"]) for r in answer["results"]]
        server_rewards = [float(r) for r in answer["rewards"]]
        if len(server_rewards) != len(failed):
            raise RuntimeError(f"the server returned {len(server_rewards)} rewards for {len(failed)} candidates")
        rewards = [self.policy.shaped(r, p, f) for r, p, f in zip(server_rewards, passed, failed)]
        local, _ = advantages(rewards, self.method)
        if rewards == server_rewards:
            served = [float(a) for a in answer["advantages"]]
            if any(abs(a - b) > 1e-9 for a, b in zip(local, served)):
                raise RuntimeError(f"local advantages {local} disagree with the server's {served}")
        return GroupScores(rewards, local, passed, [r["status"] for r in answer["results"]],
                           server_advantages_used=rewards == server_rewards)
