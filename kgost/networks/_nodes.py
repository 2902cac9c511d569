"""Node attributes of the network views: each entity's kind, most specific type and label, by SPARQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import BNode, URIRef

from kgost._namespace import KGOST, _compact, graph_compactor
from kgost._versioned import kept, kept_already
from kgost._vocabulary import vocabulary
from kgost.querying._values import sparql_term
from kgost.stores._base import GENID

_KGOST = str(KGOST)

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["node_data", "node_types", "type_names", "plain_rows", "node_key", "node_keys", "looked_up", "superclasses", "term"]

T = TypeVar("T")

_PREFIX = """PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: A node's types, its names and, for entities without one (chart entries, ranked items,
#: nominations), what a label can be made of: the position, and the chart, award or song. Three
#: queries of two or three columns (each text's parse is cached), for every entity of the graph
#: (or of the ``VALUES`` put in for a few, see :func:`looked_up`): cheaper to read than one
#: ``UNION`` of them with a column each, and the third is asked only for the entities without a name.
_TYPES = _PREFIX + "SELECT ?x ?type WHERE {%s\n    ?x a ?type\n}"
#: Every entity's types on a store that keeps blank nodes as IRIs (``GENID``, see
#: :attr:`kgost.stores.StoreCapabilities.blank_nodes`): a row per type, with its entities as one
#: text (an IRI holds no space; a blank node left by another program, which has no text in
#: SPARQL, shows as ``_:`` and the types are then read a row each). Oxigraph makes Python objects
#: of every value of every row, so this reads the 300,000 type statements of a million quads in
#: half the time of a row each.
_TYPED = _PREFIX + """
SELECT ?type (GROUP_CONCAT(IF(isIRI(?x), STR(?x), "_:"); separator=" ") AS ?xs) WHERE { ?x a ?type } GROUP BY ?type"""
_NAMES = _PREFIX + "SELECT ?x ?label WHERE {%s\n    ?x kgost:title|kgost:name|rdfs:label ?label\n}"
#: (A ``VALUES`` block goes in each branch: Oxigraph evaluates one put before a ``UNION`` after
#: the whole ``UNION``, 0.4 s at a million quads for two entities.)
_PARTS = _PREFIX + """
SELECT ?x ?position ?of WHERE {
    {%s ?x kgost:position ?position }
    UNION {%s ?x kgost:chart|kgost:award|kgost:musicVideoOf ?thing . ?thing kgost:title|kgost:name ?of }
}
"""

#: Each class's superclasses (``rdfs:subClassOf``, transitively): a node's types are its direct
#: types and theirs, which is far cheaper than ``a/rdfs:subClassOf*`` for every entity.
_SUPERCLASSES = _PREFIX + "SELECT DISTINCT ?class ?super WHERE { ?class rdfs:subClassOf+ ?super }"

#: Up to this many entities are named in the node query; more read every entity's data.
_FEW = 200

def node_data(kg: GraphLike, iris: Iterable[URIRef | str], *,
              key_of: Callable[[str], str] | None = None) -> dict[str, dict[str, Any]]:
    """``kind``, ``type``, ``label`` and ``iri`` of each entity (an rdflib term, or its text as
    :func:`plain_rows` gives it), keyed by compact IRI (``key_of``: the graph's :func:`node_keys`, if made already)."""
    node_key = key_of or node_keys(kg)
    texts = sorted({_text(iri) for iri in iris})
    found: dict[str, dict[str, Any]] = {}
    if not texts:
        return found
    types = node_types(kg, texts, whole=False)
    names = _looked_up_rows(kg, "node names", _NAMES, texts, _least_names)
    unnamed = [text for text in texts if text not in names]
    parts = _looked_up_rows(kg, "node parts", _PARTS, unnamed, _least_parts) if unnamed else {}
    typed = _typing(kg)
    for text in texts:
        key = node_key(text)
        kind, most = typed(types.get(text, ()))
        label = names.get(text)
        if label is None:
            label = _made_label(most, *parts.get(text, ("", ""))) or key
        found[key] = {"kind": kind, "type": most, "label": label, "iri": text[2:] if text.startswith("_:") else text}
    return found


