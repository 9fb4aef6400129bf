import math
import random
import struct

import pytest

from assay_worker import tolerance as t

F32 = t.tolerance_for("float32")


def test_defaults_follow_kernelbench_for_float32():
    assert (F32.atol, F32.rtol) == (1e-2, 1e-2)
    assert t.tolerance_for("torch.float32") == F32


def test_half_precisions_are_looser_than_float32():
    assert t.tolerance_for("float16").rtol > F32.rtol
    assert t.tolerance_for("bfloat16").rtol > t.tolerance_for("float16").rtol


def test_integers_compare_exactly_even_with_overrides():
    tol = t.tolerance_for("int64", atol=1.0, rtol=1.0)
    assert tol.exact
    assert not t.element_matches(3, 4, tol)


def test_unknown_dtype_and_bad_override_are_errors():
    with pytest.raises(t.ToleranceError):
        t.tolerance_for("complex32")
    with pytest.raises(t.ToleranceError):
        t.tolerance_for("float32", atol=-1)
    with pytest.raises(t.ToleranceError):
        t.tolerance_for("float32", rtol=math.nan)


@pytest.mark.parametrize(
    "expected, actual, ok",
    [
        (1.0, 1.0, True),
        (1.0, 1.019, True),        # |d| = 0.019 <= 0.01 + 0.01 * 1
        (1.0, 1.021, False),
        (100.0, 100.9, True),      # rtol dominates for large values
        (100.0, 101.1, False),
        (0.0, 0.0099, True),       # atol near zero
        (0.0, 0.011, False),
        (math.nan, math.nan, True),
        (math.nan, 0.0, False),
        (0.0, math.nan, False),    # NaN where the reference has none
        (1e30, math.inf, False),   # Inf where the reference has none
        (math.inf, math.inf, True),
        (math.inf, -math.inf, False),
        (-math.inf, 1e38, False),
    ],
)
def test_element_rule(expected, actual, ok):
    assert t.element_matches(expected, actual, F32) is ok


def test_relu_wrong_on_negatives_fails_on_signed_inputs_only():
    xs_rand = [0.1, 0.5, 0.9]            # torch.rand draws: no negatives
    xs_signed = [-1.2, 0.3, -0.4, 2.0]
    relu = lambda x: max(x, 0.0)          # noqa: E731
    wrong = lambda x: abs(x)              # noqa: E731 - right only for x >= 0
    assert t.first_mismatch([relu(x) for x in xs_rand], [wrong(x) for x in xs_rand], F32) is None
    m = t.first_mismatch([relu(x) for x in xs_signed], [wrong(x) for x in xs_signed], F32)
    assert m is not None and m.index == 0 and m.count == 2
    assert (m.expected, m.actual) == (0.0, 1.2)


def test_first_mismatch_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        t.first_mismatch([1.0], [1.0, 2.0], F32)


def test_unravel_row_major():
    assert t.unravel(0, [2, 3]) == [0, 0]
    assert t.unravel(5, [2, 3]) == [1, 2]
    assert t.unravel(7, [2, 2, 2]) == [1, 1, 1]
    assert t.unravel(0, []) == []
    with pytest.raises(ValueError):
        t.unravel(6, [2, 3])


def test_relative_error():
    assert t.relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert t.relative_error([3.0, 4.0], [3.0, 5.0]) == pytest.approx(0.2)
    assert t.relative_error([0.0], [1.0]) == math.inf


def test_precision_downcast_threshold():
    # float32 kernel: error comparable to the float32 reference's
    assert not t.precision_downcast_suspected(3e-8, 2e-8)
    # float16 arithmetic: ~3e-4 while the float32 reference is at ~3e-8
    assert t.precision_downcast_suspected(3e-4, 3e-8)
    # a reference that is itself TF32 (cuDNN conv): the same order is not flagged
    assert not t.precision_downcast_suspected(4e-4, 3e-4)
    assert t.precision_downcast_suspected(math.nan, 0.0)


# MARK: - tolerance scaled with the trial's output magnitude


def f32(v: float) -> float:
    """``v`` rounded to float32 (IEEE, so the same on every machine)."""
    return struct.unpack("f", struct.pack("f", v))[0]


def dot_f32(a: list[float], b: list[float], tile: int = 0) -> float:
    """A float32 dot product summed in order, or in tiles of ``tile`` terms (a tiled matmul kernel)."""
    if tile:
        total = 0.0
        for k in range(0, len(a), tile):
            total = f32(total + dot_f32(a[k:k + tile], b[k:k + tile]))
        return total
    s = 0.0
    for x, y in zip(a, b):
        s = f32(s + f32(x * y))
    return s


