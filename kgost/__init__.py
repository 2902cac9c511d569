"""kgost: a linked-data library and the reference knowledge graph of K-drama soundtracks (OSTs)."""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

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

# networks and connections (issue 4)
from kgost._central import Centrality, central
from kgost._connect import Connection, Connections, Hop, connect
from kgost._draw import draw_network
from kgost._members import SharedMembers, shared_members
from kgost._network import NETWORK_VIEWS, network
from kgost._network_io import NETWORK_FORMATS, export_network, write_network

try:
    __version__ = _version("kgost")
except _PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

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
