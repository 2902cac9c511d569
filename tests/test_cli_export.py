"""The export and load subcommands: every format through the CLI, clear errors, exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kgost
from kgost.cli._main import main

EXTENSIONS = {"trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld", "turtle": ".ttl", "nt": ".nt", "rdfxml": ".rdf"}

# (file name, text, line, column or None): malformed input in each format kgost reads
BROKEN = [
    ("bad.ttl", '@prefix kgost: <https://w3id.org/kgost/ontology#> .\n<urn:a> kgost:title "x" ;\n  kgost:title ;;; .\n', 3, 14),
    ("bad.trig", "<urn:g> {\n  <urn:a> <urn:b> <urn:c> .\n  <urn:a> <urn:b> \n}\n", 3, None),
    ("bad.nt", '<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> "unterminated .\n', 2, None),
    ("bad.nq", "<urn:a> <urn:b> <urn:c> <urn:g> .\n\n<urn:a> <urn:b> <urn:c> <urn:g> <urn:extra> .\n", 3, None),
    ("bad.jsonld", '{\n  "@id": "urn:a",\n  "urn:b": [1, 2,]\n}\n', 3, 18),
    ("structure.jsonld", '{\n  "@id": "urn:a",\n  "@type": {"x": 1}\n}\n', 3, 3),
    ("remote.jsonld", '{\n  "@context": "https://example.org/context.jsonld",\n  "@id": "urn:a"\n}\n', 2, 15),
    ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="urn:a">\n</rdf:RDF>\n', 4, 3),
]


@pytest.mark.parametrize("fmt", EXTENSIONS)
def test_export_then_load_every_format(kg: kgost.KnowledgeGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    path = tmp_path / f"graph{EXTENSIONS[fmt]}"
    options = [] if fmt in ("trig", "nquads", "jsonld") else ["--graph", "union"]
    assert main(["export", "-o", str(path), *options]) == 0  # the format comes from the extension
    assert capsys.readouterr().out == ""
    assert path.read_text(encoding="utf-8") == kg.export(format=fmt, **({"graph": "union"} if options else {}))
    assert main(["load", str(path)]) == 0
    out = capsys.readouterr().out
    quads = list(kg.store.quads())
    expected = len(quads) if not options else len({q[:3] for q in quads})
    graphs = len({q[3] for q in quads}) if not options else 1
    assert out.startswith(f"{path}: {expected} quads (")
    assert f" in {graphs} graph" in out and out.rstrip().endswith(f"[{fmt}]")


def test_export_to_stdout_and_options(capsys: pytest.CaptureFixture[str], kg: kgost.KnowledgeGraph) -> None:
    assert main(["export", "--format", "nquads", "--canonical"]) == 0
    assert capsys.readouterr().out == kg.export(format="nquads", canonical=True)
    assert main(["export", "--format", "jsonld", "--frame", "songs"]) == 0
    assert capsys.readouterr().out == kg.export(format="jsonld", frame="songs")
    assert main(["export", "--format", "turtle", "--profile", "schema"]) == 0
    assert "schema:MusicRecording" in capsys.readouterr().out


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("nt", ".nt"), ("rdfxml", ".rdf")])
def test_export_to_a_triples_format_writes_the_union_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kg: kgost.KnowledgeGraph, fmt: str, suffix: str
) -> None:
    target = tmp_path / f"all{suffix}"
    assert main(["export", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"ProvenanceLeftOutWarning: {fmt} holds triples only")
    assert "--format trig|nquads|jsonld" in err
    union = kg.export(format=fmt, graph="union")
    assert target.read_text(encoding="utf-8") == union  # byte-stable: the same as --graph union
    assert main(["export", "--format", fmt]) == 0
    assert capsys.readouterr().out == union
    assert main(["export", "--format", fmt, "--graph", "union"]) == 0
    assert capsys.readouterr().err == ""  # a deliberate union: nothing to say


@pytest.mark.parametrize("name, text, line, column", BROKEN, ids=[b[0] for b in BROKEN])
def test_load_reports_malformed_input_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int, column: int | None
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["load", str(path)]) == 2
    err = capsys.readouterr().err
    where = f"{path}:{line}" + (f":{column}" if column else "")
    assert err.startswith(f"ParseError: {where}:"), err
    assert "Traceback" not in err


def test_load_with_an_explicit_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.txt"
    path.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n", encoding="utf-8")
    assert main(["load", str(path)]) == 2
    assert "cannot tell the RDF format" in capsys.readouterr().err
    assert main(["load", "--format", "nquads", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 1 quad (1 distinct triple) in 1 graph [nquads]\n"


def test_exit_status_of_the_real_command(tmp_path: Path) -> None:
    path = tmp_path / "bad.nq"
    path.write_text(BROKEN[3][1], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kgost", "load", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith(f"ParseError: {path}:3: bad nquads syntax")
