"""The three phases: SFT on worked solutions, GRPO with Assay rewards, evaluation with Assay grading."""
from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import torch

from . import checkpoint
from .assay import AssayPython, ReferenceClient
from .batching import SFTMix, make_batch, rollout_batch
from .config import RunConfig
from .distributed import all_reduce_gradients, all_reduce_sum, rank_and_world, shard
from .loss import grpo_loss
from .model import GPT, ModelConfig, token_logprobs
from .rewards import RewardPolicy, Scorer
from .sampler import Rollout, autocast, sample
from .tasks import problem, prompt_text
from .tokenizer import CharTokenizer

GRPO_INDEX_BASE = 10_000_000  # GRPO prompts come from train indices disjoint from SFT's


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_model(config: RunConfig, tokenizer: CharTokenizer, device: torch.device, seed: int) -> GPT:
    torch.manual_seed(seed)
    model = GPT(ModelConfig(tokenizer.vocab_size, config.context, config.layers, config.d_model, config.heads))
    return model.to(device)


def make_optimizer(model: GPT, lr: float, beta2: float = 0.95) -> torch.optim.Optimizer:
    """Adam without weight decay: beta2 0.95 for SFT, PyTorch's default 0.999 for GRPO (a
    convention, not a measured win: on CPU, with almost no reward signal, both drifted alike)."""
    return torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, beta2), weight_decay=0.0)


def _set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    for group in optimizer.param_groups:
        group["lr"] = lr


def append_jsonl(path: Path, record: dict) -> None:
    with path.open("a") as f:
        f.write(json.dumps(record) + "\n")


def truncate_jsonl(path: Path, after_step: int) -> None:
    """Drops log lines past ``after_step`` (written after the checkpoint a resume starts from)."""
    if not path.exists():
        return
    kept = [line for line in path.read_text().splitlines() if line and json.loads(line)["step"] <= after_step]
    path.write_text("".join(line + "\n" for line in kept))


# -- SFT ------------------------------------------------------------------------------------------

@dataclass
class SFTState:
    step: int = 0
    data_position: int = 0
    elapsed: float = 0.0


def sft(config: RunConfig, model: GPT, optimizer: torch.optim.Optimizer, state: SFTState, out: Path,
        time_limit: Optional[float], stop_at: Optional[int] = None) -> SFTState:
    """Supervised training on worked solutions until ``config.sft_steps`` or ``time_limit`` seconds
    (or, to interrupt a run as a crash would, step ``stop_at``).

    LR: 50 warm-up steps, then cosine to 10 % over progress = max(step / steps, time / limit), so a
    time-limited run still ends its schedule. Checkpoints to ``out/checkpoints/sft.pt``."""
    tokenizer = CharTokenizer()
    device = next(model.parameters()).device
    rank, world = rank_and_world()
    out.mkdir(parents=True, exist_ok=True)
    log = out / "sft.jsonl"
    mix = SFTMix(config.seed, config.sft_tool_fraction, config.sft_tool_path_fraction)
    started = time.monotonic() - state.elapsed
    model.train()
    tokens_seen = 0
    window = time.monotonic()
    while True:
        state.elapsed = time.monotonic() - started
        progress = state.step / config.sft_steps
        if time_limit is not None:
            progress = max(progress, state.elapsed / time_limit)
        if progress >= 1 or (stop_at is not None and state.step >= stop_at):
            break
        warm = min(1.0, (state.step + 1) / 50)
        lr = config.sft_lr * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        _set_lr(optimizer, lr)
        indices = shard(state.data_position, config.sft_batch, rank, world)
        examples = [mix.example(tokenizer, i) for i in indices]
        batch = make_batch([e[0] for e in examples], [e[1] for e in examples], tokenizer.pad_id).to(device)
        with autocast(device):
            logp = token_logprobs(model, batch.tokens, batch.valid)
        mask = batch.target_mask.float()
        loss = -(logp * mask).sum() / mask.sum()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        all_reduce_gradients(model)
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        state.step += 1
        state.data_position += config.sft_batch * world
        tokens_seen += int(batch.valid.sum())
        if state.step % 50 == 0 or state.step == 1:
            now = time.monotonic()
            record = {"step": state.step, "loss": float(loss.detach()), "lr": lr, "elapsed_s": round(now - started, 2),
                      "tokens_per_s": round(tokens_seen / max(now - window, 1e-9))}
            tokens_seen, window = 0, now
            if rank == 0:
                append_jsonl(log, record)
                say(f"[sft] step {state.step} loss {record['loss']:.4f} lr {lr:.2e} "
                    f"{record['tokens_per_s']} tok/s {record['elapsed_s']:.0f}s")
        if config.checkpoint_every and state.step % (config.checkpoint_every * 10) == 0 and rank == 0:
            save_sft(out, model, optimizer, state)
    state.elapsed = time.monotonic() - started
    if rank == 0:
        save_sft(out, model, optimizer, state)
    return state


