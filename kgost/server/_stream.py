"""Results as a stream of text chunks: SELECT/ASK in the W3C formats, graphs in RDF formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from rdflib import BNode, Literal  # noqa: F401 (Literal: the examples)

from kgost._errors import ExportError
from kgost.querying._writers import _NOT_XML, _SPARQL_RESULTS_NS, _attr, _json_term, _sparql_term, _xml_term
from kgost.readwrite._export import _serialize
from kgost.readwrite._nquads import canonical_quads
from kgost.server._negotiate import QUAD_FORMATS
from kgost.stores._base import RawResult
from kgost._types import Term

__all__ = ["stream_result", "write_quads", "CHUNK_ROWS"]

#: Rows written per chunk of a streamed SELECT result.
CHUNK_ROWS = 500


def stream_result(raw: RawResult, format: str) -> Iterator[str]:
    """The result in ``format`` as chunks of text, row by row for SELECT results.

    The W3C formats are written as kgost's writers (``kgost.querying._writers``) write them, with
    their term helpers, but a chunk at a time: a large result is never one string (hand-written
    because those writers, like rdflib's, return the whole text). Graph results are written
    whole by the export writers (sorted, kgost's prefixes), in one chunk.

    Raises
    ------
    ExportError
        The result cannot take ``format`` (an ASK result as CSV, a control character in XML);
        raised before the first chunk.

    Examples
    --------
    >>> raw = RawResult("select", ("n",), [(Literal("a,b"),), (None,)])
    >>> "".join(stream_result(raw, "csv"))
    'n\\r\\n"a,b"\\r\\n""\\r\\n'
    >>> "".join(stream_result(RawResult("ask", boolean=True), "json"))
    '{"head": {}, "boolean": true}\\n'
    """
    if raw.kind == "graph":
        return iter([_graph_text(raw, format)])
    if raw.kind == "ask":
        if format == "json":
            return iter([json.dumps({"head": {}, "boolean": bool(raw.boolean)}) + "\n"])
        if format == "xml":
            value = "true" if raw.boolean else "false"
            return iter([f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">\n'
                         f"  <head/>\n  <boolean>{value}</boolean>\n</sparql>\n"])
        raise ExportError(f"an ASK result cannot be written as {format!r}; use json or xml")
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}.get(format)
    if writer is None:
        raise ExportError(f"a SELECT result cannot be written as {format!r}; use json, xml, csv or tsv")
    if format == "xml":
        _check_xml(raw)
    return writer(raw)


def _json(raw: RawResult) -> Iterator[str]:
    head = json.dumps({"vars": list(raw.variables)}, ensure_ascii=False)
    yield f'{{"head": {head}, "results": {{"bindings": [\n'
    first = True
    for chunk in _chunks(raw.rows):
        lines = []
        for row in chunk:
            binding = {v: _json_term(t) for v, t in zip(raw.variables, row) if t is not None}
            lines.append(("" if first else ",\n") + json.dumps(binding, ensure_ascii=False))
            first = False
        yield "".join(lines)
    yield "\n]}}\n"


def _xml(raw: RawResult) -> Iterator[str]:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">', "  <head>"]
    lines += [f"    <variable name={_attr(v)}/>" for v in raw.variables]
    lines += ["  </head>", "  <results>"]
    yield "\n".join(lines) + "\n"
    for chunk in _chunks(raw.rows):
        out = []
        for row in chunk:
            out.append("    <result>\n")
            out += [f"      <binding name={_attr(v)}>{_xml_term(t)}</binding>\n" for v, t in zip(raw.variables, row) if t is not None]
            out.append("    </result>\n")
        yield "".join(out)
    yield "  </results>\n</sparql>\n"


def _csv(raw: RawResult) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(raw.variables)
    for chunk in _chunks(raw.rows):
        writer.writerows(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row] for row in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _tsv(raw: RawResult) -> Iterator[str]:
    yield "\t".join(f"?{v}" for v in raw.variables) + "\n"
    for chunk in _chunks(raw.rows):
        yield "".join("\t".join("" if t is None else _sparql_term(t) for t in row) + "\n" for row in chunk)


def _chunks(rows: list) -> Iterator[list]:  # type: ignore[type-arg]
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start:start + CHUNK_ROWS]


def _check_xml(raw: RawResult) -> None:
    """Refuse, before the first chunk, a value XML 1.0 cannot carry (the writer would fail mid-stream)."""
    for row in raw.rows:
        for term in row:
            if term is not None and _NOT_XML.search(str(term)):
                raise ExportError(f"{str(term)!r} holds a control character that XML 1.0 cannot carry; use json, csv or tsv")


def _graph_text(raw: RawResult, format: str) -> str:
    return write_quads(((s, p, o, None) for s, p, o in (raw.graph or ())), format)


def write_quads(quads: Iterable[tuple[Term, Term, Term, Term | None]], format: str) -> str:
    """Quads in an RDF format by the export writers (sorted, kgost's prefixes and JSON-LD context);
    a format without named graphs (Turtle, N-Triples, RDF/XML) gets each triple once."""
    if format not in QUAD_FORMATS:
        quads = {(s, p, o, None) for s, p, o, _ in quads}
    return _serialize(format, canonical_quads(quads), frame=None, schema=False, canonical=False)
