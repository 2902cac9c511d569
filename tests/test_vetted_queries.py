"""The fixed cost of a query call: shipped query texts known without parsing, VALUES rows read without parsing, entity IRIs found by one ASK, the folder of queries listed cheaply.

``python tests/test_vetted_queries.py`` rewrites ``kgost/querying/_vetted.py`` after a query in
``queries/`` (or one of the lookup's own texts) changed; the first test fails until it is run.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kgost
from kgost import EntityNotFoundError, InputError, KgostError, QueryError, QuerySyntaxError
from kgost._resources import queries_dir
from kgost.querying import _gate, _shape, _vetted
from kgost.querying._gate import canonical_text, checked_with_values, parse_query, query_variables
from kgost.querying._shape import Shape, checked_shape, digest, shape_of
from kgost.querying._values import with_values

VETTED_FILE = Path(_vetted.__file__)


def shipped_texts() -> list[tuple[str, str]]:
    """Every query text kgost runs through the gate that it ships: ``queries/*.rq`` and the lookup's own."""
    from kgost import _lookup

    bundled = [(p.name, p.read_text(encoding="utf-8-sig")) for p in sorted(queries_dir().glob("*.rq"))]
    return bundled + [(f"kgost._lookup.{n}", getattr(_lookup, n)) for n in ("_IS_A", "_OCCURS", "_KGOST_TYPES")]


@functools.lru_cache(maxsize=1)
def parsed_shapes() -> tuple[tuple[str, str, Shape], ...]:
    """Each shipped text's label, canonical text and shape as the gate's parse gives it (parsed
    once per process: both table tests read it)."""
    shapes = []
    for label, sparql in shipped_texts():
        text = canonical_text(sparql)
        shapes.append((label, text, shape_of(parse_query(text, source=label, canonical=True))))
    return tuple(shapes)


def vetted_module() -> str:
    """The text ``kgost/querying/_vetted.py`` must have: each shipped text parsed by the gate (a
    refused one fails here), its shape kept under the SHA-256 of its canonical text."""
    entries = []
    for label, text, shape in parsed_shapes():
        entries.append(f"    # {label}\n    {digest(text)!r}: {(shape.kind, shape.star, shape.projected, shape.variables)!r},\n")
    return (
        '"""The gate\'s verdict on the query texts kgost ships: SHA-256 of canonical text -> Shape fields."""\n\n'
        "# Written by `python tests/test_vetted_queries.py` from queries/*.rq and kgost._lookup's texts,\n"
        "# each of which passed the gate; that test fails when this is stale. Do not edit by hand.\n\n"
        "__all__ = [\"VETTED\"]\n\n"
        "VETTED: dict[str, tuple[str, bool, tuple[str, ...], tuple[str, ...]]] = {\n" + "".join(entries) + "}\n"
    )


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """rdflib's query grammar replaced by one that fails the test; the gate's caches emptied."""

    class Refuse:
        def parse_string(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("rdflib's SPARQL parser was called")  # the gate reports it as a QuerySyntaxError

    _shape._checked_shape.cache_clear()
    _gate._checked.cache_clear()
    monkeypatch.setattr(_gate, "_QUERY_GRAMMAR", Refuse())
    yield
    _shape._checked_shape.cache_clear()
    _gate._checked.cache_clear()


@pytest.fixture(scope="module")
def ox() -> kgost.KnowledgeGraph:
    return kgost.load(store="oxigraph")


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def engine_kg(request: pytest.FixtureRequest) -> kgost.KnowledgeGraph:
    return kgost.load(store=request.param)


# ---- the table -----------------------------------------------------------------------------


def test_vetted_table_is_the_gates_verdict_on_every_shipped_text() -> None:
    assert VETTED_FILE.read_text(encoding="utf-8") == vetted_module(), "stale: run python tests/test_vetted_queries.py"
    assert len(_vetted.VETTED) == len(shipped_texts())


def test_each_vetted_shape_is_what_parsing_gives() -> None:
    for label, text, shape in parsed_shapes():
        assert _vetted.VETTED[digest(text)] == tuple(vars(shape).values()), label


def test_bundled_queries_run_on_oxigraph_without_rdflibs_parser(ox, no_parser) -> None:
    for query in kgost.named_queries():
        if not query.params:
            ox.query(query.name)
    assert ox.query("is-member", person="person:chen", group="group:exo-cbx").boolean is True
    assert ox.query("group-members", group="group:exo-cbx").column("name") == ["Baekhyun", "Chen", "Xiumin"]


def test_vetted_shortcut_gives_the_answers_parsing_gives(ox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows, order, columns and Python types of every parameterless named query, and of the
    parameterized ones with their defaults, with and without the table."""
    queries = [q for q in kgost.named_queries() if all(not p.required for p in q.params)]

    def answers() -> list[tuple]:
        _shape._checked_shape.cache_clear()
        out = []
        for q in queries:
            result = ox.query(q.name)
            out.append((q.name, result.kind, result.variables, result.boolean,
                        [tuple((type(v), v) for v in row) for row in result] if result.kind == "select" else len(result)))
        return out

    shortcut = answers()
    monkeypatch.setattr(_shape, "VETTED", {})
    parsed = answers()
    _shape._checked_shape.cache_clear()
    assert shortcut == parsed
    assert any(kind == "select" and rows for _, kind, _, _, rows in shortcut)


def test_a_text_one_character_off_a_shipped_query_is_parsed(no_parser) -> None:
    text = (queries_dir() / "music_videos.rq").read_text(encoding="utf-8")
    assert checked_shape(text)[1].kind == "select"  # vetted: no parse
    for changed in (text + " ", text.replace("DISTINCT", "distinct"), text.replace("?name }", "?name } SERVICE <http://h/> { }")):
        with pytest.raises(QuerySyntaxError, match="parser was called"):
            checked_shape(changed)


def test_an_unsafe_query_under_a_bundled_name_is_refused(engine_kg, tmp_path: Path, network_trap) -> None:
    original = (queries_dir() / "music_videos.rq").read_text(encoding="utf-8")
    hostile = original.replace("OPTIONAL {", f"SERVICE <{network_trap.iri()}> {{ ?video ?p ?o }}\n    OPTIONAL {{", 1)
    assert hostile != original
    (tmp_path / "music_videos.rq").write_text(hostile, encoding="utf-8")
    with pytest.raises(QueryError, match="SERVICE .* is refused"):
        kgost.named_query("music-videos", folder=tmp_path).run(engine_kg)
    with pytest.raises(QueryError, match="SERVICE .* is refused"):
        engine_kg.sparql(hostile)


def test_checked_shape_refuses_what_the_gate_refuses() -> None:
    for text, error in (("SELECT * FROM <http://h/> WHERE { ?s ?p ?o }", "FROM"),
                        ("SELECT * WHERE { SERVICE <http://h/> { ?s ?p ?o } }", "SERVICE"),
                        ("LOAD <http://h/>", "updates")):
        with pytest.raises(QueryError, match=error):
            checked_shape(text)


# ---- VALUES rows ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    URIRef("https://w3id.org/kgost/id/group/exo"), Literal("Chen"), Literal('x" } SERVICE <http://h/> { } #\n\t\\'),
    Literal("Hi", lang="en-GB"), Literal(3), Literal("2016-12-03", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
])
def test_a_values_row_of_plain_terms_is_read_without_parsing(value, no_parser) -> None:
    text = checked_with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": value, "p": URIRef("urn:p")})
    assert text.startswith("SELECT ?s WHERE { VALUES (?o ?p) { (")


@pytest.mark.parametrize("value", [Literal("bell\x07"), Literal("\\u0041"), Literal("\u0085")])
def test_a_values_row_with_escapes_is_parsed(value, no_parser) -> None:
    with pytest.raises(QuerySyntaxError, match="parser was called"):
        checked_with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": value})


@pytest.mark.parametrize("value", [Literal("bell\x07"), Literal("\\u0041 } SERVICE <http://h/> { }"), Literal("\u0085 #")])
def test_a_values_row_with_escapes_still_binds_one_value(value) -> None:
    text = checked_with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": value})
    parsed = parse_query(text, canonical=True)  # the engine runs the text as it is
    assert sorted(query_variables(parsed)) == ["o", "p", "s"]
    assert "SERVICE" not in str(parsed[1]).replace(str(value), "")


@pytest.mark.parametrize("value", ["\\u0041", "a\\U0001F600 } #", "\\", "bell\x07", "x\u2028y"])
def test_a_bound_value_comes_back_as_given(engine_kg, value: str) -> None:
    """A hidden variable's value goes into a VALUES block on Oxigraph; the gate once expanded
    its escapes twice and refused ``\\u0041`` as a syntax error."""
    assert engine_kg.sparql("SELECT ?v WHERE { BIND (?o AS ?v) }", bindings={"o": Literal(value)}).column("v") == [value]


@pytest.mark.parametrize("block", [
    ' VALUES (?o) { ("x") } SERVICE <http://h/> { ?s ?p ?o } VALUES (?o) { ("y") }',  # two rows and a pattern
    ' VALUES (?o) { ("x) }',  # an unclosed string
    ' VALUES (?o) { ("a\nb") }',  # a raw line end in a short string
    ' VALUES (?o) { ("a\\"") } #',  # a comment after the block
    ' VALUES (?o) { (<http://h/ x>) }', ' VALUES (?o) { (<http://h/>x>) }',  # IRIs that end early
    ' VALUES (?o) { ("x"^^xsd:string) }',  # a prefixed datatype
    ' VALUES (?o) { ("a\\u0022") }',  # an escape the SPARQL lexer expands
    ' VALUES (?o) { ("x" "y") } }', ' VALUES (?o ?p) {(<a> <b>)}', ' VALUES ?o { "x" }',
    " VALUES (?o) { ('x') }", ' VALUES (?o) { ("""x""") }',
])
def test_values_row_pattern_refuses_what_is_not_one_row_of_terms(block: str) -> None:
    assert _gate._VALUES_ROW.fullmatch(block) is None


@pytest.mark.parametrize("bindings", [
    {"o": URIRef("urn:x")}, {"o": Literal('a "b" \\ c'), "p": Literal("d", lang="ko")},
    {"o": Literal(1.5)}, {"o": Literal(True)},
])
def test_values_row_pattern_matches_what_with_values_writes(bindings) -> None:
    block = with_values("SELECT * WHERE { }", bindings)
    assert _gate._VALUES_ROW.fullmatch(block, len("SELECT * WHERE {"), len(block) - 2)
    assert parse_query(block)[1].name == "SelectQuery"


def test_bound_text_is_the_same_with_or_without_the_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    bindings = {"o": Literal('x" } #'), "p": URIRef("urn:p")}
    fast = checked_with_values("SELECT ?s WHERE { ?s ?p ?o }", bindings)
    monkeypatch.setattr(_gate, "_VALUES_ROW", re.compile("(?!)"))
    assert checked_with_values("SELECT ?s WHERE { ?s ?p ?o }", bindings) == fast


# ---- entity parameters ---------------------------------------------------------------------


def _outcome(call):  # type: ignore[no-untyped-def]
    try:
        return ("ok", call())
    except KgostError as exc:
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize("name, kind", [
    ("group:exo-cbx", "MusicGroup"), ("group:exo-cbx", "Person"), ("group:exo-cbx", None),
    ("https://w3id.org/kgost/id/person/chen", "Person"), ("<https://w3id.org/kgost/id/person/chen>", "Person"),
    ("person:chen", "MusicGroup"), ("person:nobody", "Person"), ("person:nobody", None), ("person:no body", "Person"),
    ("https://w3id.org/kgost/ontology#Person", None), ("Chen", "Person"), ("EXO", "MusicGroup"), ("EXO", None),
    ("group:exo", "Nonsense"), ("urn:x:y", "Person"), ("<not an iri>", "Person"),
])
def test_resolve_iri_is_resolve_iri_of_resolve(engine_kg, name: str, kind: str | None) -> None:
    from kgost._lookup import resolve, resolve_iri

    fast = _outcome(lambda: resolve_iri(engine_kg, name, kind=kind))
    assert fast == _outcome(lambda: resolve(engine_kg, name, kind=kind).iri)
    assert fast[0] in ("ok", "EntityNotFoundError", "InputError", "AmbiguousEntityError")


def test_entity_parameter_of_another_kind_is_still_refused(engine_kg) -> None:
    with pytest.raises(EntityNotFoundError, match="no MusicGroup is named 'person:chen'"):
        engine_kg.query("group-members", group="person:chen")
    with pytest.raises(EntityNotFoundError):
        engine_kg.query("group-members", group="https://w3id.org/kgost/id/group/nothing-here")
    with pytest.raises((InputError, kgost.ParameterError)):
        engine_kg.query("group-members", group="group:a b")



# ---- the folder of queries -----------------------------------------------------------------


def test_a_folder_is_read_again_when_a_query_changes(tmp_path: Path) -> None:
    import os

    query = tmp_path / "one.rq"
    query.write_text("#+ summary: First\nASK { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    assert [(q.name, q.summary) for q in kgost.named_queries(folder=tmp_path)] == [("one", "First")]
    query.write_text("#+ summary: Second\nASK { ?s ?p ?o }\n", encoding="utf-8")
    stat = query.stat()
    os.utime(query, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # even on a coarse clock
    (tmp_path / "two.rq").write_text("#+ summary: Third\nASK { ?s ?p ?o }\n", encoding="utf-8")
    assert [(q.name, q.summary) for q in kgost.named_queries(folder=str(tmp_path))] == [("one", "Second"), ("two", "Third")]
    assert kgost.named_query("two", folder=tmp_path).summary == "Third"
    with pytest.raises(InputError, match="no such folder"):
        kgost.named_queries(folder=tmp_path / "one.rq")

if __name__ == "__main__":
    import importlib.util

    VETTED_FILE.write_text(vetted_module(), encoding="utf-8")
    # the old table's bytecode, written when this run imported kgost, can have the new file's
    # size and modification second: Python would go on using it
    Path(importlib.util.cache_from_source(str(VETTED_FILE))).unlink(missing_ok=True)
    print(f"wrote {VETTED_FILE}", file=sys.stderr)
