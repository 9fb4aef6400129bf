"""Command line: ``python -m assay_client.reference {run,sft,grpo,eval}``."""
from __future__ import annotations

import argparse
import json
import platform
import time
from dataclasses import fields
from pathlib import Path
from typing import Optional

import torch

from .. import AssayError
from . import checkpoint
from .assay import AssayPython, ReferenceClient
from .config import PRESETS, RunConfig
from .model import GPT, ModelConfig
from .plot import write_svg
from .tokenizer import CharTokenizer
from .train import (SFTState, build_model, evaluate, grpo, load_grpo_context, make_optimizer, reward_policy,
                    say, scorer_for, sft, truncate_jsonl)

EPILOG = """\
examples:
  # everything, on the GPU box (scripts/grpo-reference.sh starts `assay serve` and runs this):
  python -m assay_client.reference run --preset h100 --device cuda --time-budget-s 400 --out out/grpo
  # a CPU run that shows the mechanics in a few minutes:
  python -m assay_client.reference run --preset cpu --device cpu --time-budget-s 600 --out /tmp/grpo-cpu
  # the phases one by one (same files under --out), and a resumed run:
  python -m assay_client.reference sft  --preset cpu --out /tmp/g
  python -m assay_client.reference eval --checkpoint /tmp/g/checkpoints/sft.pt --label sft
  python -m assay_client.reference grpo --preset cpu --out /tmp/g --resume
  python -m assay_client.reference run  --out /tmp/g --resume        # continues where it stopped

Rewards, advantages, tool runs and evaluation grading all come from `assay serve` at --assay-url
(default $ASSAY_URL or http://127.0.0.1:8080); nothing is downloaded. Progress goes to stderr; the
results (results.json, sft.jsonl, grpo.jsonl, curve.svg, checkpoints/) go under --out.
"""


FIELD_HELP = {
    "sft_tool_fraction": "how often SFT solutions choose Python (the decision the policy learns)",
    "sft_tool_path_fraction": "extra Python solutions whose decision token is not trained (teach the skill, not the choice)",
    "sft_time_fraction": "share of --time-budget-s that SFT may use at most",
    "prompts_per_step": "GRPO prompts per step (each sampled group_size times)",
    "minibatches": "optimizer steps per GRPO batch (after the first, the clipped ratio matters)",
    "kl_coef": "weight of the k3 KL to the SFT policy (0 turns it off; it is logged either way)",
    "max_response": "response tokens per sample, tool output included",
    "max_tool_calls": "sandboxed Python runs per sample; a further block gets an error block",
    "advantage_method": "grpo, dr-grpo or rloo",
    "unparseable_reward": "reward when no final answer can be parsed (format); correct 1, wrong 0",
    "tool_failure_penalty": "subtracted per failed tool call (default 0, as AssayCore's policy)",
    "eval_problems": "held-out problems in each evaluation",
    "eval_temperature": "sampling temperature of the evaluation (same seed before and after GRPO)",
    "eval_greedy": "also evaluate greedily (true/false)",
    "checkpoint_every": "GRPO steps between checkpoints (SFT: ten times as many)",
}


