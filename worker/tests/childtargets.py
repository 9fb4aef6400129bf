"""Spawn targets for the supervisor tests: children that behave well or badly, without torch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from assay_worker.channel import Channel
from assay_worker.child_main import isolate


def _start(conn, settings):
    isolate()
    chan = Channel(conn)
    chan.send({"type": "ready", "fingerprint": {"fake": True, "pid": os.getpid()}, "startup_s": 0.0})
    job = chan.recv()
    return chan, job


def well_behaved(conn, settings):
    chan, job = _start(conn, settings)
    chan.send({"type": "stage", "stage": "correctness"})
    chan.send({"type": "baselines", "baselines": {"eager": {"median_ms": 1.0}}})
    chan.send({"type": "result", "result": {
        "status": "ok", "correct": True, "echo": job.get("payload"),
        "stdin": os.readlink("/proc/self/fd/0"), "stdout": os.readlink("/proc/self/fd/1"),
        "stderr": os.readlink("/proc/self/fd/2"), "sid": os.getsid(0), "pid": os.getpid(),
        "ppid": os.getppid()}})
    os._exit(0)


def baselines_in_two_stages(conn, settings):
    chan, _ = _start(conn, settings)
    chan.send({"type": "stage", "stage": "baseline"})
    chan.send({"type": "baselines", "baselines": {"eager": {"median_ms": 3.0}, "compile": {"median_ms": 1.0}}})
    chan.send({"type": "stage", "stage": "load"})
    chan.send({"type": "baselines", "baselines": {"eager": {"median_ms": 1e6}}})
    chan.send({"type": "result", "result": {"status": "ok", "correct": True}})
    os._exit(0)


def segfault(conn, settings):
    chan, _ = _start(conn, settings)
    chan.send({"type": "stage", "stage": "correctness"})
    os.kill(os.getpid(), signal.SIGSEGV)


def exits_without_result(conn, settings):
    chan, _ = _start(conn, settings)
    chan.send({"type": "stage", "stage": "timing"})
    chan.send({"type": "baselines", "baselines": {"eager": {"median_ms": 2.0}}})
    os._exit(0)


def claims_pass_then_garbage(conn, settings):
    chan, _ = _start(conn, settings)
    conn.send_bytes(b"\x80 not json")
    time.sleep(60)


def unknown_status(conn, settings):
    chan, _ = _start(conn, settings)
    chan.send({"type": "result", "result": {"status": "totally_fine", "correct": True}})
    os._exit(0)


def hangs_in_timing_with_grandchild(conn, settings):
    chan, job = _start(conn, settings)
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open(job["pidfile"], "w") as f:
        f.write(str(grandchild.pid))
    chan.send({"type": "stage", "stage": "timing"})
    time.sleep(600)


def start_fails(conn, settings):
    isolate()
    Channel(conn).send({"type": "start_failed", "error": "RuntimeError: torch sees no CUDA device"})
    os._exit(3)


def never_ready(conn, settings):
    isolate()
    time.sleep(600)


def result_with_grandchild_left_running(conn, settings):
    chan, job = _start(conn, settings)
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open(job["pidfile"], "w") as f:
        f.write(str(grandchild.pid))
    chan.send({"type": "result", "result": {"status": "ok", "correct": True}})
    time.sleep(600)    # never exits by itself: the supervisor must kill it
