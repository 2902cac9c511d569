"""The views made of facts (artist, full): one SPARQL query a view, each fact's best source, neighbourhoods."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import URIRef

from kgost._vocabulary import vocabulary
from kgost._versioned import kept
from kgost.networks._nodes import looked_up, node_data, node_facts, node_keys, plain_rows, term
from kgost.querying._values import sparql_term

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["ARTIST_EDGES", "FULL_EDGES", "FACT_VIEWS", "fact_parts", "fact_graph_around"]

_PREFIX = """PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: Artist view: one UNION branch per relation, oriented from the person/part to the whole. The
#: relation is a property of the ontology (the stored one, or one the view derives such as
#: kgost:performed, the inverse of kgost:performer); the edge is named by its label. ``?g``: the
#: graph that states the fact (its source is read once per graph, see :data:`SOURCES`).
ARTIST_EDGES = _PREFIX + """
SELECT ?from ?relation ?to ?via ?predicate ?g WHERE {
    {
        GRAPH ?g { ?to kgost:performer ?from } BIND (kgost:performed AS ?relation) BIND (kgost:performer AS ?predicate)
    } UNION {
        GRAPH ?g { ?from kgost:memberOf ?to } BIND (kgost:memberOf AS ?relation) BIND (kgost:memberOf AS ?predicate)
    } UNION {
        GRAPH ?g { ?from kgost:subUnitOf ?to } BIND (kgost:subUnitOf AS ?relation) BIND (kgost:subUnitOf AS ?predicate)
    } UNION {
        GRAPH ?g { ?from kgost:ostOf ?to } BIND (kgost:ostOf AS ?relation) BIND (kgost:ostOf AS ?predicate)
    } UNION {
        GRAPH ?g { ?to kgost:castMember ?from } BIND (kgost:actsIn AS ?relation) BIND (kgost:castMember AS ?predicate)
    } UNION {
        GRAPH ?g { ?via kgost:playedBy ?from } ?via kgost:characterIn ?to .
        BIND (kgost:playsCharacter AS ?relation) BIND (kgost:playedBy AS ?predicate)
    } UNION {
        GRAPH ?g { ?via kgost:features ?from } ?via kgost:musicVideoOf ?to .
        BIND (kgost:appearsInMusicVideoOf AS ?relation) BIND (kgost:features AS ?predicate)
    }
}"""

#: Full view: every IRI-valued fact of a named graph; those between two entities of kgost classes
#: or their subclasses (not the provenance records: see :data:`_RECORD_CLASSES`) are kept, by the types
#: :func:`kgost.networks._nodes.node_facts` reads for the nodes anyway (a ``FILTER EXISTS`` with a
#: property path for each fact costs both engines more than the whole view).
FULL_EDGES = _PREFIX + """
SELECT ?from ?predicate ?to ?g WHERE {
    GRAPH ?g { ?from ?predicate ?to }
    FILTER (isIRI(?to))  # two filters: rdflib evaluates them faster than one with &&
    FILTER (?predicate NOT IN (rdf:type, kgost:sungBy))  # sungBy: a shortcut for performer/memberOf
}"""

#: Where a fact comes from, by graph: the sentence text and its place in the article, or that an
#: inference gives it, and its reason.
SOURCES = _PREFIX + """
SELECT ?g ?text ?index ?inference ?reason WHERE {%s
    { ?g kgost:text ?text ; kgost:sentenceIndex ?index }
    UNION { ?g a kgost:Inference . BIND (kgost:Inference AS ?inference) OPTIONAL { ?g rdfs:comment ?reason } }
}"""

#: The labels the full view names its edges by (a predicate without one: its IRI).
_LABELS = _PREFIX + """
SELECT ?predicate ?label WHERE {
    VALUES ?predicate { %s }
    ?predicate rdfs:label ?label FILTER (LANG(?label) = "" || LANGMATCHES(LANG(?label), "en"))
}"""

#: The classes of what names a named graph: the provenance records (sentence, inference,
#: curation), whose entities are not in the full view.
_RECORD_CLASSES = _PREFIX + "SELECT DISTINCT ?class WHERE { GRAPH ?g { } ?g a ?class }"

#: The views made of facts.
FACT_VIEWS = ("artist", "full")

Row = tuple[str, str, str, "str | None", str, str]  # from, relation, to, via, predicate, graph


