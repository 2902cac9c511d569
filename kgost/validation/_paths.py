"""SHACL property paths (SHACL section 2.3.1) as SPARQL property-path text and as text to show."""

from __future__ import annotations

import rdflib
from rdflib import RDF, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kgost._namespace import compact_iri
from kgost.querying._values import sparql_term

__all__ = ["sparql_path", "show_path", "UnsupportedPath"]

_UNARY = {SH.inversePath: "^", SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


class UnsupportedPath(ValueError):
    """A path node that is not a SHACL path (the caller names the shape)."""


def sparql_path(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """The SPARQL 1.1 property path of the SHACL path ``node`` of ``graph``.

    Hand-written: ``rdflib.paths`` builds path objects for rdflib's own evaluator, not SPARQL
    text with escaped IRIs, which the compiled queries need on every engine.

    Raises
    ------
    UnsupportedPath
        ``node`` is not an IRI, a list (sequence) or a blank node with one SHACL path predicate.

    Examples
    --------
    >>> g = rdflib.Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:s> sh:path ( [ sh:inversePath <urn:p> ] [ sh:alternativePath ( <urn:q> <urn:r> ) ] ) .''')
    >>> sparql_path(g, g.value(URIRef("urn:s"), SH.path))
    '(^<urn:p>/(<urn:q>|<urn:r>))'
    """
    return _render(graph, node, lambda iri: sparql_term(iri), set())


def show_path(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str | None:
    """A SHACL path as a reader sees it: compact IRIs in SPARQL path syntax (``^kgost:chartEntry``).

    Examples
    --------
    >>> g = rdflib.Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:s> sh:path [ sh:inversePath <https://w3id.org/kgost/ontology#chartEntry> ] .''')
    >>> show_path(g, g.value(URIRef("urn:s"), SH.path))
    '^kgost:chartEntry'
    """
    if node is None:
        return None
    try:
        text = _render(graph, node, compact_iri, set())
    except UnsupportedPath:
        return compact_iri(node)
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


def _render(graph: rdflib.Graph, node: rdflib.term.Node, iri, seen: set) -> str:  # type: ignore[no-untyped-def]
    if isinstance(node, URIRef):
        return iri(node)
    if node in seen or not isinstance(node, rdflib.BNode):
        raise UnsupportedPath(f"{node!r} is not a SHACL path")
    seen = seen | {node}
    if graph.value(node, RDF.first) is not None:
        parts = [_render(graph, item, iri, seen) for item in Collection(graph, node)]
        if len(parts) < 2:
            raise UnsupportedPath("a sequence path needs two or more members")
        return "(" + "/".join(parts) + ")"
    links = [(p, o) for p, o in graph.predicate_objects(node)]
    if len(links) != 1:
        raise UnsupportedPath(f"a path node needs exactly one SHACL path predicate, not {len(links)}")
    link, inner = links[0]
    if link == SH.alternativePath:
        parts = [_render(graph, item, iri, seen) for item in Collection(graph, inner)]
        if len(parts) < 2:
            raise UnsupportedPath("an alternative path needs two or more members")
        return "(" + "|".join(parts) + ")"
    if link == SH.inversePath:
        return "^" + _render(graph, inner, iri, seen)
    if link in _UNARY:
        return "(" + _render(graph, inner, iri, seen) + ")" + _UNARY[link]
    raise UnsupportedPath(f"{compact_iri(link)} is not a SHACL path predicate")
