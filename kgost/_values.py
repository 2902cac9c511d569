"""Pre-binding query variables portably: a VALUES block of RDF terms placed in the query's pattern."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kgost._errors import QuerySyntaxError
from kgost._types import Term

__all__ = ["with_values"]

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<word>[A-Za-z]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Return ``sparql`` with ``VALUES (?a ?b) { (term term) }`` first in its WHERE pattern.

    The values are RDF terms written with rdflib's escaping (``Term.n3()``), never raw text,
    so they cannot change the query's structure. Engines whose own pre-binding is limited (e.g.
    Oxigraph substitutes projected variables only, remote endpoints have none) use this.

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(with_values('SELECT ?s WHERE { ?s ?p ?name } # {not here}', {"name": Literal('x" } UNION {')}))
    SELECT ?s WHERE { VALUES (?name) { ("x\\" } UNION {") } ?s ?p ?name } # {not here}
    >>> print(with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": Literal(1)}))
    CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?s ?p ?o }
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QuerySyntaxError(f"{name!r} is not a SPARQL variable name")
    position = _pattern_start(sparql)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_n3(term) for term in bindings.values())
    return f"{sparql[:position]} VALUES ({names}) {{ ({terms}) }}{sparql[position:]}"


def _n3(term: Term) -> str:
    text = term.n3()
    if "\n" in text or "\r" in text:  # long literals: keep them on one line, escaped
        text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text


def _pattern_start(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE pattern (the last top-level group
    that is not a trailing VALUES block)."""
    depth = 0
    last_word = ""
    candidates: list[int] = []
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind in ("comment", "long", "string", "iri", "var"):
            continue
        if kind == "open":
            if depth == 0 and last_word.upper() not in ("VALUES", "DATA"):
                candidates.append(match.end())
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            last_word = match.group()
    if not candidates:
        raise QuerySyntaxError("cannot bind parameters: the query has no { ... } pattern")
    return candidates[-1]
