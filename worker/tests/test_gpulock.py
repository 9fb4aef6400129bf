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


def test_exclusive_time_is_accounted(tmp_path):
    lock = GpuLock(str(tmp_path / "gpu0.lock"))
    assert lock.exclusive_wait_s == 0.0 and lock.exclusive_held_s == 0.0
    lock.shared()
    with lock.holding_exclusive():
        held_during = lock.exclusive_held_s
    assert held_during == 0.0 and lock.exclusive_held_s > 0.0 and lock.exclusive_wait_s >= 0.0
    before = lock.exclusive_held_s
    lock.exclusive()
    lock.release()
    assert lock.exclusive_held_s > before and lock.mode is None
    unlocked = GpuLock(None)
    with unlocked.holding_exclusive():
        pass
    assert unlocked.exclusive_held_s == 0.0     # no lock file: nothing is held


def test_a_reader_yields_only_to_a_waiting_writer(tmp_path):
    import threading
    import time

    path = str(tmp_path / "gpu0.lock")
    reader, writer = GpuLock(path), GpuLock(path)
    reader.shared()
    assert not reader.writer_waiting() and reader.yield_to_writer() is False and reader.mode == "shared"
    order = []

    def write():
        writer.exclusive()        # waits for the reader, holding the turnstile meanwhile
        order.append("writer")
        writer.release()

    t = threading.Thread(target=write)
    t.start()
    for _ in range(200):
        if reader.writer_waiting():
            break
        time.sleep(0.01)
    assert reader.writer_waiting()
    assert reader.yield_to_writer() is True        # released, waited behind the writer, shared again
    order.append("reader")
    t.join(timeout=10)
    assert order == ["writer", "reader"] and reader.mode == "shared"
    reader.release()
