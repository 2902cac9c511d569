"""How two entities are connected: the shortest paths of a view, each explained in words."""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import URIRef

from kgost._errors import InputError
from kgost._vocabulary import Vocabulary, vocabulary
from kgost.networks._views import NETWORK_VIEWS, node_of, view_graph, without_article_list
from kgost._public import public

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["connect", "Connections", "Connection", "Hop", "explain"]

# How a hop reads (templates per relation and direction, one clause for two hops meeting at a
# node, which fact explains a hop when several join two nodes) is the ontology's: the annotations
# kgost:forwardTemplate, kgost:backwardTemplate, kgost:sharedObjectTemplate,
# kgost:sharedSubjectTemplate and kgost:explanationRank of the relation's property (see
# kgost/_vocabulary.py); a relation without them reads "{a} —relation→ {b}".
_CAP = 1000  # shortest paths enumerated before sorting and cutting to ``max_paths``


def connect(kg: GraphLike, source: str | URIRef, target: str | URIRef, *, max_paths: int = 10,
            view: str = "artist") -> Connections:
    """The shortest connections between two entities, all of the same length, explained in words.

    Paths ignore edge directions; each hop is explained from its relation (templates for both
    directions) and keeps the sentence it comes from. No path is an answer, not an error.

    Parameters
    ----------
    kg
        The knowledge graph.
    source, target
        Names (any label; see :meth:`KnowledgeGraph.resolve`), compact IRIs or IRIs.
    max_paths
        Return at most this many paths (sorted by their labels).
    view
        ``"artist"`` (default) or ``"full"`` (every entity, e.g. characters and charts).

    Returns
    -------
    Connections
        The paths (none if the two are not connected), their total number and the view.

    Raises
    ------
    EntityNotFoundError, AmbiguousEntityError
        A name matches nothing (the message gives the closest names) or several entities.
    InputError
        A bad ``max_paths`` or ``view``, the same entity twice, or an entity not in the view.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> found = kg.connect("Chanyeol", "Song Joongki")
    >>> found.length, len(found.paths)
    (5, 2)
    >>> print(found.paths[1].explanation)
    Chanyeol sang 'Stay with Me' with Punch; Punch sang 'Everytime'; 'Everytime' is an OST of Descendants of The Sun; Song Joongki plays Yoo Shijin in Descendants of The Sun
    >>> print(kg.connect("V", "Cha Eunwoo"))
    V and Cha Eunwoo are not connected in the artist view.
    """
    if view not in ("artist", "full"):
        allowed = ", ".join(v for v in NETWORK_VIEWS if v in ("artist", "full"))
        raise InputError(f"connect works on the views with facts as edges; got {view!r}, use one of: {allowed}")
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 1:
        raise InputError(f"max_paths must be a whole number, 1 or more; got {max_paths!r}")
    graph = view_graph(kg, view)
    if view == "full":
        # The article's own structure (its ranked list) links every song to every other one;
        # a connection through it says nothing about the people, so it is left out.
        graph = without_article_list(graph)
    hint = "; try the full view (view='full', --view full)" if view == "artist" else ""
    start, end = node_of(kg, graph, source, hint=hint), node_of(kg, graph, target, hint=hint)
    if start == end:
        raise InputError(f"{source!r} and {target!r} are the same entity ({start}); name two different ones")
    undirected = graph.to_undirected(as_view=True)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(undirected, start, end), _CAP))
    except nx.NetworkXNoPath:
        found = []
    words = vocabulary(kg)
    paths = [_connection(graph, nodes, words) for nodes in found]
    paths.sort(key=lambda c: ([graph.nodes[n]["label"].lower() for n in c.nodes], c.nodes))
    labels = graph.nodes[start]["label"], graph.nodes[end]["label"]
    return Connections(source=labels[0], target=labels[1], source_iri=start, target_iri=end, view=view,
                       paths=paths[:max_paths], total=len(paths), capped=len(found) == _CAP)


def explain(hops: list[Hop], words: Vocabulary | None = None) -> str:
    """The words for a chain of hops: one clause per hop, a pair of hops with the same relation
    through a middle node merged into one (``A sang 'X' with B``), joined by ``"; "``.
    ``words``: the vocabulary of the graph (default: the bundled ontology's)."""
    words = words if words is not None else vocabulary()
    clauses: list[str] = []
    i = 0
    while i < len(hops):
        hop = hops[i]
        if i + 1 < len(hops):
            following = hops[i + 1]
            relation = words.relation(hop.relation)
            pair = relation.shared_object if hop.forward else relation.shared_subject
            if pair and following.relation == hop.relation and following.forward != hop.forward:
                text = pair.format(a=hop.source_label, m=hop.target_label, b=following.target_label)
                clauses.append(text + _inferred_mark(hop, following))
                i += 2
                continue
        clauses.append(hop.text + _inferred_mark(hop))
        i += 1
    return "; ".join(clauses)


@public
@dataclass(frozen=True)
class Hop:
    """One step of a connection: an edge of the view, walked forward or backward.

    ``source`` and ``target`` are compact IRIs in the order the path walks them; ``forward`` says
    whether that is the edge's direction. ``text`` explains the hop; ``sentence`` and ``graph``
    give the article sentence that states the fact, ``reason`` the inference that gives it.

    Examples
    --------
    >>> import kgost
    >>> hop = kgost.load().connect("Chanyeol", "Punch").paths[0].hops[0]
    >>> hop.source, hop.target, hop.relation, hop.forward
    ('person:chanyeol', 'song:stay-with-me', 'performed', True)
    >>> hop.text, hop.graph
    ("Chanyeol sang 'Stay with Me'", 's:e08-1')
    """

    source: str
    target: str
    source_label: str
    target_label: str
    relation: str
    forward: bool
    text: str
    sentence: str | None = None
    graph: str | None = None
    inferred: bool = False
    reason: str | None = None


