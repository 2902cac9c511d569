"""Parameters are values, never query text; no query reads a file or the network."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import rdflib.plugins.sparql.evaluate as rdflib_evaluate
import rdflib.plugins.sparql.sparql as rdflib_sparql
from rdflib import Literal, URIRef

import kgost
from kgost import QueryError, QuerySyntaxError

HOSTILE = [
    'EXO"',
    "EXO'",
    '" } UNION { ?s ?p ?o } #',
    "} UNION {",
    "EXO\n} ; DROP ALL ; #",
    "<file:///etc/passwd>",
    "{ ?s ?p ?o }",
    "\\u0022) FILTER(true",
    "?group",
    "",
]


@pytest.fixture
def no_fetching(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every way rdflib's SPARQL engine reads outside data fail loudly, and record attempts."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise AssertionError(f"kgost let rdflib fetch outside data: {args}")

    monkeypatch.setattr(rdflib_sparql.QueryContext, "load", refuse)
    monkeypatch.setattr(rdflib_evaluate, "urlopen", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    yield attempts
    assert attempts == []


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_str_parameter_is_a_plain_value(kg: kgost.KnowledgeGraph, value: str, no_fetching: list[str]) -> None:
    # a str parameter: the value is bound as a literal and matches exactly the labels that contain
    # it once normalized, which Python's normalize_name computes independently
    result = kg.query("find-entity", name=value)
    assert result.variables == ("entity", "label", "type", "matched", "exact")
    labels = kg.sparql(
        "SELECT ?m WHERE { ?e kgost:title|kgost:name|rdfs:label|skos:altLabel|kgost:otherName|kgost:alternativeTitle ?m"
        " FILTER (STRSTARTS(STR(?e), 'https://w3id.org/kgost/id/')) }"
    ).column("m")
    wanted = kgost.normalize_name(value)
    assert {r.matched for r in result} == {m for m in labels if wanted in kgost.normalize_name(m)}


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_entity_parameter_is_looked_up_as_a_name(kg: kgost.KnowledgeGraph, value: str, no_fetching: list[str]) -> None:
    if kgost.normalize_name(value) == "exo":  # 'EXO"' is the name EXO with punctuation, as a user may type it
        assert kg.query("songs-by-group-members", group=value).rows == kg.query("songs-by-group-members", group="EXO").rows
        return
    with pytest.raises((kgost.EntityNotFoundError, kgost.ParameterError)) as info:
        kg.query("songs-by-group-members", group=value)
    assert "parameter 'group'" in str(info.value)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_bindings_of_any_query_are_values(kg: kgost.KnowledgeGraph, value: str, no_fetching: list[str]) -> None:
    result = kg.sparql("SELECT ?s ?name WHERE { ?s kgost:name ?name }", bindings={"name": value})
    assert result.rows == []
    # and the value comes back unchanged when the query just returns it
    echoed = kg.sparql("SELECT ?v WHERE { }", bindings={"v": value})
    assert echoed.terms == [(Literal(value),)] and echoed[0].v == value


def test_an_iri_parameter_is_an_iri_not_a_file(kg: kgost.KnowledgeGraph, tmp_path: Path, no_fetching: list[str]) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text('<urn:x:secret> <urn:x:says> "leaked" .\n', encoding="utf-8")
    result = kg.sparql("SELECT ?p ?o WHERE { ?s ?p ?o }", bindings={"s": URIRef(secret.as_uri())})
    assert result.rows == []
    param = kgost.QueryParameter("where", "iri")
    assert param.to_term(f"<{secret.as_uri()}>") == URIRef(secret.as_uri())
    for bad in ('urn:x" } UNION { ?s ?p ?o', "http://x/a b", "urn:x>{"):
        with pytest.raises(kgost.ParameterError, match="parameter 'where'"):
            param.to_term(bad)


def test_hostile_values_for_typed_parameters_are_refused(kg: kgost.KnowledgeGraph) -> None:
    for value in ("2 } UNION { ?s ?p ?o }", "2\n", "2.5", "two"):
        with pytest.raises(kgost.ParameterError, match="parameter 'min'"):
            kg.query("people-on-several-songs", min=value if value != "2\n" else "2\n#")
    with pytest.raises(kgost.ParameterError, match="parameter 'since'"):
        kg.query("songs-released-between", since='2020-01-01" } #')
    with pytest.raises(kgost.ParameterError, match="parameter 'inferred'"):
        kg.query("fact-sources", inferred="true || 1")


def test_bindings_names_must_be_variable_names(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        kg.sparql("SELECT * WHERE { ?s ?p ?o }", bindings={"s } UNION { ?x": "x"})
    assert kg.sparql("SELECT ?n WHERE { person:v kgost:name ?n }", bindings={"?n": "V"}).column("n") == ["V"]


REFUSED = {
    "from": "SELECT * FROM <{uri}> WHERE {{ ?s ?p ?o }}",
    "from named": "SELECT * FROM NAMED <{uri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "from in construct": "CONSTRUCT {{ ?s ?p ?o }} FROM <{uri}> WHERE {{ ?s ?p ?o }}",
    "from in ask": "ASK FROM <{uri}> {{ ?s ?p ?o }}",
    "from in describe": "DESCRIBE ?s FROM <{uri}> WHERE {{ ?s ?p ?o }}",
    "from after a comment": "SELECT * # a comment\nFROM <{uri}> WHERE {{ ?s ?p ?o }}",
    "service": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "silent service in optional": "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?r }} }} }}",
    "service in a subquery": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "service in exists": "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "load": "LOAD <{uri}>",
    "load into": "LOAD SILENT <{url}> INTO GRAPH <urn:x:g>",
    "insert": "INSERT DATA {{ <urn:x:s> <urn:x:p> <urn:x:o> }}",
    "delete where": "DELETE WHERE {{ ?s ?p ?o }}",
    "clear": "CLEAR ALL",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_queries_that_read_outside_data_are_refused(
    kg: kgost.KnowledgeGraph, tmp_path: Path, network_trap, name: str, no_fetching: list[str]
) -> None:
    data = tmp_path / "outside.ttl"
    data.write_text('<urn:x:s> <urn:x:p> "outside" .\n', encoding="utf-8")
    text = REFUSED[name].format(uri=data.as_uri(), url=network_trap.iri())
    with pytest.raises(QueryError, match="refused") as info:
        kg.sparql(text)
    assert not isinstance(info.value, QuerySyntaxError)
    with pytest.raises(QueryError, match="refused"):
        kg.store.query(text)  # the store refuses it too, whoever calls it
    network_trap.check()


def test_the_threat_is_real_without_kgost(tmp_path: Path, network_trap) -> None:
    """Plain rdflib does read a FROM file and call a SERVICE: the refusals above matter."""
    network_trap.expect_requests()
    data = tmp_path / "outside.ttl"
    data.write_text('<urn:x:s> <urn:x:p> "outside" .\n', encoding="utf-8")
    plain = rdflib.Dataset()
    rows = list(plain.query(f"SELECT ?o FROM <{data.as_uri()}> WHERE {{ ?s ?p ?o }}"))
    assert [str(r[0]) for r in rows] == ["outside"]
    rows = list(plain.query(f"SELECT ?s WHERE {{ SERVICE <{network_trap.iri()}> {{ ?s ?p ?o }} }}"))
    assert [str(r[0]) for r in rows] == ["urn:leaked"] and len(network_trap.hits) == 1


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s kgost:name ?n } # FROM <file:///etc/passwd>",
        'SELECT ?x WHERE { BIND ("SERVICE <http://example.org/> LOAD FROM" AS ?x) }',
        "SELECT * WHERE { GRAPH s:e08-1 { ?s ?p ?o } }",
        "# LOAD <file:///etc/passwd>\nASK { ?s ?p ?o }",
    ],
)
def test_keywords_in_comments_strings_and_graph_patterns_are_fine(kg: kgost.KnowledgeGraph, text: str, no_fetching: list[str]) -> None:
    result = kg.sparql(text)
    assert result.kind in ("select", "ask") and bool(result)


def test_other_engines_are_checked_by_the_graph(no_fetching: list[str]) -> None:
    """An engine that does not declare ``capabilities.checks_queries`` gets every query checked by
    kgost first."""

    class Recording(kgost.RdflibStore):
        capabilities = kgost.StoreCapabilities(checks_queries=False)
        seen: list[str] = []

        def query(self, sparql: str, *, bindings=None):  # type: ignore[no-untyped-def, override]
            self.seen.append(sparql)
            return super().query(sparql, bindings=bindings)

    kg = kgost.load(store=Recording())
    with pytest.raises(QueryError, match="SERVICE"):
        kg.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert not any("SERVICE" in q for q in Recording.seen)