def _config_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--preset", choices=sorted(PRESETS), default="h100",
                        help="sizes and schedules: h100 (the GPU run), cpu (minutes on a CPU), tiny (tests)")
    group = parser.add_argument_group("config overrides (default: the preset's value)")
    for f in fields(RunConfig):
        kind = {"int": int, "float": float, "str": str, "bool": lambda s: s.lower() in ("1", "true", "yes")}[str(f.type)]
        group.add_argument("--" + f.name.replace("_", "-"), type=kind, default=None, dest=f.name,
                           help=FIELD_HELP.get(f.name))


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu", choices=["cuda", "cpu"],
                        help="where the policy runs (default: cuda when available)")
    parser.add_argument("--assay-url", default=None, help="the `assay serve` address (default: $ASSAY_URL or http://127.0.0.1:8080)")
    parser.add_argument("--run-name", default="grpo-reference", help="the Assay run the verdicts are stored under")
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads for torch (default: torch's choice; 1 is fastest on a busy machine)")


def parse(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m assay_client.reference",
        description="A compact GRPO reference loop whose rewards come from Assay: a small transformer, trained "
                    "from scratch on generated arithmetic/algebra word problems, learns that calling Python "
                    "(run in Assay's sandbox) pays.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="SFT, evaluation, GRPO, evaluation, within --time-budget-s",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--time-budget-s", type=float, default=None,
                     help="wall-clock seconds for all phases (SFT gets at most sft_time_fraction of it; GRPO "
                          "stops early enough to evaluate again); default: step counts only")
    run.add_argument("--resume", action="store_true", help="continue from --out's checkpoints and progress.json")
    _common(run)
    _config_args(run)
    s = sub.add_parser("sft", help="supervised phase only")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--resume", action="store_true")
    _common(s)
    _config_args(s)
    g = sub.add_parser("grpo", help="GRPO phase only (from --out/checkpoints/sft.pt, or --resume from grpo.pt)")
    g.add_argument("--out", type=Path, required=True)
    g.add_argument("--resume", action="store_true")
    _common(g)
    _config_args(g)
    e = sub.add_parser("eval", help="held-out accuracy of a checkpoint (prints JSON)")
    e.add_argument("--checkpoint", type=Path, required=True)
    e.add_argument("--label", default="eval")
    _common(e)
    _config_args(e)
    return parser.parse_args(argv)


def resolve_config(args: argparse.Namespace, out: Optional[Path]) -> RunConfig:
    overrides = {f.name: getattr(args, f.name) for f in fields(RunConfig)}
    config = PRESETS[args.preset].with_overrides(**overrides)
    if out is not None and getattr(args, "resume", False) and (out / "config.json").exists():
        stored = RunConfig(**json.loads((out / "config.json").read_text()))
        given = {k: v for k, v in overrides.items() if v is not None}
        config = stored.with_overrides(**given)  # a resume keeps the run's config unless told otherwise
    return config


def connect(args: argparse.Namespace) -> ReferenceClient:
    client = ReferenceClient(args.assay_url, run=args.run_name)
    client.health()
    return client


def probe_isolation(client: ReferenceClient) -> bool:
    """Whether the server's sandbox isolates programs (False under `assay serve --no-isolation`)."""
    answer = client.run_python("print(6 * 7)")
    if answer.get("stdout", "").strip() != "42":
        raise AssayError(f"the sandbox does not run Python correctly: {answer}")
    return bool(answer["isolated"])


def _eval_both(config: RunConfig, model: GPT, tools: AssayPython, args: argparse.Namespace, label: str) -> dict:
    """Sampled (and greedy) held-out evaluation; verdicts go to the Assay run <run-name>-eval-<label>."""
    client = ReferenceClient(args.assay_url, run=f"{args.run_name}-eval-{label}")
    result = {"sampled": evaluate(config, model, tools, client, temperature=config.eval_temperature, label=label)}
    if config.eval_greedy:
        result["greedy"] = evaluate(config, model, tools, client, temperature=0.0, label=label + "-greedy", keep_samples=4)
    say(f"[eval {label}] accuracy {result['sampled']['accuracy']:.3f} "
        f"(greedy {result['greedy']['accuracy'] if 'greedy' in result else 'not run'}) "
        f"tool-call rate {result['sampled']['tool_call_rate']:.2f} in {result['sampled']['seconds']:.1f}s")
    return result


def command_run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    budget = args.time_budget_s
    out: Path = args.out
    if out.exists() and any(out.iterdir()) and not args.resume:
        raise SystemExit(f"{out} is not empty: pass --resume to continue that run, or choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    config = resolve_config(args, out)
    (out / "config.json").write_text(json.dumps(config.to_dict(), indent=2) + "\n")
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    progress_path = out / "progress.json"
    progress: dict = json.loads(progress_path.read_text()) if args.resume and progress_path.exists() else {}

    def save_progress() -> None:
        progress_path.write_text(json.dumps(progress, indent=2) + "\n")

    client = connect(args)
    isolated = probe_isolation(client)
    if not isolated:
        say("WARNING: assay serve runs Python WITHOUT the bubblewrap sandbox (--no-isolation); "
            "results.json says sandbox_isolated: false")
    tools = AssayPython(client, workers=config.tool_workers, timeout_ms=config.tool_timeout_ms)
    tokenizer = CharTokenizer()

    # Phase 1: SFT
    sft_path = out / "checkpoints" / "sft.pt"
    model = build_model(config, tokenizer, device, config.seed)
    optimizer = make_optimizer(model, config.sft_lr)
    state = SFTState()
    if args.resume and sft_path.exists():
        payload = checkpoint.load(sft_path, device)
        model.load_state_dict(payload["model"])
        optimizer.load_state_dict(payload["optimizer"])
        state = SFTState(**payload["state"])
        checkpoint.restore_rng(payload["rng"], None)
        truncate_jsonl(out / "sft.jsonl", state.step)
    if not progress.get("sft_done"):
        params = sum(p.numel() for p in model.parameters())
        say(f"[sft] {params / 1e6:.2f} M parameters on {device}; tool fraction in the data {config.sft_tool_fraction}")
        limit = budget * config.sft_time_fraction if budget else None
        state = sft(config, model, optimizer, state, out, limit)
        progress["sft_done"] = True
        progress["sft"] = {"steps": state.step, "seconds": round(state.elapsed, 2)}
        save_progress()

    # Evaluation before GRPO
    if "eval_before" not in progress:
        progress["eval_before"] = _eval_both(config, model, tools, args, "before")
        save_progress()
    eval_seconds = sum(e["seconds"] for e in progress["eval_before"].values())

    # Phase 2: GRPO
    scorer = scorer_for(config, client)
    grpo_path = out / "checkpoints" / "grpo.pt"
    resuming = args.resume and grpo_path.exists()
    ctx = load_grpo_context(config, grpo_path if resuming else sft_path, device, tools, scorer, init_from_sft=not resuming)
    if resuming:
        truncate_jsonl(out / "grpo.jsonl", ctx.state.step)
    reserve = 1.5 * eval_seconds + 15.0

    def deadline() -> bool:
        return budget is not None and time.monotonic() - started > budget - reserve

    if not progress.get("grpo_done"):
        try:
            grpo(config, ctx, out, deadline)
        except (RuntimeError, AssayError) as error:
            # One GPU shot: evaluate what was trained so far, and say loudly that GRPO stopped early.
            say(f"ERROR: GRPO stopped at step {ctx.state.step}: {error!r}; evaluating the policy as it is "
                "(results.json records grpo_error)")
            progress["grpo_error"] = f"step {ctx.state.step}: {error!r}"
        progress["grpo_done"] = True
        progress["grpo"] = {"steps": ctx.state.step, "seconds": round(ctx.state.elapsed, 2)}
        save_progress()

    # Evaluation after GRPO
    if "eval_after" not in progress:
        progress["eval_after"] = _eval_both(config, ctx.model, tools, args, "after")
        save_progress()
    results = summarise(config, progress, out, device, isolated, tools, time.monotonic() - started, budget)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    say(f"[done] held-out accuracy {results['accuracy_before']:.3f} -> {results['accuracy_after']:.3f} "
        f"(x{results['accuracy_ratio'] if results['accuracy_ratio'] is None else round(results['accuracy_ratio'], 2)}; target x3 {'met' if results['target_met'] else 'NOT met'}); "
        f"tool-call rate {results['tool_call_rate_before']:.2f} -> {results['tool_call_rate_after']:.2f}; "
        f"results in {out / 'results.json'}")
    return 0


def summarise(config: RunConfig, progress: dict, out: Path, device: torch.device, isolated: bool,
              tools: AssayPython, wall: float, budget: Optional[float]) -> dict:
    before, after = progress["eval_before"]["sampled"], progress["eval_after"]["sampled"]
    records = [json.loads(line) for line in (out / "grpo.jsonl").read_text().splitlines()] if (out / "grpo.jsonl").exists() else []
    ratio = after["accuracy"] / before["accuracy"] if before["accuracy"] > 0 else None
    write_svg(out / "curve.svg", records, before["accuracy"], after["accuracy"],
              f"GRPO with Assay rewards: held-out accuracy {before['accuracy']:.3f} -> {after['accuracy']:.3f}")
    results = {
        "accuracy_before": before["accuracy"], "accuracy_after": after["accuracy"],
        "accuracy_ratio": ratio, "target_met": after["accuracy"] >= 3 * before["accuracy"] and after["accuracy"] > 0,
        "greedy_accuracy_before": progress["eval_before"].get("greedy", {}).get("accuracy"),
        "greedy_accuracy_after": progress["eval_after"].get("greedy", {}).get("accuracy"),
        "tool_call_rate_before": before["tool_call_rate"], "tool_call_rate_after": after["tool_call_rate"],
        "eval_problems": before["problems"], "eval_temperature": before["temperature"], "eval_seed": before["seed"],
        "sft_steps": progress["sft"]["steps"], "sft_seconds": progress["sft"]["seconds"],
        "grpo_steps": progress["grpo"]["steps"], "grpo_seconds": progress["grpo"]["seconds"],
        "wall_seconds_this_process": round(wall, 2), "time_budget_s": budget,
        "sandbox_isolated": isolated and tools.not_isolated == 0,
        "tool_calls_run": tools.calls, "tool_calls_not_isolated": tools.not_isolated,
        "reward_policy": vars(reward_policy(config)),
        "environment": {"device": torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "cpu",
                        "torch": torch.__version__, "python": platform.python_version()},
        "config": config.to_dict(),
        "eval_before": progress["eval_before"], "eval_after": progress["eval_after"],
    }
    if "grpo_error" in progress:
        results["grpo_error"] = progress["grpo_error"]
    if not isolated:
        results["sandbox_note"] = ("assay serve ran with --no-isolation (no working bubblewrap sandbox on this machine): the "
                                   "policy's Python ran without the sandbox's namespaces")
    return results


def command_sft(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    config = resolve_config(args, out)
    (out / "config.json").write_text(json.dumps(config.to_dict(), indent=2) + "\n")
    device = torch.device(args.device)
    tokenizer = CharTokenizer()
    model = build_model(config, tokenizer, device, config.seed)
    optimizer = make_optimizer(model, config.sft_lr)
    state = SFTState()
    path = out / "checkpoints" / "sft.pt"
    if args.resume and path.exists():
        payload = checkpoint.load(path, device)
        model.load_state_dict(payload["model"])
        optimizer.load_state_dict(payload["optimizer"])
        state = SFTState(**payload["state"])
        checkpoint.restore_rng(payload["rng"], None)
        truncate_jsonl(out / "sft.jsonl", state.step)
    sft(config, model, optimizer, state, out, None)
    return 0


def command_grpo(args: argparse.Namespace) -> int:
    out: Path = args.out
    config = resolve_config(args, out)
    device = torch.device(args.device)
    client = connect(args)
    tools = AssayPython(client, workers=config.tool_workers, timeout_ms=config.tool_timeout_ms)
    grpo_path = out / "checkpoints" / "grpo.pt"
    resuming = args.resume and grpo_path.exists()
    ctx = load_grpo_context(config, grpo_path if resuming else out / "checkpoints" / "sft.pt", device, tools,
                            scorer_for(config, client), init_from_sft=not resuming)
    if resuming:
        truncate_jsonl(out / "grpo.jsonl", ctx.state.step)
    elif (out / "grpo.jsonl").exists():
        raise SystemExit(f"{out / 'grpo.jsonl'} exists: pass --resume to continue that GRPO run")
    grpo(config, ctx, out)
    return 0


def command_eval(args: argparse.Namespace) -> int:
    config = resolve_config(args, None)
    device = torch.device(args.device)
    payload = checkpoint.load(args.checkpoint, device)
    model = GPT(ModelConfig(**payload["model_config"])).to(device)
    model.load_state_dict(payload["model"])
    client = connect(args)
    tools = AssayPython(client, workers=config.tool_workers, timeout_ms=config.tool_timeout_ms)
    result = _eval_both(config, model, tools, args, args.label)
    print(json.dumps(result, indent=2))
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    args = parse(argv)
    if args.threads is not None:
        if args.threads < 1:
            raise SystemExit("--threads must be at least 1")
        torch.set_num_threads(args.threads)
    try:
        return {"run": command_run, "sft": command_sft, "grpo": command_grpo, "eval": command_eval}[args.command](args)
    except AssayError as error:
        say(f"error: {error}")
        return 2
