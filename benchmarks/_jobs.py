"""One benchmark job in a process of its own: set up a system, time one job, print a JSON line.

Run by ``benchmarks/run.py`` (never by hand)::

    python benchmarks/_jobs.py SYSTEM JOB[,JOB...] DATA STORE_DIR

SYSTEM is ``kgost:memory``, ``kgost:oxigraph``, ``kgost:oxigraph:PATH``, ``raw-pyoxigraph`` or
``rdflib+pyshacl``; the two baselines are written as a user of those libraries would write them.
Each line printed holds the job's seconds (the set-up, a load, is not counted except in the
``load`` job), a size to check the systems agree (rows, edges, bytes), and the process's peak
resident memory (``ru_maxrss``), which includes the loaded graph.
"""

from __future__ import annotations

import functools
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kgost.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
ARTICLE = ROOT / "data" / "article.trig"
ONTOLOGY_GRAPH = "https://w3id.org/kgost/ontology"

# a parameterized named query, and a connection search, between entities every generated graph holds
#: Group 1, not 0: a generated person n is a member of group n % groups when n % 3 != 0, so when
#: the number of groups is a multiple of 3 (1,902 at 1M quads) group 0 has no member at all.
PARAM_QUERY = ("group-members", "group", "https://w3id.org/kgost/id/group/generated-1")
SOURCE, TARGET = "https://w3id.org/kgost/id/series/generated-0", "https://w3id.org/kgost/id/series/generated-1"


def main(system: str, jobs: str, data: str, store_dir: str) -> None:
    """Set up ``system`` on ``data`` and run ``jobs`` (comma-separated; ``load`` is the set-up
    itself), printing one JSON line per job. run.py gives one job per process, except with
    --shared-load."""
    family = system.split(":")[0] if system.startswith("kgost") else system
    _warm(family)
    start, cpu_start = time.perf_counter(), _cpu()
    state = SETUP[family](system, data, store_dir, jobs)
    loaded, loaded_cpu = time.perf_counter() - start, _cpu() - cpu_start  # counting the quads is not part of it
    for job in jobs.split(",") if jobs.startswith("load") else ["load", *jobs.split(",")]:  # load always said: run.py counts its time
        if job == "load":
            size, seconds, cpu = len(state), loaded, loaded_cpu
        else:
            kind, _, arg = job.partition(":")
            begin, cpu_begin = time.perf_counter(), _cpu()
            size = JOBS[family][kind](state, arg)
            seconds, cpu = time.perf_counter() - begin, _cpu() - cpu_begin
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(json.dumps({"job": job, "seconds": seconds, "cpu": cpu, "size": size, "peak_mb": peak}), flush=True)
    if system == "kgost:oxigraph:PATH":
        state.close()


