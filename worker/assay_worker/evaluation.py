"""One candidate's evaluation, run inside the child process. Imports torch.

Order: problem module and reference model; baselines (when the worker has none cached for this
problem); identity snapshot; candidate import with the extension shim; candidate model with the
reference's weights; correctness trials; caching/buffer/thread checks; profiler attribution;
timing with re-checks; re-verification when the speedup is suspicious. Each stage is announced
to the worker first, so a hang is reported with the stage it hung in. The README explains each
check and why it defeats the hack it targets.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

import torch

from . import artifacts, compare, guards, plan, profiling, protocol, seeds, timing, tolerance
from .artifacts import ArtifactError, ExtensionShim
from .gpulock import GpuLock
from .outcome import STICKY_CUDA, Finding, classify_exception, reason

_synchronize = torch.cuda.synchronize
_perf_counter = time.perf_counter
_TRACE_LIMIT = 2500


class Abort(Exception):
    """Ends the evaluation with a status (the candidate failed, or the problem did)."""

    def __init__(self, status: str, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _trim_traceback(exc: BaseException, filename_hint: str) -> str:
    """The exception line plus the frames in the given source file, capped in length."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if filename_hint in (f.filename or "")]
    lines = [f"  line {f.lineno}: {(f.line or '').strip()}" for f in own[-5:]]
    head = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    text = head + ("\n" + "\n".join(lines) if lines else "")
    return text[:_TRACE_LIMIT]


def _clone(values: list[Any]) -> list[Any]:
    return [v.clone() if isinstance(v, torch.Tensor) else copy.deepcopy(v) for v in values]


def _to_device(values: list[Any], device: torch.device) -> list[Any]:
    return [v.to(device) if isinstance(v, torch.Tensor) else v for v in values]


def _has_nonfinite(leaves: list[Any]) -> bool:
    for t in leaves:
        if isinstance(t, torch.Tensor) and t.is_floating_point() and not bool(torch.isfinite(t).all()):
            return True
    return False


@contextmanager
def unlocked_while_compiling(lock: GpuLock) -> Iterator[None]:
    """Holds ``lock`` shared around the block, except while TorchDynamo compiles (tracing and
    Inductor's code generation: CPU work, seconds per problem), when it holds nothing.

    A shared lock held through a compilation would hold up every timing run that waits for
    the GPU, and with it (the lock prefers writers) every other process's shared work. The
    compiled graph's first execution, after compilation ends, runs under the shared lock again.
    Without Dynamo's compile callbacks (``torch._dynamo.callback``) the lock stays held, which
    is correct, only slower.
    """
    try:
        from torch._dynamo.callback import callback_handler as handler
    except ImportError:
        handler = None
    if handler is None:
        yield
        return

    def started(*_: Any) -> None:
        lock.release()

    def ended(*_: Any) -> None:
        lock.shared()

    handler.register_start_callback(started)
    handler.register_end_callback(ended)
    try:
        yield
    finally:
        handler.remove_start_callback(started)
        handler.remove_end_callback(ended)
        lock.shared()


