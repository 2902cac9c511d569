"""The small store interface every kgost storage engine implements (the rdflib engine: ``_rdflib``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import Protocol, runtime_checkable

import rdflib
from rdflib import BNode, URIRef

from kgost._errors import InputError
from kgost._public import public
from kgost._types import Quad, Term
from kgost.stores._lazy import LazyResult

__all__ = ["Store", "StoreBase", "StoreCapabilities", "RawResult", "skolemise", "unskolemise", "GENID"]


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

    def lazy(self) -> LazyResult:
        """The answer as a :class:`~kgost.stores._lazy.LazyResult` (for writers that take one from
        engines without ``query_lazy``)."""
        return LazyResult(self.kind, self.variables, iter(self.rows), self.boolean, self.graph)


@public
@dataclass(frozen=True)
class StoreCapabilities:
    """What a storage engine can do; kgost reads these instead of probing attributes by name.

    Attributes
    ----------
    union_default_graph
        Queries see the union of the named graphs as their default graph, by the engine's own
        means (rdflib's ``default_union``, Oxigraph's ``use_default_graph_as_union``, a server's
        union-default-graph setting). kgost's queries need it.
    writable
        :meth:`Store.add`, :meth:`Store.remove` and :meth:`Store.clear` work (``False`` for a store
        opened read-only).
    persistent
        The data outlives the process (on disk or on a server): :func:`kgost.load` does not add
        the bundled data again when the store holds it.
    remote
        The data lives on a server that kgost shares with others: :func:`kgost.load` does not push
        the bundled data there unless asked (``bundled=True``).
    transactions
        One :meth:`Store.add` is one transaction: after a crash the store holds all of it or none.
    blank_nodes
        Blank nodes are kept as blank nodes and can be bound in queries. ``False``: the store
        skolemises them (RDF 1.1 section 3.5) into ``https://w3id.org/kgost/.well-known/genid/...``
        IRIs on the way in and turns those back into blank nodes on the way out.
    checks_queries
        :meth:`Store.query` itself refuses what :func:`kgost.querying._gate.parse_query` refuses
        (updates, ``FROM``, ``SERVICE``); otherwise ``KnowledgeGraph.sparql_raw`` checks first.
    set_union
        The union default graph is a set: a triple held by two named graphs is matched once.
        Oxigraph 0.5.13 matches it once per graph (oxigraph/oxigraph#1919), so kgost's own
        queries use ``DISTINCT`` where they need sets.
    engine_rdf
        The engine parses and writes RDF files itself, and the store takes and gives its quads
        as they are: ``read_file(path, graph=, format=, max_size=)`` parses a file into engine
        quads, ``add_engine(quads, more)`` adds them (and kgost quads ``more``) in one
        transaction, ``held_triples(graph)`` and ``graph_names()`` answer the checks of a load,
        and ``serialize(format, graph=)`` writes the store in a format. kgost then reads and
        writes files without turning every term into an rdflib term (Oxigraph).
    versioned
        ``store.version`` (an int) changes whenever the store's data does, when a change begins
        and again once it is made: only this process writes it. kgost keeps what it derives from the data (the name index of lookups) until
        the version changes; a store others write (a server) has no version.
    compiled_queries
        Queries are answered by a compiled engine (Oxigraph, a SPARQL server), not evaluated in
        Python: kgost's SPARQL validator then beats pyshacl, and ``validate(engine="auto")``
        takes it.
    scratch
        The spec (:func:`kgost.make_store`) of an empty in-memory store of the same engine, for
        scratch work such as checking entries before they are added (``"memory"``: rdflib).

    Examples
    --------
    >>> import kgost
    >>> caps = kgost.load().store.capabilities
    >>> caps.union_default_graph, caps.writable, caps.persistent
    (True, True, False)
    """

    union_default_graph: bool = True
    writable: bool = True
    persistent: bool = False
    remote: bool = False
    transactions: bool = False
    blank_nodes: bool = True
    checks_queries: bool = False
    set_union: bool = True
    engine_rdf: bool = False
    versioned: bool = False
    compiled_queries: bool = False
    scratch: str = "memory"


@public
@runtime_checkable
class Store(Protocol):
    """The few operations kgost needs from a storage engine.

    Everything else in kgost is written as SPARQL against :meth:`query`, so the same code runs on
    rdflib in memory, on embedded Oxigraph, or on a remote SPARQL server. The default graph of a
    query is the union of all named graphs. The protocol is runtime-checkable: any object with
    these members is a store, and :func:`kgost.load` takes it as ``store``; subclassing
    :class:`StoreBase` gives ``__len__`` (by SPARQL ``COUNT``), ``close`` and the context manager.
    A third-party engine registers itself in the ``kgost.stores`` entry-point group (see
    :func:`kgost.make_store`).

    Examples
    --------
    >>> import kgost
    >>> store = kgost.load().store
    >>> isinstance(store, kgost.Store), store.name
    (True, 'rdflib')
    >>> store.query("ASK { person:chen kgost:memberOf group:exo-cbx }").boolean
    True
    """

    #: Short engine name, e.g. ``"rdflib"`` (the store of the spec ``memory``).
    name: str
    #: What the engine can do.
    capabilities: StoreCapabilities

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a read-only SPARQL 1.1 query; ``bindings`` pre-bind variables to RDF terms.

        kgost's :data:`PREFIXES` are predeclared. No query may read files or the network: an
        engine whose ``query`` refuses what :func:`kgost.querying._gate.parse_query` refuses (updates,
        ``FROM``, ``SERVICE``) declares ``capabilities.checks_queries``; for any other engine
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

    def remove(self, quads: Iterable[Quad]) -> int:
        """Remove quads; return how many were given."""
        ...

    def clear(self) -> None:
        """Remove every quad."""
        ...

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store."""
        ...

    def close(self) -> None:
        """Release the engine's files or connections; the store is not used after."""
        ...

    def __len__(self) -> int:
        """Number of quads."""
        ...


@public
class StoreBase:
    """What every store shares: ``__len__`` by SPARQL ``COUNT``, ``close`` and ``with`` support.

    Examples
    --------
    >>> with RdflibStore() as store:
    ...     len(store)
    0
    """

    name = "base"
    capabilities = StoreCapabilities()
    #: Bumped by every change of the data (see :attr:`StoreCapabilities.versioned`).
    version = 0

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:
        """Release the engine's resources (nothing to do by default)."""

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """Number of quads, counted by the engine (SPARQL ``COUNT``), not by a Python scan."""
        rows = self.query(_COUNT_QUADS).rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0  # type: ignore[call-overload]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} with {len(self)} quads>"

    def held(self, quads: Iterable[Quad]) -> set[Quad]:
        """Which of ``quads`` the store holds. Here by SPARQL (the quads about their subjects, one
        query per few hundred subjects); an engine with an index of its own answers natively."""
        wanted = set(quads)
        return {quad for quad in self.about({q[0] for q in wanted}) if quad in wanted}

    def about(self, iris: Iterable[Term], *, as_object: bool = False) -> Iterator[Quad]:
        """Every quad with one of ``iris`` (IRIs; other terms are skipped) as subject, or as object.
        Here by SPARQL, a few hundred IRIs a query; an engine with an index answers natively."""
        ordered = sorted({iri for iri in iris if isinstance(iri, URIRef)})
        variable = "?o" if as_object else "?s"
        for start in range(0, len(ordered), _ABOUT_CHUNK):
            chunk = " ".join(f"<{iri}>" for iri in ordered[start:start + _ABOUT_CHUNK])
            sparql = f"SELECT ?s ?p ?o ?g WHERE {{ VALUES {variable} {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            yield from (tuple(row) for row in self.query(sparql).rows)  # type: ignore[misc]

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Around a change of the data: the version changes before it begins and once it is made
        (even if it fails), so what kgost derived from an older version is stale, and what it
        derived while the change was being made belongs to no version that is ever read, nor is
        it shared with other stores (:func:`kgost._versioned.kept`)."""
        self._changed()
        try:
            yield
        finally:
            self._changed()

    def _changed(self) -> None:
        """Note a change of the data (see :meth:`_changing`, which every kgost store's mutators use)."""
        self.version += 1

    def _check_writable(self, what: str) -> None:
        if not self.capabilities.writable:
            raise InputError(f"cannot {what}: the {self.name} store is open read-only")


_ABOUT_CHUNK = 400  # IRIs per VALUES block of StoreBase.about
_COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

#: Where skolemised blank nodes live (RDF 1.1 section 3.5, the layout of rdflib's ``BNode.skolemize``).
GENID = "https://w3id.org/kgost/.well-known/genid/rdflib/"


def skolemise(term: Term) -> Term:
    """A blank node as its skolem IRI (see :attr:`StoreCapabilities.blank_nodes`); other terms as they are.

    Examples
    --------
    >>> from rdflib import BNode
    >>> skolemise(BNode("b1"))
    rdflib.term.URIRef('https://w3id.org/kgost/.well-known/genid/rdflib/b1')
    >>> unskolemise(skolemise(BNode("b1")))
    rdflib.term.BNode('b1')
    """
    return URIRef(GENID + term) if isinstance(term, BNode) else term


def unskolemise(term: Term) -> Term:
    """A skolem IRI made by :func:`skolemise` back as its blank node; other terms as they are.

    Written here rather than with rdflib's ``BNode.skolemize``/``URIRef.de_skolemize`` pair, which
    recognises only its own authority and keeps a process-wide table for IRIs of any other."""
    if isinstance(term, URIRef) and term.startswith(GENID):
        return BNode(term[len(GENID):])
    return term
