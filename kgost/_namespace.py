"""The kgost ontology namespace (closed) and the namespaces of kgost data."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kgost._errors import InputError
from kgost._public import public

__all__ = ["bind_prefixes", "expand_iri", "compact_iri", "graph_prefixes", "compactor", "graph_compactor", "KGOST", "KGOST_ID", "SHAPES", "PREFIXES", "ONTOLOGY_IRI", "SHAPES_IRI", "DATA_IRI"]


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

@functools.lru_cache(maxsize=256)
def _file_prefixes(path: str, mtime: int, size: int) -> dict[str, str]:
    """The prefixes a Turtle-like file declares, from its declaration lines alone (rdflib parses
    them; the whole file is parsed when it is loaded, not here). ``mtime`` and ``size`` key the
    cache, so a changed file is read again. Other formats (N-Quads, JSON-LD, RDF/XML) give none."""
    from pathlib import Path

    if Path(path).suffix.lower() not in (".ttl", ".trig", ".n3", ".turtle"):
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            header = "".join(line for line in handle
                             if line.lstrip()[:7].lower() == "@prefix" or line.lstrip()[:7].lower() == "prefix ")
        declared = Graph(bind_namespaces="none").parse(data=header, format="turtle", publicID=Path(path).absolute().as_uri())
    except Exception:  # noqa: BLE001 - a header rdflib cannot read declares nothing kgost can use
        return {}
    return {prefix: str(namespace) for prefix, namespace in declared.namespaces() if prefix}


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
        for prefix, namespace in _file_prefixes(str(path), 0, 0).items():
            found.setdefault(prefix, namespace)
    built_on = {str(o) for link in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
                for o in ontology.objects(None, link) if isinstance(o, URIRef)}
    for prefix, namespace in ontology.namespaces():
        if any(term.startswith(str(namespace)) for term in built_on):
            found.setdefault(prefix, str(namespace))
    found.pop("", None)
    return found


#: Prefixes kgost binds when it writes RDF or shows compact IRIs: those the bundled files declare.
PREFIXES: dict[str, str] = _declared_prefixes()


def graph_prefixes(kg: object) -> dict[str, str]:
    """kgost's :data:`PREFIXES` and those the graph's own files declare (their ``@prefix`` and
    ``PREFIX`` lines: Turtle, TriG, N3), a bundled prefix winning over a file's of the same name.
    ``kg`` is any graph with the ``files`` it was loaded from (``kgost.KnowledgeGraph``; typed
    ``object`` so this module imports no graph module).

    Examples
    --------
    >>> import kgost
    >>> graph_prefixes(kgost.load()) == PREFIXES  # no files of its own
    True
    """
    found: dict[str, str] = {}
    for path in getattr(kg, "files", ()) or ():
        try:
            info = os.stat(path)
        except OSError:  # a file removed since it was loaded: its prefixes are gone with it
            continue
        for prefix, namespace in _file_prefixes(str(path), info.st_mtime_ns, info.st_size).items():
            found.setdefault(prefix, namespace)
    # kgost's first: where a file names one of kgost's namespaces again, kgost's name wins the tie
    return {**PREFIXES, **{prefix: namespace for prefix, namespace in found.items() if prefix not in PREFIXES}}


def graph_compactor(kg: object) -> Callable[[str], str]:
    """:func:`compactor` of :func:`graph_prefixes`: the IRIs of a graph as it shows them (network
    node keys, query results, sources), by the prefixes kgost and the graph's own files declare.
    Made once per set of prefixes, so per version of the graph's files; for a graph whose files
    declare nothing new it is kgost's own (the bundled graph's output does not change)."""
    return compactor(graph_prefixes(kg))


def compactor(prefixes: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """A function that shortens an IRI's text with ``prefixes`` (default :data:`PREFIXES`) as
    :func:`compact_iri` does, with its table of namespaces sorted once and its answers remembered:
    for callers that compact many IRIs (a view's rows, a result's cells)."""
    if prefixes is None or prefixes is PREFIXES or prefixes == PREFIXES:
        return _compact
    return _compactor(tuple(prefixes.items()))


def bind_prefixes(graph: G) -> G:
    """Bind kgost's :data:`PREFIXES` on an rdflib graph or dataset (for writing); return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def graph_copy(graph: Graph, *, leave_out: Callable[[tuple], bool] | None = None) -> Graph:
    """A new rdflib graph with ``graph``'s triples (but those ``leave_out`` is true of) and its
    prefixes, for handing out a graph that others share.

    Hand-written: rdflib has no copy of a graph that keeps its prefixes as they are (``Graph +``
    binds them anew, and may rename one).
    """
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy.addN((s, p, o, copy) for s, p, o in graph if leave_out is None or not leave_out((s, p, o)))
    return copy


