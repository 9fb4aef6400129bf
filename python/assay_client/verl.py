"""verl adapter: a ``compute_score`` for ``custom_reward_function.path``.

verl calls ``compute_score(data_source, solution_str, ground_truth, extra_info=None)`` once per
sample and expects a float (or a dict with ``score``).
"""
from __future__ import annotations

from typing import Any, Optional

from .client import AssayClient

_client: Optional[AssayClient] = None


def compute_score(data_source: str, solution_str: str, ground_truth: Any, extra_info: Optional[dict] = None) -> dict:
    """Grades one solution; returns ``{"score": reward, "acc": 1.0 or 0.0}`` (numbers only, so
    verl can average every key as a metric)."""
    global _client  # one client per worker process, created lazily (verl imports this module by path)
    if _client is None:
        _client = AssayClient()
    result = _client.grade_math([solution_str], [str(ground_truth)])[0]
    return {"score": float(result["reward"]), "acc": 1.0 if result["passed"] else 0.0}
