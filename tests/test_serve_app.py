"""``kgost serve``'s application in-process (Starlette's TestClient): negotiation, entity pages,
named queries, the JSON API, errors and limits, checked against the Python API."""

from __future__ import annotations

import io
import json
import urllib.parse
import warnings

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.query import Result

import kgost

pytest.importorskip("starlette", reason="kgost serve needs pip install -e '.[server]'")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx")

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 for its TestClient, and still runs on httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from kgost.server._app import make_app  # noqa: E402
from kgost.server._settings import ServerSettings  # noqa: E402

MEMBERS = ("PREFIX kgost: <https://w3id.org/kgost/ontology#>\nPREFIX group: <https://w3id.org/kgost/id/group/>\n"
           "SELECT ?p ?name WHERE { ?p kgost:memberOf group:exo-cbx ; kgost:name ?name } ORDER BY ?name")
CONSTRUCT = ("PREFIX kgost: <https://w3id.org/kgost/ontology#>\n"
             "CONSTRUCT { ?p kgost:memberOf ?g } WHERE { ?p kgost:memberOf ?g }")
CHA = "https://w3id.org/kgost/id/person/cha-eunwoo"


@pytest.fixture(scope="module")
def client(kg: kgost.KnowledgeGraph) -> TestClient:
    return TestClient(make_app(kg, ServerSettings(timeout=30)))


def _rows(result: Result) -> list[tuple]:
    return [tuple(row) for row in result]


