"""``GraphLike``: what view modules need of a graph, so they never import ``KnowledgeGraph``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rdflib import URIRef

    from kgost.stores._base import RawResult, Store
    from kgost._types import Term

__all__ = ["GraphLike"]


class GraphLike(Protocol):
    """A graph as the views (lookup, queries, provenance, stats, validation, networks, export) see it.

    ``kgost.KnowledgeGraph`` is one; the views take any object with these members, so imports run
    one way: ``_graph`` imports the views, never the reverse.

    Attributes
    ----------
    store : Store
        The engine holding the quads.
    files : list of pathlib.Path
        The user files added to the graph.
    """

    store: Store
    files: list[Path]

    def sparql_raw(self, sparql: str, *, bindings: dict[str, Term] | None = None) -> RawResult:
        """Run a read-only SPARQL query (kgost's prefixes predeclared) and return its raw result."""
        ...

    def label(self, term: str | URIRef) -> str | None:
        """The display label of an entity, or ``None``."""
        ...

    def iri(self, term: str | URIRef) -> URIRef:
        """A compact or full IRI, expanded and checked."""
        ...
