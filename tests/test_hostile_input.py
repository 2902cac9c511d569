"""Hostile input files (issue 8, items 7, 8, 12): every failure is a located ParseError, on every engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

import kgost
from kgost import ParseError
from kgost.cli._main import main
from kgost.readwrite._io import read_rdf

ENGINES = ("rdflib", "oxigraph")
PREFIX = "@prefix e: <https://example.org/> .\n"
EXT = {"turtle": ".ttl", "trig": ".trig", "n3": ".n3"}

# (what, text after the prefix line, line, column): the place the error must name
TRUNCATED = [
    ("no final dot", "e:a e:b e:c", 2, 9),
    ("unterminated string at the end", 'e:a e:b "abc', 2, 9),
    ("unterminated long string at the end", 'e:a e:b """abc', 2, 9),
    ("unterminated single-quoted string", "e:a e:b 'abc", 2, None),  # N3 has no single quotes: another error
    ("open list", "e:a e:b (", 2, 9),
    ("empty blank node label at the end", "e:a e:b _:", 2, 9),
    ("missing datatype at the end", 'e:a e:b "x"^^', 2, None),
    ("missing datatype", 'e:a e:b "x"^^ .', 2, None),
    ("language tag at the end", 'e:a e:b "x"@en', 2, 9),
    ("number at the end", "e:a e:b 12", 2, 9),
    ("second statement cut", "e:a e:b e:c .\ne:d e:e", 3, None),
]


