"""The torch comparator (``compare.compare_tensor``) on CPU tensors: the tolerance scaled with the
trial (``tolerance.py``) on real float32 matmuls. Needs torch (the CPU wheel is enough); without
it the module is skipped unless ASSAY_REQUIRE_TORCH=1 (then it fails)."""
from __future__ import annotations

import math
import os

import pytest

if os.environ.get("ASSAY_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="needs torch (the CPU wheel is enough); ASSAY_REQUIRE_TORCH=1 fails instead")

from assay_worker import compare, tolerance  # noqa: E402


def tiled_matmul(x: "torch.Tensor", w: "torch.Tensor", tile: int = 64) -> "torch.Tensor":
    """A correct matmul that sums over K in tiles (another summation order than the reference)."""
    out = torch.zeros(x.shape[0], w.shape[1], dtype=x.dtype)
    for k in range(0, x.shape[1], tile):
        out += x[:, k:k + tile] @ w[k:k + tile, :]
    return out


def inputs(dist: str, m: int = 128, k: int = 2048, n: int = 128) -> tuple["torch.Tensor", "torch.Tensor"]:
    g = torch.Generator().manual_seed(1234)
    if dist == "problem":
        return torch.rand(m, k, generator=g), torch.rand(k, n, generator=g)
    scale = {"signed_normal": 1.0, "wide": 1e3, "small": 1e-3}[dist]
    return torch.randn(m, k, generator=g) * scale, torch.randn(k, n, generator=g) * scale


def near_zero_rows(x: "torch.Tensor", w: "torch.Tensor", rows: int) -> "torch.Tensor":
    """``x`` with the last input of the first ``rows`` rows set so that column 0 of the product
    cancels to about 0, as some elements of a real matmul do."""
    x = x.clone()
    for r in range(rows):
        partial = float((x[r, :-1].double() * w[:-1, 0].double()).sum())
        x[r, -1] = -partial / float(w[-1, 0])
    return x


def test_magnitude_is_the_rms_of_finite_values_like_the_pure_rule():
    values = [3.0, -4.0, math.nan, math.inf, 0.5]
    assert compare.magnitude(torch.tensor(values)) == pytest.approx(tolerance.output_magnitude(values))
    assert compare.magnitude(torch.tensor([math.nan])) == 0.0


@pytest.mark.parametrize("dist", ["problem", "signed_normal", "wide", "small"])
def test_correct_tiled_matmul_passes_every_trial(dist):
    x, w = inputs(dist)
    if dist == "wide":
        x = near_zero_rows(x, w, 8)
    expected = x @ w
    m, _ = compare.compare_tensor(0, expected, tiled_matmul(x, w), None, None, distribution=dist)
    assert m is None, m and m.to_json()


def test_the_wide_trial_failed_the_correct_matmul_without_scaling():
    x, w = inputs("wide")
    x = near_zero_rows(x, w, 8)
    m, _ = compare.compare_tensor(0, x @ w, tiled_matmul(x, w), None, None, distribution="problem")
    assert m is not None and m.index[1] == 0 and m.index[0] < 8 and m.atol_scale == 1.0


@pytest.mark.parametrize("dist,caught", [("problem", False), ("signed_normal", False), ("wide", True)])
def test_matmul_wrong_only_on_large_inputs_is_caught_by_the_wide_trial(dist, caught):
    x, w = inputs(dist)
    wrong = tiled_matmul(x.clamp(-100, 100), w.clamp(-100, 100))   # saturates inputs beyond 100
    m, _ = compare.compare_tensor(0, x @ w, wrong, None, None, distribution=dist)
    assert (m is not None) is caught
    if caught:
        info = m.to_json()
        assert info["atol_scale"] > 1e6 and info["atol"] == pytest.approx(1e-2 * info["atol_scale"])
        assert info["count"] > info["numel"] // 2


def test_relu_wrong_only_on_large_inputs_is_caught_by_the_wide_trial():
    x = torch.randn(512, 512, generator=torch.Generator().manual_seed(5)) * 1e3
    m, _ = compare.compare_tensor(0, torch.relu(x), torch.relu(x).clamp(max=100.0), None, None, distribution="wide")
    assert m is not None and m.count > 1000


def test_integer_outputs_stay_exact_in_scaled_trials():
    e = torch.tensor([1000, 2000, 3000])
    m, _ = compare.compare_tensor(0, e, e + torch.tensor([0, 1, 0]), None, None, distribution="wide")
    assert m is not None and m.count == 1 and m.atol == 0.0
