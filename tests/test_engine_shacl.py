"""The SPARQL validator (the shapes as queries on the store) against pyshacl, the reference: result
for result on the bundled data, every valid and invalid fixture, graphs with injected violations
and shapes using every component it compiles, on the rdflib and Oxigraph stores; the fallback to
pyshacl for shapes it does not run, and clear errors for broken shapes."""

from __future__ import annotations

import random
import warnings
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import URIRef

import kgost
from conftest import DATA
from kgost.cli._main import main

pytest.importorskip("pyoxigraph")

FIXTURES = sorted((DATA / "valid").glob("*.ttl")) + sorted((DATA / "invalid").glob("*.ttl"))
STORES = ("memory", "oxigraph")
HEAD = """@prefix kgost: <https://w3id.org/kgost/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
"""


def _rows(report: kgost.ValidationReport) -> set[tuple]:
    """Each result as a tuple of every field (sources as a tuple), for comparing as sets; a blank
    node shown as ``_:b`` (pyshacl copies a blank value into its report under a new label)."""
    return {
        (r.focus, r.focus_label, r.path, _blank(r.value), r.message, r.severity, r.shape, r.node_shape, r.constraint,
         tuple(r.sources))
        for r in report.results
    }


def _blank(shown: str | None) -> str | None:
    return "_:b" if shown is not None and shown.startswith("_:") else shown


def assert_same(sparql: kgost.ValidationReport, reference: kgost.ValidationReport) -> None:
    """The two reports hold the same results; on failure, a readable diff of both sides."""
    ours, theirs = _rows(sparql), _rows(reference)
    if ours != theirs or sparql.conforms != reference.conforms:
        lines = [f"conforms: sparql {sparql.conforms}, pyshacl {reference.conforms}"]
        lines += [f"  only sparql:  {row}" for row in sorted(ours - theirs, key=str)]
        lines += [f"  only pyshacl: {row}" for row in sorted(theirs - ours, key=str)]
        pytest.fail("the SPARQL validator and pyshacl differ:\n" + "\n".join(lines))


def _alone(path: Path, store: str) -> kgost.KnowledgeGraph:
    """``path`` with the ontology only (as ``kgost validate --alone``): its results are its own."""
    from kgost.readwrite._bundled import ontology_quads

    kg = kgost.load(path, bundled=False, store=store)
    kg.store.add(ontology_quads())
    return kg


#: The graph in memory that ``_reference`` validated, kept for the memory store's test of the same
#: file, which takes it (the file is not changed during the run; the graph is not changed).
_IN_MEMORY: dict[Path, kgost.KnowledgeGraph] = {}


@lru_cache(maxsize=None)
def _reference(path: Path, shapes: Path | None = None) -> kgost.ValidationReport:
    """pyshacl's report on ``path`` alone, once per file (the same on every store)."""
    kg = _alone(path, "memory")
    if shapes is None:
        _IN_MEMORY[path] = kg
    return kg.validate(engine="pyshacl", shapes=shapes)


def _alone_once(path: Path, store: str) -> kgost.KnowledgeGraph:
    """``_alone(path, store)``; in memory, the graph ``_reference`` read, when it is still kept."""
    return (_IN_MEMORY.pop(path, None) if store == "memory" else None) or _alone(path, store)


# ---- kgost's shapes ---------------------------------------------------------------------------

#: The bundled data's tests on one xdist worker, where pyshacl's report on it is made once.
_BUNDLED_GROUP = pytest.mark.xdist_group("shacl-bundled")


@pytest.fixture(scope="session")
def bundled_reference(kg: kgost.KnowledgeGraph) -> kgost.ValidationReport:
    """pyshacl's report on the bundled data in memory (``kg``, which no test changes), once per session."""
    return kg.validate(engine="pyshacl")


@_BUNDLED_GROUP
def test_bundled_data_matches_pyshacl(kg: kgost.KnowledgeGraph, bundled_reference: kgost.ValidationReport) -> None:
    assert_same(kg.validate(engine="sparql"), bundled_reference)
    assert bundled_reference.conforms


