"""The engine-native data path (issue 10): engine parsing and writing, cached query parses, the
name index, neighbourhood-only views; each gives the answers of the generic path."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from export_helpers import assert_same_dataset

import kgost
from kgost._namespace import PREFIXES
from kgost.networks._views import neighbourhood
from kgost.readwrite._io import read_rdf
from kgost.readwrite._trig import nquads_to_trig

DATA = Path(__file__).resolve().parent / "data"
TRICKY = DATA / "export" / "tricky.trig"


def test_oxigraph_reads_files_with_its_own_parser_and_keeps_the_same_quads(tmp_path: Path) -> None:
    turtle = tmp_path / "mine.ttl"
    turtle.write_text(
        "@prefix e: <https://example.org/> .\n"
        'e:a e:b [ e:c "x"@en ; e:d ( 1 2 ) ] ; e:e "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
        encoding="utf-8",
    )
    for path in (TRICKY, turtle):
        engine = kgost.load(path, bundled=False, store="oxigraph")
        assert engine.store.capabilities.engine_rdf
        generic = kgost.load(path, bundled=False)
        # the same canonical N-Quads; Oxigraph's parser writes language tags in lower case
        # (they are case-insensitive)
        lower = lambda text: re.sub(r'"@([A-Za-z0-9-]+)', lambda m: '"@' + m.group(1).lower(), text)  # noqa: E731
        expected = lower(generic.export(format="nquads", canonical=True))
        assert engine.export(format="nquads", canonical=True) == expected and len(expected.splitlines()) == len(read_rdf(path))


def test_a_failed_engine_load_adds_nothing_and_names_the_place(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl"
    good.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    bad.write_text("@prefix e: <https://example.org/> .\ne:a e:b e:c .\ne:a e:b", encoding="utf-8")
    kg = kgost.load(store="oxigraph")
    before = len(kg)
    with pytest.raises(kgost.ParseError) as caught:
        kg.add(good, bad)
    assert caught.value.path == str(bad) and caught.value.line == 3
    assert len(kg) == before and kg.files == []


def test_the_rdflib_store_prepares_each_query_text_once() -> None:
    from kgost.stores._rdflib import _PREPARED

    kg = kgost.load()
    query = "SELECT ?name WHERE { ?x kgost:name ?name } ORDER BY ?name LIMIT 2 # prepared once"
    first = kg.sparql_raw(query).rows
    prepared = len(_PREPARED)
    assert kg.sparql_raw(query).rows == first and len(_PREPARED) == prepared
    assert kgost.load().sparql_raw(query).rows == first and len(_PREPARED) == prepared  # another store: shared
    kg.sparql_raw(query + " ")  # another text: prepared on its own
    assert len(_PREPARED) == prepared + 1


def test_a_pattern_inside_each_named_graph_matches_as_rdflib_memory_does() -> None:
    kg = kgost.load()
    query = "SELECT ?g ?t WHERE { GRAPH ?g { ?s kgost:title ?t } ?g kgost:text ?text } ORDER BY ?g ?t"
    plain = rdflib.Dataset(default_union=True)
    for s, p, o, g in kg.store.quads():
        plain.graph(g).add((s, p, o))
    expected = [tuple(row) for row in plain.query(query, initNs={"kgost": PREFIXES["kgost"]})]
    assert expected and kg.sparql_raw(query).rows == expected


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_the_name_index_follows_every_change(tmp_path: Path, engine: str) -> None:
    kg = kgost.load(store=engine)
    with pytest.raises(kgost.EntityNotFoundError):
        kg.resolve("Brand New Song")
    mine = tmp_path / "new.ttl"
    mine.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        '<https://w3id.org/kgost/id/song/brand-new> a kgost:Song ; kgost:title "Brand New Song" .\n',
        encoding="utf-8",
    )
    kg.add(mine)
    assert kgost.compact_iri(kg.resolve("brand new song").iri) == "song:brand-new"
    kg.store.remove(kg.store.quads())
    with pytest.raises(kgost.EntityNotFoundError):
        kg.resolve("Brand New Song")


#: Another article's classes: a subclass chain below a kgost class, a blank-node link in a chain, a
#: cycle, and a class outside kgost; each with a labelled instance
_OWN_CLASSES = """@prefix kgost: <https://w3id.org/kgost/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix e: <https://example.org/> .
e:Ballad a owl:Class ; rdfs:subClassOf kgost:Song .
e:SlowBallad a owl:Class ; rdfs:subClassOf e:Ballad .
e:Hidden a owl:Class ; rdfs:subClassOf [ rdfs:subClassOf kgost:Person ] .
e:Loop a owl:Class ; rdfs:subClassOf e:Round . e:Round a owl:Class ; rdfs:subClassOf e:Loop .
e:Other a owl:Class .
e:s1 a e:SlowBallad ; kgost:title "Slow One" . e:h1 a e:Hidden ; kgost:name "Hidden Person" .
e:l1 a e:Loop ; kgost:name "Looped" . e:o1 a e:Other ; kgost:name "Outsider" .
"""
_OLD_CLASS_DEPTHS = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(DISTINCT ?super) AS ?depth) WHERE {
    ?class a owl:Class . FILTER (isIRI(?class))
    OPTIONAL { ?class rdfs:subClassOf+ ?super . ?super a owl:Class FILTER (isIRI(?super)) }
} GROUP BY ?class"""


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_the_name_index_and_class_depths_give_what_the_queries_give(tmp_path: Path, engine: str) -> None:
    """The name index's rows are find_entity.rq's for an empty name, and class depths are what one
    SPARQL path query counts, on a graph with its own subclasses (a chain, a blank node, a cycle)."""
    from kgost._lookup import _lookup_sparql, _NameIndex, class_depths

    mine = tmp_path / "classes.ttl"
    mine.write_text(_OWN_CLASSES, encoding="utf-8")
    kg = kgost.load(mine, store=engine)
    expected = {tuple(row[:4]) for row in kg.sparql_raw(_lookup_sparql(), bindings={"name": rdflib.Literal("")}).rows}
    got = [tuple(row[:4]) for row, _ in _NameIndex(kg).rows]
    assert len(got) == len(set(got)) and set(got) == expected
    assert {str(r[3]) for r in got} >= {"Slow One", "Hidden Person"} and not {"Looped", "Outsider"} & {str(r[3]) for r in got}
    depths = class_depths(kg)
    declared = {c: int(d) for c, d in kg.sparql_raw(_OLD_CLASS_DEPTHS).rows}
    assert {c: depths[c] for c in declared} == declared
    e = "https://example.org/"
    assert [declared[rdflib.URIRef(e + n)] for n in ("SlowBallad", "Hidden", "Loop", "Other")] == [
        declared[rdflib.URIRef(PREFIXES["kgost"] + "Song")] + 2, declared[rdflib.URIRef(PREFIXES["kgost"] + "Person")] + 1, 2, 0]


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
@pytest.mark.parametrize("view", ["artist", "full"])
def test_a_neighbourhood_read_around_an_entity_equals_the_cut_of_the_whole_view(engine: str, view: str) -> None:
    kg = kgost.load(store=engine)
    whole = kg.network(view=view)
    for name, depth in (("EXO-CBX", 1), ("Punch", 2), ("song:for-you", 0), ("Chen", 3)):
        cut = neighbourhood(kg, whole, name, depth=depth)
        read = kg.network(view=view, around=name, depth=depth)
        assert nx.utils.graphs_equal(read, cut) and list(read.edges(keys=True, data=True)) == list(cut.edges(keys=True, data=True))


