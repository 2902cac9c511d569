"""Network views: built from SPARQL, counted against SPARQL, with sources and kinds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from conftest import select
from rdflib import BNode

import kgost
from kgost import InputError

# Each artist-view relation and an independent SPARQL pattern for it: ?a is the edge's source,
# ?b its target, ?via the character or music video the edge goes through.
ARTIST_PATTERNS = {
    "performed": "?b kgost:performer ?a . BIND (<urn:none> AS ?via)",
    "member of": "?a kgost:memberOf ?b . BIND (<urn:none> AS ?via)",
    "sub-unit of": "?a kgost:subUnitOf ?b . BIND (<urn:none> AS ?via)",
    "OST of": "?a kgost:ostOf ?b . BIND (<urn:none> AS ?via)",
    "acts in": "?b kgost:castMember ?a . BIND (<urn:none> AS ?via)",
    "plays character": "?via kgost:playedBy ?a ; kgost:characterIn ?b .",
    "appears in the music video of": "?via kgost:features ?a ; kgost:musicVideoOf ?b .",
}


@pytest.fixture(scope="module")
def views(kg: kgost.KnowledgeGraph) -> dict[str, nx.Graph]:
    return {name: kg.network(view=name) for name in kgost.NETWORK_VIEWS}


@pytest.mark.parametrize("relation", sorted(ARTIST_PATTERNS))
def test_artist_edges_per_relation_match_sparql_counts(kg, views, relation):
    [(count,)] = select(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?a ?b ?via WHERE {{ {ARTIST_PATTERNS[relation]} }} }}")
    got = Counter(d["relation"] for _, _, d in views["artist"].edges(data=True))
    assert got[relation] == int(count) > 0


def test_artist_nodes_match_sparql_count(kg, views):
    union = " UNION ".join(f"{{ {p} }}" for p in ARTIST_PATTERNS.values())
    [(count,)] = select(kg, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {{ {union} BIND (?a AS ?x) }} UNION {{ {union} BIND (?b AS ?x) }} }}")
    artist = views["artist"]
    assert artist.number_of_nodes() == int(count)
    assert sum(Counter(d["relation"] for *_, d in artist.edges(data=True)).values()) == artist.number_of_edges()
    assert {d["kind"] for _, d in artist.nodes(data=True)} == {"person", "group", "song", "series"}


def test_full_view_matches_sparql_counts(kg, views):
    entity = "?{v} a ?t{v} . FILTER (STRSTARTS(STR(?t{v}), STR(kgost:)) && ?t{v} NOT IN (kgost:Sentence, kgost:Inference, kgost:Curation))"
    facts = f"?s ?p ?o . FILTER (isIRI(?o) && ?p NOT IN (rdf:type, kgost:sungBy)) {entity.format(v='s')} {entity.format(v='o')}"
    links = select(kg, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {facts} }}")  # each link once: the view's edges
    nodes = {s for s, _, _ in links} | {o for _, _, o in links}
    full = views["full"]
    assert (full.number_of_nodes(), full.number_of_edges()) == (len(nodes), len(links))
    assert full.is_multigraph() and full.is_directed()
    # The full view holds what the artist view leaves out, keyed by the ontology's labels.
    assert full.edges["song:everytime", "character:yoo-shijin", "about"]["predicate"] == "kgost:about"
    assert full.nodes["chart:itunes-worldwide"]["kind"] == "chart"


def test_people_projection_matches_sparql_pairs(kg, views):
    member = "?{p} kgost:memberOf/kgost:subUnitOf* ?{g}"
    shares = " UNION ".join([
        "{ ?x kgost:performer ?a , ?b }",
        f"{{ ?x kgost:performer ?ga , ?gb . {member.format(p='a', g='ga')} . {member.format(p='b', g='gb')} }}",
        f"{{ ?x kgost:performer ?a , ?gb . {member.format(p='b', g='gb')} }}",
        f"{{ ?x kgost:performer ?b , ?ga . {member.format(p='a', g='ga')} }}",
        "{ ?x kgost:castMember ?a , ?b }",
        "{ ?ca kgost:playedBy ?a ; kgost:characterIn ?x . ?cb kgost:playedBy ?b ; kgost:characterIn ?x }",
        f"{{ {member.format(p='a', g='x')} . {member.format(p='b', g='x')} }}",
        # music-video guests share the song with its singers and with each other
        "{ ?v kgost:musicVideoOf ?x ; kgost:features ?a , ?b }",
        "{ ?v kgost:musicVideoOf ?x ; kgost:features ?b . ?x kgost:performer ?a }",
        "{ ?v kgost:musicVideoOf ?x ; kgost:features ?a . ?x kgost:performer ?b }",
        f"{{ ?v kgost:musicVideoOf ?x ; kgost:features ?b . ?x kgost:performer ?ga . {member.format(p='a', g='ga')} }}",
        f"{{ ?v kgost:musicVideoOf ?x ; kgost:features ?a . ?x kgost:performer ?gb . {member.format(p='b', g='gb')} }}",
    ])
    pairs = select(kg, f"SELECT DISTINCT ?a ?b WHERE {{ ?a a kgost:Person . ?b a kgost:Person . {shares} FILTER (STR(?a) < STR(?b)) }}")
    people = views["people"]
    got = {tuple(sorted((people.nodes[u]["iri"], people.nodes[v]["iri"]))) for u, v in people.edges}
    assert got == set(pairs)
    assert all(d["weight"] == len(d["reasons"]) >= 1 for *_, d in people.edges(data=True))


def test_people_projection_gives_reasons(views):
    data = views["people"].edges["person:chanyeol", "person:punch"]
    assert data["songs"] == ["Stay with Me"] and data["reasons"] == ["Chanyeol and Punch both sing 'Stay with Me'"]
    baekhyun_chen = views["people"].edges["person:baekhyun", "person:chen"]
    assert baekhyun_chen["groups"] == ["EXO", "EXO-CBX"] and baekhyun_chen["songs"] == ["For You"]
    assert views["people"].edges["person:song-hyekyo", "person:song-joongki"]["series"] == ["Descendants of The Sun"]


# How a person ?p takes part in a song ?{s}, for the song-song projection (independent of the view's query).
TAKES_PART = " UNION ".join([
    "{{ ?{s} kgost:performer ?p }}",
    "{{ ?{s} kgost:performer ?g{s} . ?p kgost:memberOf/kgost:subUnitOf* ?g{s} }}",
    "{{ ?{s} kgost:ostOf ?x{s} . ?x{s} kgost:castMember ?p }}",
    "{{ ?{s} kgost:ostOf ?x{s} . ?c{s} kgost:characterIn ?x{s} ; kgost:playedBy ?p }}",
    "{{ ?{s} kgost:about|kgost:themeOf ?c{s} . ?c{s} kgost:playedBy ?p }}",
    "{{ ?v{s} kgost:musicVideoOf ?{s} ; kgost:features ?p }}",
])


def _song_pairs(kg) -> set[tuple[str, str]]:
    return set(select(kg, "SELECT DISTINCT ?a ?b WHERE { ?p a kgost:Person . ?a a kgost:Song . ?b a kgost:Song . "
                          f"{TAKES_PART.format(s='a')} {TAKES_PART.format(s='b')} FILTER (STR(?a) < STR(?b)) }}"))


def test_song_projection_matches_sparql_pairs(kg, views):
    """Songs are linked by shared people: singers, actors of their series, players of a character
    they are about, music-video guests."""
    [(songs,)] = select(kg, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kgost:Song }")
    pairs = _song_pairs(kg)
    view = views["songs"]
    assert view.number_of_nodes() == int(songs)
    assert view.number_of_edges() == len(pairs) >= 3
    assert {tuple(sorted((view.nodes[u]["iri"], view.nodes[v]["iri"]))) for u, v in view.edges} == pairs
    assert view.edges["song:everytime", "song:for-you"]["people"] == ["Chen"]
    assert view.edges["song:everytime", "song:stay-with-me"]["people"] == ["Punch"]
    assert all(d["weight"] == len(d["people"]) == len(d["reasons"]) for *_, d in view.edges(data=True))


def test_song_projection_links_what_the_shared_people_query_links(kg, views):
    """The shared-people named query and the songs view agree on the article's songs."""
    view = views["songs"]
    drawn = {tuple(sorted((view.nodes[u]["label"], view.nodes[v]["label"]))): set(d["people"])
             for u, v, d in view.edges(data=True)}
    queried: dict[tuple[str, str], set[str]] = {}
    for title_a, _, name, title_b, _ in kg.query("shared-people"):
        queried.setdefault(tuple(sorted((str(title_a), str(title_b)))), set()).add(str(name))
    assert drawn == queried
    # Cha Eunwoo sings one and plays a character the other is about (and acts in its series).
    data = view.edges["song:dont-cry-my-love", "song:fall-in-you"]
    assert data["reasons"] == ["Cha Eunwoo sings 'Don’t Cry My Love' and plays Lee Suho, a character 'Fall in You' is about"]


