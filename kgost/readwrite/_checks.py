"""Checks on a file's statements before they are added: valid IRIs, and no facts slipped into another source's graph."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rdflib import BNode, URIRef

from kgost._errors import InputError
from kgost._graphlike import GraphLike
from kgost._namespace import compact_iri
from kgost._types import Quad
from kgost.querying._bindings import BAD_IRI_CHARS, IRI_RULE
from kgost.readwrite._io import file_graph_iri, guess_format
from kgost.stores._base import GENID

__all__ = ["check_iris", "check_no_foreign_graphs", "engine_reads", "check_no_foreign_engine_graphs"]


def check_iris(quads: list[Quad], *, path: Path) -> None:
    """Refuse IRIs no RDF store can hold (``<http://ex.org/a b>``): rdflib only warns, Oxigraph fails."""
    for quad in quads:
        for term in quad:
            if isinstance(term, URIRef) and BAD_IRI_CHARS.search(term):
                raise InputError(f"{path}: {str(term)!r} is not a valid IRI: {IRI_RULE}")


def check_no_foreign_graphs(kg: GraphLike, quads: list[Quad], *, path: Path) -> None:
    """Refuse a file that adds statements to a named graph the graph already holds from another
    source (an article sentence, say): a fact must not seem to come from where it does not."""
    # the file's graph names first (one cheap pass), then those the store holds (the engine's own
    # list, or one query), then the triples of the file's graphs among them (usually none)
    graphs = {quad[3] for quad in quads}
    graphs.discard(file_graph_iri(path))
    if not graphs:
        return
    listed = getattr(kg.store, "graph_terms", None)
    clashing = graphs & (listed() if listed is not None else {row[0] for row in kg.sparql_raw(_GRAPH_NAMES).rows})
    named: dict[URIRef, set[tuple[Any, Any, Any]]] = {}
    for s, p, o, g in quads if clashing else ():
        if g in clashing:
            named.setdefault(g, set()).add((s, p, o))  # type: ignore[arg-type]
    for graph, triples in named.items():
        held = {tuple(row) for row in kg.sparql_raw(_GRAPH_TRIPLES, bindings={"g": graph}).rows}
        if not held:
            continue  # a graph of the file's own
        # blank nodes are the file's own, so a triple with one cannot be matched: it is not counted
        extra = sorted(t for t in triples - held if not any(isinstance(term, BNode) for term in t))
        if extra:
            shown = " ".join(compact_iri(t) if isinstance(t, URIRef) else t.n3() for t in extra[0])
            raise InputError(
                f"{path}: adds {len(extra)} statement(s) to the graph {compact_iri(graph)}, which already holds"
                f" facts of another source (first: {shown}); put your own facts in the file's default graph"
                " or a named graph of your own (an export of another kgost version loads alone: --no-bundled)"
            )


def engine_reads(path: str | os.PathLike[str], format: str | None) -> bool:
    """Whether the engine's own parser reads this file (its format is one of
    :data:`kgost.readwrite._native.NATIVE_FORMATS`); a bad name or format is left to ``read_rdf``."""
    from kgost.readwrite._native import NATIVE_FORMATS

    try:
        return guess_format(path, format=format) in NATIVE_FORMATS
    except InputError:
        return False


def check_no_foreign_engine_graphs(kg: GraphLike, quads: list[Any], *, path: Path) -> None:
    """:func:`check_no_foreign_graphs` on engine quads: only the file's graphs that the store
    already holds are compared, each with the engine's own triples (no rdflib terms)."""
    own, held_names = str(file_graph_iri(path)), kg.store.graph_names()  # type: ignore[attr-defined]
    # the file's graph names first (one cheap pass): usually none of them is held already
    clashing = {name.value for name in {quad.graph_name for quad in quads}} & held_names - {own}
    named: dict[str, set[tuple[Any, Any, Any]]] = {}
    for quad in quads if clashing else ():
        graph = quad.graph_name.value
        if graph in clashing:
            named.setdefault(graph, set()).add((quad.subject, quad.predicate, quad.object))
    for graph, triples in named.items():
        held = kg.store.held_triples(graph)  # type: ignore[attr-defined]
        # blank nodes (skolem IRIs) are the file's own, so a triple with one cannot be matched
        extra = sorted(
            (t for t in triples - held if not any(str(term).startswith(f"<{GENID}") for term in t)), key=str
        )
        if extra:
            shown = " ".join(_shown(term) for term in extra[0])
            raise InputError(
                f"{path}: adds {len(extra)} statement(s) to the graph {compact_iri(URIRef(graph))}, which already holds"
                f" facts of another source (first: {shown}); put your own facts in the file's default graph"
                " or a named graph of your own (an export of another kgost version loads alone: --no-bundled)"
            )


def _shown(term: Any) -> str:
    """An engine term as the messages show it: an IRI compacted, anything else in N-Triples."""
    return compact_iri(URIRef(term.value)) if str(term).startswith("<") else str(term)


_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_GRAPH_TRIPLES = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
