"""Bad query names, parameters, syntax and headers raise KgostError subclasses that say what and where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kgost
from kgost import KgostError, ParameterError, ParseError, QueryError, QuerySyntaxError, UnknownQueryError
from kgost._lookup import _IGNORED
from kgost._resources import queries_dir


def test_unknown_query_names_list_the_closest(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(UnknownQueryError, match="no named query 'song-by-person'; did you mean: songs-by-person"):
        kg.query("song-by-person")
    with pytest.raises(UnknownQueryError, match="known queries: chart-entries, entity-graph"):
        kg.query("zzz")
    assert issubclass(UnknownQueryError, QueryError) and issubclass(QueryError, KgostError)


def test_parameter_errors_name_query_and_parameter(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="query 'songs-by-group-members' has no parameter 'grop'; its parameters: group"):
        kg.query("songs-by-group-members", grop="EXO")
    with pytest.raises(ParameterError, match="query 'songs' has no parameter 'x'; its parameters: none"):
        kg.query("songs", x=1)
    with pytest.raises(ParameterError, match="query 'is-member' needs the parameter 'person' of type entity"):
        kg.query("is-member", group="EXO")
    def message(**params: object) -> str:
        name = params.pop("query")
        with pytest.raises(ParameterError) as info:
            kg.query(name, **params)
        return str(info.value)

    # one sentence: the query, the parameter, what it must be and the value given
    assert message(query="people-on-several-songs", min="two") == (
        "query 'people-on-several-songs', parameter 'min' must be a whole number (int); got 'two'")
    assert message(query="people-on-several-songs", min=True) == (
        "query 'people-on-several-songs', parameter 'min' must be a whole number (int); got True (a bool)")
    assert message(query="find-entity", name=3) == "query 'find-entity', parameter 'name' must be text (str); got 3 (an int)"
    assert message(query="songs-released-between", since="19 April 2020") == (
        "query 'songs-released-between', parameter 'since' must be a date written YYYY-MM-DD (date); got '19 April 2020'")
    assert message(query="songs-released-between", since="2020-02-30") == (
        "query 'songs-released-between', parameter 'since' must be a date written YYYY-MM-DD (date); "
        "got '2020-02-30' (day is out of range for month)")
    assert message(query="fact-sources", inferred="maybe") == (
        "query 'fact-sources', parameter 'inferred' must be true or false (also yes/no, 1/0) (bool); got 'maybe'")
    assert message(query="group-members", group="") == (
        "query 'group-members', parameter 'group' must be the name, compact IRI or IRI of a MusicGroup "
        "(entity(MusicGroup)); got '' (an empty name)")
    assert message(query="group-members", group="<not an iri>") == (
        "query 'group-members', parameter 'group' must be the name, compact IRI or IRI of a MusicGroup "
        "(entity(MusicGroup)); got '<not an iri>' (not a valid IRI)")
    assert message(query="group-members", group=3.5) == (
        "query 'group-members', parameter 'group' must be the name, compact IRI or IRI of a MusicGroup "
        "(entity(MusicGroup)); got 3.5 (a float)")
    with pytest.raises(kgost.EntityNotFoundError, match="parameter 'group': no entity is named 'EXOO'; closest: EXO") as info:
        kg.query("group-members", group="EXOO")
    assert "EXO" in info.value.candidates
    with pytest.raises(kgost.AmbiguousEntityError, match="parameter 'person'"):
        kg.query("songs-by-person", person="song")


def test_text_values_convert_like_the_command_line_gives_them(kg: kgost.KnowledgeGraph) -> None:
    assert kg.query("people-on-several-songs", min="3").rows == kg.query("people-on-several-songs", min=3).rows
    assert kg.query("fact-sources", entity="xiumin", inferred="no").rows == kg.query(
        "fact-sources", entity="xiumin", inferred=False
    ).rows


def test_syntax_errors_give_line_and_column(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        kg.sparql("PREFIX x: <urn:x:>\nSELECT ?s\nWHERE { ?s ?p }")
    assert (info.value.line, info.value.column) == (3, 9)
    assert "line 3, column 9" in str(info.value)
    with pytest.raises(QuerySyntaxError, match="line 1, column 1"):
        kg.sparql("SELEC * WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match="line 2, column 12: unknown prefix 'nope:'") as info:
        kg.sparql("SELECT *\nWHERE { ?s nope:p ?o }")  # an undeclared prefix
    assert (info.value.line, info.value.column) == (2, 12)


def test_syntax_errors_in_a_named_query_name_it(tmp_path: Path, kg: kgost.KnowledgeGraph) -> None:
    (tmp_path / "broken_query.rq").write_text("#+ summary: broken\nSELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    query = kgost.named_query("broken-query", folder=tmp_path)
    with pytest.raises(QuerySyntaxError, match=r"query 'broken-query' \(.*broken_query.rq\): .*line 3, column 9") as info:
        query.run(kg)
    assert info.value.line == 3


def test_updates_are_refused(kg: kgost.KnowledgeGraph) -> None:
    before = len(kg)
    with pytest.raises(QueryError, match="updates .* are refused"):
        kg.sparql("INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }")
    assert len(kg) == before


def test_bad_bindings(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="binding 'x': cannot use a list"):
        kg.sparql("SELECT * WHERE { ?s ?p ?x }", bindings={"x": [1]})


def test_a_binding_of_a_variable_the_query_lacks_is_an_error(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(ParameterError) as info:
        kg.sparql("SELECT ?s WHERE { ?s kgost:name ?v }", bindings={"x": "V"})
    assert str(info.value) == "binding 'x': the query has no variable ?x; its variables: ?s, ?v"
    with pytest.raises(ParameterError, match=r"binding 'nme': the query has no variable \?nme; its variables: \?s, \?v"):
        kg.sparql("SELECT ?s WHERE { ?s kgost:name ?v }", bindings={"?nme": "V"})
    # a variable anywhere in the query counts: pattern, FILTER, VALUES, an aggregate; ?x and $x are one variable
    assert kg.sparql("SELECT ?s WHERE { ?s kgost:name $v }", bindings={"?v": "V"}).column("s") == [kgost.expand_iri("person:v")]
    found = kg.sparql("SELECT (COUNT(?s) AS ?n) WHERE { ?s kgost:name ?v FILTER (STRLEN(?v) < ?max) }", bindings={"max": 2})
    assert found[0].n == 1  # V


def test_none_means_the_parameter_is_left_out(kg: kgost.KnowledgeGraph) -> None:
    # a default applies (min = 2, group = "EXO"), an optional parameter stays unbound, a required one is missing
    default = kg.query("people-on-several-songs").rows
    assert default and kg.query("people-on-several-songs", min=None).rows == default
    assert kg.query("group-members", group=None).rows == kg.query("group-members", group="EXO").rows
    assert {r.name for r in kg.query("group-members", group=None)} == {"Baekhyun", "Chanyeol", "Chen", "Xiumin"}
    assert kg.query("timeline", **{"from": None}).rows == kg.query("timeline").rows
    with pytest.raises(ParameterError, match="query 'is-member' needs the parameter 'person' of type entity"):
        kg.query("is-member", person=None, group="EXO")


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        ("#+ summary: ok\n#+ colour: red\n", 2, "malformed header line"),
        ("#+ summary: ok\n#+ params:\n#+   - x: float\n", 3, "unknown parameter type 'float'"),
        ("#+ summary: ok\n#+ params:\n#+   - x str\n", 3, "malformed parameter"),
        ("#+ summary: ok\n#+   - x: str\n", 2, "malformed parameter"),
        ("#+ summary: ok\n#+ params:\n#+   - x: int = many\n", 3, "default many of parameter 'x' is not a whole number (int)"),
        ("#+ summary: ok\n#+ params:\n#+   - x: int? = 2\n", 3, "cannot also be optional"),
        ("#+ summary: ok\n#+ summary: again\n", 2, "'summary' is given twice"),
        ("#+ tags: a\n", 1, "no '#+ summary: ...' line"),
        ("#+ summary: ok\n#+ params:\n#+   - y: str\n", 1, "parameter 'y' is not a variable of the query"),
    ],
)
def test_malformed_headers_name_file_and_line(tmp_path: Path, header: str, line: int, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(header + "SELECT ?x WHERE { ?s ?p ?x }\n", encoding="utf-8")
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        kgost.named_queries(folder=tmp_path)
    assert info.value.path == str(path) and info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_header_syntax(tmp_path: Path) -> None:
    (tmp_path / "my_query.rq").write_text(
        "# an ordinary comment\n"
        "#+ summary: Songs of a year\n"
        "#+ description: A longer text.\n"
        "#+ params:\n"
        '#+   - who: str = "Chen \\"C\\""  -- whose songs\n'
        "#+   - year: int = 2016 \u2014 the year\n"
        "#+   - since: date?\n"
        "#+   - flag: bool = false\n"
        "#+   - where: iri = person:chen\n"
        "#+ tags: songs, years\n"
        "SELECT * WHERE { ?s ?p ?who , ?year , ?since , ?flag , ?where }\n",
        encoding="utf-8",
    )
    [query] = kgost.named_queries(folder=tmp_path)
    assert (query.name, query.summary, query.description, query.tags) == ("my-query", "Songs of a year", "A longer text.", ("songs", "years"))
    who, year, since, flag, where = query.params
    assert (who.default, who.help, who.required) == ('Chen "C"', "whose songs", False)
    assert (year.default, year.help) == (2016, "the year")
    assert (since.default, since.required) == (None, False)
    assert flag.default is False and where.default == kgost.expand_iri("person:chen")
    assert str(who) == 'who: str = "Chen \\"C\\""  -- whose songs' and str(since) == "since: date?"
    assert str(query).startswith("my-query(who: str = ")


def test_every_bundled_query_has_a_valid_header_and_parses(kg: kgost.KnowledgeGraph) -> None:
    from rdflib.plugins.sparql.algebra import translateQuery

    from kgost.querying._gate import parse_query, query_kind

    queries = kgost.named_queries()
    assert len(queries) >= 15
    for query in queries:
        assert query.summary and query.tags, query.name
        parsed = parse_query(query.text)  # the gate's parse is rdflib's parse tree, checked
        assert query_kind(parsed) in (query.kind, "construct" if query.kind == "graph" else query.kind)
        assert query.path.name == query.name.replace("-", "_") + ".rq"
        # each file runs as it is in any SPARQL tool: it declares its own prefixes (translated
        # with rdflib's default prefixes only: an undeclared prefix fails here)
        translateQuery(parsed)


def test_find_entity_query_ignores_the_same_characters_as_normalize_name(kg: kgost.KnowledgeGraph) -> None:
    """The SPARQL of the name search and Python's normalize_name must agree."""
    text = (queries_dir() / "find_entity.rq").read_text(encoding="utf-8")
    patterns = re.findall(r'REPLACE\(LCASE\(STR\(\?\w+\)\), "((?:[^"\\]|\\.)*)", ""\)', text)
    assert len(patterns) == 2 and patterns[0] == patterns[1]
    # SPARQL unescapes \uXXXX and then string escapes; compare with the Python pattern
    sparql_pattern = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), patterns[0])
    sparql_pattern = re.sub(r"\\(.)", lambda m: {"\\": "\\", '"': '"'}.get(m.group(1), "\\" + m.group(1)), sparql_pattern)
    assert sparql_pattern == f"[{_IGNORED}]+"
    # and on every label of the graph, the SPARQL key is normalize_name's
    rows = kg.sparql(
        "SELECT ?m (REPLACE(LCASE(STR(?m)), ?pattern, \"\") AS ?key) WHERE "
        "{ ?e kgost:title|kgost:name|skos:altLabel|kgost:otherName|kgost:alternativeTitle ?m }",
        bindings={"pattern": sparql_pattern},
    )
    assert len(rows) > 50
    for row in rows:
        assert row.key == kgost.normalize_name(row.m), row.m


