"""The query command line: kgost queries, query, sparql, find."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.query import Result

import kgost
from kgost.cli._main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_queries_lists_names_summaries_and_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries")
    assert code == 0
    for query in kgost.named_queries():
        assert query.name in out and query.summary in out
    assert '    --param group: entity(MusicGroup) = "EXO"  -- the group: a name, compact IRI or IRI' in out
    code, out, _ = run(capsys, "queries", "--format", "json")
    data = {q["name"]: q for q in json.loads(out)}
    assert data["timeline"]["params"][0] == {"name": "from", "type": "int", "kind": None, "required": False, "default": None, "help": "the first year to show"}
    assert data["is-member"]["kind"] == "ask"


def test_query_with_params_and_formats(capsys: pytest.CaptureFixture[str], kg: kgost.KnowledgeGraph) -> None:
    code, out, err = run(capsys, "query", "songs-by-group-members", "--param", "group=EXO")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["song", "title", "member", "memberName", "via"]
    assert "song:for-you" in out and out.rstrip().endswith("(5 rows)")
    code, out, _ = run(capsys, "query", "songs_by_group_members", "-p", "group=exo cbx", "--format", "csv")
    assert out.splitlines()[:3] == [
        "song,title,member,memberName,via",
        "https://w3id.org/kgost/id/song/everytime,Everytime,https://w3id.org/kgost/id/person/chen,Chen,",
        "https://w3id.org/kgost/id/song/for-you,For You,https://w3id.org/kgost/id/person/baekhyun,Baekhyun,EXO-CBX",
    ]
    assert out.endswith("\r\n") and len(out.splitlines()) == 5
    code, out, _ = run(capsys, "query", "people-on-several-songs", "-p", "min=2", "--format", "json")
    parsed = Result.parse(io.BytesIO(out.encode()), format="json")
    assert {str(r[rdflib.Variable("name")]) for r in parsed.bindings} == {"Chen", "Punch"}
    code, out, _ = run(capsys, "query", "nominations", "--format", "xml")
    assert [str(r[rdflib.Variable("awardName")]) for r in Result.parse(io.BytesIO(out.encode()), format="xml").bindings] == ["Melon Top 10 Artist Award"]
    code, out, _ = run(capsys, "query", "chart-entries", "--format", "tsv")
    assert out.splitlines()[1] == '"Christmas Tree"\t"V"\t"Billboard Digital Song Sales"\t1'
    code, out, _ = run(capsys, "query", "chart-entries", "--format", "md")
    assert out.splitlines()[2] == "| Christmas Tree | V | Billboard Digital Song Sales | 1 |"
    code, out, _ = run(capsys, "query", "is-member", "-p", "person=Baekhyun", "-p", "group=EXO")
    assert (code, out) == (0, "true\n")
    code, out, _ = run(capsys, "query", "is-member", "-p", "person=V", "-p", "group=EXO")
    assert (code, out) == (1, "false\n")  # an ASK that is false is a negative answer: exit 1
    code, out, _ = run(capsys, "query", "entity-graph", "-p", "entity=orbit")
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert isomorphic(graph, kg.query("entity-graph", entity="Orbit").graph)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "nope"], "UnknownQueryError: no named query 'nope'"),
        (["query", "group-members", "-p", "group"], "ParameterError: --param 'group': write KEY=VALUE"),
        (["query", "group-members", "-p", "team=EXO"], "ParameterError: query 'group-members' has no parameter 'team'"),
        (["query", "timeline", "-p", "from=soon"], "ParameterError: query 'timeline', parameter 'from' must be a whole number (int); got 'soon'\n"),
        (["query", "group-members", "-p", "group=EXO", "-p", "group=BTS"],
         "ParameterError: query 'group-members': parameter 'group' is given twice ('EXO', then 'BTS'); give it once\n"),
        (["query", "group-members", "-p", "group="],
         "ParameterError: query 'group-members', parameter 'group' must be the name, compact IRI or IRI of a MusicGroup (entity(MusicGroup)); got '' (an empty name)\n"),
        (["query", "group-members", "-p", "group=EXOO"], "EntityNotFoundError: query 'group-members', parameter 'group': no entity is named 'EXOO'; closest: EXO"),
        (["query", "chart-entries", "--format", "turtle"], "ExportError: a select result cannot be written as 'turtle'"),
        (["find", "Chanyol"], "EntityNotFoundError: no entity is named 'Chanyol'; closest: Chanyeol"),
        (["find", "<file:///etc/passwd>"], "EntityNotFoundError: no entity has the IRI 'file:///etc/passwd'\n"),
        (["find", "person:chanyol"], "EntityNotFoundError: no entity has the IRI 'person:chanyol'; closest: person:chanyeol"),
        (["find", ""], "InputError: cannot look up an empty name ('')\n"),
        (["sparql", ""], "InputError: the query file name is empty; give a file holding a SPARQL query, or - to read stdin\n"),
        (["sparql", "."], "InputError: '.' is a folder; give a file holding a SPARQL query\n"),
        (["query", "chart-entries", "-o", "out.ttl"], "ExportError: -o 'out.ttl': a SELECT result cannot be written as turtle"),
        (["query", "entity-graph", "-o", "out.csv"], "ExportError: -o 'out.csv': a CONSTRUCT/DESCRIBE (graph) result cannot be written as csv"),
    ],
)
def test_errors_are_one_line_on_stderr_with_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(message), err
    assert "Traceback" not in err


def test_sparql_from_file_and_stdin(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { ?p kgost:memberOf group:exo-cbx ; kgost:name ?name } ORDER BY ?name", encoding="utf-8")
    code, out, _ = run(capsys, "sparql", str(query), "--format", "csv")
    assert (code, out) == (0, "name\r\nBaekhyun\r\nChen\r\nXiumin\r\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("CONSTRUCT { ?s kgost:name ?n } WHERE { ?s kgost:memberOf group:exo-cbx ; kgost:name ?n }"))
    code, out, _ = run(capsys, "sparql", "-", "--format", "nt")
    assert code == 0 and len(rdflib.Graph().parse(data=out, format="nt")) == 3
    monkeypatch.setattr("sys.stdin", io.StringIO("DESCRIBE person:v"))
    code, out, _ = run(capsys, "sparql", "-", "--format", "jsonld")
    assert code == 0 and len(rdflib.Graph().parse(data=out, format="json-ld")) == 3


def test_sparql_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    code, _, err = run(capsys, "sparql", str(bad))
    assert code == 2 and err.startswith(f"QuerySyntaxError: {bad}: SPARQL syntax error at line 2, column 9")
    remote = tmp_path / "remote.rq"
    remote.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    code, _, err = run(capsys, "sparql", str(remote))
    assert code == 2 and err.startswith(f"QueryError: {remote}: SERVICE <http://127.0.0.1:9/sparql> is refused")
    remote.write_text("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }\n", encoding="utf-8")
    code, _, err = run(capsys, "sparql", str(remote))
    assert (code, err) == (2, f"QueryError: {remote}: SERVICE ?where is refused: kgost queries never go to the network\n")
    code, _, err = run(capsys, "sparql", str(tmp_path / "missing.rq"))
    assert code == 2 and err.startswith("InputError: no such file")


def test_output_file_is_written_atomically(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "songs.csv"
    code, out, _ = run(capsys, "query", "songs", "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("song,title,seriesTitle,performer,performerName")
    assert [p.name for p in tmp_path.iterdir()] == ["songs.csv"]
    target.write_text("keep me", encoding="utf-8")
    code, _, _ = run(capsys, "query", "nope", "-o", str(target))
    assert code == 2 and target.read_text(encoding="utf-8") == "keep me"


def test_find(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "find", "cha eun-woo")
    assert (code, out) == (0, "person:cha-eunwoo (Person) Cha Eunwoo  [matched 'Cha Eun-woo']\n")
    code, out, _ = run(capsys, "find", "EXO CBX", "--format", "json")
    assert json.loads(out) == [{"iri": "https://w3id.org/kgost/id/group/exo-cbx", "label": "EXO-CBX", "kind": "SubUnit",
                                "types": ["kgost:SubUnit"], "matched": "EXO CBX"}]
    code, out, _ = run(capsys, "find", "song")
    assert code == 0 and out.splitlines()[0].startswith("chart:billboard-digital-song-sales (Chart)")


def test_ask_exit_status_is_1_when_false(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for query, code, answer in (("ASK { person:v kgost:memberOf group:bts }", 0, "true"), ("ASK { person:v kgost:memberOf group:exo }", 1, "false")):
        monkeypatch.setattr("sys.stdin", io.StringIO(query))
        assert run(capsys, "sparql", "-") == (code, answer + "\n", "")
        monkeypatch.setattr("sys.stdin", io.StringIO(query))
        target = tmp_path / "answer.json"
        assert run(capsys, "sparql", "-", "-o", str(target))[0] == code  # written, and still the answer's status
        assert json.loads(target.read_text(encoding="utf-8"))["boolean"] is (code == 0)
    # a SELECT without rows is an answer, not a negative one
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT ?s WHERE { ?s kgost:name 'nobody' }"))
    code, out, _ = run(capsys, "sparql", "-")
    assert code == 0 and out.rstrip().endswith("(0 rows)")


def test_exit_status_is_documented_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("query", "sparql"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "exit status: 0 the query ran (a SELECT with no rows too), 1 an ASK query's answer is false, 2 bad input" in out


@pytest.mark.parametrize(
    ("argv", "name", "check"),
    [
        (["query", "chart-entries"], "out.csv", lambda text: text.startswith("title,performerName,chartName,position\r\n")),
        (["query", "chart-entries"], "out.tsv", lambda text: text.startswith("?title\t?performerName")),
        (["query", "chart-entries"], "out.JSON", lambda text: json.loads(text)["head"]["vars"][0] == "title"),
        (["query", "chart-entries"], "out.xml", lambda text: "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">" in text),
        (["query", "chart-entries"], "out.md", lambda text: text.startswith("| title | performerName |")),
        (["query", "chart-entries"], "out.txt", lambda text: text.endswith("(2 rows)\n")),
        (["query", "chart-entries"], "out.dat", lambda text: text.endswith("(2 rows)\n")),  # other extensions: the default
        (["query", "chart-entries", "--format", "md"], "out.csv", lambda text: text.startswith("| title |")),  # --format wins
        (["query", "is-member", "-p", "person=Chen", "-p", "group=EXO"], "out.json", lambda text: json.loads(text) == {"head": {}, "boolean": True}),
        (["query", "entity-graph"], "out.ttl", lambda text: "@prefix" in text),
        (["query", "entity-graph"], "out.nt", lambda text: text.startswith("<https://")),
        (["query", "entity-graph"], "out.jsonld", lambda text: "@context" in json.loads(text)),
        (["query", "entity-graph"], "out.json", lambda text: "@context" in json.loads(text)),
        (["find", "exo"], "found.json", lambda text: json.loads(text)[0]["label"] == "EXO"),
        (["find", "exo"], "found.txt", lambda text: text == "group:exo (MusicGroup) EXO\n"),
        (["queries"], "queries.json", lambda text: any(q["name"] == "timeline" for q in json.loads(text))),
    ],
)
def test_the_output_extension_names_the_format(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], name: str, check) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / name
    code, out, err = run(capsys, *argv, "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert check(target.read_bytes().decode("utf-8"))


def test_sparql_reads_files_and_stdin_with_a_byte_order_mark(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    query = tmp_path / "bom.rq"
    query.write_bytes("\ufeffSELECT ?s WHERE { ?s kgost:name 'V' }".encode("utf-8"))
    assert run(capsys, "sparql", str(query), "--format", "csv") == (0, "s\r\nhttps://w3id.org/kgost/id/person/v\r\n", "")
    monkeypatch.setattr("sys.stdin", io.StringIO("\ufeffASK { person:v kgost:name 'V' }"))
    assert run(capsys, "sparql", "-") == (0, "true\n", "")
    # stdin is read as UTF-8 bytes whatever the locale says
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("\ufeffASK { person:v kgost:name 'V' }".encode("utf-8")), encoding="latin-1"))
    assert run(capsys, "sparql", "-") == (0, "true\n", "")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"SELECT \xff"), encoding="utf-8"))
    assert run(capsys, "sparql", "-") == (2, "", "InputError: cannot read the query from stdin: it is not UTF-8 text (byte 7)\n")
    query.write_bytes(b"SELECT \xff")
    assert run(capsys, "sparql", str(query)) == (2, "", f"InputError: cannot read the query {str(query)!r}: it is not UTF-8 text (byte 7)\n")


def test_find_takes_compact_iris_and_iris(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("person:v", "https://w3id.org/kgost/id/person/v", "<https://w3id.org/kgost/id/person/v>"):
        assert run(capsys, "find", name) == (0, "person:v (Person) V\n", "")


def test_find_and_connect_take_an_unlabelled_entity_of_a_user_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "y.ttl"
    data.write_text("@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
                    "<https://example.org/p/y> a kgost:Person ; kgost:memberOf <https://w3id.org/kgost/id/group/exo> .\n", encoding="utf-8")
    code, out, err = run(capsys, "find", "--data", str(data), "<https://example.org/p/y>")
    assert (code, out, err) == (0, "https://example.org/p/y (Person) https://example.org/p/y\n", "")
    code, out, err = run(capsys, "connect", "--data", str(data), "https://example.org/p/y", "Chanyeol")
    assert code == 0 and "are both members of EXO" in out, err
