"""The client and the trainer adapters against a real `assay serve`."""
from __future__ import annotations

import json
import urllib.request

import pytest

from assay_client import AssayClient, AssayError
from assay_client import openrlhf, trl, verl


def test_grade_math_keeps_order_and_is_exact(server):
    client = AssayClient(server.url)
    results = client.grade_math(
        ["so $\\boxed{\\frac{1}{2}}$", "\\boxed{0.1000001}", "no final answer here"],
        ["0.5", "0.1", "3"])
    assert [r["status"] for r in results] == ["equal", "not_equal", "unparseable"]
    assert [r["reward"] for r in results] == [1, 0, 0]
    assert results[0]["extracted"] == "\\frac{1}{2}"


def test_group_gives_rewards_and_advantages_in_candidate_order(server):
    client = AssayClient(server.url)
    group = client.group("42", ["\\boxed{42}", "\\boxed{41}", "\\boxed{42}", "\\boxed{7}"], method="dr-grpo")
    assert group.rewards == [1, 0, 1, 0]
    assert group.advantages == [0.5, -0.5, 0.5, -0.5]
    assert group.degenerate is None
    same = client.group("42", ["\\boxed{1}", "\\boxed{2}"])
    assert same.advantages == [0, 0] and same.degenerate == "zero_variance"


def test_trl_reward_function_plain_and_conversational(server):
    reward = trl.math_reward(AssayClient(server.url))
    assert reward(["p1", "p2"], ["\\boxed{4}", "\\boxed{5}"], answer=["4", "4"]) == [1.0, 0.0]
    conversational = [[{"role": "assistant", "content": "It is \\boxed{4}."}],
                      [{"role": "assistant", "content": "It is \\boxed{2+2}."}]]
    assert reward(["p", "p"], conversational, answer=["4", "4"]) == [1.0, 1.0]
    with pytest.raises(KeyError, match="no column 'answer'"):
        reward(["p"], ["\\boxed{4}"], solution=["4"])


def test_verl_compute_score(server, monkeypatch):
    monkeypatch.setenv("ASSAY_URL", server.url)
    monkeypatch.setattr(verl, "_client", None)
    assert verl.compute_score("gsm8k", "#### 1,234", "1234") == {"score": 1.0, "acc": 1.0}
    assert verl.compute_score("math", "\\boxed{1/3}", "0.3333333") == {"score": 0.0, "acc": 0.0}


def test_openrlhf_remote_reward_model_call(server):
    url = openrlhf.remote_rm_url(run="ppo-test", url=server.url)
    assert url == f"{server.url}/get_reward?run=ppo-test"
    body = {"query": ["Q: 2+2? A: \\boxed{4}", "Q: 2+3? A: \\boxed{6}"], "prompts": ["Q: 2+2? ", "Q: 2+3? "],
            "labels": ["4", "5"]}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    assert answer["rewards"] == [1, 0]


def test_bad_requests_and_keys_raise_with_the_servers_message(server, secured_server):
    with pytest.raises(ValueError):
        AssayClient(server.url).grade_math(["a"], [])
    with pytest.raises(AssayError) as refused:
        AssayClient(secured_server.url, api_key="wrong", retries=0).grade_math(["\\boxed{1}"], ["1"])
    assert refused.value.status == 401
    ok = AssayClient(secured_server.url, api_key="sekrit").grade_math(["\\boxed{1}"], ["1"])
    assert ok[0]["status"] == "equal"


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(AssayError, match="Is `assay serve` running"):
        AssayClient("http://127.0.0.1:9", retries=1).grade_math(["\\boxed{1}"], ["1"])
