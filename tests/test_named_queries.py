"""Every named query in queries/ runs on the bundled data and gives the answer the article implies."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import rdflib
from rdflib import URIRef
from rdflib.compare import graph_diff, isomorphic

import kgost
from kgost import KGOST, PREFIXES
from kgost._resources import queries_dir


def table(result: kgost.QueryResult, /, *columns: str) -> list[tuple[Any, ...]]:
    """The chosen columns of every row, IRIs compacted."""
    return [tuple(kgost.compact_iri(row[c]) if isinstance(row[c], URIRef) else row[c] for c in columns) for row in result]


# name -> (parameters, check). Each check asserts the complete answer on the bundled data.
Check = Callable[[kgost.QueryResult], None]
EXPECTED: dict[str, tuple[str, dict[str, Any], Check]] = {}


def expect(name: str, /, **params: Any) -> Callable[[Check], Check]:
    """Register ``check`` as the expected answer of ``kg.query(name, **params)``."""

    def register(check: Check) -> Check:
        key = name + "".join(f" {k}={v!r}" for k, v in params.items())
        assert key not in EXPECTED, f"two checks for {key}"
        EXPECTED[key] = (name, params, check)
        return check

    return register


@expect("songs")
def _songs(r: kgost.QueryResult) -> None:
    assert r.variables == ("song", "title", "seriesTitle", "performer", "performerName")
    assert table(r, "title", "seriesTitle", "performerName") == [
        ("Christmas Tree", "Our Beloved Summer", "V"),
        ("Don’t Cry My Love", "Under the Oak Tree", "Cha Eunwoo"),
        ("Everytime", "Descendants of The Sun", "Chen"),
        ("Everytime", "Descendants of The Sun", "Punch"),
        ("Fall in You", "True Beauty", "Ha Sungwoon"),
        ("For You", "Scarlet Heart Ryeo", "EXO-CBX"),
        ("Here Always", "Hometown Cha-Cha-Cha", "Seungmin"),
        ("Here I Am Again", "Crash Landing on You", "Baek Yerin"),
        ("In Your Time", "It’s Okay to Not Be Okay", "Lee Suhyun"),
        ("Orbit", "The King: Eternal Monarch", "Hwasa"),
        ("Stay with Me", "Guardian: The Lonely and Great God", "Chanyeol"),
        ("Stay with Me", "Guardian: The Lonely and Great God", "Punch"),
    ]
    assert table(r, "performer")[5] == ("group:exo-cbx",)


@expect("ranked-list")
def _ranked(r: kgost.QueryResult) -> None:
    assert [row.position for row in r] == [1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 10]
    assert all(isinstance(row.position, int) for row in r)
    assert table(r, "position", "title", "kind", "performerName", "groupName") == [
        (1, "Christmas Tree", "TV drama", "V", "BTS"),
        (2, "Fall in You", "TV drama", "Ha Sungwoon", None),
        (3, "Here Always", "TV drama", "Seungmin", "Stray Kids"),
        (4, "Orbit", "TV drama", "Hwasa", "MAMAMOO"),
        (5, "In Your Time", "TV drama", "Lee Suhyun", "AKMU"),
        (6, "Don’t Cry My Love", "webtoon series", "Cha Eunwoo", None),
        (7, "Here I Am Again", "TV drama", "Baek Yerin", None),
        (8, "Stay with Me", "TV drama", "Chanyeol", "EXO"),
        (8, "Stay with Me", "TV drama", "Punch", None),
        (9, "For You", "TV drama", "EXO-CBX", None),
        (10, "Everytime", "TV drama", "Chen", "EXO"),
        (10, "Everytime", "TV drama", "Punch", None),
    ]
    assert {row.seriesTitle for row in r if row.position == 3} == {"Hometown Cha-Cha-Cha"}


@expect("group-members")
def _group_members_default(r: kgost.QueryResult) -> None:
    assert table(r, "member", "subUnitName") == [
        ("person:baekhyun", "EXO-CBX"),
        ("person:chanyeol", None),
        ("person:chen", "EXO-CBX"),
        ("person:xiumin", "EXO-CBX"),
    ]


@expect("group-members", group="EXO CBX")
def _group_members_subunit(r: kgost.QueryResult) -> None:
    assert table(r, "name", "subUnitName") == [("Baekhyun", None), ("Chen", None), ("Xiumin", None)]


@expect("songs-by-group-members", group="EXO")
def _exo_songs(r: kgost.QueryResult) -> None:
    assert sorted({row.title for row in r}) == ["Everytime", "For You", "Stay with Me"]
    assert table(r, "title", "memberName", "via") == [
        ("Everytime", "Chen", None),
        ("For You", "Baekhyun", "EXO-CBX"),
        ("For You", "Chen", "EXO-CBX"),
        ("For You", "Xiumin", "EXO-CBX"),
        ("Stay with Me", "Chanyeol", None),
    ]


@expect("songs-by-group-members", group="group:bts")
def _bts_songs(r: kgost.QueryResult) -> None:
    assert table(r, "title", "memberName", "via") == [("Christmas Tree", "V", None)]


@expect("songs-by-group-members", group="EXO-CBX")
def _exo_cbx_songs(r: kgost.QueryResult) -> None:
    # the sub-unit's own song counts: its members sing it as EXO-CBX
    assert table(r, "title", "memberName", "via") == [
        ("Everytime", "Chen", None),
        ("For You", "Baekhyun", "EXO-CBX"),
        ("For You", "Chen", "EXO-CBX"),
        ("For You", "Xiumin", "EXO-CBX"),
    ]


@expect("songs-by-person")
def _chen(r: kgost.QueryResult) -> None:
    assert table(r, "title", "seriesTitle", "as") == [
        ("Everytime", "Descendants of The Sun", None),
        ("For You", "Scarlet Heart Ryeo", "EXO-CBX"),
    ]


@expect("songs-by-person", person="punch")
def _punch(r: kgost.QueryResult) -> None:
    assert table(r, "title") == [("Everytime",), ("Stay with Me",)]


@expect("shared-people")
def _shared(r: kgost.QueryResult) -> None:
    assert table(r, "titleA", "roleA", "name", "titleB", "roleB") == [
        ("Don’t Cry My Love", "sings", "Cha Eunwoo", "Fall in You", "acts in its series"),
        ("Everytime", "sings", "Chen", "For You", "sings in EXO-CBX"),
        ("Everytime", "sings", "Punch", "Stay with Me", "sings"),
    ]


@expect("singers-who-act")
def _sing_and_act(r: kgost.QueryResult) -> None:
    assert table(r, "name", "songTitle", "seriesTitle", "characterName") == [
        ("Baekhyun", "For You", "Scarlet Heart Ryeo", None),
        ("Cha Eunwoo", "Don’t Cry My Love", "True Beauty", "Lee Suho"),
    ]


@expect("people-on-several-songs")
def _several(r: kgost.QueryResult) -> None:
    assert table(r, "name", "songs", "title") == [
        ("Chen", 2, "Everytime"),
        ("Chen", 2, "For You"),
        ("Punch", 2, "Everytime"),
        ("Punch", 2, "Stay with Me"),
    ]


@expect("people-on-several-songs", min=1)
def _several_min1(r: kgost.QueryResult) -> None:
    names = {row.name for row in r}
    # every singer of the list, in person or through EXO-CBX
    assert names == {"V", "Ha Sungwoon", "Seungmin", "Hwasa", "Lee Suhyun", "Cha Eunwoo", "Baek Yerin",
                     "Punch", "Chanyeol", "Chen", "Baekhyun", "Xiumin"}
    assert [row.name for row in r][:4] == ["Chen", "Chen", "Punch", "Punch"]


@expect("people-on-several-songs", min=3)
def _several_min3(r: kgost.QueryResult) -> None:
    assert len(r) == 0 and r.variables == ("person", "name", "songs", "title")


@expect("series-cast", series="true beauty")
def _true_beauty(r: kgost.QueryResult) -> None:
    assert table(r, "seriesTitle", "actorName", "characterName") == [
        ("True Beauty", "Cha Eunwoo", "Lee Suho"),
        ("True Beauty", "Mun Kayoung", "Im Jukyung"),
    ]


@expect("series-cast", series="Under the Oak Tree")
def _webtoon_characters(r: kgost.QueryResult) -> None:
    # a webtoon series: characters, no actors
    assert table(r, "seriesTitle", "actorName", "characterName") == [
        ("Under the Oak Tree", None, "Maximillian Calypse"),
        ("Under the Oak Tree", None, "Riftan"),
    ]


@expect("series-cast")
def _all_casts(r: kgost.QueryResult) -> None:
    assert len(r) == 15
    assert ("Scarlet Heart Ryeo", "Baekhyun", None) in table(r, "seriesTitle", "actorName", "characterName")
    assert ("Crash Landing on You", "Son Yejin", "Yoon Seri") in table(r, "seriesTitle", "actorName", "characterName")
    assert {row.seriesTitle for row in r} == {
        "Crash Landing on You", "Descendants of The Sun", "Hometown Cha-Cha-Cha", "It’s Okay to Not Be Okay",
        "Scarlet Heart Ryeo", "The King: Eternal Monarch", "True Beauty", "Under the Oak Tree",
    }


@expect("series-by-broadcaster")
def _by_broadcaster(r: kgost.QueryResult) -> None:
    assert table(r, "broadcasterName", "series", "seriesTitle") == [
        ("SBS", "series:the-king-eternal-monarch", "The King: Eternal Monarch"),
    ]


@expect("series-by-broadcaster", broadcaster="sbs")
def _sbs(r: kgost.QueryResult) -> None:
    assert table(r, "seriesTitle") == [("The King: Eternal Monarch",)]


@expect("series")
def _series(r: kgost.QueryResult) -> None:
    assert len(r) == 10 and len({row.series for row in r}) == 10
    rows = {row.title: row for row in r}
    assert rows["Scarlet Heart Ryeo"].alternativeTitle == "Moon Lovers"
    assert rows["Under the Oak Tree"].kind == "webtoon series"
    assert rows["Guardian: The Lonely and Great God"].year == 2016
    assert rows["The King: Eternal Monarch"].broadcasterName == "SBS"
    assert {row.kind for row in r} == {"TV drama", "webtoon series"}


@expect("timeline")
def _timeline(r: kgost.QueryResult) -> None:
    assert table(r, "year", "date", "event", "label") == [
        (2016, 2016, "release year", "Guardian: The Lonely and Great God"),
        (2016, datetime.date(2016, 12, 3), "release date", "Stay with Me"),
        (2020, 2020, "release year", "It’s Okay to Not Be Okay"),
        (2020, datetime.date(2020, 4, 19), "release date", "Orbit"),
        (2021, 2021, "release year", "Don’t Cry My Love"),
        (2022, datetime.date(2022, 2, 14), "publication date", "Enjoy Love Ballads with The Top 10 Romantic OSTs from K-dramas"),
    ]


@expect("timeline", **{"from": 2017, "to": 2021})
def _timeline_window(r: kgost.QueryResult) -> None:
    assert table(r, "year", "label") == [(2020, "It’s Okay to Not Be Okay"), (2020, "Orbit"), (2021, "Don’t Cry My Love")]


@expect("chart-entries")
def _charts(r: kgost.QueryResult) -> None:
    assert table(r, "title", "performerName", "chartName", "position") == [
        ("Christmas Tree", "V", "Billboard Digital Song Sales", 1),
        ("Don’t Cry My Love", "Cha Eunwoo", "worldwide iTunes chart", 15),
    ]


@expect("nominations")
def _nominations(r: kgost.QueryResult) -> None:
    assert table(r, "nomineeName", "awardName", "workTitle") == [("Chanyeol", "Melon Top 10 Artist Award", "Stay with Me")]


@expect("fact-sources")
def _chanyeol_sources(r: kgost.QueryResult) -> None:
    assert table(r, "subject", "predicate", "object", "how", "sentenceIndex") == [
        ("song:stay-with-me", "kgost:sungBy", "person:chanyeol", "inferred", 36),
        ("person:chanyeol", "rdf:type", "kgost:Person", "stated", 36),
        ("person:chanyeol", "kgost:memberOf", "group:exo", "stated", 36),
        ("person:chanyeol", "kgost:name", "Chanyeol", "stated", 36),
        ("song:stay-with-me", "kgost:performer", "person:chanyeol", "stated", 36),
        ("nomination:chanyeol-melon-top-10-artist-award", "kgost:nominee", "person:chanyeol", "stated", 38),
    ]
    assert r[0].sentence.startswith("“Stay with Me” by Punch and Chanyeol (EXO)")
    assert r[1].sentence.startswith("“Stay with Me” by Punch and Chanyeol (EXO)")
    assert r[5].sentence.startswith("For his performance in “Stay with Me,” Chanyeol was nominated")


@expect("fact-sources", entity="Xiumin")
def _xiumin_sources(r: kgost.QueryResult) -> None:
    assert table(r, "predicate", "object", "how", "sentenceIndex") == [
        ("kgost:memberOf", "group:exo", "inferred", 40),
        ("kgost:sungBy", "person:xiumin", "inferred", 40),
        ("rdf:type", "kgost:Person", "stated", 40),
        ("kgost:memberOf", "group:exo-cbx", "stated", 40),
        ("kgost:name", "Xiumin", "stated", 40),
    ]


@expect("fact-sources", entity="Xiumin", inferred=False)
def _xiumin_stated(r: kgost.QueryResult) -> None:
    assert {row.how for row in r} == {"stated"} and ("kgost:memberOf", "group:exo") not in table(r, "predicate", "object")


@expect("song-characters")
def _characters(r: kgost.QueryResult) -> None:
    assert table(r, "title", "characterName", "theme", "actorName") == [
        ("Don’t Cry My Love", "Maximillian Calypse", False, None),
        ("Don’t Cry My Love", "Riftan", True, None),
        ("Everytime", "Kang Moyeon", False, "Song Hyekyo"),
        ("Everytime", "Yoo Shijin", False, "Song Joongki"),
        ("Fall in You", "Im Jukyung", False, "Mun Kayoung"),
        ("Fall in You", "Lee Suho", False, "Cha Eunwoo"),
        ("Here I Am Again", "Ri Jeong Hyeok", False, "Hyun Bin"),
        ("Here I Am Again", "Yoon Seri", False, "Son Yejin"),
    ]


@expect("music-videos")
def _videos(r: kgost.QueryResult) -> None:
    assert table(r, "video", "songTitle", "name") == [
        ("video:here-always", "Here Always", "Kim Seonho"),
        ("video:here-always", "Here Always", "Seungmin"),
        ("video:here-always", "Here Always", "Shin Mina"),
    ]


@expect("groups-on-the-list")
def _groups(r: kgost.QueryResult) -> None:
    assert table(r, "name", "songs") == [
        ("EXO", 3), ("EXO-CBX", 2), ("AKMU", 1), ("BTS", 1), ("MAMAMOO", 1), ("Stray Kids", 1),
    ]


@expect("is-member", person="Xiumin", group="EXO")
def _xiumin_in_exo(r: kgost.QueryResult) -> None:
    assert r.kind == "ask" and r.boolean is True and bool(r)


@expect("is-member", person="V", group="EXO")
def _v_not_in_exo(r: kgost.QueryResult) -> None:
    assert r.kind == "ask" and r.boolean is False


@expect("songs-released-between")
def _released(r: kgost.QueryResult) -> None:
    assert table(r, "date", "title", "performerName") == [
        (datetime.date(2016, 12, 3), "Stay with Me", "Chanyeol"),
        (datetime.date(2016, 12, 3), "Stay with Me", "Punch"),
        (datetime.date(2020, 4, 19), "Orbit", "Hwasa"),
    ]


@expect("songs-released-between", since=datetime.date(2017, 1, 1), until="2020-04-19")
def _released_window(r: kgost.QueryResult) -> None:
    assert table(r, "title") == [("Orbit",)]


@expect("find-entity", name="cha eun-woo")
def _find_cha(r: kgost.QueryResult) -> None:
    assert {(row.entity, row.exact) for row in r} == {(kgost.expand_iri("person:cha-eunwoo"), True)}
    assert sorted(row.matched for row in r) == ["Cha Eun-woo", "Cha Eunwoo"]


@expect("find-entity", name="EXO CBX")
def _find_cbx(r: kgost.QueryResult) -> None:
    exact = [row for row in r if row.exact]
    assert {kgost.compact_iri(row.entity) for row in exact} == {"group:exo-cbx"}
    assert {kgost.compact_iri(row.entity) for row in r} == {"group:exo-cbx"}


@expect("find-entity", name="exo")
def _find_exo(r: kgost.QueryResult) -> None:
    assert [(kgost.compact_iri(row.entity), row.exact) for row in r][0] == ("group:exo", True)
    assert {kgost.compact_iri(row.entity) for row in r if not row.exact} == {"group:exo-cbx"}


@expect("entity-graph")
def _entity_graph(r: kgost.QueryResult) -> None:
    assert r.kind == "graph"
    ns = rdflib.Namespace(PREFIXES["song"])
    song = ns["stay-with-me"]
    g = r.graph
    assert g is not None
    assert set(g.objects(song, KGOST.performer)) == {kgost.expand_iri("person:chanyeol"), kgost.expand_iri("person:punch")}
    assert (kgost.expand_iri("person:punch"), KGOST.name, rdflib.Literal("Punch")) in g
    assert (song, KGOST.releaseDate, rdflib.Literal(datetime.date(2016, 12, 3))) in g


def _ontology_terms_from_turtle() -> dict[str, str]:
    """Every kgost term of ontology/kgost.ttl with its kind, read by rdflib without SPARQL."""
    from rdflib.namespace import OWL, RDF

    from kgost._resources import ontology_files

    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path)
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "property", OWL.DatatypeProperty: "property",
             OWL.AnnotationProperty: "annotation"}
    return {
        kgost.compact_iri(s): kind
        for rdf_type, kind in kinds.items()
        for s in g.subjects(RDF.type, rdf_type)
        if str(s).startswith(str(KGOST))
    }


@expect("ontology-terms")
def _ontology_terms(r: kgost.QueryResult) -> None:
    assert dict(table(r, "term", "kind")) == _ontology_terms_from_turtle()
    assert len(r) == 21 + 40 + 16  # classes, properties (4 the network views derive), annotation properties
    assert ("kgost:performer", "kgost:Song", "kgost:Performer") in table(
        r, "term", "domain", "range"
    )


@expect("ontology-terms", match="TITL")
def _ontology_terms_match(r: kgost.QueryResult) -> None:
    assert table(r, "term", "kind") == [("kgost:alternativeTitle", "property"), ("kgost:title", "property")]


def test_every_named_query_has_an_expected_answer() -> None:
    files = {p.stem.replace("_", "-") for p in queries_dir().glob("*.rq")}
    tested = {name for name, _, _ in EXPECTED.values()}
    assert files - tested == set(), "named queries without a test of their answer"
    assert len(files) >= 15


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_named_query_answer(kg: kgost.KnowledgeGraph, key: str) -> None:
    name, params, check = EXPECTED[key]
    check(kg.query(name, **params))


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_named_query_answer_on_every_store(store_kg: kgost.KnowledgeGraph, key: str) -> None:
    """The same answers on every store (memory, Oxigraph in memory and on disk, a live SPARQL
    server): the queries are portable SPARQL."""
    name, params, check = EXPECTED[key]
    check(store_kg.query(name, **params))


def test_underscores_and_hyphens_name_the_same_query(kg: kgost.KnowledgeGraph) -> None:
    assert kg.query("songs_by_group_members", group="EXO").rows == kg.query("songs-by-group-members", group="EXO").rows
    assert kgost.named_query("Songs_By_Group_Members.rq").name == "songs-by-group-members"


def test_entity_parameters_accept_names_compact_and_full_iris(kg: kgost.KnowledgeGraph) -> None:
    by_name = kg.query("group-members", group="exo").rows
    assert by_name == kg.query("group-members", group="group:exo").rows
    assert by_name == kg.query("group-members", group=PREFIXES["group"] + "exo").rows
    assert by_name == kg.query("group-members", group=URIRef(PREFIXES["group"] + "exo")).rows


def test_entity_graph_is_the_describe_of_the_entity_plus_labels(kg: kgost.KnowledgeGraph) -> None:
    constructed = kg.query("entity-graph", entity="Orbit").graph
    expected = rdflib.Graph()
    song = kgost.expand_iri("song:orbit")
    for row in kg.sparql("SELECT ?p ?o WHERE { song:orbit ?p ?o }").terms:
        expected.add((song, row[0], row[1]))
    for row in kg.sparql(
        "SELECT ?o ?lp ?l WHERE { song:orbit ?p ?o . VALUES ?lp { kgost:title kgost:name } ?o ?lp ?l }"
    ).terms:
        expected.add(row)  # type: ignore[arg-type]
    assert constructed is not None
    if not isomorphic(constructed, expected):
        _, only_constructed, only_expected = graph_diff(constructed, expected)
        pytest.fail(f"only in the query's graph:\n{only_constructed.serialize(format='nt')}\n"
                    f"only in the expected graph:\n{only_expected.serialize(format='nt')}")


def test_every_named_query_gives_the_same_rows_on_every_store(store_kg: kgost.KnowledgeGraph, kg: kgost.KnowledgeGraph) -> None:
    """Row for row, in order, as on memory (rdflib), with the parameters of each answer test: a
    store's own way of keeping blank nodes (Oxigraph: skolem IRIs) must not change an answer."""
    differing = []
    for key, (name, params, _) in sorted(EXPECTED.items()):
        result = kg.query(name, **params)
        if result.rows is not None and store_kg.query(name, **params).rows != result.rows:
            differing.append(key)
    assert differing == []
