"""kgost: a linked-data library and the reference knowledge graph of K-drama soundtracks (OSTs)."""

# A lazy facade (PEP 562): ``import kgost`` imports none of its modules; each public name is
# imported from its private module on first use, so ``import kgost`` and ``kgost --version`` do
# not pay for rdflib's SPARQL engine, pyshacl, networkx, matplotlib, pyld or pyoxigraph.
import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:  # for type checkers and IDEs; at run time __getattr__ imports on first use
    from kgost._errors import (
        AmbiguousEntityError,
        EntityNotFoundError,
        ExportError,
        InputError,
        KgostError,
        LimitError,
        EntryError,
        KgostWarning,
        MissingExtraError,
        ParameterError,
        ParseError,
        ProvenanceLeftOutWarning,
        QueryError,
        QuerySyntaxError,
        UnknownQueryError,
        UnknownTermWarning,
    )
    from kgost._export import EXPORT_FORMATS, export, schema_view
    from kgost._graph import KnowledgeGraph, load
    from kgost._grow import Addition, add_entries
    from kgost._entries import entries_schema
    from kgost._extract import extract
    from kgost._lookup import Entity, find, normalize_name, resolve
    from kgost._namespace import DATA_IRI, KGOST, KGOST_ID, ONTOLOGY_IRI, PREFIXES, SHAPES, compact_iri, expand_iri
    from kgost._provenance import Source, sources
    from kgost._query import NamedQuery, QueryParameter, named_queries, named_query, query, sparql
    from kgost._results import QueryResult, Row
    from kgost._stats import Stats, stats
    from kgost._oxigraph import OxigraphStore
    from kgost._registry import ENGINES, STORE_SPECS, make_store
    from kgost._remote import SparqlStore
    from kgost._store import RawResult, RdflibStore, Store, StoreBase, StoreCapabilities
    from kgost._validate import ValidationReport, ValidationResult, validate

    from kgost._central import Centrality, central
    from kgost._connect import Connection, Connections, Hop, connect
    from kgost._draw import draw_network
    from kgost._members import SharedMembers, shared_members
    from kgost._network import NETWORK_VIEWS, network
    from kgost._network_io import NETWORK_FORMATS, export_network, write_network

    __version__: str

# where each public name lives: one line per private module (tests/test_layout.py checks that this
# table, the TYPE_CHECKING imports above and __all__ agree)
_WHERE: dict[str, tuple[str, ...]] = {
    "kgost._errors": (
        "KgostError", "InputError", "ParseError", "QueryError", "QuerySyntaxError", "ParameterError",
        "UnknownQueryError", "EntityNotFoundError", "AmbiguousEntityError", "ExportError", "MissingExtraError",
        "LimitError", "EntryError", "KgostWarning", "ProvenanceLeftOutWarning", "UnknownTermWarning",
    ),
    "kgost._export": ("EXPORT_FORMATS", "export", "schema_view"),
    "kgost._graph": ("KnowledgeGraph", "load"),
    "kgost._grow": ("Addition", "add_entries"),
    "kgost._entries": ("entries_schema",),
    "kgost._extract": ("extract",),
    "kgost._lookup": ("Entity", "find", "normalize_name", "resolve"),
    "kgost._namespace": ("DATA_IRI", "KGOST", "KGOST_ID", "ONTOLOGY_IRI", "PREFIXES", "SHAPES", "compact_iri", "expand_iri"),
    "kgost._provenance": ("Source", "sources"),
    "kgost._query": ("NamedQuery", "QueryParameter", "named_queries", "named_query", "query", "sparql"),
    "kgost._results": ("QueryResult", "Row"),
    "kgost._stats": ("Stats", "stats"),
    "kgost._oxigraph": ("OxigraphStore",),
    "kgost._registry": ("ENGINES", "STORE_SPECS", "make_store"),
    "kgost._remote": ("SparqlStore",),
    "kgost._store": ("RawResult", "RdflibStore", "Store", "StoreBase", "StoreCapabilities"),
    "kgost._validate": ("ValidationReport", "ValidationResult", "validate"),
    "kgost._central": ("Centrality", "central"),
    "kgost._connect": ("Connection", "Connections", "Hop", "connect"),
    "kgost._draw": ("draw_network",),
    "kgost._members": ("SharedMembers", "shared_members"),
    "kgost._network": ("NETWORK_VIEWS", "network"),
    "kgost._network_io": ("NETWORK_FORMATS", "export_network", "write_network"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "__version__",
    # loading and the graph
    "load",
    "KnowledgeGraph",
    # growing the graph: entry files (YAML, CSV) and drafts from articles
    "add_entries",
    "Addition",
    "entries_schema",
    "extract",
    # storage engines
    "Store",
    "RdflibStore",
    "OxigraphStore",
    "SparqlStore",
    "StoreBase",
    "StoreCapabilities",
    "make_store",
    "ENGINES",
    "STORE_SPECS",
    "RawResult",
    # finding entities
    "find",
    "resolve",
    "Entity",
    "normalize_name",
    # queries: any SPARQL, named queries (queries/*.rq) and their results
    "sparql",
    "query",
    "named_queries",
    "named_query",
    "NamedQuery",
    "QueryParameter",
    "QueryResult",
    "Row",
    # validation
    "validate",
    "ValidationReport",
    "ValidationResult",
    # statistics and provenance
    "stats",
    "Stats",
    "sources",
    "Source",
    # networks and connections
    "network",
    "NETWORK_VIEWS",
    "export_network",
    "write_network",
    "NETWORK_FORMATS",
    "draw_network",
    "connect",
    "Connections",
    "Connection",
    "Hop",
    "shared_members",
    "SharedMembers",
    "central",
    "Centrality",
    # namespaces
    "KGOST",
    "KGOST_ID",
    "SHAPES",
    "PREFIXES",
    "ONTOLOGY_IRI",
    "DATA_IRI",
    "expand_iri",
    "compact_iri",
    # export and interchange
    "export",
    "schema_view",
    "EXPORT_FORMATS",
    # errors
    "KgostError",
    "InputError",
    "ParseError",
    "QueryError",
    "QuerySyntaxError",
    "ParameterError",
    "UnknownQueryError",
    "EntityNotFoundError",
    "AmbiguousEntityError",
    "ExportError",
    "MissingExtraError",
    "LimitError",
    "EntryError",
    # warnings
    "KgostWarning",
    "ProvenanceLeftOutWarning",
    "UnknownTermWarning",
]


def __getattr__(name: str) -> _typing.Any:
    """Import a public name from its private module on first use (PEP 562), then keep it here."""
    if name == "__version__":
        value: _typing.Any = _installed_version()
    elif name in _MODULE_OF:
        value = getattr(_importlib.import_module(_MODULE_OF[name]), name)
    else:
        raise AttributeError(f"module 'kgost' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (``__all__``) and what the module already holds."""
    return sorted(set(globals()) | set(__all__))


def _installed_version() -> str:
    """The installed distribution's version (``0.0.0+unknown`` in a source tree without an install)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kgost")
    except PackageNotFoundError:
        return "0.0.0+unknown"
