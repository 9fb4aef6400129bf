"""One tiny run of every phase through the CLI against a real assay serve, and its resume."""
from __future__ import annotations

import json

import pytest
import torch

from assay_client.reference.cli import main


pytestmark = pytest.mark.usefixtures("one_torch_thread")


ARGS = ["--preset", "tiny", "--device", "cpu", "--sft-steps", "4", "--grpo-steps", "2", "--eval-problems", "4",
        "--eval-greedy", "false", "--max-response", "48", "--run-name", "pytest-e2e"]


def test_run_does_sft_eval_grpo_eval_and_resume_finishes_without_redoing_work(server, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), "--assay-url", server.url, *ARGS]) == 0
    results = json.loads((out / "results.json").read_text())
    assert results["sft_steps"] == 4 and results["grpo_steps"] == 2
    assert results["sandbox_isolated"] is True  # bubblewrap runs the policy's code here
    assert 0 <= results["accuracy_before"] <= 1 and 0 <= results["accuracy_after"] <= 1
    assert results["eval_before"]["sampled"]["problems"] == 4 and results["config"]["group_size"] == 4
    records = [json.loads(line) for line in (out / "grpo.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records] == [1, 2]
    for key in ("mean_reward", "accuracy", "tool_call_rate", "kl", "tokens_per_s", "clip_fraction"):
        assert all(isinstance(r[key], (int, float)) for r in records), key
    assert (out / "curve.svg").read_text().startswith("<svg")
    assert (out / "checkpoints" / "sft.pt").exists() and (out / "checkpoints" / "grpo.pt").exists()
    assert "[done] held-out accuracy" in capsys.readouterr().err

    # A finished run resumes to the same results without new steps.
    assert main(["run", "--out", str(out), "--assay-url", server.url, "--resume", *ARGS]) == 0
    again = json.loads((out / "results.json").read_text())
    assert again["grpo_steps"] == 2 and again["accuracy_after"] == results["accuracy_after"]
    assert len((out / "grpo.jsonl").read_text().splitlines()) == 2


def test_run_refuses_a_used_directory_without_resume_and_an_unreachable_server(server, tmp_path, capsys):
    used = tmp_path / "used"
    used.mkdir()
    (used / "results.json").write_text("{}")
    try:
        main(["run", "--out", str(used), "--assay-url", server.url, *ARGS])
        raise AssertionError("a non-empty --out without --resume must be refused")
    except SystemExit as stop:
        assert "--resume" in str(stop)
    assert main(["run", "--out", str(tmp_path / "fresh"), "--assay-url", "http://127.0.0.1:9", *ARGS]) == 2
    assert "Is `assay serve` running" in capsys.readouterr().err
