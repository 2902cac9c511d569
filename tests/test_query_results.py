"""Query results: Python values, and W3C JSON/XML/CSV/TSV checked by rdflib's own result parsers."""

from __future__ import annotations

import builtins
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.query import Result

import kgost
from kgost import ExportError, MissingExtraError

# Every kind of term a result can hold: IRIs, blank nodes, plain, language-tagged and typed
# literals (with quotes, tabs, newlines, commas, markup), and unbound values.
TRICKY = """
SELECT ?iri ?plain ?lang ?int ?date ?year ?dec ?dbl ?bool ?odd ?bnode ?unbound WHERE {
    VALUES (?iri ?plain ?lang ?int ?date ?year ?dec ?dbl ?bool ?odd) {
        (person:chanyeol "He said \\"hi\\",\\tthen\\nleft <b>&amp;</b>" "Salut"@fr 42 "2016-12-03"^^xsd:date
         "2016"^^xsd:gYear 1.50 2.5e3 true "x"^^<urn:x:type>)
        (song:orbit "Orbit" "Orbit"@en -7 "2020-04-19"^^xsd:date "2020"^^xsd:gYear "-0.5"^^xsd:decimal 1.0e-1 false "2"^^xsd:string)
    }
    BIND (BNODE() AS ?bnode)
}
"""


@pytest.fixture(scope="module")
def tricky(kg: kgost.KnowledgeGraph) -> kgost.QueryResult:
    return kg.sparql(TRICKY)


def test_rows_hold_python_values(tricky: kgost.QueryResult) -> None:
    first = tricky[0]
    assert first.iri == URIRef(kgost.PREFIXES["person"] + "chanyeol") and isinstance(first.iri, str)
    assert first.plain == 'He said "hi",\tthen\nleft <b>&amp;</b>' and type(first.plain) is str
    assert first.lang == "Salut" and type(first.lang) is str
    assert first.int == 42 and type(first.int) is int
    assert first.date == datetime.date(2016, 12, 3)
    assert first.year == 2016 and type(first.year) is int
    assert first.dec == Decimal("1.50") and first.dbl == 2500.0 and first.bool is True
    assert first.odd == "x" and isinstance(first.bnode, BNode) and first.unbound is None
    assert tricky[1]["bool"] is False and tricky[1].asdict()["int"] == -7
    assert tricky.terms[0][5] == Literal("2016", datatype=XSD.gYear)
    with pytest.raises(AttributeError, match="no column 'nope'"):
        _ = first.nope


def _parsed(text: str, format: str) -> Result:
    return Result.parse(io.BytesIO(text.encode("utf-8")), format=format)


@pytest.mark.parametrize("format", ["json", "xml", "tsv"])
def test_typed_formats_round_trip_through_rdflib_parsers(tricky: kgost.QueryResult, format: str) -> None:
    text = tricky.serialize(format)
    parsed = _parsed(text, format)
    assert [str(v) for v in parsed.vars] == list(tricky.variables)
    rows = [tuple(r.get(v) for v in parsed.vars) for r in parsed.bindings]
    assert len(rows) == 2
    for got, want in zip(rows, tricky.terms):
        for g, w in zip(got, want):
            if isinstance(w, BNode):
                assert isinstance(g, BNode)
            else:
                assert g == w, (format, g, w)
                if isinstance(w, Literal):
                    assert (g.datatype, g.language) == (w.datatype, w.language)


def test_json_is_the_w3c_layout(tricky: kgost.QueryResult) -> None:
    data = json.loads(tricky.to_json())
    assert data["head"] == {"vars": list(tricky.variables)}
    first = data["results"]["bindings"][0]
    assert first["iri"] == {"type": "uri", "value": kgost.PREFIXES["person"] + "chanyeol"}
    assert first["lang"] == {"type": "literal", "value": "Salut", "xml:lang": "fr"}
    assert first["int"] == {"type": "literal", "value": "42", "datatype": str(XSD.integer)}
    assert first["bnode"]["type"] == "bnode" and "unbound" not in first


def test_csv_is_lexical_forms_with_crlf(tricky: kgost.QueryResult) -> None:
    text = tricky.to_csv()
    assert text.startswith("iri,plain,lang,int,date,year,dec,dbl,bool,odd,bnode,unbound\r\n")
    parsed = _parsed(text, "csv")
    rows = [tuple(r.get(v) for v in parsed.vars) for r in parsed.bindings]
    assert [str(v) for v in rows[0][:10]] == [str(t) for t in tricky.terms[0][:10]]
    assert rows[0][11] is None and isinstance(rows[0][10], BNode)  # "_:b" cells are blank nodes


