"""What kgost derives from a store's data, kept until the data changes (per store version)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike
    from kgost.stores._base import Store

__all__ = ["kept", "kept_already", "same_content"]

T = TypeVar("T")

_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # store -> (version, {key: value})
#: store -> (version, content): a store whose data at that version is known by a name (see same_content)
_CONTENT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: (content, kind of store, key) -> value, for the latest content named only
_SHARED: dict[tuple[Hashable, str, object], Any] = {}
_LOCK = threading.Lock()


def kept(kg: GraphLike, key: object, make: Callable[[], T], *, shared: bool = False) -> T:
    """``make()``, computed once per version of ``kg``'s store and kept under ``key`` until its
    data changes; computed each time on a store without a version (one others may change).

    The value is shared by every caller: a caller that could change it hands out a copy. With
    ``shared``, a store whose data is named by :func:`same_content` shares the value with every
    store of its kind holding the same data, until its data changes: only for a value that holds
    none of the data's blank nodes (each load labels them anew).
    Hand-written: ``functools`` caches cannot be keyed by a changing version nor let the store go.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> first = kept(kg, "example", lambda: object())
    >>> kept(kg, "example", lambda: object()) is first, kept_already(kg, "example") is first
    (True, True)
    >>> again = kept(kg, "shared example", lambda: object(), shared=True)
    >>> kept(kgost.load(), "shared example", lambda: object(), shared=True) is again  # the same bundled data
    True
    """
    store = kg.store
    if not store.capabilities.versioned:
        return make()
    version = store.version
    found = kept_already(kg, key, _version=version)
    if found is not None:
        return found  # type: ignore[no-any-return]
    place = _shared_key(store, version, key) if shared else None
    value = _SHARED.get(place) if place is not None else None
    if value is None:
        value = make()
    with _LOCK:  # kept for the store too (kept_already sees it), as a value made here
        entry = _KEPT.get(store)
        if entry is None or entry[0] < version:
            entry = _KEPT[store] = (version, {})
        if entry[0] == version:  # not when the data changed while it was made
            entry[1][key] = value
            if place is not None and store.version == version:
                if any(k[0] != place[0] for k in _SHARED):
                    _SHARED.clear()  # values of data named before (bundled files since edited)
                _SHARED.setdefault(place, value)
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


def same_content(store: Store, content: Hashable) -> None:
    """Name the data ``store`` holds now (at its current version) by ``content``: what :func:`kept`
    derives from it is shared with every store of the same kind whose data has the same name,
    until the store's data changes. ``kgost.load()`` names the bundled data this way, so loading
    it again (each command of a session, each test) does not derive it all again.

    Examples
    --------
    >>> from kgost.stores._rdflib import RdflibStore
    >>> store = RdflibStore()
    >>> same_content(store, ("example", 1))
    >>> _shared_key(store, store.version, "views") == (("example", 1), "RdflibStore", "views")
    True
    """
    if store.capabilities.versioned:
        with _LOCK:
            _CONTENT[store] = (store.version, content)


def _shared_key(store: Store, version: int, key: object) -> tuple[Hashable, str, object] | None:
    """Where :func:`kept` shares ``key``'s value of ``store`` at ``version``, or ``None`` when the
    store's data has no name at that version."""
    named = _CONTENT.get(store)
    if named is None or named[0] != version:
        return None
    return (named[1], type(store).__name__, key)