def test_song_projection_says_how_each_person_takes_part(fresh_kg, tmp_path):
    extra = tmp_path / "roles.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        "@prefix song: <https://w3id.org/kgost/id/song/> .\n"
        "@prefix series: <https://w3id.org/kgost/id/series/> .\n"
        "@prefix video: <https://w3id.org/kgost/id/video/> .\n"
        "series:descendants-of-the-sun kgost:castMember person:kim-goeun .\n"
        "video:christmas-tree a kgost:MusicVideo ; kgost:musicVideoOf song:christmas-tree ; kgost:features person:song-joongki .\n",
        encoding="utf-8",
    )
    fresh_kg.add(extra)
    view = fresh_kg.network(view="songs")
    assert {tuple(sorted((view.nodes[u]["iri"], view.nodes[v]["iri"]))) for u, v in view.edges} == _song_pairs(fresh_kg)
    assert view.edges["song:everytime", "song:orbit"]["reasons"] == [
        "Kim Goeun acts in Descendants of The Sun, the series of 'Everytime', and acts in The King: Eternal Monarch, "
        "the series of 'Orbit'"]
    assert view.edges["song:christmas-tree", "song:everytime"]["reasons"] == [
        "Song Joongki appears in the music video of 'Christmas Tree' and plays Yoo Shijin, a character 'Everytime' is about"]