def save_sft(out: Path, model: GPT, optimizer: torch.optim.Optimizer, state: SFTState) -> None:
    checkpoint.save(out / "checkpoints" / "sft.pt", {
        "phase": "sft", "model_config": model.config.to_dict(), "model": model.state_dict(),
        "optimizer": optimizer.state_dict(), "state": vars(state).copy(), "rng": checkpoint.rng_states(None)})


# -- evaluation -----------------------------------------------------------------------------------

def evaluate(config: RunConfig, model: GPT, tools: AssayPython, client: ReferenceClient, *, temperature: float,
             label: str, count: Optional[int] = None, keep_samples: int = 16) -> dict:
    """Held-out accuracy: one sample per problem of the held-out split (indices 0..count-1) with a
    generator seeded by ``config.eval_seed``, so two evaluations use the same sampler; graded by
    Assay (``/v1/math/grade``) under run ``<client.run>``."""
    tokenizer = CharTokenizer()
    device = next(model.parameters()).device
    rank, world = rank_and_world()
    if world > 1:
        raise NotImplementedError("evaluation over several ranks needs a gather of the per-rank results; "
                                  "evaluate on one process")
    count = config.eval_problems if count is None else count
    problems = [problem(config.seed, "heldout", i) for i in range(count) if i % world == rank]
    generator = torch.Generator(device=device)
    generator.manual_seed(config.eval_seed + rank)
    model.eval()
    started = time.monotonic()
    rollouts: list[Rollout] = []
    for chunk in range(0, len(problems), 256):
        part = problems[chunk:chunk + 256]
        rollouts += sample(model, tokenizer, [[tokenizer.bos_id] + tokenizer.encode(prompt_text(p)) for p in part],
                           tools, temperature=temperature, max_response=config.max_response,
                           max_tool_calls=config.max_tool_calls, generator=generator)
    verdicts = client.grade_math([r.text for r in rollouts], [p.gold for p in problems])
    passed = [bool(v["passed"]) for v in verdicts]
    with_tool = [bool(r.tool_calls) for r in rollouts]
    n = len(rollouts)

    def rate(flags: list[bool]) -> Optional[float]:
        return sum(flags) / len(flags) if flags else None

    result = {
        "label": label, "problems": n, "temperature": temperature, "seed": config.eval_seed,
        "accuracy": rate(passed),
        "tool_call_rate": rate(with_tool),
        "accuracy_with_tool": rate([p for p, t in zip(passed, with_tool) if t]),
        "accuracy_without_tool": rate([p for p, t in zip(passed, with_tool) if not t]),
        "unparseable_rate": rate([v["status"] == "unparseable" for v in verdicts]),
        "failed_tool_calls": sum(r.failed_tool_calls for r in rollouts),
        "mean_response_tokens": sum(len(r.response) for r in rollouts) / max(n, 1),
        "seconds": round(time.monotonic() - started, 2),
        "samples": [{"problem": p.text, "gold": p.gold, "response": r.text, "status": v["status"]}
                    for p, r, v in list(zip(problems, rollouts, verdicts))[:keep_samples]],
    }
    return result


# -- GRPO -----------------------------------------------------------------------------------------

@dataclass
class GRPOState:
    step: int = 0
    data_position: int = GRPO_INDEX_BASE
    elapsed: float = 0.0
    tool_calls: int = 0
    tool_calls_not_isolated: int = 0
    advantage_checks: int = 0


@dataclass
class GRPOContext:
    model: GPT
    reference: GPT
    optimizer: torch.optim.Optimizer
    generator: torch.Generator
    tools: AssayPython
    scorer: Scorer
    state: GRPOState = field(default_factory=GRPOState)


