"""Pre-binding by VALUES, which the Oxigraph and SPARQL-server stores use (the store matrix is in test_stores.py)."""

from __future__ import annotations

import pytest
from rdflib import Literal

import kgost
from kgost.querying._values import with_values


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
