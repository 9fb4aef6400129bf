"""A readers-writer lock across processes sharing one GPU, so that timing holds the GPU alone.

Correctness work and the profiler check take the lock *shared* (several workers' children at
once); timing and baselines take it *exclusive*. Built on ``flock`` of two files: ``PATH`` (the lock itself)
and ``PATH.turnstile``, which a writer holds while it waits, so that a stream of readers cannot
starve it. The kernel drops a dead process's locks, so a killed child never leaves the GPU locked.
Enabled with ``--gpu-lock PATH`` (the same PATH for every worker on that GPU).
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from typing import Iterator, Optional


class GpuLock:
    """One process's handle on the shared lock (no-op when ``path`` is None)."""

    def __init__(self, path: Optional[str]):
        self.path = path
        self._fd: Optional[int] = None
        self._turn: Optional[int] = None
        self.mode: Optional[str] = None
        #: seconds spent waiting for the exclusive lock, and holding it (this handle's lifetime)
        self.exclusive_wait_s = 0.0
        self.exclusive_held_s = 0.0
        self._held_since: Optional[float] = None
        if path:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
            self._turn = os.open(path + ".turnstile", os.O_RDWR | os.O_CREAT, 0o666)

    def shared(self) -> None:
        """Takes (or converts to) the shared lock."""
        if self._fd is None or self.mode == "shared":
            return
        if self.mode == "exclusive":
            self._end_hold()
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        assert self._turn is not None
        fcntl.flock(self._turn, fcntl.LOCK_EX)   # wait behind any writer
        fcntl.flock(self._turn, fcntl.LOCK_UN)
        fcntl.flock(self._fd, fcntl.LOCK_SH)
        self.mode = "shared"

    def exclusive(self) -> None:
        """Takes (or converts to) the exclusive lock; waits for current readers to finish."""
        if self._fd is None or self.mode == "exclusive":
            return
        assert self._turn is not None
        began = time.perf_counter()
        if self.mode == "shared":
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        fcntl.flock(self._turn, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        finally:
            fcntl.flock(self._turn, fcntl.LOCK_UN)
        self.mode = "exclusive"
        self._held_since = time.perf_counter()
        self.exclusive_wait_s += self._held_since - began

    def writer_waiting(self) -> bool:
        """Whether another process waits for the exclusive lock (it holds the turnstile)."""
        if self._turn is None:
            return False
        try:
            fcntl.flock(self._turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._turn, fcntl.LOCK_UN)
        return False

    def yield_to_writer(self) -> bool:
        """Between two pieces of shared work: when a writer waits, lets it run first (release,
        then take the shared lock again behind it). Readers hold the lock for one piece at a
        time, so a timing run waits for the current pieces, not for whole evaluations; and
        while it waits, no new reader starts. The caller synchronizes its GPU work first.
        Returns whether it yielded."""
        if self.mode != "shared" or not self.writer_waiting():
            return False
        self.release()
        self.shared()
        return True

    def release(self) -> None:
        if self.mode == "exclusive":
            self._end_hold()
        if self._fd is not None and self.mode is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self.mode = None

    def _end_hold(self) -> None:
        if self._held_since is not None:
            self.exclusive_held_s += time.perf_counter() - self._held_since
            self._held_since = None

    @contextmanager
    def holding_exclusive(self) -> Iterator[None]:
        """Exclusive for the block, shared again afterwards."""
        self.exclusive()
        try:
            yield
        finally:
            self.shared()
