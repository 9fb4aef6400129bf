import pytest

from assay_worker import seeds


def test_masters_are_fresh_and_secret():
    a, fa = seeds.master_from_request(None, {})
    b, fb = seeds.master_from_request(None, {})
    assert a != b and len(a) == seeds.MASTER_BYTES
    assert fa is False and fb is False


def test_fixed_seed_refused_without_the_test_switch():
    with pytest.raises(seeds.SeedError):
        seeds.master_from_request("00ff", {})
    with pytest.raises(seeds.SeedError):
        seeds.master_from_request("00ff", {seeds.FIXED_SEED_ENV: "yes"})


def test_fixed_seed_with_the_switch():
    m, fixed = seeds.master_from_request("00ff", {seeds.FIXED_SEED_ENV: "1"})
    assert (m, fixed) == (b"\x00\xff", True)
    for bad in ("0", "zz", "ABCD", ""):
        with pytest.raises(seeds.SeedError):
            seeds.master_from_request(bad, {seeds.FIXED_SEED_ENV: "1"})


def test_derived_seeds_depend_on_master_and_label():
    m = b"\x01" * 32
    s = seeds.derive(m, "trial/0/problem")
    assert s == seeds.derive(m, "trial/0/problem")
    assert s != seeds.derive(m, "trial/1/problem")
    assert s != seeds.derive(b"\x02" * 32, "trial/0/problem")
    assert 0 <= s < 2**63
