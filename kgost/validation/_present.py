"""How a validation result shows its terms, message and sources, whichever validator found it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import rdflib
from rdflib import RDFS, URIRef

from kgost._namespace import KGOST, compact_iri
from kgost.querying._values import sparql_term

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["pick_message", "show_term", "compact_iris_in", "ill_typed_note", "sources_of"]

#: Focus nodes asked about per query when looking up where they are described.
_CHUNK = 500

#: Up to this many focus nodes, an engine that parses queries in Python (rdflib: ~25 ms a text)
#: is asked about each node with the same two texts, parsed once per process, the node bound
#: (~1.6 ms a node on the bundled data), instead of two new texts listing the nodes.
_ONE_BY_ONE = 20

#: A node's labels, as KnowledgeGraph.label reads them (its first by STR order).
_LABELS = " UNION ".join(
    f"{{ ?x {sparql_term(p)} ?label }}"
    for p in (KGOST.title, KGOST.name, RDFS.label)
)


def pick_message(found: Iterable[str], generic: set[str]) -> str | None:
    """The message a result shows: the first (sorted) that is not the node shape's generic one.

    A SPARQL constraint with an IRI of its own is the shape that fired, and its (filled-in)
    message says more than the node shape's message, which pyshacl adds to the result too.
    """
    found = list(found)
    messages = sorted(m for m in found if m not in generic) or sorted(found)
    return messages[0] if messages else None


def show_term(term: rdflib.term.Node) -> str:
    """A value as Turtle would write it, so a string, a date and an IRI look different."""
    if isinstance(term, rdflib.Literal):
        text = term.n3()
        if term.datatype is not None:
            text = text.replace(f"<{term.datatype}>", compact_iri(term.datatype))
        return text
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return compact_iri(term)


def compact_iris_in(message: str) -> str:
    """pyshacl fills SPARQL message templates with full IRIs; show them compacted."""
    return re.sub(r"https?://[^\s<>\"{}|^`]+", lambda m: compact_iri(URIRef(m.group(0))), message)


def ill_typed_note(value: rdflib.term.Node | None) -> str:
    """A note for a literal whose text is not a value of its datatype (``"2021-13-45"^^xsd:date``)."""
    if isinstance(value, rdflib.Literal) and value.ill_typed:
        return f' ("{value}" is not a valid {compact_iri(value.datatype)}.)'
    return ""


def sources_of(kg: GraphLike, focus: set[URIRef]) -> dict[URIRef, tuple[str | None, list[str]]]:
    """Each focus node's label (as :meth:`kgost.KnowledgeGraph.label` gives it) and the named
    graphs that describe it (a file path or a sentence), two queries per 500 nodes."""
    found: dict[URIRef, tuple[str | None, list[str]]] = {node: (None, []) for node in focus}
    run = getattr(kg.store, "query_generated", None) or kg.sparql_raw  # see run_checks
    nodes = sorted(focus)
    if len(nodes) <= _ONE_BY_ONE and not kg.store.capabilities.compiled_queries:
        for node in nodes:  # the same rows as below, a node at a time
            graphs = kg.store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x ?p ?o } } ORDER BY ?g", bindings={"x": node})
            labels = kg.store.query(f"SELECT (MIN(STR(?label)) AS ?l) WHERE {{ {_LABELS} }}", bindings={"x": node}).rows
            label = labels[0][0] if labels else None
            found[node] = (None if label is None else str(label), [show_graph(graph) for graph, in graphs.rows])
        return found
    for start in range(0, len(nodes), _CHUNK):
        values = "VALUES ?x { " + " ".join(sparql_term(n) for n in nodes[start:start + _CHUNK]) + " }"
        for node, graph in run(f"SELECT DISTINCT ?x ?g WHERE {{ {values} GRAPH ?g {{ ?x ?p ?o }} }} ORDER BY ?x ?g").rows:
            found[node][1].append(show_graph(graph))  # type: ignore[index]
        for node, label in run(f"SELECT ?x (MIN(STR(?label)) AS ?l) WHERE {{ {values} {_LABELS} }} GROUP BY ?x").rows:
            if label is not None:
                found[node] = (str(label), found[node][1])  # type: ignore[index]
    return found


def show_graph(graph: rdflib.term.Node) -> str:
    """A named graph as a source: a user's file path as they would type it, or a compact IRI."""
    text = str(graph)
    return _show_file(unquote(urlparse(text).path)) if text.startswith("file:") else compact_iri(graph)


def _show_file(path: str) -> str:
    """A user's file as they would type it: relative to the working folder when inside it."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path
