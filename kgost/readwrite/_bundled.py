"""The bundled ontology and data as quads, parsed once per process while their files are unchanged."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, URIRef

from kgost._namespace import DATA_IRI, ONTOLOGY_IRI
from kgost._resources import data_files, ontology_files
from kgost._types import Quad
from kgost.readwrite._io import read_rdf

__all__ = ["ontology_quads", "bundled_quads", "named_bundled_quads", "bundled_files"]

#: The parsed bundled quads and the (path, mtime, size) of the files they were read from.
_BUNDLED: dict[str, tuple[tuple[tuple[str, int, int], ...], tuple[Quad, ...]]] = {}


def ontology_quads() -> list[Quad]:
    """The bundled ontology alone as quads in its named graph (what ``kgost validate --alone``
    and ``kgost add``'s scratch graph load), from the same once-per-process parse as
    :func:`bundled_quads`.

    Examples
    --------
    >>> from kgost._namespace import ONTOLOGY_IRI
    >>> quads = ontology_quads()
    >>> 0 < len(quads) < len(bundled_quads()) and all(q[3] == ONTOLOGY_IRI for q in quads)
    True
    """
    return [quad for quad in bundled_quads() if quad[3] == ONTOLOGY_IRI]


def bundled_quads() -> list[Quad]:
    """The bundled ontology and data as quads, parsed once per process while the files stay as
    they were (same paths, sizes and modification times), each call with blank nodes of its own.

    Hand-written because ``functools.lru_cache`` cannot notice a changed file; the quads are
    immutable tuples of immutable terms, and the blank nodes (the ontology's ``owl:unionOf``
    domains) are relabelled per call, so no two loaded graphs share anything mutable.
    """
    return named_bundled_quads()[1]


def named_bundled_quads() -> tuple[tuple[tuple[str, int, int], ...], list[Quad]]:
    """:func:`bundled_quads`, with what names them: the files' paths, modification times and sizes
    when they were read (for :func:`kgost._versioned.same_content`)."""
    key = bundled_key()
    cached = _BUNDLED.get("quads")
    if cached is None or cached[0] != key:
        quads: list[Quad] = []
        for path, graph in bundled_files():
            quads.extend(read_rdf(path, graph=graph))
        cached = _BUNDLED["quads"] = (key, tuple(quads))  # one assignment: safe for threads
    fresh: dict[BNode, BNode] = {}
    return cached[0], [
        tuple(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in quad)  # type: ignore[misc]
        if any(isinstance(t, BNode) for t in quad) else quad
        for quad in cached[1]
    ]


def bundled_key() -> tuple[tuple[str, int, int], ...]:
    """What names the bundled files as they are now: each one's path, modification time and size."""
    return tuple((str(path), info.st_mtime_ns, info.st_size) for path, _ in bundled_files() for info in [path.stat()])


def bundled_files() -> list[tuple[Path, URIRef]]:
    """The bundled ontology and data files, each with the named graph its default graph goes to."""
    return [(path, ONTOLOGY_IRI) for path in ontology_files()] + [(path, DATA_IRI) for path in data_files()]
