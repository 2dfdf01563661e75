"""The collector around start-up: off while the window is built, the start's objects set
aside afterwards, everything handed back when the app ends."""

from __future__ import annotations

import gc
import weakref

from gojee_desktop import collector


class _Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_start_objects_are_set_aside_and_handed_back():
    gc.collect()
    collecting = collector.pause()
    try:
        assert collecting and not gc.isenabled()
        lost = _Node()
        gone = weakref.ref(lost)
        del lost
        collector.keep_start_objects(collecting)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert gone() is not None  # made during the start: no collection walks it
    finally:
        collector.resume(collecting)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.collect()
    assert gone() is None  # back under the collector once the app has ended


def test_a_start_without_collection_stays_without():
    gc.disable()
    try:
        collecting = collector.pause()
        assert not collecting
        collector.keep_start_objects(collecting)
        assert not gc.isenabled()
        collector.resume(collecting)
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
