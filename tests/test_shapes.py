"""SHACL shapes: every shape named and explained, a valid and an invalid fixture per node shape,
the `kgost validate` command on them, and mutations of the bundled data that the shapes catch."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SH

import kgost
from conftest import DATA, ROOT
from kgost.cli._main import main

SHAPES_TTL = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_TTL = ROOT / "ontology" / "kgost.ttl"
DRAWING_TTL = ROOT / "ontology" / "drawing.ttl"  # the drawings' colours, markers and legend order
ID = "https://w3id.org/kgost/id/"

VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
FIXTURES = VALID + INVALID


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.stem}" for p in paths]


def _grouped(paths: list[Path]) -> list[object]:
    """Fixtures as parameters marked so that every test of one fixture runs on the same xdist
    worker (``--dist loadgroup``): the fixture is validated once there (``_report`` caches it)."""
    return [pytest.param(p, id=i, marks=pytest.mark.xdist_group(f"shapes-{i}")) for p, i in zip(paths, _ids(paths))]


#: Invalid fixtures also run through ``kgost validate FILE`` here (the README runs four more);
#: the command prints ``str(report)`` of the same ``load(FILE).validate()``, which every fixture's
#: ``test_invalid_fixture_report_text_names_every_result`` checks without a second validation.
CLI_SAMPLE = ["PerformerShape-xone", "SeriesShape-releaseYear", "KnownTermsShape", "ArticleShape-uniquePositions"]


@lru_cache(maxsize=None)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_TTL, format="turtle")


@lru_cache(maxsize=None)
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


@lru_cache(maxsize=None)
def _report(path: Path) -> kgost.ValidationReport:
    """A fixture validated together with the bundled data, as `kgost validate FILE` does, on the
    Oxigraph store, where kgost's SPARQL validator runs (pyshacl takes seconds per fixture with the
    bundled data; tests/test_engine_shacl.py shows the two give the same results for every fixture,
    and ``test_cli_validate_exits_1_on_invalid_fixture`` compares the CLI's pyshacl report text)."""
    return kgost.load(path, store="oxigraph").validate()


def _node_shapes() -> set[str]:
    return {str(s).split("#")[-1] for s in _shapes().subjects(RDF.type, SH.NodeShape)}


def _named_shape(path: Path) -> tuple[str, str | None]:
    """``SongShape-releaseDate.ttl`` -> ("SongShape", "releaseDate"); ``SongShape.ttl`` -> ("SongShape", None)."""
    shape, _, what = path.stem.partition("-")
    return shape, what or None


