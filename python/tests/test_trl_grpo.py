"""TRL's GRPOTrainer, a few steps on CPU, with rewards from a real `assay serve`.

The policy is a tiny randomly initialised Llama built in code (``tiny_lm``); nothing is
downloaded. The test checks that every completion the trainer generated was graded by the
server, stored under the trainer's step with its prompt, and that the rewards the trainer
logged are the ones Assay returned.
"""
from __future__ import annotations

import json
import math
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import pytest
from conftest import assay_binary
from tiny_lm import build_tiny_lm  # sets HF_HUB_OFFLINE before the Hugging Face imports below

from datasets import Dataset  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402

from assay_client import AssayClient, trl  # noqa: E402

STEPS = 3
GENERATIONS = 8
PROMPTS_PER_STEP = 2
PROBLEMS = [("what is 2 plus 2 ?", "4"), ("what is 3 times 3 ?", "9"), ("what is 7 plus 1 ?", "8"),
            ("what is 2 times 3 ?", "6"), ("what is 4 plus 3 ?", "7"), ("what is 1 times 5 ?", "5")]


@dataclass
class Call:
    step: Optional[int]
    prompts: list
    completions: list
    golds: list
    rewards: list


class RecordingClient(AssayClient):
    """The real client, also keeping what each call sent and what the server answered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls: list = []

    def grade_math(self, completions: Sequence[str], golds: Sequence[str], step: Optional[int] = None,
                   prompts: Optional[Sequence[str]] = None) -> list:
        results = super().grade_math(completions, golds, step=step, prompts=prompts)
        self.calls.append(Call(step, list(prompts or []), list(completions), list(golds),
                               [float(r["reward"]) for r in results]))
        return results


def stored_verdicts(server, run: str) -> list:
    database = sqlite3.connect(f"file:{Path(server.dir.name) / 't.sqlite'}?mode=ro", uri=True)
    try:
        return database.execute(
            """SELECT v.step, p.prompt, p.reference, c.source, v.reward, v.status
               FROM verdict v JOIN run r ON r.id = v.run_id JOIN problem p ON p.id = v.problem_id
                   JOIN candidate c ON c.id = v.candidate_id
               WHERE r.name = ? ORDER BY v.id""", (run,)).fetchall()
    finally:
        database.close()


def train(tmp_path: Path, client: AssayClient, conversational: bool) -> GRPOTrainer:
    model_dir = build_tiny_lm(tmp_path / "tiny-lm")
    rows = [{"prompt": [{"role": "user", "content": p}] if conversational else p, "answer": a} for p, a in PROBLEMS]
    config = GRPOConfig(
        output_dir=str(tmp_path / "out"), use_cpu=True, report_to="none", seed=0, max_steps=STEPS,
        per_device_train_batch_size=GENERATIONS * PROMPTS_PER_STEP, num_generations=GENERATIONS,
        max_completion_length=6, temperature=1.0, learning_rate=1e-3, beta=0.0, logging_steps=1,
        save_strategy="no", dataloader_num_workers=0, bf16=False)
    trainer = GRPOTrainer(
        model=AutoModelForCausalLM.from_pretrained(model_dir), processing_class=AutoTokenizer.from_pretrained(model_dir),
        reward_funcs=[trl.math_reward(client)], args=config, train_dataset=Dataset.from_list(rows))
    trainer.train()
    return trainer


@pytest.mark.parametrize("conversational", [False, True], ids=["plain", "conversational"])
def test_grpo_trainer_trains_on_assay_rewards(server, tmp_path, conversational):
    run = f"trl-grpo-{'chat' if conversational else 'plain'}"
    client = RecordingClient(server.url, run=run)
    trainer = train(tmp_path, client, conversational)

    # One server call per step, each with every completion of the step, under the trainer's step.
    assert [call.step for call in client.calls] == list(range(STEPS))
    golds = dict(PROBLEMS)
    for call in client.calls:
        assert len(call.completions) == GENERATIONS * PROMPTS_PER_STEP
        assert all(isinstance(c, str) for c in call.completions)
        for prompt, gold in zip(call.prompts, call.golds):
            if conversational:  # sent as the JSON text of the messages, for `assay export sft`
                messages = json.loads(prompt)
                assert [m["role"] for m in messages] == ["user"]
                prompt = messages[0]["content"]
            assert golds[prompt] == gold

    # The trainer logged, for each step, the mean of the rewards Assay returned for that step.
    logged = [entry for entry in trainer.state.log_history if "reward" in entry]
    assert [entry["step"] for entry in logged] == list(range(1, STEPS + 1))
    for entry, call in zip(logged, client.calls):
        assert math.isclose(entry["reward"], sum(call.rewards) / len(call.rewards), abs_tol=1e-6)
        assert math.isfinite(entry["loss"])
    # A random policy ends a few completions with the right boxed digit: those groups have mixed
    # rewards, so the trainer got a gradient from Assay's verdicts.
    mixed = [entry for entry, call in zip(logged, client.calls) if 0 < sum(call.rewards) < len(call.rewards)]
    assert mixed and all(entry["grad_norm"] > 0 for entry in mixed)

    # The server stored each distinct (step, prompt, completion) once, with the reward it returned.
    sent = {}
    for call in client.calls:
        for prompt, completion, gold, reward in zip(call.prompts, call.completions, call.golds, call.rewards):
            sent[(call.step, prompt, completion.rstrip())] = (gold, reward)
    stored = stored_verdicts(server, run)
    assert len(stored) == len(sent)
    for step, prompt, reference, source, reward, status in stored:
        assert sent[(step, prompt, source)] == (reference, reward)
        assert (status == "equal") == (reward == 1.0)

    # Rejection sampling from the run: its verified completions, as chat examples.
    exported = subprocess.run(
        [str(assay_binary()), "export", "sft", "--db", str(Path(server.dir.name) / "t.sqlite"), "--run", run],
        capture_output=True, text=True, timeout=120, check=True).stdout.splitlines()
    correct = [(prompt, source) for _, prompt, _, source, reward, _ in stored if reward == 1.0]
    assert len(exported) == len(correct)
    for line, (prompt, source) in zip(exported, correct):
        messages = json.loads(line)["messages"]
        assert messages[:-1] == (json.loads(prompt) if conversational else [{"role": "user", "content": prompt}])
        assert messages[-1] == {"role": "assistant", "content": source}