def _cpu() -> float:
    """The process's CPU seconds so far (user + system, every thread): on a busy machine this
    moves far less than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _warm(family: str) -> None:
    """Import what the jobs use and read the named queries before any timing."""
    import networkx  # noqa: F401

    import kgost
    from kgost.networks import _views  # noqa: F401

    for query in kgost.named_queries():
        _query_text(query.name)
    if family != "raw-pyoxigraph":
        import pyshacl  # noqa: F401


# ---------------------------------------------------------------------------------------------
# kgost


def _kgost_setup(system: str, data: str, store_dir: str, jobs: str) -> Any:
    import kgost
    from kgost._limits import DEFAULT_MAX_INPUT_SIZE

    # the limit must let the file in (kgost reads up to the limit in one go, so not far above it)
    limit = max(DEFAULT_MAX_INPUT_SIZE, Path(data).stat().st_size + 1)
    if system == "kgost:oxigraph:PATH":
        if jobs.startswith("load"):  # into a fresh folder, which run.py then keeps for the other jobs
            return kgost.load(data, store=f"oxigraph:{store_dir}", max_input_size=limit)
        return kgost.load(store=f"oxigraph:{store_dir}")  # opened again: nothing is read
    return kgost.load(data, store=system.split(":", 1)[1], max_input_size=limit)


def _kgost_query(kg: Any, name: str) -> int:
    return len(kg.query(name).rows)


def _kgost_param(kg: Any, _: str) -> int:
    name, param, value = PARAM_QUERY
    return len(kg.query(name, **{param: value}).rows)


def _kgost_network(kg: Any, _: str) -> int:
    return kg.network().number_of_edges()


def _kgost_connect(kg: Any, _: str) -> int:
    return len(kg.connect(SOURCE, TARGET).paths)


def _kgost_export(kg: Any, fmt: str) -> int:
    return len(kg.export(format=fmt, graph="union" if fmt == "turtle" else None).encode())


def _kgost_validate(kg: Any, _: str) -> int:
    return len(kg.validate().results)


# ---------------------------------------------------------------------------------------------
# raw pyoxigraph: bulk_load, SPARQL on the union, the engine's serializers


def _raw_setup(system: str, data: str, store_dir: str, job: str) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=data, format=ox.RdfFormat.from_extension(Path(data).suffix[1:]))
    store.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.bulk_load(path=str(ARTICLE), format=ox.RdfFormat.TRIG)
    return store


@functools.cache
def _query_text(name: str) -> str:
    import kgost

    return kgost.named_query(name).text


def _raw_query(store: Any, name: str) -> int:
    return len(list(store.query(_query_text(name), use_default_graph_as_union=True)))


def _bound_text() -> str:
    """The parameterized query's text with its value bound by a trailing VALUES clause, as a user
    would bind it (pyoxigraph's substitutions need the variable in the projection)."""
    name, param, value = PARAM_QUERY
    return f"{_query_text(name)}\nVALUES ?{param} {{ <{value}> }}"


def _raw_param(store: Any, _: str) -> int:
    return len(list(store.query(_bound_text(), use_default_graph_as_union=True)))


def _raw_edges(store: Any) -> Any:
    import networkx as nx

    from kgost.networks._views import ARTIST_EDGES  # the same SPARQL text kgost's artist view runs

    graph = nx.MultiDiGraph()
    for row in store.query(ARTIST_EDGES, use_default_graph_as_union=True):
        graph.add_edge(row["from"].value, row["to"].value, key=row["relation"].value)
    return graph


def _raw_network(store: Any, _: str) -> int:
    return _raw_edges(store).number_of_edges()


def _raw_connect(store: Any, _: str) -> int:
    return _connect(_raw_edges(store))


def _raw_export(store: Any, fmt: str) -> int:
    import pyoxigraph as ox

    if fmt == "turtle":  # the union of the graphs, as kgost's --graph union
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return len(ox.serialize(triples, format=ox.RdfFormat.TURTLE))
    return len(store.dump(format=ox.RdfFormat.JSON_LD))


# ---------------------------------------------------------------------------------------------
# plain rdflib + pyshacl


def _rdflib_setup(system: str, data: str, store_dir: str, job: str) -> Any:
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data, format="nquads" if data.endswith(".nq") else "trig")
    dataset.graph(rdflib.URIRef(ONTOLOGY_GRAPH)).parse(ONTOLOGY, format="turtle")
    dataset.parse(ARTICLE, format="trig")
    return dataset


def _union(dataset: Any) -> Any:
    import rdflib

    union = rdflib.Graph()
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return union


def _rdflib_query(dataset: Any, name: str) -> int:
    return len(list(dataset.query(_query_text(name))))


def _rdflib_param(dataset: Any, _: str) -> int:
    return len(list(dataset.query(_bound_text())))


def _rdflib_edges(dataset: Any) -> Any:
    import networkx as nx

    from kgost.networks._views import ARTIST_EDGES

    graph = nx.MultiDiGraph()
    for row in dataset.query(ARTIST_EDGES):
        graph.add_edge(str(row["from"]), str(row["to"]), key=str(row["relation"]))
    return graph


def _rdflib_network(dataset: Any, _: str) -> int:
    return _rdflib_edges(dataset).number_of_edges()


def _rdflib_connect(dataset: Any, _: str) -> int:
    return _connect(_rdflib_edges(dataset))


def _rdflib_export(dataset: Any, fmt: str) -> int:
    if fmt == "turtle":
        return len(_union(dataset).serialize(format="turtle").encode())
    return len(dataset.serialize(format="json-ld").encode())


def _rdflib_validate(dataset: Any, _: str) -> int:
    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, report, _text = pyshacl.validate(_union(dataset), shacl_graph=shapes, advanced=True)
    return len(set(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))


def _connect(graph: Any) -> int:
    """Up to ten shortest paths between the two people, over edges in either direction."""
    import itertools

    import networkx as nx

    undirected = nx.Graph(graph.to_undirected())
    try:
        return len(list(itertools.islice(nx.all_shortest_paths(undirected, SOURCE, TARGET), 10)))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return 0


SETUP = {"kgost": _kgost_setup, "raw-pyoxigraph": _raw_setup, "rdflib+pyshacl": _rdflib_setup}
JOBS = {
    "kgost": {"query": _kgost_query, "param": _kgost_param, "network": _kgost_network, "connect": _kgost_connect,
              "export": _kgost_export, "validate": _kgost_validate},
    "raw-pyoxigraph": {"query": _raw_query, "param": _raw_param, "network": _raw_network, "connect": _raw_connect,
                       "export": _raw_export},
    "rdflib+pyshacl": {"query": _rdflib_query, "param": _rdflib_param, "network": _rdflib_network,
                       "connect": _rdflib_connect, "export": _rdflib_export, "validate": _rdflib_validate},
}

if __name__ == "__main__":
    main(*sys.argv[1:5])
