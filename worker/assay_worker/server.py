"""The worker's request loop: one JSON request per stdin line, one JSON response per stdout line."""

from __future__ import annotations

import hashlib
import json
import os
import time
from typing import Any, Optional, TextIO

from . import PROTOCOL_VERSION, __version__, artifacts, protocol, seeds
from .outcome import STATUSES, feedback_text, reason
from .supervisor import Outcome, Supervisor, log


def trusted_baselines(outcome: Outcome, needed: list[str]) -> dict[str, Any]:
    """The baselines the child measured before any candidate code ran, and only those.

    They come in a ``baselines`` message during the ``baseline`` stage, which the child runs
    before it imports the candidate; a ``baselines`` message in any later stage could have been
    written by candidate code (which can reach the pipe) and is ignored, as are names the job did
    not ask for. Only these are cached and reported as ``baselines_measured``, which callers may
    share with other workers.
    """
    out: dict[str, Any] = {}
    for entry in outcome.messages:
        msg = entry.get("message") or {}
        if entry.get("stage") != "baseline" or msg.get("type") != "baselines" or not isinstance(msg.get("baselines"), dict):
            continue
        for name, stats in msg["baselines"].items():
            if name in needed and isinstance(stats, dict):
                out[name] = stats
    return out


class Worker:
    """Serves requests in order, one at a time; never exits on a bad request or a bad candidate."""

    def __init__(self, supervisor: Supervisor, out: TextIO, device: int, start_timeout_s: float = 180.0):
        self.supervisor = supervisor
        self.out = out
        self.device = device
        self.start_timeout_s = start_timeout_s
        self.started = time.monotonic()
        self.evaluations = 0
        self.baseline_cache: dict[str, dict[str, Any]] = {}
        self.environment_error: Optional[str] = None

    def write(self, obj: dict[str, Any]) -> None:
        self.out.write(protocol.encode(obj) + "\n")
        self.out.flush()

    def hello(self) -> dict[str, Any]:
        """The first line: versions for the environment fingerprint, from a started child."""
        began = time.perf_counter()
        child = self.supervisor.probe(self.start_timeout_s)
        msg: dict[str, Any] = {
            "kind": "hello", "ok": child.start_error is None, "protocol": PROTOCOL_VERSION,
            "worker_version": __version__, "pid": os.getpid(), "device": self.device,
            "fixed_seeds_allowed": seeds.fixed_seeds_allowed(),
            "artifact_kinds": sorted(artifacts.LOADERS),
            "child_start_s": round(time.perf_counter() - began, 3),
        }
        if child.start_error is not None:
            self.environment_error = child.start_error
            msg["error"] = child.start_error
        else:
            msg.update(child.fingerprint or {})
            self.supervisor.fill_spares()
        return msg

    def _baseline_key(self, req: protocol.EvaluateRequest) -> str:
        t = req.timing
        material = json.dumps([req.problem_source, t.warmup, t.min_iters, t.max_iters, t.target_rse,
                               t.max_seconds, t.l2_flush_bytes])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def evaluate(self, req: protocol.EvaluateRequest, raw: dict[str, Any]) -> dict[str, Any]:
        master, fixed = seeds.master_from_request(req.fixed_seed)
        key = self._baseline_key(req)
        known = {**self.baseline_cache.get(key, {}), **req.known_baselines}
        wanted = list(req.timing.baselines) if req.timing.enabled else []
        child_request = {k: v for k, v in raw.items() if k != "baselines"}
        job = {
            "request": child_request,
            "master_seed": master.hex(),
            "seed_fixed": fixed,
            "baselines": {b: known[b] for b in wanted if b in known},
            "baselines_needed": [b for b in wanted if b not in known],
        }
        outcome = self.supervisor.run(job, req.timeouts)
        self.evaluations += 1
        measured = trusted_baselines(outcome, job["baselines_needed"])
        if measured:
            self.baseline_cache.setdefault(key, {}).update(measured)
        response = self._response(req, outcome, fixed, baselines_cached=bool(job["baselines"]))
        response["baselines_measured"] = measured or None
        return response

    def _response(self, req: protocol.EvaluateRequest, outcome: Outcome, fixed: bool, baselines_cached: bool) -> dict[str, Any]:
        r = outcome.result
        if r is not None and r.get("status") not in STATUSES:
            r = None
            outcome.status, outcome.message = "internal_error", "the evaluation process wrote a result with an unknown status"
        if r is None:
            r = {"status": outcome.status or "crashed", "correct": False,
                 "reasons": [reason(outcome.status or "crashed", outcome.message)], "findings": [],
                 "correctness": None, "timing": None, "speedup_eager": None, "speedup_compile": None,
                 "suspicious": False, "profile": None, "extensions": [], "threads": None,
                 "stages": outcome.stage_log, "seed_fixed": fixed,
                 "context_lost": None}
        status = r["status"]
        response: dict[str, Any] = {"id": req.id, "kind": "result", "ok": True,
                                    "problem": req.problem_name, "candidate": req.candidate_name}
        response.update(r)
        response["passed"] = status == "ok"           # never trust a child's own "passed"
        response["correct"] = bool(r.get("correct")) and status in ("ok", "rejected")
        response["seed_fixed"] = fixed
        if isinstance(response.get("timing"), dict):
            response["timing"]["baselines_cached"] = baselines_cached
        response["child"] = {"pid": outcome.pid, "exit_code": outcome.exitcode, "warm": outcome.warm,
                             "wait_s": round(outcome.wait_s, 6), "failed_stage": outcome.stage}
        response["stages"] = [{"stage": "acquire", "seconds": round(outcome.wait_s, 6)}] + list(response.get("stages") or [])
        response["feedback"] = feedback_text(response)
        return response

    def handle(self, line: str) -> tuple[Optional[dict[str, Any]], bool]:
        """Response for one line (None for a blank line) and whether to keep serving."""
        if not line.strip():
            return None, True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            return protocol.error_response(protocol.ProtocolError(f"request is not valid JSON: {e.msg} at column {e.colno}")), True
        try:
            if not isinstance(obj, dict):
                raise protocol.ProtocolError("request must be a JSON object")
            req = protocol.parse_request(obj)
            if isinstance(req, protocol.PingRequest):
                return {"id": req.id, "kind": "pong", "ok": True, "uptime_s": round(time.monotonic() - self.started, 3),
                        "evaluations": self.evaluations, "environment_ok": self.environment_error is None}, True
            if isinstance(req, protocol.ShutdownRequest):
                return {"id": req.id, "kind": "shutdown", "ok": True}, False
            assert isinstance(req, protocol.EvaluateRequest)
            try:
                return self.evaluate(req, obj), True
            except seeds.SeedError as e:
                raise protocol.ProtocolError(str(e), req.id) from None
        except protocol.ProtocolError as e:
            return protocol.error_response(e), True

    def serve(self, stdin: TextIO) -> int:
        """Writes ``hello``, then answers lines until ``shutdown`` or end of input."""
        self.write(self.hello())
        try:
            for line in stdin:
                try:
                    response, keep = self.handle(line)
                except Exception as e:  # noqa: BLE001 - the loop must outlive its own bugs
                    rid = None
                    try:
                        rid = json.loads(line).get("id")
                    except Exception:  # noqa: BLE001
                        pass
                    log(f"internal error: {type(e).__name__}: {e}")
                    response, keep = {"id": rid if isinstance(rid, str) else None, "kind": "error", "ok": False,
                                      "error": {"code": "internal_error", "message": f"{type(e).__name__}: {e}"}}, True
                if response is not None:
                    self.write(response)
                if not keep:
                    break
        finally:
            self.supervisor.close()
        return 0
