"""Starts evaluation children, hands each exactly one job, and turns their end into an outcome.

Policy: a fresh child per candidate, with ``spares`` children (default 2) started ahead. A spare
imports torch, initialises CUDA and the profiler while earlier candidates run, and has never seen
candidate code; so each candidate starts in a clean process (no monkey-patches, threads, leaked
memory or broken CUDA context from an earlier candidate) without paying the start-up on its own
clock. See the README for the measured costs.

Start methods: ``spawn`` (a new interpreter per child, which imports torch itself: seconds of CPU
per child) or ``forkserver`` with ``preload`` (the worker's default): one server process imports
torch and the harness modules once, never initialises CUDA and never runs candidate code, and
forks each child from that image; the child then only creates its CUDA context.

A child that exits, is killed, or closes the pipe before its ``result`` message is reported as
``crashed``; one that stays in a stage past the stage's limit (or past the total) is killed
(with its whole process group) and reported as ``timeout`` with the stage. Never a pass.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable, Optional

from .channel import Channel, ChannelError
from .outcome import classify_exit
from .protocol import Timeouts

START_METHODS = ("spawn", "forkserver")


def log(message: str) -> None:
    """One line on stderr (stdout carries only protocol lines)."""
    print(f"[assay-worker {os.getpid()}] {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    """A started child and the worker's end of its pipe."""

    process: Any
    channel: Channel
    spawned_at: float
    ready_at: Optional[float] = None
    fingerprint: Optional[dict[str, Any]] = None
    startup_s: Optional[float] = None
    start_error: Optional[str] = None

    @property
    def pid(self) -> int:
        return int(self.process.pid)


@dataclass
class Outcome:
    """How one job ended: the child's result record, or why there is none."""

    result: Optional[dict[str, Any]]
    status: Optional[str] = None
    message: str = ""
    stage: Optional[str] = None
    exitcode: Optional[int] = None
    pid: Optional[int] = None
    warm: bool = False
    wait_s: float = 0.0
    # every message other than stage/result, as {"stage": <stage it arrived in>, "message": msg}:
    # the stage tells what could have written it (before "load", no candidate code had run)
    messages: list[dict[str, Any]] = field(default_factory=list)
    stage_log: list[dict[str, Any]] = field(default_factory=list)


def signal_tree(child: Child) -> None:
    """SIGKILL the child's process group (it called setsid) and the child itself, without waiting."""
    if child.ready_at is not None or child.process.is_alive():
        # a child that reached ``ready`` called setsid first, so its group id is its pid; the
        # group outlives the child, so this also reaches what it started
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        child.process.kill()
    except (ProcessLookupError, ValueError, AttributeError):
        pass


def kill_tree(child: Child) -> None:
    """SIGKILL the child's process group and the child, and wait for the child to end."""
    signal_tree(child)
    child.process.join(timeout=10)


