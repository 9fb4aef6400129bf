"""Seeded, verifiable multi-step arithmetic and algebra word problems, with worked solutions.

Every problem needs a product of a 2–3 digit and a 3–4 digit number and one or two more steps,
which a small policy trained from scratch cannot compute reliably "in its head", while one line
of Python gets it exactly. Gold answers are exact integers.

Splits: a problem belongs to the held-out split when the SHA-256 of its text falls in the
held-out bucket, else to the train split. The split is a function of the text, so the two splits
are disjoint by construction; ``problem(seed, split, index)`` draws candidates from a generator
seeded by (seed, split, index, attempt) until one lands in the requested split.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Callable

SPLITS = ("train", "heldout")
HELDOUT_BUCKETS = 2  # of 10: about 20 % of the text space is held out

_NAMES = ("Ana", "Ben", "Kai", "Mia", "Omar", "Lena", "Ravi", "Sara", "Tom", "Yuki")
_ITEMS = ("bolts", "pens", "cups", "tiles", "bricks", "seeds", "beads", "nails")


@dataclass(frozen=True)
class Problem:
    """One word problem: its text, the exact gold answer, a Python expression that computes it,
    and the steps of a worked solution done by hand (``"347 * 2861 = 992767"``, ...)."""

    split: str
    index: int
    template: str
    text: str
    gold: str
    expression: str
    steps: tuple[str, ...]


def _remaining(r: random.Random) -> tuple[str, int, str, list[str]]:
    a, b = r.randint(12, 999), r.randint(120, 9999)
    p = a * b
    c = r.randint(100, min(p - 1, 9999))
    item = r.choice(_ITEMS)
    text = (f"A warehouse stores {a} crates with {b} {item} in each. It ships {c} {item}. "
            f"How many {item} are left?")
    return text, p - c, f"{a} * {b} - {c}", [f"{a} * {b} = {p}", f"{p} - {c} = {p - c}"]


def _days(r: random.Random) -> tuple[str, int, str, list[str]]:
    a, b, c = r.randint(12, 999), r.randint(120, 999), r.randint(2, 99)
    p = a * b
    item = r.choice(_ITEMS)
    text = f"Each of {a} workers makes {b} {item} a day. How many {item} do they make in {c} days?"
    return text, p * c, f"{a} * {b} * {c}", [f"{a} * {b} = {p}", f"{p} * {c} = {p * c}"]


def _two_lots(r: random.Random) -> tuple[str, int, str, list[str]]:
    a, b, c, d = r.randint(12, 999), r.randint(120, 9999), r.randint(12, 99), r.randint(100, 999)
    p, q = a * b, c * d
    item = r.choice(_ITEMS)
    text = f"A shop packs {a} boxes of {b} {item} and {c} boxes of {d} {item}. How many {item} does it pack?"
    return text, p + q, f"{a} * {b} + {c} * {d}", [f"{a} * {b} = {p}", f"{c} * {d} = {q}", f"{p} + {q} = {p + q}"]


def _change(r: random.Random) -> tuple[str, int, str, list[str]]:
    a, b = r.randint(12, 999), r.randint(120, 9999)
    p = a * b
    c = (p // 10000 + r.randint(1, 9)) * 10000
    name = r.choice(_NAMES)
    text = f"{name} buys {a} chairs at {b} dollars each and pays {c} dollars. How much change does {name} get?"
    return text, c - p, f"{c} - {a} * {b}", [f"{a} * {b} = {p}", f"{c} - {p} = {c - p}"]


def _share(r: random.Random) -> tuple[str, int, str, list[str]]:
    c = r.randint(3, 40)
    a = c * r.randint(max(1, 100 // c + 1), 999 // c)
    b = r.randint(120, 9999)
    p = a * b
    text = f"A mill makes {a} bags a day for {b} days and shares them equally among {c} shops. How many bags does each shop get?"
    return text, p // c, f"{a} * {b} // {c}", [f"{a} * {b} = {p}", f"{p} / {c} = {p // c}"]


def _solve(r: random.Random) -> tuple[str, int, str, list[str]]:
    a, x, b = r.randint(12, 999), r.randint(120, 9999), r.randint(100, 9999)
    c = a * x - b
    text = f"Solve for x: {a}x - {b} = {c}."
    return text, x, f"({c} + {b}) // {a}", [f"{a}x = {c} + {b} = {c + b}", f"x = {c + b} / {a} = {x}"]


TEMPLATES: dict[str, Callable[[random.Random], tuple[str, int, str, list[str]]]] = {
    "remaining": _remaining, "days": _days, "two_lots": _two_lots,
    "change": _change, "share": _share, "solve": _solve,
}


def split_of(text: str) -> str:
    """The split a problem text belongs to (a pure function of the text)."""
    bucket = hashlib.sha256(text.encode()).digest()[0] % 10
    return "heldout" if bucket < HELDOUT_BUCKETS else "train"


def problem(seed: int, split: str, index: int) -> Problem:
    """The ``index``-th problem of ``split`` for ``seed`` (deterministic)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    if index < 0:
        raise ValueError(f"index must be >= 0, not {index}")
    names = sorted(TEMPLATES)
    for attempt in range(1000):
        r = random.Random(f"{seed}:{split}:{index}:{attempt}")
        name = names[r.randrange(len(names))]
        text, answer, expression, steps = TEMPLATES[name](r)
        if split_of(text) == split:
            return Problem(split, index, name, text, str(answer), expression, tuple(steps))
    raise RuntimeError("no problem landed in the split after 1000 attempts")  # probability ~0.8^1000


# -- prompts and worked solutions ---------------------------------------------------------------

CODE_OPEN = "```python\n"
CODE_CLOSE = "\n```"
OUTPUT_LIMIT = 80  # characters of tool output shown to the model


def prompt_text(p: Problem) -> str:
    """What the policy sees before its answer."""
    return f"Q: {p.text}\nA: "


def tool_output_block(stdout: str, error: str | None) -> str:
    """The block appended after a closed ```python block: the program's output, or its error.

    The same function writes the SFT data and the live tool results, so they look alike."""
    body = stdout if error is None else error
    body = body.strip()
    if len(body) > OUTPUT_LIMIT:
        body = body[:OUTPUT_LIMIT] + "..."
    return f"\n```output\n{body}\n```\n"


def final_answer(answer: str) -> str:
    return f"The answer is \\boxed{{{answer}}}."


def worked_solution(p: Problem, use_tool: bool) -> list[tuple[str, bool]]:
    """A correct worked solution as (text, is_model_action) segments: by hand, or with one Python
    call whose output block is the environment's (not the model's) text."""
    if not use_tool:
        return [("\n".join(p.steps) + "\n" + final_answer(p.gold), True)]
    return [(f"{CODE_OPEN}print({p.expression}){CODE_CLOSE}", True),
            (tool_output_block(p.gold + "\n", None), False),
            (final_answer(p.gold), True)]