def fact_parts(kg: GraphLike, view: str) -> Parts:
    """The nodes and edges (with their data, in sorted order) of the whole fact view ``view``
    (``artist`` or ``full``)."""
    return _parts(kg, _rows(kg, view, ""))


def fact_graph_around(kg: GraphLike, view: str, center: URIRef, *, depth: int) -> nx.MultiDiGraph | None:
    """The part of the fact view ``view`` that :func:`kgost.networks._views.neighbourhood` keeps
    around ``center``: the facts of every entity within ``depth`` hops of it, read hop by hop
    (two queries a hop: the view's query with the hop's entities as ``VALUES`` of ``?from``,
    then of ``?to``), not the whole view.

    After ``depth`` hops the entities at that distance are asked too, for the facts between two
    of them; every fact of a kept entity is read, so each edge keeps its best source. ``None``
    when the neighbourhood holds a blank node, which no query can name."""
    start = str(center)
    seen = {start}
    frontier = [start]
    rows: dict[Row, None] = {}
    for hop in range(depth + 1):
        found: list[str] = []
        if any(node.startswith("_:") for node in frontier):
            return None
        values = " ".join(sparql_term(term(node)) for node in sorted(frontier))
        for role, other in (("from", 2), ("to", 0)):
            for row in _rows(kg, view, f"\n    VALUES ?{role} {{ {values} }}"):
                rows[row] = None
                if hop < depth and row[other] not in seen:
                    seen.add(row[other])
                    found.append(row[other])
        if not found:
            break
        frontier = found
    return _graph(kg, list(rows))


def _rows(kg: GraphLike, view: str, values: str) -> list[Row]:
    """The view's facts as text (those the ``VALUES`` text, put first in the query, names)."""
    if view == "artist":
        return plain_rows(kg, ARTIST_EDGES.replace(" WHERE {", " WHERE {" + values, 1))  # type: ignore[return-value]
    found = plain_rows(kg, FULL_EDGES.replace(" WHERE {", " WHERE {" + values, 1))
    types = node_facts(kg, {t for row in found for t in (row[0], row[2])})  # type: ignore[misc]
    records = kept(kg, "record classes", lambda: {str(c).rsplit("#", 1)[-1] for (c,) in plain_rows(kg, _RECORD_CLASSES)})
    entities = {t for t, (kinds, *_) in types.items() if any(k not in records for k in kinds)}
    facts = [row for row in found if row[0] in entities and row[2] in entities]
    predicates = sorted({row[1] for row in facts})  # type: ignore[type-var]
    labels: dict[str, list[str]] = defaultdict(list)
    if predicates:
        text = _LABELS % " ".join(sparql_term(URIRef(p)) for p in predicates)  # type: ignore[arg-type]
        for predicate, label in plain_rows(kg, text):
            labels[predicate].append(label)  # type: ignore[index,arg-type]
    return [(frm, relation, to, None, predicate, g)  # type: ignore[misc]
            for frm, predicate, to, g in facts for relation in labels.get(predicate, [predicate])]  # type: ignore[index]