@_BUNDLED_GROUP
def test_bundled_data_matches_pyshacl_on_every_store(store_kg: kgost.KnowledgeGraph, bundled_reference: kgost.ValidationReport) -> None:
    assert_same(store_kg.validate(engine="sparql"), bundled_reference)


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize(
    "path",
    # a fixture's stores on one xdist worker, where its pyshacl reference is computed once
    [pytest.param(p, id=f"{p.parent.name}/{p.stem}", marks=pytest.mark.xdist_group(f"shacl-{p.stem}")) for p in FIXTURES],
)
def test_fixture_matches_pyshacl(path: Path, store: str) -> None:
    reference = _reference(path)
    kg = _alone_once(path, store)
    try:
        assert_same(kg.validate(engine="sparql"), reference)
    finally:
        kg.close()
    if path.parent.name == "invalid":  # alone, without the bundled nodes it names, it breaks some shape
        assert reference.results


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.ttl")), ids=lambda p: f"invalid/{p.stem}")
def test_fixture_with_the_bundled_data_matches_pyshacl_on_oxigraph(path: Path) -> None:
    """As tests/test_shapes.py loads fixtures: with the bundled data (pyshacl takes seconds each)."""
    kg = kgost.load(path, store="oxigraph")
    try:
        reference = kg.validate(engine="pyshacl")
        assert_same(kg.validate(engine="sparql"), reference)
    finally:
        kg.close()
    if path.parent.name == "invalid":  # the shape the fixture is named after fires
        assert any(r.node_shape == f"shape:{path.stem.split('-')[0]}" for r in reference.results)


#: The violations injected in turn: whose facts, the property, its new value (None: left out).
_INJECTIONS = (
    ("song", "title", None), ("song", "title", '"Song {n}", "Other {n}"'),
    ("song", "releaseDate", '"2021-02-30"^^xsd:date'), ("song", "releaseYear", '"21"^^xsd:gYear'),
    ("song", "performer", '"{n}"'), ("song", "ostOf", "ex:chart"), ("entry", "position", "0"),
    ("singer", "name", '""'), ("song", "lyricsExcerpt", '"no language"'), ("song", "titel", '"typo {n}"'),
    ("entry", "position", '"three"'),
)