def grpo_step(config: RunConfig, ctx: GRPOContext) -> dict:
    """One GRPO step: sample G responses for each of the step's prompts, score them with Assay,
    then ``config.minibatches`` clipped policy-gradient updates over the batch."""
    tokenizer = CharTokenizer()
    model, state = ctx.model, ctx.state
    device = next(model.parameters()).device
    rank, world = rank_and_world()
    started = time.monotonic()
    indices = list(shard(state.data_position, config.prompts_per_step, rank, world))
    problems = [problem(config.seed, "train", i) for i in indices]
    prompts = [[tokenizer.bos_id] + tokenizer.encode(prompt_text(p)) for p in problems]
    model.eval()
    rollouts = sample(model, tokenizer, [p for p in prompts for _ in range(config.group_size)], ctx.tools,
                      temperature=config.temperature, max_response=config.max_response,
                      max_tool_calls=config.max_tool_calls, generator=ctx.generator)
    sampled = time.monotonic()
    G = config.group_size
    groups = [rollouts[i * G:(i + 1) * G] for i in range(len(problems))]
    scores = ctx.scorer.score([p.gold for p in problems], [[r.text for r in g] for g in groups],
                              [[r.failed_tool_calls for r in g] for g in groups],
                              [f"train-{p.index}" for p in problems], step=state.step)
    scored = time.monotonic()
    rewards = [r for s in scores for r in s.rewards]
    advantages = torch.tensor([a for s in scores for a in s.advantages], dtype=torch.float32)
    passed = [p for s in scores for p in s.passed]
    batch = rollout_batch(rollouts, tokenizer.pad_id).to(device)
    with torch.no_grad(), autocast(device):
        old_logp = token_logprobs(model, batch.tokens, batch.valid).float()
        ref_logp = token_logprobs(ctx.reference, batch.tokens, batch.valid).float()
    normalizer = all_reduce_sum(float(batch.target_mask.sum()), device)
    model.train()
    order = torch.arange(len(rollouts))
    losses, kls, clips = [], [], []
    for part in order.chunk(config.minibatches):
        part_d = part.to(device)
        with autocast(device):
            logp = token_logprobs(model, batch.tokens[part_d], batch.valid[part_d]).float()
        loss, stats = grpo_loss(logp, old_logp[part_d], ref_logp[part_d], advantages[part].to(device),
                                batch.target_mask[part_d], config.clip_eps, config.kl_coef, normalizer / world)
        ctx.optimizer.zero_grad(set_to_none=True)
        # Each minibatch is one optimizer step: its token sum over (batch tokens / minibatches),
        # so every step sees a mean-sized gradient. (normalizer / world: gradients are averaged
        # over ranks, and the normalizer counts every rank's tokens.)
        (loss * config.minibatches).backward()
        all_reduce_gradients(model)
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        ctx.optimizer.step()
        losses.append(stats.loss)
        kls.append(stats.kl * stats.tokens)
        clips.append(stats.clip_fraction * stats.tokens)
    done = time.monotonic()
    action_tokens = int(batch.target_mask.sum())
    all_tokens = sum(len(r.response) for r in rollouts)
    state.step += 1
    state.data_position += config.prompts_per_step * world
    state.tool_calls = ctx.tools.calls
    state.tool_calls_not_isolated = ctx.tools.not_isolated
    state.advantage_checks += sum(s.server_advantages_used for s in scores)
    return {
        "step": state.step,
        "mean_reward": sum(rewards) / len(rewards),
        "accuracy": sum(passed) / len(passed),
        "tool_call_rate": sum(bool(r.tool_calls) for r in rollouts) / len(rollouts),
        "failed_tool_calls": sum(r.failed_tool_calls for r in rollouts),
        "kl": sum(kls) / max(action_tokens, 1),
        "clip_fraction": sum(clips) / max(action_tokens, 1),
        "loss": sum(losses),
        "degenerate_groups": sum(1 for s in scores if all(a == 0 for a in s.advantages)),
        "mean_response_tokens": all_tokens / len(rollouts),
        "sample_tokens_per_s": round(all_tokens / max(sampled - started, 1e-9)),
        "tokens_per_s": round(all_tokens / max(done - started, 1e-9)),
        "seconds": {"sample": round(sampled - started, 3), "score": round(scored - sampled, 3),
                    "update": round(done - scored, 3)},
    }


