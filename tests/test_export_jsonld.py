"""JSON-LD: compacted, framed and schema.org output checked by pyld (expanded with the local
context, never fetched) and, independently of pyld (which also writes them), by rdflib's own
JSON-LD parser; the facts of the schema.org view; JSON-LD input that never reaches the network."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
import rdflib
from conftest import select
from export_helpers import assert_same_dataset, assert_same_graph, union
from pyld import jsonld
from rdflib import URIRef

import kgost
from kgost import KGOST, ParseError

ROOT = Path(__file__).resolve().parent.parent
CONTEXT_FILE = ROOT / "ontology" / "context.jsonld"
CONTEXT_IRI = "https://w3id.org/kgost/context.jsonld"
SCHEMA = rdflib.Namespace("https://schema.org/")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def local_loader(url: str, options: Any = None) -> dict:
    """The test's own loader: kgost's context from the file in ontology/, nothing else."""
    if url != CONTEXT_IRI:
        raise AssertionError(f"pyld tried to load {url}")
    document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def pyld_quads(document: dict) -> list[tuple]:
    """Expand with pyld, convert to N-Quads with pyld, parse those with rdflib."""
    expanded = jsonld.expand(document, {"documentLoader": local_loader})
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": local_loader})
    dataset = rdflib.Dataset()
    dataset.parse(data=nquads, format="nquads")
    return [(s, p, o, None if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g) for s, p, o, g in dataset.quads()]


def rdflib_quads(text: str) -> list[tuple]:
    """Parse JSON-LD text with rdflib's own JSON-LD parser (not pyld): a check that does not share
    the writer's code. The document must carry its context inline; nothing is fetched."""
    assert isinstance(json.loads(text)["@context"], dict), "the context is not inline"
    dataset = rdflib.Dataset()
    dataset.parse(data=text, format="json-ld")
    return [(s, p, o, None if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g) for s, p, o, g in dataset.quads()]


def test_compacted_export_expands_to_the_graph(kg: kgost.KnowledgeGraph) -> None:
    document = json.loads(kg.export(format="jsonld"))
    assert_same_dataset(kg.store.quads(), pyld_quads(document))


def test_context_file_served_by_iri_gives_the_same_graph(kg: kgost.KnowledgeGraph) -> None:
    document = json.loads(kg.export(format="jsonld"))
    assert document["@context"] == json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    document["@context"] = CONTEXT_IRI  # as a file referring to the context would say
    assert_same_dataset(kg.store.quads(), pyld_quads(document))


def test_context_has_readable_terms_for_the_ontology() -> None:
    ctx = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    active = jsonld.JsonLdProcessor().process_context({"mappings": {}}, ctx, {"documentLoader": local_loader})
    terms = {term: d["@id"] for term, d in active["mappings"].items() if d and not d.get("reverse")}
    expected = {
        "series": KGOST.ostOf, "title": KGOST.title, "name": KGOST.name, "performer": KGOST.performer,
        "memberOf": KGOST.memberOf, "subUnitOf": KGOST.subUnitOf, "castMember": KGOST.castMember,
        "playedBy": KGOST.playedBy, "characterIn": KGOST.characterIn, "releaseDate": KGOST.releaseDate,
        "releaseYear": KGOST.releaseYear,
    }
    for term, iri in expected.items():
        assert terms[term] == str(iri)
    assert active["mappings"]["releaseDate"]["@type"] == "http://www.w3.org/2001/XMLSchema#date"
    assert active["mappings"]["releaseYear"]["@type"] == "http://www.w3.org/2001/XMLSchema#gYear"
    assert active["mappings"]["performer"]["@type"] == "@id"
    # every term of the (closed) ontology namespace has a short key
    ontology_terms = {str(KGOST[name]) for name in KGOST.__annotations__}
    assert ontology_terms - set(terms.values()) == set()


