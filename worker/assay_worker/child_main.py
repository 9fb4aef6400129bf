"""Entry point of an evaluation child (started by the supervisor: ``forkserver`` or ``spawn``).

The child detaches into its own session (so the worker can kill it and anything it started as
one process group), asks the kernel to kill it if the worker dies, points its stdin at /dev/null
and its stdout at stderr (candidate prints never reach the protocol stream), imports torch,
initialises CUDA, reports ``ready`` with the environment fingerprint, then runs exactly one job
and exits with ``os._exit`` right after writing the result.
"""

from __future__ import annotations

import os
import platform
import signal
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

from .channel import Channel

PR_SET_PDEATHSIG = 1


def isolate() -> None:
    """New session, death signal tied to the parent, stdin from /dev/null, stdout to stderr.

    The parent is the worker (``spawn``) or its fork server, which exits when the worker does.
    """
    parent_pid = os.getppid()
    os.setsid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before the death signal was armed
        os._exit(5)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)


def driver_version() -> str | None:
    try:
        with open("/proc/driver/nvidia/version", encoding="utf-8") as f:
            first = f.readline()
    except OSError:
        return None
    for token in first.split():
        if token[:1].isdigit() and "." in token:
            return token
    return None


def fingerprint() -> dict[str, Any]:
    """Versions and device facts for the environment fingerprint (``hello``)."""
    import torch

    props = torch.cuda.get_device_properties(torch.cuda.current_device())
    try:
        from importlib.metadata import version

        triton = version("triton")
    except Exception:  # noqa: BLE001 - triton is optional
        triton = None
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda_runtime": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version(),
        "triton": triton,
        "driver": driver_version(),
        "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
        "gpu": {
            "name": props.name,
            "uuid": str(getattr(props, "uuid", "")) or None,
            "capability": f"{props.major}.{props.minor}",
            "memory_bytes": int(props.total_memory),
            "sm_count": int(props.multi_processor_count),
            "l2_bytes": int(getattr(props, "L2_cache_size", 0)) or None,
        },
    }


def warm_up_profiler() -> None:
    """Imports what the evaluation imports lazily and runs one tiny profiled op.

    Two reasons. Cost: the first profiler session of a process (CUPTI start, and the import of
    ``torch._dynamo`` it pulls in) takes about 4.5 s on the H100 box; done here, it is paid while
    the child waits as the spare. Integrity: importing ``torch._dynamo`` rewraps
    ``torch.manual_seed``, which must happen before the identity snapshot so that only the
    candidate's replacements are reported; and the baselines and the candidate are then both
    timed in a process whose profiler is already initialised.
    """
    import torch
    import torch._dynamo  # noqa: F401 - import side effects, see above
    from torch.profiler import ProfilerActivity, profile

    x = torch.ones(1024, device="cuda")
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]):
        (x + 1).sum().item()
    torch.cuda.synchronize()


def _profiled(directory: str, run: Any) -> Any:
    """Runs ``run()`` under cProfile (wall-clock timer) and writes ``child-<pid>.prof`` to
    ``directory``: a diagnostic for the capacity benchmark (``ASSAY_WORKER_PROFILE_DIR``), never
    set in production. A failure to write the file is reported on stderr and changes nothing."""
    import cProfile

    profiler = cProfile.Profile()
    try:
        return profiler.runcall(run)
    finally:
        try:
            os.makedirs(directory, exist_ok=True)
            profiler.dump_stats(os.path.join(directory, f"child-{os.getpid()}.prof"))
        except OSError as e:
            print(f"assay worker: could not write the evaluation profile: {e}", file=sys.stderr)


def child_entry(conn: Connection, settings: dict[str, Any]) -> None:
    """The process target: one job, then exit."""
    began = time.perf_counter()
    isolate()
    chan = Channel(conn)
    try:
        import torch

        if not torch.cuda.is_available():
            raise RuntimeError("torch sees no CUDA device")
        from .gpulock import GpuLock

        lock = GpuLock(settings.get("gpu_lock"))
        lock.shared()   # never start a context or profile while another child is timing
        torch.cuda.init()
        torch.empty(1, device="cuda")
        torch.cuda.synchronize()
        lock.yield_to_writer()
        warm_up_profiler()
        fp = fingerprint()
        lock.release()
    except BaseException as e:  # noqa: BLE001 - reported to the worker, which stays up
        chan.send({"type": "start_failed", "error": f"{type(e).__name__}: {e}"})
        sys.stderr.flush()
        os._exit(3)
    chan.send({"type": "ready", "fingerprint": fp, "startup_s": time.perf_counter() - began})
    try:
        job = chan.recv()
    except (EOFError, OSError):
        os._exit(0)  # the worker let the spare go
    if job.get("type") != "job":
        os._exit(4)
    from .evaluation import evaluate

    lock.shared()
    profile_dir = os.environ.get("ASSAY_WORKER_PROFILE_DIR")
    if profile_dir:
        result = _profiled(profile_dir, lambda: evaluate(job, chan.send, lock))
    else:
        result = evaluate(job, chan.send, lock)
    chan.send({"type": "result", "result": result})
    sys.stderr.flush()
    os._exit(0)
