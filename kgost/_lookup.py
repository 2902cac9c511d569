"""Finding entities by name: any label, case-, space-, hyphen- and apostrophe-insensitively."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

from rdflib import Literal, URIRef

from kgost.querying._bindings import BAD_IRI_CHARS, IRI_RULE
from kgost._errors import AmbiguousEntityError, EntityNotFoundError, InputError
from kgost._namespace import KGOST, PREFIXES, compact_iri, expand_iri, graph_compactor, graph_prefixes
from kgost._public import public
from kgost._versioned import kept
from kgost._resources import queries_dir

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["find", "resolve", "resolve_iri", "Entity", "normalize_name"]

# Characters ignored when names are compared; the same set is used in SPARQL and in Python.
_IGNORED = "\\s\\-\u2010\u2011\u2012\u2013\u2014'\u2018\u2019\u201c\u201d\".:,_/()!?&"
_IGNORED_RE = re.compile(f"[{_IGNORED}]+")

# The SPARQL of a lookup is the named query queries/find_entity.rq (one copy of the question).
_QUERY_FILE = "find_entity.rq"  # the lookup, a named query like any other (kgost query find-entity)
# An IRI names an entity when it occurs as a subject or an object, labelled or not.
_OCCURS = "ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }"
# Is ?x of the class ?kind, or of a subclass of it?
_IS_A = "ASK { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?kind }"
#: The kgost classes a lookup may ask for (``kind``), by local name.
_CLASSES = sorted(t for t in KGOST.__annotations__ if t[0].isupper())
_KGOST_TYPES = f"SELECT DISTINCT ?type WHERE {{ ?x a ?type FILTER (STRSTARTS(STR(?type), \"{PREFIXES['kgost']}\")) }}"
_KGOST_IRI = PREFIXES["kgost"]
# The name index's queries: find_entity.rq's rows for an empty name, its subclass test done in Python
_LABELLED = f"""PREFIX kgost: <{_KGOST_IRI}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?label ?type ?matched WHERE {{
    ?entity kgost:title|kgost:name|rdfs:label|skos:altLabel|kgost:otherName|kgost:alternativeTitle ?matched .
    ?entity a ?type .
    FILTER (?type NOT IN (kgost:Sentence, kgost:Inference, kgost:Curation))
    OPTIONAL {{ ?entity kgost:title|kgost:name|rdfs:label ?label }}
}}"""
_KGOST_SUBCLASSES = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?type WHERE {{ ?type rdfs:subClassOf+ ?kgost . FILTER (STRSTARTS(STR(?kgost), "{_KGOST_IRI}")) }}"""


def normalize_name(name: str) -> str:
    """The form names are compared in: lower case, without spaces, hyphens, quotes or punctuation.

    Parameters
    ----------
    name
        Any text.

    Returns
    -------
    str
        ``name`` in lower case, without the characters a lookup ignores.

    Examples
    --------
    >>> normalize_name("Cha Eun-woo"), normalize_name("EXO CBX"), normalize_name("Don’t Cry My Love")
    ('chaeunwoo', 'exocbx', 'dontcrymylove')
    """
    return _IGNORED_RE.sub("", name.lower())


def find(kg: GraphLike, name: str | URIRef, *, limit: int = 20) -> list[Entity]:
    """The entities ``name`` denotes: those whose title, name or any alternative label matches
    it, or the one entity an IRI names.

    ``name`` is a label (compared after :func:`normalize_name`), a compact IRI (``person:v``), a
    full IRI or an IRI in angle brackets (``<https://w3id.org/kgost/id/person/v>``). For a label,
    exact matches come first; if there are none, labels that contain ``name`` are returned. An
    IRI denotes an entity when it occurs as the subject or object of any statement, labelled or
    not. The list is never empty: no match is an error.

    Parameters
    ----------
    kg
        The knowledge graph.
    name
        A label, a compact IRI or an IRI (bare or in angle brackets).
    limit
        Return at most this many entities.

    Returns
    -------
    list of Entity
        The matches, by label; a single entity for an IRI.

    Raises
    ------
    EntityNotFoundError
        Nothing matches; the message and ``candidates`` give the closest labels (or compact IRIs).
    InputError
        ``name`` is empty.

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
    >>> [str(e) for e in kg.find("<https://w3id.org/kgost/id/person/v>")]
    ['person:v (Person) V']
    >>> kg.find("chanyol")
    Traceback (most recent call last):
    ...
    kgost.EntityNotFoundError: no entity is named 'chanyol'; closest: Chanyeol, Cha Eunwoo
    """
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InputError(f"limit must be a whole number of at least 1, not {limit!r}")
    if isinstance(name, URIRef) or _looks_like_iri(name, graph_prefixes(kg)):
        return [_by_iri(kg, name)]
    matches = _matches(kg, name)[:limit]
    if not matches:
        _not_found(kg, name)
    return matches


