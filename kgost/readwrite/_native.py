"""Reading RDF files with Oxigraph's own parsers, for stores that take the engine's quads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kgost._errors import InputError, ParseError
from kgost._limits import DEFAULT_MAX_INPUT_SIZE
from kgost.querying._bindings import IRI_RULE
from kgost.readwrite._io import read_rdf_text

__all__ = ["NATIVE_FORMATS", "read_native"]

#: kgost's format names that Oxigraph parses itself -> pyoxigraph's ``RdfFormat`` member. JSON-LD
#: (read strictly by pyld, never fetching a context) and N3 (not RDF) keep rdflib's path.
NATIVE_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "nquads": "N_QUADS", "rdfxml": "RDF_XML"}

_LOCATED = re.compile(r"^Parser error at line (\d+) (?:between columns (\d+) and \d+|column (\d+))[^:]*: (.*)$", re.S)


def read_native(
    path: str | Path, *, graph: str, genid: str, format: str | None = None, max_size: int = DEFAULT_MAX_INPUT_SIZE
) -> list[Any]:
    """Parse one RDF file with Oxigraph's parser into pyoxigraph quads, ready for ``Store.extend``.

    The file passes the same checks as :func:`kgost.readwrite._io.read_rdf` first (a regular file
    within ``max_size``, UTF-8, no XML entities). Triples of the file's default graph go to the
    named graph ``graph``; blank nodes get fresh labels (``rename_blank_nodes``) and are
    skolemised as IRIs under ``genid``, as the store keeps them. Oxigraph checks every IRI
    (RFC 3987, stricter than kgost's own rule); a bad one is reported as the rdflib path reports
    it, an ``InputError`` naming the IRI. Nothing is returned unless the
    whole file parses; a syntax error is a ``ParseError`` with Oxigraph's line and column.

    Parameters
    ----------
    path
        The file.
    graph
        The IRI of the file's own named graph.
    genid
        Where skolemised blank nodes live (:data:`kgost.stores._base.GENID`).
    format
        kgost's name of the format (:data:`NATIVE_FORMATS`); default from the extension.
    max_size
        The largest file to read, in bytes.

    Returns
    -------
    list of pyoxigraph.Quad

    Raises
    ------
    InputError, LimitError, ParseError
        As :func:`kgost.readwrite._io.read_rdf`; also an IRI kgost refuses, as an ``InputError``.
    """
    import pyoxigraph as ox

    path, name, text = read_rdf_text(path, format=format, max_size=max_size)
    try:
        parsed = ox.parse(
            text.encode("utf-8"), getattr(ox.RdfFormat, NATIVE_FORMATS[name]),
            base_iri=path.resolve().as_uri(), rename_blank_nodes=True,
        )
        quads = list(parsed)
    except SyntaxError as exc:
        error = _parse_error(exc, path=path, format=name, text=text)
        if isinstance(error, ParseError):
            _rdflib_error(path, format=name, max_size=max_size)  # the same words and place on every engine
        raise error from None
    except (ValueError, OSError) as exc:
        raise ParseError(f"cannot parse as {name}: {' '.join(str(exc).split())}", path=path) from None
    return _engine_quads(ox, quads, own=ox.NamedNode(graph), genid=genid, path=path)


def _engine_quads(ox: Any, quads: list[Any], *, own: Any, genid: str, path: Path) -> list[Any]:
    """Quads with the default graph named ``own`` and blank nodes as skolem IRIs; triple terms
    (RDF 1.2) refused. Only the quads that change are built again."""
    named, blank, triple, make = ox.NamedNode, ox.BlankNode, ox.Triple, ox.Quad
    skolem: dict[str, Any] = {}

    def term(t: Any) -> Any:
        if type(t) is blank:
            found = skolem.get(t.value)
            if found is None:
                found = skolem[t.value] = named(genid + t.value)
            return found
        if type(t) is triple:
            raise ParseError("a triple term (RDF 1.2) is not RDF 1.1, which kgost reads", path=path)
        return t

    out = []
    append = out.append
    for quad in quads:
        s, o, g = quad.subject, quad.object, quad.graph_name
        if type(g) is named and type(s) is named and type(o) is not blank and type(o) is not triple:
            append(quad)
        else:
            append(make(term(s), quad.predicate, term(o), term(g) if type(g) is not ox.DefaultGraph else own))
    return out


def _rdflib_error(path: Path, *, format: str, max_size: int) -> None:
    """Raise the error kgost's rdflib path gives for a file Oxigraph refused, if it gives one.

    The file is malformed, so the work is spent once, on the way to an error; kgost's messages
    (what is missing, which term is not RDF, where) then read the same on every engine. A file
    only Oxigraph refuses keeps Oxigraph's error."""
    from kgost.readwrite._io import read_rdf

    read_rdf(path, format=format, max_size=max_size)


def _parse_error(exc: SyntaxError, *, path: Path, format: str, text: str) -> InputError:
    """Oxigraph's ``SyntaxError`` as kgost's ``ParseError`` at the same line and column; a bad
    IRI as the ``InputError`` the rdflib path gives (naming the IRI)."""
    message = " ".join(str(exc.msg or exc).split())
    located = _LOCATED.match(message)
    why = re.sub(r" \(line \d+\)$", "", located.group(4) if located else message)
    line, column = exc.lineno or None, exc.offset or None
    if why.startswith("Invalid IRI") and line is not None and column is not None:
        iri = _iri_at(text, line, column, getattr(exc, "end_offset", None), base=path.resolve().as_uri())
        if iri is not None:
            return InputError(f"{path}: {iri!r} is not a valid IRI: {IRI_RULE}")
    return ParseError(f"bad {format} syntax: {why}", path=path, line=line, column=column)


def _iri_at(text: str, line: int, column: int, end: int | None, *, base: str) -> str | None:
    """The IRI written ``<...>`` at a place of ``text`` (escapes expanded, resolved against
    ``base``), or ``None`` when the place holds something else."""
    from urllib.parse import urljoin

    lines = text.split("\n")
    if line > len(lines) or end is None:
        return None
    written = lines[line - 1][column - 1 : end - 1]
    if not (written.startswith("<") and written.endswith(">")):
        return None
    inner = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), written[1:-1])
    return inner if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", inner) else urljoin(base, inner)