class Evaluation:
    """State of one evaluation; :meth:`run` never raises and returns the result record."""

    def __init__(self, job: dict[str, Any], send: Callable[[dict[str, Any]], None], lock: GpuLock):
        parsed = protocol.parse_request(job["request"])
        assert isinstance(parsed, protocol.EvaluateRequest)
        self.req = parsed
        self.master = bytes.fromhex(job["master_seed"])
        self.seed_fixed = bool(job.get("seed_fixed"))
        self.baselines: dict[str, Any] = dict(job.get("baselines") or {})
        self.baselines_needed: list[str] = list(job.get("baselines_needed") or [])
        self.send = send
        self.lock = lock
        self.device = torch.device("cuda", torch.cuda.current_device())
        self.findings: list[Finding] = []
        self.stages: list[dict[str, Any]] = []
        self.workdir = tempfile.mkdtemp(prefix="assay-eval-")
        self.correctness: dict[str, Any] = {"trials": 0, "passed": 0, "distributions": [], "skipped": [],
                                            "first_mismatch": None, "max_abs_error": 0.0, "precision": None,
                                            "weights": None}
        self.timing: dict[str, Any] = {"candidate": None, "eager": None, "compile": None, "l2_flush_bytes": None}
        self.profile: Optional[dict[str, Any]] = None
        self.speedups: dict[str, Optional[float]] = {"eager": None, "compile": None}
        self.suspicious = False
        self.shim: Optional[ExtensionShim] = None
        self.threads: dict[str, Any] = {}
        self.problem: Any = None
        self.ref: Any = None
        self.cand: Any = None
        self.init_inputs: list[Any] = []
        self.ident: Optional[guards.IdentityGuard] = None
        self.correctness_complete = False

    # MARK: - helpers

    def seed(self, label: str) -> int:
        return seeds.derive(self.master, label)

    def add_finding(self, code: str, severity: str, message: str) -> None:
        if not any(f.code == code for f in self.findings):
            self.findings.append(Finding(code, severity, message))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.send({"type": "stage", "stage": name})
        began = _perf_counter()
        try:
            yield
        finally:
            self.stages.append({"stage": name, "seconds": round(_perf_counter() - began, 6)})

    def _import_source(self, module_name: str, source: str) -> Any:
        path = os.path.join(self.workdir, module_name + ".py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        return module

    def _problem_inputs(self, seed: int) -> list[Any]:
        torch.manual_seed(seed)
        try:
            with torch.device(self.device):
                values = list(self.problem.get_inputs())
        except BaseException as e:  # noqa: BLE001 - the problem file is foreign code too
            raise Abort("problem_error", "get_inputs_failed", _trim_traceback(e, "assay_problem"))
        return _to_device(values, self.device)

    def _inputs(self, dist: str, seed: int) -> list[Any]:
        values = self._problem_inputs(seed)
        if dist == "problem":
            return values
        scale = plan.SCALES[dist]
        gen = torch.Generator(device=self.device)
        gen.manual_seed(seed ^ 0x5EED)
        out = []
        for v in values:
            if isinstance(v, torch.Tensor) and v.is_floating_point():
                r = torch.randn(v.shape, generator=gen, device=self.device, dtype=torch.float32) * scale
                out.append(r.to(v.dtype))
            else:
                out.append(v)
        return out

    def _ref_call(self, args: list[Any]) -> Any:
        try:
            out = self.ref(*args)
            _synchronize()
            return out
        except BaseException as e:  # noqa: BLE001
            raise Abort("problem_error", "reference_failed", _trim_traceback(e, "assay_problem"))

    def _candidate_failure(self, e: BaseException) -> Abort:
        if isinstance(e, ArtifactError):
            return Abort(e.status, e.status, e.message)
        if isinstance(e, Abort):
            return e
        status = classify_exception(type(e).__name__, str(e))
        return Abort(status, status, _trim_traceback(e, "assay_candidate"))

    def _cand_call(self, args: list[Any]) -> tuple[Any, list[Any], list[Any], str]:
        """Calls the candidate; returns (output, leaves, snapshot of leaves before the device-wide
        sync, structure). Rejects non-plain tensor outputs before touching them."""
        stream_before = torch.cuda.current_stream()
        try:
            out = self.cand(*args)
            leaves, sig = compare.flatten(out)
            for j, leaf in enumerate(leaves):
                if isinstance(leaf, torch.Tensor) and type(leaf) is not torch.Tensor:
                    msg = f"output {j} is a {type(leaf).__module__}.{type(leaf).__qualname__}, not exactly torch.Tensor"
                    self.add_finding("output_not_plain_tensor", "reject", msg)
                    raise Abort("rejected", "output_not_plain_tensor", msg)
            snap = [l.clone() if isinstance(l, torch.Tensor) else l for l in leaves]
            _synchronize()
        except Abort:
            raise
        except BaseException as e:  # noqa: BLE001 - any failure of foreign code is a verdict
            raise self._candidate_failure(e)
        if torch.cuda.current_stream() != stream_before:
            self.add_finding("current_stream_changed", "reject",
                             "forward returned with a different current CUDA stream than it was called on")
        for j, (s, l) in enumerate(zip(snap, leaves)):
            if isinstance(l, torch.Tensor) and not compare.same_bits(s, l):
                self.add_finding("unsynchronized_stream", "reject",
                                 f"output {j} changed after forward returned (work left running on another stream)")
        return out, leaves, snap, sig

    # MARK: - stages

    def _load_problem(self) -> None:
        with self.stage("problem"):
            try:
                self.problem = self._import_source("assay_problem", self.req.problem_source)
            except BaseException as e:  # noqa: BLE001
                raise Abort("problem_error", "problem_import_failed", _trim_traceback(e, "assay_problem"))
            for attr in ("Model", "get_inputs", "get_init_inputs"):
                if not hasattr(self.problem, attr):
                    raise Abort("problem_error", "problem_incomplete", f"the problem defines no {attr}")
            torch.manual_seed(self.seed("init-inputs"))
            try:
                with torch.device(self.device):
                    self.init_inputs = _to_device(list(self.problem.get_init_inputs()), self.device)
                torch.manual_seed(self.seed("init"))
                with torch.device(self.device):
                    self.ref = self.problem.Model(*_clone(self.init_inputs))
                self.ref = self.ref.to(self.device).eval()
            except BaseException as e:  # noqa: BLE001
                raise Abort("problem_error", "reference_init_failed", _trim_traceback(e, "assay_problem"))

    def _l2_bytes(self) -> int:
        if self.req.timing.l2_flush_bytes is not None:
            return self.req.timing.l2_flush_bytes
        props = torch.cuda.get_device_properties(self.device)
        l2 = int(getattr(props, "L2_cache_size", 0) or 50 * 1024 * 1024)
        return 2 * l2

    def _timing_kwargs(self) -> dict[str, Any]:
        t = self.req.timing
        return {"warmup": t.warmup, "min_iters": t.min_iters, "max_iters": t.max_iters,
                "target_rse": t.target_rse, "max_seconds": t.max_seconds}

    def _run_baselines(self) -> None:
        """Eager and ``torch.compile`` baselines, before any candidate code is imported.

        ``torch.compile`` compiles (seconds of CPU) holding no lock at all (``unlocked_while_compiling``),
        and runs its first call under the shared lock; only the timing loops hold the GPU alone.
        """
        if not self.req.timing.enabled or not self.baselines_needed:
            return
        with self.stage("baseline"):
            args = self._problem_inputs(self.seed("timing"))
            flush = timing.flush_buffer(self.device, self._l2_bytes())
            fresh: dict[str, Any] = {}
            if "eager" in self.baselines_needed:
                try:
                    with self.lock.holding_exclusive():
                        fresh["eager"] = timing.time_model(self.ref, args, flush=flush, **self._timing_kwargs()).to_json()
                except BaseException as e:  # noqa: BLE001
                    raise Abort("problem_error", "eager_baseline_failed", _trim_traceback(e, "assay_problem"))
            if "compile" in self.baselines_needed:
                began = _perf_counter()
                try:
                    compiled = torch.compile(self.ref)
                    with unlocked_while_compiling(self.lock), torch.no_grad():
                        compiled(*args)
                    _synchronize()
                    compile_s = _perf_counter() - began
                    with self.lock.holding_exclusive():
                        stats = timing.time_model(compiled, args, flush=flush, **self._timing_kwargs()).to_json()
                    stats["compile_seconds"] = round(compile_s, 3)
                    fresh["compile"] = stats
                except BaseException as e:  # noqa: BLE001 - a baseline that cannot compile is reported, not fatal
                    fresh["compile"] = {"error": f"{type(e).__name__}: {str(e)[:500]}"}
            del flush, args
            self.baselines.update(fresh)
            self.send({"type": "baselines", "baselines": fresh})

    def _load_candidate(self) -> None:
        self.ident = guards.IdentityGuard()
        py0, os0 = guards.thread_counts()
        self.threads = {"python_before": py0, "os_before": os0}
        self.thread_idents = guards.thread_idents()
        self.shim = ExtensionShim(dict(self.req.artifacts), self.req.allow_jit)
        self.shim.install()
        with self.stage("load"):
            if self.req.candidate_format == "raw_kernel":
                model_new = self._raw_model_class()
            else:
                model_new = self._import_model_new()
            torch.manual_seed(self.seed("init"))
            try:
                with torch.device(self.device):
                    cand = model_new(*_clone(self.init_inputs))
                self.cand = cand.to(self.device).eval() if isinstance(cand, torch.nn.Module) else cand
            except BaseException as e:  # noqa: BLE001
                status = classify_exception(type(e).__name__, str(e))
                raise Abort("load_error" if status == "runtime_error" else status, "init_failed",
                            _trim_traceback(e, "assay_candidate"))
            self._copy_weights()
            self._check_identities("after the candidate module was imported")

    def _raw_model_class(self) -> type:
        """ModelNew for a raw-kernel candidate, made by the harness: the problem's Model (so the
        same parameters and buffers, under the same names, and the reference's weights copied in)
        whose forward launches the cubin as its plan says, with the model's own state_dict as the
        plan's parameters. The candidate supplies no Python at all."""
        assert self.shim is not None
        try:
            kernel, record = artifacts.load_raw_candidate(self.req.artifacts[artifacts.RAW_ARTIFACT_NAME])
        except ArtifactError as e:
            self.shim.records.append(artifacts.LoadRecord("raw_kernel", artifacts.RAW_ARTIFACT_NAME, None, "refused",
                                                          error=e.message, status=e.status))
            raise Abort(e.status, e.status, e.message)
        self.shim.records.append(record)

        class ModelNew(self.problem.Model):  # type: ignore[misc, name-defined]
            # The state_dict's tensors share storage with the parameters (the weights are copied
            # into them in place before the first call), so it is taken once, off the timed path.
            _raw_parameters: Optional[dict[str, torch.Tensor]] = None

            def forward(self, *inputs: Any) -> Any:
                if self._raw_parameters is None:
                    self._raw_parameters = dict(self.state_dict())
                return kernel(*inputs, parameters=self._raw_parameters)

        return ModelNew

    def _import_model_new(self) -> type:
        """Imports the candidate's Python (with the extension shim in place) and returns ModelNew."""
        assert self.shim is not None
        try:
            cmod = self._import_source("assay_candidate", self.req.candidate_source)
        except BaseException as e:  # noqa: BLE001
            refusal = self.shim.refusal
            if refusal is not None:
                raise Abort(refusal.status or "artifact_missing", refusal.status or "artifact_missing", refusal.error or "")
            status = classify_exception(type(e).__name__, str(e))
            if status == "runtime_error":
                status = "load_error"
            raise Abort(status, "import_failed", _trim_traceback(e, "assay_candidate"))
        refusal = self.shim.refusal
        if refusal is not None:
            raise Abort(refusal.status or "artifact_missing", refusal.status or "artifact_missing",
                        (refusal.error or "") + " (the candidate caught the error and went on)")
        model_new = getattr(cmod, "ModelNew", None)
        if not isinstance(model_new, type):
            raise Abort("load_error", "no_model_new", "the candidate defines no class ModelNew")
        if issubclass(model_new, self.problem.Model):
            self.add_finding("inherits_reference_model", "warn", "ModelNew subclasses the reference Model")
        return model_new

    def _copy_weights(self) -> None:
        if not isinstance(self.cand, torch.nn.Module):
            self.correctness["weights"] = "candidate is not an nn.Module"
            return
        rs = self.ref.state_dict()
        cs = self.cand.state_dict()
        if not rs and not cs:
            self.correctness["weights"] = "none"
            return
        missing = sorted(set(rs) - set(cs))
        unexpected = sorted(set(cs) - set(rs))
        shapes = sorted(k for k in set(rs) & set(cs) if tuple(rs[k].shape) != tuple(cs[k].shape))
        if missing or unexpected or shapes:
            parts = []
            if missing:
                parts.append(f"missing in ModelNew: {', '.join(missing[:8])}")
            if unexpected:
                parts.append(f"only in ModelNew: {', '.join(unexpected[:8])}")
            if shapes:
                parts.append(f"shape differs: {', '.join(shapes[:8])}")
            self.add_finding("parameter_mismatch", "warn",
                             "parameters not copied (sets differ; both models rely on the shared seed): " + "; ".join(parts))
            self.correctness["weights"] = "seeded_only"
            return
        self.cand.load_state_dict(rs, strict=True)
        self.correctness["weights"] = "copied"

    def _check_identities(self, when: str) -> None:
        assert self.ident is not None
        changed = self.ident.changed()
        if changed:
            self.add_finding("harness_patched", "reject",
                             f"{', '.join(changed[:10])} replaced {when} (timer, sync, RNG or compare functions)")
        flags = self.ident.changed_flags()
        if flags:
            self.add_finding("precision_flags_changed", "reject", f"{'; '.join(flags)} ({when})")

    def _check_outputs(self, trial: int, dist: str, ref_out: Any, ref_in: list[Any], cand_in: list[Any],
                       leaves: list[Any], snap: list[Any], sig: str) -> None:
        r_leaves, r_sig = compare.flatten(ref_out)
        if r_sig != sig:
            self._mismatch(trial, dist, compare.Mismatch(0, f"output structure {sig}, expected {r_sig}"))
        for j, (r, c, s) in enumerate(zip(r_leaves, leaves, snap)):
            if isinstance(r, torch.Tensor):
                for code, msg in compare.output_form_problems(c, j, self.device):
                    self.add_finding(code, "reject", msg)
                    raise Abort("rejected", code, msg)
                mismatch, max_err = compare.compare_tensor(j, r, s, self.req.correctness.atol, self.req.correctness.rtol,
                                                           distribution=dist)
                if max_err == max_err:  # not NaN
                    self.correctness["max_abs_error"] = max(self.correctness["max_abs_error"], max_err)
                if mismatch is not None:
                    self._mismatch(trial, dist, mismatch)
            elif r != c:
                self._mismatch(trial, dist, compare.Mismatch(j, f"output {j}: {c!r}, expected {r!r}"))
        self._check_aliasing(ref_out, ref_in, r_leaves, cand_in, leaves)
        for k, (ri, ci) in enumerate(zip(ref_in, cand_in)):
            if isinstance(ri, torch.Tensor) and not compare.same_bits(ri, ci):
                self.add_finding("input_mutated", "reject",
                                 f"input {k} was modified by forward (the reference leaves it as it was)")

    def _check_aliasing(self, ref_out: Any, ref_in: list[Any], r_leaves: list[Any], cand_in: list[Any], leaves: list[Any]) -> None:
        ref_in_ranges = [compare.storage_range(t) for t in ref_in if isinstance(t, torch.Tensor)]
        ref_aliases = any(isinstance(r, torch.Tensor) and any(compare.overlaps(compare.storage_range(r), x) for x in ref_in_ranges)
                          for r in r_leaves)
        in_ranges = [compare.storage_range(t) for t in cand_in if isinstance(t, torch.Tensor)]
        param_ranges = []
        if isinstance(self.cand, torch.nn.Module):
            param_ranges = [compare.storage_range(t) for t in list(self.cand.parameters()) + list(self.cand.buffers())]
        for j, c in enumerate(leaves):
            if not isinstance(c, torch.Tensor) or c.numel() == 0:
                continue
            rng = compare.storage_range(c)
            if not ref_aliases and any(compare.overlaps(rng, x) for x in in_ranges):
                self.add_finding("output_aliases_input", "reject", f"output {j} shares storage with an input")
            if any(compare.overlaps(rng, x) for x in param_ranges):
                self.add_finding("output_aliases_parameter", "reject", f"output {j} shares storage with a parameter or buffer")

    def _mismatch(self, trial: int, dist: str, m: compare.Mismatch) -> None:
        info = m.to_json()
        info.update({"trial": trial, "distribution": dist})
        self.correctness["first_mismatch"] = info
        raise Abort("incorrect", "output_mismatch", f"trial {trial} ({dist} inputs): {m.message}")

    def _between_pieces(self) -> None:
        """Lets a waiting timing run go first between two pieces of shared GPU work; this
        process's own work is finished first, so none of it overlaps that run."""
        _synchronize()
        self.lock.yield_to_writer()

    def _poison(self) -> None:
        self.correctness["poisoned_bytes"] = self.correctness.get("poisoned_bytes", 0) + guards.poison_free_memory(self.device)

    def _trial(self, label: str, dist: str, trial_no: int, precision_check: bool) -> bool:
        """One correctness trial; False when skipped (extra distribution outside the domain)."""
        ref_in = self._inputs(dist, self.seed(label))
        cand_in = _clone(ref_in)
        ref_out = self._ref_call(ref_in)
        r_leaves, _ = compare.flatten(ref_out)
        if dist != "problem" and _has_nonfinite(r_leaves):
            self.correctness["skipped"].append({"trial": trial_no, "distribution": dist,
                                                "reason": "reference output has NaN/Inf"})
            return False
        self._poison()
        _, leaves, snap, sig = self._cand_call(cand_in)
        self._check_outputs(trial_no, dist, ref_out, ref_in, cand_in, leaves, snap, sig)
        if precision_check:
            # the reference's inputs after its call: the inputs themselves unless it mutates them
            self._precision_check(ref_in, r_leaves, snap)
        return True

    def _precision_check(self, base: list[Any], r_leaves: list[Any], c_leaves: list[Any]) -> None:
        pairs = [(r, c) for r, c in zip(r_leaves, c_leaves)
                 if isinstance(r, torch.Tensor) and r.dtype == torch.float32 and r.numel() > 0]
        if not pairs:
            return
        free, _ = torch.cuda.mem_get_info(self.device)
        need = 3 * sum(t.numel() * 8 for t in base if isinstance(t, torch.Tensor)) + 3 * sum(r.numel() * 8 for r, _ in pairs)
        if need > free:
            self.correctness["precision"] = {"skipped": f"needs about {need >> 20} MiB of free GPU memory, {free >> 20} MiB free"}
            return
        try:
            ref64 = copy.deepcopy(self.ref).double()
            in64 = [t.double() if isinstance(t, torch.Tensor) and t.is_floating_point() else t for t in _clone(base)]
            out64, _ = compare.flatten(ref64(*in64))
            _synchronize()
        except BaseException as e:  # noqa: BLE001 - not every model runs in float64
            self.correctness["precision"] = {"skipped": f"{type(e).__name__}: {str(e)[:200]}"}
            return
        worst_c = worst_r = 0.0
        t64 = [t for t in out64 if isinstance(t, torch.Tensor)]
        for (r, c), e64 in zip(pairs, t64):
            den = float(torch.linalg.vector_norm(e64))
            if den == 0 or den != den:
                continue
            worst_c = max(worst_c, float(torch.linalg.vector_norm(c.double() - e64)) / den)
            worst_r = max(worst_r, float(torch.linalg.vector_norm(r.double() - e64)) / den)
        del ref64, in64, out64, t64
        self.correctness["precision"] = {"candidate_rel_error_vs_fp64": worst_c, "reference_rel_error_vs_fp64": worst_r}
        if tolerance.precision_downcast_suspected(worst_c, worst_r):
            self.add_finding("precision_downcast", "reject",
                             f"relative error vs a float64 reference is {worst_c:.2e} (the float32 reference: {worst_r:.2e}); "
                             "the kernel computes in lower precision than the problem's float32")

    def _correctness(self, trials: int, label_prefix: str, extra: bool) -> None:
        queue = plan.trial_schedule(trials, extra)
        n = 0
        precision_pending = label_prefix == "trial"
        while queue:
            dist = queue.pop(0)
            self._between_pieces()
            counted = self._trial(f"{label_prefix}/{n}/{dist}", dist, n, precision_pending and dist == "problem")
            if counted:
                if dist == "problem":
                    precision_pending = False
                self.correctness["trials"] += 1
                self.correctness["passed"] += 1
                self.correctness["distributions"].append(dist)
            else:
                queue.append("problem")
            n += 1

    def _caching_checks(self) -> None:
        with self.stage("checks"):
            live = self._problem_inputs(self.seed("cache/a"))
            self._poison()
            _, leaves_a, _, _ = self._cand_call(live)
            kept = [l.clone() if isinstance(l, torch.Tensor) else l for l in leaves_a]
            b = self._problem_inputs(self.seed("cache/b"))
            for dst, src in zip(live, b):   # same tensor objects, same addresses, new values
                if isinstance(dst, torch.Tensor):
                    dst.copy_(src)
            ref_b = self._ref_call(b)
            del b
            self._poison()
            _, leaves_b, snap_b, _ = self._cand_call(live)
            del leaves_b
            rb, _ = compare.flatten(ref_b)
            for j, (r, c) in enumerate(zip(rb, snap_b)):
                if isinstance(r, torch.Tensor) and isinstance(c, torch.Tensor):
                    m, _ = compare.compare_tensor(j, r, c, self.req.correctness.atol, self.req.correctness.rtol)
                    if m is not None:
                        self.add_finding("output_caching", "reject",
                                         "new values written into the same input tensors gave a wrong output "
                                         f"({m.message}): the result depends on input identity, not values")
                        break
            for j, (old, now) in enumerate(zip(kept, leaves_a)):
                if isinstance(old, torch.Tensor) and not compare.same_bits(old, now):
                    self.add_finding("output_buffer_reused", "reject",
                                     f"output {j} of an earlier call was overwritten by a later call")
                    break
            py1, os1 = guards.thread_counts()
            self.threads.update({"python_after": py1, "os_after": os1})
            own, library = guards.new_threads(self.thread_idents)
            if own:
                self.add_finding("threads_started", "reject",
                                 f"Python threads went from {self.threads['python_before']} to {py1}: "
                                 + ", ".join(own[:5]))
            elif library:
                # torch starts threads of its own (torch.compile's compile pool, the profiler): the
                # candidate did not; the static checks forbid threading in candidate code.
                self.add_finding("library_threads_started", "warn",
                                 "threads started by libraries during the evaluation: " + ", ".join(library[:5]))
            elif os1 > self.threads["os_before"] >= 0:
                self.add_finding("os_threads_started", "warn",
                                 f"OS threads went from {self.threads['os_before']} to {os1}")
            self._check_identities("after forward")

    def _profile(self, forced: bool) -> None:
        if not (self.req.checks.profiler or forced):
            return
        assert self.shim is not None
        with self.stage("profile"):
            self._between_pieces()
            args = self._problem_inputs(self.seed("profile"))
            try:
                # Under the shared lock, like correctness: the profiler records only this process's
                # kernels, so other children's correctness runs do not change the attribution, and
                # no timing run (exclusive) overlaps it.
                self._cand_call(_clone(args))  # warm: lazy module loading stays out of the profile
                kernels = profiling.kernel_times(lambda: self.cand(*args))
            except Abort:
                raise
            except BaseException as e:  # noqa: BLE001
                status = classify_exception(type(e).__name__, str(e))
                if status != "runtime_error":
                    raise Abort(status, status, _trim_traceback(e, "assay_candidate"))
                self.add_finding("profiler_unavailable", "reject" if forced else "warn",
                                 f"the profiler check could not run: {type(e).__name__}: {str(e)[:200]}")
                return
            summary, findings = profiling.attribute(kernels, self.shim.declared_kernels, self.req.checks.min_own_kernel_share)
            self.profile = summary
            for f in findings:
                self.add_finding(f.code, f.severity, f.message)

    def _time_candidate(self) -> None:
        if not self.req.timing.enabled:
            return
        with self.stage("timing"):
            base = self._problem_inputs(self.seed("timing"))
            alt = self._problem_inputs(self.seed("timing/alt"))
            expected = {"alt": compare.flatten(self._ref_call(_clone(alt)))[0],
                        "base": compare.flatten(self._ref_call(_clone(base)))[0]}
            live = _clone(base)
            atol, rtol = self.req.correctness.atol, self.req.correctness.rtol

            def verify(out: Any, iteration: int, which: str) -> Optional[str]:
                leaves, _ = compare.flatten(out)
                for j, (r, c) in enumerate(zip(expected[which], leaves)):
                    if isinstance(r, torch.Tensor):
                        if type(c) is not torch.Tensor:
                            return f"iteration {iteration}: output {j} is not a plain tensor"
                        m, _ = compare.compare_tensor(j, r, c, atol, rtol)
                        if m is not None:
                            return f"iteration {iteration} ({which} inputs): {m.message}"
                return None

            rng = random.Random(self.seed("timing/rechecks"))
            recheck = timing.Recheck(base_inputs=base, alt_inputs=alt, verify=verify,
                                     iterations=plan.choose_recheck_iterations(self.req.timing.rechecks,
                                                                                 self.req.timing.min_iters, rng))
            flush = timing.flush_buffer(self.device, self._l2_bytes())
            self.timing["l2_flush_bytes"] = flush.numel() * 4
            try:
                with self.lock.holding_exclusive():
                    stats = timing.time_model(self.cand, live, flush=flush, recheck=recheck, **self._timing_kwargs())
            except Abort:
                raise
            except BaseException as e:  # noqa: BLE001
                raise self._candidate_failure(e)
            self.timing["candidate"] = stats.to_json()
            self.timing["rechecked_iterations"] = sorted(recheck.iterations | recheck.base_checks)
            if recheck.failures:
                self.add_finding("timing_recheck_failed", "reject",
                                 f"an output produced during timing was wrong: {recheck.failures[0]}")
            for name in ("eager", "compile"):
                b = self.baselines.get(name)
                if b and b.get("median_ms") and stats.median_ms > 0:
                    self.speedups[name] = b["median_ms"] / stats.median_ms

    def _reverify(self) -> None:
        eager = self.speedups.get("eager")
        if eager is None or eager <= self.req.checks.suspicious_speedup:
            return
        self.suspicious = True
        with self.stage("reverify"):
            self._correctness(max(self.req.checks.extra_trials_if_suspicious, 1), "reverify", True)
        self._profile(forced=True)

    # MARK: - run

    def _run(self) -> None:
        self._load_problem()
        self._run_baselines()
        self.timing["eager"] = self.baselines.get("eager")
        self.timing["compile"] = self.baselines.get("compile")
        self._load_candidate()
        with self.stage("correctness"):
            self._correctness(self.req.correctness.trials, "trial", self.req.correctness.extra_distributions)
        self.correctness_complete = True
        self._caching_checks()
        self._profile(forced=False)
        if not any(f.severity == "reject" for f in self.findings):
            self._time_candidate()
            self._reverify()
        self._check_identities("at the end of the evaluation")

    def run(self) -> dict[str, Any]:
        status, reasons = "ok", []
        torch.set_grad_enabled(False)
        try:
            self._run()
        except Abort as a:
            status = a.status
            reasons.append(reason(a.code, a.message))
        except BaseException as e:  # noqa: BLE001 - a harness bug must still produce a record
            status = "internal_error"
            reasons.append(reason("internal_error", "".join(traceback.format_exception(e))[-_TRACE_LIMIT:]))
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
        # parts of the stages above (not stages of their own): waiting for and holding the GPU alone
        self.stages.append({"stage": "exclusive_wait", "seconds": round(self.lock.exclusive_wait_s, 6)})
        self.stages.append({"stage": "exclusive", "seconds": round(self.lock.exclusive_held_s, 6)})
        correct = (self.correctness_complete and status in ("ok", "rejected")
                   and self.correctness["first_mismatch"] is None)
        if status == "ok" and any(f.severity == "reject" for f in self.findings):
            status = "rejected"
        if status == "rejected" and not reasons:
            first = next(f for f in self.findings if f.severity == "reject")
            reasons.append(reason(first.code, first.message))
        return {
            "status": status,
            "correct": correct,
            "reasons": reasons,
            "findings": [f.to_json() for f in self.findings],
            "correctness": self.correctness,
            "timing": self.timing,
            "speedup_eager": self.speedups["eager"],
            "speedup_compile": self.speedups["compile"],
            "suspicious": self.suspicious,
            "profile": self.profile,
            "extensions": [r.to_json() for r in (self.shim.records if self.shim else [])],
            "threads": self.threads,
            "stages": self.stages,
            "seed_fixed": self.seed_fixed,
            "context_lost": status in STICKY_CUDA,
        }


def evaluate(job: dict[str, Any], send: Callable[[dict[str, Any]], None], lock: GpuLock) -> dict[str, Any]:
    """Runs one evaluation job and returns its result record (never raises)."""
    return Evaluation(job, send, lock).run()