def resolve(kg: GraphLike, name: str | URIRef, *, kind: str | None = None) -> Entity:
    """The one entity ``name`` denotes: a label (as :func:`find`), a compact IRI or an IRI (bare
    or in angle brackets).

    With ``kind`` (a kgost class such as ``"Person"``), only entities of that class or of a
    subclass count: "EXO CBX" as a ``MusicGroup`` is the sub-unit, and a name of another kind is
    an error saying what it is.

    Parameters
    ----------
    kg
        The knowledge graph.
    name
        A label, a compact IRI or an IRI (bare or in angle brackets).
    kind
        A kgost class (local name: ``"Person"``, ``"MusicGroup"``, ...) the entity must have.

    Returns
    -------
    Entity
        The entity; an exact match wins over labels that only contain ``name``.

    Raises
    ------
    EntityNotFoundError
        Nothing matches; the message lists the closest labels.
    AmbiguousEntityError
        Several entities match; the message lists them.
    InputError
        ``name`` is empty, or ``kind`` is not a kgost class.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> kg.resolve("Chanyeol").iri
    rdflib.term.URIRef('https://w3id.org/kgost/id/person/chanyeol')
    >>> kg.resolve("Chanyol")
    Traceback (most recent call last):
    ...
    kgost.EntityNotFoundError: no entity is named 'Chanyol'; closest: Chanyeol, Cha Eunwoo
    >>> kg.resolve("EXO", kind="Person")
    Traceback (most recent call last):
    ...
    kgost.EntityNotFoundError: no Person is named 'EXO': EXO (group:exo) is a MusicGroup
    """
    if kind is not None:
        return _resolve_kind(kg, name, kind)
    if isinstance(name, URIRef) or _looks_like_iri(name, graph_prefixes(kg)):
        return _by_iri(kg, name)
    chosen = _choose(name, _matches(kg, name), what="entities")
    if chosen is not None:
        return chosen
    _not_found(kg, name)


def resolve_iri(kg: GraphLike, name: str, *, kind: str | None = None) -> URIRef:
    """``resolve(kg, name, kind=kind).iri``, what a query parameter needs: for an IRI (compact,
    full or in angle brackets) of an entity of class ``kind`` (any entity without ``kind``), one
    ASK, without building the :class:`Entity` (its label, types and their order cost a lookup
    query and the ontology's class depths). Anything else (a label, an IRI that names nothing or
    an entity of another kind) is :func:`resolve`'s answer or error.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> resolve_iri(kg, "group:exo-cbx", kind="MusicGroup") == kg.resolve("EXO-CBX", kind="MusicGroup").iri
    True
    >>> resolve_iri(kg, "group:exo-cbx", kind="Person")
    Traceback (most recent call last):
    ...
    kgost.EntityNotFoundError: no Person is named 'group:exo-cbx': EXO-CBX (group:exo-cbx) is a SubUnit
    """
    if (kind is None or kind in _CLASSES) and (isinstance(name, URIRef) or _looks_like_iri(name, graph_prefixes(kg))):
        try:
            iri = expand_iri(name, prefixes=graph_prefixes(kg))
        except InputError:
            iri = None
        if iri is not None and not BAD_IRI_CHARS.search(str(iri)):
            # being of a class, it is the subject of a triple: resolve finds it by its IRI
            if _is_a(kg, iri, kind) if kind is not None else kg.sparql_raw(_OCCURS, bindings={"x": iri}).boolean:
                return iri
    return resolve(kg, name, kind=kind).iri