def _graph(kg: GraphLike, rows: list[Row]) -> nx.MultiDiGraph:
    """The fact view of ``rows``: see :func:`_parts`."""
    graph = nx.MultiDiGraph()
    nodes, edges = _parts(kg, rows)
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def _parts(kg: GraphLike, rows: list[Row]) -> Parts:
    """The nodes and edges (with their data, in sorted order) of the fact view of ``rows``: one
    edge per (from, relation/predicate, to, via) with its best source: the earliest sentence,
    else an inference, else any other graph (a user's file)."""
    node_key = node_keys(kg)  # by the graph's prefixes
    keys: dict[str | None, str] = {None: ""}  # node keys by text: rows repeat their entities
    labels = {str(prop): label for prop, label in vocabulary(kg).labels.items()}
    sources = _sources(kg, {row[5] for row in rows})
    best: dict[str, tuple[tuple[tuple[int, int], str], bool, Any, Any]] = {}  # with the graph's key
    predicates: dict[str, str] = {}
    # fact -> (graphs, (rank, graph key), stated, sentence, reason, predicate key): tuples, and the
    # graph that states it, a set of them only when several do (lists and sets, which the garbage
    # collector tracks, made a view of a million quads collect for seconds)
    facts: dict[tuple[str, str, str, str], tuple[Any, ...]] = {}
    for frm, relation, to, via, predicate, g in rows:
        for node in (frm, to, via):
            if node not in keys:
                keys[node] = node_key(node)  # type: ignore[arg-type]
        relation = labels.get(relation, relation)  # a property IRI (no label in the graph): its label
        key = (keys[frm], relation, keys[to], keys[via])  # type: ignore[index]
        said = best.get(g)  # type: ignore[arg-type]
        if said is None:
            order, stated, text, reason = sources.get(g, _UNSAID)  # type: ignore[arg-type]
            said = best[g] = ((order, node_key(g)), stated, text, reason)  # type: ignore[index,arg-type]
        rank, stated, text, reason = said
        fact = facts.get(key)
        if fact is None or rank < fact[1]:
            if predicate not in predicates:
                predicates[predicate] = node_key(predicate)  # type: ignore[arg-type,index]
            better = (rank, stated, text, reason, predicates[predicate])  # type: ignore[index]
        if fact is None:
            facts[key] = (g, *better)
            continue
        graphs = fact[0]
        if isinstance(graphs, set):
            graphs.add(g)
        elif graphs != g:
            graphs = {graphs, g}
        stated = fact[2] or stated
        facts[key] = (graphs, rank, stated, text, reason, better[4]) if rank < fact[1] else (graphs, fact[1], stated, *fact[3:])
    nodes = node_data(kg, [t for t in keys if t is not None], key_of=keys.__getitem__)  # type: ignore[misc]
    used = sorted({k[0] for k in facts} | {k[2] for k in facts})
    edges = []
    for (source, target, edge), (name, through), (graphs, (_, graph_key), stated, sentence, reason, predicate) in sorted(
            ((_edge_order(k), (k[1], k[3]), fact) for k, fact in facts.items()), key=itemgetter(0)):
        edges.append((source, target, edge, {
            "relation": name,
            "predicate": predicate,
            "via": through or None,
            "character": _character(nodes, through),
            "sentence": sentence,
            "graph": graph_key,
            "sentences": len(graphs) if isinstance(graphs, set) else 1,
            "inferred": not stated,
            "reason": reason if not stated else None,
        }))
    return [(n, nodes[n]) for n in used], edges


#: A view's nodes (key, data) and edges (source, target, key, data), in sorted order.
Parts = tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]]


#: A graph's best way of stating a fact: (rank, stated, sentence, reason); see :func:`_sources`.
Said = tuple[tuple[int, int], bool, "str | None", "str | None"]
_UNSAID: Said = ((2, 0), True, None, None)  # a graph that is no sentence nor inference (a user's file)


def _sources(kg: GraphLike, graphs: set[str]) -> dict[str, Said]:
    """Each graph's best way of stating a fact, ranked: its first sentence in article order
    (``(0, index)``), then an inference (``(1, 0)``), then any other graph (``(2, 0)``); with
    ``stated`` (no inference says it: a sentence does), the sentence's text and the inference's
    reason. A graph that is both takes the sentence's rank and text and the inference's reason."""
    def read(values: str, only: Collection[str] | None) -> dict[str, Said]:
        # g -> (best sentence's rank or None (no index), its text, any sentence, any inference, first reason)
        seen: dict[str, tuple[Any, Any, bool, bool, Any]] = {}
        for g, text, index, inference, reason in plain_rows(kg, SOURCES % values, first_in=only):
            was = seen.get(g)  # type: ignore[arg-type]
            if inference is None:
                rank = (0, int(index)) if index is not None else None
                if was is None or not was[2] or (rank is not None and (was[0] is None or rank < was[0])):
                    seen[g] = (rank, text, True, bool(was and was[3]), was[4] if was else None)  # type: ignore[index]
            elif was is None or not was[3]:
                seen[g] = (was[0], was[1], was[2], True, reason) if was else (None, None, False, True, reason)  # type: ignore[index]
        return {g: (rank if rank is not None else (1, 0) if inferred else (2, 0), not inferred, text,
                    reason if inferred else None) for g, (rank, text, _, inferred, reason) in seen.items()}

    return looked_up(kg, "fact sources", read, "g", graphs, whole=False)


def _character(nodes: dict[str, dict[str, Any]], via: str) -> str | None:
    """The label of the character a fact goes through (by its type, whatever prefix its key has)."""
    return nodes[via]["label"] if via and nodes[via]["type"] == "Character" else None


def _edge_order(fact: tuple[str, str, str, str]) -> tuple[str, str, str]:
    """Source, target and key of a fact's edge: edges are added (and listed) in this order."""
    frm, relation, to, via = fact
    return frm, to, relation + (f" {via}" if via and relation != "plays character" else "")
