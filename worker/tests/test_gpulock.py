import fcntl
import os

from assay_worker.gpulock import GpuLock


def can_lock(path: str, mode: int) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_readers_share_and_writer_excludes(tmp_path):
    path = str(tmp_path / "gpu0.lock")
    a, b = GpuLock(path), GpuLock(path)
    a.shared()
    b.shared()
    assert can_lock(path, fcntl.LOCK_SH) and not can_lock(path, fcntl.LOCK_EX)
    b.release()
    with a.holding_exclusive():
        assert a.mode == "exclusive"
        assert not can_lock(path, fcntl.LOCK_SH)
    assert a.mode == "shared" and can_lock(path, fcntl.LOCK_SH)
    a.release()
    assert can_lock(path, fcntl.LOCK_EX)


def test_no_path_is_a_no_op():
    lock = GpuLock(None)
    lock.shared()
    with lock.holding_exclusive():
        pass
    assert lock.mode is None
