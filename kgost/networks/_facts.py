"""The views made of facts (artist, full): one SPARQL query a view, each fact's best source, neighbourhoods."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import URIRef

from kgost._vocabulary import vocabulary
from kgost._versioned import kept
from kgost.networks._nodes import looked_up, node_data, node_keys, node_types, plain_rows, term, type_names
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
#: graph that states the fact (its source is read once per graph, see :data:`SENTENCES`).
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
#: :func:`kgost.networks._nodes.node_types` reads for the nodes anyway (a ``FILTER EXISTS`` with a
#: property path for each fact costs both engines more than the whole view).
FULL_EDGES = _PREFIX + """
SELECT ?from ?predicate ?to ?g WHERE {
    GRAPH ?g { ?from ?predicate ?to }
    FILTER (isIRI(?to))  # two filters: rdflib evaluates them faster than one with &&
    FILTER (?predicate NOT IN (rdf:type, kgost:sungBy))  # sungBy: a shortcut for performer/memberOf
}"""

#: Where a fact comes from, by graph: the sentence text and its place in the article
#: (:data:`SENTENCES`), or that an inference gives it, and its reason (:data:`INFERENCES`). Two
#: queries of few columns: cheaper to read than a ``UNION`` of them with a column each.
SENTENCES = _PREFIX + """
SELECT ?g ?text ?index WHERE {%s
    ?g kgost:text ?text ; kgost:sentenceIndex ?index
}"""
INFERENCES = _PREFIX + """
SELECT ?g ?reason WHERE {%s
    ?g a kgost:Inference OPTIONAL { ?g rdfs:comment ?reason }
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
    types = node_types(kg, {t for row in found for t in (row[0], row[2])})  # type: ignore[misc]
    records = kept(kg, "record classes", lambda: {str(c).rsplit("#", 1)[-1] for (c,) in plain_rows(kg, _RECORD_CLASSES)}, shared=True)
    names = type_names(kg)
    entities = {t for t, direct in types.items() if any(k not in records for k in names(direct)[0])}
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
    keys = _Keys(node_keys(kg))  # node keys by text (by the graph's prefixes): rows repeat their entities
    labels = {str(prop): label for prop, label in vocabulary(kg).labels.items()}
    # fact -> the first row that states it, and the rows of the facts several rows state: no
    # container is made for the others (the garbage collector tracks containers until it has
    # seen them, and a view of a million quads made it collect for seconds)
    facts: dict[tuple[str, str, str, str], Row] = {}
    several: dict[tuple[str, str, str, str], list[Row]] = {}
    for row in rows:
        frm, relation, to, via, _, _ = row
        key = (keys[frm], labels.get(relation, relation), keys[to], keys[via])  # a property IRI: its label
        first = facts.setdefault(key, row)
        if first is not row:
            several.setdefault(key, [first]).append(row)
    nodes = node_data(kg, [t for t in keys if t is not None], key_of=keys.__getitem__)  # type: ignore[misc]
    said = _Said(*_sources(kg, {row[5] for row in rows}), keys)  # adds graphs to keys: after the nodes
    used = sorted({k[0] for k in facts} | {k[2] for k in facts})
    edges, keyed = [], set()
    # by edge, then by the fact itself: the same order whatever order the engine gave the rows in
    for (source, target, edge_key), fact in sorted((_edge_order(f), f) for f in facts):
        _, name, _, through = fact
        if (source, target, edge_key) in keyed:  # a second character the same person plays in the same series
            edge_key = f"{edge_key} {through}"
        keyed.add((source, target, edge_key))
        stating = several.get(fact)
        if stating is None:
            best = facts[fact]
            (_, graph), stated, sentence, reason = said[best[5]]
            graphs = 1
        else:  # the best source (the first row of the best rank), stated if any sentence states it
            best = min(stating, key=lambda row: said[row[5]][0])
            (_, graph), _, sentence, reason = said[best[5]]
            stated = any(said[row[5]][1] for row in stating)
            graphs = len({row[5] for row in stating})
        edges.append((source, target, edge_key, {
            "relation": name,
            "predicate": keys[best[4]],
            "via": through or None,
            "character": _character(nodes, through),
            "sentence": sentence,
            "graph": graph,
            "sentences": graphs,
            "inferred": not stated,
            "reason": reason if not stated else None,
        }))
    return [(n, nodes[n]) for n in used], edges


class _Keys(dict):  # type: ignore[type-arg]
    """Text (as :func:`plain_rows` gives it) -> node key, each made once (``None``: ``""``);
    ``dict.__getitem__`` runs in C for the repeats."""

    def __init__(self, key: Any) -> None:
        super().__init__({None: ""})
        self.key = key

    def __missing__(self, text: str) -> str:
        made = self[text] = self.key(text)
        return made  # type: ignore[no-any-return]


class _Said(dict):  # type: ignore[type-arg]
    """Graph -> how it states its facts: ((rank, graph key), stated, sentence, reason), made once
    per graph on first lookup. Ranked: its first sentence in article order (``(0, index)``), then
    an inference (``(1, 0)``), then any other graph (``(2, 0)``, a user's file); ``stated``: no
    inference says it (a sentence or a user's file does). A graph that is both a sentence and an
    inference takes the sentence's rank and text and the inference's reason."""

    def __init__(self, sentences: dict[str, tuple[Any, ...]], inferences: dict[str, str | None], keys: _Keys) -> None:
        super().__init__()
        self.sentences, self.inferences, self.keys = sentences, inferences, keys

    def __missing__(self, g: str) -> tuple[Any, ...]:
        sentence = self.sentences.get(g)
        inferred = g in self.inferences
        rank = (0, int(sentence[2])) if sentence else (1, 0) if inferred else (2, 0)
        made = self[g] = ((rank, self.keys[g]), not inferred, sentence[1] if sentence else None,
                          self.inferences[g] if inferred else None)
        return made


#: A view's nodes (key, data) and edges (source, target, key, data), in sorted order.
Parts = tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]]


