"""Stores by name: one spec string (``memory``, ``oxigraph:PATH``, ``sparql:URL``) makes any store."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from kgost._errors import InputError
from kgost.stores._base import Store

__all__ = ["make_store", "store_names", "STORE_SPECS", "ENGINES", "ENTRY_POINT_GROUP"]

#: The entry-point group a third-party engine registers in: ``name = "module:factory"``, where
#: ``factory(argument, *, read_only)`` returns a :class:`kgost.Store` (``argument`` is the text
#: after ``name:`` in the spec, or ``None``).
ENTRY_POINT_GROUP = "kgost.stores"

#: The spec forms of the built-in stores.
STORE_SPECS = ("memory", "oxigraph", "oxigraph:PATH", "sparql:URL")

#: The built-in engines that run inside this process, in memory (``kgost.load(store=...)``).
ENGINES = ("memory", "oxigraph")

# name -> "module:factory"; imported only when used, so pyoxigraph loads only for Oxigraph.
_BUILTIN = {
    "memory": "kgost.stores._rdflib:RdflibStore.from_spec",
    "rdflib": "kgost.stores._rdflib:RdflibStore.from_spec",  # the old name of memory
    "oxigraph": "kgost.stores._oxigraph:OxigraphStore.from_spec",
    "sparql": "kgost.stores._remote:SparqlStore.from_spec",
}

Factory = Callable[..., Store]


def make_store(spec: str, *, read_only: bool = False) -> Store:
    """Open the store a spec string names.

    Parameters
    ----------
    spec
        ``memory`` (rdflib in memory; ``rdflib`` is an alias), ``oxigraph`` (embedded, in
        memory), ``oxigraph:PATH`` (embedded, on disk: created if missing), ``sparql:URL`` (a
        SPARQL 1.1 Protocol query endpoint), or ``NAME[:ARGUMENT]`` of an engine registered in
        the ``kgost.stores`` entry-point group.
    read_only
        Open a persistent or remote store for reading only (a second process may read an
        ``oxigraph:PATH`` store this way while none writes it). In-memory stores, private to the
        process, are always writable.

    Returns
    -------
    Store

    Raises
    ------
    InputError
        The spec names no known engine or is malformed, or the store cannot be opened.
    MissingExtraError
        The engine needs an optional dependency.

    Examples
    --------
    >>> make_store("memory").name  # the rdflib engine
    'rdflib'
    >>> make_store("sqlite:kg.db")
    Traceback (most recent call last):
    ...
    kgost.InputError: unknown store 'sqlite:kg.db'; use one of: memory, oxigraph, oxigraph:PATH, sparql:URL
    """
    if not isinstance(spec, str) or not spec.strip():
        raise InputError(f"a store spec is text, one of: {', '.join(_forms())}; not {spec!r}")
    name, sep, argument = spec.partition(":")
    factory = _factory(name.lower())
    if factory is None:
        raise InputError(f"unknown store {spec!r}; use one of: {', '.join(_forms())}")
    return factory(argument if sep else None, read_only=read_only)


def store_names() -> tuple[str, ...]:
    """The names of every store engine: built in, then those of installed plugins.

    Examples
    --------
    >>> store_names()[:4]
    ('memory', 'rdflib', 'oxigraph', 'sparql')
    """
    plugins = tuple(sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in _BUILTIN))
    return tuple(_BUILTIN) + plugins


def _forms() -> tuple[str, ...]:
    return STORE_SPECS + tuple(f"{n}[:ARG]" for n in store_names() if n not in _BUILTIN)


def _factory(name: str) -> Factory | None:
    if name in _BUILTIN:
        module, _, attribute = _BUILTIN[name].partition(":")
        target: object = importlib.import_module(module)
        for part in attribute.split("."):
            target = getattr(target, part)
        return target  # type: ignore[return-value]
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            try:
                return ep.load()  # type: ignore[no-any-return]
            except Exception as exc:  # a broken plugin must not look like kgost's own bug
                raise InputError(f"the store plugin {name!r} ({ep.value}) cannot be loaded: {exc}") from None
    return None
