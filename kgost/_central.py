"""The most connected entities of a view: degree and betweenness, with a sentence each."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import networkx as nx

from kgost._errors import InputError
from kgost._network import NETWORK_VIEWS, network

if TYPE_CHECKING:
    from kgost._graph import KnowledgeGraph

__all__ = ["central", "Centrality"]

# How a node's edges read from its side: relation -> (phrase when it is the edge's source,
# phrase when it is the target). Relations not listed read as "relation X" / "is the object of
# relation X". "plays character" names the character; it stands in for "acts in" on the same pair.
_PHRASES: dict[str, tuple[str, str]] = {
    "performed": ("sings", "is sung by"),
    "member of": ("is a member of", "has the members"),
    "sub-unit of": ("is a sub-unit of", "has the sub-units"),
    "OST of": ("is an OST of", "has the OSTs"),
    "acts in": ("acts in", "stars"),
    "plays character": ("plays", "stars"),
    "appears in the music video of": ("appears in the music video of", "has a music video featuring"),
}
_SHARES = {"people": "shares a song, series or group with", "songs": "shares a singer with"}
_SINGULAR = {"has the members": "has the member", "has the sub-units": "has the sub-unit", "has the OSTs": "has the OST"}
_ORDERS = ("degree", "betweenness")


def central(kg: KnowledgeGraph, *, view: str = "artist", top: int = 10, by: str = "degree") -> list[Centrality]:
    """The ``top`` most connected entities of a view, ranked by degree or betweenness.

    Degree counts distinct neighbours (edge directions and parallel facts ignored);
    betweenness is the normalised share of shortest paths between other entities that pass
    through the entity. Ties are broken by the other measure, then by label.

    Parameters
    ----------
    view
        A view of :func:`kgost.network` (default ``"artist"``).
    top
        How many entities to return (1 or more).
    by
        ``"degree"`` (default) or ``"betweenness"``.

    Examples
    --------
    >>> import kgost
    >>> ranked = kgost.load().central(top=3)
    >>> [(c.label, c.degree) for c in ranked]
    [('EXO', 5), ('EXO-CBX', 5), ('Here Always', 4)]
    >>> print(kgost.load().central(top=1, by="betweenness")[0])
    Everytime (song) is linked to 3 entities and lies on 3.5% of the shortest paths between others: is an OST of Descendants of The Sun; is sung by Chen and Punch.
    """
    if view not in NETWORK_VIEWS:
        raise InputError(f"unknown network view {view!r}; use one of: {', '.join(NETWORK_VIEWS)}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"top must be a whole number, 1 or more; got {top!r}")
    if by not in _ORDERS:
        raise InputError(f"cannot rank by {by!r}; use one of: {', '.join(_ORDERS)}")
    graph = network(kg, view=view)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    degree = dict(simple.degree())

    def rank(node: str) -> tuple[float, float, str, str]:
        first, second = (degree[node], betweenness[node]) if by == "degree" else (betweenness[node], degree[node])
        return (-first, -second, str(graph.nodes[node]["label"]).lower(), node)

    ranked = sorted(graph.nodes, key=rank)[:top]
    return [
        Centrality(node=n, label=graph.nodes[n]["label"], kind=graph.nodes[n]["kind"], degree=degree[n],
                   betweenness=round(betweenness[n], 4), sentence=_sentence(graph, n, degree[n], betweenness[n]))
        for n in ranked
    ]


@dataclass(frozen=True)
class Centrality:
    """One ranked entity: degree, betweenness and a sentence saying what it links."""

    node: str
    label: str
    kind: str
    degree: int
    betweenness: float
    sentence: str

    def __str__(self) -> str:
        return self.sentence

    def to_json(self) -> str:
        """The entry as JSON."""
        return json.dumps(asdict(self), ensure_ascii=False)


def _sentence(graph: nx.Graph, node: str, degree: int, betweenness: float) -> str:
    data = graph.nodes[node]
    groups: dict[str, list[str]] = defaultdict(list)
    directed = graph.is_directed()
    edges = [(0, v, d) for _, v, d in graph.out_edges(node, data=True)] if directed else []
    edges += [(1, u, d) for u, _, d in graph.in_edges(node, data=True)] if directed else []
    edges += [(0, v, d) for _, v, d in graph.edges(node, data=True)] if not directed else []
    played = {other for _, other, d in edges if d.get("relation") == "plays character"}
    for side, other, d in edges:
        relation = str(d.get("relation", ""))
        if relation == "acts in" and other in played:
            continue
        if relation == "shares":  # the projections
            phrase = _SHARES.get(graph.graph.get("view", ""), "is linked to")
        else:
            phrase = _PHRASES.get(relation, (relation, f"is the object of {relation}"))[side]
        name = _name(graph, other)
        if relation == "plays character":
            name = f"{d['character']} in {name}" if side == 0 else f"{name} as {d['character']}"
        if name not in groups[phrase]:
            groups[phrase].append(name)
    clauses = [f"{_SINGULAR.get(p, p) if len(names) == 1 else p} {_and(sorted(names, key=str.lower))}"
               for p, names in groups.items()]
    plural = "entity" if degree == 1 else "entities"
    return (f"{data['label']} ({data['kind']}) is linked to {degree} {plural} and lies on {betweenness:.1%} "
            f"of the shortest paths between others: " + "; ".join(clauses) + ".")


def _name(graph: nx.Graph, node: str) -> str:
    data = graph.nodes[node]
    return f"'{data['label']}'" if data.get("kind") == "song" else str(data["label"])


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
