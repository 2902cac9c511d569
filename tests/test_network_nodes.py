"""How the fact views read their node data: a few entities by name or the whole table, names, types."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgost
from kgost._namespace import KGOST
from rdflib.namespace import RDF
from kgost.networks._nodes import node_data

@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_node_data_of_a_few_named_entities_is_that_of_the_whole_table(store: str) -> None:
    """Up to a few hundred entities are read by name (a ``VALUES`` block in each query); more from
    every entity's rows: both give the same data, for named entities and for those labelled by
    their position and chart, award or song."""
    kg = kgost.load(store=store)
    iris = [row[0] for row in kg.sparql_raw("SELECT DISTINCT ?x WHERE { ?x a ?type FILTER (isIRI(?x)) }").rows]
    assert len(iris) > 200
    every = node_data(kg, iris)
    few = ["https://w3id.org/kgost/id/person/chen", "https://w3id.org/kgost/id/article/top-10-romantic-kdrama-osts/item/10",
           "https://w3id.org/kgost/id/chart-entry/christmas-tree-billboard-digital-song-sales",
           "https://w3id.org/kgost/id/nomination/chanyeol-melon-top-10-artist-award"]
    by_name = node_data(kgost.load(store=store), few)
    assert by_name == {key: every[key] for key in by_name}
    assert [by_name[key]["label"] for key in sorted(by_name)] == [
        "#1 on Billboard Digital Song Sales", "ranked #10", "Melon Top 10 Artist Award nomination", "Chen"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_node_with_several_names_is_labelled_by_the_least(store: str, tmp_path: Path) -> None:
    extra = tmp_path / "names.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        "@prefix song: <https://w3id.org/kgost/id/song/> .\n"
        'person:twice kgost:name "Zed", "Abe", "Mia" .\nsong:orbit kgost:performer person:twice .\n',
        encoding="utf-8",
    )
    kg = kgost.load(store=store)
    kg.add(extra)
    assert kg.network().nodes["person:twice"]["label"] == "Abe"


def test_types_read_a_row_per_type_are_those_read_a_row_per_statement() -> None:
    """On a store that keeps blank nodes as IRIs (Oxigraph) every entity's types are read a row
    per type (its entities as one text); a real blank node (left by another program) makes them
    read a row per statement: both give each entity the types the plain query gives it."""
    import pyoxigraph as ox

    from kgost.networks._nodes import _TYPES, node_types, plain_rows

    kg = kgost.load(store="oxigraph")
    rows = plain_rows(kg, _TYPES % "")
    expected: dict[str, set[str]] = {}
    for x, rdf_type in rows:
        expected.setdefault(x, set()).add(rdf_type)  # type: ignore[arg-type]
    assert len(expected) > 200
    assert {x: set(types) for x, types in node_types(kg, expected, whole=False).items()} == expected
    kg.store._store.add(ox.Quad(ox.BlankNode("left"), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KGOST.Song))))
    [blank] = {x for x, _ in plain_rows(kg, _TYPES % "")} - set(expected)
    expected[blank] = {str(KGOST.Song)}  # type: ignore[index]
    found = node_types(kg, expected, whole=False)
    assert {x: set(types) for x, types in found.items()} == expected
