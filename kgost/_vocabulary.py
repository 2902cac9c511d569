"""What the ontology says about writing and drawing its terms, read from the ontology and the loaded graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import RDFS, Graph, Literal, URIRef

from kgost._namespace import KGOST
from kgost._versioned import kept

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["vocabulary", "Vocabulary", "Relation", "Kind", "bundled_triples"]

#: The annotation properties kgost reads (ontology/kgost.ttl, ontology/drawing.ttl), and rdfs:label.
_READ = (KGOST.nodeKind, KGOST.idFolder, KGOST.inOverview, KGOST.forwardTemplate, KGOST.backwardTemplate,
         KGOST.sharedObjectTemplate, KGOST.sharedSubjectTemplate, KGOST.sourcePhrase, KGOST.sourcePhrasePlural,
         KGOST.targetPhrase, KGOST.targetPhrasePlural, KGOST.explanationRank, KGOST.drawColour, KGOST.drawMarker,
         KGOST.drawLine, KGOST.legendOrder)

# The graph's own annotations, and the labels of what carries them or is a property: one query.
_QUERY = "SELECT DISTINCT ?s ?p ?o WHERE {{ {{ VALUES ?p {{ {read} }} ?s ?p ?o }} UNION {{ " \
    "{{ SELECT DISTINCT ?s WHERE {{ VALUES ?a {{ {read} }} ?s ?a [] }} }} ?s <{label}> ?o . BIND (<{label}> AS ?p) }} }}"


@dataclass(frozen=True)
class Relation:
    """How an edge of a relation (named by its property's label) is written and drawn.

    ``forward``/``backward`` are connect's templates for a step along and against the edge
    (``{a}``, ``{b}``, ``{character}``); ``source``/``target`` central's phrases from either end
    (one other end; ``*_plural`` for several); ``shared_object``/``shared_subject`` one clause for
    two edges meeting at ``{m}``; ``rank`` the preference when several facts join two nodes.
    A relation without annotations is written ``{a} —name→ {b}``.
    """

    name: str
    forward: str
    backward: str
    source: str
    target: str
    source_plural: str
    target_plural: str
    shared_object: str | None = None
    shared_subject: str | None = None
    rank: int | None = None
    colour: str | None = None
    line: str | None = None
    order: int | None = None

    @classmethod
    def generic(cls, name: str) -> Relation:
        """A relation kgost knows nothing about: arrows with its name."""
        escaped = name.replace("{", "{{").replace("}", "}}")  # the templates are str.format text
        return cls(name=name, forward="{a} —" + escaped + "→ {b}", backward="{a} ←" + escaped + "— {b}",
                   source=f"—{name}→", target=f"←{name}—", source_plural=f"—{name}→", target_plural=f"←{name}—")


@dataclass(frozen=True)
class Kind:
    """A node kind: its word, and how drawings show it (colour, marker, legend place; ``None`` if not said)."""

    name: str
    colour: str | None = None
    marker: str | None = None
    order: int | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The annotations of the ontology and the loaded graph, gathered by term.

    ``kinds`` maps a class to its node kind word (``kgost:nodeKind``), ``looks`` a kind word to
    its :class:`Kind`; ``relations`` maps a relation name (a property's label) to its
    :class:`Relation`; ``folders`` maps a class to the IRI folder and the name property its new
    entities get; ``overview`` holds the classes the overview counts.
    """

    kinds: dict[URIRef, str] = field(default_factory=dict)
    looks: dict[str, Kind] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)
    folders: dict[URIRef, tuple[str, URIRef]] = field(default_factory=dict)
    overview: frozenset[URIRef] = frozenset()

    def relation(self, name: str) -> Relation:
        """The relation of that name, or a generic one."""
        found = self.relations.get(name)
        return found if found is not None else Relation.generic(name)

    def rank(self, name: str) -> int:
        """The preference of a relation when several facts join two nodes (lower first)."""
        found = self.relations.get(name)
        return found.rank if found is not None and found.rank is not None else 1 << 30

    def kind_order(self) -> list[str]:
        """The node kinds in their legend order (those with one), then the others by name."""
        return sorted(self.looks, key=lambda k: (self.looks[k].order is None, self.looks[k].order or 0, k))


def vocabulary(kg: GraphLike | None = None) -> Vocabulary:
    """The annotations of the bundled ontology, with those ``kg`` holds (its own ontology's).

    kgost's terms are described by the kgost ontology even in a graph that does not hold it
    (``kgost.load(bundled=False)``); what a graph says beyond it (another ontology's terms, or a
    new value of an annotation of a kgost term) adds to it or replaces the bundled value. Kept
    per store version where the store has one.

    Examples
    --------
    >>> import kgost
    >>> words = vocabulary(kgost.load())
    >>> words.kinds[kgost.KGOST.MusicGroup], words.relation("member of").forward
    ('group', '{a} is a member of {b}')
    >>> vocabulary().relation("likes").forward
    '{a} —likes→ {b}'
    """
    bundled = _bundled_vocabulary()
    if kg is None:
        return bundled
    return kept(kg, "vocabulary", lambda: _with_graph(kg, bundled), shared=True)


