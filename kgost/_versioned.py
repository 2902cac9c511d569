"""What kgost derives from a store's data, kept until the data changes (per store version)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["kept", "kept_already"]

T = TypeVar("T")

_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # store -> (version, {key: value})
_LOCK = threading.Lock()


def kept(kg: GraphLike, key: object, make: Callable[[], T]) -> T:
    """``make()``, computed once per version of ``kg``'s store and kept under ``key`` until its
    data changes; computed each time on a store without a version (one others may change).

    The value is shared by every caller: a caller that could change it hands out a copy.
    Hand-written: ``functools`` caches cannot be keyed by a changing version nor let the store go.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> first = kept(kg, "example", lambda: object())
    >>> kept(kg, "example", lambda: object()) is first, kept_already(kg, "example") is first
    (True, True)
    """
    store = kg.store
    if not store.capabilities.versioned:
        return make()
    version = store.version
    found = kept_already(kg, key, _version=version)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = make()
    with _LOCK:
        entry = _KEPT.get(store)
        if entry is None or entry[0] < version:
            entry = _KEPT[store] = (version, {})
        if entry[0] == version:  # not when the data changed while it was made
            entry[1][key] = value
    return value


def kept_already(kg: GraphLike, key: object, *, _version: int | None = None) -> Any:
    """The value :func:`kept` keeps under ``key`` for the store's current version, or ``None``."""
    store = kg.store
    if not store.capabilities.versioned:
        return None
    version = store.version if _version is None else _version
    with _LOCK:
        entry = _KEPT.get(store)
        return entry[1].get(key) if entry is not None and entry[0] == version else None
