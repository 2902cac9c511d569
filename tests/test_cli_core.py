"""The core command line: --version, --help, overview, stats, sources; errors as ``Type: message``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kgost
from kgost.cli._main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kgost {kgost.__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("overview", "validate", "stats", "sources"):
        assert command in out


def test_overview_is_the_main_job(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "overview")
    assert code == 0, err
    assert "conforms" in out
    assert "1. “Christmas Tree” by V (BTS), OST of Our Beloved Summer (TV drama)" in out
    assert "“For You”: Baekhyun via EXO-CBX, Chen via EXO-CBX, Xiumin via EXO-CBX" in out
    assert "Cha Eunwoo: sings “Don’t Cry My Love”; acts as Lee Suho in True Beauty" in out


def test_stats_text_and_json(capsys: pytest.CaptureFixture[str], kg: kgost.KnowledgeGraph) -> None:
    code, out, _ = run(capsys, "stats", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["classes"]["kgost:Song"] == 10
    assert data["triples"] == kg.stats().triples
    code, out, _ = run(capsys, "stats")
    assert "kgost:Song" in out and f"triples: {data['triples']} distinct" in out


def test_sources_quotes_the_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "song:orbit", "kgost:releaseDate")
    assert code == 0
    assert "On April 19, 2020, MAMAMOO’s Hwasa aka Ahn Hyejin" in out
    code, out, _ = run(capsys, "sources", "song:orbit", "kgost:releaseDate", "1999-01-01")
    assert code == 1 and "no facts match" in out


def test_errors_are_one_line_on_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "stats", "--data", str(tmp_path / "nope.ttl"))
    assert code == 2 and out == ""
    assert err.strip() == f"InputError: no such file: '{tmp_path / 'nope.ttl'}'"
    code, _, err = run(capsys, "sources", "nosuch:thing")
    assert code == 2 and err.startswith("InputError: 'nosuch:thing' is neither")


def test_output_file_is_written_atomically(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "stats.json"
    code, out, _ = run(capsys, "stats", "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["classes"]["kgost:Person"] == 24
    code, _, err = run(capsys, "stats", "-o", str(tmp_path / "no" / "dir" / "x.txt"))
    assert code == 2 and "does not exist" in err


@pytest.mark.parametrize(
    "command",
    [["stats"], ["validate"], ["query", "songs"], ["export", "--format", "trig"], ["network", "--format", "json"]],
    ids=lambda c: c[0],
)
def test_output_to_a_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    code, out, err = run(capsys, *command, "-o", str(folder))
    assert code == 2 and out == ""
    assert err.strip() == f"InputError: cannot write '{folder}': it is a folder; give a file name"
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["adir"]


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "kgost", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("kgost ")


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["stats", "--format", "yaml"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("UsageError: kgost stats: argument --format: invalid choice: 'yaml'")


def test_ill_typed_literals_print_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad-date.ttl"
    path.write_text(
        '@prefix kgost: <https://w3id.org/kgost/ontology#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        '<https://example.org/s> a kgost:Song ; kgost:title "S" ; kgost:releaseDate "2014-13-45"^^xsd:date ;\n'
        '  kgost:performer <https://w3id.org/kgost/id/person/chen> ; kgost:ostOf <https://w3id.org/kgost/id/series/true-beauty> .\n',
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "kgost", "validate", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "shape:SongShape-releaseDate" in done.stdout
    assert '("2014-13-45" is not a valid xsd:date.)' in done.stdout
    # the Python API is as quiet on either engine (one fresh process for both): the report says it all
    code = f"import kgost\nfor engine in ('rdflib', 'oxigraph'):\n    print(kgost.load({str(path)!r}, store=engine).validate(), '\\f')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    reports = done.stdout.split("\f")[:-1]
    assert len(reports) == 2 and all('("2014-13-45" is not a valid xsd:date.)' in report for report in reports), done.stdout


def test_data_format_reads_files_whose_extension_does_not_tell(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        '<https://w3id.org/kgost/id/song/new> a kgost:Song ; kgost:title "New" .\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", str(notes))
    assert code == 2 and "give its format (--data-format" in err and ".ttl" in err
    code, out, _ = run(capsys, "validate", str(notes), "--data-format", "turtle")
    assert code == 1 and "song:new" in out  # read as Turtle: the song lacks performer and series
    code, out, _ = run(capsys, "stats", "--data", str(notes), "--data-format", "ttl", "--format", "json")
    assert code == 0 and json.loads(out)["classes"]["kgost:Song"] == 11
    code, _, err = run(capsys, "stats", "--data", str(notes), "--data-format", "yaml")
    assert code == 2 and err.startswith("InputError: unknown RDF format 'yaml'; use one of: turtle, trig")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["stats", "-o", ""], "argument -o/--output: empty file name"),
        (["stats", "--data", ""], "argument --data: empty file name"),
        (["load", ""], "argument FILE: empty file name"),
    ],
)
def test_empty_file_names_are_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_empty_names_and_files_as_folders_in_python(tmp_path: Path) -> None:
    from kgost.readwrite._io import write_atomic

    with pytest.raises(kgost.InputError, match="empty file name"):
        kgost.load("")
    with pytest.raises(kgost.InputError, match="empty file name"):
        write_atomic("", b"x")
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(kgost.InputError, match="folder .*afile' is a file, not a folder"):
        write_atomic(afile / "x.csv", b"x")


def test_sources_takes_a_literal_quoted_as_in_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "article:top-10-romantic-kdrama-osts", "kgost:category", '"K-drama"')
    assert code == 0 and "stated by s:categories" in out
    assert run(capsys, "sources", "article:top-10-romantic-kdrama-osts", "kgost:category", "K-drama")[1] == out


def test_export_to_a_folder_names_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path))
    assert code == 2 and err.strip() == f"InputError: cannot write '{tmp_path}': it is a folder; give a file name"


def test_overview_of_a_graph_without_the_article_says_none(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "overview", "--no-bundled")
    assert code == 0 and err == ""
    assert "OSTs that involve EXO members:\n  (none)" in out and "The article's ranked list:\n  (none)" in out


def test_data_format_without_data_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "stats", "--data-format", "turtle")
    assert code == 2 and err.strip() == "InputError: --data-format applies to --data files, and none is given"
