"""Shared fixtures: the bundled graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgost

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = ROOT.parent / "shared" / "source" / "top-10-romantic-kdrama-osts.txt"


@pytest.fixture(scope="session")
def kg() -> kgost.KnowledgeGraph:
    """The bundled knowledge graph. Tests must not modify it; use ``fresh_kg`` for that."""
    return kgost.load()


@pytest.fixture
def fresh_kg() -> kgost.KnowledgeGraph:
    """A newly loaded bundled graph that a test may change."""
    return kgost.load()


def select(kg: kgost.KnowledgeGraph, sparql: str, **bindings: object) -> list[tuple]:
    """Run a SELECT with kgost's usual prefixes and return rows of Python strings."""
    from kgost import PREFIXES

    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return [tuple(None if v is None else str(v) for v in row) for row in kg.sparql_raw(head + sparql, bindings=bindings).rows]  # type: ignore[arg-type]


class NetworkTrap:
    """A local HTTP server that must never be called (see the ``network_trap`` fixture).

    ``url`` is its base address (``http://127.0.0.1:PORT``); ``hits`` lists ``(method, path)`` of
    every request it received; ``iri(path)`` is an address on it to put in a hostile input.
    """

    def __init__(self, url: str, hits: list[tuple[str, str]]) -> None:
        self.url = url
        self.hits = hits
        self.expected = False

    def expect_requests(self) -> None:
        """For a control test showing the threat is real without kgost: requests are then fine."""
        self.expected = True

    def iri(self, path: str = "/sparql") -> str:
        return self.url + path

    def check(self) -> None:
        """Fail the test now if anything reached the server."""
        if self.hits:
            pytest.fail(f"the network trap at {self.url} received {len(self.hits)} request(s): {self.hits}")


@pytest.fixture
def network_trap():
    """A threading HTTP server on 127.0.0.1 (a free port) that FAILS the test if it receives any
    request: put ``network_trap.iri()`` where a hostile query, shapes file or parameter would make
    kgost reach the network. It answers every request with an empty SPARQL result (so a leak is
    seen even when the caller ignores errors), and checks at teardown; call ``check()`` to check
    earlier."""
    import http.server
    import threading

    hits: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            hits.append((self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:leaked"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    trap = NetworkTrap(f"http://127.0.0.1:{server.server_address[1]}", hits)
    try:
        yield trap
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    if not trap.expected:
        trap.check()
