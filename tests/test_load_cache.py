"""``kgost.load()`` parses the bundled files once per process, yet every graph is independent."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import to_isomorphic

import kgost
from kgost import _resources
from kgost.readwrite import _bundled
from kgost._namespace import DATA_IRI

SONG = URIRef("https://w3id.org/kgost/id/song/stay-with-me")
TITLE = URIRef("https://w3id.org/kgost/ontology#title")


def _triples(kg: kgost.KnowledgeGraph) -> set[tuple]:
    return {quad[:3] for quad in kg.store.quads()}


def test_loaded_graphs_are_independent() -> None:
    first, second = kgost.load(), kgost.load()
    assert len(first) == len(second) > 0
    first.store.add([(SONG, TITLE, Literal("Changed"), DATA_IRI)])
    assert len(first) == len(second) + 1
    assert kgost.load().label(SONG) == second.label(SONG) == "Stay with Me"
    assert len(kgost.load()) == len(second)


def test_every_load_has_blank_nodes_of_its_own() -> None:
    first, second = kgost.load(), kgost.load()
    blanks = [{t for quad in kg.store.quads() for t in quad if isinstance(t, BNode)} for kg in (first, second)]
    assert blanks[0] and blanks[1]  # the ontology's owl:unionOf domains
    assert not blanks[0] & blanks[1]
    import rdflib

    graphs = []
    for kg in (first, second):
        g = rdflib.Graph()
        for triple in _triples(kg):
            g.add(triple)
        graphs.append(to_isomorphic(g))
    assert graphs[0] == graphs[1]


def test_a_changed_bundled_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ontology", "data"):
        shutil.copytree(_resources.resource_dir(name), tmp_path / name)
    monkeypatch.setattr(_resources, "_PACKAGE", tmp_path / "kgost")
    before = kgost.load()
    assert before.label(SONG) == "Stay with Me"
    trig = tmp_path / "data" / "article.trig"
    text = trig.read_text(encoding="utf-8")
    assert text.count('kgost:title "Stay with Me"') == 1
    trig.write_text(text.replace('kgost:title "Stay with Me"', 'kgost:title "Stay With Me Now"'), encoding="utf-8")
    stat = trig.stat()
    os.utime(trig, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # even on a coarse clock
    assert kgost.load().label(SONG) == "Stay With Me Now"
    assert before.label(SONG) == "Stay with Me"
    monkeypatch.undo()
    assert kgost.load().label(SONG) == "Stay with Me"


def test_cache_holds_quads_of_the_files_it_read() -> None:
    kgost.load()
    key, quads = _bundled._BUNDLED["quads"]
    files = _resources.ontology_files() + _resources.data_files()
    assert [entry[0] for entry in key] == [str(p) for p in files]
    assert len(quads) == len(kgost.load())