def test_edges_carry_the_sentence_that_states_them(kg, views):
    artist = views["artist"]
    edge = artist.edges["person:chanyeol", "song:stay-with-me", "performed"]
    [(text,)] = select(kg, "SELECT ?t WHERE { s:e08-1 kgost:text ?t }")
    assert (edge["sentence"], edge["graph"], edge["inferred"], edge["reason"]) == (text, "s:e08-1", False, None)
    # Chen's EXO membership is stated by a sentence; Baekhyun's and Xiumin's are inferred.
    assert artist.edges["person:chen", "group:exo", "member of"]["inferred"] is False
    for person in ("baekhyun", "xiumin"):
        data = artist.edges[f"person:{person}", "group:exo", "member of"]
        assert data["inferred"] is True and data["graph"] == "inf:sub-unit-members"
        assert data["sentence"] is None and "sub-unit of EXO" in data["reason"]


def test_a_fact_stated_twice_keeps_the_first_sentence(views):
    data = views["artist"].edges["song:for-you", "series:scarlet-heart-ryeo", "OST of"]
    assert (data["graph"], data["sentences"]) == ("s:e09-h", 2)


def test_plays_character_edges_name_the_character(views):
    data = views["artist"].edges["person:song-joongki", "series:descendants-of-the-sun", "plays character"]
    assert (data["character"], data["via"]) == ("Yoo Shijin", "character:yoo-shijin")


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_person_playing_two_characters_in_one_series_has_an_edge_for_each(store, tmp_path):
    """The second character gets a key of its own (naming it): neither fact is dropped, and which
    edge is which does not depend on the order the engine returns rows in."""
    extra = tmp_path / "twin.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix character: <https://w3id.org/kgost/id/character/> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        "@prefix series: <https://w3id.org/kgost/id/series/> .\n"
        'character:yoo-shijins-twin a kgost:Character ; kgost:name "Yoo Shijin\'s twin" ;\n'
        "    kgost:playedBy person:song-joongki ; kgost:characterIn series:descendants-of-the-sun .\n",
        encoding="utf-8",
    )
    kg = kgost.load(extra, store=store)
    edges = kg.network().get_edge_data("person:song-joongki", "series:descendants-of-the-sun")
    played = {key: data["character"] for key, data in edges.items() if data["relation"] == "plays character"}
    assert played == {"plays character": "Yoo Shijin", "plays character character:yoo-shijins-twin": "Yoo Shijin's twin"}


def test_nodes_have_kind_type_label_and_iri(views):
    node = views["artist"].nodes["series:under-the-oak-tree"]
    assert node == {"kind": "series", "type": "WebtoonSeries", "label": "Under the Oak Tree",
                    "iri": "https://w3id.org/kgost/id/series/under-the-oak-tree"}
    assert views["artist"].nodes["person:punch"]["type"] == "Person"  # typed by an inference


def test_views_are_built_in_sorted_order(kg, views):
    again = kg.network()
    assert list(again.nodes) == sorted(again.nodes) == list(views["artist"].nodes)
    assert list(again.edges(keys=True)) == sorted(again.edges(keys=True))


