"""Benchmark: ``kgost serve`` streams a large result: the server's peak memory against the result's size.

Usage::

    .venv/bin/python benchmarks/serve_stream.py                    # bundled data on Oxigraph, every result format
    .venv/bin/python benchmarks/serve_stream.py --store memory --formats csv

Starts ``kgost serve --store STORE --max-rows 1000000`` on a free port of 127.0.0.1 (Linux: it
reads the server's ``/proc/PID/status``), then for each format asks for every statement of the
bundled data next to every typed entity (about 219,000 rows; ``CONSTRUCT`` for the graph formats,
about 1,000 x 205 distinct triples), and prints per format: rows, bytes received, the server
process's peak resident memory growth during the request (its peak reset first with
``/proc/PID/clear_refs``), that growth as a share of the result's size, and the seconds taken.
The rows are parsed (csv, json) to check the count.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import free_port, stop, wait_until_answers  # noqa: E402  (the tests' own helpers)

SELECT = "SELECT ?s ?p ?o ?x WHERE { GRAPH ?g { ?s ?p ?o } ?x a ?type }"
CONSTRUCT = "CONSTRUCT { ?x ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } ?x a ?type }"
ACCEPT = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/sparql-results+json",
          "xml": "application/sparql-results+xml", "nt": "application/n-triples", "turtle": "text/turtle"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="oxigraph", help="the store spec (default: oxigraph, in memory)")
    parser.add_argument("--formats", default="csv,tsv,json,xml,nt,turtle", help="comma-separated (default: all)")
    args = parser.parse_args()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kgost", "serve", "--port", str(port), "--store", args.store,
                                "--max-rows", "1000000", "--timeout", "120", "--cache", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url + "/sparql", process, what="kgost serve", seconds=300)
        print(f"kgost serve --store {args.store}; server process {process.pid}, resident {_status(process.pid, 'VmRSS') >> 20} MiB")
        print(f"{'format':<8} {'rows':>9} {'bytes':>12} {'peak growth':>12} {'share':>7} {'seconds':>8}")
        for format in args.formats.split(","):
            query = SELECT if format in ("csv", "tsv", "json", "xml") else CONSTRUCT
            Path(f"/proc/{process.pid}/clear_refs").write_text("5", encoding="ascii")
            before = _status(process.pid, "VmRSS")
            started = time.perf_counter()
            with httpx.stream("GET", url + "/sparql", params={"query": query}, headers={"Accept": ACCEPT[format]},
                              timeout=600) as response:
                body = b"".join(response.iter_bytes())
            seconds = time.perf_counter() - started
            growth = _status(process.pid, "VmHWM") - before
            if response.status_code != 200:
                raise SystemExit(f"{format}: {response.status_code} {body[:300]!r}")
            rows = _rows(body, format)
            print(f"{format:<8} {rows:>9,} {len(body):>12,} {growth / 2**20:>9.1f} MiB {growth / len(body):>6.1%} {seconds:>8.1f}")
    finally:
        stop(process)


def _rows(body: bytes, format: str) -> int:
    text = body.decode("utf-8")
    if format in ("csv", "tsv"):
        return len(list(csv.reader(io.StringIO(text, newline=""), delimiter="," if format == "csv" else "\t"))) - 1
    if format == "json":
        return len(json.loads(text)["results"]["bindings"])
    if format == "xml":
        return text.count("<result>")
    if format == "nt":
        return sum(1 for line in text.splitlines() if line.strip())
    import rdflib

    return len(rdflib.Graph().parse(data=text, format="turtle"))


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise SystemExit(f"no {field} in /proc/{pid}/status")


if __name__ == "__main__":
    main()
