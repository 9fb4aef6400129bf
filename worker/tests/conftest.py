"""Test configuration: the ``gpu`` marker and shared helpers.

GPU tests are skipped only when torch has no CUDA device AND ``ASSAY_REQUIRE_GPU`` is unset; with
``ASSAY_REQUIRE_GPU=1`` a missing GPU (or missing torch) fails them instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

WORKER_ROOT = Path(__file__).resolve().parent.parent
if str(WORKER_ROOT) not in sys.path:
    sys.path.insert(0, str(WORKER_ROOT))


def gpu_available() -> tuple[bool, str]:
    try:
        import torch
    except ImportError as e:
        return False, f"torch not importable: {e}"
    if not torch.cuda.is_available():
        return False, "torch sees no CUDA device"
    return True, ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ok, why = gpu_available()
    if ok:
        return
    required = os.environ.get("ASSAY_REQUIRE_GPU") == "1"
    for item in items:
        if "gpu" in item.keywords:
            if required:
                item.user_properties.append(("gpu_missing", why))
            else:
                item.add_marker(pytest.mark.skip(reason=f"no GPU ({why}); set ASSAY_REQUIRE_GPU=1 to fail instead"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # before any fixture (the worker, the extension build) is set up
    for name, why in item.user_properties:
        if name == "gpu_missing":
            pytest.fail(f"ASSAY_REQUIRE_GPU=1 but no GPU: {why}")