class Supervisor:
    """Owns the children of one worker: the one running a job and up to ``spares`` started ahead."""

    def __init__(self, target: Callable[..., None], settings: dict[str, Any], spares: int = 2,
                 start_method: str = "spawn", preload: tuple[str, ...] = ()):
        if spares < 0:
            raise ValueError("spares must be >= 0")
        if start_method not in START_METHODS:
            raise ValueError(f"start_method must be one of {START_METHODS}, not {start_method!r}")
        self.target = target
        self.settings = dict(settings)
        self.spares_wanted = spares
        self.spares: list[Child] = []
        # children killed after their result, not yet reaped (see _retire)
        self.exiting: list[Child] = []
        self.start_method = start_method
        self._ctx = multiprocessing.get_context(start_method)
        if start_method == "forkserver" and preload:
            self._ctx.set_forkserver_preload(list(preload))

    def _spawn(self) -> Child:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=self.target, args=(child_end, self.settings), daemon=False)
        process.start()
        child_end.close()
        return Child(process=process, channel=Channel(parent_end), spawned_at=time.perf_counter())

    def _await_ready(self, child: Child, timeout_s: float) -> None:
        """Waits up to ``timeout_s`` from now for ``ready`` (a spare may wait for the GPU lock first)."""
        if child.ready_at is not None or child.start_error is not None:
            return
        deadline = time.perf_counter() + timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                child.start_error = f"the evaluation process did not become ready within {timeout_s:g} s"
                kill_tree(child)
                return
            ready = wait([child.channel.conn, child.process.sentinel], timeout=remaining)
            if child.channel.conn in ready:
                try:
                    msg = child.channel.recv()
                except (EOFError, OSError, ChannelError) as e:
                    child.process.join(timeout=5)
                    _, text = classify_exit(child.process.exitcode)
                    child.start_error = f"the evaluation process failed to start ({text}; {e})"
                    return
                if msg["type"] == "ready":
                    child.ready_at = time.perf_counter()
                    child.fingerprint = msg.get("fingerprint")
                    child.startup_s = msg.get("startup_s")
                    startup = child.startup_s if isinstance(child.startup_s, (int, float)) else float("nan")
                    log(f"child {child.pid} ready {child.ready_at - child.spawned_at:.2f} s after its start "
                        f"(its own start-up {startup:.2f} s, {self.start_method})")
                    return
                if msg["type"] == "start_failed":
                    child.start_error = str(msg.get("error"))
                    child.process.join(timeout=10)
                    return
                child.start_error = f"unexpected message {msg['type']!r} before ready"
                kill_tree(child)
                return
            if child.process.sentinel in ready:
                child.process.join(timeout=5)
                _, text = classify_exit(child.process.exitcode)
                child.start_error = f"the evaluation process failed to start: {text}"
                return

    def _retire(self, child: Child) -> None:
        """SIGKILLs a finished child's process group and leaves the reaping for later."""
        signal_tree(child)
        self.exiting.append(child)

    def reap(self, wait: bool = False) -> None:
        """Collects retired children that have exited (all of them, waiting, when ``wait``)."""
        still: list[Child] = []
        for child in self.exiting:
            child.process.join(timeout=10 if wait else 0)
            if child.process.exitcode is None:
                still.append(child)
        self.exiting = still

    def fill_spares(self) -> None:
        """Starts children until ``spares`` are waiting, so the next jobs find one ready."""
        self.reap()
        while len(self.spares) < self.spares_wanted:
            self.spares.append(self._spawn())

    def probe(self, timeout_s: float) -> Child:
        """Starts a child (kept as a spare) and waits until it is ready or failed; for ``hello``."""
        if self.spares:
            child = self.spares[0]
        else:
            child = self._spawn()
            self.spares.append(child)
        self._await_ready(child, timeout_s)
        if child.start_error is not None:
            self.spares.remove(child)
        return child

    def _take(self, timeout_s: float) -> tuple[Child, bool, float]:
        began = time.perf_counter()
        child: Optional[Child] = None
        while self.spares and child is None:
            candidate = self.spares.pop(0)   # oldest first: the most likely to be ready
            if candidate.ready_at is not None and not candidate.process.is_alive():
                kill_tree(candidate)          # a ready spare that died while idle
                continue
            child = candidate
        warm = child is not None  # started before this job arrived
        if child is None:
            child = self._spawn()
        self._await_ready(child, timeout_s)
        return child, warm, time.perf_counter() - began

    def run(self, job: dict[str, Any], timeouts: Timeouts) -> Outcome:
        """Runs one job in a fresh child and waits for its result or its end."""
        child, warm, wait_s = self._take(timeouts.start_s)
        self.fill_spares()
        base = Outcome(result=None, pid=child.pid, warm=warm, wait_s=wait_s)
        if child.start_error is not None:
            base.status, base.message, base.exitcode = "internal_error", child.start_error, child.process.exitcode
            return base
        try:
            child.channel.send(dict(job, type="job"))
        except (BrokenPipeError, OSError) as e:
            kill_tree(child)
            base.status, base.message = "crashed", f"could not hand the job to the evaluation process: {e}"
            base.exitcode = child.process.exitcode
            return base
        began = time.perf_counter()
        total_deadline = began + timeouts.total_s
        stage, stage_began = "problem", began
        conn, sentinel = child.channel.conn, child.process.sentinel
        try:
            while True:
                limit = timeouts.for_stage(stage)
                deadline = min(stage_began + limit, total_deadline)
                remaining = deadline - time.perf_counter()
                ready = wait([conn, sentinel], timeout=max(remaining, 0)) if remaining > 0 else []
                if not ready:
                    total = time.perf_counter() >= total_deadline
                    base.status = "timeout"
                    base.stage = stage
                    base.message = (f"the evaluation exceeded its total limit of {timeouts.total_s:g} s in stage {stage!r}"
                                    if total else f"stage {stage!r} exceeded its limit of {limit:g} s")
                    base.stage_log.append({"stage": stage, "seconds": round(time.perf_counter() - stage_began, 6)})
                    kill_tree(child)
                    base.exitcode = child.process.exitcode
                    return base
                if conn in ready or conn.poll(0):
                    try:
                        msg = child.channel.recv()
                    except (EOFError, OSError):
                        child.process.join(timeout=10)
                        return self._died(child, base, stage)
                    except ChannelError as e:
                        kill_tree(child)
                        base.status, base.stage, base.message = "crashed", stage, str(e)
                        base.exitcode = child.process.exitcode
                        return base
                    kind = msg["type"]
                    if kind == "stage":
                        now = time.perf_counter()
                        base.stage_log.append({"stage": stage, "seconds": round(now - stage_began, 6)})
                        stage, stage_began = str(msg.get("stage")), now
                    elif kind == "result":
                        base.result = msg.get("result") if isinstance(msg.get("result"), dict) else None
                        if base.result is None:
                            base.status, base.message = "crashed", "the result record was malformed"
                        base.stage_log.append({"stage": stage, "seconds": round(time.perf_counter() - stage_began, 6)})
                        # Killed now, reaped later: tearing down a CUDA context takes a while, and
                        # the next candidate need not wait for it. The exit code is known only if
                        # the child had already exited.
                        base.exitcode = child.process.exitcode
                        self._retire(child)
                        return base
                    else:
                        base.messages.append({"stage": stage, "message": msg})
                    continue
                if sentinel in ready:
                    child.process.join(timeout=10)
                    return self._died(child, base, stage)
        finally:
            if child not in self.exiting and child.process.is_alive():
                kill_tree(child)

    def _died(self, child: Child, base: Outcome, stage: str) -> Outcome:
        # drain what it wrote before it died: baselines may be there; a result would count
        try:
            while child.channel.conn.poll(0):
                msg = child.channel.recv()
                if msg["type"] == "result" and isinstance(msg.get("result"), dict):
                    base.result = msg["result"]
                elif msg["type"] == "stage":
                    stage = str(msg.get("stage"))
                else:
                    base.messages.append({"stage": stage, "message": msg})
        except (EOFError, OSError, ChannelError):
            pass
        kill_tree(child)
        base.exitcode = child.process.exitcode
        if base.result is None:
            base.status, base.message = classify_exit(base.exitcode)
            base.stage = stage
            base.message += f" (stage {stage!r})"
        return base

    def close(self) -> None:
        """Stops the spares and reaps every child."""
        for child in self.spares:
            kill_tree(child)
        self.spares.clear()
        self.reap(wait=True)
