"""Node attributes of the network views: each entity's kind, most specific type and label, by SPARQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import BNode, URIRef

from kgost._namespace import KGOST, _compact, graph_compactor
from kgost._versioned import kept, kept_already
from kgost._vocabulary import vocabulary
from kgost.querying._values import sparql_term

_KGOST = str(KGOST)

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["node_data", "node_facts", "plain_rows", "node_key", "node_keys", "looked_up", "superclasses", "term"]

T = TypeVar("T")

_PREFIX = """PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: A node's types and name; for entities without one (chart entries, ranked items, nominations),
#: what a label can be made of: the position, and the chart or award.
#: One query text for every view and graph (its parse is cached): each row gives one of the four,
#: for every entity of the graph (or of the ``VALUES`` put in for a few, see :func:`node_data`);
#: :func:`node_data` keeps the entities it is asked for.
_NODES = _PREFIX + """
SELECT ?x ?type ?label ?position ?of WHERE {%s
    { ?x a ?type }
    UNION { ?x kgost:title|kgost:name|rdfs:label ?label }
    UNION { ?x kgost:position ?position }
    UNION { ?x kgost:chart|kgost:award|kgost:musicVideoOf ?thing . ?thing kgost:title|kgost:name ?of }
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
    facts = node_facts(kg, texts, whole=False)
    depth = _class_depths(kg)
    # The coarse kind a view groups (and a drawing colours) a node by: the ontology's
    # kgost:nodeKind of its most specific class that has one (another article's subclass takes
    # its nearest superclass's, unless its own ontology gives it a kgost:nodeKind).
    words = vocabulary(kg)
    kinds = {str(c).rsplit("#", 1)[-1]: k for c, k in words.kinds.items() if str(c).startswith(_KGOST)}
    own_kinds = {str(c): k for c, k in words.kinds.items() if not str(c).startswith(_KGOST)}  # another ontology's classes
    supers = superclasses(kg) if own_kinds else {}

    def typed(types: tuple[str, ...], others: tuple[str, ...]) -> tuple[str, str]:
        """The kind and most specific type of an entity of these types (many share them)."""
        known = sorted(set(types), key=lambda t: (depth.get(t, -1), t))  # superclasses first
        most = known[-1] if known else "Thing"
        kind = next((kinds[t] for t in reversed(known) if t in kinds), "other")
        # of the graph's own classes with a kind, the most specific (no subclass of it among them)
        own = {c for c in others if c in own_kinds}
        mine = sorted(c for c in own if not any(c in supers.get(d, ()) for d in own))
        return own_kinds[mine[0]] if mine else kind, most

    by_types: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, str]] = {}
    for text in texts:
        key = node_key(text)
        types, labels, parts, others = facts.get(text, _NOTHING)
        both = (tuple(types), tuple(others))
        if both not in by_types:
            by_types[both] = typed(*both)
        kind, most = by_types[both]
        found[key] = {
            "kind": kind,
            "type": most,
            "label": min(labels) if labels else _made_label(most, sorted(parts)) or key,
            "iri": text[2:] if text.startswith("_:") else text,
        }
    return found


def node_facts(kg: GraphLike, texts: Iterable[str], *, whole: bool = True) -> dict[str, _Facts]:
    """What :func:`node_data` is made of, for the entities of ``texts`` (as :func:`plain_rows`
    gives them) that have any: their kgost types with their superclasses (local names), their
    names, the (position, chart or award) pairs an entity without a name is labelled by, and
    their types of other ontologies (IRIs, with their superclasses).

    Read once per version of the graph for every entity (kept, see :func:`kgost._versioned.kept`),
    or for a few (up to ``_FEW``, when the whole table is not kept yet) by name; not ``whole``:
    many are read from the whole table but not kept (see :func:`looked_up`)."""
    return looked_up(kg, "node facts", lambda values, only: _read_facts(kg, values, only), "x", texts, whole=whole)


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
            table = read("", wanted)
        elif len(wanted) > _FEW or any(t.startswith("_:") for t in wanted):  # a blank node cannot be named
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


#: An entity's kgost types (local names), names, (position, chart or award) pairs, other types (IRIs).
_Facts = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]
_NOTHING: _Facts = ((), (), (), ())


def superclasses(kg: GraphLike) -> dict[str, list[str]]:
    """Each class's superclasses (IRIs, transitively), kept per version of the graph."""

    def read() -> dict[str, list[str]]:
        supers: dict[str, list[str]] = defaultdict(list)
        for cls, sup in plain_rows(kg, _SUPERCLASSES):
            supers[cls].append(sup)  # type: ignore[index,arg-type]
        return supers

    return kept(kg, "superclasses", read)


def _read_facts(kg: GraphLike, values: str, only: Collection[str] | None) -> dict[str, _Facts]:
    """:func:`node_facts` of every entity (``values`` empty) or of those a ``VALUES ?x`` block
    names; of those in ``only`` (all for ``None``)."""
    supers = superclasses(kg)
    split: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # a type: its and its superclasses' (kgost names, other IRIs)

    def types_of(rdf_type: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        every = (rdf_type, *supers.get(rdf_type, ()))
        found = split[rdf_type] = (tuple(t.rsplit("#", 1)[-1] for t in every if t.startswith(_KGOST)),
                                   tuple(t for t in every if not t.startswith(_KGOST)))
        return found

    # Tuples, not lists: a view of a million quads holds some 100,000 entities, and lists (which
    # the garbage collector tracks, unlike tuples of text) made it collect for seconds.
    table: dict[str, _Facts] = {}
    for x, rdf_type, label, position, of in plain_rows(kg, _NODES % values, first_in=only):
        types, labels, parts, others = table.get(x, _NOTHING)  # type: ignore[arg-type]
        if rdf_type is not None:
            kgost_names, other_names = split.get(rdf_type) or types_of(rdf_type)
            types, others = types + kgost_names, others + other_names
        if label is not None:
            labels += (label,)
        if position is not None or of is not None:
            parts += ((position or "", of or ""),)
        table[x] = (types, labels, parts, others)  # type: ignore[index]
    return table


def _made_label(rdf_type: str, parts: list[tuple[str, str]]) -> str | None:
    """A label for an entity without a name, from its position and chart, award or song: ``ranked #1``,
    ``#1 on Billboard Digital Song Sales``, ``Melon Top 10 Artist Award nomination``,
    ``music video of ‘Here Always’``; ``None``
    when there is nothing to make one of (the node is then labelled by its compact IRI)."""
    position = next((p for p, _ in parts if p), "")
    of = next((o for _, o in parts if o), "")
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
                                             if str(c).startswith(_KGOST)})
