import math

import pytest

from assay_worker import stats


def test_median_and_summary():
    assert stats.median([3.0, 1.0, 2.0]) == 2.0
    assert stats.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    s = stats.summarize([1.0, 2.0, 3.0, 4.0])
    assert (s.n, s.median_ms, s.mean_ms, s.min_ms) == (4, 2.5, 2.5, 1.0)
    assert s.std_ms == pytest.approx(math.sqrt(5 / 3))
    assert s.rse == pytest.approx(math.sqrt(5 / 3) / 2 / 2.5)
    with pytest.raises(ValueError):
        stats.summarize([])


def test_rse_undefined_for_one_sample():
    assert stats.relative_standard_error([1.0]) == math.inf


def test_stop_rule():
    steady = [1.0] * 10
    kw = dict(min_iters=10, max_iters=100, target_rse=0.01, max_seconds=5.0)
    assert stats.should_stop(steady, elapsed_s=0.1, **kw)
    assert not stats.should_stop(steady[:9], elapsed_s=0.1, **kw)          # below min_iters
    noisy = [1.0, 3.0] * 5
    assert not stats.should_stop(noisy, elapsed_s=0.1, **kw)                # rse too large
    assert stats.should_stop(noisy, elapsed_s=5.0, **kw)                    # out of time
    assert stats.should_stop(noisy * 10, elapsed_s=0.0, **kw)               # max_iters
