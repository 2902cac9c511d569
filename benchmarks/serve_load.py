"""Benchmark: ``kgost serve`` under load: many concurrent clients mixing every kind of request.

Usage::

    .venv/bin/python benchmarks/serve_load.py                       # 200 clients, 60 s, a server of its own
    .venv/bin/python benchmarks/serve_load.py --clients 50 --seconds 20 --workers 1
    .venv/bin/python benchmarks/serve_load.py --url http://127.0.0.1:8000   # a server already running

Starts ``kgost serve`` (bundled data in memory, ``--workers``, ``--timeout``) on a free port of
127.0.0.1 unless ``--url`` is given, then runs ``--clients`` httpx clients (asyncio) for
``--seconds``; each sends requests one after another, drawn at random (seeded) from a mix of named
queries, entity pages (HTML and Turtle), ``/sparql`` queries (SELECT as JSON and CSV, CONSTRUCT as
Turtle), the JSON API and a few queries far past the time limit. Every answer is checked against
the Python API's. Prints throughput, latency percentiles (all requests and per kind), the statuses,
the count of wrong answers and of 5xx other than the designed time-limit status (503 for the slow
queries only).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

import kgost

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import free_port, stop  # noqa: E402  (the tests' own: a free port, stopping a server)

PREFIXES = "PREFIX kgost: <https://w3id.org/kgost/ontology#>\nPREFIX group: <https://w3id.org/kgost/id/group/>\n"
MEMBERS = PREFIXES + "SELECT ?p ?name WHERE { ?p kgost:memberOf group:exo-cbx ; kgost:name ?name } ORDER BY ?name"
TITLES = PREFIXES + "SELECT ?song ?title WHERE { ?song a kgost:Song ; kgost:title ?title } ORDER BY ?title"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?p kgost:memberOf ?g } WHERE { ?p kgost:memberOf ?g }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="server processes (default: 2)")
    parser.add_argument("--timeout", type=float, default=5, help="the server's time limit, seconds (default: 5)")
    parser.add_argument("--store", default="memory", help="the server's store (default: memory, rdflib)")
    parser.add_argument("--url", help="a running kgost serve to load instead of starting one")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    mix = requests_mix(kgost.load())
    with server(args) as url:
        results, elapsed = asyncio.run(load(url, mix, clients=args.clients, seconds=args.seconds, seed=args.seed))
    figures = summary(results, elapsed, args)
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


# ---- the mix of requests: (kind, weight, path, params, headers, check) ----------------------

Check = Callable[[httpx.Response], bool]


def requests_mix(kg: kgost.KnowledgeGraph) -> list[tuple[str, int, str, dict[str, str], dict[str, str], Check]]:
    """What the clients send, with each answer's check computed from the Python API."""
    members = kg.sparql(MEMBERS).column("name")
    titles = kg.sparql(TITLES).column("title")
    constructed = len(kg.sparql(CONSTRUCT).graph)
    group = kg.query("group-members", group="EXO").column("name")
    songs = len(kg.query("songs"))
    paths = [p.explanation for p in kg.connect("Chen", "Baekhyun").paths]
    json_type = {"Accept": "application/sparql-results+json"}

    def names(response: httpx.Response) -> list[str]:
        return [b["name"]["value"] for b in response.json()["results"]["bindings"]]

    def turtle_size(response: httpx.Response) -> int:
        import rdflib

        return len(rdflib.Graph().parse(data=response.text, format="turtle"))

    return [
        ("named query", 20, "/queries/group-members", {"group": "EXO"}, json_type, lambda r: names(r) == group),
        ("named query", 10, "/queries/songs", {}, json_type, lambda r: len(r.json()["results"]["bindings"]) == songs),
        ("entity page", 15, "/id/person/chen", {}, {"Accept": "text/html"}, lambda r: "<h1>Chen</h1>" in r.text),
        ("entity page", 10, "/id/song/stay-with-me", {}, {"Accept": "text/turtle"},
         lambda r: "Stay with Me" in r.text and turtle_size(r) > 5),
        ("sparql", 20, "/sparql", {"query": MEMBERS}, json_type, lambda r: names(r) == members),
        ("sparql", 10, "/sparql", {"query": TITLES, "format": "csv"}, {},
         lambda r: [line.split(",", 1)[1] for line in r.text.splitlines()[1:]] == [t if "," not in t else f'"{t}"' for t in titles]),
        ("sparql", 5, "/sparql", {"query": CONSTRUCT}, {"Accept": "text/turtle"}, lambda r: turtle_size(r) == constructed),
        ("api", 5, "/api/search", {"q": "exo"}, {}, lambda r: [e["label"] for e in r.json()][:2] == ["EXO", "EXO-CBX"]),
        ("api", 3, "/api/connect", {"a": "Chen", "b": "Baekhyun"}, {}, lambda r: [p["explanation"] for p in r.json()["paths"]] == paths),
        ("time limit", 1, "/sparql", {"query": SLOW}, json_type, lambda r: r.status_code == 503 and "time limit" in r.text),
    ]


