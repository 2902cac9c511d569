"""The ontology Turtle is the source of truth: the closed KGOST namespace matches it term for term."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Namespace
from rdflib.namespace import DCTERMS, SKOS

from kgost import KGOST
from kgost._resources import ontology_files, resource_dir, shapes_file

NS = str(KGOST._NS)
WDT = Namespace("http://www.wikidata.org/prop/direct/")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def declared_terms(graph: rdflib.Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {str(s)[len(NS):] for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(NS)}


def test_defined_namespace_matches_ontology(ontology: rdflib.Graph) -> None:
    in_python = set(KGOST.__annotations__)
    in_turtle = declared_terms(ontology)
    assert in_python - in_turtle == set(), "terms in KGOST but not in ontology/kgost.ttl"
    assert in_turtle - in_python == set(), "terms in ontology/kgost.ttl but not in KGOST"


def test_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        KGOST.NotATerm  # noqa: B018


def test_every_term_has_label_comment_and_used_terms_are_declared(ontology: rdflib.Graph) -> None:
    for term in declared_terms(ontology):
        iri = KGOST[term]
        assert ontology.value(iri, RDFS.label), f"{term} has no rdfs:label"
        assert ontology.value(iri, RDFS.comment), f"{term} has no rdfs:comment"
    used = {str(t) for triple in ontology for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(NS)}
    assert {u[len(NS):] for u in used} <= declared_terms(ontology)


def test_properties_have_domain_and_range(ontology: rdflib.Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no range"
            if prop not in (KGOST.name, KGOST.description):  # used on many classes on purpose
                assert ontology.value(prop, RDFS.domain) is not None, f"{prop} has no domain"


def test_ontology_metadata(ontology: rdflib.Graph) -> None:
    onto = rdflib.URIRef("https://w3id.org/kgost/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, OWL.versionIRI, DCTERMS.created, DCTERMS.modified):
        assert ontology.value(onto, prop) is not None, f"ontology lacks {prop}"


@pytest.mark.parametrize(
    ("term", "wikidata"),
    [
        (KGOST.performer, "P175"),
        (KGOST.memberOf, "P463"),
        (KGOST.subUnitOf, "P361"),
        (KGOST.castMember, "P161"),
        (KGOST.playedBy, "P453"),
        (KGOST.broadcaster, "P449"),
        (KGOST.releaseDate, "P577"),
        (KGOST.chartEntry, "P2291"),
    ],
)
def test_wikidata_mappings(ontology: rdflib.Graph, term: rdflib.URIRef, wikidata: str) -> None:
    matches = set(ontology.objects(term, SKOS.exactMatch)) | set(ontology.objects(term, SKOS.closeMatch))
    assert WDT[wikidata] in matches


def test_every_class_and_property_aligns_to_schema_org_or_is_kgost_specific(ontology: rdflib.Graph) -> None:
    schema = "https://schema.org/"
    aligned = {
        s for s, o in ontology.subject_objects(RDFS.subClassOf) if str(o).startswith(schema)
    } | {s for s, o in ontology.subject_objects(RDFS.subPropertyOf) if str(o).startswith(schema)}
    for name in ("Song", "Series", "TVDrama", "Person", "MusicGroup", "Article", "performer", "memberOf", "castMember"):
        assert KGOST[name] in aligned, f"kgost:{name} is not aligned to schema.org"


def test_every_turtle_file_carries_owl_ontology_metadata() -> None:
    files = [*resource_dir("ontology").glob("*.ttl"), shapes_file()]
    for path in files:
        graph = rdflib.Graph().parse(path, format="turtle")
        assert list(graph.subjects(RDF.type, OWL.Ontology)), f"{path.name} has no owl:Ontology"
    data = rdflib.Dataset(default_union=True)
    for path in resource_dir("data").glob("*.trig"):
        data.parse(path, format="trig")
        assert list(data.subjects(RDF.type, OWL.Ontology)), f"{path.name} has no owl:Ontology"


def test_a_person_is_a_performer_by_performing_not_by_being_a_person(ontology: rdflib.Graph) -> None:
    # Under RDFS, the author and the actors would otherwise all be performers.
    ask = "ASK { ?c rdfs:subClassOf* kgost:Performer }"
    ns = {"rdfs": RDFS, "kgost": KGOST}
    assert not ontology.query(ask, initNs=ns, initBindings={"c": KGOST.Person}).askAnswer
    assert ontology.query(ask, initNs=ns, initBindings={"c": KGOST.SubUnit}).askAnswer
    assert (KGOST.performer, RDFS.range, KGOST.Performer) in ontology  # a singer is one by singing


@pytest.mark.parametrize("term", [KGOST.name, KGOST.description])
def test_shared_properties_have_an_explicit_union_domain(ontology: rdflib.Graph, term: rdflib.URIRef) -> None:
    domain = ontology.value(term, RDFS.domain)
    members = list(rdflib.collection.Collection(ontology, ontology.value(domain, OWL.unionOf)))
    assert KGOST.Person in members and len(members) >= 5
