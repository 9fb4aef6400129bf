"""Assay calls for the reference loop: sandboxed Python tool calls and group rewards.

``ReferenceClient`` adds to :class:`assay_client.AssayClient` the two requests this loop needs
and the base client does not have: ``/v1/python/run``, and ``/v1/groups`` with a reward policy.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional, Sequence

from ..client import AssayClient
from .sampler import ToolResult


class ReferenceClient(AssayClient):
    def run_python(self, code: str, timeout_ms: int = 5000, memory_mb: int = 256,
                   step: Optional[int] = None) -> dict:
        """Runs one program in the server's sandbox; returns the ``result`` object (stdout, stderr,
        exit_code, timed_out, memory_exceeded, isolated, ...). Nothing is stored server-side."""
        body: dict = {"code": code, "timeout_ms": timeout_ms, "memory_mb": memory_mb}
        self._add_run(body, step)
        return self._post("/v1/python/run", body)["result"]

    def group_with_policy(self, gold: str, candidates: Sequence[str], *, method: str, reward_policy: dict,
                          prompt: Optional[str] = None, problem_id: Optional[str] = None,
                          step: Optional[int] = None) -> dict:
        """``POST /v1/groups`` with a ``reward_policy``; returns the server's whole answer."""
        return self._group_request(gold, candidates, method, prompt=prompt, problem_id=problem_id,
                                   reward_policy=reward_policy, step=step)


def tool_result(answer: dict) -> ToolResult:
    """A sandbox ``result`` object as a :class:`ToolResult` (an error unless it exited 0 in time)."""
    isolated = bool(answer.get("isolated"))
    if answer.get("timed_out"):
        return ToolResult(answer.get("stdout", ""), "TimeoutError: the program ran out of time", isolated)
    if answer.get("memory_exceeded"):
        return ToolResult(answer.get("stdout", ""), "MemoryError: the program ran out of memory", isolated)
    if answer.get("exit_code") != 0:
        lines = [line for line in (answer.get("stderr") or "").splitlines() if line.strip()]
        error = lines[-1] if lines else f"the program exited with code {answer.get('exit_code')} (signal {answer.get('signal')})"
        return ToolResult(answer.get("stdout", ""), error, isolated)
    return ToolResult(answer.get("stdout", ""), None, isolated)


@dataclass
class AssayPython:
    """A ``ToolRunner``: runs programs concurrently through ``/v1/python/run``."""

    client: ReferenceClient
    workers: int = 16
    timeout_ms: int = 5000
    memory_mb: int = 256
    calls: int = 0
    not_isolated: int = 0

    def __call__(self, codes: Sequence[str]) -> list[ToolResult]:
        if not codes:
            return []
        with ThreadPoolExecutor(max_workers=min(self.workers, len(codes))) as pool:
            answers = list(pool.map(lambda c: self.client.run_python(c, self.timeout_ms, self.memory_mb), codes))
        results = [tool_result(a) for a in answers]
        self.calls += len(results)
        self.not_isolated += sum(1 for r in results if r.isolated is False)
        return results
