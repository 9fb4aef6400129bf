import random

import pytest

from assay_worker import plan


def test_default_five_trials_cover_every_distribution():
    assert plan.trial_schedule(5, True) == ["problem", "signed_normal", "wide", "small", "problem"]


def test_without_extra_distributions():
    assert plan.trial_schedule(6, False) == ["problem"] * 6


def test_longer_schedules_cycle():
    s = plan.trial_schedule(9, True)
    assert s.count("problem") == 3 and s.count("signed_normal") == 2
    with pytest.raises(ValueError):
        plan.trial_schedule(0, True)


def test_scales_are_documented_values():
    assert plan.SCALES == {"signed_normal": 1.0, "wide": 1e3, "small": 1e-3}


def test_recheck_iterations_and_the_base_checks_after_them_always_run():
    for seed in range(200):
        chosen = plan.choose_recheck_iterations(3, 10, random.Random(seed))
        assert len(chosen) == 3 and all(0 <= i < 9 for i in chosen)
        after = plan.base_checks(chosen)
        assert all(i <= 9 for i in after) and not (after & chosen)
        assert all(i - 1 in chosen for i in after)


def test_a_cache_filled_on_either_input_set_is_caught():
    # a candidate that returns a stale output from iteration k on fails some checked iteration,
    # whether the stale output belongs to the swapped or to the base set
    for seed in range(200):
        chosen = plan.choose_recheck_iterations(3, 10, random.Random(seed))
        checked = {i: "alt" for i in chosen} | {i: "base" for i in plan.base_checks(chosen)}
        stale_from = 2
        stale_set = "alt" if (stale_from - 1) in chosen else "base"
        assert any(i >= stale_from and which != stale_set for i, which in checked.items())


def test_recheck_count_is_capped():
    assert plan.choose_recheck_iterations(50, 4, random.Random(0)) == {0, 1, 2}
    with pytest.raises(ValueError):
        plan.choose_recheck_iterations(1, 1, random.Random(0))