@pytest.mark.parametrize(("accept", "format", "media"), [
    ("application/sparql-results+json", "json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    ("text/csv", "csv", "text/csv"),
    ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
])
def test_select_in_every_result_format_reads_back_as_the_python_api_answer(client, kg, accept, format, media) -> None:
    expected = kg.sparql(MEMBERS)
    response = client.get("/sparql", params={"query": MEMBERS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    parsed = Result.parse(io.BytesIO(response.content), format=format)
    if format == "csv":  # CSV keeps lexical forms only
        assert [tuple(str(t) for t in row) for row in parsed] == [tuple(str(t) for t in row) for row in expected.terms]
    else:
        assert _rows(parsed) == [tuple(row) for row in expected.terms]
    download = client.get("/sparql", params={"query": MEMBERS, "format": format})
    assert download.content == response.content
    assert "attachment" in download.headers["content-disposition"]


def test_streamed_json_is_the_writers_json(client, kg) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert json.loads(response.text) == json.loads(kg.sparql("SELECT * WHERE { ?s ?p ?o }").to_json())


@pytest.mark.parametrize(("accept", "format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"), ("application/n-quads", "nquads"),
])
def test_construct_in_every_graph_format_is_the_python_api_graph(client, kg, accept, format) -> None:
    response = client.post("/sparql", content=CONSTRUCT.encode(), headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    got = rdflib.Dataset()
    got.parse(data=response.content, format=format)
    triples = rdflib.Graph()
    for s, p, o, _ in got.quads():
        triples.add((s, p, o))
    assert len(triples) > 5 and isomorphic(triples, kg.sparql(CONSTRUCT).graph)


def test_ask_answers_json_and_xml_and_refuses_csv(client) -> None:
    ask = "ASK { <https://w3id.org/kgost/id/person/chen> <https://w3id.org/kgost/ontology#memberOf> ?g }"
    assert client.get("/sparql", params={"query": ask}).json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+xml"})
    assert Result.parse(io.BytesIO(xml.content), format="xml").askAnswer is True
    refused = client.get("/sparql", params={"query": ask}, headers={"Accept": "text/csv"})
    assert refused.status_code == 406 and "application/sparql-results+json" in refused.text


def test_post_form_and_unknown_accept(client, kg) -> None:
    response = client.post("/sparql", data={"query": MEMBERS})
    assert [b["name"]["value"] for b in response.json()["results"]["bindings"]] == kg.sparql(MEMBERS).column("name")
    assert client.get("/sparql", params={"query": MEMBERS}, headers={"Accept": "image/png"}).status_code == 406
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.get("/sparql", params={"query": MEMBERS, "format": "turtle"}).status_code == 400


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_dataset_parameters_pick_the_stores_named_graphs(engine) -> None:
    """``default-graph-uri`` / ``named-graph-uri`` as the SPARQL 1.1 Protocol says, over the
    store's own named graphs (nothing fetched; a graph the store lacks is empty)."""
    if engine == "oxigraph":
        pytest.importorskip("pyoxigraph")
    kg = kgost.load(store=engine)
    client = TestClient(make_app(kg, ServerSettings(timeout=30), warm=False))
    names = "https://w3id.org/kgost/id/graph/name-variants"
    ontology = "https://w3id.org/kgost/ontology"

    def held(*graphs: str) -> set[tuple]:
        rows = kg.sparql_raw("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return {(str(s), str(p), str(o)) for s, p, o, g in rows if str(g) in graphs}

    def ask(query: str, fields: list[tuple[str, str]], method: str = "GET") -> list[tuple]:
        params = [("query", query), *fields]
        response = (client.get("/sparql", params=params) if method == "GET" else client.post(
            "/sparql", content=urllib.parse.urlencode(params), headers={"Content-Type": "application/x-www-form-urlencoded"}))
        assert response.status_code == 200, response.text
        parsed = Result.parse(io.BytesIO(response.content), format="json")
        return [tuple(str(t) for t in row) for row in parsed]

    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert set(ask(every, [("default-graph-uri", names)])) == held(names) != set()
    assert ask(graphs, [("default-graph-uri", names)]) == []  # no named graphs were given
    both = [("default-graph-uri", names), ("default-graph-uri", ontology)]
    assert set(ask(every, both, method="POST")) == held(names, ontology)
    assert ask(graphs, [("named-graph-uri", names)]) == [(names,)]
    assert ask(every, [("named-graph-uri", names)]) == []  # an empty default graph
    assert ask(every, [("default-graph-uri", "urn:kgost:no-such-graph")]) == []
    assert len(ask(every, [])) == len(kg.sparql_raw(every).rows)  # without them: the union
    refused = client.get("/sparql", params={"query": every, "default-graph-uri": "not an iri"})
    assert refused.status_code == 400 and "default-graph-uri" in refused.text


def test_row_limit_stops_a_large_result(kg) -> None:
    small = TestClient(make_app(kg, ServerSettings(max_rows=5, timeout=30), warm=False))
    response = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 503 and "limit of 5" in response.text
    assert small.get("/sparql", params={"query": MEMBERS}).status_code == 200


def test_cors_only_when_asked(kg, client) -> None:
    assert "access-control-allow-origin" not in client.get("/health", headers={"Origin": "https://a.example"}).headers
    open_client = TestClient(make_app(kg, ServerSettings(cors="https://a.example"), warm=False))
    headers = open_client.get("/health", headers={"Origin": "https://a.example"}).headers
    assert headers["access-control-allow-origin"] == "https://a.example"


# ---- linked data ---------------------------------------------------------------------------


def test_entity_page_html_shows_facts_sources_links_and_neighbourhood(client, kg) -> None:
    response = client.get("/id/person/cha-eunwoo", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>Cha Eunwoo</h1>" in page
    sentence = next(s for s in kg.sources(CHA) if s.kind == "sentence")
    assert sentence.text.replace("’", "’") in page.replace("&#x27;", "'")
    assert 'href="/id/song/dont-cry-my-love"' in page  # a link in (the song's performer)
    assert '<div id="neighbourhood" data-network="/api/network?around=https%3A%2F%2Fw3id.org' in page
    assert "<svg" in page and 'href="/id/series/true-beauty"' in page


@pytest.mark.parametrize(("accept", "format"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
    ("application/trig", "trig"),
])
def test_entity_in_rdf_formats_holds_its_statements(client, kg, accept, format) -> None:
    response = client.get("/id/person/cha-eunwoo", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == accept
    got = rdflib.Dataset()
    got.parse(data=response.content, format=format)
    rows = kg.sparql_raw("SELECT ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"s": rdflib.URIRef(CHA)}).rows
    assert {(rdflib.URIRef(CHA), p, o) for p, o, _ in rows} == {(s, p, o) for s, p, o, _ in got.quads()}
    if format in ("trig", "json-ld"):  # the formats that keep each fact's named graph
        assert {(p, o, g) for p, o, g in rows} == {(p, o, g) for _, p, o, g in got.quads()}


def test_unknown_entity_is_404_and_ontology_serves(client) -> None:
    assert client.get("/id/person/nobody-at-all").status_code == 404
    page = client.get("/ontology")
    assert page.status_code == 200 and 'id="Song"' in page.text
    turtle = rdflib.Graph().parse(data=client.get("/ontology", params={"format": "turtle"}).text, format="turtle")
    assert (kgost.KGOST.Song, rdflib.RDF.type, rdflib.OWL.Class) in turtle


# ---- named queries and the JSON API ---------------------------------------------------------


def test_named_queries_list_and_run_as_the_cli(client, kg) -> None:
    listed = client.get("/queries").json()
    assert [q["name"] for q in listed] == [q.name for q in kgost.named_queries()]
    members = next(q for q in listed if q["name"] == "group-members")
    assert members["params"][0]["name"] == "group" and "SELECT" in members["sparql"]
    response = client.get("/queries/group-members", params={"group": "exo cbx"})
    names = [b["name"]["value"] for b in response.json()["results"]["bindings"]]
    assert names == kg.query("group-members", group="EXO-CBX").column("name")
    csv = client.get("/queries/group-members", params={"group": "group:exo-cbx", "format": "csv"})
    assert csv.text.splitlines()[1:] == kg.query("group-members", group="EXO-CBX").to_csv().splitlines()[1:]


def test_named_query_errors(client) -> None:
    unknown = client.get("/queries/group-membrs")
    assert unknown.status_code == 404 and "group-members" in unknown.text
    assert client.get("/queries/group-members", params={"group": "Nobody Known"}).status_code == 404
    assert client.get("/queries/group-members", params={"colour": "red", "group": "EXO"}).status_code == 400
    assert client.get("/queries/is-member", params={"group": "EXO"}).status_code == 400  # person is required
    assert client.get("/queries/people-on-several-songs", params={"min": "many"}).status_code == 400


def test_search_suggests_exact_then_containing(client) -> None:
    found = client.get("/api/search", params={"q": "exo"}).json()
    assert [f["label"] for f in found][:2] == ["EXO", "EXO-CBX"]
    assert found[0] == {"iri": "https://w3id.org/kgost/id/group/exo", "label": "EXO", "kind": "MusicGroup",
                        "page": "/id/group/exo", "matched": "EXO"}
    assert client.get("/api/search", params={"q": "zzzz"}).json() == []
    assert client.get("/api/search", params={"q": "exo", "limit": "1"}).json()[0]["label"] == "EXO"
    assert client.get("/api/search").status_code == 400


def test_connect_gives_kgosts_explanations(client, kg) -> None:
    data = client.get("/api/connect", params={"a": "Chanyeol", "b": "Song Joongki"}).json()
    expected = kg.connect("Chanyeol", "Song Joongki")
    assert [p["explanation"] for p in data["paths"]] == [p.explanation for p in expected.paths]
    first = data["paths"][0]
    assert first["nodes"][0] == {"iri": "https://w3id.org/kgost/id/person/chanyeol", "label": "Chanyeol", "page": "/id/person/chanyeol"}
    assert len(first["edges"]) == len(first["nodes"]) - 1 and first["edges"][0]["label"]
    missing = client.get("/api/connect", params={"a": "Chanyeol", "b": "Nobody Known"})
    assert missing.status_code == 404 and "error" in missing.json()
    assert client.get("/api/connect", params={"a": "Chen", "b": "Chen"}).status_code == 400


def test_network_as_cytoscape_elements(client, kg) -> None:
    data = client.get("/api/network", params={"around": "EXO-CBX"}).json()
    nodes = data["elements"]["nodes"]
    assert sorted(n["data"]["id"] for n in nodes) == sorted(kg.network(around="EXO-CBX").nodes)
    assert {"id", "label", "kind", "page", "iri"} <= set(nodes[0]["data"])
    edges = data["elements"]["edges"]
    assert len(edges) == kg.network(around="EXO-CBX").number_of_edges()
    assert all({"id", "source", "target", "label"} <= set(e["data"]) for e in edges)
    people = client.get("/api/network", params={"view": "people"}).json()
    assert len(people["elements"]["nodes"]) == kg.network(view="people").number_of_nodes()
    assert client.get("/api/network", params={"view": "nope"}).status_code == 400


def test_home_and_health(client, kg) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "/sparql" in home.text
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["quads"] == len(kg)


def test_runner_keeps_answers_and_shares_a_run_in_flight(kg) -> None:
    """Each run is a forked worker, so its process id tells whether work ran again."""
    import os
    import time

    import anyio

    from kgost.server._work import Runner

    def pid_after(seconds: float):  # type: ignore[no-untyped-def]
        return lambda _: (time.sleep(seconds), os.getpid())[1]

    async def scenario() -> tuple[int, ...]:
        runner = Runner(kg, ServerSettings(timeout=30, cache=1))
        first = await runner.run(pid_after(0), "a", key="a")
        again = await runner.run(pid_after(0), "a", key="a")  # kept: no new worker
        other = await runner.run(pid_after(0), "b", key="b")  # cache=1: "a" is dropped
        fresh = await runner.run(pid_after(0), "a", key="a")
        shared: list[int] = []
        async with anyio.create_task_group() as group:
            for _ in range(2):
                group.start_soon(lambda: _append(shared, runner.run(pid_after(0.5), "c", key="c")))
        unkeyed = [await runner.run(pid_after(0), "d"), await runner.run(pid_after(0), "d")]
        return first, again, other, fresh, *shared, *unkeyed

    async def _append(into: list[int], awaitable) -> None:  # type: ignore[no-untyped-def]
        into.append(await awaitable)

    first, again, other, fresh, shared1, shared2, unkeyed1, unkeyed2 = anyio.run(scenario)
    assert first == again != os.getpid()
    assert len({first, other, fresh}) == 3
    assert shared1 == shared2
    assert unkeyed1 != unkeyed2


def test_runner_writes_small_answers_to_memory_and_large_ones_to_a_spool(kg) -> None:
    """A worker writes its result to a spool; a small one is read into memory and kept per key
    and format (the same request is not run again), a large one is sent from the spool."""
    import os

    import anyio

    from kgost.server._spool import Written
    from kgost.server._work import Runner

    def pid_times(copies: int):  # type: ignore[no-untyped-def]
        def work(kg, out, choose):  # type: ignore[no-untyped-def]
            out.write(f"{os.getpid():>10}".encode() * copies)
            return Written("select", choose("select"), copies)
        return work

    async def scenario():  # type: ignore[no-untyped-def]
        runner = Runner(kg, ServerSettings(timeout=30))
        write = runner.write
        small = await write(pid_times(1), "a", key="a", accept="text/csv", override=None)
        again = await write(pid_times(1), "a", key="a", accept="text/csv", override=None)
        json_ = await write(pid_times(1), "a", key="a", accept=None, override=None)
        large = await write(pid_times(30_000), "b", key="b", accept=None, override=None)
        large_again = await write(pid_times(30_000), "b", key="b", accept=None, override=None)
        return small, again, json_, large, large_again

    small, again, json_, large, large_again = anyio.run(scenario)
    assert small.written.format == "csv" and small.data is not None and small.spool is None
    assert again is small  # kept: no new worker
    assert json_.written.format == "json" and json_.data != small.data  # another format: another run
    assert large.data is None and large.spool is not None and large.size == 300_000
    content = b"".join(large.chunks())
    assert content == content[:10] * 30_000 and int(content[:10]) != os.getpid()
    assert b"".join(large_again.chunks()) != content  # large answers are not kept
