"""Which input distribution each correctness trial uses (pure Python).

Distributions (each keeps the shapes and dtypes of the problem's ``get_inputs()``; only
floating-point tensors are redrawn, integer/bool tensors and non-tensors come from the problem):

* ``problem`` - the problem's own ``get_inputs()`` under a secret seed.
* ``signed_normal`` - standard normal N(0, 1): negative values (``torch.rand`` has none).
* ``wide`` - N(0, 1) x 1e3: large magnitudes.
* ``small`` - N(0, 1) x 1e-3: small magnitudes.

Trial ``i`` uses ``DISTRIBUTIONS[i % 4]``, so the default 5 trials run problem, signed_normal,
wide, small, problem. An extra-distribution trial whose *reference* output holds NaN or Inf is
outside the problem's domain (``log`` of a negative, ``exp`` of 1e3): it is skipped, recorded in
``correctness.skipped``, and replaced by one more ``problem`` trial, so the number of counted
trials never drops below the request's ``trials``.

Comparison: ``problem`` trials use the request's (or KernelBench's default) tolerance as is; the
extra distributions scale ``atol`` with the magnitude of the reference output
(``tolerance.scales_with_output``), so a correct kernel that only sums in another order passes
the ``wide`` trial while one that is wrong on large inputs still fails it.
"""

from __future__ import annotations

import random

DISTRIBUTIONS = ("problem", "signed_normal", "wide", "small")
SCALES = {"signed_normal": 1.0, "wide": 1e3, "small": 1e-3}


def trial_schedule(trials: int, extra_distributions: bool) -> list[str]:
    """Distribution name for each of ``trials`` trials."""
    if trials < 1:
        raise ValueError("trials must be >= 1")
    if not extra_distributions:
        return ["problem"] * trials
    return [DISTRIBUTIONS[i % len(DISTRIBUTIONS)] for i in range(trials)]


def choose_recheck_iterations(count: int, min_iters: int, rng: random.Random) -> set[int]:
    """Timing iterations whose inputs are swapped for another set and whose output is checked:
    ``count`` distinct ones among the first ``min_iters - 1``, so that each one and the iteration
    after it (checked against the base set) always run."""
    if min_iters < 2:
        raise ValueError("min_iters must be >= 2")
    count = min(count, min_iters - 1)
    return set(rng.sample(range(min_iters - 1), count))


def base_checks(swapped: set[int]) -> set[int]:
    """Iterations right after a swapped one, whose output must match the base set again."""
    return {i + 1 for i in swapped} - swapped
