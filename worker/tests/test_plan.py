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