def _with_graph(kg: GraphLike, bundled: Vocabulary) -> Vocabulary:
    """:func:`vocabulary` of ``kg``, read from its store."""
    own = _graph_triples(kg) - bundled_triples()  # what the graph says beyond the bundled ontology
    said = {(s, p) for s, p, _ in own}  # ... overrides the bundled value of the same annotation
    return bundled if not own else _gather({t for t in bundled_triples() if (t[0], t[1]) not in said} | own)


@lru_cache(maxsize=1)
def bundled_triples() -> frozenset[tuple]:
    """The bundled ontology files' triples (their blank nodes kept per parse)."""
    from kgost._resources import ontology_files

    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return frozenset(graph)


@lru_cache(maxsize=1)
def _bundled_vocabulary() -> Vocabulary:
    return _gather(bundled_triples())


def _graph_triples(kg: GraphLike) -> frozenset[tuple]:
    text = _QUERY.format(read=" ".join(f"<{p}>" for p in _READ), label=RDFS.label)
    run = getattr(kg.store, "query_generated", None) or kg.sparql_raw  # kgost's own text: no gate to parse it
    return frozenset(tuple(row) for row in run(text).rows)


def _gather(triples: frozenset[tuple] | set[tuple]) -> Vocabulary:
    """The vocabulary of a set of triples (the values of a term's annotation: the least, for a
    stable answer when two files disagree)."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)

    def one(term: URIRef, prop: URIRef) -> str | None:
        values = sorted(str(v) for v in graph.objects(term, prop) if isinstance(v, Literal))
        return values[0] if values else None

    def number(term: URIRef, prop: URIRef) -> int | None:
        values = sorted(int(v.toPython()) for v in graph.objects(term, prop) if isinstance(v, Literal))
        return values[0] if values else None

    labels: dict[URIRef, str] = {}
    for term in {s for s in graph.subjects(RDFS.label) if isinstance(s, URIRef)}:
        english = sorted(str(v) for v in graph.objects(term, RDFS.label)
                         if isinstance(v, Literal) and (v.language or "en").lower().startswith("en"))
        if english:
            labels[term] = english[0]
    kinds = {c: k for c in graph.subjects(KGOST.nodeKind) if isinstance(c, URIRef) and (k := one(c, KGOST.nodeKind))}
    looks: dict[str, Kind] = {k: Kind(k) for k in kinds.values()}
    for term, kind in sorted(kinds.items()):
        colour = one(term, KGOST.drawColour)
        if colour is not None:
            looks[kind] = Kind(kind, colour=colour, marker=one(term, KGOST.drawMarker), order=number(term, KGOST.legendOrder))
    relations: dict[str, Relation] = {}
    annotated = {s for p in _READ[3:] for s in graph.subjects(p) if isinstance(s, URIRef) and s not in kinds}
    for term in sorted(annotated):
        name = labels.get(term)
        if name is None:
            continue
        generic = Relation.generic(name)
        source, target = one(term, KGOST.sourcePhrase), one(term, KGOST.targetPhrase)
        relations[name] = Relation(
            name=name,
            forward=one(term, KGOST.forwardTemplate) or generic.forward,
            backward=one(term, KGOST.backwardTemplate) or generic.backward,
            source=source or generic.source,
            target=target or generic.target,
            source_plural=one(term, KGOST.sourcePhrasePlural) or source or generic.source,
            target_plural=one(term, KGOST.targetPhrasePlural) or target or generic.target,
            shared_object=one(term, KGOST.sharedObjectTemplate),
            shared_subject=one(term, KGOST.sharedSubjectTemplate),
            rank=number(term, KGOST.explanationRank),
            colour=one(term, KGOST.drawColour),
            line=one(term, KGOST.drawLine),
            order=number(term, KGOST.legendOrder),
        )
    folders = {}
    for term in graph.subjects(KGOST.idFolder):
        folder = one(term, KGOST.idFolder)  # type: ignore[arg-type]
        name = _name_property(graph, term)  # type: ignore[arg-type]
        if folder and name is not None:
            folders[term] = (folder, name)
    overview = frozenset(s for s, o in graph.subject_objects(KGOST.inOverview) if isinstance(o, Literal) and o.toPython() is True)
    return Vocabulary(kinds=kinds, looks=looks, relations=relations, labels=labels, folders=folders,  # type: ignore[arg-type]
                      overview=overview)  # type: ignore[arg-type]


def _name_property(graph: Graph, kind: URIRef) -> URIRef | None:
    """The property that names entities of ``kind``: a subproperty of rdfs:label whose domain (or
    a class of its ``owl:unionOf`` domain) is ``kind`` or one of its superclasses."""
    from rdflib import OWL
    from rdflib.collection import Collection

    supers = set(graph.transitive_objects(kind, RDFS.subClassOf))
    for prop in sorted(p for p in graph.subjects(RDFS.subPropertyOf, RDFS.label) if isinstance(p, URIRef)):
        for domain in graph.objects(prop, RDFS.domain):
            union = graph.value(domain, OWL.unionOf)
            members = set(Collection(graph, union)) if union is not None else {domain}
            if members & supers:
                return prop
    return None
