"""guards.poison_free_memory on a GPU: every block the caching allocator holds as free reads 0xFF
afterwards, whatever it held before, and memory in use is left alone. Marked ``gpu``.

The checks copy device memory to the host before comparing: a comparison on the device would
allocate its result from the very free blocks under test."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.gpu

SIZES = (1 << 22, 3 << 20, 1000, 513, 1 << 16)   # floats: large and small pools


@pytest.fixture()
def device():
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    return torch.device("cuda", torch.cuda.current_device())


def test_freed_results_read_nan_after_poisoning(device):
    from assay_worker import guards

    kept = torch.full((1 << 20,), 7.0, device=device)
    stale = [torch.full((n,), 1.5, device=device) for n in SIZES]
    del stale
    assert guards.poison_free_memory(device) > 0
    # the same sizes in the same order get the same cached blocks back (best fit)
    again = [torch.empty(n, device=device) for n in SIZES]
    for n, t in zip(SIZES, again):
        assert bool(torch.isnan(t.cpu()).all()), f"a reused block of {n} floats kept old values"
    assert bool((kept.cpu() == 7.0).all()), "memory in use was overwritten"


def test_every_inactive_block_is_poisoned_in_place(device):
    from assay_worker import guards

    keep = [torch.ones(n, device=device) for n in (4096, 1 << 21)]
    junk = [torch.ones(n, device=device) for n in (777, 1 << 20, 5 << 18)]
    del junk
    before = torch.cuda.memory_reserved(device)
    blocks, expandable = guards._free_blocks(device.index)
    assert blocks and not expandable
    guards.poison_free_memory(device)
    assert torch.cuda.memory_reserved(device) == before, "poisoning in place must not allocate"
    contents = [torch.as_tensor(guards._DeviceBytes(address, size), device=device).cpu() for address, size in blocks]
    for (address, size), host in zip(blocks, contents):
        assert host.numel() == size and bool((host == guards.POISON_BYTE).all()), f"block at {address:#x} not poisoned"
    assert all(bool((t.cpu() == 1).all()) for t in keep)