def node_types(kg: GraphLike, texts: Iterable[str], *, whole: bool = True) -> dict[str, tuple[str, ...]]:
    """The direct types (IRIs, as :func:`plain_rows` gives them) of the entities of ``texts``
    that have any (see :func:`type_names` for their kgost names and superclasses); entities
    with the same types share one tuple of them.

    Read once per version of the graph for every entity (kept, see :func:`kgost._versioned.kept`),
    or for a few (up to ``_FEW``, when the whole table is not kept yet) by name; not ``whole``:
    many are read from the whole table but not kept (see :func:`looked_up`)."""
    def read(values: str, only: Collection[str] | None) -> dict[str, tuple[str, ...]]:
        grouped = [] if values or kg.store.capabilities.blank_nodes else plain_rows(kg, _TYPED)
        if not grouped or any(xs is None or " _: " in f" {xs} " for _, xs in grouped):
            return _shared_types(plain_rows(kg, _TYPES % values, first_in=only))
        return _shared_types(_typed(grouped, only))

    return looked_up(kg, "node types", read, "x", texts, whole=whole)


def type_names(kg: GraphLike) -> Callable[[tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]]:
    """A function from an entity's direct types (as :func:`node_types` gives them) to the kgost
    classes among them and their superclasses (local names) and the other ontologies' classes
    (IRIs, with their superclasses); made once per distinct tuple of types."""
    supers = superclasses(kg)
    made: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def names(direct: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found = made.get(direct)
        if found is None:
            every = [t for rdf_type in direct for t in (rdf_type, *supers.get(rdf_type, ()))]
            found = made[direct] = (tuple(t.rsplit("#", 1)[-1] for t in every if t.startswith(_KGOST)),
                                    tuple(t for t in every if not t.startswith(_KGOST)))
        return found

    return names


def looked_up(kg: GraphLike, key: str, read: Callable[[str, Collection[str] | None], dict[str, T]], variable: str,
              wanted: Iterable[str], *, whole: bool = True) -> dict[str, T]:
    """The entries of a table read by SPARQL for the terms ``wanted`` (as :func:`plain_rows` gives
    them): from the whole table, read once per version of the graph and kept under ``key``, or,
    for a few terms when it is not kept yet, from ``read`` with a ``VALUES ?variable`` block
    (``read`` gets that block's text, or an empty one for the whole table, and the terms its
    rows are kept for: ``None`` for all). Not ``whole``: many terms are read from every row of the
    whole table but only theirs made (Oxigraph evaluates a ``VALUES`` of thousands very slowly),
    and not kept."""
    wanted = set(wanted)
    table = kept_already(kg, key)
    if table is None:
        if not whole and len(wanted) > _FEW:
            return read("", wanted)  # holds the wanted terms only: no copy of it is needed
        if len(wanted) > _FEW or any(t.startswith("_:") for t in wanted):  # a blank node cannot be named
            table = kept(kg, key, lambda: read("", None))
        else:
            values = " ".join(sparql_term(term(t)) for t in sorted(wanted))
            table = read(f"\n    VALUES ?{variable} {{ {values} }}", None) if values else {}
    return {t: table[t] for t in wanted if t in table}


def plain_rows(kg: GraphLike, sparql: str, *, first_in: Collection[str] | None = None) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT query kgost wrote itself, each value as text (an IRI's, a literal's
    lexical form, a blank node as ``_:label``; unbound: ``None``): from the store's
    ``select_strings`` where it has one (Oxigraph: no rdflib term is made), else from
    :meth:`KnowledgeGraph.sparql_raw`. ``first_in``: only the rows whose first value is in it."""
    select = getattr(kg.store, "select_strings", None)
    if select is not None:
        return select(sparql) if first_in is None else select(sparql, first_in=first_in)  # type: ignore[no-any-return]
    rows = [tuple(None if t is None else _text(t) for t in row) for row in kg.sparql_raw(sparql).rows]
    return rows if first_in is None else [row for row in rows if row[0] in first_in]


def node_key(text: str) -> str:
    """The node key of an entity's text as :func:`plain_rows` gives it, by kgost's prefixes:
    :func:`compact_iri` of the term (a blank node's label). A graph's views key their nodes by
    its own prefixes: :func:`node_keys`."""
    return text[2:] if text.startswith("_:") else _compact(text)


def node_keys(kg: GraphLike) -> Callable[[str], str]:
    """:func:`node_key` by the prefixes of ``kg`` (kgost's and those its files declare,
    :func:`kgost._namespace.graph_prefixes`): another article's ``show:weekend-cook``.

    Examples
    --------
    >>> import kgost
    >>> node_keys(kgost.load())("https://w3id.org/kgost/id/person/chen"), node_keys(kgost.load())("_:b0")
    ('person:chen', 'b0')
    """
    compact = graph_compactor(kg)
    if compact is _compact:
        return node_key

    def key(text: str) -> str:
        return text[2:] if text.startswith("_:") else compact(text)

    return key


def _text(term: object) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def term(text: str) -> URIRef | BNode:
    """The rdflib term of a text as :func:`plain_rows` gives it."""
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def superclasses(kg: GraphLike) -> dict[str, list[str]]:
    """Each class's superclasses (IRIs, transitively), kept per version of the graph."""

    def read() -> dict[str, list[str]]:
        supers: dict[str, list[str]] = defaultdict(list)
        for cls, sup in plain_rows(kg, _SUPERCLASSES):
            supers[cls].append(sup)  # type: ignore[index,arg-type]
        return supers

    return kept(kg, "superclasses", read, shared=True)


def _looked_up_rows(kg: GraphLike, key: str, sparql: str, texts: Iterable[str],
                    table: Callable[[list[tuple[str | None, ...]]], dict[str, T]], *, whole: bool = False) -> dict[str, T]:
    """:func:`looked_up` of the ``table`` made of the rows of ``sparql`` (a text with a ``%s``
    for a ``VALUES ?x`` block in each group that binds ``?x``)."""
    def read(values: str, only: Collection[str] | None) -> dict[str, T]:
        return table(plain_rows(kg, sparql % ((values,) * sparql.count("%s")), first_in=only))

    return looked_up(kg, key, read, "x", texts, whole=whole)


def _typed(grouped: list[tuple[str | None, ...]], only: Collection[str] | None) -> Iterator[tuple[str, str]]:
    """(entity, type) of each type statement in the rows of :data:`_TYPED` (of the entities in
    ``only``, if given), each entity as :func:`plain_rows` gives it (a blank node's IRI as ``_:label``)."""
    cut = len(GENID)
    for rdf_type, entities in grouped:
        for x in entities.split(" ") if GENID not in entities else (
                f"_:{x[cut:]}" if x.startswith(GENID) else x for x in entities.split(" ")):
            if only is None or x in only:
                yield x, rdf_type  # type: ignore[misc]


def _shared_types(rows: Iterable[tuple[str | None, ...]]) -> dict[str, tuple[str, ...]]:
    """Entity -> its types, one tuple for all the entities of the same types (in the same order):
    a view of a million quads holds some 100,000 entities, and a container each (which the garbage
    collector tracks until it has seen them) made it collect for seconds."""
    table: dict[str, tuple[str, ...]] = {}
    shared: dict[tuple[tuple[str, ...], str | None], tuple[str, ...]] = {}
    for x, rdf_type in rows:
        had = table.get(x, ())  # type: ignore[arg-type]
        step = (had, rdf_type)
        now = shared.get(step)
        if now is None:
            now = shared[step] = (*had, rdf_type)  # type: ignore[assignment]
        table[x] = now  # type: ignore[index]
    return table


def _least_names(rows: list[tuple[str | None, ...]]) -> dict[str, str]:
    """Entity -> the least of its names (the same whatever order the engine gives them in)."""
    table: dict[str, str] = {}
    for x, name in rows:
        had = table.get(x)  # type: ignore[arg-type]
        if had is None or name < had:  # type: ignore[operator]
            table[x] = name  # type: ignore[index,assignment]
    return table


def _least_parts(rows: list[tuple[str | None, ...]]) -> dict[str, tuple[str, str]]:
    """Entity -> the least of its non-empty positions and the least of the non-empty names of
    its chart, award or song (``""`` for none)."""
    table: dict[str, tuple[str, str]] = {}
    for x, position, of in rows:
        had_position, had_of = table.get(x, ("", ""))  # type: ignore[arg-type]
        if position and (not had_position or position < had_position):
            had_position = position
        if of and (not had_of or of < had_of):
            had_of = of
        table[x] = (had_position, had_of)  # type: ignore[index]
    return table


def _typing(kg: GraphLike) -> Callable[[tuple[str, ...]], tuple[str, str]]:
    """A function from an entity's direct types (as :func:`node_types` gives them) to its kind
    and most specific type; made once per distinct tuple of types (many entities share them).

    The kind is the coarse one a view groups (and a drawing colours) a node by: the ontology's
    kgost:nodeKind of its most specific class that has one (another article's subclass takes
    its nearest superclass's, unless its own ontology gives it a kgost:nodeKind)."""
    depth = _class_depths(kg)
    words = vocabulary(kg)
    kinds = {str(c).rsplit("#", 1)[-1]: k for c, k in words.kinds.items() if str(c).startswith(_KGOST)}
    own_kinds = {str(c): k for c, k in words.kinds.items() if not str(c).startswith(_KGOST)}  # another ontology's classes
    supers = superclasses(kg) if own_kinds else {}
    names = type_names(kg)
    made: dict[tuple[str, ...], tuple[str, str]] = {}

    def typed(direct: tuple[str, ...]) -> tuple[str, str]:
        found = made.get(direct)
        if found is None:
            types, others = names(direct)
            known = sorted(set(types), key=lambda t: (depth.get(t, -1), t))  # superclasses first
            most = known[-1] if known else "Thing"
            kind = next((kinds[t] for t in reversed(known) if t in kinds), "other")
            # of the graph's own classes with a kind, the most specific (no subclass of it among them)
            own = {c for c in others if c in own_kinds}
            mine = sorted(c for c in own if not any(c in supers.get(d, ()) for d in own))
            found = made[direct] = (own_kinds[mine[0]] if mine else kind, most)
        return found

    return typed


def _made_label(rdf_type: str, position: str, of: str) -> str | None:
    """A label for an entity without a name, from its position and chart, award or song: ``ranked #1``,
    ``#1 on Billboard Digital Song Sales``, ``Melon Top 10 Artist Award nomination``,
    ``music video of ‘Here Always’``; ``None``
    when there is nothing to make one of (the node is then labelled by its compact IRI)."""
    if rdf_type == "RankedItem" and position:
        return f"ranked #{position}"
    if rdf_type == "ChartEntry" and (position or of):
        return f"#{position or '?'} on {of}" if of else f"#{position} on a chart"
    if rdf_type == "Nomination" and of:
        return f"{of} nomination"
    if rdf_type == "MusicVideo" and of:
        return f"music video of ‘{of}’"
    return None


def _class_depths(kg: GraphLike) -> dict[str, int]:
    """Each kgost class's number of superclasses (rdfs:subClassOf, transitively), by local name."""
    from kgost._lookup import class_depths

    return kept(kg, "class depths", lambda: {str(c).rsplit("#", 1)[-1]: d for c, d in class_depths(kg).items()
                                             if str(c).startswith(_KGOST)}, shared=True)
