"""The garbage collector's scoped pause: nested, in several threads at once, restored after."""

from __future__ import annotations

import gc
import threading

import pytest

import kgost
from kgost._gcpause import collection_paused


def test_the_collector_runs_again_only_when_the_last_of_overlapping_blocks_ends() -> None:
    assert gc.isenabled()
    inside, leave_first, first_left, leave_second = (threading.Event() for _ in range(4))
    seen: dict[str, bool] = {}

    def first() -> None:
        with collection_paused():
            inside.set()
            leave_first.wait(10)
        first_left.set()

    def second() -> None:
        inside.wait(10)
        with collection_paused():
            leave_first.set()
            first_left.wait(10)
            seen["after the first left"] = gc.isenabled()
            leave_second.wait(10)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_left.wait(10)
    seen["while the second is inside"] = gc.isenabled()
    leave_second.set()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first left": False, "while the second is inside": False}
    assert gc.isenabled()


def test_many_threads_leave_the_collector_as_they_found_it() -> None:
    barrier = threading.Barrier(8)

    def work() -> None:
        for _ in range(200):
            with collection_paused():
                with collection_paused():  # nested
                    assert not gc.isenabled()
        barrier.wait(10)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert gc.isenabled()


def test_a_collector_disabled_by_the_program_stays_disabled_and_errors_restore_it() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("inside")
    assert gc.isenabled()


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_building_a_view_leaves_the_collector_enabled(store: str) -> None:
    assert kgost.load(store=store).network().number_of_edges() > 0
    assert gc.isenabled()
