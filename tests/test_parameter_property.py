"""Property (issue 8): no parameter value changes the structure of a named query, on any engine."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

import kgost

EX = "https://example.org/property/"
QUERY = f"""#+ summary: The value ?v of a subject ?s that also has the value ?w
#+ params:
#+   - s: iri  -- the subject
#+   - v: str  -- a value of ex:p (projected: Oxigraph binds it itself)
#+   - w: str  -- a value of ex:q (not projected: written into the query text)
SELECT ?v WHERE {{
    ?s <{EX}p> ?v .   # a comment with a "quote" and a {{ brace
    ?s <{EX}q> ?w .
}}
"""

# Pieces that would end a token or a line on one lexer or another.
HOSTILE = ['"', "'", '"""', "\\", '\\"', "\\u0022", "\\U00000022", "\n", "\r", "\r\n", "{", "}", "#", ">", "<", "?",
           "\u2028", "\u2029", "\x85", "\x00", "\t", " ) } SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } #", " . ", "u"]
VALUES = st.lists(st.one_of(st.sampled_from(HOSTILE), st.characters(exclude_categories=("Cs",))), max_size=12).map("".join)


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> kgost.NamedQuery:
    folder = tmp_path_factory.mktemp("queries")
    (folder / "match_values.rq").write_text(QUERY, encoding="utf-8")
    return kgost.named_query("match-values", folder=folder)


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def tiny(request: pytest.FixtureRequest) -> kgost.KnowledgeGraph:
    return kgost.load(bundled=False, store=request.param)


_subjects = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(v=VALUES, w=VALUES)
@example(v="x\n\\\"", w=" ) } SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } #")  # the attack of issue 8
@example(v="a", w="x\n\\\"")
@example(v="\\u0022", w="\r\\U00000022\u2028")
def test_a_bound_value_matches_only_itself(tiny: kgost.KnowledgeGraph, named: kgost.NamedQuery, network_trap, v: str, w: str) -> None:
    subject = URIRef(f"{EX}s{next(_subjects)}")
    graph = URIRef(f"{EX}g")
    tiny.store.add([(subject, URIRef(f"{EX}p"), Literal(v), graph), (subject, URIRef(f"{EX}q"), Literal(w), graph)])
    rows = named.run(tiny, s=str(subject), v=v, w=w)
    assert [row.v for row in rows] == [v]  # exactly the one row holding these very values
    # A value one character longer matches nothing: the value is compared, not parsed.
    assert len(named.run(tiny, s=str(subject), v=v, w=w + "x")) == 0
    network_trap.check()


def test_the_property_query_is_a_real_named_query(named: kgost.NamedQuery) -> None:
    assert [p.name for p in named.params] == ["s", "v", "w"] and isinstance(named.path, Path)