def test_ask_results(kg: kgost.KnowledgeGraph) -> None:
    yes = kg.sparql("ASK { person:chen kgost:memberOf group:exo-cbx }")
    no = kg.sparql("ASK { person:v kgost:memberOf group:exo }")
    assert (yes.boolean, bool(yes), no.boolean, bool(no)) == (True, True, False, False)
    for result, answer in ((yes, True), (no, False)):
        assert _parsed(result.to_json(), "json").askAnswer is answer
        assert _parsed(result.to_xml(), "xml").askAnswer is answer
        assert result.to_table().strip() == str(answer).lower()
    with pytest.raises(ExportError, match="ASK result cannot be written as 'csv'"):
        yes.to_csv()


def test_markdown_and_table(kg: kgost.KnowledgeGraph) -> None:
    result = kg.query("chart-entries")
    assert result.to_markdown().splitlines() == [
        "| title | performerName | chartName | position |",
        "| --- | --- | --- | --- |",
        "| Christmas Tree | V | Billboard Digital Song Sales | 1 |",
        "| Don’t Cry My Love | Cha Eunwoo | worldwide iTunes chart | 15 |",
    ]
    piped = kg.sparql('SELECT ?x ?iri WHERE { BIND ("a|b\\nc" AS ?x) BIND (person:v AS ?iri) }')
    assert piped.to_markdown().splitlines()[2] == "| a\\|b<br>c | person:v |"
    table = kg.query("ranked-list").to_table().splitlines()
    assert table[0].split() == ["position", "song", "title", "seriesTitle", "kind", "performerName", "groupName"]
    assert table[2].split()[:3] == ["1", "song:christmas-tree", "Christmas"] and table[-1] == "(12 rows)"
    rule_starts = [m.start() for m in re.finditer(r"-+", table[1])]
    assert rule_starts == [m.start() for m in re.finditer(r"\S+", table[0])]  # header and rule line up


def test_dataframe(kg: kgost.KnowledgeGraph) -> None:
    pandas = pytest.importorskip("pandas")
    frame = kg.query("chart-entries").to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["title", "performerName", "chartName", "position"]
    assert frame["position"].tolist() == [1, 15] and frame.loc[1, "title"] == "Don’t Cry My Love"


