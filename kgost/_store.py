"""The small store interface every kgost storage engine implements, and the rdflib engine."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import Protocol, runtime_checkable

import rdflib
from rdflib.term import Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kgost._errors import InputError, KgostError, QueryError
from kgost._namespace import PREFIXES, bind_prefixes
from kgost._public import public
from kgost._sparql import parse_query, star_order, translate_query
from kgost._types import Quad, Term

__all__ = ["Store", "RawResult", "RdflibStore", "ENGINES", "make_store"]


@public
@dataclass
class RawResult:
    """What a store answers to a SPARQL query, in rdflib terms, whatever the engine.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or ``"graph"``
    (CONSTRUCT/DESCRIBE: ``graph``). :class:`QueryResult` wraps it with Python values.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> raw = kg.sparql_raw("SELECT ?name WHERE { person:chen kgost:name ?name }")
    >>> raw.kind, raw.variables, raw.rows
    ('select', ('name',), [(rdflib.term.Literal('Chen'),)])
    >>> kg.sparql_raw("ASK { person:chen kgost:memberOf group:exo-cbx }").boolean
    True
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


@public
@runtime_checkable
class Store(Protocol):
    """The few operations kgost needs from a storage engine.

    Everything else in kgost is written as SPARQL against :meth:`query`, so the same code runs on
    rdflib in memory, on embedded Oxigraph, or on a remote SPARQL server. The default graph of a
    query is the union of all named graphs. The protocol is runtime-checkable: any object with
    these methods is a store, and :func:`kgost.load` takes it as ``store``.

    Examples
    --------
    >>> import kgost
    >>> store = kgost.load().store
    >>> isinstance(store, kgost.Store), store.name
    (True, 'rdflib')
    >>> store.query("ASK { person:chen kgost:memberOf group:exo-cbx }").boolean
    True
    """

    #: Short engine name, e.g. ``"rdflib"``.
    name: str

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a read-only SPARQL 1.1 query; ``bindings`` pre-bind variables to RDF terms.

        kgost's :data:`PREFIXES` are predeclared. No query may read files or the network: an
        engine whose ``query`` refuses what :func:`kgost._sparql.parse_query` refuses (updates,
        ``FROM``, ``SERVICE``) sets ``checks_queries = True``; for any other engine
        ``KnowledgeGraph.sparql_raw`` checks each query first.

        Parameters
        ----------
        sparql
            The query.
        bindings
            Variables (names without ``?``) and the RDF terms they are bound to.

        Returns
        -------
        RawResult

        Raises
        ------
        QuerySyntaxError, QueryError
            The query does not parse, is refused, or cannot be evaluated.
        """
        ...

    def add(self, quads: Iterable[Quad]) -> int:
        """Add quads (all or none); return how many were given."""
        ...

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store."""
        ...

    def __len__(self) -> int:
        """Number of quads."""
        ...


@public
class RdflibStore:
    """The default engine: an in-memory ``rdflib.Dataset`` whose default graph is the union of
    its named graphs.

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> store = RdflibStore()
    >>> store.add([(URIRef("urn:ex:s"), URIRef("urn:ex:p"), Literal("o"), URIRef("urn:ex:g"))])
    1
    >>> store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
    [(rdflib.term.Literal('o'),)]
    >>> len(store)
    1
    """

    name = "rdflib"
    #: ``query`` itself refuses what :func:`kgost._sparql.parse_query` refuses.
    checks_queries = True

    def __init__(self) -> None:
        self._dataset = bind_prefixes(rdflib.Dataset(default_union=True))

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a read-only SPARQL query; see :meth:`Store.query`."""
        # parse_query refuses updates, FROM/FROM NAMED and SERVICE, which rdflib would fetch.
        parsed = parse_query(sparql)
        algebra = translate_query(parsed, sparql, prefixes=PREFIXES)
        try:
            result = self._dataset.query(algebra, initBindings=dict(bindings or {}))
            return self._read(result, parsed, sparql, bindings)
        except KgostError:
            raise
        except Exception as exc:  # an evaluation error inside rdflib (bad regex, odd literal, ...)
            raise QueryError(f"the rdflib engine could not evaluate the query: {type(exc).__name__}: {exc}") from None

    def _read(self, result, parsed, sparql: str, bindings: Mapping[str, Term] | None) -> RawResult:  # type: ignore[no-untyped-def]
        if result.type == "ASK":
            return RawResult("ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = bind_prefixes(rdflib.Graph())
            for triple in result.graph or ():
                graph.add(triple)
            return RawResult("graph", graph=graph)
        variables = tuple(Variable(v) for v in star_order(parsed, sparql, tuple(str(v) for v in result.vars or ())))
        # Read the solutions themselves: iterating the Result skips solutions with no bound variable.
        rows = [tuple(solution.get(v) for v in variables) for solution in result.bindings]
        if "groupby" in parsed[1] and len(rows) == 1 and _only_bound(rows[0], variables, bindings):
            # rdflib (up to 7.6, RDFLib/rdflib#3382) yields one empty group for a GROUP BY that
            # matched nothing; SPARQL says zero groups, zero rows.
            rows = []
        return RawResult("select", variables=tuple(str(v) for v in variables), rows=rows)  # type: ignore[arg-type]

    def add(self, quads: Iterable[Quad]) -> int:
        """Add quads (all or none); return how many were given."""
        batch = list(quads)
        self._dataset.addN((s, p, o, self._dataset.graph(g)) for s, p, o, g in batch)
        return len(batch)

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store (the union default graph left out)."""
        for s, p, o, g in self._dataset.quads((None, None, None, None)):
            if g is None or g == DATASET_DEFAULT_GRAPH_ID:
                continue
            yield s, p, o, g  # type: ignore[misc]

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    def __repr__(self) -> str:
        return f"<RdflibStore with {len(self)} quads>"


def _only_bound(row: tuple[Term | None, ...], variables: tuple, bindings: Mapping[str, Term] | None) -> bool:
    """True when a row binds nothing beyond the caller's pre-bound variables."""
    given = set(bindings or {})
    return all(value is None or str(var) in given for var, value in zip(variables, row))


#: Storage engines by name: ``kgost.load(store="oxigraph")``, ``kgost --engine oxigraph``.
ENGINES = ("rdflib", "oxigraph")


def make_store(engine: str) -> Store:
    """A new, empty store of the named engine (one of :data:`ENGINES`).

    Examples
    --------
    >>> make_store("rdflib").name
    'rdflib'
    >>> make_store("sqlite")
    Traceback (most recent call last):
    ...
    kgost.InputError: unknown storage engine 'sqlite'; use one of: rdflib, oxigraph
    """
    if engine == "rdflib":
        return RdflibStore()
    if engine == "oxigraph":
        from kgost._oxigraph import OxigraphStore

        return OxigraphStore()
    raise InputError(f"unknown storage engine {engine!r}; use one of: {', '.join(ENGINES)}")
