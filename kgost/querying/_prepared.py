"""A small thread-safe LRU cache of prepared queries, keyed by their canonical text."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["PreparedQueries"]

T = TypeVar("T")


class PreparedQueries(Generic[T]):
    """What an engine made of a query text (a parse, an algebra), kept for the next run of it.

    ``functools.lru_cache`` cannot leave out a failed preparation from the cache; this one holds at
    most ``size`` entries (the least recently used dropped first), and is safe for threads (two threads preparing the same new text may both
    prepare it; one result is kept). Errors are not cached: a bad query is checked again.

    Examples
    --------
    >>> cache = PreparedQueries(size=2)
    >>> cache.get("ASK {}", lambda: "parsed once")
    'parsed once'
    >>> cache.get("ASK {}", lambda: "parsed twice")
    'parsed once'
    """

    def __init__(self, *, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, prepare: Callable[[], T]) -> T:
        """The prepared query of ``key``, made by ``prepare()`` on first use."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        made = prepare()
        with self._lock:
            self._items[key] = made
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return made

    def __len__(self) -> int:
        return len(self._items)
