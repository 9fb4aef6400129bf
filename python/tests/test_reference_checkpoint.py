"""Checkpoints: a resumed run continues exactly where the interrupted one stopped."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from assay_client.reference import checkpoint
from assay_client.reference.assay import AssayPython, ReferenceClient
from assay_client.reference.config import PRESETS
from assay_client.reference.tokenizer import CharTokenizer
from assay_client.reference.train import (SFTState, build_model, grpo, load_grpo_context, make_optimizer,
                                          scorer_for, sft)


pytestmark = pytest.mark.usefixtures("one_torch_thread")


CONFIG = PRESETS["tiny"].with_overrides(max_response=40, checkpoint_every=1, sft_batch=4)
CPU = torch.device("cpu")


def run_sft(out: Path, steps: int, resume: bool, stop_at: int | None = None) -> torch.nn.Module:
    config = CONFIG.with_overrides(sft_steps=steps)
    model = build_model(config, CharTokenizer(), CPU, config.seed)
    optimizer = make_optimizer(model, config.sft_lr)
    state = SFTState()
    if resume:
        payload = checkpoint.load(out / "checkpoints" / "sft.pt", CPU)
        model.load_state_dict(payload["model"])
        optimizer.load_state_dict(payload["optimizer"])
        state = SFTState(**payload["state"])
        checkpoint.restore_rng(payload["rng"], None)
    sft(config, model, optimizer, state, out, None, stop_at)
    return model


def same_parameters(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_sft_resumed_from_a_checkpoint_equals_an_uninterrupted_run(tmp_path):
    straight = run_sft(tmp_path / "a", 4, resume=False)
    run_sft(tmp_path / "b", 4, resume=False, stop_at=2)
    payload = checkpoint.load(tmp_path / "b" / "checkpoints" / "sft.pt", CPU)
    assert payload["state"]["step"] == 2 and payload["state"]["data_position"] == 2 * CONFIG.sft_batch
    resumed = run_sft(tmp_path / "b", 4, resume=True)
    assert same_parameters(straight, resumed)
    assert not same_parameters(straight, run_sft(tmp_path / "c", 4, resume=False, stop_at=3))


def test_grpo_resumed_from_a_checkpoint_equals_an_uninterrupted_run(tmp_path, server):
    run_sft(tmp_path / "sft", 1, resume=False)

    def run_grpo(out: Path, steps: int, resume: bool) -> torch.nn.Module:
        config = CONFIG.with_overrides(grpo_steps=steps)
        client = ReferenceClient(server.url, run="pytest-resume")
        tools = AssayPython(client, workers=2)
        source = out / "checkpoints" / "grpo.pt" if resume else tmp_path / "sft" / "checkpoints" / "sft.pt"
        ctx = load_grpo_context(config, source, CPU, tools, scorer_for(config, client), init_from_sft=not resume)
        grpo(config, ctx, out)
        return ctx.model

    straight = run_grpo(tmp_path / "g1", 2, resume=False)
    run_grpo(tmp_path / "g2", 1, resume=False)
    state = checkpoint.load(tmp_path / "g2" / "checkpoints" / "grpo.pt", CPU)["state"]
    assert state["step"] == 1 and state["data_position"] > 0
    resumed = run_grpo(tmp_path / "g2", 2, resume=True)
    assert same_parameters(straight, resumed)
    def curve(out: Path) -> list:
        return [(r["step"], r["mean_reward"], r["tool_call_rate"], r["mean_response_tokens"])
                for r in map(json.loads, (out / "grpo.jsonl").read_text().splitlines())]
    assert curve(tmp_path / "g2") == curve(tmp_path / "g1") and [c[0] for c in curve(tmp_path / "g1")] == [1, 2]
