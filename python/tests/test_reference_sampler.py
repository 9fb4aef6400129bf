"""Sampling: the key/value cache, padding, and tool-call interception (against a real assay serve)."""
from __future__ import annotations

import pytest
import torch

from assay_client.reference.assay import AssayPython, ReferenceClient, tool_result
from assay_client.reference.model import GPT, KVCache, ModelConfig, positions_of, token_logprobs
from assay_client.reference.sampler import TOOL_LIMIT_ERROR, Rollout, RowState, ToolResult, sample
from assay_client.reference.tasks import tool_output_block
from assay_client.reference.tokenizer import CharTokenizer


pytestmark = pytest.mark.usefixtures("one_torch_thread")


TOK = CharTokenizer()


def tiny_model(seed: int = 0) -> GPT:
    torch.manual_seed(seed)
    return GPT(ModelConfig(TOK.vocab_size, context=96, layers=2, d_model=32, heads=2)).eval()


def test_cached_left_padded_decoding_gives_the_same_logits_as_a_full_right_padded_pass():
    model = tiny_model()
    rows = [[1] + TOK.encode("Q: 12*34?"), [1] + TOK.encode("Q: 7")]
    width = max(map(len, rows))
    left = torch.zeros(2, width, dtype=torch.long)
    left_valid = torch.zeros(2, width, dtype=torch.bool)
    for i, r in enumerate(rows):
        left[i, width - len(r):] = torch.tensor(r)
        left_valid[i, width - len(r):] = True
    extra = torch.tensor(TOK.encode("ab"))
    with torch.no_grad():
        cache = KVCache(model.config, 2, width + 2, torch.device("cpu"), torch.float32)
        model(left, left_valid, positions_of(left_valid), cache)
        pos = positions_of(left_valid)[:, -1]
        valid = left_valid
        cached = []
        for t in range(2):
            valid = torch.cat([valid, torch.ones(2, 1, dtype=torch.bool)], 1)
            cached.append(model(extra[t].repeat(2, 1), valid, (pos + 1 + t)[:, None], cache)[:, -1])
        for i, r in enumerate(rows):
            full = torch.tensor([r + extra.tolist()])
            logits = model(full, torch.ones_like(full, dtype=torch.bool), positions_of(torch.ones_like(full, dtype=torch.bool)))
            for t in range(2):
                torch.testing.assert_close(cached[t][i], logits[0, len(r) + t], atol=1e-5, rtol=1e-5)


def test_row_state_pauses_exactly_when_a_python_block_closes():
    row = RowState(Rollout([1]), TOK, max_response=200)
    events = [row.push(t) for t in TOK.encode("Let me run it.\n```python\nprint(6 * 7)\n```")]
    assert events[-1] == "tool" and set(events[:-1]) == {""}
    assert row.pending_code == "print(6 * 7)"
    row.add_tool_result(ToolResult("42\n", None, True))
    r = row.rollout
    assert r.text.endswith("```" + tool_output_block("42\n", None))
    block = len(TOK.encode(tool_output_block("42\n", None)))
    assert r.action[-block:] == [False] * block and all(r.action[:-block])
    assert [row.push(t) for t in TOK.encode("\\boxed{42}")][-1] == ""
    assert row.push(TOK.eos_id) == "eos" and r.stop == "eos" and r.tool_calls[0].code == "print(6 * 7)"


def test_row_state_stops_at_the_length_limit_and_a_code_fence_without_python_is_text():
    row = RowState(Rollout([1]), TOK, max_response=5)
    assert [row.push(t) for t in TOK.encode("12345")][-1] == "length"
    row = RowState(Rollout([1]), TOK, max_response=100)
    assert set(row.push(t) for t in TOK.encode("```\nprint(1)\n```")) == {""}


def test_sandbox_results_become_tool_results(server):
    client = ReferenceClient(server.url)
    ok, err, slow = (tool_result(client.run_python(code, timeout_ms=500))
                     for code in ("print(6 * 7)", "print(1/0)", "while True: pass"))
    assert ok == ToolResult("42\n", None, True)
    assert err.failed and err.error == "ZeroDivisionError: division by zero"
    assert slow.failed and "time" in slow.error


def test_sampling_runs_closed_python_blocks_in_the_sandbox_and_appends_their_output(server):
    """A tiny model memorises one tool-using answer; greedy sampling must pause at the closed block,
    run it through assay serve, append the real output (not model actions) and go on."""
    model = tiny_model(1)
    prompt = [TOK.bos_id] + TOK.encode("Q: 123*45?\nA: ")
    answer = "```python\nprint(123 * 45)\n```"
    output = tool_output_block("5535\n", None)
    tail = "\\boxed{5535}"
    seq = prompt + TOK.encode(answer + output + tail) + [TOK.eos_id]
    x = torch.tensor([seq])
    ones = torch.ones_like(x, dtype=torch.bool)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(300):
        loss = -token_logprobs(model, x, ones)[:, len(prompt) - 1:].mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if loss.item() < 0.02:
            break
    model.eval()
    tools = AssayPython(ReferenceClient(server.url), workers=2)
    gen = torch.Generator().manual_seed(0)
    rollouts = sample(model, TOK, [prompt, prompt], tools, temperature=0.0, max_response=80, max_tool_calls=2,
                      generator=gen)
    for r in rollouts:
        assert r.text == answer + output + tail and r.stop == "eos"
        assert [c.code for c in r.tool_calls] == ["print(123 * 45)"] and r.tool_calls[0].result.isolated
        n_out = len(TOK.encode(output))
        assert r.action == [True] * len(TOK.encode(answer)) + [False] * n_out + [True] * (len(TOK.encode(tail)) + 1)
    assert tools.calls == 2
    # With no tool calls allowed the block is answered with an error, counted as a failed call.
    limited = sample(model, TOK, [prompt], tools, temperature=0.0, max_response=80, max_tool_calls=0, generator=gen)[0]
    assert limited.tool_calls[0].result.error == TOOL_LIMIT_ERROR and limited.failed_tool_calls == 1
    assert tools.calls == 2
