"""``python3 -m assay_worker --device N``: one GPU worker speaking JSON lines on stdin/stdout."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile


def select_device(device: int, environ: dict[str, str]) -> str:
    """The CUDA_VISIBLE_DEVICES value for the children: the ``device``-th visible GPU."""
    visible = environ.get("CUDA_VISIBLE_DEVICES")
    if visible is None or visible.strip() == "":
        return str(device)
    entries = [e.strip() for e in visible.split(",") if e.strip()]
    if device >= len(entries):
        raise SystemExit(f"--device {device} but CUDA_VISIBLE_DEVICES={visible!r} lists {len(entries)} device(s)")
    return entries[device]


#: What the fork server imports once for every evaluation process (never CUDA: it is initialised
#: in each child after the fork). An import that fails here is only slower: the child imports it.
#: setuptools (and the Cython its build_ext imports): what every load_inline candidate's
#: `import torch.utils.cpp_extension` costs a child, ~0.2 s (child profiles on the GPU box). Not
#: cpp_extension itself: importing it in the fork server left torch 2.11's children unable to
#: initialise CUDA ("Cannot re-initialize CUDA in forked subprocess", GPU box 2026-11-26).
CHILD_PRELOAD = ("torch", "torch._dynamo", "torch.profiler", "setuptools", "setuptools.command.build_ext",
                 "assay_worker.child_main", "assay_worker.evaluation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m assay_worker",
        description="Assay GPU worker: evaluates CUDA kernel candidates, one JSON request per stdin line, "
                    "one JSON response per stdout line (protocol in worker/README.md). Logs go to stderr.",
    )
    parser.add_argument("--device", type=int, required=True, help="GPU index (within CUDA_VISIBLE_DEVICES if set)")
    parser.add_argument("--gpu-lock", default=None, metavar="PATH",
                        help="lock file shared by all workers of this GPU: timing runs exclusive, correctness shared")
    parser.add_argument("--spares", type=int, default=2, metavar="N",
                        help="evaluation processes started ahead of the requests (0: start each when its request arrives)")
    parser.add_argument("--start-timeout", type=float, default=180.0, metavar="S",
                        help="seconds an evaluation process may take to import torch and initialise CUDA")
    parser.add_argument("--start-method", choices=("forkserver", "spawn"), default="forkserver",
                        help="how evaluation processes start: forked from a server that imported torch once "
                             "(default; each child then only creates its CUDA context), or each a new "
                             "interpreter importing torch itself (seconds of CPU per child)")
    args = parser.parse_args(argv)
    if args.device < 0:
        parser.error("--device must be >= 0")
    if args.spares < 0:
        parser.error("--spares must be >= 0")

    # Protocol lines go to a private copy of stdout; fd 1 becomes stderr so that stray prints
    # (from libraries, or inherited by children) can never corrupt the protocol stream.
    proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    os.environ["CUDA_VISIBLE_DEVICES"] = select_device(args.device, dict(os.environ))

    # torch.compile (the baseline) compiles its kernels in the evaluation process itself instead
    # of a pool of compile processes per evaluation (each importing torch): several workers'
    # pools at once oversubscribe the CPU. Only where the environment does not say otherwise.
    os.environ.setdefault("TORCHINDUCTOR_COMPILE_THREADS", "1")

    from .child_main import child_entry
    from .server import Worker
    from .supervisor import Supervisor

    # Without a shared lock the worker still uses a private one, so that its spares' start-up
    # (CUDA context, a profiled warm-up op) never overlaps its own timing phases.
    lock_path = args.gpu_lock or os.path.join(tempfile.gettempdir(), f"assay-worker-{os.getpid()}.lock")
    supervisor = Supervisor(child_entry, {"gpu_lock": lock_path}, spares=args.spares,
                            start_method=args.start_method, preload=CHILD_PRELOAD)
    worker = Worker(supervisor, proto_out, args.device, start_timeout_s=args.start_timeout)
    try:
        return worker.serve(sys.stdin)
    finally:
        if args.gpu_lock is None:
            for path in (lock_path, lock_path + ".turnstile"):
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass


if __name__ == "__main__":
    sys.exit(main())
