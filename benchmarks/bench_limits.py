"""Benchmark: the cost of limits (a forked worker per bounded call) and the hostile inputs they end.

Usage::

    .venv/bin/python benchmarks/bench_limits.py              # every part
    .venv/bin/python benchmarks/bench_limits.py --repeat 10  # more runs of each timed call

Prints, per engine, the median seconds of a named query, an export and a validation of the
bundled data without a limit and with ``timeout=`` (the ratio is the worker's overhead); then
reading N-Triples with one long literal by kgost and by rdflib's own reading; then how long
canonical labelling of a clique of blank nodes takes to give up. Files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import rdflib

import kgost
from kgost.readwrite._io import read_rdf


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def overhead(repeat: int) -> None:
    print("bounded call overhead on the bundled data (median seconds; ratio bounded/unbounded)")
    for engine in kgost.ENGINES:
        kg = kgost.load(store=engine)
        calls: dict[str, Callable[..., object]] = {
            "query group-members": lambda **k: kg.query("group-members", group="EXO", **k),
            "export trig": lambda **k: kg.export(format="trig", **k),
            "validate": lambda **k: kg.validate(**k),
        }
        for name, call in calls.items():
            free = median_seconds(call, repeat)
            bounded = median_seconds(lambda: call(timeout=60), repeat)
            print(f"  {engine:8} {name:20} {free:8.3f} {bounded:8.3f}  x{bounded / free:.2f}  (+{bounded - free:.3f} s)")


def long_literals(folder: Path) -> None:
    print("one N-Triples line with a long literal (seconds): kgost, rdflib's own reading")
    for megabytes in (1, 2, 4):
        path = folder / f"long{megabytes}.nt"
        path.write_text(f'<urn:ex:s> <urn:ex:p> "{"a" * megabytes * 1_000_000}" .\n', encoding="utf-8")
        start = time.perf_counter()
        read_rdf(path)
        ours = time.perf_counter() - start
        theirs = "skipped (over a minute)"
        if megabytes <= 2:
            start = time.perf_counter()
            rdflib.Dataset().parse(data=path.read_text(encoding="utf-8"), format="nt")
            theirs = f"{time.perf_counter() - start:.2f}"
        print(f"  {megabytes} MB  {ours:.3f}  {theirs}")


def cliques(folder: Path) -> None:
    print("canonical labels of a clique of N blank nodes (seconds until labelled or refused)")
    for size in (4, 5, 6, 8, 14):
        path = folder / f"clique{size}.nt"
        path.write_text("".join(f"_:b{i} <urn:ex:p> _:b{j} .\n" for i in range(size) for j in range(size) if i != j))
        kg = kgost.load(path, bundled=False)
        start = time.perf_counter()
        try:
            kg.export(format="nquads", canonical=True)
            outcome = "labelled"
        except kgost.ExportError:
            outcome = "ExportError"
        print(f"  {size:2} nodes  {time.perf_counter() - start:.2f}  {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each timed call (default 5)")
    args = parser.parse_args()
    overhead(args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        long_literals(Path(folder))
        cliques(Path(folder))


if __name__ == "__main__":
    main()
