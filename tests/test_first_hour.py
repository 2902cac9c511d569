"""A new user's first hour (issue 13): names everywhere, query text, options before the command,
help instead of usage errors, a terminal-friendly network, honest tables."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

import kgost
from kgost.cli._main import main


def test_sources_takes_names_and_local_predicates(capsys: pytest.CaptureFixture[str], kg: kgost.KnowledgeGraph) -> None:
    assert main(["sources", "Orbit"]) == 0
    assert capsys.readouterr().out.startswith("song:orbit rdf:type kgost:Song\n")
    assert main(["sources", "Stay with Me", "releaseDate"]) == 0
    assert capsys.readouterr().out.startswith("song:stay-with-me kgost:releaseDate 2016-12-03\n  inferred")
    assert [s.graph for s in kg.sources("Chanyeol", "memberOf", "EXO")] == [
        s.graph for s in kg.sources("person:chanyeol", "kgost:memberOf", "group:exo")
    ] != []
    assert main(["sources", "Chanyeol", "membrOf"]) == 2
    assert "closest terms: memberOf" in capsys.readouterr().err
    assert main(["sources", "Chanyol"]) == 2
    assert capsys.readouterr().err.startswith("EntityNotFoundError: no entity is named 'Chanyol'; closest: Chanyeol")


def test_sparql_takes_the_query_text_a_file_or_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT ?name WHERE { person:chen kgost:name ?name }"
    assert main(["sparql", text]) == 0
    direct = capsys.readouterr().out
    assert "Chen" in direct
    (tmp_path / "q.rq").write_text(text, encoding="utf-8")
    assert main(["sparql", str(tmp_path / "q.rq")]) == 0
    assert capsys.readouterr().out == direct
    assert main(["sparql", str(tmp_path / "missing.rq")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["sparql", "ASK { person:chen kgost:memberOf group:bts }"]) == 1


@pytest.mark.parametrize("argv", [["--engine", "oxigraph", "stats"], ["stats", "--engine", "oxigraph"]])
def test_graph_options_before_or_after_the_command(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    pytest.importorskip("pyoxigraph")
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("engine: oxigraph\n")


def test_data_files_before_and_after_the_command_add_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    one.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    two.write_text("<urn:a> <urn:b> <urn:d> .\n", encoding="utf-8")
    assert main(["--no-bundled", "--data", str(one), "stats", "--data", str(two)]) == 0
    assert "2 user files" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit:  # a command that reads no graph says so
        main(["--engine", "oxigraph", "queries"])
    assert exit.value.code == 2
    assert "--store/--engine applies to commands that read the graph" in capsys.readouterr().err


def test_bare_kgost_and_kgost_query_show_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kgost") and "overview" in out and "graph options" in out
    assert main(["query"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kgost query")
    for named in kgost.named_queries():
        assert f"  {named.name} " in out


def test_the_table_says_when_it_cuts_values_and_takes_a_width(capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT ?t WHERE { article:top-10-romantic-kdrama-osts kgost:title ?t }"
    assert main(["sparql", query]) == 0
    out = capsys.readouterr().out
    assert "K-dra…\n" in out
    assert out.endswith("(1 row; 1 value was cut at 60 characters (…): --width N to widen, 0 for no limit)\n")
    assert main(["sparql", query, "--width", "0"]) == 0
    out = capsys.readouterr().out
    assert "from K-dramas\n" in out and out.endswith("(1 row)\n")


def test_compact_iris_in_data_frames_csv_and_json(kg: kgost.KnowledgeGraph, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    result = kg.query("group-members", group="EXO-CBX")
    assert list(result.to_dataframe(compact=True)["member"]) == ["person:baekhyun", "person:chen", "person:xiumin"]
    assert str(result.to_dataframe()["member"][0]) == "https://w3id.org/kgost/id/person/baekhyun"
    assert result.to_csv(compact=True).splitlines()[1] == "person:baekhyun,Baekhyun,"
    assert '"value": "person:baekhyun"' in result.to_json(compact=True)
    assert main(["query", "group-members", "-p", "group=EXO-CBX", "--format", "csv", "--compact"]) == 0
    assert capsys.readouterr().out.replace("\r\n", "\n").splitlines()[1] == "person:baekhyun,Baekhyun,"


def _on_a_terminal(argv: list[str]) -> tuple[str, int]:
    """Run ``kgost argv`` with stdout on a pseudo-terminal; return what it printed and its status."""
    master, slave = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "kgost", *argv], stdout=slave, stderr=subprocess.STDOUT) as process:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        status = process.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), status


def test_network_on_a_terminal_prints_a_summary_not_xml(kg: kgost.KnowledgeGraph) -> None:
    graph = kg.network(view="artist")
    out, status = _on_a_terminal(["network"])
    assert status == 0
    assert out.startswith(f"The artist view has {graph.number_of_nodes()} nodes (")
    assert f"and {graph.number_of_edges()} edges.\n" in out and "-o artist.graphml" in out and "<graphml" not in out
    piped = subprocess.run([sys.executable, "-m", "kgost", "network"], capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and "<graphml" in piped.stdout  # a pipe or file still gets the GraphML


def test_svg_labels_are_text_and_rcparams_stay_as_they_were(kg: kgost.KnowledgeGraph) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    before = dict(matplotlib.rcParams)
    svg = kgost.export_network(kg.network(around="EXO-CBX"), format="svg").decode("utf-8")
    assert ">Baekhyun</text>" in svg or ">Baekhyun<" in svg
    assert svg.count("<text") >= kg.network(around="EXO-CBX").number_of_nodes()
    assert dict(matplotlib.rcParams) == before


def test_acts_in_and_plays_character_look_different() -> None:
    from kgost._vocabulary import vocabulary
    from kgost.networks._draw import _edge_colour, _relation_legend

    words = vocabulary(kgost.load())
    looks = {name: (colour, style) for colour, style, name in _relation_legend({"acts in", "plays character"}, words)}
    assert looks["acts in"] != looks["plays character"]
    assert looks["acts in"][1] != looks["plays character"][1]  # a line style apart, not only a colour
    assert _edge_colour({"relation": "acts in"}, words) != _edge_colour({"relation": "plays character"}, words)


def test_graphml_edge_ids_are_unique_xml_names(kg: kgost.KnowledgeGraph) -> None:
    import re
    from xml.etree import ElementTree

    for view in ("artist", "full"):
        root = ElementTree.fromstring(kgost.export_network(kg.network(view=view), format="graphml"))
        ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
        assert ids and len(set(ids)) == len(ids), view
        assert all(re.fullmatch(r"e\d+", i) for i in ids), view  # type: ignore[arg-type]


def test_people_view_links_music_video_guests_to_the_singer(kg: kgost.KnowledgeGraph) -> None:
    people = kg.network(view="people")
    for guest, name in (("person:kim-seonho", "Kim Seonho"), ("person:shin-mina", "Shin Mina")):
        [reason] = people.edges["person:seungmin", guest]["reasons"]
        assert "'Here Always'" in reason and f"{name} appears in its music video" in reason and "Seungmin sings it" in reason


ROOT = Path(__file__).resolve().parent.parent


def test_files_the_readme_writes_are_ignored_by_git() -> None:
    import re

    from test_readme import CASES

    ignored = set((ROOT / ".gitignore").read_text(encoding="utf-8").split())
    written = {m.group(1) for steps in CASES for step in steps
               for m in re.finditer(r"(?:-o|>)\s+([\w.-]+\.\w+)", step.command) if not m.group(1).startswith("tests")}
    assert written and {f"/{name}" for name in written} <= ignored, sorted(written)


def test_readme_counts_no_named_queries_by_hand() -> None:
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for count in re.findall(r"(\d+) \*?\*?named queries", text):
        assert int(count) == len(kgost.named_queries())


def test_license_file_matches_pyproject() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_missing_extra_hints_work_in_a_clone_too() -> None:
    message = str(kgost.MissingExtraError.needs("drawing networks", "matplotlib", "viz"))
    assert "pip install 'kgost[viz]'" in message and "pip install -e '.[viz]'" in message


def test_the_article_skip_says_what_is_missing_and_how_to_get_it() -> None:
    from conftest import ARTICLE, ARTICLE_MISSING

    assert str(ARTICLE) in ARTICLE_MISSING and "save the article's text there" in ARTICLE_MISSING


def test_sung_by_links_songs_to_every_singer_through_groups(kg: kgost.KnowledgeGraph) -> None:
    derived = kg.sparql("""SELECT DISTINCT ?song ?person WHERE {
        { ?song kgost:performer ?person . ?person a kgost:Person }
        UNION { ?song kgost:performer ?group . ?person kgost:memberOf/kgost:subUnitOf* ?group . ?person a kgost:Person }
    }""")
    stated = kg.sparql("SELECT ?song ?person WHERE { ?song kgost:sungBy ?person }")
    assert {tuple(r) for r in stated} == {tuple(r) for r in derived}
    assert "Baekhyun" in {r.name for r in kg.sparql("SELECT ?name WHERE { song:for-you kgost:sungBy/kgost:name ?name }")}
    [src] = kg.sources("For You", "sungBy", "Baekhyun")
    assert src.kind == "inference" and src.graph == "inf:sung-by-for-you" and src.derived_from
    assert kgost.KGOST.sungBy == kgost.expand_iri("kgost:sungBy")
