"""The embedded Oxigraph engine (``kgost[oxigraph]``): the store interface on pyoxigraph."""

from __future__ import annotations

import gc
import os
import re
import weakref
from collections.abc import Collection, Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgost._errors import InputError, MissingExtraError, QueryError
from kgost._namespace import PREFIXES, bind_prefixes
from kgost._public import public
from kgost.querying._gate import checked_with_values, engine_error
from kgost.querying._shape import Shape, checked_shape, star_order
from kgost.stores._base import GENID, RawResult, StoreBase, StoreCapabilities, skolemise
from kgost.stores._lazy import Dataset, LazyResult
from kgost.stores._solutions import EngineSelect
from kgost._types import Quad, Term
from kgost._logs import quiet_rdflib

__all__ = ["OxigraphStore"]


@public
class OxigraphStore(StoreBase):
    """An embedded pyoxigraph store, in memory or on disk (``path``), behind kgost's store interface.

    Queries see the union of the named graphs as their default graph through Oxigraph's own
    ``use_default_graph_as_union`` (no triple is stored twice). Blank nodes are skolemised (see
    :attr:`StoreCapabilities.blank_nodes`), so they can be bound in any query. Terms go in and
    come out as rdflib terms. Needs ``pip install 'kgost[oxigraph]'``.

    Oxigraph 0.5.13 matches a triple held by several named graphs once per graph in the union
    default graph (oxigraph/oxigraph#1919): ``capabilities.set_union`` is ``False``, and kgost's
    own queries use ``DISTINCT`` where they need sets. Your own queries may see such repeats.

    Parameters
    ----------
    path
        A folder for a persistent store (created if missing); ``None``: in memory.
    read_only
        Open the store at ``path`` for reading only: another process may read it at the same
        time, as long as none writes it.

    Raises
    ------
    InputError
        ``path`` is not an Oxigraph store (a non-empty folder of something else, a file), is
        missing when ``read_only``, or is open for writing by another process.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load(store="oxigraph")
    >>> kg.store.name, kg.label("group:exo-cbx")
    ('oxigraph', 'EXO-CBX')
    >>> kg.store.capabilities.persistent
    False
    """

    name = "oxigraph"

    def __init__(self, *, path: str | os.PathLike[str] | None = None, read_only: bool = False) -> None:
        try:
            import pyoxigraph
        except ImportError:
            raise MissingExtraError.needs("the Oxigraph engine", "pyoxigraph", "oxigraph") from None
        self._ox = pyoxigraph
        self.path = Path(path) if path is not None else None
        read_only = read_only and self.path is not None
        self._store = pyoxigraph.Store() if self.path is None else _open(pyoxigraph, self.path, read_only=read_only)
        #: The answers read lazily (generators over Oxigraph's results) not yet dropped, and
        #: whether reading an answer ever failed: see close().
        self._lazy: weakref.WeakSet[Generator[Any, None, None]] = weakref.WeakSet()
        self._failed = False
        self.capabilities = StoreCapabilities(
            writable=not read_only,
            persistent=self.path is not None,
            transactions=True,
            blank_nodes=False,
            checks_queries=True,
            set_union=False,
            engine_rdf=True,
            versioned=True,
            compiled_queries=True,
            scratch="oxigraph",
        )

    @classmethod
    def from_spec(cls, argument: str | None, *, read_only: bool = False) -> OxigraphStore:
        """The store of the spec ``oxigraph`` (in memory) or ``oxigraph:PATH`` (on disk)."""
        if argument is not None and not argument.strip():
            raise InputError("oxigraph: needs a folder after the colon (oxigraph:PATH), or none for memory (oxigraph)")
        return cls(path=argument, read_only=read_only)

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a read-only SPARQL query; see :meth:`kgost.Store.query`.

        Values never become query text when Oxigraph can bind them itself: a variable the SELECT
        projects goes in ``substitutions``. Oxigraph binds no other variable, so the rest go in a
        VALUES block written by :func:`kgost.querying._values.sparql_term`; the text then passes the
        gate (:func:`kgost.querying._shape.checked_shape`: a query kgost ships is known, any other
        is parsed) and Oxigraph runs exactly what it checked. (pyoxigraph 0.5.13 has no switch to
        turn SERVICE off, so the gate is the only guard.) The VALUES block alone is checked again
        (:func:`kgost.querying._gate.checked_with_values`).
        """
        result, shape, sparql = self._run(sparql, bindings)
        try:
            return self._answer(result, shape, sparql)
        except BaseException:
            self._failed = True  # the error's frames may hold the result: see close()
            raise
        finally:
            # This frame can outlive the call (a parser's cached exception keeps its callers'
            # frames), and Oxigraph's result holds the store and its folder's lock: let it go.
            del result

    def query_lazy(
        self, sparql: str, *, bindings: Mapping[str, Term] | None = None, dataset: Dataset | None = None
    ) -> LazyResult:
        """Run a read-only SPARQL query as :meth:`query` does, the answer pulled from Oxigraph as it
        is produced: SELECT rows one at a time (each term converted to rdflib's, a bounded number
        of them remembered), CONSTRUCT/DESCRIBE as Oxigraph's own triples (``triples``, skolem IRIs
        as stored) for Oxigraph's own writers. The result holds the store (and its folder's lock)
        until it is read or dropped. ``dataset`` (default graphs, named graphs: IRIs of the store's
        named graphs) is the query's RDF dataset instead of the union default graph and every
        named graph (SPARQL 1.1 Protocol ``default-graph-uri``/``named-graph-uri``)."""
        ox = self._ox
        result, shape, sparql = self._run(sparql, bindings, dataset)
        try:
            if isinstance(result, ox.QueryBoolean):
                return LazyResult("ask", boolean=bool(result))
            if isinstance(result, ox.QueryTriples):
                return LazyResult("graph", triples=self._held(_engine_errors(iter(result))))
            given = tuple(v.value for v in result.variables)
            variables = star_order(shape, sparql, given)
            places = [given.index(v) for v in variables]
            term = self._converter(bounded=True)
            rows = (tuple(None if (value := values[i]) is None else term(value) for i in places)
                    for values in map(tuple, _engine_errors(iter(result))))
            return LazyResult("select", variables=variables, rows=self._held(rows))
        finally:
            del result  # held by the answer's generator only (see query())

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None, dataset: Dataset | None = None) -> tuple[Any, Shape, str]:
        """Oxigraph's result of a query checked by the gate, its shape and its checked text."""
        ox = self._ox
        sparql, shape = checked_shape(sparql)  # refuse updates, FROM/FROM NAMED and SERVICE
        bindings = {name: skolemise(term) for name, term in (bindings or {}).items()}
        projected = shape.projected
        substitutions = {ox.Variable(n): self._to_ox(t) for n, t in bindings.items() if n in projected}
        written = {n: t for n, t in bindings.items() if n not in projected}
        text = checked_with_values(sparql, written) if written else sparql
        graphs = {} if dataset is None else {"default_graph": [self._to_ox(g) for g in dataset[0]],
                                             "named_graphs": [self._to_ox(g) for g in dataset[1]]}
        try:
            # returned, not held in a local: this frame can outlive the call (see query())
            return (self._store.query(text, prefixes=PREFIXES, substitutions=substitutions or None,
                                      use_default_graph_as_union=dataset is None, **graphs), shape, sparql)
        except SyntaxError as exc:  # one line: Oxigraph lists every character class it expected
            raise engine_error("Oxigraph", str(exc), shift=_inserted(sparql, text)) from None
        except (RuntimeError, ValueError, OSError) as exc:
            raise QueryError(f"the Oxigraph engine could not evaluate the query: {' '.join(str(exc).split())}") from None

    def query_generated(self, sparql: str) -> RawResult:
        """Run a SELECT text that kgost wrote itself (the SPARQL validator's compiled shapes, whose
        user-written parts passed the gate when the shapes were read) on Oxigraph directly,
        without parsing it again with rdflib for the gate: that parse costs more than Oxigraph's
        whole evaluation. ``SELECT *`` keeps Oxigraph's variable order."""
        result = self._generated(sparql, "query_generated")
        try:
            variables = tuple(v.value for v in result.variables)
            with quiet_rdflib():  # an ill-typed literal is reported by validate(), not logged
                rows = [
                    tuple(None if solution[v] is None else self._from_ox(solution[v]) for v in variables)
                    for solution in result
                ]
            return RawResult("select", variables=variables, rows=rows)
        except BaseException:
            self._failed = True  # the error's frames may hold the result: see close()
            raise
        finally:
            del result  # as in query(): Oxigraph's result holds the store's lock

    def select_strings(self, sparql: str, *, first_in: Collection[str] | None = None) -> list[tuple[str | None, ...]]:
        """The rows of a SELECT text kgost wrote itself (as :meth:`query_generated`: not parsed
        again for the gate), each value as plain text: an IRI's, a literal's lexical form, a
        blank node as ``_:label``; unbound as ``None``. No rdflib term is made: views built from
        thousands of rows (the network views) need only the text. ``first_in``: only the rows
        whose first value is in it (the others' values are not made into text)."""
        result = self._generated(sparql, "select_strings")
        try:
            blank, named, cut = self._ox.BlankNode, self._ox.NamedNode, len(GENID)

            def text(v: Any) -> str | None:
                if v is None:
                    return None
                value = v.value
                kind = type(v)
                if kind is blank:
                    return f"_:{value}"
                return f"_:{value[cut:]}" if kind is named and value.startswith(GENID) else value

            if first_in is None:
                return [tuple(map(text, row)) for row in result]
            if not any(t.startswith("_:") for t in first_in):  # an IRI's or literal's text is its value
                return [tuple(map(text, row)) for row in result if row[0] is not None and row[0].value in first_in]
            return [(first, *map(text, tuple(row)[1:])) for row in result if (first := text(row[0])) in first_in]
        except BaseException:
            self._failed = True  # the error's frames may hold the result: see close()
            raise
        finally:
            del result  # as in query(): Oxigraph's result holds the store's lock

    def _generated(self, sparql: str, what: str) -> Any:
        """Oxigraph's solutions of a SELECT text kgost wrote itself, run without the gate."""
        try:
            result = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise engine_error("Oxigraph", str(exc)) from None
        except (RuntimeError, ValueError, OSError) as exc:
            raise QueryError(f"the Oxigraph engine could not evaluate the query: {' '.join(str(exc).split())}") from None
        if not isinstance(result, self._ox.QuerySolutions):
            del result  # it holds the store's lock
            raise QueryError(f"{what} runs SELECT queries only")
        return result

    def _answer(self, result: Any, shape: Shape, sparql: str) -> RawResult:
        """Oxigraph's answer in rdflib terms (a SELECT's also as Python values: :class:`EngineSelect`)."""
        ox = self._ox
        if isinstance(result, ox.QueryBoolean):
            return RawResult("ask", boolean=bool(result))
        term = self._converter()
        if isinstance(result, ox.QueryTriples):
            import rdflib

            graph = bind_prefixes(rdflib.Graph())
            for triple in result:
                graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
            return RawResult("graph", graph=graph)
        given = tuple(v.value for v in result.variables)
        variables = star_order(shape, sparql, given)
        return EngineSelect(variables, result, [given.index(v) for v in variables], self._from_ox, ox.Literal)

    def _converter(self, *, bounded: bool = False) -> Any:
        """A function from engine terms to rdflib terms that converts each distinct term once
        (a result repeats its IRIs, types and names on many rows); ``bounded``: it forgets them
        all past :data:`_REMEMBERED` terms (a result read lazily may hold any number)."""
        seen: dict[Any, Term] = {}
        convert = self._from_ox
        most = _REMEMBERED if bounded else None

        def term(t: Any) -> Term:
            found = seen.get(t)
            if found is None:
                if most is not None and len(seen) >= most:
                    seen.clear()
                found = seen[t] = convert(t)
            return found

        return term

    def add(self, quads: Iterable[Quad]) -> int:
        """Add quads in one transaction (all or nothing, even if the process dies); return how many were given."""
        self._check_writable("add quads")
        batch = [self._quad(quad) for quad in quads]
        with self._changing():
            self._store.extend(batch)
        return len(batch)

    def read_file(self, path: str | os.PathLike[str], *, graph: URIRef, format: str | None = None, max_size: int) -> list[Any]:
        """One RDF file parsed by Oxigraph into engine quads (see :func:`kgost.readwrite._native.read_native`)."""
        from kgost.readwrite._native import read_native

        return read_native(path, graph=str(graph), genid=GENID, format=format, max_size=max_size)

    def load_stream(self, source: Any, *, graph: URIRef, format: str, base_iri: str) -> None:
        """Load a file open in binary mode with Oxigraph's own parser in one transaction (all or
        nothing), the default graph's triples into ``graph``; no quad becomes a Python object.
        Oxigraph's errors (``SyntaxError``, ``ValueError``, ``OSError``) are left to the caller."""
        from kgost.readwrite._native import NATIVE_FORMATS

        self._check_writable("add quads")
        ox = self._ox
        with self._changing():
            self._store.load(source, getattr(ox.RdfFormat, NATIVE_FORMATS[format]), base_iri=base_iri,
                             to_graph=ox.NamedNode(str(graph)))

    def add_engine(self, quads: list[Any], more: Iterable[Quad] = ()) -> int:
        """Add engine quads (from :meth:`read_file`) and kgost quads ``more`` in one transaction."""
        self._check_writable("add quads")
        batch = quads + [self._quad(quad) for quad in more]
        with self._changing():
            self._store.extend(batch)
        return len(batch)

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs the store holds (skolem IRIs for blank graph names)."""
        return {g.value for g in self._store.named_graphs() if isinstance(g, self._ox.NamedNode)}

    def held_triples(self, graph: str) -> set[tuple[Any, Any, Any]]:
        """The triples of one named graph, as engine terms."""
        found = self._store.quads_for_pattern(None, None, None, self._ox.NamedNode(graph))
        return {(q.subject, q.predicate, q.object) for q in found}

    def nquads_lines(self) -> list[str] | None:
        """The named graphs as N-Quads lines (without line breaks, split at ``\\n`` only: canonical
        N-Quads write U+2028 and U+0085 as themselves) by Oxigraph's own writer (canonical
        escapes), skolem IRIs written back as blank nodes (in the lines that hold one); ``None``
        when the default graph holds quads (put there by another tool: kgost leaves them out,
        which a whole dump cannot)."""
        ox = self._ox
        if next(iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            return None
        text = self._store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
        skolem = GENID in text
        lines = text.split("\n")
        del text
        if lines[-1] == "":
            lines.pop()
        if skolem:
            lines = [_SKOLEM.sub(r"_:\1", line) if GENID in line else line for line in lines]
        return lines

    def remove(self, quads: Iterable[Quad]) -> int:
        """Remove quads in one update; return how many were given."""
        self._check_writable("remove quads")
        batch = [self._quad(quad) for quad in quads]
        with self._changing():
            for quad in batch:
                self._store.remove(quad)
        return len(batch)

    def clear(self) -> None:
        """Remove every quad."""
        self._check_writable("clear the store")
        with self._changing():
            self._store.clear()

    def quads(self) -> Iterator[Quad]:
        """Every quad in the named graphs (quads that other tools put in the default graph left out)."""
        yield from self._matching(None, None)

    def held(self, quads: Iterable[Quad]) -> set[Quad]:
        """Which of ``quads`` the store holds, looked up in Oxigraph's indexes."""
        return {quad for quad in set(quads) if self._quad(quad) in self._store}

    def about(self, iris: Iterable[Term], *, as_object: bool = False) -> Iterator[Quad]:
        """Every quad with one of ``iris`` as subject (or object), from Oxigraph's indexes."""
        for iri in sorted({iri for iri in iris if isinstance(iri, URIRef)}):
            yield from self._matching(None, self._to_ox(iri)) if as_object else self._matching(self._to_ox(iri), None)

    def _matching(self, subject: Any, object_: Any) -> Iterator[Quad]:
        return self._held(self._quads_matching(subject, object_))

    def _quads_matching(self, subject: Any, object_: Any) -> Iterator[Quad]:
        default = self._ox.DefaultGraph
        term = self._converter()  # each engine term converted once: graphs, predicates and types repeat
        for quad in self._store.quads_for_pattern(subject, None, object_, None):
            g = quad.graph_name
            if type(g) is default:
                continue
            yield (term(quad.subject), term(quad.predicate), term(quad.object), term(g))  # type: ignore[misc]

    def close(self) -> None:
        """Write everything to disk and release the folder's lock (the store is not used after)."""
        store, self._store = self._store, None
        if store is None or self.path is None:
            return
        if self.capabilities.writable:
            store.flush()
        del store
        # pyoxigraph's query results hold the store (and the folder's lock) until they are
        # collected. kgost drops every result it reads whole before it returns; one read lazily
        # lives as long as its generator is unfinished, and one whose reading failed as long as
        # the error's frames: a reference cycle can keep either until the cycle collector runs.
        # Collect then, only then (a full collection walks every object of the process, 0.1 to
        # 0.3 s in one holding large graphs).
        if self._failed or any(answer.gi_frame is not None for answer in list(self._lazy)):
            gc.collect()

    def _held(self, answer: Generator[Any, None, None]) -> Generator[Any, None, None]:
        """``answer``, a generator over an Oxigraph result, noted until it is dropped (see :meth:`close`)."""
        self._lazy.add(answer)
        return answer

    def _quad(self, quad: Quad) -> Any:
        s, p, o, g = quad
        return self._ox.Quad(self._to_ox(s), self._to_ox(p), self._to_ox(o), self._to_ox(g))

    def _to_ox(self, term: Term) -> Any:
        ox = self._ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.NamedNode(str(skolemise(term)))
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
            value = term.value
            return BNode(value[len(GENID):]) if value.startswith(GENID) else URIRef(value)
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


