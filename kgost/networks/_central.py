"""The most connected entities of a view: degree and betweenness, with a sentence each."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import networkx as nx

from kgost._errors import InputError
from kgost._vocabulary import Vocabulary, vocabulary
from kgost.networks._views import NETWORK_VIEWS, view_graph, without_article_list
from kgost._public import public

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["central", "Centrality"]

# How a node's edges read from its side is the ontology's: kgost:sourcePhrase (when the node is
# the edge's source) and kgost:targetPhrase, with their plurals, of the relation's property (see
# kgost/_vocabulary.py); others read "—relation→ X" / "←relation— X".
_ORDERS = ("degree", "betweenness")


def central(kg: GraphLike, *, view: str = "artist", top: int = 10, by: str = "degree") -> list[Centrality]:
    """The ``top`` most connected entities of a view, ranked by degree or betweenness.

    Degree counts distinct neighbours (edge directions and parallel facts ignored);
    betweenness is the normalised share of shortest paths between other entities that pass
    through the entity. By degree, ties are broken by label, and betweenness (which costs
    a shortest-path search from every entity) is not computed; by betweenness, ties are
    broken by degree, then by label.

    Parameters
    ----------
    kg
        The knowledge graph.
    view
        A view of :func:`kgost.network` (default ``"artist"``). On the ``"full"`` view the
        places of the article's ranked list are left out, as :func:`kgost.connect` does: through
        them every song is two steps from every other. Sentences name entities by their labels
        (and sort numbers by value: ``#2`` before ``#10``); on the projections they say what
        is shared (``sings 'Stay with Me' with Punch``) or give the edges' reasons.
    top
        How many entities to return (1 or more).
    by
        ``"degree"`` (default) or ``"betweenness"``.

    Returns
    -------
    list of Centrality
        At most ``top`` entities, most central first.

    Raises
    ------
    InputError
        An unknown ``view`` or ``by``, or a ``top`` that is not a whole number of 1 or more.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> ranked = kg.central(top=3)
    >>> [(c.label, c.degree) for c in ranked]
    [('EXO', 5), ('EXO-CBX', 5), ('Here Always', 4)]
    >>> print(kg.central(top=1, by="betweenness")[0])
    Everytime (song) is linked to 3 entities and lies on 3.5% of the shortest paths between others: is an OST of Descendants of The Sun; is sung by Chen and Punch.
    >>> print(kg.central(view="full", top=1, by="betweenness")[0])
    Everytime (song) is linked to 5 entities and lies on 3.2% of the shortest paths between others: is about Kang Moyeon and Yoo Shijin; is sung by Chen and Punch; is an OST of Descendants of The Sun.
    >>> print(kg.central(view="full", top=1)[0])
    Crash Landing on You (series) is linked to 5 entities: stars Hyun Bin and Son Yejin; has the characters Ri Jeong Hyeok and Yoon Seri; has the OST 'Here I Am Again'.
    """
    if not isinstance(view, str) or view not in NETWORK_VIEWS:
        raise InputError(f"unknown network view {view!r}; use one of: {', '.join(NETWORK_VIEWS)}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"top must be a whole number, 1 or more; got {top!r}")
    if by not in _ORDERS:
        raise InputError(f"cannot rank by {by!r}; use one of: {', '.join(_ORDERS)}")
    graph = view_graph(kg, view)
    if view == "full":
        # As in connect: through the article's ranked list every song is two steps from every
        # other, so the article would top every ranking without saying anything about the people.
        # The article stays, linked to its author.
        graph = without_article_list(graph)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    degree = dict(simple.degree())
    between: dict[str, float] | None = nx.betweenness_centrality(simple, normalized=True) if by == "betweenness" else None

    def rank(node: str) -> tuple[float, float, str, str]:
        first, second = (degree[node], 0.0) if between is None else (between[node], degree[node])
        return (-first, -second, str(graph.nodes[node]["label"]).lower(), node)

    ranked = sorted(graph.nodes, key=rank)[:top]
    words = vocabulary(kg)
    return [
        Centrality(node=n, label=graph.nodes[n]["label"], kind=graph.nodes[n]["kind"], degree=degree[n],
                   betweenness=None if between is None else round(between[n], 4),
                   sentence=_sentence(graph, n, degree[n], None if between is None else between[n], words))
        for n in ranked
    ]


@public
@dataclass(frozen=True)
class Centrality:
    """One ranked entity: degree, betweenness and a sentence saying what it links.

    ``node`` is the compact IRI, ``kind`` the node kind of the view (``person``, ``group``, ...),
    ``betweenness`` is rounded to four places (``None`` when ranked by degree, which does not
    compute it); ``str()`` gives the ``sentence``.

    Examples
    --------
    >>> import kgost
    >>> first = kgost.load().central(top=1)[0]
    >>> first.node, first.label, first.kind, first.degree, first.betweenness
    ('group:exo', 'EXO', 'group', 5, None)
    >>> print(first)
    EXO (group) is linked to 5 entities: has the sub-unit EXO-CBX; has the members Baekhyun, Chanyeol, Chen and Xiumin.
    """

    node: str
    label: str
    kind: str
    degree: int
    betweenness: float | None
    sentence: str

    def __str__(self) -> str:
        return self.sentence

    def to_json(self) -> str:
        """The entry as JSON."""
        return json.dumps(asdict(self), ensure_ascii=False)


def _sentence(graph: nx.Graph, node: str, degree: int, betweenness: float | None, words: Vocabulary) -> str:
    data = graph.nodes[node]
    head = f"{data['label']} ({data['kind']})"
    if degree == 0:
        return f"{head} is linked to no other entity in the {graph.graph.get('view', '?')} view."
    view = graph.graph.get("view")
    clauses = (_people_clauses(graph, node) if view == "people" else _song_clauses(graph, node) if view == "songs"
               else _fact_clauses(graph, node, words))
    plural = "entity" if degree == 1 else "entities"
    lies = "" if betweenness is None else f" and lies on {betweenness:.1%} of the shortest paths between others"
    return f"{head} is linked to {degree} {plural}{lies}: " + "; ".join(clauses) + "."


def _fact_clauses(graph: nx.Graph, node: str, words: Vocabulary) -> list[str]:
    """One clause per relation and side: "has the members Baekhyun, Chanyeol, Chen and Xiumin"
    (relations that read alike share a clause)."""
    groups: dict[str, list[str]] = defaultdict(list)  # plural phrase -> names
    singular: dict[str, str] = {}
    edges = [(0, v, d) for _, v, d in graph.out_edges(node, data=True)]
    edges += [(1, u, d) for u, _, d in graph.in_edges(node, data=True)]
    # An edge that names a character ("plays character") stands in for a plainer one between the
    # same two nodes that ranks after it ("acts in").
    played = {(side, other): words.rank(str(d.get("relation", ""))) for side, other, d in edges if d.get("character")}
    for side, other, d in edges:
        relation = str(d.get("relation", ""))
        if not d.get("character") and words.rank(relation) > played.get((side, other), 1 << 31):
            continue
        said = words.relation(relation)
        phrase = said.target_plural if side else said.source_plural
        singular[phrase] = said.target if side else said.source
        name = _name(graph, other)
        if d.get("character"):
            name = f"{d['character']} in {name}" if side == 0 else f"{name} as {d['character']}"
        if name not in groups[phrase]:
            groups[phrase].append(name)
    return [f"{singular[p] if len(names) == 1 else p} {_and(sorted(names, key=_natural))}"
            for p, names in groups.items()]


def _people_clauses(graph: nx.Graph, node: str) -> list[str]:
    """What a person shares, and with whom: "sings 'Stay with Me' with Punch", "is in EXO with Chen"."""
    shared: dict[tuple[int, str], list[str]] = defaultdict(list)
    for _, other, d in graph.edges(node, data=True):
        for order, key in enumerate(("songs", "series", "groups")):
            for thing in d.get(key) or ():
                shared[(order, thing)].append(str(graph.nodes[other]["label"]))
    verbs = ("sings '{}' with", "acts in {} with", "is in {} with")
    return [f"{verbs[order].format(thing)} {_and(sorted(names, key=_natural))}"
            for (order, thing), names in sorted(shared.items(), key=lambda i: (i[0][0], _natural(i[0][1])))]


def _song_clauses(graph: nx.Graph, node: str) -> list[str]:
    """Why a song is linked to others: the edges' reasons ("Punch sings 'Everytime' and 'Stay with Me'")."""
    reasons = [r for _, _, d in graph.edges(node, data=True) for r in d.get("reasons") or ()]
    return sorted(dict.fromkeys(reasons), key=_natural)


def _name(graph: nx.Graph, node: str) -> str:
    data = graph.nodes[node]
    return f"'{data['label']}'" if data.get("kind") == "song" else str(data["label"])


def _natural(text: str) -> list[tuple[int, int | str]]:
    """A sort key that orders numbers by value: "ranked #2" before "ranked #10"."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text.lower().strip("'‘"))]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