def wide_matmul_column(rng: random.Random, rows: int, k: int, scale: float, cancel: int) -> tuple[list[float], list[float]]:
    """Outputs of a (rows x k) @ (k x 1) product on N(0, 1) x ``scale`` inputs, by the reference's
    summation order and by a tiled kernel's; the first ``cancel`` rows are made to cancel (their
    last input is chosen so the exact result is near 0), as some elements of a real matmul do."""
    col = [f32(rng.gauss(0, 1) * scale) for _ in range(k)]
    expected, actual = [], []
    for r in range(rows):
        row = [f32(rng.gauss(0, 1) * scale) for _ in range(k)]
        if r < cancel:
            partial = math.fsum(x * y for x, y in zip(row[:-1], col[:-1]))
            row[-1] = f32(-partial / col[-1])
        expected.append(dot_f32(row, col))
        actual.append(dot_f32(row, col, tile=32))
    return expected, actual


def test_problem_trials_keep_kernelbench_tolerance_and_extra_trials_scale():
    assert not t.scales_with_output("problem") and not t.scales_with_output(None)
    assert all(t.scales_with_output(d) for d in ("signed_normal", "wide", "small"))
    assert t.scaled(F32, 5e6) == t.Tolerance(5e4, 1e-2)
    assert t.scaled(F32, 0.3) == F32                  # never stricter than KernelBench
    assert t.scaled(F32, math.inf) == F32
    exact = t.tolerance_for("int32")
    assert t.scaled(exact, 1e9) == exact              # integers stay exact


def test_output_magnitude_is_the_rms_of_finite_values():
    assert t.output_magnitude([3.0, -4.0]) == pytest.approx(math.sqrt(12.5))
    assert t.output_magnitude([3.0, math.nan, -4.0, math.inf]) == pytest.approx(math.sqrt(12.5))
    assert t.output_magnitude([]) == 0.0 and t.output_magnitude([math.nan]) == 0.0


def test_correct_tiled_matmul_on_wide_inputs_fails_unscaled_and_passes_scaled():
    # The H100 false failure: N(0,1) x 1e3 inputs, outputs ~3e7; where terms cancel, the float32
    # rounding of partial sums (~1e7) exceeds 1e-2 + 1e-2 |e| although the kernel is correct.
    expected, actual = wide_matmul_column(random.Random(7), rows=48, k=512, scale=1e3, cancel=4)
    old = t.first_mismatch(expected, actual, F32)
    assert old is not None and old.index < 4, "the unscaled rule misjudges the cancelling elements"
    tol = t.scaled(F32, t.output_magnitude(expected))
    assert t.first_mismatch(expected, actual, tol) is None


def test_kernel_wrong_only_on_large_inputs_still_fails_the_wide_trial():
    rng = random.Random(11)
    relu = lambda x: max(x, 0.0)                      # noqa: E731
    clamped = lambda x: min(max(x, 0.0), 100.0)       # noqa: E731 - right only below 100
    problem = [rng.random() for _ in range(1000)]     # torch.rand: the problem trial
    wide = [rng.gauss(0, 1) * 1e3 for _ in range(1000)]
    assert t.first_mismatch([relu(x) for x in problem], [clamped(x) for x in problem], F32) is None
    e = [relu(x) for x in wide]
    tol = t.scaled(F32, t.output_magnitude(e))
    m = t.first_mismatch(e, [clamped(x) for x in wide], tol)
    assert m is not None and m.count > 100


def test_matmul_wrong_only_on_large_inputs_still_fails_the_wide_trial():
    # A matmul that saturates its inputs at +-100: right for rand and N(0, 1), wrong for x 1e3.
    rng = random.Random(3)
    k = 256
    col = [rng.gauss(0, 1) * 1e3 for _ in range(k)]
    rows = [[rng.gauss(0, 1) * 1e3 for _ in range(k)] for _ in range(16)]
    sat = lambda v: min(max(v, -100.0), 100.0)        # noqa: E731
    e = [dot_f32(r, col) for r in rows]
    a = [dot_f32([sat(x) for x in r], [sat(y) for y in col]) for r in rows]
    m = t.first_mismatch(e, a, t.scaled(F32, t.output_magnitude(e)))
    assert m is not None and m.count == len(e)
