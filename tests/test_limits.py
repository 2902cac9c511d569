"""Hostile input (issue 8, items 4, 5, 6 and 11): bounded size, time, memory and canonical labelling."""

from __future__ import annotations

import os
import re
import resource
import signal
import threading
from pathlib import Path

import pytest

import kgost
from kgost import ExportError, InputError, LimitError, ParseError
from kgost.cli._main import main
from kgost._limits import DEFAULT_MAX_INPUT_SIZE, run_bounded

ENGINES = ["rdflib", "oxigraph"]
SMALL = "<urn:ex:a> <urn:ex:p> <urn:ex:b> .\n<urn:ex:b> <urn:ex:p> <urn:ex:c> .\n<urn:ex:c> <urn:ex:p> \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\" .\n"
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
# Catastrophic backtracking for a backtracking engine (Python's re); linear for Oxigraph's Rust regex.
EVIL_REGEX = 'SELECT ?o WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a|aa)+$")) }'
#: The time limit of the tests that see a limit stop work that would run for minutes (or for ever):
#: short, as the worker burns a processor until it is stopped.
STOP = 0.25


def _graph(tmp_path: Path, engine: str, text: str = SMALL, name: str = "small.nt") -> kgost.KnowledgeGraph:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return kgost.load(path, bundled=False, store=engine)


def _clique(size: int) -> str:
    return "".join(f"_:b{i} <urn:ex:knows> _:b{j} .\n" for i in range(size) for j in range(size) if i != j)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- 4. canonical labelling of blank nodes is bounded -------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_a_clique_of_blank_nodes_stops_export_with_an_export_error(tmp_path: Path, engine: str) -> None:
    kg = _graph(tmp_path, engine, _clique(7), "poison.nt")  # took 27 s on pyld before the bound, 8 nodes 51 s
    with pytest.raises(ExportError, match="too alike.*give them IRIs"):
        kg.export(format="nquads", canonical=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_clique_in_a_construct_result_stops_its_serialization(tmp_path: Path, engine: str) -> None:
    kg = _graph(tmp_path, engine, _clique(7), "poison.nt")
    result = kg.sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(ExportError, match="too alike"):
        result.serialize("nt")


def test_a_clique_on_the_command_line_is_a_one_line_export_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "poison.nt").write_text(_clique(7), encoding="utf-8")
    code, out, err = _cli(capsys, "export", "--no-bundled", "--data", str(tmp_path / "poison.nt"))  # any export labels blank nodes
    assert (code, out) == (2, "")
    assert err.startswith("ExportError: cannot label the blank nodes canonically") and err.count("\n") == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_small_symmetric_blank_nodes_still_get_canonical_labels(tmp_path: Path, engine: str) -> None:
    kg = _graph(tmp_path, engine, _clique(4), "four.nt")
    text = kg.export(format="nquads", canonical=True)
    assert text.count("\n") == 12 and "_:c14n3 " in text and "_:b" not in text


