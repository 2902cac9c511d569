"""Benchmark: ``kgost add`` of a generated CSV (one song a row) into a new ``oxigraph:PATH`` store,
then the same file again (a no-op), as whole processes::

    .venv/bin/python benchmarks/bench_add.py [--rows 1000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kgost

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # a checkout: the test's rows
from test_grow import _bulk_csv as write_rows  # noqa: E402  (one song a row, 50 groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    rows = parser.parse_args().rows
    kgost_cli = shutil.which("kgost", path=str(Path(sys.executable).parent)) or "kgost"
    folder = Path(tempfile.mkdtemp(prefix="kgost-bench-add-"))
    try:
        entries = folder / "bulk.csv"
        write_rows(entries, rows)
        store = f"oxigraph:{folder / 'store'}"
        print(f"kgost {kgost.__version__}: kgost add of {rows} CSV rows into a new oxigraph:PATH store")
        for label, extra in (("first add", ["--no-bundled"]), ("second add (no-op)", [])):
            start = time.perf_counter()
            done = subprocess.run([kgost_cli, "add", str(entries), "--store", store, *extra],
                                  check=True, capture_output=True, text=True)
            print(f"{label:<20} {time.perf_counter() - start:>7.2f} s  {done.stdout.strip()}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
