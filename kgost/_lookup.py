"""Finding entities by name: any label, case-, space-, hyphen- and apostrophe-insensitively."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from kgost._errors import AmbiguousEntityError, EntityNotFoundError, InputError
from kgost._namespace import PREFIXES, compact_iri, expand_iri

if TYPE_CHECKING:
    from kgost._graph import KnowledgeGraph

__all__ = ["find", "resolve", "Entity", "normalize_name"]

# Characters ignored when names are compared; the same set is used in SPARQL and in Python.
_IGNORED = "\\s\\-\u2010\u2011\u2012\u2013\u2014'\u2018\u2019\u201c\u201d\".:,_/()!?&"
_IGNORED_RE = re.compile(f"[{_IGNORED}]+")

_LABELS = """
PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?label ?matched ?type WHERE {
    { ?x kgost:title|kgost:name|skos:altLabel|kgost:otherName|kgost:alternativeTitle ?matched }
    BIND (REPLACE(LCASE(STR(?matched)), "%s", "") AS ?key)
    FILTER (%s)
    ?x a ?type .
    FILTER (STRSTARTS(STR(?type), STR(kgost:)) && ?type NOT IN (kgost:Sentence, kgost:Inference, kgost:Curation))
    OPTIONAL { ?x kgost:title|kgost:name ?label }
}
ORDER BY ?x ?type ?matched
"""


def normalize_name(name: str) -> str:
    """The form names are compared in: lower case, without spaces, hyphens, quotes or punctuation.

    Examples
    --------
    >>> normalize_name("Cha Eun-woo"), normalize_name("EXO CBX"), normalize_name("Don’t Cry My Love")
    ('chaeunwoo', 'exocbx', 'dontcrymylove')
    """
    return _IGNORED_RE.sub("", name.lower())


def find(kg: KnowledgeGraph, name: str, *, limit: int = 20) -> list[Entity]:
    """Entities whose title, name or any alternative label matches ``name``.

    Exact matches (after :func:`normalize_name`) come first; if there are none, labels that
    contain ``name`` are returned. An empty list means nothing matched.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> [str(e) for e in kg.find("cha eun-woo")]
    ['person:cha-eunwoo (Person) Cha Eunwoo']
    >>> [e.label for e in kg.find("exo")]
    ['EXO']
    >>> sorted(e.label for e in kg.find("song"))
    ['Billboard Digital Song Sales', 'Song Hyekyo', 'Song Joongki']
    """
    key = normalize_name(name)
    if not key:
        raise InputError(f"cannot look up an empty name ({name!r})")
    exact = _query(kg, "?key = ?wanted", key)
    return (exact or _query(kg, "CONTAINS(?key, ?wanted)", key))[:limit]


def resolve(kg: KnowledgeGraph, name: str | URIRef) -> Entity:
    """The one entity ``name`` denotes: a label (as :func:`find`), a compact IRI or an IRI.

    Raises
    ------
    EntityNotFoundError
        Nothing matches; the message lists the closest labels.
    AmbiguousEntityError
        Several entities match; the message lists them.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> kg.resolve("Chanyeol").iri
    rdflib.term.URIRef('https://w3id.org/kgost/id/person/chanyeol')
    >>> kg.resolve("Chanyol")
    Traceback (most recent call last):
    ...
    kgost._errors.EntityNotFoundError: no entity is named 'Chanyol'; closest: Chanyeol, Cha Eunwoo
    """
    if isinstance(name, URIRef) or _looks_like_iri(name):
        iri = expand_iri(name)
        found = [e for e in _query(kg, "true", "", iri=iri)]
        if not found:
            raise EntityNotFoundError(f"no entity has the IRI {compact_iri(iri)!r}")
        return found[0]
    matches = find(kg, name)
    exact = [m for m in matches if normalize_name(m.matched) == normalize_name(name)]
    if len(exact) == 1 or (len(matches) == 1 and not exact):
        return (exact or matches)[0]
    if matches:
        listed = "; ".join(f"{m.label} ({compact_iri(m.iri)})" for m in matches)
        raise AmbiguousEntityError(f"{name!r} matches {len(matches)} entities: {listed}", candidates=[m.label for m in matches])
    candidates = _closest(kg, name)
    hint = f"; closest: {', '.join(candidates)}" if candidates else ""
    raise EntityNotFoundError(f"no entity is named {name!r}{hint}", candidates=candidates)


@dataclass(frozen=True)
class Entity:
    """An entity found by name: its IRI, display label, kgost types and the label that matched."""

    iri: URIRef
    label: str
    types: list[str] = field(default_factory=list)
    matched: str = ""

    @property
    def kind(self) -> str:
        """The most specific kgost type's local name (``Person``, ``SubUnit``, ``TVDrama``, ...)."""
        return self.types[-1].split(":", 1)[-1] if self.types else "Thing"

    def __str__(self) -> str:
        return f"{compact_iri(self.iri)} ({self.kind}) {self.label}"


# Types from general to specific, so ``Entity.kind`` is the most specific one.
_SPECIFICITY = ["Work", "Performer", "Series", "MusicGroup", "Person", "Song", "TVDrama", "WebtoonSeries", "SubUnit"]


def _query(kg: KnowledgeGraph, condition: str, key: str, *, iri: URIRef | None = None) -> list[Entity]:
    pattern = f"[{_IGNORED}]+".replace("\\", "\\\\").replace('"', '\\"')
    sparql = _LABELS % (pattern, condition)
    bindings: dict = {"wanted": Literal(key)}
    if iri is not None:
        bindings = {"x": iri}
    entities: dict[URIRef, Entity] = {}
    for x, label, matched, rdf_type in kg.sparql_raw(sparql, bindings=bindings).rows:
        assert isinstance(x, URIRef)
        entity = entities.get(x) or Entity(x, str(label if label is not None else matched), [], str(matched))
        type_name = compact_iri(rdf_type)
        if type_name not in entity.types:
            entity.types.append(type_name)
        entities[x] = entity
    for entity in entities.values():
        entity.types.sort(key=lambda t: _SPECIFICITY.index(t[6:]) if t[6:] in _SPECIFICITY else -1)
    return sorted(entities.values(), key=lambda e: (e.label.lower(), str(e.iri)))


def _closest(kg: KnowledgeGraph, name: str) -> list[str]:
    labels = {str(m.matched): m.label for m in _query(kg, "true", "")}
    keys = {normalize_name(k): v for k, v in labels.items()}
    close = difflib.get_close_matches(normalize_name(name), list(keys), n=5, cutoff=0.6)
    return list(dict.fromkeys(keys[c] for c in close))


def _looks_like_iri(text: str) -> bool:
    prefix, sep, _ = text.partition(":")
    return bool(sep) and (prefix in PREFIXES or "://" in text or text.startswith("urn:"))
