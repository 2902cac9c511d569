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
        ValidatorFallbackWarning,
    )
    from kgost.readwrite._export import EXPORT_FORMATS, export, schema_view
    from kgost._graph import KnowledgeGraph, load
    from kgost.entries._grow import Addition, add_entries
    from kgost.entries._entries import entries_schema
    from kgost.entries._extract import extract
    from kgost.entries._generate import GENERATE_FORMATS, VIOLATION_KINDS, Generated, GeneratedViolation, generate
    from kgost._lookup import Entity, find, normalize_name, resolve
    from kgost._namespace import DATA_IRI, KGOST, KGOST_ID, ONTOLOGY_IRI, PREFIXES, SHAPES, compact_iri, expand_iri
    from kgost._provenance import Source, sources
    from kgost.querying._named import NamedQuery, QueryParameter, named_queries, named_query, query, sparql
    from kgost.querying._results import QueryResult, Row
    from kgost._stats import Stats, stats
    from kgost.stores._oxigraph import OxigraphStore
    from kgost.stores._registry import ENGINES, STORE_SPECS, make_store
    from kgost.stores._remote import SparqlStore
    from kgost.stores._base import RawResult, Store, StoreBase, StoreCapabilities
    from kgost.stores._rdflib import RdflibStore
    from kgost.validation._shacl import ValidationReport, ValidationResult, validate

    from kgost.networks._central import Centrality, central
    from kgost.networks._connect import Connection, Connections, Hop, connect
    from kgost.networks._draw import draw_network
    from kgost.networks._members import SharedMembers, shared_members
    from kgost.networks._views import NETWORK_VIEWS, network
    from kgost.networks._io import NETWORK_FORMATS, export_network, write_network

    __version__: str

# where each public name lives: one line per private module (tests/test_layout.py checks that this
# table, the TYPE_CHECKING imports above and __all__ agree)
_WHERE: dict[str, tuple[str, ...]] = {
    "kgost._errors": (
        "KgostError", "InputError", "ParseError", "QueryError", "QuerySyntaxError", "ParameterError",
        "UnknownQueryError", "EntityNotFoundError", "AmbiguousEntityError", "ExportError", "MissingExtraError",
        "LimitError", "EntryError", "KgostWarning", "ProvenanceLeftOutWarning", "UnknownTermWarning",
        "ValidatorFallbackWarning",
    ),
    "kgost.readwrite._export": ("EXPORT_FORMATS", "export", "schema_view"),
    "kgost._graph": ("KnowledgeGraph", "load"),
    "kgost.entries._grow": ("Addition", "add_entries"),
    "kgost.entries._entries": ("entries_schema",),
    "kgost.entries._extract": ("extract",),
    "kgost.entries._generate": ("GENERATE_FORMATS", "VIOLATION_KINDS", "Generated", "GeneratedViolation", "generate"),
    "kgost._lookup": ("Entity", "find", "normalize_name", "resolve"),
    "kgost._namespace": ("DATA_IRI", "KGOST", "KGOST_ID", "ONTOLOGY_IRI", "PREFIXES", "SHAPES", "compact_iri", "expand_iri"),
    "kgost._provenance": ("Source", "sources"),
    "kgost.querying._named": ("NamedQuery", "QueryParameter", "named_queries", "named_query", "query", "sparql"),
    "kgost.querying._results": ("QueryResult", "Row"),
    "kgost._stats": ("Stats", "stats"),
    "kgost.stores._oxigraph": ("OxigraphStore",),
    "kgost.stores._registry": ("ENGINES", "STORE_SPECS", "make_store"),
    "kgost.stores._remote": ("SparqlStore",),
    "kgost.stores._base": ("RawResult", "Store", "StoreBase", "StoreCapabilities"),
    "kgost.stores._rdflib": ("RdflibStore",),
    "kgost.validation._shacl": ("ValidationReport", "ValidationResult", "validate"),
    "kgost.networks._central": ("Centrality", "central"),
    "kgost.networks._connect": ("Connection", "Connections", "Hop", "connect"),
    "kgost.networks._draw": ("draw_network",),
    "kgost.networks._members": ("SharedMembers", "shared_members"),
    "kgost.networks._views": ("NETWORK_VIEWS", "network"),
    "kgost.networks._io": ("NETWORK_FORMATS", "export_network", "write_network"),
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
    # synthetic graphs of any size (for tests and benchmarks)
    "generate",
    "Generated",
    "GeneratedViolation",
    "GENERATE_FORMATS",
    "VIOLATION_KINDS",
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
    "ValidatorFallbackWarning",
]


def __getattr__(name: str) -> _typing.Any:
    """Import a public name from its private module on first use (PEP 562), then keep it here."""
    value: _typing.Any
    if name == "__version__":
        from kgost import _version

        value = _version.__version__
    elif name in _MODULE_OF:
        value = getattr(_importlib.import_module(_MODULE_OF[name]), name)
    else:
        raise AttributeError(f"module 'kgost' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (``__all__``) and what the module already holds."""
    return sorted(set(globals()) | set(__all__))

