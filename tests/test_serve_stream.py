"""``kgost serve`` streams large results: a real server process on 127.0.0.1 sends a result of
more than a hundred thousand rows while its own memory stays flat (the worker writes the rows to a
spool as the engine gives them; the server sends the spool in chunks), and the rows parse whole."""

from __future__ import annotations

import csv
import io
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

import kgost
from conftest import Server, kgost_serve

httpx = pytest.importorskip("httpx", reason="the kgost serve tests need httpx (kgost's test extra)")
pytest.importorskip("uvicorn", reason="kgost serve needs pip install -e '.[server]'")
pytest.importorskip("pyoxigraph", reason="the large result comes from the Oxigraph engine")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the server's peak memory in /proc")

# Every statement of the bundled data next to every sentence, person and inference: about 116,000
# rows, 22 MB as CSV (the server's memory grows by about 1 MB, whatever the size).
TYPED = "VALUES ?type { kgost:Sentence kgost:Person kgost:Inference } ?x a ?type"
LARGE = f"SELECT ?s ?p ?o ?x WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {TYPED} }}"
LARGE_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {TYPED} }}"


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with kgost_serve(tmp_path_factory.mktemp("serve-stream"), "--store", "oxigraph", "--max-rows", "1000000",
                     "--timeout", "60") as server:
        yield server


@pytest.fixture(scope="module")
def oxigraph_kg() -> kgost.KnowledgeGraph:
    return kgost.load(store="oxigraph")


def test_a_large_result_streams_in_bounded_server_memory(big_server, oxigraph_kg) -> None:
    expected = int(oxigraph_kg.sparql_raw(LARGE_COUNT).rows[0][0])
    assert expected > 100_000
    pid = big_server.pid
    rss = _reset_peak(pid)
    with httpx.stream("GET", big_server.url + "/sparql", params={"query": LARGE}, headers={"Accept": "text/csv"},
                      timeout=120) as response:
        assert response.status_code == 200, response.read()
        assert response.headers.get("transfer-encoding") == "chunked" and "content-length" not in response.headers
        body = b"".join(response.iter_bytes())
    growth = _peak(pid) - rss
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "p", "o", "x"] and len(rows) - 1 == expected
    # the statements of the data (blank nodes as such: the server loaded its own copy)
    statements = {tuple("_:" if isinstance(t, rdflib.BNode) else str(t) for t in q[:3]) for q in oxigraph_kg.store.quads()}
    assert {tuple("_:" if v.startswith("_:") else v for v in row[:3]) for row in rows[1:]} == statements
    assert len({row[3] for row in rows[1:]}) == len(oxigraph_kg.sparql_raw(f"SELECT DISTINCT ?x WHERE {{ {TYPED} }}").rows)
    # The result is about 22 MB; the server's peak grows by a small fraction of it (read 256 KiB at a time).
    assert len(body) > 20_000_000 and growth < len(body) // 5, (growth, len(body))


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_the_row_limit_is_counted_as_the_rows_are_written(engine) -> None:
    """At ``--max-rows`` the result is sent whole; one row (or triple) more and the query stops
    with 503, whatever the format, and the server answers the next query."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from kgost.server._app import make_app
    from kgost.server._settings import ServerSettings

    kg = kgost.load(store=engine)
    statements = len(kg.sparql_raw("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows)
    client = TestClient(make_app(kg, ServerSettings(max_rows=statements, timeout=60, cache=0), warm=False))
    every = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    whole = client.get("/sparql", params={"query": every}, headers={"Accept": "text/csv"})
    assert whole.status_code == 200 and len(list(csv.reader(io.StringIO(whole.text)))) == statements + 1
    for format in ("json", "xml", "csv", "tsv"):
        stopped = client.get("/sparql", params={"query": every.replace("}", "} ?x a ?type", 1), "format": format})
        assert stopped.status_code == 503 and f"more rows than the server's limit of {statements}" in stopped.text
    construct = "CONSTRUCT { ?s ?p ?o . ?s <urn:kgost:test#again> ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"  # twice the triples
    for format in ("turtle", "nt", "jsonld", "rdfxml", "trig", "nquads"):
        stopped = client.get("/sparql", params={"query": construct, "format": format})
        assert stopped.status_code == 503 and "more triples than the server's limit" in stopped.text
    graph = rdflib.Graph().parse(data=client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?type }"}).text,
                                 format="turtle")
    assert len(graph) == len(kg.sparql_raw("SELECT DISTINCT ?s ?type WHERE { ?s a ?type }").rows)


def _reset_peak(pid: int) -> int:
    """Reset the peak resident size of ``pid`` to its resident size now (Linux ``clear_refs``); return it."""
    Path(f"/proc/{pid}/clear_refs").write_text("5", encoding="ascii")
    return _status(pid, "VmRSS")


def _peak(pid: int) -> int:
    return _status(pid, "VmHWM")


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/{pid}/status")

