"""What an entity page shows, gathered in one bounded call: facts with their sources, links in, the neighbourhood."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from kgost._errors import KgostError
from kgost._namespace import KGOST_ID, ONTOLOGY_IRI, compact_iri
from kgost._provenance import _QUERY, _in_reading_order, record_kind
from kgost._vocabulary import vocabulary
from kgost.readwrite._nquads import nt_term
from kgost._types import Quad, Term

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["Fact", "EntityView", "entity_view", "ontology_quads", "page_of", "MAX_NEIGHBOURS"]

#: Nodes of the neighbourhood drawn on a page at most (the nearest, by label).
MAX_NEIGHBOURS = 40

_LABELS = """PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x (MIN(STR(?label)) AS ?name) WHERE { VALUES ?x { %s } ?x kgost:title|kgost:name|rdfs:label ?label } GROUP BY ?x"""
_TYPES = "SELECT ?type WHERE { ?x a ?type } ORDER BY ?type"


@dataclass(frozen=True)
class Fact:
    """One statement about the entity, out (``subject`` is the entity) or in (``value`` is), with
    its named graph and what the graph says of it: ``kind`` (sentence, inference, curation, file,
    ontology, other) and ``text`` (the sentence, or the inference's reason)."""

    subject: Term
    predicate: URIRef
    value: Term
    graph: Term
    kind: str
    text: str | None = None
    derived_from: list[str] = field(default_factory=list)


@dataclass
class EntityView:
    """An entity as its page shows it: label, types, facts out and in, labels of the IRIs named, and
    the neighbourhood (nodes ``{id, label, kind, iri}``, edges ``{source, target, label}``)."""

    iri: URIRef
    label: str | None
    types: list[URIRef]
    facts: list[Fact]
    links_in: list[Fact]
    labels: dict[str, str]
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, str]] = field(default_factory=list)

    @property
    def quads(self) -> list[Quad]:
        """The entity's own statements (a concise bounded description), each in its named graph."""
        return [(f.subject, f.predicate, f.value, f.graph) for f in self.facts]  # type: ignore[misc]


def entity_view(iri: URIRef, *, page: bool = True) -> Callable[[GraphLike], EntityView | None]:
    """The work that gathers ``iri``'s page (``None`` when no statement names it), to run bounded;
    without ``page``, only its own statements (for the RDF formats).

    Examples
    --------
    >>> import kgost
    >>> view = entity_view(KGOST_ID["person/chen"])(kgost.load())
    >>> view.label, compact_iri(view.types[-1])
    ('Chen', 'kgost:Person')
    >>> sorted({compact_iri(f.predicate) for f in view.links_in})
    ['kgost:performer', 'kgost:sungBy']
    >>> entity_view(KGOST_ID["person/nobody"])(kgost.load()) is None
    True
    """

    def work(kg: GraphLike) -> EntityView | None:
        facts = _facts(kg, {"s": iri})
        if not page:
            named = bool(facts) or bool(kg.sparql_raw("ASK { ?s ?p ?o }", bindings={"o": iri}).boolean)
            return EntityView(iri, None, [], facts, [], {}) if named else None
        links_in = _facts(kg, {"o": iri})
        if not facts and not links_in:
            return None
        types = [row[0] for row in kg.sparql_raw(_TYPES, bindings={"x": iri}).rows]
        named = {iri} | {t for t in types if isinstance(t, URIRef)}
        for fact in facts + links_in:
            named.update(t for t in (fact.subject, fact.predicate, fact.value, fact.graph) if isinstance(t, URIRef))
        view = EntityView(iri, None, types, facts, links_in, _labels(kg, named))
        view.label = view.labels.get(str(iri))
        view.nodes, view.edges = _neighbourhood(kg, iri)
        return view

    return work


def ontology_quads(kg: GraphLike) -> list[Quad]:
    """The statements of the ontology's named graph (for ``/ontology``)."""
    rows = kg.sparql_raw("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ONTOLOGY_IRI}).rows
    return [(s, p, o, ONTOLOGY_IRI) for s, p, o in rows]  # type: ignore[misc]


def page_of(iri: str) -> str | None:
    """The server path that shows ``iri`` (``/id/...`` for the data, ``/ontology#Term`` for the
    ontology), or ``None`` for an IRI the server does not serve.

    Examples
    --------
    >>> page_of("https://w3id.org/kgost/id/person/cha-eunwoo"), page_of("https://w3id.org/kgost/ontology#Song")
    ('/id/person/cha-eunwoo', '/ontology#Song')
    >>> page_of("http://example.org/x") is None
    True
    """
    if iri.startswith(str(KGOST_ID)) and len(iri) > len(str(KGOST_ID)):
        return "/id/" + iri[len(str(KGOST_ID)):]
    if iri == str(ONTOLOGY_IRI) or iri.startswith(str(ONTOLOGY_IRI) + "#"):
        return "/ontology" + iri[len(str(ONTOLOGY_IRI)):]
    return None


def _facts(kg: GraphLike, bindings: dict[str, Term]) -> list[Fact]:
    facts = []
    labels = vocabulary(kg).labels
    for s, p, o, g, kind, text, _index, comment, _article, _title, derived in kg.sparql_raw(_QUERY, bindings=bindings).rows:
        name = record_kind(labels, kind, str(g))
        said = text if text is not None else comment
        facts.append(Fact(s, p, o, g, name, str(said) if said is not None else None, _in_reading_order(derived)))  # type: ignore[arg-type]
    return facts


def _labels(kg: GraphLike, iris: set[URIRef]) -> dict[str, str]:
    """Each IRI's display label (title, name or rdfs:label; the least, as text, if several)."""
    values = " ".join(sorted(nt_term(i) for i in iris))
    rows = kg.sparql_raw(_LABELS % values).rows if values else []
    return {str(x): str(label) for x, label in rows if label is not None}


def _neighbourhood(kg: GraphLike, iri: URIRef) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The entity and its neighbours in the artist view (else the full view), at most
    :data:`MAX_NEIGHBOURS` of them; nothing when the entity is in neither."""
    from kgost.networks._views import network

    for view in ("artist", "full"):
        try:
            graph = network(kg, view=view, around=iri, depth=1)
        except KgostError:
            continue
        center = compact_iri(iri)
        others = sorted((n for n in graph.nodes if n != center), key=lambda n: (str(graph.nodes[n].get("label", n)).lower(), n))
        keep = {center, *others[:MAX_NEIGHBOURS]}
        nodes = [{"id": n, "label": str(graph.nodes[n].get("label", n)), "kind": str(graph.nodes[n].get("kind", "")),
                  "iri": str(graph.nodes[n].get("iri", n))} for n in [center, *others[:MAX_NEIGHBOURS]]]
        edges = [{"source": u, "target": v, "label": str(data.get("relation") or key)}
                 for u, v, key, data in graph.edges(keys=True, data=True) if u in keep and v in keep]
        return nodes, edges
    return [], []