@pytest.mark.parametrize("fmt", ["trig", "turtle"])
def test_trig_and_turtle_hold_the_graph_and_read_back(fmt: str) -> None:
    kg = kgost.load(TRICKY, bundled=False)
    text = kg.export(format=fmt, graph=None if fmt == "trig" else "union")
    if fmt == "trig":
        back = rdflib.Dataset()
        back.parse(data=text, format="trig")
        assert_same_dataset(kg.store.quads(), back.quads((None, None, None, None)))
    else:
        assert len(rdflib.Graph().parse(data=text, format="turtle")) == len({q[:3] for q in kg.store.quads()})


def test_trig_groups_subjects_and_compacts_iris() -> None:
    lines = (
        '<https://w3id.org/kgost/id/song/a> <https://w3id.org/kgost/ontology#title> "A" <urn:g> .\n'
        '<https://w3id.org/kgost/id/song/a> <https://w3id.org/kgost/ontology#title> "B" <urn:g> .\n'
        "<https://w3id.org/kgost/id/song/a> <urn:p> <https://w3id.org/kgost/id/song/x%20y> <urn:g> .\n"
        '_:b <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:h> .\n'
    )
    assert nquads_to_trig(lines, graphs=True) == (
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix song: <https://w3id.org/kgost/id/song/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n<urn:g> {\n"
        '    song:a kgost:title "A", "B" ;\n'
        "        <urn:p> <https://w3id.org/kgost/id/song/x%20y> .\n"
        "}\n"
        "\n<urn:h> {\n"
        '    _:b <urn:p> "1"^^xsd:integer .\n'
        "}\n"
    )


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
@pytest.mark.parametrize("view", ["artist", "full"])
def test_a_neighbourhood_read_hop_by_hop_equals_the_cut_of_the_whole_view(engine: str, view: str, monkeypatch) -> None:
    from kgost.networks import _views

    kg = kgost.load(store=engine)
    whole = kg.network(view=view)
    monkeypatch.setattr(_views, "_small", lambda kg: False)  # as on a large graph: no whole view is built
    monkeypatch.setattr(_views, "kept_already", lambda kg, key: None)  # nor the one above used
    for name, depth in (("EXO-CBX", 1), ("Punch", 2), ("song:for-you", 0), ("Chen", 3)):
        cut = neighbourhood(kg, whole, name, depth=depth)
        read = kg.network(view=view, around=name, depth=depth)
        assert nx.utils.graphs_equal(read, cut) and list(read.edges(keys=True, data=True)) == list(cut.edges(keys=True, data=True))


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_views_are_kept_per_version_and_handed_out_as_copies(engine: str, tmp_path: Path) -> None:
    kg = kgost.load(store=engine)
    first = kg.network(view="people")
    first.remove_node("person:chen")
    [(a, b, data)] = [e for e in first.edges(data=True)][:1]
    data["reasons"].append("changed by a caller")
    again = kg.network(view="people")
    assert "person:chen" in again and "changed by a caller" not in again.edges[a, b]["reasons"]
    assert again is not kg.network(view="people")
    around = kg.network(view="artist", around="EXO-CBX")
    around.nodes["group:exo"]["label"] = "changed"
    assert kg.network(view="artist").nodes["group:exo"]["label"] == "EXO"
    mine = tmp_path / "new.ttl"
    mine.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "<https://w3id.org/kgost/id/person/new-singer> a kgost:Person ; kgost:name \"New Singer\" .\n"
        "<https://w3id.org/kgost/id/song/everytime> kgost:performer <https://w3id.org/kgost/id/person/new-singer> .\n",
        encoding="utf-8",
    )
    kg.add(mine)  # a new version of the data: the views are built again
    assert kg.network(view="artist").has_edge("person:new-singer", "song:everytime")
    assert "person:new-singer" in kg.network(view="artist", around="Everytime")


@pytest.mark.parametrize("fmt", ["nquads", "turtle", "trig", "jsonld"])
def test_engine_exports_split_lines_at_line_feeds_only(tmp_path: Path, fmt: str) -> None:
    """Canonical N-Quads write U+2028, U+2029 and U+0085 as themselves (str.splitlines would
    split at them): the engine's export keeps such literals whole, as the generic path does."""
    source = tmp_path / "separators.nq"
    source.write_text(
        '<https://w3id.org/kgost/id/song/a> <https://w3id.org/kgost/ontology#title> "a\u2028b\u2029c\x85d" <urn:g> .\n'
        '<https://w3id.org/kgost/id/song/b> <https://w3id.org/kgost/ontology#title> "e\u2028" <urn:g> .\n',
        encoding="utf-8",
    )
    engine = kgost.load(source, bundled=False, store="oxigraph").export(format=fmt, graph="union" if fmt == "turtle" else None)
    assert engine == kgost.load(source, bundled=False).export(format=fmt, graph="union" if fmt == "turtle" else None)
    assert "a\u2028b\u2029c\x85d" in engine
