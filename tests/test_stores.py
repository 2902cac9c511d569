"""Every store (memory, Oxigraph in memory and on disk, a live SPARQL server) gives the same answers,
and persistent stores keep their data whole."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import kgost
from conftest import DATA, oxigraph_server, stop, wait_until_answers
from kgost.cli._main import main
from kgost.stores._base import StoreBase

BLANK_GRAPH = DATA / "stores" / "blank-graph.trig"
KGOST_CLI = [sys.executable, "-m", "kgost"]


@functools.cache
def _bundled_counts() -> tuple[int, int]:
    """Quads and named graphs of the bundled files, counted by rdflib alone (not through kgost):
    the ontology files in one graph, the article's TriG graphs as they are; counted when a test
    first asks (not when the file is collected, by every pytest-xdist worker), once per process."""
    import rdflib

    root = Path(__file__).resolve().parent.parent
    ontology = rdflib.Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        if path.name != "shapes.ttl":
            ontology.parse(path)
    data = rdflib.Dataset()
    data.parse(root / "data" / "article.trig", format="trig")
    graphs = {g for _, _, _, g in data.quads((None, None, None, None)) if g is not None}
    return len(ontology) + sum(1 for _ in data.quads((None, None, None, None))), len(graphs) + 1


def _bundled() -> int:
    """The bundled files' quads (see ``_bundled_counts``)."""
    return _bundled_counts()[0]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The ``kgost`` command in a separate process."""
    return subprocess.run([*KGOST_CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The ``kgost`` command in this process (where no second process is what is tested): its
    exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---- the matrix: each store against the reference (the bundled graph in memory, ``kg``) -------


class Reference:
    """Answers of the reference graph, each computed once per session (rdflib is the slow engine)."""

    def __init__(self, kg: kgost.KnowledgeGraph) -> None:
        self.kg = kg
        self._answers: dict[tuple, object] = {}

    def __call__(self, method: str | Callable[..., object], *args: object, **kwargs: object) -> Any:
        """``kg.method(*args, **kwargs)``, or ``method(kg, *args, **kwargs)`` for a function."""
        key = (method, args, tuple(sorted(kwargs.items())))
        if key not in self._answers:
            call = getattr(self.kg, method) if isinstance(method, str) else functools.partial(method, self.kg)
            self._answers[key] = call(*args, **kwargs)
        return self._answers[key]


@pytest.fixture(scope="session")
def reference(kg: kgost.KnowledgeGraph) -> Reference:
    return Reference(kg)


def test_same_quads_count_and_stats(store_kg: kgost.KnowledgeGraph, reference: Reference) -> None:
    assert len(store_kg) == len(reference.kg) == sum(1 for _ in store_kg.store.quads())
    assert store_kg.stats().to_dict() | {"engine": "x"} == reference("stats").to_dict() | {"engine": "x"}


def test_same_lookups_and_provenance(store_kg: kgost.KnowledgeGraph, reference: Reference) -> None:
    assert store_kg.resolve("EXO CBX").iri == reference("resolve", "EXO CBX").iri
    assert store_kg.find("song") == reference("find", "song")
    assert store_kg.label("song:stay-with-me") == "Stay with Me"
    for subject in ("person:hwasa", "group:exo-cbx"):
        assert store_kg.sources(subject) == reference("sources", subject)
    with pytest.raises(kgost.EntityNotFoundError) as caught:
        store_kg.resolve("Chanyol")
    assert caught.value.candidates == ["Chanyeol", "Cha Eunwoo"]


def test_same_validation(store_kg: kgost.KnowledgeGraph, reference: Reference) -> None:
    mine = store_kg.validate()
    assert mine.conforms
    assert mine.to_json() == reference("validate").to_json()


@pytest.mark.parametrize("view", kgost.NETWORK_VIEWS)
def test_same_network_views(store_kg: kgost.KnowledgeGraph, reference: Reference, view: str) -> None:
    assert nx.utils.graphs_equal(store_kg.network(view=view), reference("network", view=view))


@pytest.mark.parametrize(("format", "canonical"), [("trig", False), ("nquads", False), ("nquads", True), ("jsonld", False)])
def test_exports_are_byte_identical(store_kg: kgost.KnowledgeGraph, reference: Reference, format: str, canonical: bool) -> None:
    assert store_kg.export(format=format, canonical=canonical) == reference("export", format=format, canonical=canonical)


def test_held_and_about_agree_with_sparql_on_every_store(store_kg: kgost.KnowledgeGraph, kg: kgost.KnowledgeGraph) -> None:
    # The lookups `kgost add` relies on: native indexes on rdflib and Oxigraph, SPARQL elsewhere.
    person = URIRef("https://w3id.org/kgost/id/person/cha-eunwoo")
    expected = set(kg.store.about([person]))
    assert expected and all(q[0] == person for q in expected)
    for store in (store_kg.store, kg.store):
        assert set(store.about([person, Literal("not an IRI")])) == expected
        assert set(StoreBase.about(store, [person])) == expected  # the SPARQL way, on any store
        incoming = set(store.about([person], as_object=True))
        assert incoming and all(q[2] == person for q in incoming)
        missing = (person, URIRef("urn:ex:never"), Literal("x"), URIRef("urn:ex:g"))
        assert store.held([*expected, missing]) == expected
        assert StoreBase.held(store, [*expected, missing]) == expected


def test_memory_store_counts_and_lists_graphs_as_sparql_does(kg: kgost.KnowledgeGraph) -> None:
    # RdflibStore answers len() and its graph names from rdflib's own sizes, not by SPARQL
    from kgost.readwrite._checks import _GRAPH_NAMES

    store = kgost.RdflibStore()
    quads = list(kg.store.quads())
    blank = BNode()
    store.add([*quads, (URIRef("urn:ex:s"), URIRef("urn:ex:p"), Literal("o"), blank)])
    store.add([(URIRef("urn:ex:s"), URIRef("urn:ex:p"), Literal("in the default graph"), DATASET_DEFAULT_GRAPH_ID)])
    store.remove(quads[:3])
    assert len(store) == StoreBase.__len__(store) == len(quads) - 3 + 1
    listed = {row[0] for row in store.query(_GRAPH_NAMES).rows}
    assert blank in listed and URIRef("https://w3id.org/kgost/ontology") in listed
    assert store.graph_terms() == listed and DATASET_DEFAULT_GRAPH_ID not in listed


def test_bindings_are_terms_on_every_store(store_kg: kgost.KnowledgeGraph) -> None:
    query = "SELECT ?x WHERE { ?x kgost:name ?name }"
    assert store_kg.sparql_raw(query, bindings={"name": Literal("Chen")}).rows == [(kgost.KGOST_ID["person/chen"],)]
    for hostile in ['Chen" } UNION { ?x ?p ?o } #', "Chen'\n}", "<file:///etc/passwd>"]:
        assert store_kg.sparql_raw(query, bindings={"name": Literal(hostile)}).rows == []
    assert store_kg.sparql_raw("SELECT ?x WHERE { OPTIONAL { ?s <urn:nothing> ?x } }").rows == [(None,)]


def test_same_overview_and_edge_cases(store_kg: kgost.KnowledgeGraph, reference: Reference) -> None:
    from kgost._overview import overview

    mine = overview(store_kg)
    theirs = reference(overview)
    assert (mine.ranked, mine.group_songs, mine.sing_and_act, mine.multi_song_people) == (
        theirs.ranked, theirs.group_songs, theirs.sing_and_act, theirs.multi_song_people,
    )
    assert store_kg.sparql_raw("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:nothing> ?o } GROUP BY ?s").rows == []
    assert store_kg.sparql_raw("ASK { ?s ?p ?o }").boolean is True
    graph = store_kg.sparql_raw(
        "CONSTRUCT { ?s <urn:named> ?n } WHERE { ?s kgost:name ?n }", bindings={"n": Literal("Punch")}
    ).graph
    assert graph is not None and len(graph) == 1


def test_capabilities_are_declared(store_kg: kgost.KnowledgeGraph) -> None:
    caps = store_kg.store.capabilities
    assert isinstance(caps, kgost.StoreCapabilities)
    assert caps.union_default_graph and caps.writable and caps.checks_queries and caps.transactions
    assert not caps.blank_nodes  # skolemised: a blank node can be bound in any query
    assert caps.persistent == (store_kg.store.name == "sparql" or getattr(store_kg.store, "path", None) is not None)
    assert caps.remote == (store_kg.store.name == "sparql")
    # the engines answer queries compiled, and the scratch store of an engine is one of its own kind
    assert caps.compiled_queries == (store_kg.store.name != "rdflib")
    assert kgost.make_store(caps.scratch).name == ("oxigraph" if store_kg.store.name == "oxigraph" else "rdflib")
    assert not kgost.make_store(caps.scratch).capabilities.persistent


# ---- blank nodes: a graph named by a blank node works everywhere -------------------------------


@pytest.mark.parametrize("spec", ["memory", "oxigraph", "oxigraph:PATH", "sparql:URL"])
def test_blank_node_graph_name_loads_and_works_everywhere(spec: str, tmp_path: Path) -> None:
    reference = kgost.load(BLANK_GRAPH)
    with _spec(spec, tmp_path) as spec_text:
        with kgost.load(BLANK_GRAPH, store=spec_text, bundled=True) as kg:
            assert kg.label("song:blank-song") == "Blank Song"
            (graph,) = {g for s, p, o, g in kg.store.quads() if s == kgost.KGOST_ID["song/blank-song"]}
            assert isinstance(graph, BNode)  # the blank node comes back as one, whatever the engine stores
            rows = dict(kg.sparql_raw("SELECT ?p ?o WHERE { GRAPH ?g { song:blank-song ?p ?o } }", bindings={"g": graph}).rows)
            assert set(rows) == {kgost.KGOST.performer, RDF.type, kgost.KGOST.title}
            performer = rows[kgost.KGOST.performer]
            assert isinstance(performer, BNode)
            assert kg.sparql_raw("SELECT ?n WHERE { ?x kgost:name ?n }", bindings={"x": performer}).rows == [(Literal("Nobody"),)]
            assert {str(s.graph) for s in kg.sources("song:blank-song")} == {str(graph)}
            assert kg.export(format="trig") == reference.export(format="trig")


class _spec:
    """A store spec for a fresh, empty store of the kind ``spec`` names (a server of its own for ``sparql:URL``)."""

    def __init__(self, spec: str, folder: Path) -> None:
        self.spec, self.folder, self.server = spec, folder, None

    def __enter__(self) -> str:
        if self.spec == "oxigraph:PATH":
            return f"oxigraph:{self.folder / 'store'}"
        if self.spec == "sparql:URL":
            self.server = oxigraph_server(self.folder / "server")
            return "sparql:" + self.server.__enter__()
        return self.spec

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.__exit__(None, None, None)


# ---- the registry and specs ---------------------------------------------------------------------


def test_unknown_specs_name_the_allowed_forms() -> None:
    for bad in ("sqlite:x.db", "", "memory:x", "oxigraph:", "sparql:", "sparql:ftp://host/x"):
        with pytest.raises(kgost.InputError) as caught:
            kgost.load(store=bad)
        assert "memory" in str(caught.value) or "oxigraph:PATH" in str(caught.value) or "sparql:" in str(caught.value)
    with pytest.raises(kgost.InputError, match="unknown store 'sqlite:x.db'; use one of: memory, oxigraph, oxigraph:PATH, sparql:URL"):
        kgost.make_store("sqlite:x.db")
    assert kgost.make_store("rdflib").name == kgost.make_store("memory").name == "rdflib"  # the old spec still works


def test_a_plugin_store_registers_by_entry_point(tmp_path: Path) -> None:
    """A third-party engine in the ``kgost.stores`` group is chosen by its spec, like a built-in one."""
    (tmp_path / "kgost_demo_store.py").write_text(textwrap.dedent("""
        import kgost

        class DemoStore(kgost.RdflibStore):
            name = "demo"

        def open_demo(argument, *, read_only=False):
            store = DemoStore()
            store.argument = argument
            return store
    """))
    info = tmp_path / "kgost_demo_store-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kgost-demo-store\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[kgost.stores]\ndemo = kgost_demo_store:open_demo\n")
    code = (  # one process with the plugin installed: the Python API, then the command line
        "import sys, kgost\n"
        "kg = kgost.load(store='demo:hello')\n"
        "print(kg.store.name, kg.store.argument, len(kg), kg.label('group:exo-cbx'))\n"
        "from kgost.stores._registry import store_names; print(store_names(), flush=True)\n"
        "from kgost.cli._main import main\n"
        "sys.exit(main(['query', 'group-members', '--store', 'demo', '--param', 'group=EXO-CBX']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    first, second, *cli = done.stdout.splitlines()
    assert first.split(" ", 3)[:2] == ["demo", "hello"] and first.endswith("EXO-CBX")
    assert second == "('memory', 'rdflib', 'oxigraph', 'sparql', 'demo')"
    assert "Xiumin" in "\n".join(cli), done.stderr


# ---- persistent stores on disk ------------------------------------------------------------------


def test_an_on_disk_store_is_released_in_a_long_lived_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Closing an on-disk store releases its folder even after many queries in the same process
    (a drawing runs many): a query's frame kept alive by the SPARQL parser's cached exceptions
    once held Oxigraph's result, and with it the store's lock."""
    pytest.importorskip("matplotlib")
    kg = kgost.load()
    kgost.export_network(kg.network(), format="svg")
    spec = f"oxigraph:{tmp_path / 'kg'}"
    assert main(["store", "init", "--store", spec]) == 0
    assert main(["store", "init", "--store", spec]) == 0, capsys.readouterr().err
    assert "already holds the bundled ontology and data" in capsys.readouterr().out