_REMEMBERED = 100_000  # engine terms a lazily read result's converter remembers
_SKOLEM = re.compile("<" + re.escape(GENID) + r"([^>]*)>")



def _open(ox: Any, path: Path, *, read_only: bool) -> Any:
    """Open the Oxigraph store in ``path``, refusing a folder or file that is something else."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{str(path)!r} is a file, not an Oxigraph store folder")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise InputError(f"{str(path)!r} is a folder that holds something else than an Oxigraph store; give a new or empty folder")
    if read_only and not path.is_dir():
        raise InputError(f"no Oxigraph store at {str(path)!r}; create one with: kgost store init --store oxigraph:{path}")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        reason = " ".join(str(exc).split())
        if "lock" in reason.lower():
            raise InputError(
                f"the Oxigraph store {str(path)!r} is open for writing by another process (or another open store"
                " of this one); wait for it to finish or close it (reading while another process writes is not supported)"
            ) from None
        raise InputError(f"cannot open the Oxigraph store {str(path)!r}: {reason}") from None
def _engine_errors(items: Iterator[Any]) -> Iterator[Any]:
    """``items`` as they come; Oxigraph's errors while evaluating them become ``QueryError``."""
    try:
        yield from items
    except (RuntimeError, ValueError, OSError) as exc:
        raise QueryError(f"the Oxigraph engine could not evaluate the query: {' '.join(str(exc).split())}") from None


def _inserted(original: str, text: str) -> tuple[int, int, int] | None:
    """Where ``with_values`` put its VALUES block: (line, column, length), or ``None``."""
    if text == original:
        return None
    start = len(os.path.commonprefix([original, text]))
    line = original.count("\n", 0, start) + 1
    column = start - (original.rfind("\n", 0, start) + 1) + 1
    return line, column, len(text) - len(original)
