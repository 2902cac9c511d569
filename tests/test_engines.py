"""Every storage engine behind the store interface gives the same answers."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

import kgost
from kgost._overview import overview
from kgost._values import with_values


def _by_graph(kg: kgost.KnowledgeGraph) -> dict:
    graphs: dict = {}
    for s, p, o, g in kg.store.quads():
        graphs.setdefault(g, Graph()).add((s, p, o))
    return graphs


@pytest.fixture(scope="module", params=kgost.ENGINES)
def engine_kg(request: pytest.FixtureRequest) -> kgost.KnowledgeGraph:
    return kgost.load(store=request.param)


@pytest.fixture(scope="module")
def reference() -> kgost.KnowledgeGraph:
    return kgost.load(store="rdflib")


def test_same_quads_stats_and_validation(engine_kg: kgost.KnowledgeGraph, reference: kgost.KnowledgeGraph) -> None:
    assert _by_graph(engine_kg).keys() == _by_graph(reference).keys()
    for name, graph in _by_graph(engine_kg).items():
        other = _by_graph(reference)[name]
        assert isomorphic(graph, other), f"graph {name} differs:\n{graph_diff(graph, other)}"
    stats = engine_kg.stats()
    assert stats.to_dict() | {"engine": "x"} == reference.stats().to_dict() | {"engine": "x"}
    assert engine_kg.validate().conforms


def test_same_overview_lookup_and_sources(engine_kg: kgost.KnowledgeGraph, reference: kgost.KnowledgeGraph) -> None:
    mine, theirs = overview(engine_kg), overview(reference)
    assert (mine.ranked, mine.group_songs, mine.sing_and_act, mine.multi_song_people) == (
        theirs.ranked, theirs.group_songs, theirs.sing_and_act, theirs.multi_song_people,
    )
    assert engine_kg.resolve("EXO CBX").iri == reference.resolve("EXO CBX").iri
    assert engine_kg.find("song") == reference.find("song")
    assert engine_kg.sources("person:hwasa") == reference.sources("person:hwasa")


def test_bindings_are_terms_on_every_engine(engine_kg: kgost.KnowledgeGraph) -> None:
    query = "PREFIX kgost: <https://w3id.org/kgost/ontology#> SELECT ?x WHERE { ?x kgost:name ?name }"
    assert engine_kg.sparql_raw(query, bindings={"name": Literal("Chen")}).rows == [
        (URIRef("https://w3id.org/kgost/id/person/chen"),)
    ]
    for hostile in ['Chen" } UNION { ?x ?p ?o } #', "Chen'\n}", "<file:///etc/passwd>", "?name"]:
        assert engine_kg.sparql_raw(query, bindings={"name": Literal(hostile)}).rows == []


def test_group_by_and_optional_edge_cases(engine_kg: kgost.KnowledgeGraph) -> None:
    assert engine_kg.sparql_raw("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:nothing> ?o } GROUP BY ?s").rows == []
    assert engine_kg.sparql_raw("SELECT ?x WHERE { OPTIONAL { ?s <urn:nothing> ?x } }").rows == [(None,)]
    assert engine_kg.sparql_raw("ASK { ?s ?p ?o }").boolean is True
    graph = engine_kg.sparql_raw(
        "CONSTRUCT { ?s <urn:named> ?n } WHERE { ?s <https://w3id.org/kgost/ontology#name> ?n }",
        bindings={"n": Literal("Punch")},
    ).graph
    assert graph is not None and len(graph) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES (?o) { (\"1\") } ?s ?p ?o }"),
        ("ASK WHERE { ?s ?p '{' }", "ASK WHERE { VALUES (?o) { (\"1\") } ?s ?p '{' }"),
        ("SELECT ?s { ?s ?p ?o } VALUES ?s { <urn:a> }", "SELECT ?s { VALUES (?o) { (\"1\") } ?s ?p ?o } VALUES ?s { <urn:a> }"),
        ("SELECT ?s { ?s ?p \"\"\"}\n{\"\"\" } # }", "SELECT ?s { VALUES (?o) { (\"1\") } ?s ?p \"\"\"}\n{\"\"\" } # }"),
        ("SELECT ?s WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } } ORDER BY ?s",
         "SELECT ?s WHERE { VALUES (?o) { (\"1\") } { ?s ?p ?o } UNION { ?o ?p ?s } } ORDER BY ?s"),
    ],
)
def test_values_go_into_the_where_pattern(query: str, expected: str) -> None:
    from rdflib.plugins.sparql.parser import parseQuery

    rewritten = with_values(query, {"o": Literal("1")})
    assert rewritten == expected
    parseQuery(rewritten)  # still valid SPARQL


def test_values_refuse_bad_variable_names() -> None:
    with pytest.raises(kgost.QuerySyntaxError, match="not a SPARQL variable"):
        with_values("SELECT * { ?s ?p ?o }", {"o }": Literal(1)})


@pytest.mark.parametrize("format", ["trig", "nquads", "jsonld"])
def test_exports_are_byte_identical_across_engines(engine_kg: kgost.KnowledgeGraph, reference: kgost.KnowledgeGraph, format: str) -> None:
    assert engine_kg.export(format=format) == reference.export(format=format)
