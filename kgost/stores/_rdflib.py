"""The rdflib engine: kgost's default store, an in-memory ``rdflib.Dataset`` with a union default graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import rdflib
from rdflib import URIRef
from rdflib.term import Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, _assertnode

from kgost._errors import InputError, KgostError, QueryError
from kgost._namespace import PREFIXES, bind_prefixes
from kgost._public import public
from kgost.querying._gate import canonical_text, parse_query, translate_query
from kgost.querying._shape import Shape, shape_of, star_order
from kgost.querying._prepared import PreparedQueries
from kgost._types import Quad, Term
from kgost._logs import quiet_rdflib
from kgost.stores._base import RawResult, StoreBase, StoreCapabilities
from kgost.stores._lazy import Dataset, LazyResult, _only_bound, dataset_part, lazy_rows
from kgost.stores._memory import GraphIndexedMemory
from kgost.stores._slots import algebra_nodes, bind_slots, slot_rows, templated

__all__ = ["RdflibStore"]


@public
class RdflibStore(StoreBase):
    """The default engine (spec ``memory``, alias ``rdflib``): an in-memory ``rdflib.Dataset`` whose default graph is the union of
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
    capabilities = StoreCapabilities(checks_queries=True, versioned=True)

    def __init__(self) -> None:
        self._dataset = _new_dataset()

    @classmethod
    def from_spec(cls, argument: str | None, *, read_only: bool = False) -> RdflibStore:
        """The store of the spec ``memory`` (no argument; ``read_only`` does not apply in memory)."""
        if argument is not None:
            raise InputError(f"the memory store takes no argument, not {argument!r}; use --store memory")
        return cls()

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a read-only SPARQL query; see :meth:`Store.query`."""
        # The gate refuses updates, FROM/FROM NAMED and SERVICE, which rdflib would fetch; rdflib
        # evaluates the very parse the gate checked.
        if not isinstance(sparql, str):
            parse_query(sparql)  # a QueryError naming what was given
        sparql = canonical_text(sparql)
        template, rows = templated(sparql)  # its VALUES blocks of IRIs as slots: parsed once for all their rows
        prepared = _PREPARED.get(("slots", template), lambda: _prepare_slots(template, len(rows))) if rows else None
        if prepared is None:
            prepared, rows = _PREPARED.get(sparql, lambda: _prepare(sparql)), []
        parsed, algebra, shape = prepared
        try:
            with quiet_rdflib(), slot_rows(rows):  # an ill-typed literal in the data is reported by validate(), not logged
                result = self._dataset.query(algebra, initBindings=dict(bindings or {}))
                return self._read(result, parsed, shape, sparql, bindings)  # SELECT *: columns as the text given orders them
        except KgostError:
            raise
        except Exception as exc:  # an evaluation error inside rdflib (bad regex, odd literal, ...)
            raise QueryError(f"the rdflib engine could not evaluate the query: {type(exc).__name__}: {exc}") from None

    def query_lazy(
        self, sparql: str, *, bindings: Mapping[str, Term] | None = None, dataset: Dataset | None = None
    ) -> LazyResult:
        """Run a read-only SPARQL query as :meth:`query` does, its SELECT rows pulled from rdflib's
        evaluation one at a time (nothing kept: rdflib's ``Result`` keeps every row it yields);
        rdflib builds CONSTRUCT and DESCRIBE results whole, as a graph.

        ``dataset`` (default graphs, named graphs: IRIs of the store's named graphs) is the query's
        RDF dataset instead of the union default graph and every named graph (SPARQL 1.1 Protocol
        ``default-graph-uri``/``named-graph-uri``): those graphs are copied into a dataset of
        their own, rdflib having no view of part of a dataset (nothing is fetched)."""
        from rdflib.plugins.sparql.evaluate import evalQuery

        if not isinstance(sparql, str):
            parse_query(sparql)
        sparql = canonical_text(sparql)
        parsed, algebra, shape = _PREPARED.get(sparql, lambda: _prepare(sparql))
        try:
            with quiet_rdflib():
                answer = evalQuery(self._dataset if dataset is None else dataset_part(self._matching, dataset), algebra, dict(bindings or {}))
                if "askAnswer" in answer:
                    return LazyResult("ask", boolean=bool(answer["askAnswer"]))
                if "graph" in answer:
                    graph = bind_prefixes(rdflib.Graph())
                    for triple in answer["graph"] or ():
                        graph.add(triple)
                    return LazyResult("graph", graph=graph)
        except KgostError:
            raise
        except Exception as exc:
            raise QueryError(f"the rdflib engine could not evaluate the query: {type(exc).__name__}: {exc}") from None
        variables = tuple(Variable(v) for v in star_order(shape, sparql, tuple(str(v) for v in answer.get("vars_") or ())))
        rows = lazy_rows(answer["bindings"], variables, "groupby" in parsed[1], bindings)
        return LazyResult("select", variables=tuple(str(v) for v in variables), rows=rows)

    def query_generated(self, sparql: str) -> RawResult:
        """Run a SELECT text that kgost wrote itself (the SPARQL validator's compiled shapes, whose
        user-written parts passed the gate when the shapes were read): here the same as
        :meth:`query`, whose prepared queries are kept per text."""
        return self.query(sparql)

    def _read(self, result, parsed, shape: Shape, sparql: str, bindings: Mapping[str, Term] | None) -> RawResult:  # type: ignore[no-untyped-def]
        if result.type == "ASK":
            return RawResult("ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = bind_prefixes(rdflib.Graph())
            for triple in result.graph or ():
                graph.add(triple)
            return RawResult("graph", graph=graph)
        variables = tuple(Variable(v) for v in star_order(shape, sparql, tuple(str(v) for v in result.vars or ())))
        # Read the solutions themselves: iterating the Result skips solutions with no bound variable.
        rows = [tuple(solution.get(v) for v in variables) for solution in result.bindings]
        if "groupby" in parsed[1] and len(rows) == 1 and _only_bound(rows[0], variables, bindings):
            # rdflib (up to 7.6, RDFLib/rdflib#3382) yields one empty group for a GROUP BY that
            # matched nothing; SPARQL says zero groups, zero rows.
            rows = []
        return RawResult("select", variables=tuple(str(v) for v in variables), rows=rows)  # type: ignore[arg-type]

    def add(self, quads: Iterable[Quad]) -> int:
        """Add quads (all or none: the quads are all read before any is added); return how many were given."""
        batch = list(quads)
        graphs = _Graphs(self._dataset)
        with self._changing():
            # the store's own addN, one context graph a graph name (Dataset.addN makes two a quad),
            # each quad's terms checked by rdflib's own _assertnode as Dataset.addN checks them
            self._dataset.store.addN((s, p, o, graphs[g]) for s, p, o, g in batch if _assertnode(s, p, o))
        return len(batch)

    def remove(self, quads: Iterable[Quad]) -> int:
        """Remove quads; return how many were given."""
        batch = list(quads)
        with self._changing():
            for s, p, o, g in batch:
                self._dataset.remove((s, p, o, g))
        return len(batch)

    def clear(self) -> None:
        """Remove every quad."""
        with self._changing():
            self._dataset = _new_dataset()

    def __len__(self) -> int:
        """Number of quads, as the SPARQL ``COUNT`` of :class:`StoreBase` gives it (the triples of
        every named graph, the default graph left out), from the size rdflib keeps of each graph."""
        return sum(len(graph) for graph in self._named_graphs())

    def graph_terms(self) -> set[Term]:
        """The names of the store's named graphs, as SPARQL ``GRAPH ?g { }`` gives them here (a
        graph emptied by :meth:`remove` stays listed), from the dataset's own list: no query to
        parse and run, which cost a load as much as checking its file."""
        return {graph.identifier for graph in self._named_graphs()}

    def _named_graphs(self) -> Iterator[rdflib.Graph]:
        """The graphs of the dataset but its default one, from the rdflib store's own list."""
        return (graph for graph in self._dataset.store.contexts() if graph.identifier != DATASET_DEFAULT_GRAPH_ID)

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store (the union default graph left out)."""
        yield from self._matching((None, None, None, None))

    def held(self, quads: Iterable[Quad]) -> set[Quad]:
        """Which of ``quads`` the store holds, looked up in the dataset's index."""
        return {quad for quad in set(quads) if next(self._matching(quad), None) is not None}

    def about(self, iris: Iterable[Term], *, as_object: bool = False) -> Iterator[Quad]:
        """Every quad with one of ``iris`` as subject (or object), from the dataset's index."""
        for iri in sorted({iri for iri in iris if isinstance(iri, URIRef)}):
            yield from self._matching((None, None, iri, None) if as_object else (iri, None, None, None))

    def _matching(self, pattern: tuple[Term | None, ...]) -> Iterator[Quad]:
        for s, p, o, g in self._dataset.quads(pattern):  # type: ignore[arg-type]
            if g is None or g == DATASET_DEFAULT_GRAPH_ID:
                continue
            yield s, p, o, g  # type: ignore[misc]


#: Canonical query text -> (parse, algebra with errors as unbound, shape), shared by every rdflib store of
#: the process: both depend on the text and kgost's prefixes only, never on a store's data, so a
#: text is parsed once per process (rdflib's parser takes ~0.1 s a query), not once per store.
_PREPARED: PreparedQueries[tuple[Any, Any, Shape]] = PreparedQueries(size=1024)


def _prepare(sparql: str) -> tuple[Any, Any, Shape]:
    """A query checked by the gate, parsed and translated for rdflib, once per process and text (a
    parse of its own: ``translateQuery`` changes the parse tree it is given)."""
    parsed = parse_query(sparql, canonical=True)
    shape = shape_of(parsed)  # before translateQuery changes the parse
    algebra = translate_query(parsed, sparql, prefixes=PREFIXES)
    _errors_as_unbound(algebra.algebra)
    return parsed, algebra, shape


def _prepare_slots(template: str, count: int) -> tuple[Any, Any, Shape] | None:
    """:func:`_prepare` of a template of :func:`kgost.stores._slots.templated` with its ``count``
    slots bound, or ``None`` when it cannot be (the query is then prepared as it is, and its
    errors name the places in the text as given)."""
    try:
        parsed, algebra, shape = _prepare(template)
    except KgostError:
        return None
    return (parsed, algebra, shape) if bind_slots(algebra.algebra, count) else None


def _new_dataset() -> rdflib.Dataset:
    """An empty dataset whose default graph is the union, on :class:`GraphIndexedMemory`."""
    return bind_prefixes(rdflib.Dataset(store=GraphIndexedMemory(), default_union=True))


class _Graphs(dict):  # type: ignore[type-arg]
    """The context graph of each graph name of one :meth:`RdflibStore.add`, made (and registered
    in the dataset, as ``Dataset.graph`` does) on first use."""

    def __init__(self, dataset: rdflib.Dataset) -> None:
        super().__init__()
        self._dataset = dataset

    def __missing__(self, name: Term) -> rdflib.Graph:
        graph = self[name] = self._dataset.graph(name)
        return graph


def _errors_as_unbound(node: object) -> None:
    """Make every expression of one query's algebra treat a Python error as a SPARQL error.

    SPARQL 1.1 (section 17.2, 18.6) says an expression that cannot be evaluated, such as
    ``YEAR("2021-13-45"^^xsd:date)``, is an error: BIND leaves its variable unbound and FILTER
    drops the row, as Oxigraph does. rdflib's functions raise ``AttributeError`` or ``TypeError``
    on some ill-typed literals, which would stop the whole query; each expression node of this
    query (not rdflib's functions, which other code shares) gets a wrapper that turns those into
    ``SPARQLError``, which rdflib already treats as a SPARQL error. Hand-written: rdflib has no
    option for it.
    """
    from rdflib.plugins.sparql.parserutils import Expr
    from rdflib.plugins.sparql.sparql import SPARQLError

    for item in algebra_nodes(node):
        if isinstance(item, Expr) and getattr(item, "_evalfn", None) is not None and not getattr(item, "_kgost_guarded", False):
            evaluate = item._evalfn

            def guarded(ctx: object, _evaluate=evaluate) -> object:  # type: ignore[no-untyped-def]
                try:
                    return _evaluate(ctx)
                except (AttributeError, TypeError, ValueError, ArithmeticError) as exc:
                    raise SPARQLError(f"{type(exc).__name__}: {exc}") from None

            item._evalfn = guarded
            item._kgost_guarded = True
