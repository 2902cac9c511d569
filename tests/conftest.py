"""Shared fixtures: the bundled graph, loaded once per test session."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import kgost

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = ROOT.parent / "shared" / "source" / "top-10-romantic-kdrama-osts.txt"
#: Why the article check is skipped when the article's text is not there.
ARTICLE_MISSING = (
    f"needs the text of the source article (Debashree Dutta, 2022) at {ARTICLE}, to check that every"
    " sentence is quoted exactly; it is not part of kgost (copyright): save the article's text there to run it"
)


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


# ---- stores: the same matrix on every engine (issue 9) ------------------------------------------

#: The stores the matrix runs on; the reference, the bundled graph in memory, is the ``kg`` fixture.
STORE_SPECS = ("oxigraph", "oxigraph:PATH", "sparql:URL")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(folder: Path, *, union: bool = True) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free 127.0.0.1 port with its data in ``folder``; yields its
    query URL once it answers, and stops it after."""
    command = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if command is None:
        pytest.fail("the oxigraph command is missing: pip install oxigraph (it is in kgost's test extra)")
    port = free_port()
    args = [command, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(args + (["--union-default-graph"] if union else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answers(url, process, what="oxigraph serve")
        yield url
    finally:
        stop(process)


def wait_until_answers(url: str, process: subprocess.Popen[bytes], *, what: str, seconds: float = 60) -> None:
    """Wait until the SPARQL endpoint ``url`` answers ``ASK {}``; fail if ``process`` dies or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                error = process.stderr.read().decode(errors="replace") if process.stderr and process.poll() is not None else ""
                pytest.fail(f"{what} did not start: {error[-2000:]}")
            time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process started by a test: SIGTERM, then SIGKILL if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def sparql_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of a live Oxigraph server (union default graph) for this test session."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture(scope="session", params=STORE_SPECS)
def store_kg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[kgost.KnowledgeGraph]:
    """The bundled graph on each store but memory (loaded once per store per session); tests
    compare it with ``kg``, the same graph in memory. Tests must not modify it."""
    spec = request.param
    if spec == "oxigraph:PATH":
        spec = f"oxigraph:{tmp_path_factory.mktemp('oxigraph-store') / 'kg'}"
    elif spec == "sparql:URL":
        spec = "sparql:" + request.getfixturevalue("sparql_url")
    kg = kgost.load(store=spec, bundled=True)
    yield kg
    kg.close()

# ---- kgost serve: one real server process per test session (issue 13 item 13) -------------------

#: The time limit of the shared server (``--timeout``, processor seconds): past any page or API call
#: (each takes well under a second of processor time, however busy the machine: the server and
#: browser tests pass with a limit of 1 s), and short, as ``test_serve`` waits it out to see a slow
#: query stopped, its worker burning a processor meanwhile.
SERVER_TIMEOUT = 2


class Server:
    """A running ``kgost serve``: its base URL, the file its stderr (the access log) goes to and
    its process id (with one worker process, the one that serves)."""

    def __init__(self, url: str, log: Path, pid: int = 0) -> None:
        self.url = url
        self.log = log
        self.pid = pid

    def get(self, path: str, **options: object):  # type: ignore[no-untyped-def]
        import httpx

        return httpx.get(self.url + path, timeout=60, **options)  # type: ignore[arg-type]

    def post(self, path: str, **options: object):  # type: ignore[no-untyped-def]
        import httpx

        return httpx.post(self.url + path, timeout=60, **options)  # type: ignore[arg-type]


@contextlib.contextmanager
def kgost_serve(folder: Path, *arguments: str) -> Iterator[Server]:
    """A real ``kgost serve ARGUMENTS`` on a free 127.0.0.1 port, its access log in ``folder``;
    yields it once it answers, and stops it after."""
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "kgost", "serve", "--port", str(port), *arguments],
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url + "/sparql", process, what=f"kgost serve (log: {log})", seconds=180)
        yield Server(url, log, process.pid)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def kgost_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One ``kgost serve`` of the bundled data (in memory) for the session, shared by the web page's
    and the server's tests (its start-up loads the graph and warms the network views: seconds of
    processor time). Tests must not depend on what others asked of it before."""
    with kgost_serve(tmp_path_factory.mktemp("serve"), "--timeout", str(SERVER_TIMEOUT)) as server:
        yield server


#: Each test's reports by phase (``setup``, ``call``, ``teardown``), for fixtures that act on a failure.
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the test (pytest's documented way for a fixture to see whether
    its test failed)."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the processors this process may use. The suite waits on
    other processes (kgost commands, SPARQL servers, a browser, a fresh venv) for about a third of
    its time; a third worker on 2 processors runs tests meanwhile (measured on 2 cores: 2 workers
    2 min 12 s, 3 workers 1 min 56 s to 1 min 59 s, 4 workers 2 min 6 s)."""
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) + 1


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The units pytest-xdist hands out (``--dist loadgroup``): every test that uses
    ``kgost_server`` in one group, ``server`` (as the browser tests), so one server is started
    for the whole run; a test with a group of its own in that group; any other test with the
    tests of its file (as ``--dist loadfile``), so a file's module fixtures, the query texts it
    parses and the views it derives are made on one worker, not on each (measured on 2 cores:
    84-86 s, 90-91 s with the tests handed out one by one)."""
    for item in items:
        if "kgost_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("server"))
        elif item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


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
    # polled often: shutdown() waits up to one poll interval, and the trap is set up for each test
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
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
