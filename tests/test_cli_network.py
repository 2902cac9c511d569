"""The network subcommands: connect, shared-members, central, network."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest

from kgost.cli._main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_connect_explains_each_path(capsys):
    code, out, err = run(capsys, "connect", "Chanyeol", "Song Joongki")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Chanyeol and Song Joongki are connected in 5 steps (2 shortest connections):"
    assert "2. Chanyeol sang 'Stay with Me' with Punch; Punch sang 'Everytime'; " in out
    assert "   sources: s:e08-1, s:e10-1, s:e10-h, s:e10-3" in lines


def test_connect_max_and_quotes(capsys):
    code, out, _ = run(capsys, "connect", "Xiumin", "Punch", "--max", "1", "--quotes")
    assert code == 0 and "(3 shortest connections, showing 1)" in out
    assert "inferred: Baekhyun and Xiumin are members of EXO-CBX" in out


def test_no_connection_is_an_answer_with_exit_status_1(capsys):
    code, out, err = run(capsys, "connect", "V", "Cha Eunwoo")
    assert (code, out, err) == (1, "V and Cha Eunwoo are not connected in the artist view.\n", "")


def test_connect_json(capsys):
    code, out, _ = run(capsys, "connect", "Cha Eunwoo", "Mun Kayoung", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["length"] == 2
    assert data["paths"][0]["explanation"] == "Cha Eunwoo plays Lee Suho in True Beauty; Mun Kayoung plays Im Jukyung in True Beauty"


def test_unknown_name_gives_closest_candidates(capsys):
    code, out, err = run(capsys, "connect", "Chanyol", "Song Joongki")
    assert code == 2 and out == ""
    assert err == "EntityNotFoundError: no entity is named 'Chanyol'; closest: Chanyeol, Cha Eunwoo\n"


def test_shared_members(capsys):
    code, out, _ = run(capsys, "shared-members", "--group", "EXO")
    assert code == 0
    assert "  EXO-CBX is a sub-unit of EXO; both have Baekhyun, Chen and Xiumin" in out
    assert "  Chen links 'Everytime' and 'For You' (with EXO-CBX)" in out
    assert "  Punch links 'Everytime' and 'Stay with Me'" in out
    code, out, _ = run(capsys, "shared-members", "--format", "json")
    assert json.loads(out)["overlaps"][0]["unit"] == "EXO-CBX"


@pytest.mark.parametrize(("group", "line"), [
    ("BTS", "  BTS: 'Christmas Tree' (V)"),
    ("MAMAMOO", "  MAMAMOO: 'Orbit' (Hwasa)"),
    ("AKMU", "  AKMU: 'In Your Time' (Lee Suhyun)"),
    ("Stray Kids", "  Stray Kids: 'Here Always' (Seungmin)"),
])
def test_shared_members_of_a_group_with_one_song(capsys, group, line):
    code, out, err = run(capsys, "shared-members", "--group", group)
    assert (code, err) == (0, "")
    assert out.endswith(f"Songs of the members of {group}:\n{line}\n")


def test_central_full_view_reads_without_raw_ids(capsys):
    code, out, _ = run(capsys, "central", "--view", "full", "--top", "3")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Most connected entities of the full view, by degree:"
    assert lines[1] == ("1. Crash Landing on You (series) is linked to 5 entities: stars Hyun Bin and Son Yejin; "
                        "has the characters Ri Jeong Hyeok and Yoon Seri; has the OST 'Here I Am Again'.")
    assert "item:" not in out and "Enjoy Love Ballads" not in out


def test_central(capsys):
    code, out, _ = run(capsys, "central", "--top", "2")
    assert code == 0 and out.splitlines()[0] == "Most connected entities of the artist view, by degree:"
    assert out.splitlines()[1].startswith("1. EXO (group) is linked to 5 entities")
    code, out, _ = run(capsys, "central", "--top", "1", "--by", "betweenness", "--format", "json")
    assert json.loads(out)[0]["label"] == "Everytime"


@pytest.mark.parametrize(("suffix", "reader"), [
    (".graphml", lambda p: nx.read_graphml(p, force_multigraph=True, edge_key_type=str)),
    (".gexf", nx.read_gexf),
    (".json", lambda p: nx.node_link_graph(json.loads(p.read_text(encoding="utf-8")), edges="edges")),
])
def test_network_writes_files_that_networkx_reads(capsys, tmp_path, kg, suffix, reader):
    path = tmp_path / f"exo{suffix}"
    code, out, err = run(capsys, "network", "--around", "EXO", "--depth", "2", "-o", str(path))
    assert code == 0 and out == ""
    assert err.startswith("wrote the artist view (10 nodes, 13 edges) as " + suffix[1:])
    expected = kg.network(around="EXO", depth=2)
    back = reader(path)
    assert set(back.nodes) == set(expected.nodes)
    # networkx's GEXF reader returns a simple graph when no two edges join the same nodes (as
    # here), so compare edges by their ends and relation.
    facts = {(u, v, d["relation"]) for u, v, d in expected.edges(data=True)}
    assert {(u, v, d["relation"]) for u, v, d in back.edges(data=True)} == facts


def test_network_to_stdout_defaults_to_graphml(capsys):
    code, out, _ = run(capsys, "network", "--view", "songs")
    assert code == 0 and out.startswith("<?xml") and "graphml" in out


def test_network_png(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "exo.png"
    code, _, _ = run(capsys, "network", "--around", "EXO", "--format", "png", "-o", str(path), "--dpi", "60")
    assert code == 0 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("argv", "message"), [
    (["network", "--depth", "2"], "InputError: --depth only applies with --around NAME"),
    (["network", "--format", "json", "--seed", "3"], "only apply to png and svg, not json"),
    (["network", "--around", "Riftan"], "InputError: Riftan (character:riftan) is not in the 'artist' view"),
    (["connect", "Chen", "Chanyeol", "--max", "0"], "InputError: max_paths must be a whole number, 1 or more; got 0"),
])
def test_bad_network_options(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_missing_matplotlib_hint_from_the_command_line(capsys, tmp_path, monkeypatch):
    """As where matplotlib is not installed: it cannot be imported (``None`` in ``sys.modules``)."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, err = run(capsys, "network", "--format", "png", "-o", str(tmp_path / "x.png"))
    assert code == 2
    assert err.strip() == (
        "MissingExtraError: drawing networks needs matplotlib: pip install 'kgost[viz]'"
        " (in a clone of kgost: pip install -e '.[viz]')"
    )
    assert not (tmp_path / "x.png").exists()