def _injected(tmp_path: Path, *, songs: int, seed: int) -> tuple[Path, int]:
    """A deterministic graph of ``songs`` songs (series, singers, chart entries) in which every
    seventh song carries one violation, of eleven kinds in turn; returns the file and how many."""
    rng = random.Random(seed)
    lines = [HEAD, "ex:drama a kgost:TVDrama ; kgost:title \"Drama\" .", "ex:chart a kgost:Chart ; kgost:name \"Chart\" ."]
    injected = 0
    for n in range(songs):
        song, singer, entry = f"ex:song{n}", f"ex:singer{n}", f"ex:entry{n}"
        facts = {
            "title": f'"Song {n}"', "performer": singer, "ostOf": "ex:drama",
            "releaseDate": f'"20{rng.randrange(10, 24)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}"^^xsd:date',
            "chartEntry": entry,
        }
        entry_facts = {"chart": "ex:chart", "position": str(rng.randrange(1, 100))}
        singer_facts = {"name": f'"Singer {n}"'}
        if n % 7 == 3:
            injected += 1
            where, key, value = _INJECTIONS[(n // 7) % len(_INJECTIONS)]
            facts_of = {"song": facts, "entry": entry_facts, "singer": singer_facts}[where]
            if value is None:
                del facts_of[key]
            else:
                facts_of[key] = value.format(n=n)
        lines.append(f"{song} a kgost:Song ; " + " ; ".join(f"kgost:{p} {o}" for p, o in facts.items()) + " .")
        lines.append(f"{singer} a kgost:Person ; " + " ; ".join(f"kgost:{p} {o}" for p, o in singer_facts.items()) + " .")
        if facts.get("performer") != singer:
            lines.append(f"{singer} a kgost:Person .")
        lines.append(f"{entry} a kgost:ChartEntry ; " + " ; ".join(f"kgost:{p} {o}" for p, o in entry_facts.items()) + " .")
    path = tmp_path / f"injected-{songs}-{seed}.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, injected


@pytest.fixture(scope="session")
def injected_160(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The graph of 160 songs with injected violations, written once per session: each store's
    test reads the same file, so its pyshacl reference (``_reference``) is made once."""
    return _injected(tmp_path_factory.mktemp("injected"), songs=160, seed=7)


@pytest.mark.parametrize("store", [pytest.param(s, marks=pytest.mark.xdist_group("shacl-injected")) for s in STORES])
def test_injected_violations_match_pyshacl(injected_160: tuple[Path, int], store: str) -> None:
    path, injected = injected_160
    reference = _reference(path)
    assert injected == 23 and len({r.focus for r in reference.results}) >= injected
    kg = _alone_once(path, store)
    try:
        assert_same(kg.validate(engine="sparql"), reference)
    finally:
        kg.close()


@pytest.mark.parametrize("store", STORES)
def test_focus_limits_the_nodes_validated(tmp_path: Path, store: str) -> None:
    path, _ = _injected(tmp_path, songs=30, seed=1)
    kg = _alone(path, store)
    focus = [URIRef(f"https://example.org/{name}") for name in ("song3", "singer3", "song10", "entry24")]
    try:
        ours = kg.validate(engine="sparql", focus=focus)
        whole = kg.validate(engine="sparql")
        assert_same(ours, kg.validate(engine="pyshacl", focus=focus))
    finally:
        kg.close()
    shown = {kgost.compact_iri(node) for node in focus}
    assert ours.results and {r.focus for r in ours.results} <= shown
    assert _rows(ours) == {row for row in _rows(whole) if row[0] in shown}


# ---- user shapes ------------------------------------------------------------------------------

#: Shapes using every component the SPARQL validator compiles, beyond those of kgost's shapes.
USER_SHAPES = HEAD + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "thing" ;
    sh:property ex:Thing-code, ex:Thing-tag, ex:Thing-size, ex:Thing-friend, ex:Thing-chain, ex:Thing-alt ;
    sh:and ( [ sh:nodeKind sh:IRI ] ex:HasName ) ;
    sh:sparql ex:Thing-selfLoop .
ex:HasName a sh:NodeShape ; sh:property ex:Named .
ex:Named a sh:PropertyShape ; sh:path ex:name ; sh:minCount 1 .
ex:Thing-code a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:maxLength 4 ;
    sh:severity sh:Warning ; sh:message "code" .
ex:Thing-tag a sh:PropertyShape ; sh:path ex:tag ; sh:in ( "red" "green" ex:blue 3 ) ; sh:severity sh:Info ; sh:message "tag" .
ex:Thing-size a sh:PropertyShape ; sh:path ex:size ; sh:maxInclusive 10 ; sh:minExclusive 0 ; sh:minCount 2 ;
    sh:message "size" .
ex:Thing-friend a sh:PropertyShape ; sh:path [ sh:inversePath ex:knows ] ; sh:or ( ex:HasName [ sh:not ex:HasName ; sh:class ex:Thing ] ) ;
    sh:not [ sh:hasValue ex:nobody ] ; sh:message "friend" .
ex:Thing-chain a sh:PropertyShape ; sh:path ( ex:knows ex:code ) ; sh:datatype xsd:string ; sh:message "chain" ;
    sh:sparql [ sh:message "{$this} reaches {?value} by $PATH" ;
        sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (STRLEN(STR(?value)) > 3) }" ] .
ex:Thing-alt a sh:PropertyShape ; sh:path [ sh:alternativePath ( ex:code ex:tag ) ] ; sh:maxCount 2 ;
    sh:xone ( [ sh:datatype xsd:string ] [ sh:datatype xsd:integer ] ) ; sh:message "alt" .
ex:Thing-selfLoop a sh:SPARQLConstraint ; sh:message "{$this} knows itself" ;
    sh:select "SELECT $this WHERE { $this <https://example.org/knows> $this }" .
ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ; sh:message "off" ; sh:class ex:Nothing .
ex:Known a sh:NodeShape ; sh:targetSubjectsOf ex:knows ; sh:targetObjectsOf ex:likes ; sh:targetNode ex:c ;
    sh:message "known" ; sh:class ex:Thing ; sh:property ex:Known-five .
ex:Known-five sh:path ex:size ; sh:hasValue 5 ; sh:message "five" .
"""

USER_DATA = HEAD + """
ex:a a ex:Thing ; ex:name "A" ; ex:code "ABc", "xyz", "abcdef" ; ex:tag "red", "blue", ex:blue, 3.0 ;
    ex:size 0, 5, 11 ; ex:knows ex:b, ex:a .
ex:b a ex:Thing ; ex:code 7, "abcd", [ ex:note "a blank node" ] ; ex:size 5 ; ex:knows ex:c .
ex:c ex:likes ex:d ; ex:code "a" .
ex:nobody ex:knows ex:a .
"""


@pytest.mark.parametrize("store", STORES)
def test_user_shapes_with_every_component_match_pyshacl(tmp_path: Path, store: str) -> None:
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "data.ttl"
    shapes.write_text(USER_SHAPES, encoding="utf-8")
    data.write_text(USER_DATA, encoding="utf-8")
    kg = kgost.load(data, bundled=False, store=store)
    try:
        reference = kg.validate(engine="pyshacl", shapes=shapes)
        with warnings.catch_warnings():
            warnings.simplefilter("error", kgost.KgostWarning)  # auto runs them: no fallback
            ours = kg.validate(shapes=shapes)
        assert_same(kg.validate(engine="sparql", shapes=shapes), reference)
    finally:
        kg.close()
    assert_same(ours, reference)
    constraints = {r.constraint for r in reference.results}
    assert len(constraints) >= 12, constraints  # the data breaks most of the components
    assert {r.severity for r in reference.results} == {"Violation", "Warning", "Info"}


SUBCLASS_SHAPES = HEAD + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "thing" ;
    sh:property [ sh:path ex:knows ; sh:class ex:Thing ; sh:maxCount 1 ; sh:message "knows" ] ,
        [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ; sh:pattern "^[A-Z]" ; sh:message "name" ] ,
        [ sh:path ex:none ; sh:maxCount 0 ; sh:message "none" ] .
"""

#: The data's own subclasses: of the target class and of the sh:class argument, two levels deep.
SUBCLASS_DATA = HEAD + """
ex:Sub rdfs:subClassOf ex:Thing . ex:SubSub rdfs:subClassOf ex:Sub .
ex:a a ex:SubSub ; ex:knows ex:b, ex:c ; ex:none 1 .
ex:b a ex:Sub ; ex:name "B" ; ex:knows ex:other .
ex:c a ex:Thing ; ex:name "lower" .
ex:other ex:name "O" .
"""


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("blank", [False, True], ids=["iri-subclasses", "blank-subclass"])
def test_the_datas_own_subclasses_are_validated_as_pyshacl_does(tmp_path: Path, store: str, blank: bool) -> None:
    # A blank-node subclass cannot be named in a query: then the checks follow rdfs:subClassOf*.
    extra = "_:k rdfs:subClassOf ex:Thing . ex:d a _:k ; ex:knows ex:c, ex:other .\n" if blank else ""
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "data.ttl"
    shapes.write_text(SUBCLASS_SHAPES, encoding="utf-8")
    data.write_text(SUBCLASS_DATA + extra, encoding="utf-8")
    kg = kgost.load(data, bundled=False, store=store)
    try:
        reference = kg.validate(engine="pyshacl", shapes=shapes)
        assert_same(kg.validate(engine="sparql", shapes=shapes), reference)
    finally:
        kg.close()
    found = {(r.focus.rsplit("/", 1)[-1], r.message) for r in reference.results}
    assert {("a", "name"), ("a", "knows"), ("a", "none"), ("b", "knows"), ("c", "name")} <= found
    assert any(focus == "d" for focus, _ in found) == blank


@pytest.mark.parametrize(
    ("extra", "component", "shape"),
    [
        ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ; sh:message \"m\" .", "sh:closed", "https://example.org/S"),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message \"m\" ; sh:rule [ a sh:TripleRule ; "
         "sh:subject sh:this ; sh:predicate ex:p ; sh:object 1 ] .", "sh:TripleRule", "https://example.org/S"),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:uniqueLang true ; "
         "sh:message \"m\" ] .", "sh:uniqueLang", "https://example.org/S"),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
         "sh:minCount without sh:message", "https://example.org/S"),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:node ex:T ; sh:message \"m\" .\n"
         "ex:T a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .", "sh:node", "https://example.org/S"),
    ],
)
def test_unsupported_shapes_fall_back_to_pyshacl_saying_so(tmp_path: Path, extra: str, component: str, shape: str) -> None:
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "data.ttl"
    shapes.write_text(HEAD + extra, encoding="utf-8")
    data.write_text(HEAD + "ex:a a ex:Thing ; ex:other 1 .", encoding="utf-8")
    kg = kgost.load(data, bundled=False, store="oxigraph")  # where auto would take the SPARQL validator
    with pytest.warns(kgost.ValidatorFallbackWarning) as caught:
        report = kg.validate(shapes=shapes)
    (warning,) = [w for w in caught if issubclass(w.category, kgost.ValidatorFallbackWarning)]
    text = str(warning.message)
    assert "\n" not in text and component in text and f"shape <{shape}>" in text and str(shapes) in text
    assert_same(report, kg.validate(shapes=shapes, engine="pyshacl"))
    with pytest.raises(kgost.InputError, match=component):
        kg.validate(shapes=shapes, engine="sparql")


def test_an_unknown_validator_is_refused() -> None:
    with pytest.raises(kgost.InputError, match="unknown validator 'fast'.*auto, sparql, pyshacl"):
        kgost.validate(kgost.load(), engine="fast")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl", "auto"])
def test_a_broken_sparql_constraint_is_an_input_error_naming_file_and_shape(tmp_path: Path, engine: str) -> None:
    shapes = tmp_path / "broken.ttl"
    shapes.write_text(HEAD + 'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "m" ; sh:sparql ex:S-c .\n'
                      'ex:S-c sh:message "m" ; sh:select "SELECT $this WHERE { $this ?p }" .', encoding="utf-8")
    with pytest.raises(kgost.InputError, match=r"broken\.ttl: shape <https://example.org/S-c>: sh:select"):
        kgost.load().validate(shapes=shapes, engine=engine)


def test_cli_validator_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "invalid" / "SongShape-releaseDate.ttl"
    outputs = []
    for validator in ("sparql", "pyshacl"):
        assert main(["validate", "--validator", validator, "--store", "oxigraph", str(path)]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "releaseDate" in outputs[0]
