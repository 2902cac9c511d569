"""kgost.load's direct path (issue 10): N-Triples and N-Quads that Oxigraph loads itself into a
fresh store keep every guarantee of the quad-by-quad path (same quads, located errors, no
statement slipped into a bundled graph, blank nodes of each file apart, size limits)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode

import kgost
import kgost._graph
from kgost._namespace import DATA_IRI
from kgost._resources import data_files
from kgost.readwrite._io import read_rdf

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


@pytest.fixture
def direct(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What each call of the direct path answered (True: Oxigraph loaded the files itself)."""
    answers: list[bool] = []
    real = kgost._graph.load_direct

    def spy(*args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        answers.append(real(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(kgost._graph, "load_direct", spy)
    return answers


def test_oxigraph_loads_n_quads_itself_and_keeps_the_quads_of_the_usual_path(tmp_path: Path, direct: list[bool]) -> None:
    path = tmp_path / "mine.nq"
    path.write_text(
        f'<https://example.org/a> {LABEL} "A \\u00e9t\\u00e9"@EN .\n'
        "# a comment\n\n"
        '<https://example.org/a> <https://example.org/n> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <https://example.org/g> .\n'
        '<https://example.org/b> <https://example.org/p> <https://example.org/a> <https://example.org/g> .\n'
        '<https://example.org/snake_case> <https://example.org/p> "a (b) <c> d_e" .\n',  # no blank node, no triple term
        encoding="utf-8",
    )
    engine = kgost.load(path, store="oxigraph")
    assert direct == [True] and engine.files == [path]
    generic = kgost.load(path)  # rdflib's store: the quad-by-quad path
    lower = lambda text: re.sub(r'"@([A-Za-z0-9-]+)', lambda m: '"@' + m.group(1).lower(), text)  # noqa: E731
    # every quad but the ontology's blank nodes (labelled at random) is the same
    same = lambda kg: sorted(line for line in lower(kg.export(format="nquads", canonical=True)).splitlines() if "_:" not in line)  # noqa: E731
    assert same(engine) == same(generic) and engine.label("https://example.org/a") == "A été"
    assert len(engine) == len(generic)


@pytest.mark.parametrize("suffix", ["nt", "nq"])
def test_a_malformed_file_is_located_and_the_usual_error_given(tmp_path: Path, suffix: str, direct: list[bool]) -> None:
    path = tmp_path / f"bad.{suffix}"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n" * 2 + "<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(kgost.ParseError) as engine:
        kgost.load(path, store="oxigraph")
    with pytest.raises(kgost.ParseError) as generic:
        kgost.load(path)
    assert not any(direct) and str(engine.value) == str(generic.value)
    assert (engine.value.path, engine.value.line) == (str(path), 3)


def test_bad_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.nq"
    path.write_bytes(b'<urn:a> <urn:b> "ok" .\n<urn:a> <urn:b> "\xff" .\n')
    with pytest.raises(kgost.ParseError, match="not valid UTF-8") as info:
        kgost.load(path, store="oxigraph")
    assert info.value.line == 2


def test_a_byte_order_mark_is_not_content(tmp_path: Path) -> None:
    path = tmp_path / "bom.nt"
    path.write_bytes(b'\xef\xbb\xbf<urn:a> ' + LABEL.encode() + b' "A" .\n')
    assert kgost.load(path, store="oxigraph").label("urn:a") == "A"


def test_a_statement_slipped_into_a_bundled_graph_is_refused(tmp_path: Path) -> None:
    s, p, o, g = next(q for q in read_rdf(data_files()[0], graph=DATA_IRI) if q[3] != DATA_IRI)
    held, extra = tmp_path / "held.nq", tmp_path / "extra.nq"
    held.write_text(f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n", encoding="utf-8")
    extra.write_text(f'{s.n3()} {LABEL} "slipped in" {g.n3()} .\n', encoding="utf-8")
    kg = kgost.load(held, store="oxigraph")  # a statement the graph holds already may be repeated
    assert len(kg) == len(kgost.load(store="oxigraph"))
    for engine in ("oxigraph", "memory"):
        with pytest.raises(kgost.InputError, match=r"extra\.nq: adds 1 statement\(s\) to the graph"):
            kgost.load(extra, store=engine)


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    first, second = tmp_path / "one.nt", tmp_path / "two.nq"
    first.write_text(f'_:b {LABEL} "one" .\n', encoding="utf-8")
    second.write_text(f'_:b {LABEL} "two" <https://example.org/g> .\n', encoding="utf-8")
    kg = kgost.load(first, second, store="oxigraph")
    rows = kg.sparql_raw(f'SELECT DISTINCT ?s WHERE {{ ?s {LABEL} ?o FILTER(?o IN ("one", "two")) }}').rows
    assert len(rows) == 2 and all(isinstance(row[0], BNode) for row in rows)
    # skolemised as the store keeps blank nodes: each can be bound in a query
    found = {kg.sparql_raw(f"SELECT ?o WHERE {{ ?s {LABEL} ?o }}", bindings={"s": row[0]}).rows[0][0] for row in rows}
    assert {str(o) for o in found} == {"one", "two"}


def test_a_triple_term_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rdf12.nt"
    path.write_text("<urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> .\n", encoding="utf-8")
    with pytest.raises(kgost.ParseError, match="triple term"):
        kgost.load(path, store="oxigraph")


def test_the_size_limit_holds(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n" * 10, encoding="utf-8")
    with pytest.raises(kgost.LimitError, match="big.nt"):
        kgost.load(path, store="oxigraph", max_input_size=100)
    assert len(kgost.load(path, store="oxigraph", max_input_size=260, bundled=False)) == 1