@pytest.mark.parametrize("engine", kgost.ENGINES)
def test_empty_query_and_engine_failures_are_kgost_errors(engine: str) -> None:
    kg = kgost.load(store=engine)
    for empty in ("", "   \n", "# only a comment\n"):
        with pytest.raises(kgost.QuerySyntaxError, match="the query is empty"):
            kg.sparql(empty)
    bad_regex = 'SELECT ?s WHERE { ?s ?p ?o . FILTER(REGEX(STR(?o), "(")) } LIMIT 1'
    try:
        kg.sparql(bad_regex)  # Oxigraph treats the bad pattern as an error value: no rows
    except kgost.KgostError as exc:
        assert isinstance(exc, kgost.QueryError) and "could not evaluate" in str(exc)


@pytest.mark.parametrize("engine", kgost.ENGINES)
@pytest.mark.parametrize(
    ("query", "where", "message"),
    [
        ("SELECT ?s ?x WHERE { ?s kgost:name ?x } GROUP BY ?s", (1, 11),
         "?x is selected but neither grouped nor aggregated; add it to GROUP BY or use an aggregate such as SAMPLE(?x)"),
        ("SELECT ?s\n  (COUNT(?x) AS ?n) WHERE { ?s kgost:name ?x }", (1, 8),  # an aggregate groups the whole query
         "?s is selected but neither grouped nor aggregated"),
        ("SELECT ?s (SAMPLE(?x) AS ?y) (UCASE(?y) AS ?z) WHERE { ?s kgost:name ?x } GROUP BY ?s", (1, 37),
         "?y is selected but neither grouped nor aggregated"),
        ("SELECT ?n WHERE { { SELECT ?s ?x WHERE { ?s kgost:name ?x } GROUP BY ?s } BIND (1 AS ?n) }", (1, 31),
         "?x is selected but neither grouped nor aggregated"),
        ("SELECT * WHERE { ?s kgost:name ?x } GROUP BY ?s", None, "SELECT * cannot be used with GROUP BY"),
        ("SELECT ?s (1 AS ?s) WHERE { ?s kgost:name ?x }", (1, 17), "?s is a column of the SELECT twice"),
    ],
)
def test_selects_sparql_forbids_are_refused_on_every_engine(engine: str, query: str, where: tuple[int, int] | None, message: str) -> None:
    """rdflib would run these (with arbitrary values) and Oxigraph refuses them: kgost's gate
    refuses them on both, with the same message."""
    kg = kgost.load(store=engine)
    with pytest.raises(QuerySyntaxError) as info:
        kg.sparql(query)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    if where is not None:
        assert (info.value.line, info.value.column) == where
        assert str(info.value).startswith(f"SPARQL error at line {where[0]}, column {where[1]}: ")


