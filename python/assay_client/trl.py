"""TRL adapter: reward functions for ``GRPOTrainer(reward_funcs=[...])``.

TRL calls each reward function as ``f(prompts, completions, **kwargs)`` with the dataset's
other columns as keyword lists; the gold answers come from the column named by ``gold_column``
(default ``"answer"``). Completions are plain strings, or conversational (a list of messages,
whose last assistant ``content`` is graded).

Each prompt is sent with its completion, so the server stores it and ``assay export sft`` can
rebuild chat examples from the verified completions: a plain prompt as its text, a
conversational prompt (a list of messages) as the JSON text of that list. When TRL passes its
``trainer_state`` (since huggingface/trl#3669, mid-2025; tested with TRL 1.16), the verdicts are stored under the trainer's
``global_step``, so ``assay report`` shows reward per step.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Optional

from .client import AssayClient


def _text(completion: Any) -> str:
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return str(completion[-1].get("content") or "")
    raise TypeError(f"a completion must be a string or a list of messages, not {type(completion).__name__}")


def _prompt_text(prompt: Any) -> str:
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, list) and all(isinstance(message, dict) for message in prompt):
        return json.dumps(prompt, ensure_ascii=False)
    raise TypeError(f"a prompt must be a string or a list of messages, not {type(prompt).__name__}")


def _step(kwargs: dict) -> Optional[int]:
    step = getattr(kwargs.get("trainer_state"), "global_step", None)
    return step if isinstance(step, int) else None


def math_reward(client: Optional[AssayClient] = None, gold_column: str = "answer") -> Callable[..., list]:
    """A TRL reward function: 1.0 when Assay judges the final answer equal to the gold, else 0.0."""
    assay = client or AssayClient()

    def reward(prompts: list, completions: list, **kwargs: Any) -> list:
        if gold_column not in kwargs:
            raise KeyError(f"the dataset has no column {gold_column!r} with the gold answers "
                           f"(columns passed: {sorted(kwargs)})")
        golds = [str(g) for g in kwargs[gold_column]]
        results = assay.grade_math([_text(c) for c in completions], golds, step=_step(kwargs),
                                   prompts=[_prompt_text(p) for p in prompts])
        return [float(r["reward"]) for r in results]

    reward.__name__ = "assay_math_reward"
    return reward
