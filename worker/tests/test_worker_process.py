"""``python3 -m assay_worker`` as a process: stdout carries only protocol lines, bad input never kills it.

Runs where no evaluation process can start (CUDA_VISIBLE_DEVICES=-1 hides every GPU), so it needs
neither torch nor a GPU and checks the failure path end to end.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

WORKER_ROOT = Path(__file__).resolve().parent.parent


def run_worker(lines, env_extra=None, timeout=120):
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="-1", PYTHONPATH=str(WORKER_ROOT))
    env.pop("ASSAY_WORKER_ALLOW_FIXED_SEED", None)
    env.update(env_extra or {})
    proc = subprocess.run([sys.executable, "-m", "assay_worker", "--device", "0"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, env=env, timeout=timeout)
    return proc, [json.loads(l) for l in proc.stdout.splitlines()]


def evaluate(rid, **extra):
    obj = {"id": rid, "kind": "evaluate", "problem": {"source": "P"}, "candidate": {"source": "C"}}
    obj.update(extra)
    return json.dumps(obj)


def test_unusable_environment_is_reported_and_the_worker_serves_on():
    proc, out = run_worker([
        '{"id":"p","kind":"ping"}',
        "this is not json",
        "",
        evaluate("e1"),
        evaluate("e2", fixed_seed="00"),
        '{"id":"s","kind":"shutdown"}',
        '{"id":"after","kind":"ping"}',
    ])
    assert proc.returncode == 0, proc.stderr
    hello = out[0]
    assert hello["kind"] == "hello" and hello["ok"] is False and hello["protocol"] == 1
    assert hello["error"] and hello["device"] == 0 and hello["fixed_seeds_allowed"] is False
    assert hello["artifact_kinds"] == ["assay_raw", "assay_slim", "pybind_so"]
    kinds = [(o.get("id"), o["kind"]) for o in out[1:]]
    assert kinds == [("p", "pong"), (None, "error"), ("e1", "result"), ("e2", "error"), ("s", "shutdown")]
    assert out[1]["environment_ok"] is False
    result = out[3]
    assert result["status"] == "internal_error" and result["passed"] is False and result["correct"] is False
    assert result["feedback"].startswith("internal_error")
    assert "fixed_seed is refused" in out[4]["error"]["message"]


def test_end_of_input_ends_the_worker():
    proc, out = run_worker([])
    assert proc.returncode == 0 and [o["kind"] for o in out] == ["hello"]


def test_device_outside_visible_devices_is_a_usage_error():
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="3", PYTHONPATH=str(WORKER_ROOT))
    proc = subprocess.run([sys.executable, "-m", "assay_worker", "--device", "1"], input="", capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode != 0 and "lists 1 device" in proc.stderr and proc.stdout == ""
