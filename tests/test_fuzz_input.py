"""Property test (issue 8): random bytes and mutated real files, in every format, load or raise a located KgostError."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgost
from kgost import KgostError, ParseError
from kgost.readwrite._io import RDF_FORMATS, read_rdf

FORMATS = sorted(RDF_FORMATS)
#: Small inputs: the property is about the kind of error, and another part of kgost bounds time and size.
MAX_BYTES = 600
SETTINGS = settings(max_examples=int(os.environ.get("KGOST_FUZZ_EXAMPLES", "25")), deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
INSERTS = [b'"', b"'", b'"""', b"<", b">", b"{", b"}", b"[", b"]", b"(", b")", b"\\", b"\\u", b"@", b"^^", b"_:", b".", b";", b",",
           b"#", b"\n", b"\r", b"\x00", b"\xff", b"&", b"<!ENTITY", b":", b"?x", b"=>", b"1e400", b"9" * 40]


@lru_cache(maxsize=None)
def _real_text(fmt: str) -> bytes:
    """The bundled graph's own data, exported in ``fmt`` (Turtle's text stands for N3 too)."""
    kg = _bundled()
    if fmt in ("trig", "nquads", "jsonld"):
        text = kg.export(format=fmt)
    else:
        text = kg.export(format={"n3": "turtle"}.get(fmt, fmt), graph="s:e01-2")
    return text.encode("utf-8")


@lru_cache(maxsize=1)
def _bundled() -> kgost.KnowledgeGraph:
    return kgost.load()


@st.composite
def _mutated(draw: st.DrawFn, fmt: str) -> bytes:
    """A piece of real text, cut at a random place, with a few flipped, inserted or deleted bytes."""
    real = _real_text(fmt)
    start = draw(st.sampled_from([0, 0, draw(st.integers(0, len(real) - 1))]))
    data = bytearray(real[start : start + draw(st.integers(0, MAX_BYTES))])
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "delete"]))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        else:
            del data[at : at + draw(st.integers(1, 8))]
    return bytes(data)


def _check(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{RDF_FORMATS[fmt][1][0]}"
        path.write_bytes(data)
        try:
            read_rdf(path, format=fmt)
        except ParseError as exc:  # a malformed file: the error says where, in one line
            assert exc.path == str(path) and exc.line is not None, str(exc)
            assert str(exc).startswith(f"{path}:{exc.line}") and "\n" not in str(exc), str(exc)
        except KgostError:
            pass  # e.g. an InputError: still a clear, deliberate error


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.binary(max_size=MAX_BYTES))
def test_random_bytes_load_or_raise_a_kgost_error(fmt: str, data: bytes) -> None:
    _check(fmt, data)


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.data())
def test_mutated_real_files_load_or_raise_a_kgost_error(fmt: str, data: st.DataObject) -> None:
    _check(fmt, data.draw(_mutated(fmt)))
