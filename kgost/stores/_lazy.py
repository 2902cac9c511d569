"""Answers read as the engine produces them: the lazy result, a dataset picked from named graphs, rdflib's rows one at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import Any

import rdflib
from rdflib import URIRef
from rdflib.term import Variable

from kgost._errors import KgostError, QueryError
from kgost._logs import quiet_rdflib
from kgost._namespace import bind_prefixes
from kgost._types import Quad, Term
from kgost.stores._memory import GraphIndexedMemory

__all__ = ["LazyResult", "Dataset", "dataset_part", "lazy_rows"]

#: A query's RDF dataset picked from a store's named graphs: (the graphs merged into the default
#: graph, the named graphs), as the SPARQL 1.1 Protocol's ``default-graph-uri`` and ``named-graph-uri``.
Dataset = tuple[tuple[URIRef, ...], tuple[URIRef, ...]]


@dataclass
class LazyResult:
    """A query's answer read as the engine produces it, for writers that must not hold a whole
    result (``kgost serve``): an engine's ``query_lazy`` gives one, and ``RawResult.lazy()``
    makes one of any whole answer.

    ``rows`` (SELECT) are pulled from the engine one at a time, in rdflib terms; a graph comes as
    ``graph`` (rdflib builds CONSTRUCT results whole) or as ``triples``, the engine's own triples
    pulled one at a time (Oxigraph's ``pyoxigraph.Triple``, skolem IRIs as stored), for the
    engine's own writers. Errors of evaluation may come while the rows are read.

    Examples
    --------
    >>> import kgost
    >>> lazy = kgost.load().store.query_lazy("SELECT ?name WHERE { person:chen kgost:name ?name }")
    >>> lazy.kind, lazy.variables, list(lazy.rows)
    ('select', ('name',), [(rdflib.term.Literal('Chen'),)])
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: Iterator[tuple[Term | None, ...]] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    graph: rdflib.Graph | None = None
    triples: Iterator[Any] | None = None


def dataset_part(matching: Callable[[tuple[Term | None, ...]], Iterator[Quad]], dataset: Dataset) -> rdflib.Dataset:
    """An rdflib dataset of its own: the graphs ``dataset[0]`` merged as its default graph, the
    graphs ``dataset[1]`` as its named graphs (a graph the store does not hold is empty), their
    quads read with ``matching`` (a store's quads matching a pattern, as ``RdflibStore._matching``)."""
    defaults, named = dataset
    part = bind_prefixes(rdflib.Dataset(store=GraphIndexedMemory(), default_union=False))
    default = part.default_context
    for graph in defaults:
        default.addN((s, p, o, default) for s, p, o, _ in matching((None, None, None, graph)))
    for graph in named:
        target = part.graph(graph)
        target.addN((s, p, o, target) for s, p, o, _ in matching((None, None, None, graph)))
    return part


def lazy_rows(
    solutions: Iterator[Any], variables: tuple[Variable, ...], grouped: bool, bindings: Mapping[str, Term] | None
) -> Iterator[tuple[Term | None, ...]]:
    """The rows of rdflib's solutions, one at a time, as :meth:`RdflibStore.query` reads them
    (every solution, even one with no bound variable; no empty group for a GROUP BY that matched
    nothing); rdflib's errors while evaluating become ``QueryError``."""
    try:
        with quiet_rdflib():
            rows = (tuple(solution.get(v) for v in variables) for solution in solutions)
            first = next(rows, None)
            if first is None:
                return
            second = next(rows, None)
            if second is None and grouped and _only_bound(first, variables, bindings):
                return  # rdflib's one empty group (RDFLib/rdflib#3382), as in RdflibStore._read
            yield first
            if second is not None:
                yield second
                yield from rows
    except KgostError:
        raise
    except GeneratorExit:
        raise
    except Exception as exc:
        raise QueryError(f"the rdflib engine could not evaluate the query: {type(exc).__name__}: {exc}") from None


def _only_bound(row: tuple[Term | None, ...], variables: tuple, bindings: Mapping[str, Term] | None) -> bool:
    """True when a row binds nothing beyond the caller's pre-bound variables."""
    given = set(bindings or {})
    return all(value is None or str(var) in given for var, value in zip(variables, row))
