"""Issue 8, items 1, 2, 3, 10, 12: no query, parameter or shapes file reaches the network, on any engine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kgost
from kgost import InputError, KgostError, ParameterError, QueryError, QuerySyntaxError
from kgost.cli._main import main

from kgost.querying._values import with_values


def canonical_text(text: str) -> str:
    from kgost.querying._gate import canonical_text

    return canonical_text(text)


def checked_query(text: str):  # type: ignore[no-untyped-def]
    from kgost.querying._gate import checked_query

    return checked_query(text)


def sparql_term(term):  # type: ignore[no-untyped-def]
    from kgost.querying._values import sparql_term

    return sparql_term(term)

ENGINES = ["rdflib", "oxigraph"]
EX = "https://example.org/hostile/"


@pytest.fixture(scope="module", params=ENGINES)
def engine_kg(request: pytest.FixtureRequest) -> kgost.KnowledgeGraph:
    return kgost.load(store=request.param)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``cli(*args, stdin=TEXT)``: the ``kgost`` command run in this process through ``main``;
    returns its exit code, stdout and stderr (an uncaught exception, a traceback in a real
    process, fails the test)."""

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


# ---- item 1: the gate sees what the engine runs ------------------------------------------------

# Each hides a SERVICE from rdflib's lexer but not from Oxigraph's (or the other way round).
LEXER_TRICKS = {
    "comment ends at CR": "SELECT ?s WHERE { # x\r SERVICE <{url}> { ?s ?p ?o }\n}\n",
    "comment ends at CR, CRLF elsewhere": "SELECT ?s WHERE {\r\n # x\r SERVICE <{url}> { ?s ?p ?o }\r\n}",
    "u-escaped LF ends a comment for rdflib only": (
        'SELECT * WHERE { ?s ?p ?o # \\u000A BIND("""\nSERVICE <{url}> { ?s ?p ?o } #""" AS ?x)\n}'
    ),
    "u-escaped CR in a comment": "SELECT ?s WHERE { # x\\u000D SERVICE <{url}> { ?s ?p ?o }\n}",
    "u-escaped keyword": "SELECT ?s WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "U-escaped keyword": "SELECT ?s WHERE { \\U00000053ERVICE <{url}> { ?s ?p ?o } }",
    "u-escaped quote in a string": 'SELECT ?s WHERE { ?s ?p "\\u0022 . SERVICE <{url}> { ?s ?p ?o } } #" }',
    "u-escaped IRI of SERVICE": "SELECT ?s WHERE { SERVICE <http\\u003A//127.0.0.1:{port}/x> { ?s ?p ?o } }",
    # Neither engine ends a comment at these: the SERVICE stays inside it.
    **{f"comment then {sep!r}": f"SELECT ?s WHERE {{ # x{sep} SERVICE <{{url}}> {{ ?s ?p ?o }} }}"
       for sep in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c")},
}


@pytest.mark.parametrize("trick", LEXER_TRICKS)
def test_lexer_tricks_never_reach_the_network(engine_kg, network_trap, trick) -> None:
    text = LEXER_TRICKS[trick].replace("{url}", network_trap.iri()).replace("{port}", network_trap.url.rsplit(":", 1)[1])
    try:  # refused, or run as the gate read it (a comment, a string): never a request
        engine_kg.sparql(text)
    except KgostError:
        pass
    network_trap.check()


def test_cli_carriage_return_comment_is_refused_on_oxigraph(network_trap, cli) -> None:
    text = f"SELECT ?s WHERE {{ # x\r SERVICE <{network_trap.iri()}> {{ ?s ?p ?o }}\n}}\n"
    for engine in ENGINES:
        code, _, err = cli("sparql", "-", "--engine", engine, stdin=text)
        assert code != 0 and "SERVICE" in err and "refused" in err, (engine, err)
    network_trap.check()


def test_canonical_text_is_what_both_engines_agree_on() -> None:
    assert canonical_text("ASK {\r?s ?p ?o }\r\n") == "ASK {\n?s ?p ?o }\n"
    assert canonical_text(r'ASK { ?s ?p "caf\u00e9\U0001F600" }') == 'ASK { ?s ?p "caf\u00e9\U0001F600" }'
    with pytest.raises(QuerySyntaxError, match="not a Unicode character"):
        canonical_text(r'ASK { ?s ?p "\uD800" }')
    text, _ = checked_query("ASK { # x\r ?s ?p ?o }")
    assert "\r" not in text


def test_codepoint_escapes_mean_the_same_on_both_engines() -> None:
    # SPARQL 1.1 section 19.2: \u escapes are expanded before parsing, even after a backslash;
    # rdflib did, Oxigraph only inside strings: "a\\u0022b" was a"b on one and a\u0022b on the other.
    query = r'SELECT ?x ?y WHERE { BIND("a\\u0022b" AS ?x) BIND("caf\u00E9" AS ?y) }'
    for engine in ENGINES:
        row = kgost.load(store=engine).sparql(query)[0]
        assert (row.x, row.y) == ('a"b', "café"), engine


# ---- item 2: parameters are values ------------------------------------------------------------


def _service_params(url: str) -> dict[str, str]:
    return {"a": 'x\n\\"', "b": f" ) }} SERVICE <{url}> {{ ?s ?p ?o }} }} #"}


def test_two_string_bindings_cannot_open_a_service(engine_kg, network_trap) -> None:
    params = _service_params(network_trap.iri())
    rows = engine_kg.sparql("SELECT ?s WHERE { ?s kgost:name ?a . ?s kgost:name ?b }", bindings=params)
    assert len(rows) == 0
    network_trap.check()


def test_bindings_of_projected_and_hidden_variables_cannot_open_a_service(engine_kg, network_trap) -> None:
    params = _service_params(network_trap.iri())
    rows = engine_kg.sparql("SELECT ?a ?s WHERE { OPTIONAL { ?s kgost:name ?a . ?s kgost:name ?b } }", bindings=params)
    assert [row.a for row in rows] == ['x\n\\"']
    network_trap.check()


def test_named_query_parameter_with_newline_and_escaped_quote(engine_kg, network_trap) -> None:
    value = 'zz\n\\"'
    assert len(engine_kg.query("find-entity", name=value)) == 0
    network_trap.check()


def test_cli_parameter_with_newline_and_escaped_quote_is_just_a_value(cli) -> None:
    for engine in ENGINES:
        code, out, err = cli("query", "find-entity", "--engine", engine, "-p", 'name=zz\n\\"', "--format", "csv")
        assert (code, err) == (0, ""), engine  # no match, no error
        assert out.splitlines()[0].startswith("entity,"), engine


@pytest.mark.parametrize(
    "value, text",
    [
        ('a"b', '"a\\"b"'),
        ("a\\b", '"a\\\\b"'),
        ("l1\nl2\rl3\tend", '"l1\\nl2\\rl3\\tend"'),
        ("\x00\x1f\x7f\x85\u2028\u2029", '"\\u0000\\u001F\\u007F\\u0085\\u2028\\u2029"'),
        ("\\u0022", '"\\\\\\u00750022"'),
        ("\\U0001F600", '"\\\\\\u00550001F600"'),
        ("é\U0001F600 { } # '", "\"é\U0001F600 { } # '\""),
    ],
)
def test_sparql_term_escapes_strictly(value: str, text: str) -> None:
    assert sparql_term(Literal(value)) == text


def test_sparql_term_refuses_what_it_cannot_write() -> None:
    from rdflib import BNode

    for bad in (URIRef("http://x/> } SERVICE <http://y"), URIRef("http://x/\u2028"), URIRef("")):
        with pytest.raises(QueryError):
            sparql_term(bad)
    with pytest.raises(QueryError, match="blank node"):
        sparql_term(BNode())
    with pytest.raises(QueryError, match="surrogate"):
        sparql_term(Literal("\ud800"))
    assert sparql_term(Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))).endswith("#integer>")


