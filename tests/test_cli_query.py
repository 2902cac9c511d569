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
from kgost._cli import main


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
    assert out == "song,title,member,memberName,via\r\nhttps://w3id.org/kgost/id/song/everytime,Everytime,https://w3id.org/kgost/id/person/chen,Chen,\r\n"
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
    code, out, _ = run(capsys, "query", "entity-graph", "-p", "entity=orbit")
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert isomorphic(graph, kg.query("entity-graph", entity="Orbit").graph)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "nope"], "UnknownQueryError: no named query 'nope'"),
        (["query", "group-members", "-p", "group"], "ParameterError: --param 'group': write KEY=VALUE"),
        (["query", "group-members", "-p", "team=EXO"], "ParameterError: query 'group-members' has no parameter 'team'"),
        (["query", "timeline", "-p", "from=soon"], "ParameterError: query 'timeline', parameter 'from' must be int"),
        (["query", "group-members", "-p", "group=EXOO"], "EntityNotFoundError: query 'group-members', parameter 'group': no entity is named 'EXOO'; closest: EXO"),
        (["query", "chart-entries", "--format", "turtle"], "ExportError: a select result cannot be written as 'turtle'"),
        (["find", "Chanyol"], "EntityNotFoundError: no entity is named 'Chanyol'; closest: Chanyeol"),
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
