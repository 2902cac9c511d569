"""Pause Python's cyclic garbage collector while kgost builds a large view, and restore it after."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]

_LOCK = threading.Lock()
_INSIDE = 0  # how many blocks (in any thread) are running
_RESUME = False  # whether the collector was enabled when the first of them began


@contextmanager
def collection_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector from running while the block runs (reference counting
    still frees everything that is not in a cycle).

    A network view of a million quads allocates some half a million containers that all
    outlive the build; the collector, seeing so many survivors, walked every one of them eight
    times over (a second of a five-second build) and found nothing to free. Blocks nest and run
    in several threads at once: the collector is disabled when the first block begins and enabled
    again when the last one ends, if it was enabled then (a program that disabled it keeps it
    disabled). Hand-written: the standard library has no scoped pause; :mod:`timeit` disables and
    re-enables the collector around its loop the same way, for one caller only.

    Examples
    --------
    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _INSIDE, _RESUME
    with _LOCK:
        if _INSIDE == 0:
            _RESUME = gc.isenabled()
            gc.disable()
        _INSIDE += 1
    try:
        yield
    finally:
        with _LOCK:
            _INSIDE -= 1
            if _INSIDE == 0 and _RESUME:
                gc.enable()
