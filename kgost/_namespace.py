"""The kgost ontology namespace (closed) and the namespaces of kgost data."""

from __future__ import annotations

import functools

from typing import TypeVar

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kgost._errors import InputError
from kgost._public import public

__all__ = ["bind_prefixes", "expand_iri", "compact_iri", "KGOST", "KGOST_ID", "SHAPES", "PREFIXES", "ONTOLOGY_IRI", "SHAPES_IRI", "DATA_IRI"]


@public
class KGOST(DefinedNamespace):
    """Terms of the kgost ontology (``https://w3id.org/kgost/ontology#``).

    The namespace is closed: a term not defined in ``ontology/kgost.ttl`` raises
    ``AttributeError``, and a test keeps the two in step.

    Examples
    --------
    >>> from kgost import KGOST
    >>> KGOST.Song
    rdflib.term.URIRef('https://w3id.org/kgost/ontology#Song')
    >>> KGOST.Songg
    Traceback (most recent call last):
    ...
    AttributeError: term 'Songg' not in namespace 'https://w3id.org/kgost/ontology#'
    """

    _fail = True
    _NS = Namespace("https://w3id.org/kgost/ontology#")

    # Classes
    Work: URIRef
    Song: URIRef
    Series: URIRef
    TVDrama: URIRef
    WebtoonSeries: URIRef
    MusicVideo: URIRef
    Performer: URIRef
    Person: URIRef
    MusicGroup: URIRef
    SubUnit: URIRef
    Character: URIRef
    Broadcaster: URIRef
    Chart: URIRef
    ChartEntry: URIRef
    Award: URIRef
    Nomination: URIRef
    Article: URIRef
    RankedItem: URIRef
    Sentence: URIRef
    Inference: URIRef
    Curation: URIRef

    # Properties
    title: URIRef
    name: URIRef
    alternativeTitle: URIRef
    otherName: URIRef
    description: URIRef
    performer: URIRef
    sungBy: URIRef
    ostOf: URIRef
    memberOf: URIRef
    subUnitOf: URIRef
    castMember: URIRef
    characterIn: URIRef
    playedBy: URIRef
    themeOf: URIRef
    about: URIRef
    broadcaster: URIRef
    releaseDate: URIRef
    releaseYear: URIRef
    lyricsExcerpt: URIRef
    chartEntry: URIRef
    chart: URIRef
    position: URIRef
    nominee: URIRef
    award: URIRef
    forWork: URIRef
    musicVideoOf: URIRef
    features: URIRef
    author: URIRef
    publicationDate: URIRef
    category: URIRef
    photoCredit: URIRef
    rankedItem: URIRef
    item: URIRef
    text: URIRef
    sentenceIndex: URIRef
    inArticle: URIRef

    # Relations the network views derive (the data does not hold them)
    performed: URIRef
    actsIn: URIRef
    playsCharacter: URIRef
    appearsInMusicVideoOf: URIRef

    # Annotations: how kgost writes about its terms (ontology/kgost.ttl) and draws them (ontology/drawing.ttl)
    nodeKind: URIRef
    idFolder: URIRef
    inOverview: URIRef
    forwardTemplate: URIRef
    backwardTemplate: URIRef
    sharedObjectTemplate: URIRef
    sharedSubjectTemplate: URIRef
    sourcePhrase: URIRef
    sourcePhrasePlural: URIRef
    targetPhrase: URIRef
    targetPhrasePlural: URIRef
    explanationRank: URIRef
    drawColour: URIRef
    drawMarker: URIRef
    drawLine: URIRef
    legendOrder: URIRef


G = TypeVar("G", bound=Graph)

#: Base of every kgost data IRI (``https://w3id.org/kgost/id/person/cha-eunwoo``, ...).
KGOST_ID = Namespace("https://w3id.org/kgost/id/")
#: Namespace of the SHACL shapes.
SHAPES = Namespace("https://w3id.org/kgost/shapes#")
#: IRI of the ontology (and of the named graph that holds it).
ONTOLOGY_IRI = URIRef("https://w3id.org/kgost/ontology")
#: IRI of the shapes graph.
SHAPES_IRI = URIRef("https://w3id.org/kgost/shapes")
#: IRI of the data set as a whole.
DATA_IRI = URIRef("https://w3id.org/kgost/id/")

