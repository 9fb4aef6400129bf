"""A test client that runs ``python3 -m assay_worker`` and exchanges JSON lines with it."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

WORKER_ROOT = Path(__file__).resolve().parent.parent


class WorkerClient:
    def __init__(self, *args: str, env_extra: dict[str, str] | None = None):
        env = dict(os.environ, PYTHONPATH=str(WORKER_ROOT))
        env.update(env_extra or {})
        self.proc = subprocess.Popen([sys.executable, "-m", "assay_worker", "--device", "0", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, bufsize=1)
        self.hello = self._read(300)
        self.counter = 0

    def _read(self, timeout: float) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise TimeoutError(f"no response from the worker within {timeout} s")
        line = self.proc.stdout.readline()
        if not line:
            raise EOFError(f"the worker closed stdout (exit {self.proc.poll()})")
        return json.loads(line)

    def request(self, obj: dict[str, Any], timeout: float = 600) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.counter += 1
        obj = dict(obj)
        obj.setdefault("id", f"t{self.counter}")
        self.proc.stdin.write(json.dumps(obj) + "\n")
        self.proc.stdin.flush()
        resp = self._read(timeout)
        assert resp.get("id") == obj["id"], resp
        return resp

    def close(self) -> int:
        try:
            self.request({"kind": "shutdown"}, timeout=60)
        finally:
            try:
                return self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return -9
