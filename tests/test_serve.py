"""A real ``kgost serve`` process on 127.0.0.1, queried by real clients (httpx, SPARQLWrapper,
rdflib's SPARQLStore): the same answers as the Python API, the safety gate, limits and logs."""

from __future__ import annotations

import concurrent.futures
import json
import subprocess
import sys
import time

import pytest
import rdflib
from rdflib.compare import isomorphic

import kgost
from conftest import SERVER_TIMEOUT, Server, kgost_serve

httpx = pytest.importorskip("httpx", reason="the kgost serve tests need httpx (kgost's test extra)")
pytest.importorskip("uvicorn", reason="kgost serve needs pip install -e '.[server]'")

PREFIXES = "PREFIX kgost: <https://w3id.org/kgost/ontology#>\nPREFIX group: <https://w3id.org/kgost/id/group/>\n"
MEMBERS = PREFIXES + "SELECT ?p ?name WHERE { ?p kgost:memberOf group:exo-cbx ; kgost:name ?name } ORDER BY ?name"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?p kgost:memberOf ?g } WHERE { ?p kgost:memberOf ?g }"
# Three-way cross product of every statement: far past any time limit on rdflib's engine.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = SERVER_TIMEOUT  # seconds of processor time: well past any page or API call


@pytest.fixture
def server(kgost_server: Server) -> Server:
    """The session's shared ``kgost serve`` (conftest), its time limit ``TIMEOUT``."""
    return kgost_server


def _bindings(response: httpx.Response) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def test_sparqlwrapper_gets_the_python_api_answers(server, kg) -> None:
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    expected = [{"p": str(p), "name": str(n)} for p, n in kg.sparql(MEMBERS).terms]
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(MEMBERS)
    client.setReturnFormat(JSON)
    got = client.queryAndConvert()
    assert [{k: v["value"] for k, v in b.items()} for b in got["results"]["bindings"]] == expected
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()  # an xml.dom document
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == [r["name"] for r in expected]
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().splitlines()[1:] == [f"{r['p']},{r['name']}" for r in expected]
    client.setMethod("POST")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert isomorphic(graph, kg.sparql(CONSTRUCT).graph)