def test_compacted_keys_are_short_and_values_typed(kg: kgost.KnowledgeGraph) -> None:
    document = json.loads(kg.export(format="jsonld"))
    graph = {g["id"]: g["@graph"] for g in document["@graph"]}
    [orbit] = [n for n in graph["s:e04-1"] if n["id"] == "kg:song/orbit"]
    [(date,)] = select(kg, "SELECT ?d WHERE { GRAPH s:e04-1 { song:orbit kgost:releaseDate ?d } }")
    assert orbit["releaseDate"] == date and orbit["performer"] == "kg:person/hwasa"
    assert orbit["series"] == "kg:series/the-king-eternal-monarch"
    [item] = [n for n in graph["s:e01-h"] if n["id"].endswith("/item/1")]
    assert item["position"] == 1 and item["type"] == "RankedItem"


def _songs(document: dict) -> dict[str, dict]:
    return {song["id"]: song for song in document["@graph"]}


def _ids(value: Any) -> set[str]:
    values = value if isinstance(value, list) else [value]
    return {v["id"] if isinstance(v, dict) else v for v in values}


def _iri(compact: str) -> str:
    return compact.replace("kg:", "https://w3id.org/kgost/id/", 1)


def test_songs_frame_nests_series_cast_characters_performers_groups(kg: kgost.KnowledgeGraph) -> None:
    document = json.loads(kg.export(format="jsonld", frame="songs"))
    songs = _songs(document)
    assert {_iri(s) for s in songs} == {row[0] for row in select(kg, "SELECT ?s WHERE { ?s a kgost:Song }")}
    for compact, song in songs.items():
        iri = _iri(compact)
        performers = {row[0] for row in select(kg, "SELECT ?p WHERE { ?s kgost:performer ?p }", s=URIRef(iri))}
        assert {_iri(p) for p in _ids(song.get("performer", []))} == performers
        for performer in song.get("performer", []) if isinstance(song.get("performer"), list) else [song["performer"]]:
            groups = {row[0] for row in select(kg, "SELECT ?g WHERE { ?p kgost:memberOf ?g }", p=URIRef(_iri(performer["id"])))}
            assert {_iri(g) for g in _ids(performer.get("memberOf", []))} == groups
        [(series,)] = select(kg, "SELECT ?x WHERE { ?s kgost:ostOf ?x }", s=URIRef(iri))
        assert _iri(song["series"]["id"]) == series
        cast = {row[0] for row in select(kg, "SELECT ?n WHERE { ?x kgost:castMember/kgost:name ?n }", x=URIRef(series))}
        shown = song["series"].get("castMember", [])
        assert {m["name"] for m in (shown if isinstance(shown, list) else [shown])} == cast
        characters = {row[0] for row in select(kg, "SELECT ?c WHERE { ?c kgost:characterIn ?x }", x=URIRef(series))}
        assert {_iri(c) for c in _ids(song["series"].get("characters", []))} == characters
    performers = songs["kg:song/for-you"]["performer"]
    [cbx] = [p for p in (performers if isinstance(performers, list) else [performers]) if p["id"] == "kg:group/exo-cbx"]
    assert cbx["subUnitOf"]["name"] == "EXO"


def test_songs_frame_says_only_what_the_graph_says(kg: kgost.KnowledgeGraph) -> None:
    framed = union(pyld_quads(json.loads(kg.export(format="jsonld", frame="songs"))))
    everything = union(kg.store.quads())
    extra = framed - everything
    assert len(extra) == 0, extra.serialize(format="nt")
    assert len(framed) > 200


def test_songs_frame_read_by_rdflib_says_only_what_the_graph_says(kg: kgost.KnowledgeGraph) -> None:
    text = kg.export(format="jsonld", frame="songs")
    quads = rdflib_quads(text)
    assert {g for *_, g in quads} == {None}  # a frame is a view of the union: one graph
    framed = union(quads)
    extra = framed - union(kg.store.quads())
    assert len(extra) == 0, extra.serialize(format="nt")
    # and both JSON-LD readers find the same statements in it
    assert_same_graph(union(pyld_quads(json.loads(text))), framed, what="the songs frame read by rdflib")


def test_frame_files_refer_to_the_context_by_iri() -> None:
    frame = json.loads((ROOT / "ontology" / "frames" / "songs.jsonld").read_text(encoding="utf-8"))
    assert frame["@context"] == CONTEXT_IRI
    assert jsonld.expand(frame, {"documentLoader": local_loader, "isFrame": True})