async def load(url: str, mix: list, *, clients: int, seconds: float, seed: int) -> tuple[list[tuple[str, int, float, bool]], float]:  # type: ignore[type-arg]
    """Run the clients; each result is ``(kind, status, seconds, answer correct)``; and the seconds
    from the first request to the last answer."""
    results: list[tuple[str, int, float, bool]] = []
    answers: list[tuple[str, httpx.Response, float, Check]] = []
    deadline = time.monotonic() + seconds
    weights = [item[1] for item in mix]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(300), limits=limits) as http:
        async def client(number: int) -> None:
            chance = random.Random(seed * 1000 + number)
            while time.monotonic() < deadline:
                kind, _, path, params, headers, check = chance.choices(mix, weights)[0]
                start = time.monotonic()
                try:
                    response = await http.get(path, params=params, headers=headers)
                except httpx.HTTPError as exc:
                    results.append((kind, 0, time.monotonic() - start, False))
                    print(f"client {number}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    continue
                took = time.monotonic() - start
                # checked after the run: parsing answers here would hold up the other clients' reading
                answers.append((kind, response, took, check))

        started = time.monotonic()
        await asyncio.gather(*(client(n) for n in range(clients)))
        elapsed = time.monotonic() - started
    for kind, response, took, check in answers:
        expected_status = 503 if kind == "time limit" else 200
        try:
            correct = response.status_code == expected_status and check(response)
        except Exception:  # a body that does not parse is a wrong answer
            correct = False
        results.append((kind, response.status_code, took, correct))
    return results, elapsed


def summary(results: list[tuple[str, int, float, bool]], elapsed: float, args: argparse.Namespace) -> dict[str, Any]:
    def percentiles(times: list[float]) -> dict[str, float]:
        if len(times) < 2:
            return {"p50": times[0] if times else 0.0, "p95": times[0] if times else 0.0, "p99": times[0] if times else 0.0}
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        return {"p50": round(cuts[49], 3), "p95": round(cuts[94], 3), "p99": round(cuts[98], 3)}

    kinds = sorted({r[0] for r in results})
    statuses = collections.Counter(r[1] for r in results)
    other_5xx = sum(1 for kind, status, _, _ in results if status >= 500 and not (status == 503 and kind == "time limit"))
    served = [r for r in results if r[0] != "time limit"]
    return {
        "clients": args.clients, "store": args.store, "seconds": round(elapsed, 1), "workers": args.workers, "timeout": args.timeout,
        "requests": len(results), "throughput": round(len(results) / elapsed, 1),
        "latency": percentiles(sorted(r[2] for r in served)),
        "per_kind": {k: {"requests": sum(1 for r in results if r[0] == k),
                         **percentiles(sorted(r[2] for r in results if r[0] == k))} for k in kinds},
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "wrong_answers": sum(1 for r in results if not r[3]),
        "other_5xx": other_5xx,
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def report(figures: dict[str, Any]) -> str:
    lines = [f"{figures['clients']} clients for {figures['seconds']} s against kgost serve --store {figures['store']} "
             f"({figures['workers']} worker processes, time limit {figures['timeout']:g} s)",
             f"requests: {figures['requests']}, throughput: {figures['throughput']} requests/s",
             "latency (s) of the answered requests (all but the time-limit ones): "
             + ", ".join(f"{k} {v}" for k, v in figures["latency"].items()),
             "per kind:"]
    for kind, data in figures["per_kind"].items():
        lines.append(f"  {kind:<12} {data['requests']:>6} requests  p50 {data['p50']}  p95 {data['p95']}  p99 {data['p99']}")
    lines.append("statuses: " + ", ".join(f"{k}: {v}" for k, v in figures["statuses"].items()))
    lines.append(f"wrong answers: {figures['wrong_answers']}; 5xx other than the time limit's 503: {figures['other_5xx']}")
    lines.append(f"machine: {figures['cpus']} CPUs, load average after the run {figures['load_average_after']}")
    return "\n".join(lines)


@contextlib.contextmanager
def server(args: argparse.Namespace) -> Iterator[str]:
    if args.url:
        yield args.url.rstrip("/")
        return
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "kgost", "serve", "--port", str(port), "--workers", str(args.workers),
                                    "--timeout", str(args.timeout), "--store", args.store], stdout=subprocess.DEVNULL, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url, process, log, seconds=300)
            yield url
        finally:
            stop(process)


def _wait(url: str, process: subprocess.Popen, log: Any, *, seconds: float) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while True:
        try:
            with opener.open(url + "/health", timeout=5):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise SystemExit(f"kgost serve did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)


if __name__ == "__main__":
    main()
