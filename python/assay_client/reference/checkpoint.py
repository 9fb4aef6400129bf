"""Checkpoints: model, optimizer, step, RNG states, data position; written atomically."""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, Optional

import torch


def save(path: Path, payload: dict) -> None:
    """Writes ``payload`` to ``path`` through a temporary file, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)


def load(path: Path, device: torch.device) -> dict:
    if not path.exists():
        raise FileNotFoundError(f"no checkpoint at {path}")
    return torch.load(path, map_location=device, weights_only=False)


def rng_states(generator: Optional[torch.Generator]) -> dict[str, Any]:
    states: dict[str, Any] = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    if generator is not None:
        states["sampler"] = generator.get_state()
    return states


def restore_rng(states: dict[str, Any], generator: Optional[torch.Generator]) -> None:
    random.setstate(states["python"])
    torch.set_rng_state(states["torch"].cpu())
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in states["cuda"]])
    if generator is not None:
        generator.set_state(states["sampler"].cpu())
