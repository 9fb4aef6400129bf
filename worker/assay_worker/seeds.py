"""Secret seeds: one random master secret per evaluation, named seeds derived from it.

The master comes from ``os.urandom`` in the worker process and is never taken from the request,
except when the worker runs with ``ASSAY_WORKER_ALLOW_FIXED_SEED=1`` (tests only) and the
request carries ``fixed_seed``; the result then says ``seed_fixed: true``.
"""

from __future__ import annotations

import hashlib
import os
import re

MASTER_BYTES = 32
FIXED_SEED_ENV = "ASSAY_WORKER_ALLOW_FIXED_SEED"
_HEX = re.compile(r"^[0-9a-f]{2,128}$")


class SeedError(ValueError):
    """A fixed seed was requested where it is not allowed, or was malformed."""


def new_master() -> bytes:
    """A fresh secret master seed."""
    return os.urandom(MASTER_BYTES)


def fixed_seeds_allowed(environ: dict[str, str] | None = None) -> bool:
    """Whether this worker process was started with fixed seeds allowed (tests only)."""
    env = os.environ if environ is None else environ
    return env.get(FIXED_SEED_ENV) == "1"


def master_from_request(fixed_seed: str | None, environ: dict[str, str] | None = None) -> tuple[bytes, bool]:
    """The master seed for one evaluation and whether it was fixed by the request."""
    if fixed_seed is None:
        return new_master(), False
    if not fixed_seeds_allowed(environ):
        raise SeedError(
            f"fixed_seed is refused: the worker was not started with {FIXED_SEED_ENV}=1 "
            "(fixed seeds are for tests; production seeds are secret)"
        )
    if not _HEX.match(fixed_seed) or len(fixed_seed) % 2:
        raise SeedError("fixed_seed must be an even-length lowercase hex string of 2..128 digits")
    return bytes.fromhex(fixed_seed), True


def derive(master: bytes, label: str) -> int:
    """A 63-bit seed for ``label`` (e.g. ``"trial/3/signed_normal"``), fixed by the master."""
    digest = hashlib.sha256(master + b"\x00" + label.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little") & ((1 << 63) - 1)
