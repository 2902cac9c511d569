"""Spot ``kgost:`` terms in a SPARQL query that the ontology does not define (typos) and warn."""

from __future__ import annotations

import difflib
import re
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import RDF, URIRef

from kgost._errors import UnknownTermWarning
from kgost._namespace import KGOST

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["warn_unknown_terms", "unknown_terms", "ontology_terms"]

_NS = str(KGOST)


def warn_unknown_terms(kg: GraphLike, text: str) -> None:
    """Warn (``UnknownTermWarning``) once for each ``kgost:`` term of the query ``text`` that the
    ontology does not define, naming the closest defined term.

    Parameters
    ----------
    kg
        The knowledge graph: a term it declares (``kgost:x a ...``) counts as defined too.
    text
        A SPARQL query.

    Examples
    --------
    >>> import warnings, kgost
    >>> kg = kgost.load()
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always", kgost.KgostWarning)
    ...     warn_unknown_terms(kg, "SELECT ?t WHERE { ?s kgost:titel ?t }")
    >>> [warning] = [w for w in caught if issubclass(w.category, kgost.KgostWarning)]
    >>> print(warning.message)
    kgost:titel is not a term of the kgost ontology (did you mean kgost:title?); its terms: kgost query ontology-terms
    """
    for local, closest in unknown_terms(kg, text):
        hint = f" (did you mean kgost:{closest}?)" if closest else ""
        warnings.warn(
            f"kgost:{local} is not a term of the kgost ontology{hint}; its terms: kgost query ontology-terms",
            UnknownTermWarning,
            stacklevel=4,  # the caller of kgost.sparql / KnowledgeGraph.sparql
        )


def unknown_terms(kg: GraphLike, text: str) -> list[tuple[str, str | None]]:
    """The local names of the undefined ``kgost:`` terms of ``text``, in order of appearance, each
    with the closest defined local name (or ``None``)."""
    used = _used_terms(text)
    if not used:
        return []
    defined = ontology_terms()
    found = []
    for local in used:
        if local in defined or _declared_in(kg, local):
            continue
        lowered = {t.lower(): t for t in sorted(defined)}
        close = difflib.get_close_matches(local.lower(), lowered, n=1, cutoff=0.6)
        found.append((local, lowered[close[0]] if close else None))
    return found


# A SPARQL scan, just enough to find terms outside strings, comments and other IRIs: the
# rdflib parser resolves prefixed names but keeps no spans, and a regex keeps this cheap.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"  # long strings
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"  # strings
    r"|#[^\n]*"  # comments
    r"|<(?P<iri>[^<>\"{}|^`\\\s]*)>"  # IRIs
    r"|(?<![\w.:-])(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[\w-](?:[\w.-]*[\w-])?)?"  # prefixed names
)
_PREFIX_DECL = re.compile(r"PREFIX\s+kgost:\s*<([^>]*)>", re.IGNORECASE)


def _used_terms(text: str) -> list[str]:
    declared = _PREFIX_DECL.findall(text)
    kgost_prefix = all(iri == _NS for iri in declared)  # a query may bind kgost: to another namespace
    used: dict[str, None] = {}
    for match in _TOKENS.finditer(text):
        iri, prefix, local = match.group("iri"), match.group("prefix"), match.group("local")
        if iri is not None and iri.startswith(_NS) and len(iri) > len(_NS):
            used[iri[len(_NS):]] = None
        elif prefix == "kgost" and local and kgost_prefix:
            used[local] = None
    return list(used)


@lru_cache(maxsize=1)
def ontology_terms() -> frozenset[str]:
    """The local names the bundled ontology (``ontology/*.ttl``) declares with ``rdf:type``."""
    from kgost.readwrite._io import read_rdf
    from kgost._resources import ontology_files

    return frozenset(
        str(q[0])[len(_NS):]
        for path in ontology_files()
        for q in read_rdf(path)
        if q[1] == RDF.type and isinstance(q[0], URIRef) and str(q[0]).startswith(_NS)
    )


def _declared_in(kg: GraphLike, local: str) -> bool:
    """Whether the loaded graph declares the term (a user's own ontology extension)."""
    rows = kg.sparql_raw("ASK { GRAPH ?g { ?term a ?type } }", bindings={"term": URIRef(_NS + local)})
    return bool(rows.boolean)

