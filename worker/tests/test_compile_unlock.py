"""The torch.compile baseline compiles without holding the GPU lock (CPU torch, Dynamo's callbacks)."""

import os

import pytest

if os.environ.get("ASSAY_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="needs torch (the CPU wheel is enough)")

from assay_worker.evaluation import unlocked_while_compiling  # noqa: E402


class RecordingLock:
    def __init__(self):
        self.log = []

    def release(self):
        self.log.append("release")

    def shared(self):
        self.log.append("shared")


def test_the_lock_is_released_for_the_compilation_only():
    lock = RecordingLock()
    model = torch.nn.Linear(4, 4)
    compiled = torch.compile(model, backend="eager")    # Dynamo traces; no code generation needed
    with unlocked_while_compiling(lock), torch.no_grad():
        compiled(torch.randn(2, 4))
    # released when Dynamo started, shared again when it ended (before the graph ran), and at the end
    assert lock.log == ["release", "shared", "shared"]
    lock.log.clear()
    with unlocked_while_compiling(lock), torch.no_grad():
        compiled(torch.randn(2, 4))                     # already compiled: the lock is never let go
    assert lock.log == ["shared"]
    lock.log.clear()
    torch.compile(torch.nn.Linear(4, 4), backend="eager")(torch.randn(2, 4))   # outside the block: untouched
    assert lock.log == []