def test_schema_view_expands_to_the_view_graph(kg: kgost.KnowledgeGraph) -> None:
    document = json.loads(kg.export(format="jsonld", profile="schema"))
    assert document["@context"]["@vocab"] == "https://schema.org/"
    view = kg.schema_view()
    assert_same_graph(view, union(pyld_quads(document)))


def test_schema_view_read_by_rdflib_is_the_view_graph(kg: kgost.KnowledgeGraph) -> None:
    quads = rdflib_quads(kg.export(format="jsonld", profile="schema"))
    assert {g for *_, g in quads} == {None}
    assert_same_graph(kgost.schema_view(kg), union(quads), what="the schema.org view read by rdflib")


def test_schema_view_is_kept_per_version_and_handed_out_as_a_copy(tmp_path: Path) -> None:
    kg = kgost.load()
    first = kg.schema_view()
    assert str(first.namespace_manager.store.namespace("schema")) == str(SCHEMA)  # prefixes copied too
    first.remove((None, None, None))  # the caller's own copy
    again = kg.schema_view()
    assert len(again) > 100 and again is not first
    assert rdflib.compare.isomorphic(again, kgost.schema_view(kgost.load()))
    song = tmp_path / "song.ttl"
    song.write_text("@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
                    '<https://example.org/new-song> a kgost:Song ; kgost:title "New Song" .\n', encoding="utf-8")
    kg.add(song)  # a new version of the data: the view is made again
    assert (URIRef("https://example.org/new-song"), SCHEMA.name, rdflib.Literal("New Song")) in kg.schema_view()


def test_schema_view_uses_schema_org_terms_for_the_facts(kg: kgost.KnowledgeGraph) -> None:
    view = kg.schema_view()
    predicates = {p for p in view.predicates()} - {rdflib.RDF.type}
    assert predicates and all(str(p).startswith(str(SCHEMA)) for p in predicates)
    assert all(str(t).startswith(str(SCHEMA)) for t in view.objects(None, rdflib.RDF.type))
    for song, performer in select(kg, "SELECT ?s ?p WHERE { ?s kgost:performer ?p }"):
        assert (URIRef(song), SCHEMA.byArtist, URIRef(performer)) in view
    for (song,) in select(kg, "SELECT ?s WHERE { ?s a kgost:Song }"):
        assert (URIRef(song), SCHEMA.MusicRecording) in {(s, o) for s, o in view.subject_objects(rdflib.RDF.type)}
    for song, series in select(kg, "SELECT ?s ?x WHERE { ?s kgost:ostOf ?x }"):
        assert (URIRef(song), SCHEMA.isPartOf, URIRef(series)) in view
    for work, date in select(kg, "SELECT ?w ?d WHERE { ?w kgost:releaseDate ?d }"):
        assert (URIRef(work), SCHEMA.datePublished, rdflib.Literal(date, datatype=rdflib.XSD.date)) in view
    # a TV drama is a schema:TVSeries, and nothing less specific
    drama = kgost.expand_iri("series:true-beauty")
    assert set(view.objects(drama, rdflib.RDF.type)) == {SCHEMA.TVSeries}
    # sentences are provenance, not part of the view
    assert not any(str(s).startswith(kgost.PREFIXES["s"]) for s in view.subjects())


def view_rows(view: rdflib.Graph, sparql: str) -> set[tuple]:
    """A SELECT over the schema.org view graph, as a set of rows of Python strings."""
    head = "PREFIX schema: <https://schema.org/>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    return {tuple(str(v) for v in row) for row in view.query(head + sparql)}  # type: ignore[union-attr]


def test_schema_view_series_have_their_characters(kg: kgost.KnowledgeGraph) -> None:
    view = kg.schema_view()
    expected = set(select(kg, "SELECT DISTINCT ?x ?c WHERE { ?c kgost:characterIn ?x }"))
    assert expected and view_rows(view, "SELECT ?x ?c WHERE { ?x schema:character ?c }") == expected
    # schema:character's range is schema:Person, "a person (alive, dead, undead, or fictional)"
    characters = {c for _, c in expected}
    assert {c for (c,) in view_rows(view, "SELECT ?c WHERE { ?c a schema:Person }")} >= characters
    assert all(set(view.objects(URIRef(c), rdflib.RDF.type)) == {SCHEMA.Person} for c in characters)


