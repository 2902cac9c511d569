"""Benchmark: kgost on each store against raw pyoxigraph and plain rdflib + pyshacl, at growing sizes.

Usage::

    .venv/bin/python benchmarks/run.py                          # 10k, 100k and 1M quads, 3 runs of each job
    .venv/bin/python benchmarks/run.py --sizes 10k --repeat 1   # a quick look
    .venv/bin/python benchmarks/run.py --sizes 10M --systems kgost:oxigraph:PATH,raw-pyoxigraph --jobs load,query

For each size, ``kgost generate`` writes a synthetic graph (N-Quads, 6 injected violations) into a
temporary folder (never into the repository). Every job (load, validate, each parameterless
named query, a parameterized one, the network view, a connection search, Turtle and JSON-LD
export) runs on every system in a fresh process, ``--repeat`` times; the process's peak
memory (``ru_maxrss``) is reported with the median time. ``--shared-load`` runs all the jobs of
a system in one process after one load instead (quicker; peak memory then accumulates).

Prints a table per size with the medians, the ratios to raw pyoxigraph and to plain rdflib, and
the peak memory; keeps the figures in ``benchmarks/results/QUADS.json`` and rewrites its own
part of ``benchmarks/RESULTS.md`` (between marker comments; other sections stay) with the
machine, the commands, the tables and the issue's targets, each with its figure and pass/miss.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _report  # noqa: E402

SYSTEMS = ("raw-pyoxigraph", "rdflib+pyshacl", "kgost:oxigraph", "kgost:memory", "kgost:oxigraph:PATH")  # baselines first
#: Jobs run in a process of their own even with --shared-load, under --solo-timeout: shared-people
#: pairs every person's songs, the largest answer (about 400,000 rows at 1M quads; before its
#: DISTINCT sub-SELECTs it ran for hours on Oxigraph), which could stall the shared process.
SOLO = ("query:shared-people",)
QUADS_PER_SONG = 43.8  # what kgost generate writes on average (measured at 1,000 songs)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    import kgost

    parameterless = [q.name for q in kgost.named_queries() if not q.params]
    jobs = ["load", "validate", *(f"query:{name}" for name in parameterless), "param", "network", "connect",
            "export:turtle", "export:jsonld"]
    if args.jobs:
        wanted = args.jobs.split(",")
        jobs = [j for j in jobs if j in wanted or j.split(":")[0] in wanted]
    systems = args.systems.split(",") if args.systems else list(SYSTEMS)
    unknown = sorted(set(systems) - set(SYSTEMS))
    if unknown:
        raise SystemExit(f"unknown system {', '.join(unknown)}: choose from {', '.join(SYSTEMS)}")
    command = "benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix=f"kgost-bench-{os.getpid()}-", dir=args.workdir) as folder:
        for quads in [_quantity(s) for s in args.sizes.split(",")]:
            run = _run_size(quads, systems, jobs, Path(folder), args, command)
            print(_report.table(run))
    if not args.no_write:
        _report.write_results(HERE / "results", HERE / "RESULTS.md")
        print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


def _run_size(
    quads: int, systems: list[str], jobs: list[str], folder: Path, args: argparse.Namespace, command: str
) -> dict[str, Any]:
    """Generate the data and run every job on every system; the figures are saved after each
    system (``complete`` false until the last), so a long run stopped halfway keeps what it has."""
    import kgost

    data = folder / f"kgost-{quads}.nq"
    started = time.perf_counter()
    generated = kgost.generate(data, songs=max(1, round(quads / QUADS_PER_SONG)), seed=args.seed, violations=min(6, max(1, round(quads / QUADS_PER_SONG))))
    print(f"{generated} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    results: dict[str, dict[str, Any]] = {}
    machine = _report.machine()

    earlier = _earlier(quads, generated.quads, args) if args.merge else None

    def run(complete: bool) -> dict[str, Any]:
        mine = {s: {j: _summary(o) for j, o in r.items()} for s, r in results.items()}
        return {
            "quads": generated.quads, "target": quads, "songs": generated.songs, "seed": args.seed,
            "violations": len(generated.violations), "repeat": args.repeat, "shared_load": args.shared_load,
            "command": command if earlier is None else f"{earlier['command']}\n.venv/bin/python {command}",
            "complete": complete, "machine": machine,
            "results": _merged(earlier["results"] if earlier else {}, mine),
        }

    for system in systems:
        results[system] = {}
        runnable = [j for j in jobs if not (system == "raw-pyoxigraph" and j == "validate")]
        if system == "kgost:oxigraph:PATH" and "load" not in runnable:
            runnable = ["load", *runnable]  # the other jobs open the store it leaves
        if args.shared_load:
            batches = [[j for j in runnable if j not in SOLO], *([j] for j in runnable if j in SOLO)]
        else:
            batches = [[job] for job in runnable]
        for batch in batches:
            timeout = args.solo_timeout if args.shared_load and batch[0] in SOLO else args.timeout
            for rep in range(args.repeat):
                store_dir = folder / f"store-{quads}-{rep if batch[0] == 'load' else args.repeat - 1}"
                for job, outcome in _child(system, batch, data, store_dir, timeout).items():
                    results[system].setdefault(job, []).append(outcome)
                    _say(quads, system, job, outcome)
        if not args.no_write:
            _report.save(run(complete=system == systems[-1]), HERE / "results")
    return run(complete=True)


def _earlier(target: int, quads: int, args: argparse.Namespace) -> dict[str, Any] | None:
    """The saved run of this size that --merge adds to: the same generated data (quads and seed),
    else ``None`` (the new run stands alone)."""
    path = HERE / "results" / f"{target}.json"
    if not path.exists():
        return None
    earlier = json.loads(path.read_text())
    if (earlier.get("quads"), earlier.get("seed")) != (quads, args.seed):
        print(f"--merge: {path.name} holds other data ({earlier.get('quads')} quads, seed {earlier.get('seed')}); not merged", file=sys.stderr)
        return None
    return earlier  # type: ignore[no-any-return]


def _merged(earlier: dict[str, dict[str, Any]], mine: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``earlier``'s figures with ``mine`` in place of those of the same system and job."""
    merged = {system: dict(jobs) for system, jobs in earlier.items()}
    for system, jobs in mine.items():
        merged.setdefault(system, {}).update(jobs)
    return merged


def _child(system: str, jobs: list[str], data: Path, store_dir: Path, timeout: float) -> dict[str, dict[str, Any]]:
    """Run ``jobs`` in a fresh process; each job's outcome (seconds, size, peak_mb, or error)."""
    command = [sys.executable, str(HERE / "_jobs.py"), system, ",".join(jobs), str(data), str(store_dir)]
    before = _children_cpu()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        seen = _lines(exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or "")
        # the job running when the time ran out had the rest of it (and the processor time the
        # killed process used beyond the finished jobs); the ones after it never began
        left = max(0.0, timeout - sum(o["seconds"] for o in seen.values()))
        cpu = max(0.0, _children_cpu() - before - sum(o.get("cpu", 0.0) for o in seen.values()))
        unfinished = [j for j in jobs if j not in seen]
        return {**{j: {"error": f"timeout after {left:.0f} s (cpu {cpu:.0f} s)" if j == unfinished[0] else "not reached: the process ran out of time"}
                   for j in unfinished}, **{j: o for j, o in seen.items() if j in jobs}}
    seen = {j: o for j, o in _lines(done.stdout).items() if j in jobs}  # the load is always said; kept when asked for
    if done.returncode != 0:
        error = (done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1][:200]
        return {**{j: {"error": error} for j in jobs}, **seen}
    return seen


def _children_cpu() -> float:
    """Processor seconds of this process's finished children (a killed one's too, once reaped)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _lines(stdout: str) -> dict[str, dict[str, Any]]:
    found = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            found[record.pop("job")] = record
    return found


def _summary(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    good = [o for o in outcomes if "error" not in o]
    if not good:
        return {"error": outcomes[-1]["error"]}
    return {
        "median": statistics.median(o["seconds"] for o in good),
        "cpu": statistics.median(o.get("cpu", 0.0) for o in good),
        "runs": [round(o["seconds"], 4) for o in good],
        "peak_mb": max(o["peak_mb"] for o in good),
        "size": good[-1]["size"],
    }


def _say(quads: int, system: str, job: str, outcome: dict[str, Any]) -> None:
    shown = outcome.get("error") or (
        f"{outcome['seconds']:.3f} s (cpu {outcome.get('cpu', 0):.3f} s), {outcome['peak_mb']:.0f} MB, size {outcome['size']}"
    )
    print(f"[{quads:,} quads] {system:21} {job:32} {shown}", file=sys.stderr, flush=True)


def _quantity(text: str) -> int:
    units = {"k": 1_000, "m": 1_000_000}
    text = text.strip().lower()
    try:
        return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)
    except (ValueError, IndexError):
        raise SystemExit(f"not a size: {text!r} (e.g. 10k, 100k, 1M)") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10k,100k,1M", help="quads per graph, comma-separated (default 10k,100k,1M; 10M on request)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each job; the median is shown (default 3)")
    p.add_argument("--systems", help=f"comma-separated, of {', '.join(SYSTEMS)} (default: all)")
    p.add_argument("--jobs", help="comma-separated job names or kinds (load, validate, query, param, network, connect, export)")
    p.add_argument("--shared-load", action="store_true", help="one process per system and run, loading once for all its jobs")
    p.add_argument("--timeout", type=float, default=3600, help="seconds a job's process may take (default 3600)")
    p.add_argument("--solo-timeout", type=float, default=300,
                   help=f"with --shared-load: seconds for the jobs run alone ({', '.join(SOLO)}; default 300)")
    p.add_argument("--seed", type=int, default=0, help="seed of the generated data (default 0)")
    p.add_argument("--workdir", help="where the temporary folder goes (default: the system's)")
    p.add_argument("--merge", action="store_true",
                   help="keep the systems a saved run of the same size and seed has and this run does not (a slow baseline run once, apart)")
    p.add_argument("--no-write", action="store_true", help="print only; leave results/ and RESULTS.md alone")
    return p


if __name__ == "__main__":
    sys.exit(main())
