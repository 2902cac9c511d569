"""Reading user files: every format, clear errors naming file/line/column, all-or-nothing loads."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import kgost
from kgost import InputError, ParseError
from kgost.readwrite._io import write_atomic

GOOD_TTL = """@prefix kgost: <https://w3id.org/kgost/ontology#> .
@prefix person: <https://w3id.org/kgost/id/person/> .
<https://example.org/song/new> a kgost:Song ; kgost:title "New Song" ;
    kgost:performer person:chen ; kgost:ostOf <https://w3id.org/kgost/id/series/true-beauty> .
"""

BROKEN = {
    "bad.ttl": ('@prefix kgost: <https://w3id.org/kgost/ontology#> .\n<urn:a> kgost:title "x" ;\n  kgost:title ;;; .\n', 3),
    "bad.trig": ("<urn:g> {\n  <urn:a> <urn:b> <urn:c> .\n  <urn:a> <urn:b> \n}\n", 3),
    "bad.nt": ('<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> "unterminated .\n', 2),
    "bad.nq": ("<urn:a> <urn:b> <urn:c> <urn:g> .\n\n<urn:a> <urn:b> <urn:c> <urn:g> <urn:extra> .\n", 3),
    "bad.jsonld": ('{\n  "@id": "urn:a",\n  "urn:b": [1, 2,]\n}\n', 3),
    "bad.rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="urn:a">\n</rdf:RDF>\n', 4),
    "attribute.rdf": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:">\n'
        '<rdf:Description rdf:about="urn:a">\n <ex:p rdf:parseType="Resource" rdf:resource="urn:b"/>\n</rdf:Description>\n</rdf:RDF>\n',
        4,
    ),
}


def test_user_file_is_added_to_its_own_named_graph(tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(GOOD_TTL, encoding="utf-8")
    kg = kgost.load(path)
    assert kg.label("https://example.org/song/new") == "New Song"
    [src] = kg.sources("https://example.org/song/new", "kgost:title")
    assert src.kind == "file" and src.graph == path.resolve().as_uri()
    assert kg.stats().files == 1
    assert kg.validate().conforms


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_malformed_input_names_file_and_line(tmp_path: Path, name: str) -> None:
    text, line = BROKEN[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        kgost.load(path)
    assert info.value.path == str(path)
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"{path}:{line}")


def test_a_bad_file_loads_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(GOOD_TTL, encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(BROKEN["bad.ttl"][0], encoding="utf-8")
    kg = kgost.load()
    before = len(kg)
    with pytest.raises(ParseError):
        kg.add(good, bad)
    assert len(kg) == before, "a failed load must not add the files that parsed"


def test_missing_file_unknown_extension_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        kgost.load(tmp_path / "missing.ttl")
    odd = tmp_path / "notes.txt"
    odd.write_text(GOOD_TTL)
    with pytest.raises(InputError, match="turtle, trig, nt"):
        kgost.load(odd)
    assert kgost.load(odd, format="turtle", bundled=False).label("https://example.org/song/new") == "New Song"
    with pytest.raises(InputError, match="unknown RDF format 'yaml'"):
        kgost.load(odd, format="yaml")
    with pytest.raises(InputError, match="is a folder"):
        kgost.load(tmp_path, format="turtle")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes(b'<urn:a> <urn:b> "caf\xe9" .\n')
    with pytest.raises(ParseError, match="UTF-8") as info:
        kgost.load(path)
    assert info.value.line == 1


def test_write_atomic_keeps_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(InputError, match="cannot write .*out.ttl"):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"], "temporary file left behind"
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640, "an existing file keeps its mode"
    fresh = tmp_path / "fresh.txt"
    write_atomic(fresh, b"x")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_current_umask(), "a new file gets the usual mode, not 0600"


def test_write_atomic_refuses_a_folder_and_an_unwritable_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    with pytest.raises(InputError, match="adir.* is a folder"):
        write_atomic(folder, b"x")
    with pytest.raises(InputError, match="folder .*missing.* does not exist"):
        write_atomic(tmp_path / "missing" / "out.ttl", b"x")

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # as an unwritable folder does (root ignores modes)
    with pytest.raises(InputError, match="cannot write .*out.ttl.*Permission denied"):
        write_atomic(tmp_path / "out.ttl", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]


def _current_umask() -> int:

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_expand_and_compact_iri() -> None:
    iri = kgost.expand_iri("person:cha-eunwoo")
    assert kgost.compact_iri(iri) == "person:cha-eunwoo"
    with pytest.raises(InputError, match="known prefix"):
        kgost.expand_iri("nosuch:thing")


def test_store_group_by_with_no_match_has_no_rows(kg: kgost.KnowledgeGraph) -> None:
    from rdflib import URIRef

    sparql = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:nothing> ?o } GROUP BY ?s"
    assert kg.sparql_raw(sparql).rows == []
    assert kg.sparql_raw(sparql, bindings={"s": URIRef("urn:x")}).rows == []
    # an implicit group still has its one row, and a solution with nothing bound is kept
    assert kg.sparql_raw("SELECT (COUNT(?o) AS ?n) WHERE { ?s <urn:nothing> ?o }").rows[0][0].toPython() == 0
    assert kg.sparql_raw("SELECT ?x WHERE { OPTIONAL { ?s <urn:nothing> ?x } }").rows == [(None,)]


def test_a_file_cannot_add_facts_to_an_article_sentence(tmp_path: Path, kg: kgost.KnowledgeGraph) -> None:
    forged = tmp_path / "forge.trig"
    forged.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "<https://w3id.org/kgost/id/article/top-10-romantic-kdrama-osts/sentence/e04-1> {\n"
        "  <https://w3id.org/kgost/id/song/orbit> kgost:performer <https://w3id.org/kgost/id/person/chen> .\n}\n",
        encoding="utf-8",
    )
    fresh = kgost.load()
    before = len(fresh)
    with pytest.raises(InputError) as info:
        fresh.add(forged)
    assert str(info.value) == (
        f"{forged}: adds 1 statement(s) to the graph s:e04-1, which already holds facts of another source"
        " (first: song:orbit kgost:performer person:chen); put your own facts in the file's default graph"
        " or a named graph of your own (an export of another kgost version loads alone: --no-bundled)"
    )
    assert len(fresh) == before
    # alone, the same file is just a graph of its own; and the whole export loads again beside the bundle
    assert len(kgost.load(forged, bundled=False)) == 1
    export = tmp_path / "all.trig"
    kg.export(format="trig", output=export)
    assert kgost.load(export).validate().conforms


def test_paths_one_by_one_or_in_a_list_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(GOOD_TTL, encoding="utf-8")
    assert len(kgost.load([path], bundled=False)) == len(kgost.load(str(path), bundled=False)) == 4
    with pytest.raises(InputError, match=r"a file path \(str or os.PathLike\) is needed, not int: 42"):
        kgost.load(42)  # type: ignore[arg-type]


def test_output_follows_a_symlink_and_writes_into_a_device(tmp_path: Path) -> None:
    target = tmp_path / "target.nq"
    target.write_bytes(b"old")
    link = tmp_path / "link.nq"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    write_atomic("/dev/null", b"data")  # a rename would have replaced the device by a plain file
    assert Path("/dev/null").is_char_device()


def test_names_too_long_bom_deep_json_and_bad_iris(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300 + ".ttl")
    with pytest.raises(InputError, match="cannot read .*File name too long"):
        kgost.load(long)
    with pytest.raises(InputError, match="cannot write .*File name too long"):
        write_atomic(long, b"x")
    bom = tmp_path / "bom.ttl"
    bom.write_bytes("\ufeff<urn:a> <urn:b> <urn:c> .\n".encode())
    assert len(kgost.load(bom, bundled=False)) == 1
    deep = tmp_path / "deep.jsonld"
    deep.write_text("[" * 50000 + "]" * 50000)
    with pytest.raises(ParseError, match="nested too deeply"):
        kgost.load(deep)
    bad = tmp_path / "bad-iri.ttl"
    bad.write_text("<http://ex.org/sp ace> <urn:b> <urn:c> .\n")
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(InputError, match=r"bad-iri.ttl: 'http://ex.org/sp ace' is not a valid IRI"):
            kgost.load(bad, store=engine)


@pytest.mark.parametrize(
    "call",
    [
        lambda kg: kgost.load(store=5),
        lambda kg: kg.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", bindings="x"),
        lambda kg: kg.find("EXO", limit="3"),
        lambda kg: kg.network(view=[]),
        lambda kg: kg.central(view=[]),
        lambda kg: kg.export(format="jsonld", frame=[]),
        lambda kg: kg.export(output=5),
        lambda kg: kg.validate(shapes=5),
        lambda kg: kgost.load("x.ttl", format=5),
    ],
)
def test_wrong_types_are_kgost_errors(kg: kgost.KnowledgeGraph, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(kgost.KgostError):
        call(kg)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_nquads_default_lines_go_to_the_file_graph_and_bundled_graphs_take_only_what_they_hold(tmp_path: Path, store: str) -> None:
    from rdflib import Literal, URIRef

    from kgost._namespace import ONTOLOGY_IRI

    held = next(q for q in kgost.load().store.quads() if q[3] == ONTOLOGY_IRI and not any(t.n3().startswith("_:") for t in q))
    path = tmp_path / "mixed.nq"
    lines = ['<urn:ex:a> <urn:ex:p> "in the default graph" .', '<urn:ex:a> <urn:ex:p> "named" <urn:ex:g> .',
             " ".join(t.n3() for t in held) + " ."]  # a statement the bundled ontology holds already: allowed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kg = kgost.load(path, store=store)
    mine = {(o, g) for s, p, o, g in kg.store.quads() if s == URIRef("urn:ex:a")}
    assert mine == {(Literal("in the default graph"), URIRef(path.resolve().as_uri())), (Literal("named"), URIRef("urn:ex:g"))}
    assert len(kg) == len(kgost.load()) + 2
    path.write_text("\n".join([*lines, f'<urn:ex:a> <urn:ex:p> "new" <{ONTOLOGY_IRI}> .']) + "\n", encoding="utf-8")
    fresh = kgost.load(store=store)
    with pytest.raises(InputError, match=r"mixed.nq: adds 1 statement\(s\) to the graph .*first: urn:ex:a urn:ex:p \"new\"\)"):
        fresh.add(path)
    assert len(fresh) == len(kgost.load())  # nothing of the file was added