def test_schema_view_actors_play_characters_in_performance_roles(kg: kgost.KnowledgeGraph) -> None:
    view = kg.schema_view()
    # a named character gives the role its characterName; one the article names only by its role
    # (an rdfs:label, no kgost:name) gives it a description, never a name
    expected = set(select(kg, """SELECT DISTINCT ?x ?a ?kind ?text WHERE {
        ?c kgost:characterIn ?x ; kgost:playedBy ?a .
        { ?c kgost:name ?text BIND ("characterName" AS ?kind) }
        UNION
        { ?c rdfs:label ?text FILTER NOT EXISTS { ?c kgost:name ?n } BIND ("description" AS ?kind) } }"""))
    roles = view_rows(view, """SELECT ?x ?a ?kind ?text ?r WHERE {
        ?x schema:actor ?r . ?r a schema:PerformanceRole ; schema:actor ?a ; ?p ?text .
        VALUES (?p ?kind) { (schema:characterName "characterName") (schema:description "description") } }""")
    assert {kind for _, _, kind, _ in expected} == {"characterName", "description"}
    assert {(x, a, kind, text) for x, a, kind, text, _ in roles} == expected
    # one role per series, actor and character, on one series, and the role says nothing else
    all_roles = set(view.subjects(rdflib.RDF.type, SCHEMA.PerformanceRole))
    assert len(all_roles) == len({r for *_, r in roles}) == len(expected)
    for role in all_roles:
        assert isinstance(role, rdflib.BNode) and len(set(view.subjects(None, role))) == 1
        assert len(set(view.predicate_objects(role))) == 3
    # the cast is still there as plain schema:actor links, for tools that do not read roles
    for series, actor in select(kg, "SELECT ?x ?a WHERE { ?x kgost:castMember ?a }"):
        assert (URIRef(series), SCHEMA.actor, URIRef(actor)) in view


def test_schema_view_characters_named_only_by_their_role_are_described_not_named(kg: kgost.KnowledgeGraph) -> None:
    view = kg.schema_view()
    unnamed = set(select(kg, "SELECT ?c ?l WHERE { ?c a kgost:Character ; rdfs:label ?l FILTER NOT EXISTS { ?c kgost:name ?n } }"))
    assert unnamed
    for character, label in unnamed:
        assert str(label) in {str(d) for d in view.objects(URIRef(character), SCHEMA.description)}
        assert not set(view.objects(URIRef(character), SCHEMA.name))
    assert not {label for _, label in unnamed} & {str(n) for n in view.objects(None, SCHEMA.characterName)}


def test_schema_view_songs_have_their_music_videos(kg: kgost.KnowledgeGraph) -> None:
    view = kg.schema_view()
    expected = set(select(kg, "SELECT ?s ?v WHERE { ?v kgost:musicVideoOf ?s }"))
    assert expected and view_rows(view, "SELECT ?s ?v WHERE { ?s schema:video ?v }") == expected
    for _, video in expected:
        assert set(view.objects(URIRef(video), rdflib.RDF.type)) == {SCHEMA.VideoObject, SCHEMA.MusicVideoObject}
        featured = {row[0] for row in select(kg, "SELECT ?p WHERE { ?v kgost:features ?p }", v=URIRef(video))}
        assert {str(p) for p in view.objects(URIRef(video), SCHEMA.actor)} == featured


def test_schema_view_lyrics_excerpts_are_lyrics_of_the_composition(kg: kgost.KnowledgeGraph) -> None:
    view = kg.schema_view()
    excerpts = {(s, rdflib.Literal(text, lang=lang)) for s, text, lang in select(
        kg, "SELECT ?s ?t (LANG(?t) AS ?lang) WHERE { ?s kgost:lyricsExcerpt ?t }")}
    found = {(s, t) for s, t in view.query("""PREFIX schema: <https://schema.org/>
        SELECT ?s ?t WHERE { ?s schema:recordingOf ?c . ?c a schema:MusicComposition ; schema:lyrics ?l .
                             ?l a schema:CreativeWork ; schema:text ?t }""")}  # type: ignore[misc]
    assert excerpts and {(str(s), t) for s, t in found} == excerpts
    for song in {s for s, _ in excerpts}:
        assert len(set(view.objects(URIRef(song), SCHEMA.recordingOf))) == 1


