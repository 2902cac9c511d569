"""What engines need of a query the gate let through (its kind, columns, variables), known without parsing for the queries kgost ships."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from pyparsing import ParseResults

from kgost.querying._gate import canonical_text, parse_query, query_kind, query_variables
from kgost.querying._vetted import VETTED

__all__ = ["Shape", "shape_of", "checked_shape", "star_order", "digest"]


@dataclass(frozen=True)
class Shape:
    """The facts of a parsed query that the stores use: ``kind`` (``select``, ``ask``,
    ``construct``, ``describe``), ``star`` (a top-level ``SELECT *``), ``projected`` (the
    variables a top-level SELECT lists by name, without an expression: those Oxigraph can bind)
    and ``variables`` (every variable the query mentions).

    Examples
    --------
    >>> shape_of(parse_query("SELECT ?s (1 AS ?one) WHERE { ?s ?p ?o }"))
    Shape(kind='select', star=False, projected=('s',), variables=('o', 'one', 'p', 's'))
    """

    kind: str
    star: bool
    projected: tuple[str, ...]
    variables: tuple[str, ...]


def shape_of(parsed: ParseResults) -> Shape:
    """The :class:`Shape` of a query :func:`kgost.querying._gate.parse_query` let through."""
    query = parsed[1]
    select = query.name == "SelectQuery"
    projected = sorted({str(item["var"]) for item in query["projection"] if "var" in item and "expr" not in item}
                       if select and "projection" in query else ())
    return Shape(query_kind(parsed), select and "projection" not in query, tuple(projected), tuple(sorted(query_variables(parsed))))


def checked_shape(sparql: str, *, source: str | None = None) -> tuple[str, Shape]:
    """The text an engine must run (as :func:`kgost.querying._gate.checked_query` gives it) and
    its :class:`Shape`; refusals as :func:`kgost.querying._gate.parse_query`.

    A text kgost ships (``queries/*.rq`` and the lookup's own queries, byte for byte once
    canonical) is not parsed: its shape is read from :data:`kgost.querying._vetted.VETTED`, keyed
    by the SHA-256 of the canonical text, which ``tests/test_vetted_queries.py`` writes and checks
    entry by entry against the gate (each of those texts passes it and has this shape). Any other text, including one that
    differs from a bundled query by one character, is parsed and checked. rdflib's parser takes
    ~10 ms a query even for a small one, more than Oxigraph's whole answer to many.

    Examples
    --------
    >>> checked_shape("ASK { ?s ?p ?o }")
    ('ASK { ?s ?p ?o }', Shape(kind='ask', star=False, projected=(), variables=('o', 'p', 's')))
    """
    if not isinstance(sparql, str):
        parse_query(sparql, source=source)  # a QueryError naming what was given
    return _checked_shape(sparql, source)


@functools.lru_cache(maxsize=512)
def _checked_shape(sparql: str, source: str | None) -> tuple[str, Shape]:
    """:func:`checked_shape`, once per distinct text (refusals are exceptions, not kept)."""
    text = canonical_text(sparql, source=source)
    vetted = VETTED.get(digest(text))
    if vetted is not None:
        return text, Shape(*vetted)
    return text, shape_of(parse_query(text, source=source, canonical=True))


def digest(text: str) -> str:
    """The key of a canonical query text in :data:`kgost.querying._vetted.VETTED`: its SHA-256, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def star_order(shape: Shape, sparql: str, variables: tuple[str, ...]) -> tuple[str, ...]:
    """For ``SELECT *``, order the columns by first appearance in the query text (engines give
    set order, which changes from run to run); other projections keep their order.

    Examples
    --------
    >>> q = "SELECT * WHERE { ?s ?p ?o }"
    >>> star_order(checked_shape(q)[1], q, ("o", "p", "s"))
    ('s', 'p', 'o')
    """
    if not shape.star:
        return variables
    first: dict[str, int] = {}
    for match in re.finditer(r"[?$]([A-Za-z0-9_\u00b7-\uffff]+)", sparql):
        first.setdefault(match.group(1), match.start())
    return tuple(sorted(variables, key=lambda v: (first.get(v, len(sparql)), v)))
