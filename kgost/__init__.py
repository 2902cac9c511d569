"""kgost: a linked-data library and the reference knowledge graph of K-drama soundtracks (OSTs)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from kgost._errors import (
    AmbiguousEntityError,
    EntityNotFoundError,
    ExportError,
    InputError,
    KgostError,
    MissingExtraError,
    ParameterError,
    ParseError,
    QueryError,
    QuerySyntaxError,
    UnknownQueryError,
)
from kgost._export import EXPORT_FORMATS, export, schema_view
from kgost._graph import KnowledgeGraph, load
from kgost._lookup import Entity, find, normalize_name, resolve
from kgost._namespace import DATA_IRI, KGOST, KGOST_ID, ONTOLOGY_IRI, PREFIXES, SHAPES, compact_iri, expand_iri
from kgost._provenance import Source, sources
from kgost._stats import Stats, stats
from kgost._store import RawResult, RdflibStore, Store
from kgost._validate import ValidationReport, ValidationResult, validate

try:
    __version__ = _version("kgost")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    # loading and the graph
    "load",
    "KnowledgeGraph",
    # storage engines
    "Store",
    "RdflibStore",
    "RawResult",
    # finding entities
    "find",
    "resolve",
    "Entity",
    "normalize_name",
    # validation
    "validate",
    "ValidationReport",
    "ValidationResult",
    # statistics and provenance
    "stats",
    "Stats",
    "sources",
    "Source",
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
]