@public
@dataclass(frozen=True)
class Connection:
    """One shortest path: its nodes (compact IRIs), labels, hops and explanation.

    ``len(connection)`` is its number of hops.

    Examples
    --------
    >>> import kgost
    >>> path = kgost.load().connect("Chen", "Baekhyun").paths[1]
    >>> path.nodes, len(path)
    (['person:chen', 'group:exo-cbx', 'person:baekhyun'], 2)
    >>> path.explanation
    'Chen and Baekhyun are both members of EXO-CBX'
    """

    nodes: list[str]
    labels: list[str]
    hops: list[Hop]
    explanation: str

    def __len__(self) -> int:
        return len(self.hops)


@public
@dataclass(frozen=True)
class Connections:
    """What :func:`connect` found: the shortest paths (maybe none) between two entities.

    ``paths`` holds at most ``max_paths`` of the ``total`` shortest paths (``capped`` if there
    were too many to count); ``bool(connections)`` says whether any path joins the two.
    ``str(connections)`` is :meth:`describe`.

    Examples
    --------
    >>> import kgost
    >>> found = kgost.load().connect("Chen", "Baekhyun")
    >>> found.connected, found.length, found.total
    (True, 2, 2)
    >>> print(found)
    Chen and Baekhyun are connected in 2 steps (2 shortest connections):
    1. Chen and Baekhyun are both members of EXO (inferred).
       sources: s:e10-1, inf:sub-unit-members
    2. Chen and Baekhyun are both members of EXO-CBX.
       sources: s:e09-1
    """

    source: str
    target: str
    source_iri: str
    target_iri: str
    view: str
    paths: list[Connection] = field(default_factory=list)
    total: int = 0
    capped: bool = False

    @property
    def connected(self) -> bool:
        """Whether any path joins the two entities."""
        return bool(self.paths)

    @property
    def length(self) -> int | None:
        """Number of hops of the shortest paths, or ``None``."""
        return len(self.paths[0]) if self.paths else None

    def __bool__(self) -> bool:
        return self.connected

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, quotes: bool = False) -> str:
        """The answer in words; with ``quotes``, each hop's source sentence or inference reason."""
        if not self.paths:
            return f"{self.source} and {self.target} are not connected in the {self.view} view."
        more = "+" if self.capped else ""
        count = f"{self.total}{more} shortest connection{'s' if self.total != 1 else ''}"
        shown = f", showing {len(self.paths)}" if len(self.paths) < self.total else ""
        steps = f"{self.length} step{'s' if self.length != 1 else ''}"
        lines = [f"{self.source} and {self.target} are connected in {steps} ({count}{shown}):"]
        for number, path in enumerate(self.paths, start=1):
            lines.append(f"{number}. {path.explanation}.")
            sources = ", ".join(dict.fromkeys(h.graph or "?" for h in path.hops))
            lines.append(f"   sources: {sources}")
            if quotes:
                for hop in path.hops:
                    said = (f"inferred: {hop.reason}" if hop.inferred
                            else f"said: {hop.sentence}" if hop.sentence else "")
                    lines.append(f"   - {hop.text} [{hop.graph}] {said}".rstrip())
        return "\n".join(lines)

    def to_json(self) -> str:
        """The answer as JSON (paths, hops with their sentences, explanations)."""
        data: dict[str, Any] = asdict(self)
        data.update(connected=self.connected, length=self.length)
        return json.dumps(data, ensure_ascii=False, indent=2)


def _connection(graph: nx.MultiDiGraph, nodes: list[str], words: Vocabulary) -> Connection:
    hops = [_hop(graph, u, v, words) for u, v in zip(nodes, nodes[1:], strict=False)]
    return Connection(nodes=list(nodes), labels=[graph.nodes[n]["label"] for n in nodes], hops=hops,
                      explanation=explain(hops, words))


def _hop(graph: nx.MultiDiGraph, u: str, v: str, words: Vocabulary) -> Hop:
    candidates = [(True, k, d) for k, d in (graph.get_edge_data(u, v) or {}).items()]
    candidates += [(False, k, d) for k, d in (graph.get_edge_data(v, u) or {}).items()]

    def rank(item: tuple[bool, str, dict[str, Any]]) -> tuple[bool, int, bool, str]:
        forward, key, data = item
        return (bool(data.get("inferred")), words.rank(str(data.get("relation", key))), not forward, key)

    forward, key, data = min(candidates, key=rank)
    relation = str(data.get("relation", key))
    a, b = _name(graph, u), _name(graph, v)
    template = words.relation(relation).forward if forward else words.relation(relation).backward
    character = data.get("character") or "a character"
    text = template.format(a=a, b=b, character=character)
    return Hop(source=u, target=v, source_label=a, target_label=b, relation=relation, forward=forward, text=text,
               sentence=data.get("sentence"), graph=data.get("graph"), inferred=bool(data.get("inferred")),
               reason=data.get("reason"))


def _name(graph: nx.Graph, node: str) -> str:
    """How a node is written in an explanation: song titles in quotes."""
    data = graph.nodes[node]
    return f"'{data['label']}'" if data.get("kind") == "song" else str(data["label"])


def _inferred_mark(*hops: Hop) -> str:
    return " (inferred)" if any(h.inferred for h in hops) else ""