def test_with_values_text_passes_the_gate_as_one_values_row() -> None:
    text = with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('x\n\\" } SERVICE <http://h/> { } #')})
    _, parsed = checked_query(text)  # no SERVICE, still a SELECT with one pattern
    assert parsed[1].name == "SelectQuery"


@pytest.mark.parametrize("value", ["\u0663", "\uff13", "\u0661\u0669"])
def test_non_ascii_digits_are_not_whole_numbers(kg, value: str) -> None:
    with pytest.raises(ParameterError, match="whole number"):
        kg.query("people-on-several-songs", min=value)


def test_cli_arabic_indic_digit_is_refused(cli) -> None:
    code, _, err = cli("query", "people-on-several-songs", "-p", "min=\u0663")
    assert code != 0 and err.startswith("ParameterError: ") and "whole number" in err


def test_non_ascii_digits_are_not_dates() -> None:
    from kgost.querying._named import QueryParameter

    with pytest.raises(ParameterError):
        QueryParameter("d", "date").to_term("\u0662\u0660\u0662\u0661-01-01")
    assert QueryParameter("n", "int").to_term(" 3 ") == Literal(3)
    assert QueryParameter("d", "date").to_term("2021-01-01") == Literal(__import__("datetime").date(2021, 1, 1))


# ---- item 3: shapes ---------------------------------------------------------------------------

SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kgost: <https://w3id.org/kgost/ontology#> .
@prefix ex: <https://example.org/shape#> .
"""
SHAPES = {
    "sparql constraint": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ; sh:sparql ex:C .
        ex:C sh:message "m" ; sh:select "SELECT $this WHERE {{ SERVICE <{url}> {{ $this ?p ?o }} }}" .""",
    "sparql ask on a property": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ; sh:property [ sh:path kgost:name ;
        sh:sparql [ sh:ask "ASK {{ SERVICE <{url}> {{ ?x ?p $value }} }}" ] ] .""",
    "path in a constraint": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ; sh:property [ sh:path kgost:name ;
        sh:sparql [ sh:select "SELECT $this ?value WHERE {{ $this $PATH ?value . SERVICE <{url}> {{ ?value ?p ?o }} }}" ] ] .""",
    "sparql target": """ex:S a sh:NodeShape ; sh:nodeKind sh:IRI ;
        sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE {{ SERVICE <{url}> {{ ?this ?p ?o }} }}" ] .""",
    "sparql rule": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ;
        sh:rule [ a sh:SPARQLRule ; sh:construct "CONSTRUCT {{ $this ?p ?o }} WHERE {{ SERVICE <{url}> {{ $this ?p ?o }} }}" ] .""",
    "carriage return in a constraint": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ;
        sh:sparql [ sh:select "SELECT $this WHERE {{ # x\\r SERVICE <{url}> {{ $this ?p ?o }}\\n}}" ] .""",
    "declared prefix for the service": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ;
        sh:sparql [ sh:prefixes ex:P ; sh:select "SELECT $this WHERE {{ SERVICE trap:x {{ $this ?p ?o }} }}" ] .
        ex:P sh:declare [ sh:prefix "trap" ; sh:namespace "{url}/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .""",
    "update": """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ;
        sh:rule [ sh:update "LOAD <{url}>" ] .""",
}


