"""Writers of SELECT/ASK results: W3C SPARQL JSON, XML, CSV, TSV, Markdown and terminal tables."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgost._errors import ExportError
from kgost._namespace import compactor
from kgost._types import Term

__all__ = ["write_json", "write_xml", "write_csv", "write_tsv", "write_markdown", "write_table"]


class QueryResult(Protocol):
    """What the writers read of a ``kgost.QueryResult`` (a protocol: ``_results`` imports this
    module, not the reverse)."""

    kind: str
    boolean: bool | None
    variables: Sequence[str]
    terms: Sequence[Sequence[Term | None]]
    prefixes: Mapping[str, str]

_SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_json(result: QueryResult, *, compact: bool = False) -> str:
    """W3C "SPARQL 1.1 Query Results JSON Format"; with ``compact``, IRI values are compact IRIs
    (``person:chen``) as the table shows them (for people and scripts, not SPARQL clients).

    Examples
    --------
    >>> import kgost
    >>> result = kgost.load().sparql("SELECT ?name WHERE { person:chanyeol kgost:name ?name }")
    >>> print(write_json(result))
    {
      "head": {
        "vars": [
          "name"
        ]
      },
      "results": {
        "bindings": [
          {
            "name": {
              "type": "literal",
              "value": "Chanyeol"
            }
          }
        ]
      }
    }
    """
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2)
    _require_table(result, "json")
    shorten = _shortener(result) if compact else None
    bindings = [
        {var: _json_term(term, shorten) for var, term in zip(result.variables, row) if term is not None}
        for row in result.terms
    ]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)


def write_xml(result: QueryResult) -> str:
    """W3C "SPARQL Query Results XML Format (Second Edition)"."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">\n'
    if result.kind == "ask":
        return head + f"  <head/>\n  <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n"
    _require_table(result, "xml")
    lines = [head + "  <head>"]
    lines += [f"    <variable name={_attr(v)}/>" for v in result.variables]
    lines += ["  </head>", "  <results>"]
    for row in result.terms:
        lines.append("    <result>")
        for var, term in zip(result.variables, row):
            if term is not None:
                lines.append(f"      <binding name={_attr(var)}>{_xml_term(term)}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>", ""]
    return "\n".join(lines)


def write_csv(result: QueryResult, *, compact: bool = False) -> str:
    """W3C "SPARQL 1.1 Query Results CSV": lexical forms, no types, CRLF line ends; with
    ``compact``, IRIs as compact IRIs (``person:chen``), as the table shows them."""
    _require_table(result, "csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    shorten = _shortener(result)
    for row in result.terms:
        writer.writerow(["" if t is None else _cell(t, shorten) if compact else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buffer.getvalue()


def write_tsv(result: QueryResult) -> str:
    """W3C "SPARQL 1.1 Query Results TSV": ``?var`` header, terms in SPARQL/Turtle syntax."""
    _require_table(result, "tsv")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else _sparql_term(t) for t in row) for row in result.terms]
    return "\n".join(lines) + "\n"


def write_markdown(result: QueryResult) -> str:
    """A GitHub Markdown table (IRIs shortened); an ASK result is ``true`` or ``false``."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    _require_table(result, "md")
    shorten = _shortener(result)
    cells = [[_cell(t, shorten).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") for t in row] for row in result.terms]
    lines = ["| " + " | ".join(result.variables) + " |", "|" + "|".join(" --- " for _ in result.variables) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines) + "\n"


def write_table(result: QueryResult, *, max_width: int = 60) -> str:
    """An aligned text table for the terminal (IRIs shortened, cells longer than ``max_width``
    cut with "…", as the footer then says; ``max_width`` 0: no limit).

    Examples
    --------
    >>> import kgost
    >>> print(kgost.load().query("chart-entries").to_table(), end="")
    title              performerName  chartName                     position
    -----------------  -------------  ----------------------------  --------
    Christmas Tree     V              Billboard Digital Song Sales         1
    Don’t Cry My Love  Cha Eunwoo     worldwide iTunes chart              15
    (2 rows)
    """
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    _require_table(result, "table")
    header = list(result.variables)
    if max_width < 0:
        raise ExportError(f"a table width is a number of characters, 0 for no limit, not {max_width}")
    shorten = _shortener(result)
    full = [[" ".join(_cell(t, shorten).split()) for t in row] for row in result.terms]
    rows = [[_clip(c, max_width) if max_width else c for c in row] for row in full]
    cut = sum(a != b for f, r in zip(full, rows) for a, b in zip(f, r))
    numeric = [all(_is_number(r[i]) for r in result.terms) and bool(result.terms) for i in range(len(header))]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = [_pad(c, w, right=n) for c, w, n in zip(cells, widths, numeric)]
        return "  ".join(padded).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows]
    note = f"; {cut} value{' was' if cut == 1 else 's were'} cut at {max_width} characters (…): --width N to widen, 0 for no limit" if cut else ""
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'}{note})")
    return "\n".join(out) + "\n"


# ---- helpers -------------------------------------------------------------------------------


def _require_table(result: QueryResult, format: str) -> None:
    if result.kind != "select":
        what = "an ASK" if result.kind == "ask" else "a graph"
        hint = "json, xml, table or md" if result.kind == "ask" else "turtle, nt or jsonld"
        raise ExportError(f"{what} result cannot be written as {format!r}; use {hint}")


def _json_term(term: Term, shorten: Callable[[str], str] | None = None) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": shorten(str(term)) if shorten is not None else str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_text(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_text(str(term))}</bnode>"
    if term.language:
        return f"<literal xml:lang={_attr(term.language)}>{_text(str(term))}</literal>"
    if term.datatype is not None:
        return f"<literal datatype={_attr(str(term.datatype))}>{_text(str(term))}</literal>"
    return f"<literal>{_text(str(term))}</literal>"


def _text(value: str) -> str:
    if _NOT_XML.search(value):
        raise ExportError(f"{value!r} holds a control character that XML 1.0 cannot carry; use json, csv or tsv")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    return '"' + _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


_NUMERIC = {XSD.integer, XSD.decimal, XSD.double}
_BARE_NUMBER = {
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?\d*\.\d+"),
    XSD.double: re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+"),
}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _sparql_term(term: Term) -> str:
    """A term as the TSV format wants it: ``<iri>``, ``_:b``, ``"text"@en``, ``1``, ``"x"^^<dt>``."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lexical = str(term)
    bare = _BARE_NUMBER.get(term.datatype)
    if bare is not None and bare.fullmatch(lexical) and (term.datatype == XSD.integer or lexical[0] != "-"):
        # Turtle's short form; negative decimals and doubles keep the long form, which rdflib's
        # TSV reader (up to 7.6 at least) fails to read in the short one.
        return lexical
    quoted = '"' + "".join(_ESCAPES.get(c, c) for c in lexical) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype is not None:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _shortener(result: QueryResult) -> Callable[[str], str]:
    """How the result shows an IRI: compact, with its prefixes (the graph's; kgost's by default)."""
    return compactor(getattr(result, "prefixes", None))


def _cell(term: Term | None, shorten: Callable[[str], str] = compactor()) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _is_number(term: Any) -> bool:
    return isinstance(term, Literal) and term.datatype in _NUMERIC | {XSD.int, XSD.long, XSD.float, XSD.gYear}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    while _width(text) > width - 1:
        text = text[:-1]
    return text + "…"
