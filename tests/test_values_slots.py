"""The rdflib store parses a query once for every set of IRIs in its VALUES blocks (kgost writes
the IRIs it asks about there: network hops, focus nodes, labels), and answers as if each text
had been parsed on its own: same rows, own rows per thread, errors placed in the text as given."""

from __future__ import annotations

import importlib.util
import threading

import pytest
from rdflib import Literal, URIRef

import kgost
from kgost.stores import _rdflib, _slots

MEMBERS = """SELECT ?group ?name WHERE {{
    VALUES ?group {{ {groups} }}
    ?person kgost:memberOf ?group ; kgost:name ?name .
}} ORDER BY ?group ?name"""
GROUPS = ["group:exo-cbx", "group:exo", "group:exo-cbx group:exo", "group:exo group:exo", "group:nobody-at-all"]


def _iris(compact: str) -> str:
    return " ".join(f"<{kgost.expand_iri(name)}>" for name in compact.split())


@pytest.fixture
def as_given(monkeypatch: pytest.MonkeyPatch):
    """Run a query on the rdflib store with every text parsed as it is (no slots)."""
    def run(kg: kgost.KnowledgeGraph, text: str) -> list[tuple]:
        with monkeypatch.context() as patch:
            patch.setattr(_rdflib, "templated", lambda sparql: (sparql, []))
            return kg.sparql_raw(text).rows
    return run


def test_rows_are_those_of_the_text_parsed_as_it_is(kg: kgost.KnowledgeGraph, as_given) -> None:
    texts = [MEMBERS.format(groups=_iris(g)) for g in GROUPS]
    texts.append("""SELECT ?x ?y WHERE {{ VALUES ?x {{ {a} }} {{ SELECT ?y WHERE {{ VALUES ?y {{ {b} }} }} }} }}""".format(
        a=_iris("person:chen person:xiumin"), b=_iris("group:exo group:exo-cbx group:exo")))
    for text in texts:
        assert _slots.templated(text)[1], text  # each is given slots
        assert kg.sparql_raw(text).rows == as_given(kg, text), text
    assert [len(kg.sparql_raw(t).rows) for t in texts[:5]] == [3, len(kg.query("group-members", group="EXO")), 3 + len(kg.query("group-members", group="EXO")), 2 * len(kg.query("group-members", group="EXO")), 0]


def test_one_parse_for_every_set_of_iris(kg: kgost.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    people = sorted(kgost.compact_iri(row[0]) for row in kg.sparql_raw("SELECT ?x WHERE { ?x a kgost:Person ; kgost:name ?n }").rows)[:5]
    parsed: list[str] = []
    real = _rdflib._prepare
    monkeypatch.setattr(_rdflib, "_prepare", lambda text: parsed.append(text) or real(text))
    query = "SELECT ?x ?name WHERE { VALUES ?x { %s } ?x kgost:name ?name } # kgost-test-one-parse"
    answers = [kg.sparql_raw(query % _iris(" ".join(people[:n]))).rows for n in range(1, 6)]
    assert [len(rows) for rows in answers] == [1, 2, 3, 4, 5]
    assert len(parsed) <= 1  # none when another test parsed the template already


def test_each_thread_gets_its_own_rows(kg: kgost.KnowledgeGraph) -> None:
    expected = {g: kg.sparql_raw(MEMBERS.format(groups=_iris(g))).rows for g in ("group:exo-cbx", "group:exo")}
    wrong: list[str] = []

    def ask(group: str) -> None:
        for _ in range(30):
            if kg.sparql_raw(MEMBERS.format(groups=_iris(group))).rows != expected[group]:
                wrong.append(group)

    threads = [threading.Thread(target=ask, args=(g,)) for g in ("group:exo-cbx", "group:exo") * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_syntax_error_is_placed_in_the_text_as_given(kg: kgost.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "SELECT ?x WHERE {\n  VALUES ?x {\n    <urn:ex:a>\n    <urn:ex:b>\n  }\n  ?x ?p ?o ?extra\n}"
    with pytest.raises(kgost.QuerySyntaxError) as error:
        kg.sparql_raw(text)
    monkeypatch.setattr(_rdflib, "templated", lambda sparql: (sparql, []))
    with pytest.raises(kgost.QuerySyntaxError) as as_given:
        kg.sparql_raw(text)
    assert (error.value.line, error.value.column) == (as_given.value.line, as_given.value.column) == (6, 12)
    assert str(error.value) == str(as_given.value)


def test_text_that_only_looks_like_a_block_is_left_alone(kg: kgost.KnowledgeGraph, as_given) -> None:
    inside_a_string = 'SELECT ?t WHERE { BIND ("VALUES ?x { <urn:ex:a> }" AS ?t) }'
    assert kg.sparql_raw(inside_a_string).rows == [(Literal("VALUES ?x { <urn:ex:a> }"),)]
    naming_a_slot = "SELECT ?x WHERE { VALUES ?x { <urn:kgost:values-slot:0> <urn:ex:b> } }"
    assert kg.sparql_raw(naming_a_slot).rows == [(URIRef("urn:kgost:values-slot:0"),), (URIRef("urn:ex:b"),)]
    relative = "BASE <urn:ex:> SELECT ?x WHERE { VALUES ?x { <a> } }"
    assert kg.sparql_raw(relative).rows == as_given(kg, relative)


def test_a_query_that_spells_a_slot_iri_itself_is_answered_as_written(kg: kgost.KnowledgeGraph, as_given) -> None:
    texts = ["PREFIX k: <urn:kgost:values-> SELECT * WHERE { VALUES ?x { <urn:ex:a> } VALUES ?y { k:slot:abc } }",
             "PREFIX k: <urn:kgost:values-> SELECT * WHERE { VALUES ?x { <urn:ex:a> } VALUES ?y { k:slot:0 } }"]
    for text in texts:
        assert kg.sparql_raw(text).rows == as_given(kg, text) != []


def test_select_star_columns_are_those_of_the_text_as_given(kg: kgost.KnowledgeGraph, as_given) -> None:
    """``SELECT *`` lists the variables in the order the text shows them, as Oxigraph does; the
    template no longer holds the IRIs (one reads ``?o``)."""
    text = "SELECT * WHERE { VALUES ?s { <http://ex.org/item?o=1> } OPTIONAL { ?s ?p ?o } }"
    ours = kg.sparql_raw(text)
    pytest.importorskip("pyoxigraph")
    oxigraph = kgost.load(store="oxigraph", bundled=False)
    assert ours.variables == oxigraph.sparql_raw(text).variables == ("s", "o", "p")


def test_inside_exists_values_take_slots_and_an_error_is_an_error(as_given) -> None:
    """rdflib keeps an EXISTS pattern as an attribute of its filter: its VALUES take slots, and an
    expression there that cannot be evaluated is a SPARQL error (false), as Oxigraph says, not the
    end of the whole filter."""
    empty = kgost.load(bundled=False)
    text = ('PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?x WHERE { VALUES ?x { <urn:ex:a> <urn:ex:b> }'
            ' FILTER EXISTS { VALUES ?y { <urn:ex:a> } FILTER (YEAR("2021-13-45"^^xsd:date) > 0 || ?x = ?y) } }')
    assert empty.sparql_raw(text).rows == as_given(empty, text) == [(URIRef("urn:ex:a"),)]
    if importlib.util.find_spec("pyoxigraph") is not None:
        assert kgost.load(store="oxigraph", bundled=False).sparql_raw(text).rows == [(URIRef("urn:ex:a"),)]