def _sources(kg: GraphLike, graphs: set[str]) -> tuple[dict[str, tuple[Any, ...]], dict[str, str | None]]:
    """The sentences among ``graphs`` (graph -> its row ``(graph, text, index)`` of least index,
    the first of them) and the inferences (graph -> the reason of its first row, or ``None``)."""
    def sentences(values: str, only: Collection[str] | None) -> dict[str, tuple[Any, ...]]:
        first: dict[str, tuple[Any, ...]] = {}
        for row in plain_rows(kg, SENTENCES % values, first_in=only):
            had = first.get(row[0])  # type: ignore[arg-type]
            if had is None or int(row[2]) < int(had[2]):  # type: ignore[arg-type]
                first[row[0]] = row  # type: ignore[index]
        return first

    def inferences(values: str, only: Collection[str] | None) -> dict[str, str | None]:
        first: dict[str, str | None] = {}
        for g, reason in plain_rows(kg, INFERENCES % values, first_in=only):
            first.setdefault(g, reason)  # type: ignore[arg-type]
        return first

    return (looked_up(kg, "fact sentences", sentences, "g", graphs, whole=False),
            looked_up(kg, "fact inferences", inferences, "g", graphs, whole=False))


def _character(nodes: dict[str, dict[str, Any]], via: str) -> str | None:
    """The label of the character a fact goes through (by its type, whatever prefix its key has)."""
    return nodes[via]["label"] if via and nodes[via]["type"] == "Character" else None


def _edge_order(fact: tuple[str, str, str, str]) -> tuple[str, str, str]:
    """Source, target and key of a fact's edge: edges are added (and listed) in this order."""
    frm, relation, to, via = fact
    return frm, to, relation + (f" {via}" if via and relation != "plays character" else "")