@public
@dataclass(frozen=True)
class Entity:
    """An entity found by name: its IRI, display label, kgost types and the label that matched.

    Made by :func:`find` and :func:`resolve`. ``types`` are compact IRIs, from general to
    specific; ``matched`` is the label (title, name or alternative label) the name matched;
    ``curie`` is the IRI compact with the prefixes of the graph it was found in (kgost's and
    those its files declare), as ``str(entity)`` shows it.

    Examples
    --------
    >>> import kgost
    >>> entity = kgost.load().resolve("EXO CBX")
    >>> entity.label, entity.kind, entity.matched
    ('EXO-CBX', 'SubUnit', 'EXO CBX')
    >>> print(entity)
    group:exo-cbx (SubUnit) EXO-CBX
    """

    iri: URIRef
    label: str
    types: list[str] = field(default_factory=list)
    matched: str = ""
    curie: str = field(default="", repr=False, compare=False)

    @property
    def kind(self) -> str:
        """The most specific kgost type's local name (``Person``, ``SubUnit``, ``TVDrama``, ...)."""
        if not self.types:
            return "Thing"
        name = self.types[-1]
        return re.split(r"[#/]", name)[-1] if "://" in name else name.split(":", 1)[-1]

    def __str__(self) -> str:
        return f"{self.curie or compact_iri(self.iri)} ({self.kind}) {self.label}"


# The classes the graph declares and its rdfs:subClassOf links: class_depths counts in Python
_DECLARED_CLASSES = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?class WHERE { ?class a owl:Class . FILTER (isIRI(?class)) }"""
_SUBCLASS_LINKS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?class ?super WHERE { ?class rdfs:subClassOf ?super }"""


def _query(kg: GraphLike, name: str, *, iri: URIRef | None = None) -> tuple[list[Entity], list[Entity]]:
    """Entities whose label is ``name`` and those whose label contains it (after normalizing)."""
    index = _name_index(kg) if iri is None else None  # one entity: the engine finds it by its IRI
    if index is None:
        bindings: dict = {"name": Literal(name)}
        if iri is not None:
            bindings["entity"] = iri
        rows = kg.sparql_raw(_lookup_sparql(), bindings=bindings).rows
        specificity = _specificity(kg)
    else:
        rows, specificity = index.matches(name, iri=iri), index.specificity
    entities: dict[URIRef, Entity] = {}
    exact: set[URIRef] = set()
    shorten = graph_compactor(kg)
    for x, label, rdf_type, matched, is_exact in rows:
        assert isinstance(x, URIRef)
        entity = entities.get(x) or Entity(x, str(label if label is not None else matched), [], str(matched), shorten(str(x)))
        if is_exact is not None and is_exact.toPython() is True and x not in exact:
            exact.add(x)
            entity = Entity(entity.iri, entity.label, entity.types, str(matched), entity.curie)
        type_name = shorten(str(rdf_type)) if isinstance(rdf_type, URIRef) else str(rdf_type)
        if type_name not in entity.types:
            entity.types.append(type_name)
        entities[x] = entity
    for entity in entities.values():
        entity.types.sort(key=specificity)
    ordered = sorted(entities.values(), key=lambda e: (e.label.lower(), str(e.iri)))
    return [e for e in ordered if e.iri in exact], ordered


class _NameIndex:
    """Every labelled entity's rows of the lookup query (``find_entity.rq`` with an empty name),
    with each label's normalized key, and the class depths: what one lookup needs, read once per
    version of the graph. :meth:`matches` answers as the query would for any name, in its order
    (``ORDER BY DESC(?exact) ?label ?entity ?type ?matched``), by :func:`normalize_name` (the
    query's REPLACE/LCASE, kept in step by a test). Hand-written: neither engine has a text index
    that ignores these characters."""

    def __init__(self, kg: GraphLike) -> None:
        run = getattr(kg.store, "query_generated", None) or kg.sparql_raw  # kgost's own text: no gate to parse it
        # the lookup's rows for an empty name, in two plain queries: its type test (a kgost class
        # or a declared subclass of one) asked once per class, not once per row (rdflib evaluated
        # the query's EXISTS for every row: 0.3 s on the article alone); a test keeps them equal
        kgost_types = {t for (t,) in run(_KGOST_SUBCLASSES).rows}
        rows = {
            (x, label, rdf_type, matched, None)
            for x, label, rdf_type, matched in run(_LABELLED).rows
            if str(rdf_type).startswith(_KGOST_IRI) or rdf_type in kgost_types
        }
        ordered = sorted(rows, key=lambda r: (r[1] is not None, str(r[1] or ""), str(r[0]), str(r[2]), str(r[3])))
        self.rows = [(row, normalize_name(str(row[3]))) for row in ordered]
        self.specificity = _specificity(kg)

    def matches(self, name: str, *, iri: URIRef | None = None) -> list[tuple]:
        wanted = normalize_name(name)
        found = {
            (x, label, rdf_type, matched, Literal(key == wanted))
            for (x, label, rdf_type, matched, _), key in self.rows
            if wanted in key and (iri is None or x == iri)
        }
        return sorted(found, key=lambda r: (not r[4].toPython(), r[1] is not None, str(r[1] or ""), str(r[0]), str(r[2]), str(r[3])))