def test_closing_an_on_disk_store_collects_cycles_only_when_a_lazy_answer_may_hold_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing releases the folder at once: after answers read whole, without running the cycle
    collector (a full collection takes 0.1 to 0.3 s in a process holding large graphs); with a
    lazily read answer dropped into a reference cycle, or an error raised while reading an answer
    kept in one, by running it."""
    import kgost.stores._oxigraph as oxigraph_store

    collections: list[int] = []
    real = oxigraph_store.gc.collect
    monkeypatch.setattr(oxigraph_store.gc, "collect", lambda *args: collections.append(1) or real(*args))
    spec = f"oxigraph:{tmp_path / 'kg'}"
    kg = kgost.load(store=spec)
    assert kg.query("group-members", group="EXO-CBX").column("name") == ["Baekhyun", "Chen", "Xiumin"]
    assert len(list(kg.store.query_lazy("SELECT * WHERE { ?s ?p ?o }").rows)) == len(kg.sparql_raw("SELECT * WHERE { ?s ?p ?o }").rows)
    assert len(list(kg.store.quads())) == len(kg)
    kg.close()
    assert collections == []
    kg = kgost.load(store=spec)  # the folder is free: open it again in this process
    cycle: list[Any] = [kg.store.query_lazy("SELECT * WHERE { ?s ?p ?o }")]
    next(iter(cycle[0].rows))  # an answer half read ...
    cycle.append(cycle)  # ... and dropped in a cycle: only the cycle collector frees it
    del cycle
    kg.close()
    assert collections == [1]
    kg = kgost.load(store=spec)
    monkeypatch.setattr(kg.store, "_from_ox", lambda term: 1 / 0)  # reading the answer fails ...
    with pytest.raises(ZeroDivisionError) as failed:
        kg.store.query_generated("SELECT * WHERE { ?s ?p ?o }")
    kept = [failed.value]  # ... and the error, whose frames hold the answer, is kept in a cycle
    kept.append(kept)
    del failed, kept
    kg.close()
    assert collections == [1, 1]
    again = kgost.load(store=spec)
    assert again.query("group-members", group="EXO-CBX").column("name") == ["Baekhyun", "Chen", "Xiumin"]
    again.close()


def test_persistent_store_init_info_load_drop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "kg"
    spec = f"oxigraph:{store}"
    code, out, err = cli(capsys, "store", "init", "--store", spec)
    assert code == 0 and f"added the bundled ontology and data ({_bundled()} quads)" in out, err
    code, out, _ = cli(capsys, "store", "init", "--store", spec)  # opening an existing store adds nothing twice
    assert code == 0 and f"already holds the bundled ontology and data: {_bundled()} quads" in out
    code, out, _ = cli(capsys, "store", "info", "--store", spec)
    assert code == 0 and f"holds: {_bundled()} quads in {_bundled_counts()[1]} named graphs" in out and "persistent: yes" in out
    # a restart: another process reads the store as it is on disk
    query = run("query", "group-members", "--param", "group=EXO-CBX", "--store", spec)
    assert query.returncode == 0 and "Xiumin" in query.stdout, query.stderr
    # load: all or nothing
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n")
    code, _, err = cli(capsys, "store", "load", "--store", spec, str(BLANK_GRAPH), str(bad))
    assert code == 2 and err.startswith("ParseError: ") and f"{bad}:2" in err
    assert f"holds: {_bundled()} quads" in cli(capsys, "store", "info", "--store", spec)[1]
    code, out, err = cli(capsys, "store", "load", "--store", spec, str(BLANK_GRAPH))
    assert code == 0 and f"added 5 quads from 1 file(s); it holds {_bundled() + 5} quads" in out, err
    code, out, err = cli(capsys, "query", "songs", "--engine", spec, "--format", "csv")  # --engine: the old name of --store
    assert code == 0 and out.count("\n") == 13, err
    (tmp_path / "q.rq").write_text("SELECT ?t WHERE { song:blank-song kgost:title ?t }")
    code, out, err = cli(capsys, "sparql", "--store", spec, str(tmp_path / "q.rq"))
    assert code == 0 and "Blank Song" in out, err
    code, _, err = cli(capsys, "stats", "--store", spec, "--data", str(BLANK_GRAPH))
    assert code == 2 and "kgost store load --store" in err
    code, _, err = cli(capsys, "store", "init", "--store", "memory")
    assert code == 2 and "lives only in this process" in err
    code, out, err = cli(capsys, "store", "drop", "--store", spec)
    assert code == 0 and not store.exists(), err
    not_a_store = tmp_path / "folder"
    not_a_store.mkdir()
    (not_a_store / "notes.txt").write_text("mine")
    code, _, err = cli(capsys, "store", "drop", "--store", f"oxigraph:{not_a_store}")
    assert code == 2 and "holds something else than an Oxigraph store" in err
    assert (not_a_store / "notes.txt").read_text() == "mine"


def test_two_processes_read_a_store_while_none_writes(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'kg'}"
    with kgost.load(store=spec):
        pass  # created with the bundled data, then closed
    with kgost.load(store=kgost.make_store(spec, read_only=True)) as reader:
        other = run("stats", "--store", spec, "--format", "json")  # a second process, read-only too
        assert other.returncode == 0, other.stderr
        assert f'"quads": {_bundled()}' in other.stdout
        assert len(reader) == _bundled()
        with pytest.raises(kgost.InputError, match="read-only"):
            reader.add(BLANK_GRAPH)
    with kgost.load(store=spec) as writer:  # a writer holds the store: a second writer is told
        assert len(writer) == _bundled()  # the bundled data was not loaded twice
        busy = run("store", "load", "--store", spec, str(BLANK_GRAPH))
        assert busy.returncode == 2 and "open for writing by another process" in busy.stderr, busy.stderr


_LOADER = """
import sys, kgost
from rdflib import URIRef, Literal
store = kgost.make_store(sys.argv[1])