@pytest.mark.parametrize("engine", kgost.ENGINES)
def test_grouped_selects_sparql_allows_still_run(engine: str) -> None:
    kg = kgost.load(store=engine)
    counts = kg.sparql("SELECT ?p (COUNT(?s) AS ?n) WHERE { ?s kgost:memberOf ?g ; kgost:name ?p } GROUP BY ?p ORDER BY ?p")
    assert counts[0] == ("Baekhyun", 2)
    keyed = kg.sparql("SELECT ?k (SAMPLE(?x) AS ?any) WHERE { ?s kgost:memberOf ?x } GROUP BY (STR(?s) AS ?k) ORDER BY ?k LIMIT 1")
    assert keyed.variables == ("k", "any") and len(keyed) == 1


def test_oxigraph_syntax_errors_are_one_line_with_the_gist() -> None:
    kg = kgost.load(store="oxigraph")
    # rdflib's parser accepts this; Oxigraph refuses it and lists every character it expected
    query = "SELECT ?s (1 AS ?p) WHERE { ?s ?p ?o }"
    for bindings in (None, {"o": "x"}):  # the VALUES block kgost inserts does not move the column
        with pytest.raises(QuerySyntaxError) as info:
            kg.sparql(query, bindings=bindings)
        assert str(info.value) == (
            "the Oxigraph engine rejects the query at line 1, column 39: The SELECT overrides an existing variable using an expression"
        )
        assert (info.value.line, info.value.column) == (1, 39)


