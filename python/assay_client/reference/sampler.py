"""Batched sampling with tool calls: a closed ```python block pauses the row, the code runs (in
Assay's sandbox, through a ``ToolRunner``), its output is appended as a ```output block that the
model did not write, and sampling continues.

Sampling runs in rounds: each round prefills the rows still going (left-padded, one batch) into a
key/value cache and decodes until every row has stopped (end of sequence, length limit) or paused
on a closed code block; the paused rows' programs then run concurrently and the next round
continues them. At most ``max_tool_calls`` programs run per row; a row that closes another block
gets an error block instead, counted as a failed tool call.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import torch

from .model import GPT, KVCache
from .tasks import CODE_CLOSE, CODE_OPEN, tool_output_block
from .tokenizer import CharTokenizer


@dataclass(frozen=True)
class ToolResult:
    """What one program did: its standard output, or why it failed."""

    stdout: str
    error: Optional[str] = None
    isolated: Optional[bool] = None  # None when the program was not run at all

    @property
    def failed(self) -> bool:
        return self.error is not None


ToolRunner = Callable[[Sequence[str]], list[ToolResult]]
TOOL_LIMIT_ERROR = "tool-call limit reached"


@dataclass
class ToolCall:
    code: str
    result: ToolResult


@dataclass
class Rollout:
    """One sampled response. ``action[i]`` says whether response token i was written by the model
    (True) or appended by the environment (tool output, False); only actions get gradients."""

    prompt: list[int]
    response: list[int] = field(default_factory=list)
    action: list[bool] = field(default_factory=list)
    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    stop: str = ""  # "eos", "length" or "" while running

    @property
    def failed_tool_calls(self) -> int:
        return sum(call.result.failed for call in self.tool_calls)


class RowState:
    """Follows one row's text as tokens arrive: finds ```python blocks and their closing fence."""

    def __init__(self, rollout: Rollout, tokenizer: CharTokenizer, max_response: int):
        self.rollout = rollout
        self.tokenizer = tokenizer
        self.max_response = max_response
        self.code_start: Optional[int] = None
        self.pending_code: Optional[str] = None

    def push(self, token: int) -> str:
        """Adds a model token; returns "eos", "length", "tool" (a code block just closed) or ""."""
        r = self.rollout
        r.response.append(token)
        r.action.append(True)
        if token == self.tokenizer.eos_id:
            r.stop = "eos"
            return "eos"
        r.text += self.tokenizer.token_text(token)
        if self.code_start is None and r.text.endswith(CODE_OPEN):
            self.code_start = len(r.text)
        elif self.code_start is not None and r.text.endswith(CODE_CLOSE) and len(r.text) - len(CODE_CLOSE) >= self.code_start:
            self.pending_code = r.text[self.code_start:len(r.text) - len(CODE_CLOSE)]
            self.code_start = None
            if len(r.response) >= self.max_response:
                r.stop = "length"
                return "length"
            return "tool"
        if len(r.response) >= self.max_response:
            r.stop = "length"
            return "length"
        return ""

    def add_tool_result(self, result: ToolResult) -> None:
        """Appends the output block of the pending program (environment tokens, not actions)."""
        if self.pending_code is None:
            raise RuntimeError("no program is waiting for a result")
        r = self.rollout
        r.tool_calls.append(ToolCall(self.pending_code, result))
        self.pending_code = None
        block = tool_output_block(result.stdout, result.error)
        ids = self.tokenizer.encode(block)
        room = self.max_response - len(r.response)
        r.response.extend(ids[:room])
        r.action.extend([False] * min(len(ids), room))
        r.text += block[:room]
        if len(ids) >= room:
            r.stop = "length"


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    """bf16 autocast on CUDA, nothing elsewhere."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


@torch.no_grad()
def sample(model: GPT, tokenizer: CharTokenizer, prompts: Sequence[Sequence[int]], tools: ToolRunner, *,
           temperature: float, max_response: int, max_tool_calls: int, generator: torch.Generator) -> list[Rollout]:
    """Samples one response per prompt (prompts start with BOS), running tool calls as they close.

    ``temperature`` 0 is greedy. ``generator`` (on the model's device) makes sampling reproducible.
    """
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, not {temperature}")
    longest = max(len(p) for p in prompts)
    if longest + max_response > model.config.context:
        raise ValueError(f"prompt ({longest} tokens) + max_response ({max_response}) exceeds the model's "
                         f"context ({model.config.context})")
    rows = [RowState(Rollout(list(p)), tokenizer, max_response) for p in prompts]
    going = list(range(len(rows)))
    while going:
        paused = _decode_round(model, tokenizer, [rows[i] for i in going], temperature, generator)
        paused_rows = [rows[i] for i in going if rows[i] in paused]
        to_run = [row for row in paused_rows if len(row.rollout.tool_calls) < max_tool_calls]
        results = tools([row.pending_code or "" for row in to_run]) if to_run else []
        if len(results) != len(to_run):
            raise RuntimeError(f"the tool runner returned {len(results)} results for {len(to_run)} programs")
        for row, result in zip(to_run, results):
            row.add_tool_result(result)
        for row in paused_rows:
            if row.pending_code is not None:  # over the limit: not run
                row.add_tool_result(ToolResult("", TOOL_LIMIT_ERROR, None))
        going = [i for i in going if rows[i] in paused and not rows[i].rollout.stop]
    return [row.rollout for row in rows]


def _decode_round(model: GPT, tokenizer: CharTokenizer, rows: list[RowState], temperature: float,
                  generator: torch.Generator) -> set:
    """Decodes ``rows`` until each stops or pauses on a closed code block; returns the paused ones."""
    device = next(model.parameters()).device
    seqs = [r.rollout.prompt + r.rollout.response for r in rows]
    width = max(len(s) for s in seqs)
    budget = max(r.max_response - len(r.rollout.response) for r in rows)
    tokens = torch.full((len(rows), width), tokenizer.pad_id, dtype=torch.long)
    valid = torch.zeros((len(rows), width), dtype=torch.bool)
    for i, s in enumerate(seqs):  # left padding: every row's last token is in the last column
        tokens[i, width - len(s):] = torch.tensor(s)
        valid[i, width - len(s):] = True
    tokens, valid = tokens.to(device), valid.to(device)
    positions = (valid.long().cumsum(1) - 1).clamp(min=0)
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    cache = KVCache(model.config, len(rows), width + budget, device, dtype)
    running = [True] * len(rows)
    paused: set = set()
    with autocast(device):
        logits = model(tokens, valid, positions, cache)[:, -1]
        next_pos = positions[:, -1] + 1
        for _ in range(budget):
            chosen = _pick(logits.float(), temperature, generator).tolist()
            step_valid = []
            for i, row in enumerate(rows):
                if running[i]:
                    event = row.push(chosen[i])
                    if event:
                        running[i] = False
                        if event == "tool":
                            paused.add(row)
                step_valid.append(running[i])
            if not any(running):
                break
            valid = torch.cat([valid, torch.tensor(step_valid, device=device)[:, None]], dim=1)
            step_tokens = torch.tensor([c if run else tokenizer.pad_id for c, run in zip(chosen, running)],
                                       device=device)[:, None]
            logits = model(step_tokens, valid, next_pos[:, None].clamp(max=model.config.context - 1), cache)[:, -1]
            next_pos = next_pos + 1
    return paused


def _pick(logits: torch.Tensor, temperature: float, generator: torch.Generator) -> torch.Tensor:
    if temperature == 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits / temperature, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)