def _declared_prefixes() -> dict[str, str]:
    """The prefixes the bundled files declare, the first declaration of a prefix winning:

    - the base of kgost's data IRIs (``kg:``);
    - the ontology's own (``vann:preferredNamespacePrefix``, ``kgost:``);
    - the ``@prefix`` lines of the shapes and the data (``song:``, ``person:``, ``s:`` ... of the
      bundled article): a new article's files bring their own;
    - the ontology's ``@prefix`` lines for the vocabularies it builds on (the namespaces of its
      superclasses, superproperties, domains and ranges: ``schema:``), not those it merely
      links to or annotates with (``wdt:``, ``vann:``).

    No Python table of them. rdflib parses the files (the data's declaration lines alone: the
    whole data is parsed when a graph is loaded, not on import).
    """
    from rdflib.namespace import RDFS, VANN
    from kgost._resources import data_files, ontology_files, shapes_file

    found = {"kg": str(KGOST_ID)}
    ontology = Graph(bind_namespaces="none")
    for path in ontology_files():
        ontology.parse(path, format="turtle")
    for node, prefix in ontology.subject_objects(VANN.preferredNamespacePrefix):
        namespace = ontology.value(node, VANN.preferredNamespaceUri)
        if namespace is not None:
            found.setdefault(str(prefix), str(namespace))
    for path in (shapes_file(), *data_files()):
        with path.open(encoding="utf-8") as handle:
            header = "".join(line for line in handle if line.lstrip()[:7].lower() == "@prefix")
        declared = Graph(bind_namespaces="none").parse(data=header, format="turtle", publicID=path.as_uri())
        for prefix, namespace in declared.namespaces():
            found.setdefault(prefix, str(namespace))
    built_on = {str(o) for link in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
                for o in ontology.objects(None, link) if isinstance(o, URIRef)}
    for prefix, namespace in ontology.namespaces():
        if any(term.startswith(str(namespace)) for term in built_on):
            found.setdefault(prefix, str(namespace))
    found.pop("", None)
    return found


#: Prefixes kgost binds when it writes RDF or shows compact IRIs: those the bundled files declare.
PREFIXES: dict[str, str] = _declared_prefixes()


def bind_prefixes(graph: G) -> G:
    """Bind kgost's :data:`PREFIXES` on an rdflib graph or dataset (for writing); return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def expand_iri(term: str | URIRef) -> URIRef:
    """Expand ``prefix:local`` with kgost's prefixes; accept full IRIs as they are.

    Parameters
    ----------
    term
        A compact IRI with a prefix of :data:`PREFIXES`, a full IRI (``scheme://...`` or
        ``urn:...``), either in angle brackets, or a ``URIRef`` (returned as it is).

    Returns
    -------
    rdflib.URIRef
        The full IRI.

    Raises
    ------
    InputError
        ``term`` is empty, not text, or neither a full IRI nor a compact IRI with a known prefix.

    Examples
    --------
    >>> expand_iri("song:orbit")
    rdflib.term.URIRef('https://w3id.org/kgost/id/song/orbit')
    >>> expand_iri("<https://schema.org/name>")
    rdflib.term.URIRef('https://schema.org/name')
    >>> expand_iri("foo:bar")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgost.InputError: 'foo:bar' is neither a full IRI nor a compact IRI with a known prefix (article, ...)
    """
    if isinstance(term, URIRef):
        return term
    if not isinstance(term, str) or not term:
        raise InputError(f"expected an IRI or a compact IRI such as 'person:chanyeol', got {term!r}")
    if term.startswith("<") and term.endswith(">"):
        term = term[1:-1]
    prefix, sep, local = term.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    if sep and "://" in term or term.startswith("urn:"):
        return URIRef(term)
    known = ", ".join(sorted(PREFIXES))
    raise InputError(f"{term!r} is neither a full IRI nor a compact IRI with a known prefix ({known})")


def compact_iri(term: object) -> str:
    """Shorten an IRI with kgost's prefixes (longest namespace wins); other terms as ``str``.

    Parameters
    ----------
    term
        A ``URIRef``, or any other value (a literal, plain text), which is not shortened.

    Returns
    -------
    str
        ``prefix:local``, or the full IRI when no prefix of :data:`PREFIXES` fits.

    Examples
    --------
    >>> compact_iri(URIRef("https://w3id.org/kgost/id/person/cha-eunwoo"))
    'person:cha-eunwoo'
    >>> compact_iri(URIRef("https://w3id.org/kgost/ontology#Song"))
    'kgost:Song'
    >>> compact_iri(URIRef("https://example.org/x"))
    'https://example.org/x'
    """
    if not isinstance(term, URIRef):
        return str(term)
    return _compact(str(term))


@functools.lru_cache(maxsize=1 << 16)
def _compact(text: str) -> str:
    """:func:`compact_iri` of an IRI's text, remembered: views and results compact the same IRIs
    over and over, and :data:`PREFIXES` does not change."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            local = text[len(namespace):]
            if local and "/" not in local and "#" not in local:
                best = prefix
    return f"{best}:{text[len(PREFIXES[best]):]}" if best else text
