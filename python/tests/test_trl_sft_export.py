"""`assay export sft` on a store written by a real `assay serve`, read by TRL's SFTTrainer.

Completions are graded through the TRL adapter (which stores each prompt), exported with the
CLI, loaded with `datasets` and trained on for a few steps with the tiny local model.
"""
from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

from conftest import assay_binary
from tiny_lm import build_tiny_lm  # sets HF_HUB_OFFLINE before the Hugging Face imports below

from datasets import load_dataset  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402
from trl import SFTConfig, SFTTrainer  # noqa: E402

from assay_client import AssayClient, trl  # noqa: E402

RUN = "trl-sft-export"


def export(server, *options: str) -> subprocess.CompletedProcess:
    database = Path(server.dir.name) / "t.sqlite"
    return subprocess.run([str(assay_binary()), "export", "sft", "--db", str(database), *options],
                          capture_output=True, text=True, timeout=120)


def test_verified_completions_export_as_chat_examples_that_sft_trainer_reads(server, tmp_path):
    client = AssayClient(server.url, run=RUN)
    reward = trl.math_reward(client)
    chat = [{"role": "system", "content": "so the answer is"}, {"role": "user", "content": "what is 3 times 3 ?"}]
    prompts = ["what is 2 plus 2 ?", "what is 2 plus 2 ?", chat, "what is 7 plus 1 ?", "what is 7 plus 1 ?"]
    completions = ["so \\boxed{4}", "so \\boxed{5}", [{"role": "assistant", "content": "the answer is \\boxed{9}"}],
                   "\\boxed{8}", "\\boxed{8}"]
    assert reward(prompts, completions, answer=["4", "4", "9", "8", "8"]) == [1.0, 0.0, 1.0, 1.0, 1.0]
    # A verified verdict without a prompt (a client that did not send one) cannot be exported.
    assert client.grade_math(["\\boxed{6}"], ["6"])[0]["reward"] == 1

    out = tmp_path / "sft.jsonl"
    done = export(server, "--run", RUN, "--min-reward", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "exported 3 examples" in done.stderr
    assert "1 verified verdict was left out: no prompt was stored" in done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["messages"] for line in lines] == [
        [{"role": "user", "content": "what is 2 plus 2 ?"}, {"role": "assistant", "content": "so \\boxed{4}"}],
        chat + [{"role": "assistant", "content": "the answer is \\boxed{9}"}],
        [{"role": "user", "content": "what is 7 plus 1 ?"}, {"role": "assistant", "content": "\\boxed{8}"}],
    ]
    assert all(line["run"] == RUN and line["reward"] == 1 and line["status"] == "equal" and line["step"] is None
               and len(line["problem_hash"]) == 64 and len(line["candidate_hash"]) == 64 for line in lines)

    # TRL's SFTTrainer reads the file as it is: a few steps on the tiny local model.
    model_dir = build_tiny_lm(tmp_path / "tiny-lm")
    dataset = load_dataset("json", data_files=str(out), split="train")
    trainer = SFTTrainer(
        model=AutoModelForCausalLM.from_pretrained(model_dir), processing_class=AutoTokenizer.from_pretrained(model_dir),
        train_dataset=dataset,
        args=SFTConfig(output_dir=str(tmp_path / "out"), use_cpu=True, report_to="none", max_steps=2,
                       per_device_train_batch_size=3, max_length=64, logging_steps=1, save_strategy="no",
                       learning_rate=1e-3, bf16=False))
    trainer.train()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    assert len(losses) == 2 and all(math.isfinite(loss) and loss > 0 for loss in losses)


def test_export_options_and_errors(server, tmp_path):
    client = AssayClient(server.url, run=RUN + "-options")
    for step in (0, 1):  # the same completions at two steps: two verdicts each
        client.grade_math(["\\boxed{4}", "\\boxed{3}"], ["4", "4"], step=step, prompts=["what is 2 plus 2 ?"] * 2)

    deduped = export(server, "--run", RUN + "-options", "--dedupe", "--domain", "math", "--out", "-")
    assert deduped.returncode == 0, deduped.stderr
    assert len(deduped.stdout.splitlines()) == 1 and "1 duplicate left out" in deduped.stderr
    everything = export(server, "--run", RUN + "-options", "--min-reward", "0", "--limit", "2")
    assert everything.returncode == 0 and len(everything.stdout.splitlines()) == 2

    kept = tmp_path / "kept.jsonl"
    kept.write_text("earlier export\n")
    unknown = export(server, "--run", "no-such-run", "--out", str(kept))
    assert unknown.returncode != 0 and "no run named no-such-run" in unknown.stderr
    assert kept.read_text() == "earlier export\n"  # an error leaves an existing file alone
    for bad in (["--domain", "chemistry"], ["--limit", "0"], ["--min-reward", "nan"]):
        refused = export(server, *bad)
        assert refused.returncode != 0 and "Error" in refused.stderr, bad
    missing = subprocess.run([str(assay_binary()), "export", "sft", "--db", str(tmp_path / "none.sqlite")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "no verdict store at" in missing.stderr