@pytest.mark.parametrize("engine", kgost.ENGINES)
def test_schema_view_one_composition_per_song_however_many_excerpts(tmp_path: Path, engine: str) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        '<https://w3id.org/kgost/id/song/fall-in-you> kgost:lyricsExcerpt "Second"@en, "Third"@en .\n',
        encoding="utf-8",
    )
    kg = kgost.load(extra, store=engine)
    view = kg.schema_view()
    [composition] = view.objects(kgost.expand_iri("song:fall-in-you"), SCHEMA.recordingOf)
    lyrics = set(view.objects(composition, SCHEMA.lyrics))
    texts = {str(text) for work in lyrics for text in view.objects(work, SCHEMA.text)}
    excerpts = {row[0] for row in select(kg, "SELECT ?t WHERE { song:fall-in-you kgost:lyricsExcerpt ?t }")}
    assert len(excerpts) == len(lyrics) == 3 and texts == excerpts


def test_schema_view_is_the_same_on_every_engine() -> None:
    views = [kgost.load(store=engine).schema_view() for engine in kgost.ENGINES]
    for engine, view in zip(kgost.ENGINES[1:], views[1:]):
        assert_same_graph(views[0], view, what=f"the schema.org view on {engine}")


def test_schema_view_links_only_what_the_graph_links(kg: kgost.KnowledgeGraph) -> None:
    """Every link between two kgost resources in the view is a statement of the graph, either way round."""
    view = kg.schema_view()
    linked = set(select(kg, "SELECT DISTINCT ?a ?b WHERE { { ?a ?p ?b } UNION { ?b ?p ?a } FILTER (isIRI(?a) && isIRI(?b)) }"))
    assert linked
    for s, p, o in view:
        if p != rdflib.RDF.type and isinstance(s, URIRef) and isinstance(o, URIRef):
            assert (str(s), str(o)) in linked, (s, p, o)


def test_schema_view_leaves_out_what_schema_org_cannot_say(kg: kgost.KnowledgeGraph) -> None:
    """Charts and chart entries (schema.org has no chart), nominations and their awards (schema:award
    is an award won): nothing of them is in the view, and nothing is a bare schema:Thing."""
    view = kg.schema_view()
    left_out = {URIRef(r) for (r,) in select(kg, """SELECT DISTINCT ?r WHERE {
        VALUES ?class { kgost:Chart kgost:ChartEntry kgost:Nomination kgost:Award } ?r a ?class }""")}
    assert len(left_out) >= 4
    mentioned = set(view.subjects()) | set(view.objects())
    assert not left_out & mentioned
    assert SCHEMA.Thing not in set(view.objects(None, rdflib.RDF.type))
    assert not set(view.triples((None, SCHEMA.award, None)))


# Reading JSON-LD -------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2) if not isinstance(document, str) else document, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "context",
    [
        "http://example.org/context.jsonld",
        ["https://schema.org/"],
        {"@import": "http://example.org/base.jsonld"},
        {"p": {"@id": "urn:p", "@context": "http://example.org/scoped.jsonld"}},
    ],
    ids=["string", "array", "import", "scoped"],
)
def test_remote_contexts_are_refused_without_network(tmp_path: Path, context: Any) -> None:
    path = _write(tmp_path, "remote.jsonld", {"@context": context, "@id": "urn:a", "p": {"@id": "urn:b"}})
    with pytest.raises(ParseError, match=r"is not fetched: kgost reads no remote documents") as info:
        kgost.load(path, bundled=False)
    assert info.value.path == str(path) and info.value.line is not None


