"""The GRPO objective, the reward policy, and advantages computed here vs. by the server."""
from __future__ import annotations

import math
import random

import pytest
import torch

from assay_client.reference.assay import ReferenceClient
from assay_client.reference.loss import grpo_loss
from assay_client.reference.rewards import RewardPolicy, Scorer, advantages


def test_loss_pushes_up_positive_advantages_and_down_negative_ones():
    logp = torch.full((2, 3), -1.0, requires_grad=True)
    old = logp.detach().clone()
    mask = torch.tensor([[1, 1, 0], [1, 0, 0]], dtype=torch.bool)
    adv = torch.tensor([2.0, -1.0])
    loss, stats = grpo_loss(logp, old, old, adv, mask, clip_eps=0.2, kl_coef=0.0, normalizer=3.0)
    assert loss.shape == () and stats.tokens == 3 and stats.kl == 0.0 and stats.clip_fraction == 0.0
    loss.backward()
    # ratio 1: d loss / d logp = -A / normalizer on masked tokens, 0 elsewhere
    expected = torch.tensor([[-2 / 3, -2 / 3, 0.0], [1 / 3, 0.0, 0.0]])
    torch.testing.assert_close(logp.grad, expected)
    assert float(loss.detach()) == pytest.approx(-(2 * 2 - 1) / 3)


def test_clipping_stops_the_gradient_beyond_the_trust_region():
    old = torch.zeros(1, 2)
    logp = torch.tensor([[math.log(1.5), math.log(0.5)]], requires_grad=True)  # ratios 1.5 and 0.5
    mask = torch.ones(1, 2, dtype=torch.bool)
    loss, stats = grpo_loss(logp, old, old, torch.tensor([1.0]), mask, 0.2, 0.0, 2.0)
    loss.backward()
    assert logp.grad[0, 0] == 0          # A > 0 and ratio above 1 + eps: clipped, no gradient
    assert logp.grad[0, 1] < 0           # A > 0 and ratio below 1 - eps: not clipped (min), still pushed up
    assert stats.clip_fraction == pytest.approx(1.0)


def test_kl_to_the_reference_is_zero_at_the_reference_and_pulls_back_otherwise():
    ref = torch.zeros(1, 1)
    logp = torch.tensor([[0.5]], requires_grad=True)
    mask = torch.ones(1, 1, dtype=torch.bool)
    loss, stats = grpo_loss(logp, logp.detach(), ref, torch.tensor([0.0]), mask, 0.2, 0.1, 1.0)
    assert stats.kl == pytest.approx(math.exp(-0.5) + 0.5 - 1)
    loss.backward()
    assert logp.grad[0, 0] > 0  # descending the loss moves logp back toward the reference


def test_shapes_are_checked():
    x = torch.zeros(2, 3)
    with pytest.raises(ValueError, match="advantages"):
        grpo_loss(x, x, x, torch.zeros(3), torch.ones(2, 3, dtype=torch.bool), 0.2, 0.0, 1.0)
    with pytest.raises(ValueError, match="same shape"):
        grpo_loss(x, torch.zeros(2, 2), x, torch.zeros(2), torch.ones(2, 3, dtype=torch.bool), 0.2, 0.0, 1.0)


def test_tool_failure_penalty_never_ranks_a_correct_answer_below_a_wrong_one():
    assert RewardPolicy().shaped(0.0, False, 3) == 0.0  # off by default, as AssayCore's MathRewardPolicy
    policy = RewardPolicy(tool_failure_penalty=0.1, max_tool_penalty=0.2)
    assert policy.shaped(1.0, True, 0) == 1.0
    assert policy.shaped(1.0, True, 5) == pytest.approx(0.8)   # capped at 0.2
    assert policy.shaped(0.0, False, 1) == pytest.approx(-0.1)
    harsh = RewardPolicy(tool_failure_penalty=2.0, max_tool_penalty=5.0)
    assert harsh.shaped(1.0, True, 3) == max(harsh.incorrect, harsh.unparseable)


@pytest.mark.parametrize("method", ["grpo", "dr-grpo", "rloo"])
def test_local_advantages_agree_with_the_server(server, method):
    client = ReferenceClient(server.url)
    r = random.Random(method)
    for _ in range(5):
        candidates = [f"\\boxed{{{r.choice([7, 8, 'x'])}}}" if r.random() < 0.9 else "none" for _ in range(6)]
        answer = client.group_with_policy("7", candidates, method=method, reward_policy=RewardPolicy().server_policy())
        local, degenerate = advantages([float(x) for x in answer["rewards"]], method)
        assert degenerate == answer["degenerate"]
        assert local == pytest.approx(answer["advantages"], abs=1e-12)


def test_scorer_applies_the_policy_and_the_tool_penalty(server):
    scorer = Scorer(ReferenceClient(server.url, run="pytest-scorer"), RewardPolicy(tool_failure_penalty=0.1))
    [scores] = scorer.score(["12"], [["\\boxed{12}", "\\boxed{12}", "\\boxed{13}", "no box at all: 12?"]],
                            [[0, 1, 0, 0]], ["p0"], step=1)
    assert scores.passed[:3] == [True, True, False]
    assert scores.rewards[:3] == pytest.approx([1.0, 0.9, 0.0])
    assert not scores.server_advantages_used
    assert scores.advantages == pytest.approx(advantages(scores.rewards)[0])
    [plain] = scorer.score(["12"], [["\\boxed{12}", "\\boxed{1}"]], [[0, 0]], ["p1"], step=1)
    assert plain.server_advantages_used and plain.rewards == [1.0, 0.0]


def test_bad_configurations_are_refused_with_the_field_named():
    from assay_client.reference.config import PRESETS
    with pytest.raises(ValueError, match="group_size"):
        PRESETS["tiny"].with_overrides(group_size=1)
    with pytest.raises(ValueError, match="advantage_method"):
        PRESETS["tiny"].with_overrides(advantage_method="ppo")
    with pytest.raises(ValueError, match="unknown config fields"):
        PRESETS["tiny"].with_overrides(learning_rate=1.0)
