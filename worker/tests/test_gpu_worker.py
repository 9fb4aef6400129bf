"""The worker on a GPU, end to end: one worker process, many candidates, each verdict checked.

Pure-torch candidates test the mechanics (correctness trials, output/input checks, guards,
crashes); candidates that load the nvcc-built ``relu_ext`` through the artifact map test the
loader, the profiler attribution and timing. Marked ``gpu``: see conftest.py for when they skip.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

import pytest

import fixtures_gpu as fx
from workerclient import WorkerClient

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def worker():
    client = WorkerClient()
    yield client
    assert client.close() == 0


@pytest.fixture(scope="module")
def ext(tmp_path_factory) -> Path:
    return fx.build_extension(tmp_path_factory.mktemp("ext"))


def merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def evaluate(worker: WorkerClient, problem: str, candidate: str, /, **extra) -> dict:
    req = {"kind": "evaluate", "problem": {"source": problem, "name": "p"}, "candidate": {"source": candidate, "name": "c"},
           "timing": {"enabled": False}, "checks": {"profiler": False}}
    resp = worker.request(merge(req, extra))
    assert resp["kind"] == "result", resp
    assert resp["passed"] == (resp["status"] == "ok")
    return resp


def codes(resp: dict) -> set[str]:
    return {f["code"] for f in resp["findings"]}


def reject_codes(resp: dict) -> set[str]:
    return {f["code"] for f in resp["findings"] if f["severity"] == "reject"}


# MARK: - environment

def test_hello_carries_the_fingerprint(worker):
    h = worker.hello
    assert h["kind"] == "hello" and h["ok"] is True, h
    assert h["torch"] and h["cuda_runtime"] and h["gpu"]["name"] and h["gpu"]["capability"]
    assert h["gpu"]["memory_bytes"] > 0 and h["fixed_seeds_allowed"] is False


# MARK: - correctness

def test_correct_torch_candidate_passes_every_distribution(worker):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        return torch.clamp(x, min=0)"))
    assert r["status"] == "ok" and r["correct"] is True, r["feedback"]
    c = r["correctness"]
    assert c["trials"] == 5 and set(c["distributions"]) == {"problem", "signed_normal", "wide", "small"}
    assert c["precision"]["candidate_rel_error_vs_fp64"] < 1e-6
    assert c["poisoned_bytes"] > 0
    # null: the worker kills the child right after its result record (README, `child.exit_code`)
    assert r["seed_fixed"] is False and r["child"]["exit_code"] is None


def test_relu_wrong_only_on_negatives_fails(worker):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        return x.abs()"))
    assert r["status"] == "incorrect" and r["correct"] is False
    m = r["correctness"]["first_mismatch"]
    assert m["distribution"] == "signed_normal" and m["trial"] == 1
    assert m["expected"] == 0.0 and m["actual"] > 0
    assert "First mismatch in output 0 at index" in r["feedback"]


def test_parameters_are_copied_from_the_reference(worker):
    cand = '''
import torch
import torch.nn as nn

class ModelNew(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.fc = nn.Linear(n_in, n_out)
        with torch.no_grad():
            self.fc.weight.mul_(3.0)   # different values: only a weight copy makes this correct

    def forward(self, x):
        return torch.relu(self.fc(x))
'''
    r = evaluate(worker, fx.LINEAR_PROBLEM, cand)
    assert r["status"] == "ok", r["feedback"]
    assert r["correctness"]["weights"] == "copied"


def test_mismatched_parameter_sets_are_reported(worker):
    cand = '''
import torch
import torch.nn as nn

class ModelNew(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.linear = nn.Linear(n_in, n_out)

    def forward(self, x):
        return torch.relu(self.linear(x))
'''
    r = evaluate(worker, fx.LINEAR_PROBLEM, cand)
    assert "parameter_mismatch" in codes(r)
    assert r["correctness"]["weights"] == "seeded_only"
    # same seed, same construction order: the values agree anyway
    assert r["status"] == "ok", r["feedback"]


# MARK: - output and input checks

def test_input_mutation_is_rejected(worker):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        x.relu_()\n        return x.clone()"))
    assert r["status"] == "rejected" and "input_mutated" in reject_codes(r)
    assert r["correct"] is True  # the values were right; the hack is what fails it


def test_output_aliasing_an_input_is_rejected(worker):
    r = evaluate(worker, fx.COPY_PROBLEM, fx.torch_candidate("        return x"))
    assert r["status"] == "rejected" and "output_aliases_input" in reject_codes(r)


def test_expanded_output_is_rejected(worker):
    r = evaluate(worker, fx.ROWSUM_PROBLEM, fx.torch_candidate("        return x.sum(dim=1, keepdim=True).expand(-1, 8)"))
    assert r["status"] == "rejected" and "output_expanded" in reject_codes(r)


def test_tensor_subclass_output_is_rejected(worker):
    cand = fx.torch_candidate("        return torch.relu(x).as_subclass(Sub)", prelude="class Sub(torch.Tensor):\n    pass")
    r = evaluate(worker, fx.RELU_PROBLEM, cand)
    assert r["status"] == "rejected" and "output_not_plain_tensor" in reject_codes(r)
    assert r["correct"] is False


def test_side_stream_without_sync_is_caught(worker):
    body = '''        s = torch.cuda.Stream()
        out = torch.empty_like(x)
        with torch.cuda.stream(s):
            torch.cuda._sleep(20_000_000)
            torch.clamp(x, min=0, out=out)
        return out'''
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate(body))
    assert r["passed"] is False
    assert "unsynchronized_stream" in codes(r)


def test_caching_on_input_identity_is_rejected(worker):
    body = '''        key = id(x)
        if key not in self.cache:
            self.cache[key] = (x, torch.relu(x))   # keeps x alive, so ids are never reused
        return self.cache[key][1]'''
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate(body, init_body="self.cache = {}"))
    assert r["status"] == "rejected" and "output_caching" in reject_codes(r)


def test_caching_on_data_pointer_fails(worker):
    body = '''        key = x.data_ptr()
        if key not in self.cache:
            self.cache[key] = torch.relu(x)
        return self.cache[key]'''
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate(body, init_body="self.cache = {}"))
    assert r["passed"] is False and r["status"] in ("incorrect", "rejected")


def test_returning_stale_memory_fails(worker):
    # never writes its output: only correct if the allocator hands back the reference's result
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        return torch.empty_like(x)"))
    assert r["status"] == "incorrect"
    assert r["correctness"]["first_mismatch"]["trial"] == 0


def test_precision_downcast_is_rejected(worker):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        return torch.relu(x.half()).float()"))
    assert r["status"] == "rejected" and "precision_downcast" in reject_codes(r), r["feedback"]


def test_tf32_switch_is_rejected(worker):
    cand = '''
import torch
import torch.nn as nn
torch.backends.cuda.matmul.allow_tf32 = True

class ModelNew(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.fc = nn.Linear(n_in, n_out)

    def forward(self, x):
        return torch.relu(self.fc(x))
'''
    r = evaluate(worker, fx.LINEAR_PROBLEM, cand)
    assert r["status"] == "rejected" and "precision_flags_changed" in reject_codes(r)


def test_timer_patching_is_rejected(worker):
    cand = fx.torch_candidate("        return torch.relu(x)", prelude="import time\ntime.perf_counter = lambda: 0.0")
    r = evaluate(worker, fx.RELU_PROBLEM, cand)
    assert r["status"] == "rejected" and "harness_patched" in reject_codes(r)


def test_caching_during_timing_fails_the_rechecks(worker):
    body = '''        self.calls += 1
        if self.calls > 12 and self.last is not None:
            return self.last
        self.last = torch.relu(x)
        return self.last'''
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate(body, init_body="self.calls = 0; self.last = None"),
                 timing={"enabled": True, "baselines": [], "min_iters": 10, "max_iters": 20, "rechecks": 3})
    assert r["passed"] is False
    assert {"timing_recheck_failed", "output_buffer_reused", "output_caching"} & reject_codes(r), r["feedback"]


# MARK: - failures become verdicts, the worker survives

def test_out_of_memory(worker):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        return torch.empty(1 << 45, device=x.device)"))
    assert r["status"] == "oom"


def test_hang_times_out_with_its_stage(worker):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        while True:\n            pass"),
                 timeouts={"correctness_s": 8})
    assert r["status"] == "timeout" and r["child"]["failed_stage"] == "correctness"


def test_segfault_is_a_crash(worker):
    cand = fx.torch_candidate("        ctypes.string_at(0)\n        return x", prelude="import ctypes")
    r = evaluate(worker, fx.RELU_PROBLEM, cand)
    assert r["status"] == "crashed" and "SIGSEGV" in r["reasons"][0]["message"]


def test_exit_without_result_is_a_crash(worker):
    cand = fx.torch_candidate("        os._exit(0)", prelude="import os")
    r = evaluate(worker, fx.RELU_PROBLEM, cand)
    assert r["status"] == "crashed" and "before writing its result" in r["reasons"][0]["message"]


def test_illegal_memory_access_kills_only_its_child(worker, ext):
    body = "        out = torch.empty_like(x)\n        ext.bad(out.data_ptr())\n        return out"
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(body), artifacts=fx.artifact_map(ext))
    assert r["status"] == "illegal_memory_access" and r["context_lost"] is True
    again = evaluate(worker, fx.RELU_PROBLEM, fx.torch_candidate("        return torch.relu(x)"))
    assert again["status"] == "ok"
    assert worker.request({"kind": "ping"})["kind"] == "pong"


# MARK: - artifacts, profiler, timing

FAST_BODY = fx.indent('''
out = torch.empty_like(x)
ext.relu(x.data_ptr(), out.data_ptr(), x.numel())
return out
''')


def test_fast_kernel_passes_with_profile_and_timing(worker, ext):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(FAST_BODY), artifacts=fx.artifact_map(ext),
                 checks={"profiler": True}, timing={"enabled": True, "baselines": ["eager"], "max_seconds": 3})
    assert r["status"] == "ok", r["feedback"]
    p = r["profile"]
    assert p["launched_kernels"] == ["relu_kernel"] and p["own_share"] > 0.9
    assert "kernel_never_launched" in codes(r)          # abs/bad/touch are declared, unused: a warning
    t = r["timing"]
    assert t["candidate"]["n"] >= 10 and t["candidate"]["median_ms"] > 0 and t["eager"]["median_ms"] > 0
    assert r["speedup_eager"] == pytest.approx(t["eager"]["median_ms"] / t["candidate"]["median_ms"])
    assert r["extensions"][0]["source"] == "artifact"
    again = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(FAST_BODY), artifacts=fx.artifact_map(ext),
                     timing={"enabled": True, "baselines": ["eager"], "max_seconds": 3})
    assert again["timing"]["baselines_cached"] is True
    assert again["timing"]["eager"] == t["eager"]


def test_wrong_kernel_is_incorrect(worker, ext):
    body = FAST_BODY.replace("ext.relu", "ext.absval")
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(body), artifacts=fx.artifact_map(ext))
    assert r["status"] == "incorrect"


def test_torch_doing_the_work_next_to_a_token_kernel_is_rejected(worker, ext):
    body = fx.indent('''
out = torch.relu(x)
ext.touch(out.data_ptr())
return out
''')
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(body), artifacts=fx.artifact_map(ext), checks={"profiler": True})
    assert r["status"] == "rejected" and "foreign_kernels_dominate" in reject_codes(r)


def test_decoy_kernel_never_launched_is_rejected(worker, ext):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate("        return torch.relu(x)"),
                 artifacts=fx.artifact_map(ext), checks={"profiler": True})
    assert r["status"] == "rejected" and "custom_kernel_not_launched" in reject_codes(r)


def test_artifact_from_other_sources_is_refused(worker, ext):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(FAST_BODY),
                 artifacts=fx.artifact_map(ext, cuda=fx.CAND_CUDA + "// other build"))
    assert r["status"] == "artifact_mismatch"


def test_missing_artifact_is_refused_even_behind_a_fallback(worker):
    cand = fx.kernel_candidate("        return torch.relu(x)").replace(
        "ext = load_inline(", "try:\n    ext = load_inline(").replace(
        "functions=['relu', 'absval', 'bad', 'touch'])",
        "functions=['relu', 'absval', 'bad', 'touch'])\nexcept Exception:\n    ext = None")
    assert "except Exception" in cand
    r = evaluate(worker, fx.RELU_PROBLEM, cand)
    assert r["status"] == "artifact_missing"


def test_suspicious_speedup_is_reverified(worker, ext):
    # threshold 0.01x: any measured speedup counts as suspicious, so the re-verification must run
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(FAST_BODY), artifacts=fx.artifact_map(ext),
                 timing={"enabled": True, "baselines": ["eager"], "max_seconds": 3},
                 checks={"suspicious_speedup": 0.01, "extra_trials_if_suspicious": 4})
    assert r["status"] == "ok", r["feedback"]
    assert r["suspicious"] is True
    stages = [s["stage"] for s in r["stages"]]
    # the last two entries are the GPU-lock accounting (parts of the stages, not stages)
    assert stages[-2:] == ["exclusive_wait", "exclusive"]
    assert stages.index("reverify") > stages.index("timing") and stages[-3] == "profile"
    assert r["correctness"]["trials"] == 5 + 4
    assert r["profile"]["launched_kernels"] == ["relu_kernel"]


def test_torch_compile_baseline(worker, ext):
    # eager is cached from the earlier tests on this problem; compile is not, so it is timed now
    r = evaluate(worker, fx.RELU_PROBLEM, fx.kernel_candidate(FAST_BODY),
                 artifacts=fx.artifact_map(ext), timing={"enabled": True, "baselines": ["eager", "compile"], "max_seconds": 3})
    assert r["status"] == "ok", r["feedback"]
    comp = r["timing"]["compile"]
    assert "median_ms" in comp, comp
    assert comp["compile_seconds"] > 0 and r["speedup_compile"] is not None
    assert r["timing"]["baselines_cached"] is True


# MARK: - slim builds (artifact kind assay_slim), built by the real compile service

def assay_compile(work: Path, sources: dict[str, str], *extra: str) -> dict[str, dict]:
    """``assay kernel compile`` (ASSAY_BIN: the assay binary, set with the compile environment by
    ``source scripts/gpu-box-env.sh`` on the GPU box) of each ``{file name: text}``: the reports."""
    assay = os.environ.get("ASSAY_BIN")
    if not assay:
        pytest.fail("ASSAY_BIN is not set: run `source scripts/gpu-box-env.sh` from the repository root first")
    paths = []
    for name, text in sources.items():
        (work / name).write_text(text)
        paths.append(str(work / name))
    proc = subprocess.run([assay, "kernel", "compile", *paths, "--cache", str(work / "cache"), "--arch", "sm_90", *extra],
                          capture_output=True, text=True, timeout=600)
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(reports) == len(paths), proc.stderr[-3000:]
    for name, report in zip(sources, reports):
        assert report["status"] == "compiled", (name, report)
    return dict(zip(sources, reports))


@pytest.fixture(scope="module")
def slim_library(tmp_path_factory) -> str:
    """The slim candidate built by the real compile service on the slim path."""
    report = assay_compile(tmp_path_factory.mktemp("slim"), {"relu_slim.py": fx.slim_candidate()}, "--path", "slim")
    build = report["relu_slim.py"]["builds"][0]
    assert build["path"] == "slim" and build["functions"] == fx.SLIM_FUNCS, build
    return build["library"]


def test_slim_build_passes_end_to_end_with_profile_and_timing(worker, slim_library):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.slim_candidate(), artifacts=fx.slim_artifact_map(slim_library),
                 checks={"profiler": True}, timing={"enabled": True, "baselines": ["eager"], "max_seconds": 3})
    assert r["status"] == "ok", r["feedback"]
    assert [(e["name"], e["source"]) for e in r["extensions"]] == [(fx.SLIM_EXT_NAME, "artifact")]
    assert r["extensions"][0]["kernels"] == ["relu_kernel", "relu_clamped_kernel"]
    p = r["profile"]
    assert p["launched_kernels"] == ["relu_kernel"] and p["own_share"] > 0.9, p
    assert "kernel_never_launched" in codes(r)          # relu_clamped_kernel is declared, unused
    assert r["correctness"]["trials"] == 5 and r["speedup_eager"] > 0


def test_slim_kernel_wrong_only_on_large_inputs_fails_the_wide_trial(worker, slim_library):
    r = evaluate(worker, fx.RELU_PROBLEM, fx.slim_candidate("relu_clamped_cuda"),
                 artifacts=fx.slim_artifact_map(slim_library))
    assert r["status"] == "incorrect", r["feedback"]
    m = r["correctness"]["first_mismatch"]
    assert m["distribution"] == "wide" and m["atol_scale"] > 100 and m["count"] > 1000, m


def test_slim_build_of_other_sources_is_refused(worker, slim_library):
    edited = fx.SLIM_CUDA + "// edited after the build\n"
    r = evaluate(worker, fx.RELU_PROBLEM, fx.slim_candidate(cuda=edited), artifacts=fx.slim_artifact_map(slim_library))
    assert r["status"] == "artifact_mismatch", r["feedback"]


# MARK: - tolerance scaled with the trial

def test_correct_tiled_matmul_passes_the_wide_trial(worker):
    # The H100 false failure: a correct matmul with another summation order missed atol=rtol=1e-2
    # on a few near-zero outputs of the wide trial (outputs ~1e6..1e8 with cancellation).
    r = evaluate(worker, fx.MATMUL_PROBLEM, fx.tiled_matmul_candidate())
    assert r["status"] == "ok", r["feedback"]
    assert "wide" in r["correctness"]["distributions"]
    assert r["correctness"]["precision"]["candidate_rel_error_vs_fp64"] < 1e-5


def test_matmul_wrong_only_on_large_inputs_fails_the_wide_trial(worker):
    r = evaluate(worker, fx.MATMUL_PROBLEM, fx.tiled_matmul_candidate(clamp=100.0))
    assert r["status"] == "incorrect", r["feedback"]
    assert r["correctness"]["first_mismatch"]["distribution"] == "wide"


# MARK: - raw-kernel candidates (artifact kind assay_raw), built by the real compile service

@pytest.fixture(scope="module")
def raw_builds(tmp_path_factory) -> dict[str, dict]:
    """{candidate: its raw build} (``directory`` and ``key`` for the artifact)."""
    work = tmp_path_factory.mktemp("raw")
    (work / "linear.py").write_text(fx.LINEAR_PROBLEM)
    reports = assay_compile(work, {"relu.md": fx.RAW_RELU, "abs.md": fx.RAW_ABS, "linear.md": fx.RAW_LINEAR_RELU},
                            "--problem", str(work / "linear.py"))
    out = {}
    for name, report in reports.items():
        build = report["builds"][0]
        assert build["path"] == "raw", build
        out[name] = {"directory": os.path.dirname(build["library"]), "key": build["key"]}
    return out


def raw_request(build: dict, text: str) -> dict:
    return {"candidate": {"source": text, "name": "raw", "format": "raw_kernel"},
            "artifacts": {"raw_kernel": {"kind": "assay_raw", "path": build["directory"], "digest": build["key"]}}}


def test_raw_kernel_passes_end_to_end_with_profile_and_timing(worker, raw_builds):
    r = evaluate(worker, fx.RELU_PROBLEM, "", **merge(raw_request(raw_builds["relu.md"], fx.RAW_RELU), {
        "checks": {"profiler": True}, "timing": {"enabled": True, "baselines": ["eager"], "max_seconds": 3}}))
    assert r["status"] == "ok", r["feedback"]
    assert [(e["function"], e["source"], e["kernels"]) for e in r["extensions"]] == [("raw_kernel", "artifact", ["relu_kernel"])]
    assert r["profile"]["launched_kernels"] == ["relu_kernel"] and r["profile"]["own_share"] > 0.9
    assert r["speedup_eager"] > 0 and "inherits_reference_model" not in codes(r)


def test_raw_kernel_wrong_on_negatives_is_incorrect(worker, raw_builds):
    r = evaluate(worker, fx.RELU_PROBLEM, "", **raw_request(raw_builds["abs.md"], fx.RAW_ABS))
    assert r["status"] == "incorrect", r["feedback"]
    assert r["correctness"]["first_mismatch"]["distribution"] == "signed_normal"


def test_raw_kernel_gets_the_reference_weights(worker, raw_builds):
    r = evaluate(worker, fx.LINEAR_PROBLEM, "", **raw_request(raw_builds["linear.md"], fx.RAW_LINEAR_RELU))
    assert r["status"] == "ok", r["feedback"]
    assert r["correctness"]["weights"] == "copied"


def test_raw_build_under_another_key_is_refused(worker, raw_builds):
    build = dict(raw_builds["relu.md"], key=raw_builds["abs.md"]["key"])
    r = evaluate(worker, fx.RELU_PROBLEM, "", **raw_request(build, fx.RAW_RELU))
    assert r["status"] == "artifact_mismatch", r["feedback"]