def _all_shapes(g: rdflib.Graph) -> set[rdflib.term.Node]:
    """Node shapes, property shapes and SPARQL constraints: everything a result can name."""
    found: set[rdflib.term.Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        found.update(g.subjects(RDF.type, kind))
    for link in (SH.property, SH.sparql):
        found.update(g.objects(None, link))
    found.update(g.subjects(SH.targetClass, None))
    found.update(g.subjects(SH.path, None))
    return found


# --------------------------------------------------------------------------------------------
# The shapes file itself
# --------------------------------------------------------------------------------------------


def test_every_shape_has_an_iri_and_a_message() -> None:
    g = _shapes()
    shapes = _all_shapes(g)
    assert len(shapes) > len(_node_shapes())  # property shapes and SPARQL constraints are in
    blank = sorted(str(s) for s in shapes if not isinstance(s, URIRef))
    assert not blank, f"shapes without an IRI: {blank}"
    silent = sorted(str(s) for s in shapes if g.value(s, SH.message) is None)
    assert not silent, f"shapes without an sh:message: {silent}"
    unlabelled = sorted(str(s) for s in g.subjects(RDF.type, SH.NodeShape) if g.value(s, RDFS.label) is None)
    assert not unlabelled, f"node shapes without an rdfs:label: {unlabelled}"


def test_property_shapes_and_constraints_are_named_after_their_node_shape() -> None:
    g = _shapes()
    for link in (SH.property, SH.sparql):
        for node, part in g.subject_objects(link):
            assert str(part).startswith(f"{node}-"), f"{part} belongs to {node}; name it {node}-<what>"
    for constraint in g.objects(None, SH.sparql):
        assert (constraint, RDF.type, SH.SPARQLConstraint) in g
        assert g.value(constraint, SH.select) is not None


def test_every_ontology_class_has_a_node_shape() -> None:
    classes = {c for c in _ontology().subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    targets = set(_shapes().objects(None, SH.targetClass))
    assert classes == targets, f"classes without shape: {classes - targets}; unknown targets: {targets - classes}"
    # Node shapes without a target class check every node: the known-terms check.
    assert {f"{str(c).split('#')[-1]}Shape" for c in classes} == _node_shapes() - {"KnownTermsShape"}


def test_shapes_use_only_ontology_terms() -> None:
    onto = _ontology()
    defined = set(onto.subjects(RDF.type, None))
    used_classes = set(_shapes().objects(None, SH["class"]))
    used_paths = {p for p in _shapes().objects(None, SH.path) if isinstance(p, URIRef)}
    used_paths |= set(_shapes().objects(None, SH.inversePath))
    unknown = {t for t in used_classes | used_paths if str(t).startswith(str(kgost.KGOST)) and t not in defined}
    assert not unknown, f"shapes use terms the ontology does not define: {unknown}"


@pytest.mark.parametrize(
    ("path", "iri"),
    [(SHAPES_TTL, "https://w3id.org/kgost/shapes"), (ONTOLOGY_TTL, "https://w3id.org/kgost/ontology"),
     (DRAWING_TTL, "https://w3id.org/kgost/drawing")],
    ids=["shapes", "ontology", "drawing"],
)
def test_owl_ontology_metadata(path: Path, iri: str) -> None:
    g = rdflib.Graph().parse(path, format="turtle")
    assert list(g.subjects(RDF.type, OWL.Ontology)) == [URIRef(iri)]
    head = URIRef(iri)
    for prop in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, OWL.versionIRI, DCTERMS.created, DCTERMS.modified):
        assert g.value(head, prop) is not None, f"{path.name}: {iri} has no {g.qname(prop)}"
    assert str(g.value(head, OWL.versionIRI)).endswith("/" + str(g.value(head, OWL.versionInfo)))
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert g.value(head, prop).datatype == rdflib.namespace.XSD.date


def test_shapes_import_the_ontology_and_declare_the_prefix_their_sparql_uses() -> None:
    g = _shapes()
    head = URIRef("https://w3id.org/kgost/shapes")
    assert (head, OWL.imports, URIRef("https://w3id.org/kgost/ontology")) in g
    declared = {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace)) for d in g.objects(head, SH.declare)}
    assert declared == {"kgost": str(kgost.KGOST), "owl": "http://www.w3.org/2002/07/owl#"}
    assert set(g.objects(None, SH.prefixes)) == {head}


# --------------------------------------------------------------------------------------------
# Fixtures: one valid and one invalid per node shape, more invalid ones per constraint
# --------------------------------------------------------------------------------------------


