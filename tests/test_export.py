"""Export: every format round-trips with its provenance, output is byte-stable, writes are atomic."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from export_helpers import assert_same_dataset, assert_same_graph, union
from pyld import jsonld

import kgost
from kgost import ExportError, InputError
from kgost.readwrite import _io
from kgost.readwrite._nquads import nt_term

DATA = Path(__file__).resolve().parent / "data"
TRICKY = DATA / "export" / "tricky.trig"
EXTENSIONS = {"trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld", "turtle": ".ttl", "nt": ".nt", "rdfxml": ".rdf"}
GRAPH_FORMATS = ("trig", "nquads", "jsonld")
TRIPLE_FORMATS = ("turtle", "nt", "rdfxml")
RDFLIB_NAMES = {"trig": "trig", "nquads": "nquads", "jsonld": "json-ld", "turtle": "turtle", "nt": "nt", "rdfxml": "xml"}


@pytest.fixture(scope="module")
def tricky() -> kgost.KnowledgeGraph:
    """Blank nodes (shared across graphs, in lists, as a graph name), escapes, languages."""
    return kgost.load(TRICKY, bundled=False)


def test_export_formats_match_the_documented_lists() -> None:
    assert set(kgost.EXPORT_FORMATS) == set(EXTENSIONS)
    assert set(EXTENSIONS) <= set(_io.RDF_FORMATS)  # import is symmetric: kgost reads all it writes
    from kgost.cli import _export as _cli_export

    assert _cli_export._FORMATS == kgost.EXPORT_FORMATS
    assert _cli_export._INPUT_FORMATS == tuple(_io.RDF_FORMATS)


@pytest.mark.parametrize("source", ["bundled", "tricky"])
@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_graph_formats_round_trip_with_provenance(
    kg: kgost.KnowledgeGraph, tricky: kgost.KnowledgeGraph, tmp_path: Path, fmt: str, source: str
) -> None:
    graph = kg if source == "bundled" else tricky
    path = tmp_path / f"export{EXTENSIONS[fmt]}"
    graph.export(format=fmt, output=path)
    expected = list(graph.store.quads())
    # pyld lowercases language tags (ko-Kore -> ko-kore), which RDF 1.1 allows; nothing else changes.
    lowercase = fmt == "jsonld"
    # read back by kgost (kgost.load picks the format from the extension) ...
    assert_same_dataset(expected, kgost.load(path, bundled=False).store.quads(), lowercase_languages=lowercase)
    # ... and by rdflib's own parser, which kgost does not use for JSON-LD
    dataset = rdflib.Dataset()
    dataset.parse(path, format=RDFLIB_NAMES[fmt])
    assert_same_dataset(expected, dataset.quads(), lowercase_languages=lowercase)
    if source == "bundled":
        assert len({q[3] for q in expected}) > 50  # the provenance graphs really were in the test


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_round_trip_the_union(kg: kgost.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"export{EXTENSIONS[fmt]}"
    kg.export(format=fmt, graph="union", output=path)
    parsed = rdflib.Graph().parse(path, format=RDFLIB_NAMES[fmt])
    assert_same_graph(union(kg.store.quads()), parsed)
    assert_same_graph(union(kg.store.quads()), union(kgost.load(path, bundled=False).store.quads()))


@pytest.mark.parametrize("fmt", ("turtle", "nt"))
def test_triple_formats_round_trip_blank_nodes_and_escapes(tricky: kgost.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"export{EXTENSIONS[fmt]}"
    tricky.export(format=fmt, graph="union", output=path)
    assert_same_graph(union(tricky.store.quads()), rdflib.Graph().parse(path, format=RDFLIB_NAMES[fmt]))


def test_rdfxml_refuses_characters_xml_cannot_hold(tricky: kgost.KnowledgeGraph) -> None:
    with pytest.raises(ExportError, match=r"RDF/XML \(XML 1.0\) cannot hold the character U\+0007.*use format trig"):
        tricky.export(format="rdfxml", graph="union")


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_write_the_union_with_a_warning(kg: kgost.KnowledgeGraph, fmt: str) -> None:
    graphs = len({q[3] for q in kg.store.quads()})
    with pytest.warns(kgost.ProvenanceLeftOutWarning) as caught:
        text = kg.export(format=fmt)
    assert text == kg.export(format=fmt, graph="union")
    message = str(caught[0].message)
    assert f"{fmt} holds triples only" in message and f"({graphs} named graphs" in message
    for option in ("trig", "nquads", "jsonld"):
        assert option in message
    assert issubclass(kgost.ProvenanceLeftOutWarning, kgost.KgostWarning)


@pytest.mark.parametrize("fmt", EXTENSIONS)
def test_one_named_graph(kg: kgost.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    sentence = kgost.expand_iri("s:e04-1")
    rows = kg.sparql_raw("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": sentence}).rows
    expected = [(s, p, o, sentence) for s, p, o in rows]
    assert len(expected) > 10
    path = tmp_path / f"one{EXTENSIONS[fmt]}"
    kg.export(format=fmt, graph="s:e04-1", output=path)
    back = list(kgost.load(path, bundled=False).store.quads())
    if fmt in GRAPH_FORMATS:  # the graph keeps its name
        assert_same_dataset(expected, back)
    else:
        assert_same_graph(union(expected), union(back))


def test_unknown_graph_format_profile_frame_and_misplaced_options(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(ExportError, match=r"no named graph 's:nope' in the graph; named graphs: .*\(64 in all\)"):
        kg.export(graph="s:nope")
    with pytest.raises(ExportError, match=r"cannot export as 'yaml'; use a format, one of: trig, nquads, jsonld, turtle, nt, rdfxml"):
        kg.export(format="yaml")
    with pytest.raises(ExportError, match=r"kgost does not write n3"):
        kg.export(format="n3")
    with pytest.raises(ExportError, match=r"unknown profile 'dc'; use one of: kgost, schema"):
        kg.export(profile="dc")
    with pytest.raises(ExportError, match=r"unknown frame 'albums'; use one of: songs"):
        kg.export(format="jsonld", frame="albums")
    with pytest.raises(ExportError, match=r"a frame shapes JSON-LD only, not trig"):
        kg.export(format="trig", frame="songs")
    with pytest.raises(ExportError, match=r"canonical output \(RDFC-1.0\) is N-Triples or N-Quads, not turtle"):
        kg.export(format="turtle", graph="union", canonical=True)


def test_format_from_the_output_extension(kg: kgost.KnowledgeGraph, tmp_path: Path) -> None:
    text = kg.export(output=tmp_path / "out.nq")
    assert text == kg.export(format="nquads") == (tmp_path / "out.nq").read_text(encoding="utf-8")
    assert kg.export().startswith("@prefix")  # TriG by default


STABLE_CASES = [
    *({"format": f} for f in GRAPH_FORMATS),
    *({"format": f, "graph": "union"} for f in TRIPLE_FORMATS),
    {"format": "nquads", "canonical": True},
    {"format": "jsonld", "frame": "songs"},
    {"format": "jsonld", "profile": "schema"},
    {"format": "turtle", "profile": "schema"},
    {"format": "rdfxml", "profile": "schema"},
]


@pytest.mark.parametrize("options", STABLE_CASES, ids=lambda o: "-".join(map(str, o.values())))
def test_exports_are_byte_identical(kg: kgost.KnowledgeGraph, fresh_kg: kgost.KnowledgeGraph, options: dict) -> None:
    first, second = kg.export(**options), fresh_kg.export(**options)
    assert first == second
    assert first.endswith("\n") and len(first) > 1000


def test_blank_node_labels_do_not_depend_on_the_input(tricky: kgost.KnowledgeGraph) -> None:
    again = kgost.load(TRICKY, bundled=False)
    blanks = lambda g: {t for q in g.store.quads() for t in q if isinstance(t, rdflib.BNode)}  # noqa: E731
    assert blanks(tricky) and not blanks(tricky) & blanks(again)  # the parser gave them other labels
    for fmt in ("trig", "nquads", "jsonld"):
        assert tricky.export(format=fmt) == again.export(format=fmt)
    assert "_:c14n0" in tricky.export(format="nquads")


_HASH_ALL = """
import hashlib, json, kgost
kg = kgost.load()
cases = json.loads({cases!r})
print(json.dumps([hashlib.sha256(kg.export(**c).encode()).hexdigest() for c in cases]))
"""


def test_exports_are_byte_identical_across_processes(kg: kgost.KnowledgeGraph) -> None:
    """rdflib's own TriG and RDF/XML writers follow hash order; kgost's output must not: a process
    with another string hash seed than this one writes the same bytes."""
    expected = [hashlib.sha256(kg.export(**c).encode()).hexdigest() for c in STABLE_CASES]
    code = _HASH_ALL.format(cases=json.dumps(STABLE_CASES))
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # this process's is random, or set
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


def test_canonical_nquads_agree_with_pyld(kg: kgost.KnowledgeGraph) -> None:
    """Canonical N-Quads equal pyld's RDFC-1.0 (URDNA2015) output from rdflib's own serialization."""
    dataset = rdflib.Dataset()
    for quad in kg.store.quads():
        dataset.add(quad)
    source = dataset.serialize(format="nquads")
    assert "_:" in source  # the ontology's owl:unionOf lists are blank nodes
    reference = jsonld.normalize(
        source, {"algorithm": "URDNA2015", "inputFormat": "application/n-quads", "format": "application/n-quads"}
    )
    assert kg.export(format="nquads", canonical=True) == reference


def test_nquads_group_by_graph_and_hold_the_same_lines_as_canonical(kg: kgost.KnowledgeGraph) -> None:
    grouped = kg.export(format="nquads").splitlines()
    canonical = kg.export(format="nquads", canonical=True).splitlines()
    assert sorted(grouped) == canonical and grouped != canonical
    graphs = [line.rsplit(" ", 2)[1] for line in grouped]
    assert graphs == sorted(graphs)


def test_canonical_ntriples_of_the_union(tricky: kgost.KnowledgeGraph) -> None:
    text = tricky.export(format="nt", graph="union", canonical=True)
    assert text.splitlines() == sorted(text.splitlines())
    assert '"bell\\u0007 and del\\u007F"' in text  # control characters as UCHARs, as RDFC-1.0 asks
    assert '"Say \\"hi\\"\\\\ back\\nsecond line\\tand a tab"' in text


def test_nt_term_escapes() -> None:
    assert nt_term(rdflib.Literal("a\u0008b\u000cc")) == '"a\\bb\\fc"'
    assert nt_term(rdflib.URIRef("urn:x y")) == "<urn:x\\u0020y>"


# Atomic writes -------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_failing_serializer_leaves_the_target_untouched(kg: kgost.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.nq"
    target.write_bytes(b"old content\n")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("kgost.readwrite._export.write_nquads", broken)
    with pytest.raises(ExportError, match="cannot write nquads: disk on fire"):
        kg.export(output=target)
    assert target.read_bytes() == b"old content\n"
    assert _leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_target_untouched(kg: kgost.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.trig"
    target.write_bytes(b"old content\n")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match="cannot write .*graph.trig.: No space left on device"):
        kg.export(output=target)
    assert target.read_bytes() == b"old content\n"
    assert _leftovers(tmp_path) == []


def test_a_refused_export_leaves_the_target_untouched(kg: kgost.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old content\n")
    with pytest.raises(ExportError):
        kg.export(output=target, canonical=True)  # canonical form is nt/nquads only
    assert target.read_bytes() == b"old content\n"