def test_kgost_context_iri_is_served_locally(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "mine.jsonld",
        {"@context": CONTEXT_IRI, "id": "kg:song/new", "type": "Song", "title": "New", "releaseDate": "2024-05-01",
         "performer": "kg:person/chen", "series": "kg:series/true-beauty"},
    )
    kg = kgost.load(path)
    song = kgost.expand_iri("song:new")
    assert kg.label(song) == "New"
    rows = select(kg, "SELECT ?p ?d WHERE { ?s kgost:performer ?p ; kgost:releaseDate ?d . FILTER(DATATYPE(?d) = xsd:date) }", s=song)
    assert rows == [(str(kgost.expand_iri("person:chen")), "2024-05-01")]


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ('{\n  "@id": "urn:a",\n  "@type": {"x": 1}\n}\n', 3, '"@type" value must be a string'),
        ('{\n  "@context": {"p": {"@id": 5}},\n  "@id": "urn:a",\n  "p": "x"\n}\n', 2, "@id value must be a string"),
        ('[\n  {"@id": "urn:a", "urn:p": "x"},\n  {"@id": "urn:b", "urn:p": {"@value": "x", "@language": 5}}\n]\n', 3, '"@language" value must be a string'),
        ('{\n  "@id": "urn:a",\n  "urn:p": [1, 2,]\n}\n', 3, "bad JSON"),
        ('{\n  "@id": "urn:a",\n  "urn:p": {"@value": "x", "@type": "@id"}\n}\n', 3, "must have an absolute IRI"),
    ],
    ids=["type", "context-id", "language", "json", "value-type"],
)
def test_malformed_jsonld_names_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = _write(tmp_path, "bad.jsonld", text)
    with pytest.raises(ParseError) as info:
        kgost.load(path, bundled=False)
    assert info.value.line == line, str(info.value)
    assert reason in str(info.value) and str(info.value).startswith(f"{path}:{line}:")


@pytest.mark.parametrize(
    "text, line, message",
    [
        (
            '{\n  "@context": "https://w3id.org/kgost/context.jsonld",\n  "id": "kg:song/x",\n  "title": "X",\n  "relaseDate": "2021-01-01"\n}\n',
            5,
            "JSON-LD key 'relaseDate' is not a term of the @context and not an IRI, so it would be dropped; did you mean 'releaseDate'",
        ),
        (
            '{\n  "@context": "https://w3id.org/kgost/context.jsonld",\n  "id": "kg:song/x",\n  "type": "Sng",\n  "title": "X"\n}\n',
            4,
            "JSON-LD type 'Sng' is not a term of the @context and not an IRI, so it would be read as a file IRI; did you mean 'Song'?",
        ),
        (
            '[\n  {"@context": {"name": "urn:name"}, "@id": "urn:a", "nmae": "x"}\n]\n',
            2,
            "JSON-LD key 'nmae' is not a term of the @context and not an IRI, so it would be dropped; did you mean 'name'?",
        ),
        ('"just a string"\n', 1, "a JSON-LD document is a JSON object or array, not a str"),
    ],
    ids=["key", "type", "inline-context", "not-a-document"],
)
def test_jsonld_typos_are_named_not_dropped(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "typo.jsonld", text)
    with pytest.raises(ParseError) as info:
        kgost.load(path)
    assert str(info.value).startswith(f"{path}:{line}:"), str(info.value)
    assert message in str(info.value)


def test_terms_mapped_to_null_are_dropped_on_purpose(tmp_path: Path) -> None:
    path = _write(tmp_path, "null.jsonld", {"@context": {"note": None, "name": "urn:name"}, "@id": "urn:a", "name": "A", "note": "x"})
    assert len(kgost.load(path, bundled=False)) == 1


# -- the fast compaction (kgost.readwrite._compact) against pyld's --------------------------------

_K, _ID = "https://w3id.org/kgost/ontology#", "https://w3id.org/kgost/id/"
_SENTENCE = URIRef("https://w3id.org/kgost/id/article/top-10-romantic-kdrama-osts/sentence/e01-2")