def test_every_node_shape_has_a_valid_and_an_invalid_fixture() -> None:
    shapes = _node_shapes()
    assert shapes, "no node shapes read from shapes.ttl"
    missing_valid = shapes - {p.stem for p in VALID}
    missing_invalid = shapes - {p.stem for p in INVALID}
    assert not missing_valid, f"node shapes without tests/data/valid/<Shape>.ttl: {sorted(missing_valid)}"
    assert not missing_invalid, f"node shapes without tests/data/invalid/<Shape>.ttl: {sorted(missing_invalid)}"
    strays = sorted(p.name for p in FIXTURES if _named_shape(p)[0] not in shapes)
    assert not strays, f"fixtures named after no node shape: {strays}"


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_says_why_on_line_1(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = f"# {path.parent.name}: "
    assert first.startswith(expected), f"{path}: line 1 must start with {expected!r}, found {first!r}"
    assert len(first) > len(expected) + 10, f"{path}: line 1 must say why: {first!r}"


@pytest.mark.parametrize("path", _grouped(VALID))
def test_valid_fixture_conforms(path: Path) -> None:
    report = _report(path)
    assert report.conforms, f"{path.name} should conform:\n{report}"
    assert report.results == []


@pytest.mark.parametrize("path", _grouped(INVALID))
def test_invalid_fixture_fires_only_its_shape(path: Path) -> None:
    report = _report(path)
    shape, what = _named_shape(path)
    assert not report.conforms, f"{path.name} should not conform"
    assert report.results, f"{path.name}: no results"
    fired = {(r.node_shape, r.shape, r.constraint) for r in report.results}
    assert {r.node_shape for r in report.results} == {f"shape:{shape}"}, f"{path.name} fired other shapes:\n{report}"
    if what is not None:
        for node_shape, fired_shape, constraint in fired:
            # a property shape or SPARQL constraint "<Shape>-<what>", or a node-level constraint
            # component such as sh:xone ("PerformerShape-xone")
            assert fired_shape == f"shape:{shape}-{what}" or (
                fired_shape == node_shape and constraint.lower() == f"{what.lower()}constraintcomponent"
            ), f"{path.name} should fire {shape}-{what}, fired {fired}"
    for result in report.results:
        assert result.severity == "Violation"
        assert result.focus and result.message
        assert any(source.endswith(path.name) for source in result.sources), result.sources


@pytest.mark.parametrize("path", _grouped(INVALID))
def test_invalid_fixture_results_carry_the_shape_message(path: Path) -> None:
    shapes = _shapes()
    for result in _report(path).results:
        fired = kgost.expand_iri(result.shape)
        template = str(shapes.value(fired, SH.message))
        if result.constraint == "SPARQLConstraintComponent":
            # the constraint's own message, filled in: it names the offending value
            assert "{" not in result.message
            assert result.message != str(shapes.value(kgost.expand_iri(result.node_shape), SH.message))
            lexical = result.value.split("^^")[0].strip('"')  # values are shown as Turtle terms
            assert lexical in result.message
        else:
            assert result.message == template


def test_sparql_constraints_all_have_an_invalid_fixture() -> None:
    constraints = {str(c).split("#")[-1] for c in _shapes().objects(None, SH.sparql)}
    assert constraints <= {p.stem for p in INVALID}, sorted(constraints - {p.stem for p in INVALID})


def test_sub_unit_report_names_member_and_parent() -> None:
    report = _report(DATA / "invalid" / "SubUnitShape-membersInParent.ttl")
    [result] = report.results
    assert result.focus == "https://example.org/fixture/exo-v"
    assert result.focus_label == "EXO-V"
    assert result.value == "person:v"
    assert "person:v" in result.message and "group:exo" in result.message


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------


def test_cli_validate_bundled_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Conforms: yes (0 results)")
    assert err == ""


@pytest.mark.parametrize("path", _grouped([p for p in INVALID if p.stem in CLI_SAMPLE]))
def test_cli_validate_invalid_fixture(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out == str(_report(path)) + "\n"  # the command prints the Python report, checked for all below
    _assert_names_every_result(out, _report(path))


def test_cli_sample_is_there() -> None:
    assert sorted(p.stem for p in INVALID if p.stem in CLI_SAMPLE) == sorted(CLI_SAMPLE)


@pytest.mark.parametrize("path", _grouped(INVALID))
def test_invalid_fixture_report_text_names_every_result(path: Path) -> None:
    report = _report(path)
    _assert_names_every_result(str(report), report)


def _assert_names_every_result(text: str, report: kgost.ValidationReport) -> None:
    assert text.startswith("Conforms: no")
    for result in report.results:
        assert f"Violation: {result.focus}" in text
        assert f"shape: {result.shape} [{result.constraint}]" in text


def test_cli_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "invalid" / "CharacterShape-actorInCast.ttl"
    assert main(["validate", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False
    [result] = report["results"]
    assert set(result) == {
        "focus", "focus_label", "path", "value", "message", "severity", "shape", "node_shape", "constraint", "sources"
    }
    assert result["focus"] == "https://example.org/fixture/character"
    assert result["value"] == "person:hyun-bin"
    assert result["shape"] == "shape:CharacterShape-actorInCast"
    assert result["node_shape"] == "shape:CharacterShape"
    assert [Path(s).resolve() for s in result["sources"]] == [path.resolve()]  # shown relative to the working folder


def test_cli_validate_json_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"conforms": True, "results": []}


def test_cli_validate_alone_leaves_out_the_bundled_data(capsys: pytest.CaptureFixture[str]) -> None:
    # the valid song fixture points at bundled people and series: alone, they are untyped
    assert main(["validate", "--alone", str(DATA / "valid" / "CurationShape.ttl")]) == 0
    capsys.readouterr()
    assert main(["validate", "--alone", str(DATA / "valid" / "SongShape.ttl"), "--format", "json"]) == 1
    shapes = {r["shape"] for r in json.loads(capsys.readouterr().out)["results"]}
    assert "shape:SongShape-performer" in shapes and "shape:SongShape-ostOf" in shapes


def test_cli_validate_writes_report_to_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    path = DATA / "invalid" / "TVDramaShape.ttl"
    assert main(["validate", str(path), "--format", "json", "-o", str(out)]) == 1
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["results"][0]["shape"] == "shape:TVDramaShape"


BROKEN = """@prefix kgost: <https://w3id.org/kgost/ontology#> .

<https://example.org/fixture/song> a kgost:Song ;
    kgost:title "Broken" "twice" .
"""


def test_cli_broken_turtle_exits_2_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "report.txt"
    assert main(["validate", str(broken), "-o", str(out)]) == 2
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    assert stderr.startswith(f"ParseError: {broken}:4:")
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl"]  # no report, no temp file


def test_cli_missing_file_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such.ttl"
    out = tmp_path / "report.txt"
    out.write_text("previous report\n", encoding="utf-8")
    assert main(["validate", str(missing), "-o", str(out)]) == 2
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    assert stderr == f"InputError: no such file: {str(missing)!r}\n"
    assert out.read_text(encoding="utf-8") == "previous report\n"  # left untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_kgost_process_exit_codes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    invalid = DATA / "invalid" / "SubUnitShape-membersInParent.ttl"
    runs = {
        name: subprocess.run([sys.executable, "-m", "kgost", "validate", *args], capture_output=True, text=True, timeout=120)
        for name, args in {"bundled": [], "invalid": [str(invalid)], "broken": [str(broken)]}.items()
    }
    assert (runs["bundled"].returncode, runs["invalid"].returncode, runs["broken"].returncode) == (0, 1, 2)
    assert "shape:SubUnitShape-membersInParent" in runs["invalid"].stdout
    assert runs["broken"].stderr.startswith(f"ParseError: {broken}:4:")
    assert "Traceback" not in runs["broken"].stderr


# --------------------------------------------------------------------------------------------
# Mutations of the bundled data: break one real fact, the right shape fires
# --------------------------------------------------------------------------------------------

P = rdflib.Namespace(f"{ID}person/")
G = rdflib.Namespace(f"{ID}group/")
SONG = rdflib.Namespace(f"{ID}song/")
SERIES = rdflib.Namespace(f"{ID}series/")
CHARACTER = rdflib.Namespace(f"{ID}character/")
MUTATION_GRAPH = URIRef("https://example.org/fixture/mutation")

MUTATIONS = {
    # (triples removed from every graph, triples added, expected (focus, shape, value) results)
    "unchanged": ([], [], set()),
    "xiumin-not-in-exo": (
        [(P.xiumin, kgost.KGOST.memberOf, G.exo)],
        [],
        {("group:exo-cbx", "shape:SubUnitShape-membersInParent", "person:xiumin")},
    ),
    "song-loses-its-performer": (
        [(SONG["here-i-am-again"], kgost.KGOST.performer, P["baek-yerin"])],
        [],
        {("song:here-i-am-again", "shape:SongShape-performer", None)},
    ),
    "webtoon-becomes-a-drama-too": (
        [],
        [(SERIES["under-the-oak-tree"], RDF.type, kgost.KGOST.TVDrama)],
        {("series:under-the-oak-tree", "shape:TVDramaShape", "series:under-the-oak-tree")},
    ),
    "actor-leaves-the-cast": (
        [(SERIES["crash-landing-on-you"], kgost.KGOST.castMember, P["hyun-bin"])],
        [],
        {("character:ri-jeong-hyeok", "shape:CharacterShape-actorInCast", "person:hyun-bin")},
    ),
}


def _bundled_dataset() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    for path in sorted((ROOT / "data").glob("*.trig")):
        dataset.parse(path, format="trig")
    return dataset


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation_of_bundled_data_fires_the_right_shape(name: str, tmp_path: Path) -> None:
    removed, added, expected = MUTATIONS[name]
    dataset = _bundled_dataset()
    dropped = 0
    for triple in removed:
        quads = list(dataset.quads(triple))
        assert quads, f"{triple} is not in the bundled data"
        for quad in quads:
            dataset.remove(quad)
        dropped += len(quads)
    for s, p, o in added:
        assert (s, p, o) not in dataset.graph(MUTATION_GRAPH)
        dataset.add((s, p, o, MUTATION_GRAPH))
    mutated = tmp_path / "mutated.trig"
    dataset.serialize(mutated, format="trig")

    kg = kgost.load(ONTOLOGY_TTL, DRAWING_TTL, mutated, bundled=False)
    assert len(kg) == len(kgost.load()) - dropped + len(added)  # the round trip kept every other quad
    report = kg.validate()
    found = {(r.focus, r.shape, r.value) for r in report.results}
    assert found == expected, str(report)
    assert report.conforms is (not expected)


@pytest.mark.parametrize(
    "shapes, reason",
    [
        (
            '@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix kgost: <https://w3id.org/kgost/ontology#> .\n'
            '<urn:s> a sh:NodeShape ; sh:targetClass kgost:Song ; sh:property [ sh:path kgost:title ; sh:minCount "x" ] .\n',
            "sh:minCount must be a literal with datatype xsd:integer",
        ),
        (
            '@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix kgost: <https://w3id.org/kgost/ontology#> .\n'
            '<urn:s> a sh:NodeShape ; sh:targetClass kgost:Song ; sh:sparql [ sh:select "SELECT $this WHERE { garbage" ] .\n',
            "shape <urn:s>: sh:select: SPARQL syntax error at line 1, column 22: Expected SelectQuery, found 'garbage'",
        ),
    ],
    ids=["bad-count", "bad-sparql"],
)
def test_cli_unusable_shapes_exit_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shapes: str, reason: str
) -> None:
    path = tmp_path / "my-shapes.ttl"
    path.write_text(shapes, encoding="utf-8")
    assert main(["validate", "--shapes", str(path)]) == 2
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    assert stderr.startswith(f"InputError: {path}: ") and reason in stderr
    # one line; a SPARQL syntax error adds the offending line and a caret under the spot
    assert len(stderr.strip().splitlines()) == (3 if "syntax error" in reason else 1), stderr


def test_shapes_in_another_format_and_a_bad_pattern(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import rdflib

    from kgost._resources import shapes_file

    as_jsonld = tmp_path / "shapes.jsonld"
    as_jsonld.write_text(rdflib.Graph().parse(shapes_file()).serialize(format="json-ld"), encoding="utf-8")
    assert main(["validate", "--shapes", str(as_jsonld)]) == 0  # read as JSON-LD, by its extension
    bad = tmp_path / "bad-pattern.ttl"
    bad.write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix kgost: <https://w3id.org/kgost/ontology#> .\n'
        '<urn:s> a sh:NodeShape ; sh:targetClass kgost:Song ; sh:property [ sh:path kgost:title ; sh:pattern "(" ] .\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", "--shapes", str(bad)]) == 2
    assert "a pattern is not a valid regular expression" in capsys.readouterr().err