def test_engine_error_keeps_a_few_expected_tokens() -> None:
    from kgost.querying._gate import engine_error

    raw = "error at 3:5: expected one of \"$\", \"(\", \"?\", ABS, AVG, DAY, IRI, MAX, MD5, MIN, ['A' ..= 'Z'\n| 'a' ..= 'z'], [_]"
    error = engine_error("Oxigraph", raw)
    assert str(error) == 'the Oxigraph engine rejects the query at line 3, column 5: expected one of "$", "(", "?", ABS, AVG, DAY, IRI, MAX, ...'
    assert (error.line, error.column) == (3, 5)
    assert str(engine_error("Oxigraph", "something\nelse")) == "the Oxigraph engine rejects the query: something else"


def test_select_star_columns_follow_the_query_text_on_every_engine() -> None:
    query = "SELECT * WHERE { ?song <https://w3id.org/kgost/ontology#title> ?title ; ?any ?value } LIMIT 1"
    for engine in kgost.ENGINES:
        assert kgost.load(store=engine).sparql_raw(query).variables == ("song", "title", "any", "value")


def test_entity_parameters_of_a_class_refuse_other_kinds(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(kgost.EntityNotFoundError, match=r"parameter 'person': no Person is named 'EXO': EXO \(group:exo\) is a MusicGroup"):
        kg.query("songs-by-person", person="EXO")
    # a sub-unit is a music group (rdfs:subClassOf), and a name shared with other kinds is narrowed to the class
    assert {r.name for r in kg.query("group-members", group="EXO CBX")} == {"Baekhyun", "Chen", "Xiumin"}
    assert kg.query("songs-by-person", person=kg.resolve("Chen")).rows == kg.query("songs-by-person", person="Chen").rows


def test_a_named_query_file_may_start_with_a_byte_order_mark(tmp_path: Path, kg: kgost.KnowledgeGraph) -> None:
    (tmp_path / "with_bom.rq").write_bytes("\ufeff#+ summary: V's name\nSELECT ?n WHERE { person:v kgost:name ?n }\n".encode("utf-8"))
    query = kgost.named_query("with-bom", folder=tmp_path)
    assert query.summary == "V's name" and query.run(kg).column("n") == ["V"]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_malformed_iri_binding_is_a_query_error(engine: str) -> None:
    from rdflib import URIRef

    kg = kgost.load(store=engine)
    with pytest.raises(kgost.QueryError, match=r"binding 's': 'not an iri<>' is not a valid IRI"):
        kg.sparql("SELECT ?n WHERE { ?s kgost:name ?n }", bindings={"s": URIRef("not an iri<>")})
