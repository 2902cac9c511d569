"""Results written as they are produced: SELECT/ASK in the W3C formats, graphs in RDF formats, rows counted."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from rdflib import BNode, Literal  # noqa: F401 (Literal: the examples)

from kgost._errors import ExportError, LimitError
from kgost._namespace import PREFIXES
from kgost.querying._writers import _SPARQL_RESULTS_NS, _attr, _json_term, _sparql_term, _xml_term
from kgost.readwrite._export import _serialize
from kgost.readwrite._nquads import canonical_quads
from kgost.server._negotiate import QUAD_FORMATS
from kgost.stores._base import GENID, RawResult
from kgost.stores._lazy import LazyResult
from kgost._types import Term

__all__ = ["write_result", "write_quads", "CHUNK_ROWS"]

#: Rows written per chunk of a SELECT result.
CHUNK_ROWS = 500


def write_result(result: LazyResult | RawResult, format: str, out: IO[bytes], *, max_rows: int, what: str = "the query") -> int:
    """Write ``result`` in ``format`` to ``out`` as its rows come from the engine; return the
    rows (or triples) written.

    SELECT rows are pulled one at a time and written a chunk of :data:`CHUNK_ROWS` at a time, as
    kgost's writers (``kgost.querying._writers``) write them, with their term helpers
    (hand-written: those writers, like rdflib's and pyoxigraph's ``QuerySolutions.serialize``,
    write a whole result at once, and the row limit must stop a result at its ``max_rows + 1``-th
    row, not after it is all written). pyoxigraph's serializer would also write Oxigraph's skolem
    IRIs where kgost gives blank nodes. A graph from Oxigraph (``triples``) is written by
    Oxigraph's own streaming writer (``pyoxigraph.serialize``) as the triples come, counted on
    the way; a graph from rdflib (built whole by rdflib) by the export writers (sorted, kgost's
    prefixes).

    Parameters
    ----------
    result
        The answer (:meth:`kgost.stores.RdflibStore.query_lazy` and the like; a whole
        :class:`~kgost.stores.RawResult` is taken too).
    format
        One of :data:`~kgost.server._negotiate.RESULT_FORMATS` (SELECT; ``json`` or ``xml`` for
        ASK) or :data:`~kgost.server._negotiate.GRAPH_FORMATS`.
    out
        A binary file the UTF-8 text goes to.
    max_rows
        Rows (triples) past which the writing stops with a ``LimitError``.
    what
        What the result answers, for the messages.

    Returns
    -------
    int
        Rows or triples written (0 for ASK).

    Raises
    ------
    LimitError
        The result has more than ``max_rows`` rows or triples; ``out`` then holds part of it.
    ExportError
        The result cannot take ``format`` (an ASK result as CSV, a control character in XML).

    Examples
    --------
    >>> out = io.BytesIO()
    >>> write_result(RawResult("select", ("n",), [(Literal("a,b"),), (None,)]), "csv", out, max_rows=10)
    2
    >>> out.getvalue()
    b'n\\r\\n"a,b"\\r\\n""\\r\\n'
    >>> write_result(RawResult("select", ("n",), [(Literal("a"),), (Literal("b"),)]), "csv", io.BytesIO(), max_rows=1)
    Traceback (most recent call last):
    ...
    kgost.LimitError: the query gave more rows than the server's limit of 1 (--max-rows); ask for less (LIMIT, a narrower pattern)
    """
    if isinstance(result, RawResult):
        result = result.lazy()
    if result.kind == "ask":
        out.write(_ask_text(bool(result.boolean), format).encode("utf-8"))
        return 0
    if result.kind == "graph":
        if result.triples is not None:
            return _engine_graph(result.triples, format, out, max_rows, what)
        graph = result.graph if result.graph is not None else ()
        size = len(graph)  # type: ignore[arg-type]
        if size > max_rows:
            raise _too_many("triples", max_rows, what)
        out.write(write_quads(((s, p, o, None) for s, p, o in graph), format).encode("utf-8"))
        return size
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}.get(format)
    if writer is None:
        raise ExportError(f"a SELECT result cannot be written as {format!r}; use json, xml, csv or tsv")
    counted = _Counted(result.rows, max_rows, what)
    for text in writer(result.variables, counted):
        out.write(text.encode("utf-8"))
    return counted.count


def write_quads(quads: Iterable[tuple[Term, Term, Term, Term | None]], format: str) -> str:
    """Quads in an RDF format by the export writers (sorted, kgost's prefixes and JSON-LD context);
    a format without named graphs (Turtle, N-Triples, RDF/XML) gets each triple once."""
    if format not in QUAD_FORMATS:
        quads = {(s, p, o, None) for s, p, o, _ in quads}
    return _serialize(format, canonical_quads(quads), frame=None, schema=False, canonical=False)


# ---- helpers -------------------------------------------------------------------------------


class _Counted:
    """Rows passed on one at a time and counted; the one past ``most`` stops with a ``LimitError``."""

    def __init__(self, rows: Iterator[tuple[Term | None, ...]], most: int, what: str) -> None:
        self.rows, self.most, self.what, self.count = rows, most, what, 0

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        for row in self.rows:
            if self.count >= self.most:
                raise _too_many("rows", self.most, self.what)
            self.count += 1
            yield row


def _too_many(unit: str, most: int, what: str) -> LimitError:
    return LimitError(f"{what} gave more {unit} than the server's limit of {most} (--max-rows);"
                      " ask for less (LIMIT, a narrower pattern)")


def _ask_text(answer: bool, format: str) -> str:
    if format == "json":
        return json.dumps({"head": {}, "boolean": answer}) + "\n"
    if format == "xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">\n'
                f"  <head/>\n  <boolean>{'true' if answer else 'false'}</boolean>\n</sparql>\n")
    raise ExportError(f"an ASK result cannot be written as {format!r}; use json or xml")


def _json(variables: tuple[str, ...], rows: Iterable[tuple[Term | None, ...]]) -> Iterator[str]:
    head = json.dumps({"vars": list(variables)}, ensure_ascii=False)
    yield f'{{"head": {head}, "results": {{"bindings": [\n'
    first = True
    for chunk in _chunks(rows):
        lines = []
        for row in chunk:
            binding = {v: _json_term(t) for v, t in zip(variables, row) if t is not None}
            lines.append(("" if first else ",\n") + json.dumps(binding, ensure_ascii=False))
            first = False
        yield "".join(lines)
    yield "\n]}}\n"


def _xml(variables: tuple[str, ...], rows: Iterable[tuple[Term | None, ...]]) -> Iterator[str]:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">', "  <head>"]
    lines += [f"    <variable name={_attr(v)}/>" for v in variables]
    lines += ["  </head>", "  <results>"]
    yield "\n".join(lines) + "\n"
    for chunk in _chunks(rows):
        out = []
        for row in chunk:
            out.append("    <result>\n")
            out += [f"      <binding name={_attr(v)}>{_xml_term(t)}</binding>\n" for v, t in zip(variables, row) if t is not None]
            out.append("    </result>\n")
        yield "".join(out)
    yield "  </results>\n</sparql>\n"


def _csv(variables: tuple[str, ...], rows: Iterable[tuple[Term | None, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for chunk in _chunks(rows):
        writer.writerows(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row] for row in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _tsv(variables: tuple[str, ...], rows: Iterable[tuple[Term | None, ...]]) -> Iterator[str]:
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for chunk in _chunks(rows):
        yield "".join("\t".join("" if t is None else _sparql_term(t) for t in row) + "\n" for row in chunk)


def _chunks(rows: Iterable[tuple[Term | None, ...]]) -> Iterator[list[tuple[Term | None, ...]]]:
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield chunk


def _engine_graph(triples: Iterator[Any], format: str, out: IO[bytes], most: int, what: str) -> int:
    """Oxigraph's triples written by Oxigraph's own streaming writer as they come, counted, skolem
    IRIs written back as blank nodes (what :meth:`OxigraphStore.query` gives); a format with
    named graphs gets them in its default graph."""
    import pyoxigraph as ox

    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                  "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}.get(format)
    if rdf_format is None:
        raise ExportError(f"a graph cannot be written as {format!r}; use turtle, nt, jsonld, rdfxml, trig or nquads")
    count = 0

    def plain(term: Any) -> Any:
        if isinstance(term, ox.NamedNode) and term.value.startswith(GENID):
            return ox.BlankNode(term.value[len(GENID):])
        return term

    def items() -> Iterator[Any]:
        nonlocal count
        default = ox.DefaultGraph()
        quads = rdf_format.supports_datasets
        for triple in triples:
            if count >= most:
                raise _too_many("triples", most, what)
            count += 1
            s, p, o = plain(triple.subject), triple.predicate, plain(triple.object)
            yield ox.Quad(s, p, o, default) if quads else ox.Triple(s, p, o)

    try:
        ox.serialize(items(), out, rdf_format, prefixes=PREFIXES)
    except ValueError as exc:  # a triple the format cannot carry (RDF/XML: a predicate without a local name)
        raise ExportError(f"the graph cannot be written as {format!r}: {' '.join(str(exc).split())}") from None
    return count
