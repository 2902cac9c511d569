"""Benchmark: load the bundled data into each store, open it again, and count its quads by SPARQL COUNT.

Run it with (it starts ``oxigraph serve`` on a free 127.0.0.1 port for ``sparql:URL``)::

    .venv/bin/python benchmarks/bench_open.py
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import kgost


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kgost-bench-open-"))
    server = _serve(folder / "server")
    try:
        url = server[1]
        specs = ["memory", "oxigraph", f"oxigraph:{folder / 'kg'}", f"sparql:{url}"]
        print(f"kgost {kgost.__version__}: the bundled data into each store (best of 3 for in-memory stores)")
        print(f"{'store':<12} {'load s':>8} {'reopen s':>9} {'len() s':>8} {'quads':>6}")
        base = None
        for spec in specs:
            loads = []
            for _ in range(3 if spec in ("memory", "oxigraph") else 1):
                start = time.perf_counter()
                kg = kgost.load(store=spec, bundled=True)
                loads.append(time.perf_counter() - start)
                if spec not in ("memory", "oxigraph"):
                    break
                kg.close()
            kg.close()
            start = time.perf_counter()
            kg = kgost.load(store=spec)  # opened again: nothing is added
            reopen = time.perf_counter() - start
            start = time.perf_counter()
            quads = len(kg)
            count = time.perf_counter() - start
            kg.close()
            base = base or min(loads)
            name = spec.split(":", 1)[0] + (":PATH" if spec.startswith("oxigraph:") else ":URL" if spec.startswith("sparql:") else "")
            print(f"{name:<12} {min(loads):8.3f} {reopen:9.3f} {count:8.3f} {quads:6d}  (load {min(loads) / base:.2f}x memory)")
    finally:
        server[0].terminate()
        server[0].wait()
        shutil.rmtree(folder, ignore_errors=True)


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    process = subprocess.Popen([command, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(300):
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url + "?query=ASK%7B%7D", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise SystemExit("oxigraph serve did not start")


if __name__ == "__main__":
    main()