def _shapes(tmp_path: Path, body: str, url: str) -> Path:
    path = tmp_path / "t.ttl"
    path.write_text(SHAPES_HEAD + body.replace("{url}", url).replace("{{", "{").replace("}}", "}") + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", SHAPES)
def test_shapes_never_run_network_sparql(engine_kg, network_trap, tmp_path, case) -> None:
    path = _shapes(tmp_path, SHAPES[case], network_trap.iri())
    with pytest.raises(InputError) as info:
        engine_kg.validate(shapes=path)
    assert str(path) in str(info.value) and "shape <https://example.org/shape#" in str(info.value)
    network_trap.check()


def test_cli_validate_refuses_service_in_shapes_naming_file_and_shape(network_trap, tmp_path, cli) -> None:
    path = _shapes(tmp_path, SHAPES["sparql constraint"], network_trap.iri())
    for engine in ENGINES:
        code, out, err = cli("validate", "--shapes", str(path), "--engine", engine)
        assert code != 0, out
        assert err.startswith("InputError: ") and "Traceback" not in err
        assert f"{path}: shape <https://example.org/shape#C>: sh:select: SERVICE <{network_trap.iri()}> is refused" in err
    network_trap.check()


@pytest.mark.parametrize(
    "select, reason",
    [
        ("SELECT $this FROM NAMED <https://example.org/g> WHERE {{ $this ?p ?o }}", "FROM NAMED"),
        ("SELECT $this FROM <https://example.org/g> WHERE {{ $this ?p ?o }}", "FROM <"),
        ("SELECT $this WHERE {{ $this nope:p ?o }}", "unknown prefix 'nope:'"),
        ("SELECT $this WHERE {{ $this ?p ?o", "syntax error"),
        ("SELECT $this WHERE {{ BIND(<urn:f>(1) AS ?x) $this ?p ?o }}", "unknown function"),
    ],
)
def test_bad_sparql_in_shapes_is_an_input_error(engine_kg, tmp_path, select, reason) -> None:
    body = f'ex:S a sh:NodeShape ; sh:targetClass kgost:Person ; sh:sparql [ sh:select "{select}" ] .'
    path = _shapes(tmp_path, body, "")
    with pytest.raises(InputError, match=reason) as info:
        engine_kg.validate(shapes=path)
    assert f"{path}: shape <https://example.org/shape#S>: sh:select: " in str(info.value)


def test_a_declared_prefix_and_the_data_prefixes_are_known_to_shapes(engine_kg, tmp_path) -> None:
    body = """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ;
        sh:sparql [ sh:prefixes ex:P ; sh:message "has a mine:p" ; sh:select "SELECT $this WHERE {{ $this mine:p ?o . $this kgost:name ?n }}" ] .
        ex:P sh:declare [ sh:prefix "mine" ; sh:namespace "https://example.org/mine#"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] ."""
    assert engine_kg.validate(shapes=_shapes(tmp_path, body, "")).conforms


def test_a_namespace_that_is_not_an_iri_is_refused(engine_kg, tmp_path) -> None:
    body = """ex:S a sh:NodeShape ; sh:targetClass kgost:Person ;
        sh:sparql [ sh:prefixes ex:P ; sh:select "SELECT $this WHERE {{ $this m:p ?o }}" ] .
        ex:P sh:declare [ sh:prefix "m" ; sh:namespace "urn:x> } SERVICE <http://h/> { #" ] ."""
    with pytest.raises(InputError, match="not a prefix and namespace IRI"):
        engine_kg.validate(shapes=_shapes(tmp_path, body, ""))


# ---- item 10: same data, same answer ----------------------------------------------------------


def test_ill_typed_date_gives_the_same_timeline_on_both_engines(tmp_path) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<{EX}song> a kgost:Song ; kgost:title "Bad date" ; kgost:releaseDate "2021-13-45"^^xsd:date .\n',
        encoding="utf-8",
    )
    answers = []
    for engine in ENGINES:
        rows = kgost.load(data, store=engine).query("timeline")
        bad = [row for row in rows if row.label == "Bad date"]
        assert len(bad) == 1 and bad[0].year is None, engine  # YEAR of an ill-typed date is an error: unbound
        answers.append(rows.to_dict() if hasattr(rows, "to_dict") else [tuple(r) for r in rows])
    assert answers[0] == answers[1]


def test_expression_errors_leave_bind_unbound_on_both_engines() -> None:
    query = 'SELECT ?y WHERE { BIND(YEAR("2021-13-45"^^xsd:date) AS ?y) }'
    for engine in ENGINES:
        assert kgost.load(store=engine).sparql(query)[0].y is None, engine


@pytest.mark.parametrize(
    "function",
    ["PREFIX fn: <http://www.w3.org/2005/xpath-functions#> SELECT ?x WHERE { BIND(fn:doc('x') AS ?x) }",
     "SELECT ?x WHERE { BIND(<urn:ex:f>(1) AS ?x) }",
     "SELECT ?x WHERE { BIND(xsd:date('2021-01-01') AS ?x) }"],
)
def test_unknown_functions_are_the_same_error_on_both_engines(engine_kg, function) -> None:
    with pytest.raises(QueryError, match="unknown function"):
        engine_kg.sparql(function)


def test_casts_every_engine_has_still_run(engine_kg) -> None:
    row = engine_kg.sparql("SELECT ?i ?s WHERE { BIND(xsd:integer('7') AS ?i) BIND(xsd:string(1) AS ?s) }")[0]
    assert (row.i, row.s) == (7, "1")