def test_dataframe_without_pandas(kg: kgost.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(MissingExtraError, match=r"pip install 'kgost\[pandas\]'"):
        kg.query("nominations").to_dataframe()


def test_construct_and_describe_are_graphs(kg: kgost.KnowledgeGraph) -> None:
    result = kg.sparql("CONSTRUCT { ?p kgost:memberOf ?g } WHERE { ?p kgost:memberOf ?g . ?g kgost:subUnitOf group:exo }")
    assert result.kind == "graph" and len(result) == 3
    turtle = result.serialize("turtle")
    assert "@prefix person: <https://w3id.org/kgost/id/person/>" in turtle
    for format, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        back = rdflib.Graph().parse(data=result.serialize(format), format=parser)
        assert isomorphic(back, result.graph), format
    described = kg.sparql("DESCRIBE person:chanyeol")
    assert (URIRef(kgost.PREFIXES["person"] + "chanyeol"), kgost.KGOST.name, Literal("Chanyeol")) in described.graph
    with pytest.raises(ExportError, match="graph result cannot be written as 'csv'"):
        result.serialize("csv")
    with pytest.raises(ExportError, match="cannot be written as 'turtle'"):
        kg.query("nominations").serialize("turtle")


def test_jsonld_parses_with_pyld(kg: kgost.KnowledgeGraph) -> None:
    pyld = pytest.importorskip("pyld")
    doc = json.loads(kg.query("entity-graph", entity="Orbit").serialize("jsonld"))
    nquads = pyld.jsonld.to_rdf(doc, {"format": "application/n-quads"})
    back = rdflib.Graph().parse(data=nquads, format="nt")
    assert isomorphic(back, kg.query("entity-graph", entity="Orbit").graph)


def test_xml_refuses_what_xml_cannot_carry(kg: kgost.KnowledgeGraph) -> None:
    result = kg.sparql("SELECT ?x WHERE { }", bindings={"x": "bell\x07"})
    with pytest.raises(ExportError, match="XML 1.0"):
        result.to_xml()
    assert json.loads(result.to_json())["results"]["bindings"][0]["x"]["value"] == "bell\x07"


def test_empty_results(kg: kgost.KnowledgeGraph) -> None:
    result = kg.sparql("SELECT ?s WHERE { ?s kgost:name 'nobody' }")
    assert len(result) == 0 and not result and result.rows == []
    assert result.to_csv() == "s\r\n" and result.to_table().endswith("(0 rows)\n")
    assert list(_parsed(result.to_xml(), "xml")) == []


ODD = """
SELECT ?v WHERE {
    VALUES ?v { "abc"^^xsd:integer "2016+09:00"^^xsd:gYear "x"^^xsd:date "Orbit" "Orbit"@en "Orbit"@fr 007 person:chen }
}
"""


@pytest.mark.parametrize("text", [TRICKY, ODD])
def test_oxigraph_rows_and_terms_match_the_memory_store(kg: kgost.KnowledgeGraph, text: str) -> None:
    pytest.importorskip("pyoxigraph")
    memory = kg.sparql(text)
    oxigraph = kgost.load(store="oxigraph").sparql(text)

    def same(result: kgost.QueryResult) -> list[tuple[object, ...]]:  # blank node labels differ per engine
        return [tuple((type(v), "_:" if isinstance(v, BNode) else v) for v in row) for row in result]

    assert same(oxigraph) == same(memory) and oxigraph.variables == memory.variables
    # the values Oxigraph's store makes itself are what to_python makes of its rdflib terms
    from kgost.querying._results import to_python

    assert same(oxigraph) == [tuple((type(v), "_:" if isinstance(v, BNode) else v) for v in map(to_python, row))
                              for row in oxigraph.terms]


def test_oxigraph_result_pickles_with_its_terms() -> None:
    import pickle

    pytest.importorskip("pyoxigraph")
    result = kgost.load(store="oxigraph").sparql(ODD)
    again = pickle.loads(pickle.dumps(result))  # before .terms was read: a bounded query sends it so
    assert again.rows == result.rows and again.terms == result.terms
    assert [type(v) for v in again.column("v")] == [type(v) for v in result.column("v")]


# Equal Python values from different terms ("x", "x"@en, "x"^^xsd:string...), repeats, unbound
# values, and a SELECT * whose columns kgost reorders from the engine's.
REPEATS = """
SELECT * WHERE {
    VALUES (?z ?a ?m) { ("x" "x"@en 1) ("x"@en "x"^^xsd:string "1"^^xsd:int) (UNDEF person:chen "1"^^xsd:integer)
                        ("x"@en-gb UNDEF true) (person:chen "x" "1.0"^^xsd:decimal) }
}
"""


@pytest.mark.parametrize("text", [TRICKY, ODD, REPEATS, "SELECT * WHERE { }", "SELECT ?s WHERE { ?s ?p ?o FILTER (false) }"])
def test_oxigraph_terms_are_the_engines_terms_one_by_one(text: str) -> None:
    """Rows kept as numbers of distinct terms give back, per cell, the term Oxigraph answered."""
    pytest.importorskip("pyoxigraph")
    from kgost._namespace import PREFIXES
    from kgost.querying._results import to_python

    kg = kgost.load(store="oxigraph")
    result = kg.sparql(text)
    store = kg.store
    solutions = store._store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    given = [v.value for v in solutions.variables]
    expected = [tuple(None if s[given.index(v)] is None else store._from_ox(s[given.index(v)]) for v in result.variables)
                for s in solutions]

    def same(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:  # BNODE() is a new label per run
        return [tuple((type(v), "_:" if isinstance(v, BNode) else v) for v in row) for row in rows]

    assert same(result.terms) == same(expected) and len(result.terms) == len(result)
    assert same(list(result)) == same([tuple(map(to_python, row)) for row in expected])
    assert all(isinstance(row, kgost.Row) for row in result)
    if text == REPEATS:
        assert result.variables == ("z", "a", "m") and result[2].z is None and result[0].a == "x"


def test_rows_are_tuples_that_answer_to_names() -> None:
    import copy
    import pickle

    row = kgost.Row(["Chen", 3], ("name", "songs"))
    assert row == ("Chen", 3) and row.name == "Chen" and row["songs"] == 3 and row.asdict() == {"name": "Chen", "songs": 3}
    assert type(row).__name__ == "Row" and isinstance(row, kgost.Row) and not hasattr(row, "__dict__")
    assert type(kgost.Row([1, 2], ("name", "songs"))) is type(row)
    assert kgost.Row([1], ("other",)).other == 1 and not hasattr(row, "other")
    for again in (pickle.loads(pickle.dumps(row)), copy.copy(row), copy.deepcopy(row)):
        assert again == row and again.asdict() == row.asdict()
    with pytest.raises(KeyError, match="no column 'x'; columns: name, songs"):
        row["x"]
    with pytest.raises(AttributeError):
        row.x  # noqa: B018
