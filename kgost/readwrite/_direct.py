"""Loading N-Triples and N-Quads files straight into a fresh Oxigraph store, by Oxigraph's own parser."""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any

from kgost._errors import InputError, KgostError
from kgost._graphlike import GraphLike
from kgost.readwrite._bundled import bundled_files
from kgost.readwrite._input import check_max_size, open_regular
from kgost.readwrite._io import file_graph_iri, guess_format
from kgost.stores._base import GENID

__all__ = ["load_direct"]

#: The formats loaded directly: a blank node is always written ``_:`` there and a triple term
#: (RDF 1.2) ``<<(``, so the checks below need no parser.
DIRECT_FORMATS = ("nt", "nquads")
_BOM = b"\xef\xbb\xbf"


def load_direct(kg: GraphLike, paths: tuple[Path, ...], *, bundled: bool, format: str | None, max_size: int) -> bool:
    """Load ``paths`` (and the bundled files when ``bundled``) into the fresh, empty, in-memory
    Oxigraph store of ``kg`` with Oxigraph's own parser (``Store.load``: one transaction a file,
    no quad made a Python object), if every file allows it; return whether it did.

    Hand-written because kgost's usual path parses each file into Python quads to check them
    (blank nodes skolemised, triple terms refused, no statement in another source's graph) and
    hands them to the engine again, which costs twice Oxigraph's own load. Here each check is a
    byte search or a look at the engine's indexes:

    * a file is loaded directly only if it is N-Triples or N-Quads with neither ``_:`` nor
      ``<<(`` in its bytes nor a byte-order mark (so no blank node to skolemise and no triple
      term), and a regular file within ``max_size``; otherwise nothing is loaded and ``False``
      is returned (the caller takes the usual path);
    * the bundled files are parsed after the user's, by Oxigraph too (blank nodes skolemised);
      a user file's statement in a bundled named graph that the bundled data does not hold is
      refused as the usual path refuses it;
    * any error clears the store (it is fresh and not yet handed out, so nothing half-written
      is ever seen) and returns ``False``: the usual path then raises kgost's own error, with
      its file, line and column.

    Parameters
    ----------
    kg
        The graph; its store must be Oxigraph in memory and empty, else ``False``.
    paths
        The files.
    bundled
        Add the bundled ontology and data too.
    format
        kgost's format name for the files, as :func:`kgost.load` takes it.
    max_size
        The largest file to read, in bytes.

    Returns
    -------
    bool
        Whether the files are loaded (``False``: the store is as it was, empty).

    Examples
    --------
    >>> import kgost, pathlib, tempfile
    >>> from kgost._graph import KnowledgeGraph
    >>> from kgost.stores._oxigraph import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.nt"
    >>> _ = path.write_text('<https://w3id.org/kgost/id/song/new> <http://www.w3.org/2000/01/rdf-schema#label> "New" .\\n')
    >>> kg = KnowledgeGraph(store=OxigraphStore())
    >>> load_direct(kg, (path,), bundled=True, format=None, max_size=1000)
    True
    >>> kg.label("song:new"), kg.label("song:stay-with-me")
    ('New', 'Stay with Me')
    >>> _ = path.write_text('_:b <http://www.w3.org/2000/01/rdf-schema#label> "New" .\\n')
    >>> load_direct(KnowledgeGraph(store=OxigraphStore()), (path,), bundled=True, format=None, max_size=1000)
    False
    """
    store, capabilities = kg.store, kg.store.capabilities
    if not (capabilities.engine_rdf and capabilities.writable and not capabilities.persistent):
        return False
    if not hasattr(store, "load_stream") or next(iter(store.quads()), None) is not None:
        return False
    check_max_size(max_size)
    opened: list[tuple[Path, str, int]] = []
    try:
        for path in paths:
            found = _direct_file(path, format=format, max_size=max_size)
            if found is None:
                return False
            opened.append((path, *found))
        for path, name, fd in opened:
            with os.fdopen(os.dup(fd), "rb") as handle:
                store.load_stream(handle, graph=file_graph_iri(path), format=name, base_iri=path.resolve().as_uri())
        if bundled:
            _add_bundled(store)
    except (SyntaxError, ValueError, OSError, RuntimeError, KgostError):
        store.clear()
        return False
    finally:
        for _, _, fd in opened:
            os.close(fd)
    return True


def _direct_file(path: Path, *, format: str | None, max_size: int) -> tuple[str, int] | None:
    """kgost's format name and an open descriptor of a file Oxigraph may load directly, or ``None``."""
    try:
        name = guess_format(path, format=format)
    except InputError:
        return None
    if name not in DIRECT_FORMATS:
        return None
    try:
        fd = open_regular(path)
    except InputError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size <= max_size and not (size and _refused(fd, size)):
            return name, fd
    except (OSError, ValueError):
        pass
    os.close(fd)
    return None


def _refused(fd: int, size: int) -> bool:
    """Whether the file holds a byte-order mark, a blank node (``_:``) or a triple term (``<<(``),
    searched in C over a memory map; a file without ``_`` is not searched for ``_:`` (one byte is
    found by ``memchr``, several times quicker than two)."""
    with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as view:
        blank = view.find(b"_") >= 0 and view.find(b"_:") >= 0
        return view[:3] == _BOM or blank or view.find(b"<<(") >= 0


def _add_bundled(store: Any) -> None:
    """Add the bundled files, parsed by Oxigraph, after the user's files: a user file's statement
    in one of their named graphs must be one they hold (see
    :func:`kgost.readwrite._checks.check_no_foreign_graphs`), else ``InputError``."""
    quads: list[Any] = []
    for path, graph in bundled_files():
        quads.extend(store.read_file(path, graph=graph, max_size=os.stat(path).st_size))
    held: dict[str, set[tuple[Any, Any, Any]]] = {}
    for quad in quads:
        held.setdefault(quad.graph_name.value, set()).add((quad.subject, quad.predicate, quad.object))
    for graph, triples in held.items():
        extra = store.held_triples(graph) - triples
        if any(not any(str(term).startswith(f"<{GENID}") for term in triple) for triple in extra):
            raise InputError(f"a file adds statements to the bundled graph {graph}")  # the usual path words it
    store.add_engine(quads)