@pytest.mark.parametrize("fmt", sorted(EXT))
@pytest.mark.parametrize(("what", "body", "line", "column"), TRUNCATED, ids=[t[0] for t in TRUNCATED])
def test_truncated_turtle_family_names_file_line_and_column(tmp_path: Path, fmt: str, what: str, body: str, line: int, column: int | None) -> None:
    path = tmp_path / f"cut{EXT[fmt]}"
    path.write_text(PREFIX + body, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_rdf(path)
    error = info.value
    assert (error.path, error.line) == (str(path), line), str(error)
    assert error.column is not None and (column is None or error.column == column), str(error)
    assert "index out of range" not in str(error) and "Quote expected" not in str(error)
    assert "\n" not in str(error)


def test_truncated_turtle_says_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "cut.ttl"
    path.write_text(PREFIX + "e:a e:b e:c", encoding="utf-8")
    with pytest.raises(ParseError, match=r"cut\.ttl:2:9: .*the file ends inside this statement .*final '\.'"):
        read_rdf(path)
    path.write_text(PREFIX + 'e:a e:b "abc', encoding="utf-8")
    with pytest.raises(ParseError, match=r"cut\.ttl:2:9: .*unterminated string"):
        read_rdf(path)


def test_column_counts_characters_not_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "korean.ttl"
    path.write_text(PREFIX + 'e:d e:e "한국어" , e:x e:y .\n', encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_rdf(path)
    assert (info.value.line, info.value.column) == (2, 21)  # e:y, after three 3-byte characters


NOT_RDF = [
    ("formula as subject", ".n3", "{ e:a e:b e:c } e:says e:d .", "N3 formula", "subject", 2, 1),
    ("formula as object", ".n3", "e:a e:says { e:c e:d e:e } .", "N3 formula", "object", 2, 12),
    ("rule", ".n3", "{ ?x e:b e:c } => { ?x e:d e:e } .", "N3 formula", "subject", 2, 1),
    ("variable", ".n3", "?x e:b e:c .", "variable ?x", "subject", 2, 1),
    ("universal", ".n3", "@forAll e:x .\ne:x e:b e:c .", "variable", "subject", 2, 1),
    ("variable in a list", ".n3", "e:a e:b ( 1 ?y ) .", "variable ?y", "object", 2, 13),
    ("literal subject", ".n3", '"lit" e:b e:c .', 'literal "lit"', "subject", 2, 1),
    ("literal predicate", ".n3", 'e:a "p" e:c .', 'literal "p"', "predicate", 2, 5),
    ("number subject", ".n3", "1 e:b e:c .", 'literal "1"', "subject", 2, 1),
    ("boolean predicate", ".n3", "e:a true e:c .", 'literal "true"', "predicate", 2, 5),
    ("literal subject in Turtle", ".ttl", '"lit" e:b e:c .', 'literal "lit"', "subject", 2, 1),
    ("literal predicate in Turtle", ".ttl", 'e:a "p" e:c .', 'literal "p"', "predicate", 2, 5),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("what", "ext", "body", "term", "role", "line", "column"), NOT_RDF, ids=[c[0] for c in NOT_RDF])
def test_terms_that_are_not_rdf_are_refused_at_read_time(
    tmp_path: Path, engine: str, what: str, ext: str, body: str, term: str, role: str, line: int, column: int
) -> None:
    path = tmp_path / f"n3-only{ext}"
    path.write_text(PREFIX + body + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        kgost.load(path, bundled=False, store=engine)
    message = str(info.value)
    assert term in message and f"as {role} is not RDF 1.1" in message, message
    assert (info.value.line, info.value.column) == (line, column), message


@pytest.mark.parametrize("engine", ENGINES)
def test_cli_export_of_n3_formulas_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str) -> None:
    path = tmp_path / "formula.n3"
    path.write_text(PREFIX + "{ e:a e:b e:c } e:says e:d .\n", encoding="utf-8")
    assert main(["export", "--no-bundled", "--data", str(path), "--engine", engine]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"ParseError: {path}:2:1: an N3 formula") and err.count("\n") == 1


def test_plain_n3_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "plain.n3"
    path.write_text(PREFIX + "e:a e:b e:c ; e:d [ e:f 1 ] , ( 1 2 ) .\n", encoding="utf-8")
    assert len(read_rdf(path)) == 8


BIG = "9" * 5000


@pytest.mark.parametrize("engine", ENGINES)
def test_jsonld_export_of_an_integer_of_5000_digits(tmp_path: Path, engine: str) -> None:
    source = tmp_path / "big.ttl"
    source.write_text(PREFIX + f'e:a e:b "{BIG}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8")
    kg = kgost.load(source, bundled=False, store=engine)
    text = kg.export(format="jsonld", output=tmp_path / "big.jsonld")
    assert BIG in text
    # read back by rdflib's own JSON-LD parser (another implementation), and by kgost
    again = rdflib.Dataset().parse(data=text, format="json-ld")
    [value] = [o for _, _, o, _ in again.quads()]
    assert str(value) == BIG and value.datatype == rdflib.XSD.integer
    [quad] = read_rdf(tmp_path / "big.jsonld")
    assert str(quad[2]) == BIG


def test_reading_a_jsonld_number_of_5000_digits_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonld"
    path.write_text(json.dumps({"@id": "https://e.org/a"})[:-1] + f',\n  "https://e.org/b": {BIG}}}', encoding="utf-8")
    with pytest.raises(ParseError, match=r"big\.jsonld:2:22: a JSON number of 5000 digits") as info:
        read_rdf(path)
    assert "set_int_max_str_digits" not in str(info.value)


def test_reading_a_turtle_integer_of_5000_digits_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(PREFIX + f"e:a e:b {BIG} .\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"big\.ttl:2:9: .*more digits than Python converts") as info:
        read_rdf(path)
    assert "set_int_max_str_digits" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [('{"@context": {"@version": 2}}', 1, 15), ('{"@context": [{"@import": "x.jsonld"}]}', 1, 16)],
)
def test_jsonld_context_errors_have_a_place(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = tmp_path / "ctx.jsonld"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_rdf(path)
    assert (info.value.line, info.value.column) == (line, column), str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_file_is_located_on_every_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str) -> None:
    path = tmp_path / "cut.trig"
    path.write_text(PREFIX + "e:g { e:a e:b e:c . e:a e:b", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        kgost.load(path, bundled=False, store=engine)
    assert (info.value.line, info.value.column) == (2, 25) and "the file ends inside" in str(info.value), str(info.value)
    assert main(["stats", "--no-bundled", "--data", str(path), "--engine", engine]) == 2
    assert capsys.readouterr().err == f"ParseError: {info.value}\n"
