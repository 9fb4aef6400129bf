"""Run configuration and the two presets (the H100 run and a CPU smoke run)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace


@dataclass(frozen=True)
class RunConfig:
    # model
    layers: int = 6
    d_model: int = 384
    heads: int = 6
    context: int = 320
    # data
    seed: int = 0
    sft_tool_fraction: float = 0.15       # how often SFT solutions choose Python (the decision)
    sft_tool_path_fraction: float = 0.25  # extra Python solutions with the decision token untrained
    # SFT
    sft_steps: int = 8000
    sft_batch: int = 128
    sft_lr: float = 1e-3
    sft_time_fraction: float = 0.45  # of the run's time budget, at most
    # GRPO
    grpo_steps: int = 1000
    prompts_per_step: int = 32
    group_size: int = 8
    minibatches: int = 2
    grpo_lr: float = 5e-5
    clip_eps: float = 0.2
    kl_coef: float = 0.01
    temperature: float = 1.0
    max_response: int = 160
    max_tool_calls: int = 2
    advantage_method: str = "grpo"
    unparseable_reward: float = -0.2      # format term; correct 1, wrong 0
    tool_failure_penalty: float = 0.0     # per failed tool call (AssayCore's default: off)
    max_tool_penalty: float = 0.2
    # evaluation
    eval_problems: int = 512
    eval_temperature: float = 1.0
    eval_seed: int = 1234
    eval_greedy: bool = True
    # plumbing
    checkpoint_every: int = 50
    tool_workers: int = 16
    tool_timeout_ms: int = 5000
    grad_clip: float = 1.0

    def __post_init__(self) -> None:
        positive = ("layers", "d_model", "heads", "context", "sft_steps", "sft_batch", "grpo_steps", "prompts_per_step",
                    "minibatches", "max_response", "eval_problems", "tool_workers", "tool_timeout_ms")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)}")
        for name in ("sft_tool_fraction", "sft_tool_path_fraction", "sft_time_fraction"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1], not {getattr(self, name)}")
        if self.group_size < 2:
            raise ValueError(f"group_size must be at least 2 (GRPO compares samples of one prompt), not {self.group_size}")
        if self.minibatches > self.prompts_per_step * self.group_size:
            raise ValueError(f"minibatches ({self.minibatches}) exceeds the samples per step "
                             f"({self.prompts_per_step * self.group_size})")
        if self.advantage_method not in ("grpo", "dr-grpo", "rloo"):
            raise ValueError(f"advantage_method must be grpo, dr-grpo or rloo, not {self.advantage_method!r}")
        if self.temperature <= 0 or self.eval_temperature < 0:
            raise ValueError("temperature must be > 0 (GRPO samples) and eval_temperature >= 0 (0 is greedy)")
        if self.max_tool_calls < 0 or self.checkpoint_every < 0 or self.kl_coef < 0 or not 0 < self.clip_eps < 1:
            raise ValueError("max_tool_calls, checkpoint_every and kl_coef must be >= 0, clip_eps in (0, 1)")

    def to_dict(self) -> dict:
        return asdict(self)

    def with_overrides(self, **overrides) -> "RunConfig":
        names = {f.name for f in fields(self)}
        unknown = set(overrides) - names
        if unknown:
            raise ValueError(f"unknown config fields: {sorted(unknown)}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


PRESETS = {
    # The H100 run (scripts/grpo-reference.sh): ~10.8 M parameters, SFT for at most 45 % of the
    # budget, then GRPO with 32 prompts x 8 samples per step until the budget's end.
    "h100": RunConfig(),
    # A CPU run that shows the mechanics in a few minutes on two cores.
    "cpu": RunConfig(layers=4, d_model=128, heads=4, sft_steps=1500, sft_batch=32, sft_lr=2e-3,
                     prompts_per_step=8, group_size=8, minibatches=1, grpo_lr=1e-4, eval_problems=128,
                     checkpoint_every=10, tool_workers=4),
    # Tests: seconds.
    "tiny": RunConfig(layers=2, d_model=64, heads=2, sft_steps=20, sft_batch=8, prompts_per_step=2,
                      group_size=4, minibatches=2, grpo_steps=3, eval_problems=8, checkpoint_every=2,
                      tool_workers=4, max_response=120),
}