class Announce:  # says when Oxigraph starts writing, so the test kills the process inside the write
    def __init__(self, real):
        self.real = real
    def extend(self, quads):
        print("writing", flush=True)
        self.real.extend(quads)
    def __getattr__(self, name):
        return getattr(self.real, name)

store._store = Announce(store._store)
quads = [(URIRef(f"urn:kgost:test:s{i}"), URIRef("urn:kgost:test:p"), Literal(str(i)), URIRef("urn:kgost:test:g"))
         for i in range(int(sys.argv[2]))]
store.add(quads)
print("written", flush=True)
store.close()
"""


@pytest.mark.parametrize("delay", [0.0, 0.05])
def test_a_store_killed_mid_load_is_as_before_or_fully_loaded(tmp_path: Path, delay: float) -> None:
    """SIGKILL while Oxigraph writes one ``add``: after a restart the store holds all of it or none."""
    spec = f"oxigraph:{tmp_path / 'kg'}"
    with kgost.load(store=spec):
        pass
    size = 50_000
    process = subprocess.Popen([sys.executable, "-c", _LOADER, spec, str(size)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "writing"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with kgost.load(store=spec) as kg:  # a restart: opens, recovers, does not add the bundled data again
        assert len(kg) in (_bundled(), _bundled() + size)
        assert kg.label("group:exo-cbx") == "EXO-CBX"


# ---- remote servers -----------------------------------------------------------------------------


def test_sparql_store_reads_what_the_server_holds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with oxigraph_server(tmp_path / "server") as url:
        with kgost.load(store=f"sparql:{url}") as kg:  # nothing pushed unless asked
            assert len(kg) == 0 and kg.store.capabilities.remote
        code, out, err = cli(capsys, "store", "init", "--store", f"sparql:{url}")
        assert code == 0 and f"{_bundled()} quads" in out, err
        code, out, err = cli(capsys, "query", "songs", "--store", f"sparql:{url}", "--format", "csv")
        assert code == 0 and out.count("\n") == 13, err
        with kgost.load(store=f"sparql:{url}") as kg:
            assert len(kg) == _bundled()
            with pytest.raises(kgost.QueryError, match="updates"):
                kg.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
            with pytest.raises(kgost.QueryError, match="SERVICE"):
                kg.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")


def test_sparql_store_says_when_the_default_graph_is_not_the_union(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with oxigraph_server(tmp_path / "server", union=False) as url:
        with pytest.raises(kgost.InputError, match="--union-default-graph"):
            kgost.load(store=f"sparql:{url}", bundled=True)
        code, _, err = cli(capsys, "stats", "--store", f"sparql:{url}")  # now the server holds data: the probe tells at once
        assert code == 2 and "union" in err and "Fuseki" in err


def test_sparql_store_unreachable_server_is_a_clear_error() -> None:
    from conftest import free_port

    with pytest.raises(kgost.InputError, match="cannot reach the SPARQL server at http://127.0.0.1:"):
        kgost.make_store(f"sparql:http://127.0.0.1:{free_port()}/query")


@pytest.mark.slow
def test_virtuoso_server(tmp_path: Path) -> None:
    """The same answers from Virtuoso (Debian virtuoso-opensource-7-bin), where it is installed."""
    import shutil

    from conftest import free_port

    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")
    http, sql = free_port(), free_port()
    (tmp_path / "virtuoso.ini").write_text(textwrap.dedent(f"""
        [Database]
        DatabaseFile = {tmp_path}/virtuoso.db
        TransactionFile = {tmp_path}/virtuoso.trx
        ErrorLogFile = {tmp_path}/virtuoso.log
        xa_persistent_file = {tmp_path}/virtuoso.pxa
        [TempDatabase]
        DatabaseFile = {tmp_path}/virtuoso-temp.db
        TransactionFile = {tmp_path}/virtuoso-temp.trx
        [Parameters]
        ServerPort = 127.0.0.1:{sql}
        DirsAllowed = ., {tmp_path}
        [HTTPServer]
        ServerPort = 127.0.0.1:{http}
        ServerRoot = {tmp_path}
        [SPARQL]
        ResultSetMaxRows = 1000000
        DefaultGraph =
    """))
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(tmp_path / "virtuoso.ini")],
                               cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_answers(f"http://127.0.0.1:{http}/sparql", process, what="Virtuoso", seconds=180)
        url = f"http://127.0.0.1:{http}/sparql"
        isql = shutil.which("isql-vt") or shutil.which("isql")
        assert isql is not None
        nquads = tmp_path / "kg.nq"
        nquads.write_text(kgost.load().export(format="nquads"))
        script = f"DB.DBA.TTLP_MT(file_to_string_output('{nquads}'), '', 'urn:kgost:none', 512); checkpoint;"
        loaded = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={script}"], capture_output=True, text=True, timeout=120)
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        reference = kgost.load()
        with kgost.load(store=f"sparql:{url}") as kg:
            for name in ("songs", "ranked-list", "series", "timeline"):
                assert kg.query(name).rows == reference.query(name).rows
            mine, theirs = kg.stats(), reference.stats()
            assert (mine.classes, mine.sentences, mine.inferences) == (theirs.classes, theirs.sentences, theirs.inferences)
            # Virtuoso also holds graphs of its own (virtrdf:, ...): compare the graphs kgost loaded
            graphs = {q[3] for q in reference.store.quads()}
            from kgost.readwrite._nquads import canonical_quads

            mine_quads = canonical_quads(q for q in kg.store.quads() if q[3] in graphs)
            assert set(mine_quads) == set(canonical_quads(reference.store.quads()))  # blank nodes by RDFC-1.0
    finally:
        stop(process)
