"""The knowledge graph object and ``load()``: bundled ontology and data, plus any user files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from kgost._errors import InputError
from kgost.readwrite._checks import check_iris, check_no_foreign_engine_graphs, check_no_foreign_graphs, engine_reads
from kgost.readwrite._input import file_paths
from kgost.readwrite._bundled import named_bundled_quads
from kgost.readwrite._direct import load_direct
from kgost.readwrite._io import file_graph_iri, read_rdf
from kgost._limits import DEFAULT_MAX_INPUT_SIZE, run_bounded
from kgost._logs import quiet_rdflib
from kgost._lookup import Entity, find, resolve
from kgost._namespace import ONTOLOGY_IRI, expand_iri, graph_prefixes
from kgost._provenance import Source, sources
from kgost._public import public
from kgost.querying._named import query, sparql
from kgost.querying._results import QueryResult
from kgost.querying._shape import checked_shape
from kgost._stats import Stats, stats
from kgost.stores._registry import STORE_SPECS, make_store
from kgost.stores._base import RawResult, Store
from kgost.stores._rdflib import RdflibStore
from kgost._types import Quad, Term
from kgost._versioned import same_content

if TYPE_CHECKING:  # the methods below import these views on first use: they import pyshacl or networkx
    import networkx as nx

    from kgost.networks._central import Centrality
    from kgost.entries._grow import Addition
    from kgost.networks._connect import Connections
    from kgost.networks._members import SharedMembers
    from kgost.validation._shacl import ValidationReport

__all__ = ["KnowledgeGraph", "load"]


def load(
    *paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    bundled: bool | None = None,
    format: str | None = None,
    store: Store | str | None = None,
    max_input_size: int = DEFAULT_MAX_INPUT_SIZE,
) -> KnowledgeGraph:
    """Load the kgost knowledge graph: the bundled ontology and article data, plus ``paths``.

    Parameters
    ----------
    *paths
        RDF files of your own (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML), one by one or
        in lists. Triples in a file's default graph go to a named graph named by the file's
        ``file://`` IRI.
    bundled
        Add the bundled ontology and data first, unless the store holds them already (a
        persistent store opened again). ``None`` (default): yes, except on a remote store
        (``sparql:URL``), whose data kgost reads as the server holds it, and on a store opened
        read-only. ``False``: never; ``True``: always (pushing them to a server too).
    format
        Format of ``paths`` when their extensions do not tell (``turtle``, ``trig``, ``nt``,
        ``nquads``, ``jsonld``, ``rdfxml``).
    store
        The storage engine: a :class:`Store`, or a spec for :func:`kgost.make_store`:
        ``"memory"`` (rdflib, the default), ``"oxigraph"``, ``"oxigraph:PATH"`` (on disk) or
        ``"sparql:URL"`` (a SPARQL server); Oxigraph needs ``kgost[oxigraph]``. A new store
        (``"memory"`` or ``"oxigraph"``) holding the bundled data alone shares what kgost derives
        from it (network views, name index, schema.org view) with the other loads of it in this
        process, until its data changes.
    max_input_size
        The largest file of ``paths`` to read, in bytes (default 256 MiB); a larger one raises
        ``LimitError``. Only regular files are read: a device or a pipe is an ``InputError``.

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    InputError, ParseError
        A file is missing or malformed, or the store spec is unknown. Nothing is loaded then:
        every file is parsed before any quad is added.
    LimitError
        A file is larger than ``max_input_size``.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> kg.label("song:stay-with-me")
    'Stay with Me'
    >>> kgost.load("no-such-file.ttl")
    Traceback (most recent call last):
    ...
    kgost.InputError: no such file: 'no-such-file.ttl'
    """
    if store is not None and not isinstance(store, (str, Store)):
        raise InputError(f"store must be a store spec ({', '.join(STORE_SPECS)}) or a kgost.Store, not {store!r}")
    if bundled is not None and not isinstance(bundled, bool):
        raise InputError(f"bundled must be True, False or None, not {bundled!r}")
    kg = KnowledgeGraph(store=make_store(store) if isinstance(store, str) else store)
    capabilities = kg.store.capabilities
    if bundled is None:
        bundled = capabilities.writable and not capabilities.remote
    files = file_paths(paths)
    if files and load_direct(kg, files, bundled=bundled, format=format, max_size=max_input_size):
        kg.files.extend(files)  # a fresh Oxigraph store, N-Triples or N-Quads: the engine loaded them itself
        return kg
    if bundled and not (capabilities.persistent and holds_bundled(kg)):
        name, quads = named_bundled_quads()
        kg.store.add(quads)
        if not files and isinstance(store, (str, type(None))) and not capabilities.persistent:
            same_content(kg.store, ("bundled", name))  # a new store holding the bundled data only
    if files:
        kg.add(files, format=format, max_input_size=max_input_size)
    return kg


def holds_bundled(kg: KnowledgeGraph) -> bool:
    """Whether the graph holds the bundled ontology and data: the ontology's named graph is not
    empty, and an article is there (a persistent store opened again is not loaded twice)."""
    ask = "ASK { GRAPH ?o { ?a ?b ?c } ?article a kgost:Article }"
    return bool(kg.sparql_raw(ask, bindings={"o": ONTOLOGY_IRI}).boolean)


@public
class KnowledgeGraph:
    """A kgost knowledge graph on one storage engine.

    Every method reaches the data through SPARQL on :attr:`store`, so it works the same on any
    engine that implements :class:`kgost.Store`. Make one with :func:`kgost.load`.

    Parameters
    ----------
    store
        The storage engine (default: a new, empty :class:`kgost.RdflibStore`).

    Attributes
    ----------
    store : Store
        The engine that holds the quads.
    files : list of pathlib.Path
        The user files added with :meth:`add`, in order.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> kg.store.name, kg.files
    ('rdflib', [])
    >>> kg.resolve("EXO CBX").iri == kg.iri("group:exo-cbx")
    True
    >>> kg.query("group-members", group="EXO-CBX").column("name")
    ['Baekhyun', 'Chen', 'Xiumin']
    >>> len(kgost.KnowledgeGraph())  # empty: load() adds the bundled data
    0
    """

    def __init__(self, *, store: Store | None = None) -> None:
        self.store: Store = store if store is not None else RdflibStore()
        self.files: list[Path] = []

    def __len__(self) -> int:
        """Number of quads (a triple stated by two sentences counts twice), counted by the engine."""
        return len(self.store)

    def close(self) -> None:
        """Close the store (files, connections); the graph is not used after."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph on {self.store.name}: {len(self)} quads>"

    def add(
        self,
        *paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
        format: str | None = None,
        max_input_size: int = DEFAULT_MAX_INPUT_SIZE,
    ) -> int:
        """Add RDF files to the graph, all or nothing; return the number of quads added.

        Parameters
        ----------
        *paths
            RDF files, one by one or in lists (as :func:`kgost.load` takes them).
        format
            Their format when the extensions do not tell (see :func:`kgost.load`).
        max_input_size
            The largest file to read, in bytes (see :func:`kgost.load`).

        Returns
        -------
        int
            The number of quads the files hold.

        Raises
        ------
        InputError, ParseError
            A file is missing or malformed, or adds facts to a graph of another source.

        Examples
        --------
        >>> import kgost, pathlib, tempfile
        >>> kg = kgost.load()
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "mine.ttl").write_text(
        ...     '@prefix kgost: <https://w3id.org/kgost/ontology#> .\\n'
        ...     '<https://w3id.org/kgost/id/song/new> a kgost:Song ; kgost:title "New" .\\n')
        >>> kg.add(folder / "mine.ttl")
        2
        >>> kg.label("song:new")
        'New'
        """
        paths = file_paths(paths)
        quads: list[Quad] = []
        engine: list[Any] = []  # quads the engine parsed itself, kept as its own terms
        for path in paths:
            if self.store.capabilities.engine_rdf and engine_reads(path, format):
                parsed = self.store.read_file(path, graph=file_graph_iri(path), format=format, max_size=max_input_size)  # type: ignore[attr-defined]
                check_no_foreign_engine_graphs(self, parsed, path=path)
                engine.extend(parsed)
                continue
            found = read_rdf(path, format=format, max_size=max_input_size)
            check_iris(found, path=path)
            check_no_foreign_graphs(self, found, path=path)
            quads.extend(found)
        added = self.store.add_engine(engine, quads) if engine else self.store.add(quads)  # type: ignore[attr-defined]
        self.files.extend(paths)
        return added

    def add_entries(
        self, *paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], dry_run: bool = False
    ) -> Addition:
        """Add YAML or CSV entry files, validated, all or nothing; see :func:`kgost.add_entries`."""
        from kgost.entries._grow import add_entries

        return add_entries(self, *paths, dry_run=dry_run)

    def sparql_raw(self, sparql: str, *, bindings: dict[str, Term] | None = None) -> RawResult:
        """Run SPARQL on the store and return the engine-neutral :class:`RawResult`.

        Parameters
        ----------
        sparql
            A read-only query; kgost's prefixes are predeclared.
        bindings
            Variables pre-bound to RDF terms (no conversion of Python values, unlike :meth:`sparql`).

        Returns
        -------
        RawResult
            The answer in rdflib terms.
        """
        if not self.store.capabilities.checks_queries:
            # refuse FROM, SERVICE and updates on engines that do not, and give them the text checked
            sparql, _ = checked_shape(sparql)
        with quiet_rdflib():  # an ill-typed literal an engine hands back is reported by validate()
            return self.store.query(sparql, bindings=bindings)

    def sparql(
        self,
        text: str,
        *,
        bindings: dict[str, Any] | None = None,
        timeout: float | None = None,
        max_memory: int | None = None,
    ) -> QueryResult:
        """Run any read-only SPARQL query; see :func:`kgost.sparql`.

        ``timeout`` (seconds) and ``max_memory`` (bytes) bound the query: past either it stops
        with a ``LimitError`` (see :func:`kgost._limits.run_bounded`); by default there is no limit.
        """
        return run_bounded(
            lambda: sparql(self, text, bindings=bindings), timeout=timeout, max_memory=max_memory, what="the query"
        )

    def query(self, name: str, /, *, timeout: float | None = None, max_memory: int | None = None, **params: Any) -> QueryResult:
        """Run a named query (``queries/<name>.rq``) with its parameters; see :func:`kgost.query`.

        ``timeout`` and ``max_memory`` bound it as in :meth:`sparql` (so no parameter has these names).
        """
        return run_bounded(
            lambda: query(self, name, **params), timeout=timeout, max_memory=max_memory, what=f"the query {name!r}"
        )

    def iri(self, term: str | URIRef) -> URIRef:
        """Expand a compact IRI (``person:chanyeol``) or check a full one; see :func:`kgost.expand_iri`.
        The prefixes are kgost's and those the graph's own files declare.

        Examples
        --------
        >>> import kgost
        >>> kgost.load(bundled=False).iri("person:chanyeol")
        rdflib.term.URIRef('https://w3id.org/kgost/id/person/chanyeol')
        """
        return expand_iri(term, prefixes=graph_prefixes(self))

    def label(self, term: str | URIRef) -> str | None:
        """The display label of an entity (its title or name), or ``None``.

        Parameters
        ----------
        term
            The entity's IRI, full or compact.

        Returns
        -------
        str or None
            Its title, name or ``rdfs:label`` (the first alphabetically if it has several); ``None``
            when it has none.

        Examples
        --------
        >>> import kgost
        >>> kgost.load().label("group:exo-cbx")
        'EXO-CBX'
        """
        rows = self.store.query(
            "PREFIX kgost: <https://w3id.org/kgost/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "SELECT ?label WHERE { { ?x kgost:title ?label } UNION { ?x kgost:name ?label }"
            " UNION { ?x rdfs:label ?label } } ORDER BY STR(?label) LIMIT 1",
            bindings={"x": self.iri(term)},
        ).rows
        return str(rows[0][0]) if rows else None

    def find(self, name: str | URIRef, *, limit: int = 20) -> list[Entity]:
        """Entities whose name or any alternative label matches ``name`` (or the entity an IRI
        names); ``EntityNotFoundError`` with the closest names if none; see :func:`kgost.find`."""
        return find(self, name, limit=limit)

    def resolve(self, name: str | URIRef, *, kind: str | None = None) -> Entity:
        """The one entity ``name`` denotes (of the kgost class ``kind``, if given), or an error
        listing candidates; see :func:`kgost.resolve`."""
        return resolve(self, name, kind=kind)

    def validate(
        self,
        *,
        shapes: str | Path | None = None,
        timeout: float | None = None,
        max_memory: int | None = None,
        engine: str = "auto",
        focus: Iterable[URIRef] | None = None,
    ) -> ValidationReport:
        """Validate the graph (or only the ``focus`` nodes) against the kgost SHACL shapes with the
        ``engine`` validator (``"auto"``, ``"sparql"`` or ``"pyshacl"``); see :func:`kgost.validate`.

        ``timeout`` and ``max_memory`` bound the validation as in :meth:`sparql`.
        """
        from kgost.validation._shacl import validate  # imports pyshacl, which a query does not need

        return run_bounded(
            lambda: validate(self, shapes=shapes, engine=engine, focus=focus),
            timeout=timeout, max_memory=max_memory, what="the validation",
        )

    def stats(self) -> Stats:
        """Counts per class, triples, quads and sources; see :func:`kgost.stats`."""
        return stats(self)

    def sources(
        self, subject: str | URIRef, predicate: str | URIRef | None = None, object: Term | str | None = None
    ) -> list[Source]:
        """Where the facts about ``subject`` come from; see :func:`kgost.sources`."""
        return sources(self, subject, predicate, object)

    # networks and connections (issue 4): their modules import networkx, which a query does not need
    def network(self, *, view: str = "artist", around: str | URIRef | None = None, depth: int = 1) -> nx.Graph:
        """A NetworkX view of the graph (``artist``, ``full``, ``people``, ``songs``); see :func:`kgost.network`."""
        from kgost.networks._views import network

        return network(self, view=view, around=around, depth=depth)

    def connect(self, source: str | URIRef, target: str | URIRef, *, max_paths: int = 10,
                view: str = "artist") -> Connections:
        """The shortest connections between two entities, explained; see :func:`kgost.connect`."""
        from kgost.networks._connect import connect

        return connect(self, source, target, max_paths=max_paths, view=view)

    def shared_members(self, *, group: str | URIRef | None = None) -> SharedMembers:
        """Groups with overlapping members and the songs they link; see :func:`kgost.shared_members`."""
        from kgost.networks._members import shared_members

        return shared_members(self, group=group)

    def central(self, *, view: str = "artist", top: int = 10, by: str = "degree") -> list[Centrality]:
        """The most connected entities, by degree or betweenness; see :func:`kgost.central`."""
        from kgost.networks._central import central

        return central(self, view=view, top=top, by=by)

    def export(
        self,
        *,
        format: str | None = None,
        graph: str | URIRef | None = None,
        profile: str = "kgost",
        frame: str | None = None,
        canonical: bool = False,
        output: str | Path | None = None,
        timeout: float | None = None,
        max_memory: int | None = None,
        force: bool = False,
    ) -> str:
        """The graph as RDF text (TriG by default, provenance kept); see :func:`kgost.export`."""
        from kgost.readwrite._export import export  # the writers, imported on first use: not at load

        return export(
            self, format=format, graph=graph, profile=profile, frame=frame, canonical=canonical, output=output,
            timeout=timeout, max_memory=max_memory, force=force,
        )

    def schema_view(self) -> Graph:
        """The graph in schema.org terms; see :func:`kgost.schema_view`."""
        from kgost.readwrite._export import schema_view

        return schema_view(self)