# ---- 5. inputs: regular files only, and a size limit --------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_a_device_is_refused_before_it_is_read(engine: str) -> None:
    with pytest.raises(InputError, match="'/dev/zero': it is a character device, not a regular file"):
        kgost.load("/dev/zero", bundled=False, format="nt", store=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_named_pipe_without_writer_is_refused_not_waited_for(tmp_path: Path, engine: str) -> None:
    fifo = tmp_path / "data.nt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        kgost.load(fifo, bundled=False, store=engine)


def test_the_command_line_refuses_devices_and_pipes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "query.rq"
    os.mkfifo(fifo)
    for argv in (["load", "/dev/zero", "--format", "nt"], ["stats", "--no-bundled", "--data", "/dev/zero", "--data-format", "nt"],
                 ["sparql", "/dev/zero", "--no-bundled"], ["sparql", str(fifo), "--no-bundled"], ["load", str(fifo), "--format", "nt"]):
        code, out, err = _cli(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.startswith("InputError: cannot read") and "not a regular file" in err, argv


def test_output_to_a_pipe_nobody_reads_is_an_error_not_a_hang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    (tmp_path / "small.nt").write_text(SMALL, encoding="utf-8")
    code, _, err = _cli(capsys, "export", "--no-bundled", "--data", str(tmp_path / "small.nt"), "--graph", "union", "-o", str(fifo))
    assert code == 2 and err == f"InputError: cannot write {str(fifo)!r}: it is a named pipe (FIFO) that no process reads\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_larger_than_the_size_limit_is_a_limit_error(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "big.nt"
    path.write_text(SMALL * 20, encoding="utf-8")
    with pytest.raises(LimitError, match=r"big.nt' is larger than 1000 bytes \(the input size limit\).*--max-input-size"):
        kgost.load(path, bundled=False, store=engine, max_input_size=1000)
    assert len(kgost.load(path, bundled=False, store=engine, max_input_size=path.stat().st_size)) == 3


def test_the_size_limit_is_an_option_and_bounds_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.nt"
    path.write_text(SMALL * 20, encoding="utf-8")
    code, _, err = _cli(capsys, "load", str(path), "--max-input-size", "1K")
    assert code == 2 and err.startswith("LimitError: ") and "larger than 1024 bytes" in err
    code, _, err = _cli(capsys, "stats", "--no-bundled", "--data", str(path), "--max-input-size", "1K")
    assert code == 2 and err.startswith("LimitError: ")
    endless = tmp_path / "endless.rq"
    endless.write_text("SELECT * WHERE { ?s ?p ?o }\n" + "#" * 5000, encoding="utf-8")
    with endless.open("rb") as stdin:
        monkeypatch.setattr("sys.stdin", type("In", (), {"buffer": stdin})())
        code, _, err = _cli(capsys, "sparql", "-", "--no-bundled", "--max-input-size", "2K")
    assert code == 2 and err.startswith("LimitError: '<stdin>' is larger than 2048 bytes")
    assert DEFAULT_MAX_INPUT_SIZE == 256 * 1024 * 1024


def test_bad_limits_are_refused_with_their_name(tmp_path: Path) -> None:
    kg = _graph(tmp_path, "rdflib")
    with pytest.raises(InputError, match="timeout must be a positive number of seconds, not 0"):
        kg.sparql("ASK {}", timeout=0)
    with pytest.raises(InputError, match="max_memory must be a positive number of bytes, not '1G'"):
        kg.export(format="trig", max_memory="1G")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="input size limit must be a positive number of bytes"):
        kgost.load(tmp_path / "small.nt", bundled=False, max_input_size=-1)


# ---- 6. time: linear N-Triples, and --timeout/--max-memory on queries, validation, export ---------

@pytest.mark.parametrize("suffix", [".nt", ".nq"])
def test_a_long_literal_in_n_triples_parses_in_linear_time(tmp_path: Path, suffix: str) -> None:
    # rdflib's own line reading is quadratic: 2 MB took 19 s, 4 MB over a minute; now a fraction of a
    # second. The timeout is a hang guard, ten times the time it takes on a loaded machine.
    graph = " <urn:ex:g>" if suffix == ".nq" else ""
    path = tmp_path / f"long{suffix}"
    path.write_text(f'<urn:ex:s> <urn:ex:p> "{"a" * 2_000_000}"{graph} .\n<urn:ex:s> <urn:ex:p> "b"{graph} .', encoding="utf-8")
    quads = run_bounded(lambda: kgost.readwrite._io.read_rdf(path), timeout=10)
    assert sorted(len(o) for _, _, o, _ in quads) == [1, 2_000_000]
    path.write_text(f'<urn:ex:s> <urn:ex:p> "b"{graph} .\n<urn:ex:s> <urn:ex:p> "{"a" * 2_000_000}"{graph} extra .\n')
    with pytest.raises(ParseError, match=r"long\.n[tq]:2: bad n"):  # the line is found by parsing each line again
        run_bounded(lambda: kgost.readwrite._io.read_rdf(path), timeout=10)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_query_past_its_timeout_stops_with_a_limit_error(tmp_path: Path, engine: str) -> None:
    kg = _graph(tmp_path, engine, SMALL * 1 + "".join(f"<urn:ex:n{i}> <urn:ex:p> \"{i}\" .\n" for i in range(40)))
    with pytest.raises(LimitError, match=rf"the query took longer than {STOP:g} s \(the time limit\)"):
        kg.sparql(CROSS_JOIN, timeout=STOP)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catastrophic_regex_is_stopped_by_the_timeout(tmp_path: Path, engine: str) -> None:
    text = SMALL.replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "a" * 60 + "!")
    kg = _graph(tmp_path, engine, text)
    if engine == "rdflib":  # Python's re backtracks for ever
        with pytest.raises(LimitError, match="time limit"):
            kg.sparql(EVIL_REGEX, timeout=STOP)
    else:  # Oxigraph's regex is linear: the answer comes within the limit
        assert len(kg.sparql(EVIL_REGEX, timeout=5)) == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catastrophic_sh_pattern_is_stopped_by_the_timeout(tmp_path: Path, engine: str) -> None:
    kg = _graph(tmp_path, engine, SMALL.replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "a" * 60 + "!"))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:ex:Shape> a sh:NodeShape ; sh:targetSubjectsOf <urn:ex:p> ;\n"
        '  sh:property [ sh:path <urn:ex:p> ; sh:pattern "^(a|aa)+$" ; sh:message "a run of a" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(LimitError, match=rf"the validation took longer than {STOP:g} s"):
        kg.validate(shapes=shapes, timeout=STOP, engine="pyshacl")  # Python's backtracking regex
    if engine == "oxigraph":  # the SPARQL validator runs the pattern in Oxigraph's linear regex
        report = kg.validate(shapes=shapes, timeout=30)
        # the long literal of <urn:ex:c> fails the pattern, and so do the IRIs <urn:ex:b>, <urn:ex:c>
        assert sorted(r.focus for r in report.results) == ["urn:ex:a", "urn:ex:b", "urn:ex:c"]
        assert {r.message for r in report.results} == {"a run of a"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_query_past_its_memory_limit_stops_with_a_limit_error(tmp_path: Path, engine: str, capfd: pytest.CaptureFixture[str]) -> None:
    kg = _graph(tmp_path, engine, "".join(f'<urn:ex:n{i}> <urn:ex:p> "{"a" * 200_000}{i}" .\n' for i in range(10)))
    query = "SELECT (CONCAT(?a, ?b, ?c, ?a, ?b) AS ?x) WHERE { ?s ?p ?a . ?t ?q ?b . ?u ?r ?c } ORDER BY ?x"  # 1,000 rows of 1 MB
    with pytest.raises(LimitError, match=r"the query needed more than 48 MiB of memory \(the memory limit\)"):
        kg.sparql(query, max_memory=48 * 2**20, timeout=60)
    assert capfd.readouterr().err == ""  # no allocator report from the worker


@pytest.mark.parametrize("engine", ENGINES)
def test_bounded_calls_answer_as_unbounded_ones(tmp_path: Path, engine: str) -> None:
    kg = _graph(tmp_path, engine)
    query = "SELECT ?s ?o WHERE { ?s <urn:ex:p> ?o } ORDER BY ?s"
    assert list(kg.sparql(query, timeout=30, max_memory=2**30)) == list(kg.sparql(query))
    assert kg.sparql(query, timeout=30)[0].s == kg.sparql(query)[0].s
    assert kg.export(format="trig", timeout=30) == kg.export(format="trig")
    assert str(kg.validate(timeout=30)) == str(kg.validate())
    output = tmp_path / "out.nq"
    assert kg.export(output=output, timeout=30) == output.read_text(encoding="utf-8")


def test_errors_inside_a_bounded_call_keep_their_type_and_details(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(kgost.EntityNotFoundError) as caught:
        kg.query("group-members", group="EXO-CXB", timeout=30)
    assert "EXO-CBX" in caught.value.candidates
    with pytest.raises(kgost.QuerySyntaxError) as syntax:
        kg.sparql("SELECT ?x WHERE {\n ?x ?y }", timeout=30)
    assert syntax.value.line == 2


def test_the_command_line_takes_timeout_and_max_memory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.nt"
    data.write_text("".join(f"<urn:ex:n{i}> <urn:ex:p> \"{i}\" .\n" for i in range(40)), encoding="utf-8")
    query = tmp_path / "join.rq"
    query.write_text(CROSS_JOIN, encoding="utf-8")
    for engine in ENGINES:
        code, out, err = _cli(capsys, "sparql", str(query), "--no-bundled", "--data", str(data), "--engine", engine, "--timeout", str(STOP))
        assert (code, out) == (2, "")
        assert err == f"LimitError: the query took longer than {STOP:g} s (the time limit); give a larger timeout (--timeout SECONDS), or ask for less\n"
    code, out, _ = _cli(capsys, "export", "--no-bundled", "--data", str(data), "--timeout", "30", "--max-memory", "1G", "--format", "nquads")
    assert code == 0 and out.count("\n") == 40
    code, _, err = _cli(capsys, "query", "group-members", "-p", "group=EXO-CBX", "-p", "timeout=1", "--timeout", "30")
    assert code == 2 and err.startswith("ParameterError: query 'group-members' has no parameter 'timeout'")
    with pytest.raises(SystemExit) as usage:
        main(["query", "group-members", "-p", "group=EXO-CBX", "--timeout", "0"])
    assert usage.value.code == 2 and "--timeout: '0' is not a positive number of seconds" in capsys.readouterr().err


def test_limits_change_nothing_in_the_calling_process_and_work_from_threads(tmp_path: Path) -> None:
    kg = _graph(tmp_path, "rdflib")
    before = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGINT)
    with pytest.raises(LimitError, match="memory limit"):
        run_bounded(lambda: bytearray(2**34), max_memory=64 * 2**20)
    assert (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGINT)) == before
    answers: list[object] = []
    threads = [threading.Thread(target=lambda: answers.append(len(kg.sparql("SELECT * WHERE { ?s ?p ?o }", timeout=30))))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [3, 3, 3, 3]


# ---- 11. XML entities ------------------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY secret SYSTEM "file:///etc/hostname">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:">
  <rdf:Description rdf:about="urn:ex:s"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
"""
LAUGHS = XXE.replace(
    '  <!ENTITY secret SYSTEM "file:///etc/hostname">\n',
    '  <!ENTITY lol "lol">\n' + "".join(f'  <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)),
).replace("&secret;", "&lol9;")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "entity", "line"), [(XXE, "secret", 3), (LAUGHS, "lol", 3)])
def test_xml_entity_declarations_are_refused_naming_file_and_line(tmp_path: Path, engine: str, text: str, entity: str, line: int) -> None:
    path = tmp_path / "entities.rdf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=f"the DTD declares the entity '{entity}'") as caught:
        run_bounded(lambda: kgost.load(path, bundled=False, store=engine), timeout=20)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_an_unknown_xml_encoding_is_a_parse_error_naming_it(tmp_path: Path) -> None:
    """Found by tests/test_fuzz_input.py: expat (and rdflib's parser after it) raised a bare LookupError."""
    path = tmp_path / "odd.rdf"
    path.write_text('<?xml version="1.0" encoding="tf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
                    encoding="utf-8")
    with pytest.raises(ParseError, match=rf"^{re.escape(str(path))}:1: the XML declaration names an unknown encoding: tf-8;") as error:
        kgost.load(path, bundled=False)
    assert error.value.line == 1


def test_a_dtd_without_entities_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "plain.rdf"
    path.write_text(XXE.replace('  <!ENTITY secret SYSTEM "file:///etc/hostname">\n', "").replace("&secret;", "text"), encoding="utf-8")
    assert [str(o) for _, _, o, _ in kgost.load(path, bundled=False).store.quads()] == ["text"]