def _edge_quads() -> list[tuple]:
    """Values that take every branch of term selection in kgost's context: terms with a language
    (given another language, or none), with ``@type: @id`` (given a literal), with a datatype
    (given another, or an IRI), native numbers and booleans (and integers too long for them),
    several types, escapes, blank nodes as subject, object and graph name, an IRI equal to a
    prefix, IRIs with and without a prefix, the default graph and two named graphs."""
    from rdflib import RDF, XSD, BNode, Literal

    k, i = (lambda x: URIRef(_K + x)), (lambda x: URIRef(_ID + x))
    song, blank, other = i("song/a"), BNode("x"), URIRef("urn:other:g")
    return [
        (song, RDF.type, k("Song"), _SENTENCE), (song, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Thing"), _SENTENCE),
        (song, k("title"), Literal('A "q" \\ \n\t\x01\x7f'), _SENTENCE), (song, k("title"), Literal("Ä", lang="ko"), _SENTENCE),
        (song, k("description"), Literal("en text", lang="en"), _SENTENCE), (song, k("description"), Literal("plain"), _SENTENCE),
        (song, k("description"), Literal("fr", lang="fr"), _SENTENCE), (song, k("performer"), i("person/p"), _SENTENCE),
        (song, k("performer"), Literal("not an iri"), _SENTENCE), (song, k("releaseDate"), Literal("2020-01-01", datatype=XSD.date), _SENTENCE),
        (song, k("releaseDate"), Literal("2020", datatype=XSD.gYear), _SENTENCE), (song, k("releaseYear"), i("x"), _SENTENCE),
        (song, k("position"), Literal(5), other), (song, k("position"), Literal("-0", datatype=XSD.integer), other),
        (song, k("position"), Literal("05", datatype=XSD.integer), other), (song, k("position"), Literal(True), other),
        (song, k("position"), Literal("1.5", datatype=XSD.decimal), other), (song, k("position"), Literal("x", datatype=URIRef("urn:dt")), other),
        (song, k("about"), k("Song"), other), (song, k("name"), k("Song"), other), (song, URIRef("urn:p"), blank, other),
        (blank, URIRef("http://purl.org/dc/terms/x"), Literal(""), other), (blank, k("characterIn"), i("series/s"), None),
        (i("series/s"), RDF.type, Literal("a literal type"), None), (i("series/s"), k("name"), Literal(99999999999999999999), None),
        (URIRef("https://schema.org/Thing"), URIRef("https://schema.org/name"), Literal("n"), None),
        (URIRef(_ID), k("name"), Literal("an IRI equal to a prefix"), None), (blank, k("name"), Literal("in a blank graph"), BNode("g")),
    ]


def _expanded(quads: list[tuple]) -> list[dict]:
    from kgost.readwrite._jsonld import _expand
    from kgost.readwrite._nquads import canonical_quads

    return _expand(canonical_quads(quads))


@pytest.mark.parametrize("schema", [False, True], ids=["kgost", "schema"])
@pytest.mark.parametrize(
    "part", ["bundled", "edges", "one named graph", "one node", "one node in the default graph", "nothing"]
)
def test_fast_compaction_is_pyld_compaction(kg: kgost.KnowledgeGraph, part: str, schema: bool) -> None:
    from kgost.readwrite._compact import compact
    from kgost.readwrite._jsonld import SCHEMA_CONTEXT, _options, context, dumps

    edges = _edge_quads()
    quads = {
        "bundled": list(kg.store.quads()),
        "edges": edges,
        "one named graph": [q for q in edges if q[3] == _SENTENCE],
        "one node": [q for q in edges if q[3] == _SENTENCE][:1],
        "one node in the default graph": [(s, p, o, None) for s, p, o, _ in edges[:3]],
        "nothing": [],
    }[part]
    expanded = _expanded(quads)
    ctx = SCHEMA_CONTEXT if schema else context()
    assert dumps(compact(expanded, ctx, _options())) == dumps(jsonld.compact(expanded, {"@context": ctx}, _options()))


@pytest.mark.parametrize("iri", ["kg:x", "s:e01-2", "relative/iri"])
def test_fast_compaction_leaves_confusable_iris_to_pyld(iri: str) -> None:
    """An IRI that reads as a compact IRI of the context (pyld refuses it) or a relative one."""
    from kgost.readwrite._compact import Unsupported, compact
    from kgost.readwrite._jsonld import _options, context

    expanded = _expanded([(URIRef(iri), URIRef(_K + "name"), rdflib.Literal("a"), None)])
    with pytest.raises(Unsupported):
        compact(expanded, context(), _options())


def test_language_tags_pyld_lowercases_go_to_pyld_and_still_export(tmp_path: Path) -> None:
    from kgost.readwrite._compact import Unsupported, compact
    from kgost.readwrite._jsonld import _options, context, to_jsonld

    quads = [(URIRef(_ID + "x"), URIRef(_K + "name"), rdflib.Literal("y", lang="EN"), None)]
    with pytest.raises(Unsupported):
        compact(_expanded(quads), context(), _options())
    assert to_jsonld(quads) == jsonld.compact(_expanded(quads), {"@context": context()}, _options())


@pytest.mark.parametrize("graphs", [True, False], ids=["nquads", "ntriples"])
def test_expanded_from_engine_lines_is_expanded_from_terms(kg: kgost.KnowledgeGraph, graphs: bool) -> None:
    """The engine's path (N-Quads lines) builds the very document the rdflib-term path builds."""
    from kgost.readwrite._jsonld import _expand
    from kgost.readwrite._lines import expand_lines
    from kgost.readwrite._nquads import canonical_quads, write_nquads

    quads = [q for q in [*kg.store.quads(), *_edge_quads()] if graphs or q[3] is not None]
    chosen = canonical_quads(q if graphs else (*q[:3], None) for q in quads)
    lines = write_nquads(chosen, graphs=graphs, by_graph=True).splitlines(keepends=True)
    assert expand_lines(lines, graphs=graphs) == _expand(chosen)


def test_fast_json_text_is_json_dumps(kg: kgost.KnowledgeGraph) -> None:
    from kgost.readwrite._jsonld import expanded_jsonld
    from kgost.readwrite._jsontext import dumps, ordered

    for document in (expanded_jsonld(_expanded(_edge_quads())), json.loads(kg.export(format="jsonld")), {},
                     {"a": [], "b": {}, "c": [1.5, None, False, {"x": "\u2028\x00"}]}):
        assert dumps(document) == json.dumps(ordered(document), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_edge_values_export_losslessly_and_alike_on_every_engine(tmp_path: Path, engine: str) -> None:
    """Exported through each engine's path, the edge values expand (by pyld) to the graph loaded,
    and every engine writes the same bytes."""
    from kgost.readwrite._nquads import write_nquads

    source = tmp_path / "edges.nq"
    source.write_text(write_nquads([q for q in _edge_quads() if q[3] is not None]), encoding="utf-8")
    texts = {}
    for name in ("memory", engine):
        loaded = kgost.load(source, store=name, bundled=False)
        texts[name] = loaded.export(format="jsonld")
        assert_same_dataset(loaded.store.quads(), pyld_quads(json.loads(texts[name])))
    assert texts[engine] == texts["memory"]


@pytest.mark.parametrize("graphs", [True, False], ids=["nquads", "ntriples"])
def test_jsonld_written_node_by_node_is_the_whole_document_text(kg: kgost.KnowledgeGraph, graphs: bool) -> None:
    """The engine path's writer, one node at a time from the lines, writes the very text of the
    whole-document path (expanded, compacted, dumped), or leaves the document to it."""
    from kgost.readwrite._jsonld import dumps, expanded_jsonld
    from kgost.readwrite._jsonwrite import compacted_text
    from kgost.readwrite._lines import expand_lines
    from kgost.readwrite._nquads import canonical_quads, write_nquads

    edges = _edge_quads()
    cases = {"bundled and edges": [*kg.store.quads(), *edges], "named graphs": [q for q in edges if q[3] is not None],
             "one node": edges[:2], "one graph": [q for q in edges if q[3] == _SENTENCE]}
    written = {}
    for name, quads in cases.items():
        chosen = canonical_quads(q if graphs else (*q[:3], None) for q in quads)
        lines = write_nquads(chosen, graphs=graphs, by_graph=True).split("\n")[:-1]
        text = compacted_text(lines, graphs=graphs)
        written[name] = text is not None
        if text is not None:
            assert text == dumps(expanded_jsonld(expand_lines(lines, graphs=graphs))), name
    # nodes next to graphs, or a lone node outside any graph, go to the whole-document path
    assert written == {"bundled and edges": not graphs, "named graphs": True, "one node": graphs, "one graph": graphs}
