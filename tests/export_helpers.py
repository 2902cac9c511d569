"""Comparing RDF datasets in tests: named graph by named graph, with a readable diff on failure."""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from rdflib import BNode, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

BLANK_GRAPH = "<a blank node graph name>"


def by_graph(quads: Iterable[tuple], *, lowercase_languages: bool = False) -> dict[object, rdflib.Graph]:
    """Quads grouped into one rdflib Graph per graph name (``None``: the default graph)."""
    graphs: dict[object, rdflib.Graph] = {}
    for s, p, o, g in quads:
        if lowercase_languages and isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        key = BLANK_GRAPH if isinstance(g, BNode) else g
        graphs.setdefault(key, rdflib.Graph()).add((s, p, o))
    return graphs


def assert_same_graph(expected: rdflib.Graph, actual: rdflib.Graph, *, what: str = "graph") -> None:
    """``rdflib.compare.isomorphic``, showing the triples only one side has when it fails."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    raise AssertionError(
        f"{what} differs ({len(expected)} expected triples, {len(actual)} found)\n"
        f"only expected:\n{only_expected.serialize(format='nt')}\nonly found:\n{only_actual.serialize(format='nt')}"
    )


def assert_same_dataset(expected: Iterable[tuple], actual: Iterable[tuple], *, lowercase_languages: bool = False) -> None:
    """The same named graphs, each isomorphic to its counterpart."""
    want = by_graph(expected, lowercase_languages=lowercase_languages)
    got = by_graph(actual, lowercase_languages=lowercase_languages)
    assert set(map(str, want)) == set(map(str, got)), (
        f"graph names differ: only expected {sorted(map(str, set(want) - set(got)))}, "
        f"only found {sorted(map(str, set(got) - set(want)))}"
    )
    for name, graph in want.items():
        assert_same_graph(graph, got[name], what=f"graph {name}")


def union(quads: Iterable[tuple]) -> rdflib.Graph:
    """The triples of all graphs as one graph."""
    graph = rdflib.Graph()
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph
