"""benchmarks/_report.py: RESULTS.md keeps other sections; the targets say pass or miss, and by how much."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("_report", Path(__file__).parent.parent / "benchmarks" / "_report.py")
assert _SPEC and _SPEC.loader
report = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(report)


def _run(target: int, scale: float) -> dict:
    def job(seconds: float, size: int = 5) -> dict:
        return {"median": seconds, "cpu": seconds, "runs": [seconds], "peak_mb": 100.0, "size": size}

    return {
        "quads": target, "target": target, "songs": target // 44, "seed": 0, "violations": 6, "repeat": 1,
        "shared_load": False, "command": f"benchmarks/run.py --sizes {target}",
        "machine": {"cores": 2, "python": "3.11", "platform": "Linux", "load_average": [1.0, 1.0, 1.0],
                    "packages": {"kgost": "0.1.0"}},
        "results": {
            "raw-pyoxigraph": {"load": job(1.0), "query:songs": job(0.1), "export:turtle": job(0.5), "network": job(0.2)},
            "rdflib+pyshacl": {"load": job(10.0), "validate": job(50.0, 6), "query:songs": job(1.0),
                               "export:turtle": job(5.0), "network": job(2.0), "export:jsonld": job(4.0)},
            "kgost:oxigraph": {"load": job(1.2 * scale), "validate": job(12.0 * scale, 6), "query:songs": job(0.1 * scale),
                               "export:turtle": job(0.6 * scale), "network": job(0.5 * scale), "export:jsonld": job(1.0)},
        },
    }


def test_results_md_keeps_other_sections_and_rewrites_its_own(tmp_path: Path) -> None:
    folder, markdown = tmp_path / "results", tmp_path / "RESULTS.md"
    folder.mkdir()
    markdown.write_text("# Results\n\nintro\n\n## kgost serve: load test\n\nserver figures\n")
    (folder / "10000.json").write_text(json.dumps(_run(10_000, 1.0)))
    report.write_results(folder, markdown)
    first = markdown.read_text()
    assert first.startswith("# Results\n\nintro\n\n## kgost serve: load test\n\nserver figures\n")
    assert first.count(report.BEGIN) == 1 and "### 10,000 quads" in first
    markdown.write_text(first + "\n## Another section\n\nkept\n")
    (folder / "100000.json").write_text(json.dumps(_run(100_000, 1.0)))
    report.write_results(folder, markdown)
    second = markdown.read_text()
    assert second.count(report.BEGIN) == 1 and second.count(report.END) == 1
    assert "### 10,000 quads" in second and "### 100,000 quads" in second
    assert "server figures" in second and second.endswith("## Another section\n\nkept\n")


def test_targets_pass_and_miss_by_how_much() -> None:
    rows = "\n".join(report._targets([_run(1_000_000, 1.0)]))
    assert "| oxigraph load <= 1.5x raw bulk_load | 1,000,000 | worst load: 1.20x (1 jobs) | pass |" in rows
    assert "network view <= 3x raw (SPARQL + networkx) | 1,000,000 | worst network: 2.50x (1 jobs) | pass |" in rows
    assert "| oxigraph: validation <= 15 s, results identical to pyshacl | 1,000,000 | 12.0 [cpu 12.00] s; 6 results, pyshacl 6 | pass |" in rows
    slow = "\n".join(report._targets([_run(1_000_000, 10.0)]))
    assert "| 1,000,000 | worst load: 12.00x (1 jobs) | miss by 8.0x |" in slow
    assert "(not 1M)" not in slow
    # a target falls back to the largest size that measured it
    small, big = _run(10_000, 1.0), _run(100_000, 1.0)
    del big["results"]["kgost:oxigraph"]["validate"]
    mixed = "\n".join(report._targets([small, big]))
    assert "| oxigraph load <= 1.5x raw bulk_load | 100,000 (not 1M) |" in mixed
    assert "| oxigraph: validation <= 15 s, results identical to pyshacl | 10,000 (not 1M) |" in mixed


def test_speedup_is_a_lower_bound_when_the_baseline_timed_out() -> None:
    run = _run(1_000_000, 1.0)
    plain = run["results"]["rdflib+pyshacl"]
    plain["network"] = {"error": "timeout after 100 s (cpu 90 s)"}
    del plain["export:jsonld"]
    row = report._speedup_row(run["results"], 20.0, "1,000,000")
    # theirs at least 10 + 50 + 100 + 5 s of wall time, 10 + 50 + 90 + 5 s of processor time
    assert "wall >= 8.2x (165.0 s vs 20.0 s" in row and "network timed out, export:jsonld not run" in row
    assert "processor time >= " in row and "(155 s vs " in row
    assert row.endswith("| not shown: the bound is below 20x |")
    plain["network"] = {"error": "timeout after 1000 s (cpu 990 s)"}
    assert report._speedup_row(run["results"], 20.0, "1,000,000").endswith("| pass |")


def test_a_near_miss_says_by_how_much_to_two_places() -> None:
    assert report._verdict(1.51, 1.5) == "miss by 1.01x" and report._verdict(3.0, 1.5) == "miss by 2.0x"
    assert report._verdict(1.5, 1.5) == "pass"


def test_merge_keeps_the_earlier_jobs_of_each_system() -> None:
    spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).parent.parent / "benchmarks" / "run.py")
    assert spec and spec.loader
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    earlier = {"raw": {"load": {"median": 1.0}}, "plain": {"load": {"median": 9.0}, "validate": {"median": 99.0}}}
    merged = run._merged(earlier, {"plain": {"network": {"error": "timeout after 5 s (cpu 4 s)"}, "load": {"median": 8.0}}})
    assert merged == {"raw": {"load": {"median": 1.0}},
                      "plain": {"load": {"median": 8.0}, "validate": {"median": 99.0}, "network": {"error": "timeout after 5 s (cpu 4 s)"}}}
    assert earlier["plain"] == {"load": {"median": 9.0}, "validate": {"median": 99.0}}  # not changed in place