@pytest.mark.parametrize(("around", "depth", "expected"), [
    ("Punch", 0, {"person:punch"}),
    ("Punch", 1, {"person:punch", "song:everytime", "song:stay-with-me"}),
    ("EXO", 1, {"group:exo", "group:exo-cbx", "person:baekhyun", "person:chanyeol", "person:chen", "person:xiumin"}),
])
def test_around_keeps_the_neighbourhood(kg, around, depth, expected):
    part = kg.network(around=around, depth=depth)
    assert set(part.nodes) == expected
    assert (part.graph["around"], part.graph["depth"]) == (kgost.compact_iri(kg.resolve(around).iri), depth)


def test_around_depth_two_reaches_the_songs_of_members(kg):
    part = kg.network(around="EXO", depth=2)
    assert {"song:everytime", "song:for-you", "song:stay-with-me", "series:scarlet-heart-ryeo"} <= set(part.nodes)
    assert "series:descendants-of-the-sun" not in part


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"view": "graph"}, "unknown network view 'graph'; use one of: artist, full, people, songs"),
    ({"around": "EXO", "depth": -1}, "depth must be a whole number of hops"),
    ({"around": "Riftan"}, "Riftan (character:riftan) is not in the 'artist' view"),
])
def test_bad_view_arguments_say_what_is_allowed(kg, kwargs, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        kg.network(**kwargs)


def test_unknown_around_name_lists_candidates(kg):
    with pytest.raises(kgost.EntityNotFoundError) as caught:
        kg.network(around="Chanyol")
    assert "Chanyeol" in caught.value.candidates


def test_views_follow_user_data(fresh_kg, tmp_path):
    extra = tmp_path / "more.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        "@prefix song: <https://w3id.org/kgost/id/song/> .\n"
        "song:new a kgost:Song ; kgost:title \"New\" ; kgost:performer person:v, person:cha-eunwoo .\n",
        encoding="utf-8",
    )
    fresh_kg.add(extra)
    edge = fresh_kg.network().edges["person:v", "song:new", "performed"]
    assert edge["graph"] == extra.resolve().as_uri() and edge["sentence"] is None and edge["inferred"] is False
    assert fresh_kg.connect("V", "Cha Eunwoo").length == 2


def test_entities_without_a_name_get_a_label_from_their_data(views):
    full = views["full"]
    assert full.nodes["item:10"]["label"] == "ranked #10"
    assert full.nodes["entry:christmas-tree-billboard-digital-song-sales"]["label"] == "#1 on Billboard Digital Song Sales"
    assert full.nodes["nomination:chanyeol-melon-top-10-artist-award"]["label"] == "Melon Top 10 Artist Award nomination"


def test_an_entity_without_anything_to_name_it_is_labelled_by_its_compact_iri(fresh_kg, tmp_path):
    extra = tmp_path / "anon.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        "@prefix song: <https://w3id.org/kgost/id/song/> .\n"
        "person:anon a kgost:Person .\nsong:orbit kgost:performer person:anon .\n",
        encoding="utf-8",
    )
    fresh_kg.add(extra)
    assert fresh_kg.network().nodes["person:anon"]["label"] == "person:anon"


def test_plain_rows_are_the_same_text_on_every_engine(tmp_path: Path) -> None:
    """Oxigraph's ``select_strings`` (no rdflib terms) gives what the generic conversion of
    ``sparql_raw`` rows gives: IRIs, lexical forms, blank nodes (skolemised in the store) as
    ``_:label``, unbound values as ``None``."""
    from kgost.networks._nodes import plain_rows

    source = tmp_path / "blank.trig"
    source.write_text(
        '<urn:g> { <urn:a> <urn:p> _:b1 . _:b1 <urn:q> "x"@en . <urn:a> <urn:q> "5"^^<http://www.w3.org/2001/XMLSchema#integer> }\n',
        encoding="utf-8",
    )
    query = "SELECT ?s ?o ?extra WHERE { ?s ?p ?o OPTIONAL { ?o <urn:none> ?extra } } ORDER BY STR(?p) STR(?o)"
    for store in ("memory", "oxigraph"):
        kg = kgost.load(source, store=store, bundled=False)
        rows = plain_rows(kg, query)
        blank = rows[0][1]
        assert blank.startswith("_:") and "genid" not in blank
        assert rows == [("urn:a", blank, None), ("urn:a", "5", None), (blank, "x", None)]
        generic = [tuple(None if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row)
                   for row in kg.sparql_raw(query).rows]
        assert rows == generic
        # only the rows whose first value is asked for: by IRI, and by a blank node's text
        assert plain_rows(kg, query, first_in={"urn:a"}) == rows[:2]
        assert plain_rows(kg, query, first_in={blank, "urn:none"}) == rows[2:]
    assert hasattr(kg.store, "select_strings")  # the Oxigraph path was the one checked last
