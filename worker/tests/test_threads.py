"""Which new threads count against a candidate (no torch needed)."""
from __future__ import annotations

import concurrent.futures
import threading

from assay_worker import guards


def _wait(event: threading.Event) -> None:
    event.wait(10)


def test_a_thread_running_candidate_code_is_the_candidates() -> None:
    before = guards.thread_idents()
    stop = threading.Event()
    t = threading.Thread(target=_wait, args=(stop,), name="sneaky")
    t.start()
    try:
        own, library = guards.new_threads(before)
        assert own == [f"sneaky ({__name__})"]
        assert library == []
    finally:
        stop.set()
        t.join()


def test_a_library_pool_thread_is_the_librarys() -> None:
    before = guards.thread_idents()
    stop = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pool") as pool:
        pool.submit(_wait, stop)
        own, library = guards.new_threads(before)
        stop.set()
    assert own == []
    assert len(library) == 1 and library[0].startswith("pool") and "(concurrent.futures.thread)" in library[0]


def test_threads_that_existed_before_are_ignored() -> None:
    stop = threading.Event()
    t = threading.Thread(target=_wait, args=(stop,))
    t.start()
    try:
        assert guards.new_threads(guards.thread_idents()) == ([], [])
    finally:
        stop.set()
        t.join()