def save_grpo(out: Path, ctx: GRPOContext) -> None:
    checkpoint.save(out / "checkpoints" / "grpo.pt", {
        "phase": "grpo", "model_config": ctx.model.config.to_dict(), "model": ctx.model.state_dict(),
        "reference": ctx.reference.state_dict(), "optimizer": ctx.optimizer.state_dict(),
        "state": vars(ctx.state).copy(), "rng": checkpoint.rng_states(ctx.generator)})


def grpo(config: RunConfig, ctx: GRPOContext, out: Path, deadline: Optional[Callable[[], bool]] = None) -> GRPOState:
    """GRPO steps until ``config.grpo_steps`` or ``deadline()`` says stop; logs to ``out/grpo.jsonl``
    and checkpoints to ``out/checkpoints/grpo.pt`` every ``config.checkpoint_every`` steps."""
    rank, _ = rank_and_world()
    out.mkdir(parents=True, exist_ok=True)
    log = out / "grpo.jsonl"
    started = time.monotonic() - ctx.state.elapsed
    _set_lr(ctx.optimizer, config.grpo_lr)
    while ctx.state.step < config.grpo_steps and not (deadline and deadline()):
        record = grpo_step(config, ctx)
        ctx.state.elapsed = time.monotonic() - started
        record["elapsed_s"] = round(ctx.state.elapsed, 2)
        if rank == 0:
            append_jsonl(log, record)
            say(f"[grpo] step {record['step']} reward {record['mean_reward']:.3f} acc {record['accuracy']:.3f} "
                f"tool {record['tool_call_rate']:.2f} kl {record['kl']:.4f} {record['tokens_per_s']} tok/s "
                f"(sample {record['seconds']['sample']}s score {record['seconds']['score']}s "
                f"update {record['seconds']['update']}s)")
            if config.checkpoint_every and ctx.state.step % config.checkpoint_every == 0:
                save_grpo(out, ctx)
    ctx.state.elapsed = time.monotonic() - started
    if rank == 0:
        save_grpo(out, ctx)
    return ctx.state


def load_grpo_context(config: RunConfig, path: Path, device: torch.device, tools: AssayPython, scorer: Scorer,
                      init_from_sft: bool) -> GRPOContext:
    """A GRPO context from an SFT checkpoint (new optimizer, reference = the SFT policy) or from a
    GRPO checkpoint (everything restored: model, reference, optimizer, step, data position, RNG)."""
    payload = checkpoint.load(path, device)
    model_config = ModelConfig(**payload["model_config"])
    model, reference = GPT(model_config).to(device), GPT(model_config).to(device)
    model.load_state_dict(payload["model"])
    generator = torch.Generator(device=device)
    if init_from_sft:
        if payload["phase"] != "sft":
            raise ValueError(f"{path} is a {payload['phase']} checkpoint, not an SFT one")
        reference.load_state_dict(payload["model"])
        optimizer = make_optimizer(model, config.grpo_lr, beta2=0.999)
        generator.manual_seed(config.seed + 7919)
        state = GRPOState()
    else:
        if payload["phase"] != "grpo":
            raise ValueError(f"{path} is a {payload['phase']} checkpoint, not a GRPO one")
        reference.load_state_dict(payload["reference"])
        optimizer = make_optimizer(model, config.grpo_lr, beta2=0.999)
        optimizer.load_state_dict(payload["optimizer"])
        state = GRPOState(**payload["state"])
        checkpoint.restore_rng(payload["rng"], generator)
        tools.calls, tools.not_isolated = state.tool_calls, state.tool_calls_not_isolated
    reference.eval()
    for p in reference.parameters():
        p.requires_grad_(False)
    return GRPOContext(model, reference, optimizer, generator, tools, scorer, state)


def reward_policy(config: RunConfig) -> RewardPolicy:
    return RewardPolicy(unparseable=config.unparseable_reward, tool_failure_penalty=config.tool_failure_penalty,
                        max_tool_penalty=config.max_tool_penalty)


def scorer_for(config: RunConfig, client: ReferenceClient) -> Scorer:
    return Scorer(client, reward_policy(config), config.advantage_method, workers=min(config.tool_workers, 16))