def _name_index(kg: GraphLike) -> _NameIndex | None:
    """The name index of ``kg``'s store at its current version (``None`` for a store without one,
    whose data others may change: those ask the engine each time)."""
    if not kg.store.capabilities.versioned:
        return None
    return kept(kg, "name index", lambda: _NameIndex(kg), shared=True)


def _matches(kg: GraphLike, name: str) -> list[Entity]:
    """The entities a label matches: the exact matches, else those whose labels contain it."""
    if not isinstance(name, str):
        raise InputError(f"a name to look up must be text; got {name!r}")
    if not normalize_name(name):
        raise InputError(f"cannot look up an empty name ({name!r})")
    exact, contained = _query(kg, name)
    return exact or contained


def _not_found(kg: GraphLike, name: str) -> NoReturn:
    candidates = _closest(kg, name)
    hint = f"; closest: {', '.join(candidates)}" if candidates else ""
    raise EntityNotFoundError(f"no entity is named {name!r}{hint}", candidates=candidates)


def _by_iri(kg: GraphLike, name: str | URIRef) -> Entity:
    """The entity an IRI (compact, full or in angle brackets) names, labelled or not."""
    iri = expand_iri(name, prefixes=graph_prefixes(kg))
    shorten = graph_compactor(kg)
    if BAD_IRI_CHARS.search(str(iri)):
        raise InputError(f"{str(name)!r} is not an IRI: {IRI_RULE}")
    labelled = _query(kg, "", iri=iri)[1]
    if labelled:
        return labelled[0]
    if kg.sparql_raw(_OCCURS, bindings={"x": iri}).boolean:
        types = sorted({shorten(str(row[0])) for row in kg.sparql_raw(_KGOST_TYPES, bindings={"x": iri}).rows}, key=_specificity(kg))
        label = kg.label(iri) or shorten(str(iri))
        return Entity(iri, label, types, label, shorten(str(iri)))
    known = {shorten(str(row[0])): None for row in _rows(kg)}
    candidates = difflib.get_close_matches(shorten(str(iri)), list(known), n=5, cutoff=0.6)
    hint = f"; closest: {', '.join(candidates)}" if candidates else ""
    raise EntityNotFoundError(f"no entity has the IRI {shorten(str(iri))!r}{hint}", candidates=candidates)


def _specificity(kg: GraphLike) -> Callable[[str], tuple[int, str]]:
    """A sort key for compact class names that puts a class after its superclasses, so an entity's
    last type is its most specific: the number of superclasses the ontology in the graph declares,
    then the name (``kgost:Performer`` before ``kgost:Person``); a class the graph does not declare
    comes first. Read from the graph, not a table, so another ontology's classes sort alike."""
    shorten = graph_compactor(kg)
    depths = {shorten(str(c)): d for c, d in class_depths(kg).items()}
    return lambda name: (depths.get(name, -1), name)


def class_depths(kg: GraphLike) -> dict[URIRef, int]:
    """Each class the graph declares (``owl:Class``), with its number of declared superclasses
    (``rdfs:subClassOf``, transitively): the order of classes, read from the ontology in the graph,
    or from the bundled ontology files for a graph loaded without them."""
    run = getattr(kg.store, "query_generated", None) or kg.sparql_raw  # kgost's own text: no gate to parse it
    declared = _depths({c for (c,) in run(_DECLARED_CLASSES).rows}, run(_SUBCLASS_LINKS).rows)
    return {**_bundled_depths(), **declared}