def expand_iri(term: str | URIRef, *, prefixes: Mapping[str, str] | None = None) -> URIRef:
    """Expand ``prefix:local`` with kgost's prefixes; accept full IRIs as they are.

    Parameters
    ----------
    term
        A compact IRI with a prefix of :data:`PREFIXES`, a full IRI (``scheme://...`` or
        ``urn:...``), either in angle brackets, or a ``URIRef`` (returned as it is).
    prefixes
        The prefixes to expand with instead of :data:`PREFIXES` (a graph's: :func:`graph_prefixes`).

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
    known_prefixes = PREFIXES if prefixes is None else prefixes
    prefix, sep, local = term.partition(":")
    if sep and prefix in known_prefixes and not local.startswith("//"):
        return URIRef(known_prefixes[prefix] + local)
    if sep and "://" in term or term.startswith("urn:"):
        return URIRef(term)
    known = ", ".join(sorted(known_prefixes))
    raise InputError(f"{term!r} is neither a full IRI nor a compact IRI with a known prefix ({known})")


def compact_iri(term: object, *, prefixes: Mapping[str, str] | None = None) -> str:
    """Shorten an IRI with kgost's prefixes (longest namespace wins); other terms as ``str``.

    Parameters
    ----------
    term
        A ``URIRef``, or any other value (a literal, plain text), which is not shortened.
    prefixes
        The prefixes to shorten with instead of :data:`PREFIXES`: a graph's
        (:func:`graph_prefixes`), which adds those its own files declare.

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
    >>> compact_iri(URIRef("https://example.org/x"), prefixes={"ex": "https://example.org/"})
    'ex:x'
    """
    if not isinstance(term, URIRef):
        return str(term)
    return compactor(prefixes)(str(term))


@functools.lru_cache(maxsize=1 << 16)
def _compact(text: str) -> str:
    """:func:`compact_iri` of an IRI's text, remembered: views and results compact the same IRIs
    over and over, and :data:`PREFIXES` does not change."""
    return _kgost_table()(text)


@functools.lru_cache(maxsize=1)
def _kgost_table() -> Callable[[str], str]:
    return _shortener(tuple(PREFIXES.items()))


@functools.lru_cache(maxsize=64)
def _compactor(items: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    """:func:`compactor` of prefixes other than :data:`PREFIXES`, each answer remembered."""
    return functools.lru_cache(maxsize=1 << 16)(_shortener(items))


def _shortener(items: Iterable[tuple[str, str]], *,
               local: Callable[[str, int], object] | None = None) -> Callable[[str], str]:
    """``prefix:local`` with the longest namespace of ``items`` (the first given among equals)
    that leaves a plain local name (not empty, no ``/`` or ``#``; and, given ``local``, one for
    which ``local(iri, start of the local name)`` is true: a writer's stricter syntax); the IRI
    itself if none does.

    Hand-written (rdflib's ``NamespaceManager.compute_qname`` splits names by XML rules and
    binds new prefixes): a namespace that leaves a plain local name ends exactly where the IRI's
    last ``/`` or ``#`` does, so the namespaces are indexed by that head and an IRI tries only
    those sharing its head, not every prefix."""
    table: dict[str, list[tuple[str, str]]] = {}
    for prefix, namespace in items:
        if namespace:
            table.setdefault(namespace[: _last_separator(namespace) + 1], []).append((namespace, prefix))
    for entries in table.values():
        entries.sort(key=lambda pair: -len(pair[0]))  # stable: the first given first among equals

    def shorten(text: str) -> str:
        for namespace, prefix in table.get(text[: _last_separator(text) + 1], ()):
            if len(namespace) < len(text) and text.startswith(namespace) and (local is None or local(text, len(namespace))):
                return f"{prefix}:{text[len(namespace):]}"
        return text

    return shorten


def _last_separator(text: str) -> int:
    return max(text.rfind("/"), text.rfind("#"))
