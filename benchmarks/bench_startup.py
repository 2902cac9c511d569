"""Benchmark: whole-process times of ``import kgost``, ``kgost --version`` and ``kgost query songs``
against a floor script (``import rdflib``, parse the bundled ontology and data, run the songs query).

Each command runs ``--runs`` times (default 5), interleaved so a busy machine slows all alike; the
median and the best are printed, with the ratio of ``kgost query songs`` to the floor::

    .venv/bin/python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import kgost
from kgost._resources import data_files, ontology_files, queries_dir

FLOOR = """
import sys, rdflib
dataset = rdflib.Dataset(default_union=True)
for path in sys.argv[1:-1]:
    dataset.parse(path, format="trig" if path.endswith(".trig") else "turtle")
rows = list(dataset.query(open(sys.argv[-1], encoding="utf-8").read()))
print(len(rows))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    kgost_cli = shutil.which("kgost", path=str(Path(sys.executable).parent)) or "kgost"
    files = [str(p) for p in (*ontology_files(), *data_files())]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import kgost": [sys.executable, "-c", "import kgost"],
        "kgost --version": [kgost_cli, "--version"],
        "kgost query songs": [kgost_cli, "query", "songs"],
        "floor (rdflib)": [sys.executable, "-c", FLOOR, *files, str(queries_dir() / "songs.rq")],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    print(f"kgost {kgost.__version__}: whole processes, {runs} runs each, interleaved")
    print(f"{'command':<20} {'median s':>9} {'best s':>8}")
    for name, found in times.items():
        print(f"{name:<20} {statistics.median(found):>9.3f} {min(found):>8.3f}")
    ratio = statistics.median(times["kgost query songs"]) / statistics.median(times["floor (rdflib)"])
    best = min(times["kgost query songs"]) / min(times["floor (rdflib)"])
    print(f"kgost query songs / floor: {ratio:.2f}x (median), {best:.2f}x (best)")


if __name__ == "__main__":
    main()