def _depths(classes: set[URIRef], links: Iterable[tuple]) -> dict[URIRef, int]:
    """Each of ``classes`` with the number of ``classes`` among its superclasses by the
    ``(class, superclass)`` ``links``, transitively (as ``rdfs:subClassOf+`` counts: a class itself
    only in a cycle); the closure by networkx (one SPARQL property path per class was slow on rdflib)."""
    import networkx as nx

    graph = nx.DiGraph(links)
    depths = {}
    for c in classes:
        above = set().union(*(nx.descendants(graph, s) | {s} for s in graph.successors(c))) if c in graph else set()
        depths[c] = len(above & classes)
    return depths


@functools.lru_cache(maxsize=1)
def _bundled_depths() -> dict[URIRef, int]:
    """:func:`class_depths` of the bundled ontology files (read once)."""
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    from kgost._vocabulary import bundled_triples

    graph = rdflib.Graph()
    for triple in bundled_triples():  # parsed once for both
        graph.add(triple)
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    return _depths(classes, graph.subject_objects(RDFS.subClassOf))


def _resolve_kind(kg: GraphLike, name: str | URIRef, kind: str) -> Entity:
    """:func:`resolve` among the entities of the kgost class ``kind`` (or a subclass)."""
    if kind not in _CLASSES:
        raise InputError(f"unknown kind {kind!r}; use a kgost class: {', '.join(_CLASSES)}")
    if not isinstance(name, URIRef) and not _looks_like_iri(name, graph_prefixes(kg)):
        of_kind = [e for e in _matches(kg, name) if _is_a(kg, e.iri, kind)]
        chosen = _choose(name, of_kind, what=f"entities of kind {kind}")
        if chosen is not None:
            return chosen
    entity = resolve(kg, name)  # names the closest candidates when nothing matches at all
    if not _is_a(kg, entity.iri, kind):
        raise EntityNotFoundError(f"no {kind} is named {str(name)!r}: {entity.label} ({entity.curie or compact_iri(entity.iri)}) is a {entity.kind}")
    return entity


def _choose(name: str, matches: list[Entity], *, what: str) -> Entity | None:
    """The one match ``name`` denotes (an exact match wins over partial ones), ``None`` for no
    match, or ``AmbiguousEntityError`` listing them."""
    exact = [m for m in matches if normalize_name(m.matched) == normalize_name(name)]
    if len(exact) == 1 or (len(matches) == 1 and not exact):
        return (exact or matches)[0]
    if matches:
        listed = "; ".join(f"{m.label} ({m.curie or compact_iri(m.iri)})" for m in matches)
        raise AmbiguousEntityError(f"{name!r} matches {len(matches)} {what}: {listed}", candidates=[m.label for m in matches])
    return None


def _is_a(kg: GraphLike, iri: URIRef, kind: str) -> bool:
    """Is ``iri`` an instance of ``kgost:<kind>`` or of one of its subclasses?"""
    return bool(kg.sparql_raw(_IS_A, bindings={"x": iri, "kind": URIRef(PREFIXES["kgost"] + kind)}).boolean)


def _closest(kg: GraphLike, name: str) -> list[str]:
    labels = {str(row[3]): str(row[1] if row[1] is not None else row[3]) for row in _rows(kg)}
    keys = {normalize_name(k): v for k, v in labels.items()}
    close = difflib.get_close_matches(normalize_name(name), list(keys), n=5, cutoff=0.6)
    return list(dict.fromkeys(keys[c] for c in close))


def _rows(kg: GraphLike) -> list[tuple]:
    """Every (entity, label, type, matched label, exact) row: the lookup with an empty name."""
    index = _name_index(kg)
    if index is not None:
        return [row for row, _ in index.rows]
    return kg.sparql_raw(_lookup_sparql(), bindings={"name": Literal("")}).rows


@functools.lru_cache(maxsize=1)
def _lookup_sparql() -> str:
    """The lookup query's text, read from its file here: ``_query`` imports this module, not the reverse."""
    return (queries_dir() / _QUERY_FILE).read_text(encoding="utf-8-sig")


def _looks_like_iri(text: str, prefixes: Mapping[str, str] = PREFIXES) -> bool:
    """A compact IRI with a kgost prefix (or one of ``prefixes``), a full IRI (``scheme://`` or
    ``urn:``) or ``<...>``."""
    if not isinstance(text, str):
        return False
    if text.startswith("<") and text.endswith(">"):
        return True
    prefix, sep, _ = text.partition(":")
    return bool(sep) and (prefix in prefixes or "://" in text or text.startswith("urn:"))