def test_seed_range_and_titles_that_look_like_tex(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from kgost.cli._main import main

    with pytest.raises(SystemExit) as info:
        main(["network", "--format", "svg", "--seed", "-1", "-o", str(tmp_path / "s.svg")])
    assert info.value.code == 2 and "-1 is not between 0 and 4294967295" in capsys.readouterr().err
    out = tmp_path / "t.svg"
    assert main(["network", "--format", "svg", "--title", r"$\undefinedmacro$", "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_control_characters_are_refused_and_missing_glyphs_are_quiet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from kgost.cli._main import main

    mine = tmp_path / "ctl.ttl"
    mine.write_text(
        '@prefix kgost: <https://w3id.org/kgost/ontology#> .\n'
        '<https://w3id.org/kgost/id/person/x> a kgost:Person ; kgost:name "a\\u0001b" .\n'
        '<https://w3id.org/kgost/id/song/orbit> kgost:performer <https://w3id.org/kgost/id/person/x> .\n',
        encoding="utf-8",
    )
    for fmt in ("gexf", "svg"):
        out = tmp_path / f"ctl.{fmt}"
        assert main(["network", "--format", fmt, "--data", str(mine), "-o", str(out)]) == 2
        assert "holds U+0001, a control character XML 1.0 cannot hold" in capsys.readouterr().err
        assert not out.exists()
    assert main(["network", "--format", "png", "--title", "차은우", "-o", str(tmp_path / "k.png")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("wrote the artist view") and "Warning" not in err and len(err.splitlines()) == 1
