import math

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
