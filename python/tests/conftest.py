"""Starts a real `assay serve` (the debug build of this repository) on a free loopback port."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))


def assay_binary() -> Path:
    explicit = os.environ.get("ASSAY_BIN")
    if explicit:
        return Path(explicit)
    bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout.strip()
    path = Path(bin_dir) / "assay"
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `swift build` first (or set ASSAY_BIN)")
    return path


class Server:
    def __init__(self, extra_env: dict | None = None):
        self.dir = tempfile.TemporaryDirectory()
        self.log = open(Path(self.dir.name) / "serve.log", "w+")
        env = dict(os.environ, **(extra_env or {}))
        self.process = subprocess.Popen(
            [str(assay_binary()), "serve", "--host", "127.0.0.1", "--port", "0",
             "--db", str(Path(self.dir.name) / "t.sqlite"), "--run", "pytest"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while time.time() < deadline:
            self.log.seek(0)
            match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", self.log.read())
            if match:
                self.url = match.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.log.seek(0)
        raise RuntimeError("assay serve did not start:\n" + self.log.read())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        self.dir.cleanup()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def secured_server():
    s = Server({"ASSAY_API_KEY": "sekrit"})
    yield s
    s.stop()


@pytest.fixture
def one_torch_thread():
    """Tiny models run fastest on one thread (and do not fight other processes for the cores).
    Used by the reference loop's tests (torch is imported only when they ask for it)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
