"""The embedded Oxigraph engine (``kgost[oxigraph]``): the store interface on pyoxigraph."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgost._errors import MissingExtraError, QueryError
from kgost._namespace import PREFIXES, bind_prefixes
from kgost._public import public
from kgost._sparql import engine_error, parse_query, star_order
from kgost._store import RawResult
from kgost._types import Quad, Term
from kgost._values import with_values

__all__ = ["OxigraphStore"]


@public
class OxigraphStore:
    """An in-memory (or on-disk, with ``path``) pyoxigraph store behind kgost's store interface.

    Queries see the union of the named graphs as their default graph, like the rdflib engine
    (the store keeps that union, as a set of triples, in Oxigraph's default graph); terms go in
    and come out as rdflib terms. Needs ``pip install 'kgost[oxigraph]'``.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load(store="oxigraph")
    >>> kg.store.name, kg.label("group:exo-cbx")
    ('oxigraph', 'EXO-CBX')
    """

    name = "oxigraph"
    #: This store refuses FROM, SERVICE and updates itself (see :func:`kgost._sparql.parse_query`).
    checks_queries = True

    def __init__(self, *, path: str | None = None) -> None:
        try:
            import pyoxigraph
        except ImportError:
            raise MissingExtraError(
                "the Oxigraph engine needs pyoxigraph: pip install 'kgost[oxigraph]'"
            ) from None
        self._ox = pyoxigraph
        self._store = pyoxigraph.Store(path) if path else pyoxigraph.Store()

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        ox = self._ox
        parsed = parse_query(sparql)  # refuse updates, FROM/FROM NAMED and SERVICE, with kgost's messages
        # Oxigraph substitutes projected variables only; a VALUES block binds any variable.
        text = with_values(sparql, bindings or {})
        try:
            result = self._store.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:  # one line: Oxigraph lists every character class it expected
            raise engine_error("Oxigraph", str(exc), shift=_inserted(sparql, text)) from None
        except (RuntimeError, ValueError, OSError) as exc:
            raise QueryError(f"the Oxigraph engine could not evaluate the query: {' '.join(str(exc).split())}") from None
        if isinstance(result, ox.QueryBoolean):
            return RawResult("ask", boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            import rdflib

            graph = bind_prefixes(rdflib.Graph())
            for triple in result:
                graph.add((self._from_ox(triple.subject), self._from_ox(triple.predicate), self._from_ox(triple.object)))
            return RawResult("graph", graph=graph)
        variables = star_order(parsed, sparql, tuple(v.value for v in result.variables))
        rows = [
            tuple(None if solution[v] is None else self._from_ox(solution[v]) for v in variables)
            for solution in result
        ]
        return RawResult("select", variables=variables, rows=rows)

    def add(self, quads: Iterable[Quad]) -> int:
        ox = self._ox
        given = 0
        batch = []
        for s, p, o, g in quads:
            terms = (self._to_ox(s), self._to_ox(p), self._to_ox(o))
            # Each triple goes into its named graph and into the default graph, which is thus the
            # union of the named graphs. (Oxigraph's own union default graph repeats a triple once
            # per graph that holds it, oxigraph/oxigraph#1919, fixed after 0.5.13.)
            batch.append(ox.Quad(*terms, self._to_ox(g)))
            batch.append(ox.Quad(*terms, ox.DefaultGraph()))
            given += 1
        self._store.extend(batch)  # one transaction: all or nothing
        return given

    def quads(self) -> Iterator[Quad]:
        for quad in self._store.quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, self._ox.DefaultGraph):
                continue
            yield (
                self._from_ox(quad.subject),
                self._from_ox(quad.predicate),
                self._from_ox(quad.object),
                self._from_ox(quad.graph_name),
            )  # type: ignore[misc]

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    def __repr__(self) -> str:
        return f"<OxigraphStore with {len(self)} quads>"

    def _to_ox(self, term: Term) -> Any:
        ox = self._ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise TypeError(f"not an RDF term: {term!r}")

    def _from_ox(self, term: Any) -> Term:
        ox = self._ox
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == str(XSD.string):
                return Literal(term.value)
            if datatype == str(RDF.langString):  # pragma: no cover - language is set then
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(datatype))
        raise TypeError(f"unsupported Oxigraph term: {term!r}")


def _inserted(original: str, text: str) -> tuple[int, int, int] | None:
    """Where ``with_values`` put its VALUES block: (line, column, length), or ``None``."""
    if text == original:
        return None
    start = len(os.path.commonprefix([original, text]))
    line = original.count("\n", 0, start) + 1
    column = start - (original.rfind("\n", 0, start) + 1) + 1
    return line, column, len(text) - len(original)