def test_sparqlwrapper_picks_a_dataset(server, kg) -> None:
    """SPARQLWrapper's ``addDefaultGraph`` / ``addNamedGraph`` (``default-graph-uri`` /
    ``named-graph-uri``) pick the store's named graphs, as ``GRAPH <iri>`` would."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    names = "https://w3id.org/kgost/id/graph/name-variants"
    client = SPARQLWrapper(server.url + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery("SELECT ?s ?o WHERE { ?s ?p ?o }")
    client.addDefaultGraph(names)
    got = {(b["s"]["value"], b["o"]["value"]) for b in client.queryAndConvert()["results"]["bindings"]}
    assert got == {(str(s), str(o)) for s, o in kg.sparql_raw(f"SELECT ?s ?o WHERE {{ GRAPH <{names}> {{ ?s ?p ?o }} }}").rows}
    client = SPARQLWrapper(server.url + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    client.addNamedGraph(names)
    assert [b["g"]["value"] for b in client.queryAndConvert()["results"]["bindings"]] == [names]


def test_rdflib_sparqlstore_gets_the_python_api_answers(server, kg) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url + "/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    assert [tuple(row) for row in graph.query(MEMBERS)] == [tuple(row) for row in kg.sparql(MEMBERS).terms]
    chen = rdflib.URIRef("https://w3id.org/kgost/id/person/chen")
    assert set(graph.triples((chen, None, None))) == {(chen, p, o) for p, o in kg.sparql_raw(
        "SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o }", bindings={"s": chen}).rows}
    assert graph.query(PREFIXES + "ASK { group:exo-cbx kgost:subUnitOf group:exo }").askAnswer is True


def test_service_description(server, kg) -> None:
    response = server.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    endpoint = rdflib.URIRef(server.url + "/sparql")
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    names = set(graph.objects(None, sd.name))
    assert names == {g for (g,) in kg.sparql_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows}


def test_malformed_query_is_400_with_line_and_column(server, kg) -> None:
    bad = "SELECT ?s WHERE {\n  ?s ?p\n}"
    with pytest.raises(kgost.QuerySyntaxError) as raised:
        kg.sparql(bad)
    response = server.get("/sparql", params={"query": bad})
    assert response.status_code == 400
    assert f"line {raised.value.line}, column {raised.value.column}" in response.text
    as_json = server.get("/sparql", params={"query": bad}, headers={"Accept": "application/json"}).json()
    assert (as_json["line"], as_json["column"], as_json["type"]) == (raised.value.line, raised.value.column, "QuerySyntaxError")


def test_updates_are_refused_and_change_nothing(server) -> None:
    before = server.get("/health").json()["quads"]
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    assert server.post("/sparql", data={"update": insert}).status_code == 403
    assert server.post("/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}).status_code == 403
    refused = server.get("/sparql", params={"query": insert})
    assert refused.status_code == 400 and "read-only" in refused.text
    for text in ("DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP ALL"):
        assert server.post("/sparql", data={"query": text}).status_code == 400
    assert server.get("/sparql", params={"query": "ASK { <urn:x> ?p ?o }"}).json()["boolean"] is False
    assert server.get("/health").json()["quads"] == before > 0


def test_from_a_file_reads_nothing(server, tmp_path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'the secret' .\n", encoding="utf-8")
    for dataset in (f"FROM <{secret.as_uri()}>", "FROM <file:///etc/passwd>", f"FROM NAMED <{secret.as_uri()}>"):
        response = server.get("/sparql", params={"query": f"SELECT * {dataset} WHERE {{ ?s ?p ?o }}"})
        assert response.status_code == 400 and "refused" in response.text
        assert "the secret" not in response.text and "root:" not in response.text


def test_service_and_load_reach_nothing(server, network_trap) -> None:
    service = f"SELECT * WHERE {{ SERVICE <{network_trap.iri()}> {{ ?s ?p ?o }} }}"
    response = server.get("/sparql", params={"query": service})
    assert response.status_code == 400 and "SERVICE" in response.text
    assert server.post("/sparql", data={"query": f"LOAD <{network_trap.iri()}>"}).status_code == 400
    assert server.post("/sparql", data={"update": f"LOAD <{network_trap.iri()}>"}).status_code == 403
    network_trap.check()


def test_over_long_query_and_body(server) -> None:
    long = "SELECT * WHERE { ?s ?p ?o }" + " " * 20_000
    assert server.get("/sparql", params={"query": long}).status_code == 414
    assert server.post("/sparql", data={"query": long}).status_code == 413
    huge = b"query=" + b"x" * 1_000_000
    assert server.post("/sparql", content=huge, headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 413


def test_time_limit_stops_a_slow_query_while_others_answer(server) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        started = time.monotonic()
        slow = pool.submit(server.get, "/sparql", params={"query": SLOW})
        time.sleep(0.5)
        fast = server.get("/sparql", params={"query": MEMBERS})
        fast_done = time.monotonic() - started
        assert fast.status_code == 200 and len(fast.json()["results"]["bindings"]) == 3
        stopped = slow.result()
        slow_done = time.monotonic() - started
    assert stopped.status_code == 503 and "time limit" in stopped.text and stopped.headers["retry-after"]
    assert fast_done < slow_done and TIMEOUT <= slow_done < TIMEOUT + 20
    assert server.get("/health").json()["status"] == "ok"


def test_entity_pages_in_every_format(server, kg) -> None:
    chen = rdflib.URIRef("https://w3id.org/kgost/id/person/chen")
    facts = {(chen, p, o) for p, o in kg.sparql_raw("SELECT ?p ?o WHERE { ?s ?p ?o }", bindings={"s": chen}).rows}
    html = server.get("/id/person/chen", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "<h1>Chen</h1>" in html.text and "<svg" in html.text
    for accept, format in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        response = server.get("/id/person/chen", headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == accept
        got = rdflib.Dataset().parse(data=response.text, format=format)
        assert {(s, p, o) for s, p, o, _ in got.quads()} == facts
    assert server.get("/id/person/nobody-at-all").status_code == 404


def test_named_queries_and_api(server, kg) -> None:
    listed = server.get("/queries").json()
    assert {q["name"] for q in listed} == {q.name for q in kgost.named_queries()}
    response = server.get("/queries/group-members", params={"group": "EXO-CBX"})
    assert [b["name"] for b in _bindings(response)] == kg.query("group-members", group="EXO-CBX").column("name")
    assert [s["label"] for s in server.get("/api/search", params={"q": "cha eun-woo"}).json()] == ["Cha Eunwoo"]
    connection = server.get("/api/connect", params={"a": "Chen", "b": "Baekhyun"}).json()
    assert [p["explanation"] for p in connection["paths"]] == [p.explanation for p in kg.connect("Chen", "Baekhyun").paths]
    network = server.get("/api/network", params={"around": "https://w3id.org/kgost/id/group/exo-cbx"}).json()
    assert sorted(n["data"]["id"] for n in network["elements"]["nodes"]) == sorted(kg.network(around="EXO-CBX").nodes)


def test_health_and_access_log(server, kg) -> None:
    assert server.get("/health").json() == {"status": "ok", "store": "memory", "quads": len(kg),
                                            "triples": len(kg.sparql_raw("SELECT * WHERE { ?s ?p ?o }").rows),
                                            "graphs": len({g for *_, g in kg.store.quads()})}
    server.get("/health?from=log-test")
    time.sleep(0.2)
    lines = [json.loads(line) for line in server.log.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    entry = next(e for e in lines if e["path"] == "/health" and e["query"] == len("from=log-test"))
    assert entry["status"] == 200 and entry["method"] == "GET" and entry["bytes"] > 0 and entry["ms"] >= 0


def test_cli_refuses_a_bad_option_and_shows_the_extra() -> None:
    done = subprocess.run([sys.executable, "-m", "kgost", "serve", "--workers", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--workers" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_two_workers_share_a_read_only_oxigraph_store(tmp_path) -> None:
    pytest.importorskip("pyoxigraph")
    folder = tmp_path / "store"
    kgost.load(store=f"oxigraph:{folder}").close()
    with kgost_serve(tmp_path, "--store", f"oxigraph:{folder}", "--workers", "2") as server:
        answers = {server.get("/sparql", params={"query": MEMBERS}).text for _ in range(6)}
        assert len(answers) == 1 and "Xiumin" in answers.pop()
        assert server.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403
        assert server.get("/health").json()["store"] == f"oxigraph:{folder}"


def test_missing_server_extra_gives_the_install_hint(capsys, monkeypatch) -> None:
    """As where uvicorn is not installed (it cannot be imported): the hint, before any graph is loaded."""
    from kgost.cli._main import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr().err.strip() == ("MissingExtraError: kgost serve needs starlette and uvicorn: pip install 'kgost[server]'"
                                   " (in a clone of kgost: pip install -e '.[server]')")


def test_select_results_are_streamed(server, kg) -> None:
    """A SELECT answer is sent in chunks as it is written (no Content-Length), and reads back whole."""
    with httpx.stream("GET", server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                      headers={"Accept": "text/tab-separated-values"}, timeout=60) as response:
        assert response.status_code == 200
        assert response.headers.get("transfer-encoding") == "chunked" and "content-length" not in response.headers
        lines = "".join(response.iter_text()).splitlines()
    assert lines[0] == "?s\t?p\t?o" and len(lines) - 1 == len(kg.sparql("SELECT * WHERE { ?s ?p ?o }"))
