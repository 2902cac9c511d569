"""NetworkX views of the graph, built from SPARQL: artists-songs-series, full RDF, projections."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import URIRef

from kgost._errors import InputError
from kgost._gcpause import collection_paused
from kgost._lookup import resolve
from kgost._versioned import kept, kept_already
from kgost.networks._draw import draws_own, view_drawing
from kgost.networks._facts import ARTIST_EDGES, FACT_VIEWS, FULL_EDGES, fact_graph_around, fact_parts
from kgost.networks._nodes import node_data as _node_data
from kgost.networks._nodes import node_keys

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["network", "NETWORK_VIEWS", "LIST_TYPES", "neighbourhood", "node_of", "without_article_list", "view_graph",
           "ARTIST_EDGES", "FULL_EDGES"]

#: The views :func:`network` builds: name -> what it holds.
NETWORK_VIEWS: dict[str, str] = {
    "artist": "people, groups, songs and series; edges: performed, member of, sub-unit of, OST of, acts in, "
    "plays character, appears in the music video of",
    "full": "every entity of the data and every IRI-valued fact between them (a typed multigraph of the RDF)",
    "people": "people linked by a shared song (sung, or in its music video), series or group (reasons as edge data)",
    "songs": "songs linked by the people they share: singers (directly or through a group), actors of their "
    "series, players of a character they are about, guests of their music video (reasons as edge data)",
}

#: Types of the article's own structure: the places of its ranked list. Through the list every
#: song is two steps from every other (song - place - article - place - song), which says nothing
#: about the people, so connections and centrality leave these out of the full view (see
#: :func:`without_article_list`); the article itself stays, linked to its author.
LIST_TYPES = frozenset({"RankedItem"})

_PREFIX = """PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: Who takes part in what, for the projections: a person and a song, series or group, and the
#: group (or sub-unit) the link goes through, if any. Membership follows sub-units upwards.
INCIDENCE = _PREFIX + """
SELECT DISTINCT ?person ?thing ?kind ?via WHERE {
    ?person a kgost:Person .
    {
        ?thing kgost:performer ?person . BIND ("song" AS ?kind)
    } UNION {
        ?person kgost:memberOf ?unit . ?unit kgost:subUnitOf* ?via . ?thing kgost:performer ?via .
        BIND ("song" AS ?kind)
    } UNION {  # a music-video guest takes part in the song
        ?via kgost:musicVideoOf ?thing ; kgost:features ?person . BIND ("song" AS ?kind)
    } UNION { ?thing kgost:castMember ?person . BIND ("series" AS ?kind)
    } UNION {
        ?character kgost:playedBy ?person ; kgost:characterIn ?thing . BIND ("series" AS ?kind)
    } UNION {
        ?person kgost:memberOf ?thing . BIND ("group" AS ?kind)
    } UNION {
        ?person kgost:memberOf ?via . ?via kgost:subUnitOf+ ?thing . BIND ("group" AS ?kind)
    }
}
"""

#: How a person takes part in a song, for the song-song projection: ?role and what it goes
#: through (?via: the group sung with, the character played, the series acted in, the video).
SONG_PEOPLE = _PREFIX + """
SELECT DISTINCT ?person ?song ?role ?via WHERE {
    ?person a kgost:Person .
    ?song a kgost:Song .
    {
        ?song kgost:performer ?person . BIND ("sings" AS ?role)
    } UNION {
        ?person kgost:memberOf ?unit . ?unit kgost:subUnitOf* ?via . ?song kgost:performer ?via .
        BIND ("sings with" AS ?role)
    } UNION {
        ?song kgost:about|kgost:themeOf ?via . ?via kgost:playedBy ?person . BIND ("plays a character it is about" AS ?role)
    } UNION {
        ?song kgost:ostOf ?via . ?via kgost:castMember ?person . BIND ("acts in its series" AS ?role)
    } UNION {
        ?song kgost:ostOf ?via . ?character kgost:characterIn ?via ; kgost:playedBy ?person .
        BIND ("acts in its series" AS ?role)
    } UNION {
        ?via kgost:musicVideoOf ?song ; kgost:features ?person . BIND ("appears in its music video" AS ?role)
    }
}
"""

_SONGS = _PREFIX + "SELECT DISTINCT ?x WHERE { ?x a kgost:Song }"

def network(kg: GraphLike, *, view: str = "artist", around: str | URIRef | None = None,
            depth: int = 1) -> nx.MultiDiGraph | nx.Graph:
    """A NetworkX view of the graph.

    Nodes are keyed by compact IRI (``person:chanyeol``) and carry ``kind`` (``person``,
    ``group``, ``song``, ``series``, ...), ``type`` (the most specific kgost class), ``label``
    and ``iri``. The label is the title or name; entities without one get a label made of their
    position and chart or award (``ranked #1``, ``#1 on Billboard Digital Song Sales``,
    ``Melon Top 10 Artist Award nomination``), else their compact IRI. Nodes and edges are
    added in sorted order, so exports are stable.

    Parameters
    ----------
    kg
        The knowledge graph.
    view
        ``"artist"`` (default): a :class:`networkx.MultiDiGraph` of the people, groups, songs and
        series that take part in its relations. Each edge is one fact, oriented as it reads
        (``person:chen -performed-> song:everytime``), keyed by its ``relation`` and carrying
        ``predicate``, ``character`` (for *plays character*), ``via`` (the character or music
        video it goes through), ``sentence`` (the text of the first article sentence that states
        it), ``graph`` (that sentence's IRI), ``sentences`` (how many graphs state it),
        ``inferred`` (only inferences state it) and ``reason`` (the inference's reason).
        ``"full"``: a :class:`networkx.MultiDiGraph` of every kgost entity and every IRI-valued
        fact between them, keyed by predicate, with the same provenance data.
        ``"people"``: a :class:`networkx.Graph` of people linked by shared songs, series or groups
        (edge data ``songs``, ``series``, ``groups``, ``reasons``, ``weight``).
        ``"songs"``: a :class:`networkx.Graph` of all songs, linked by the people they share: a
        person who sings one (directly or through a group), acts in its series, plays a character
        it is about or appears in its music video, and takes part in the other (edge data
        ``people``, ``reasons`` with one sentence per person saying how, ``weight``).
    around, depth
        Keep only the entity ``around`` (a name, as :meth:`KnowledgeGraph.resolve` takes) and the
        nodes within ``depth`` hops of it, whatever the edge directions.

    Returns
    -------
    networkx.MultiDiGraph or networkx.Graph
        A new graph; ``graph.graph`` holds the ``view`` name and its ``description``.

    Raises
    ------
    InputError
        An unknown view, a bad depth, or an ``around`` entity that is not in the view.
    EntityNotFoundError, AmbiguousEntityError
        ``around`` names no entity, or several.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> g = kg.network()
    >>> g.nodes["group:exo-cbx"]["kind"], g.nodes["group:exo-cbx"]["type"]
    ('group', 'SubUnit')
    >>> data = g.edges["person:baekhyun", "group:exo", "member of"]
    >>> data["inferred"], data["reason"]
    (True, 'Baekhyun and Xiumin are members of EXO-CBX, a sub-unit of EXO, so they are members of EXO.')
    >>> g.edges["person:song-joongki", "series:descendants-of-the-sun", "plays character"]["character"]
    'Yoo Shijin'
    >>> sorted(kg.network(view="songs").edges["song:for-you", "song:everytime"]["people"])
    ['Chen']
    >>> kg.network(view="songs").edges["song:dont-cry-my-love", "song:fall-in-you"]["reasons"]
    ["Cha Eunwoo sings 'Don’t Cry My Love' and plays Lee Suho, a character 'Fall in You' is about"]
    >>> sorted(kg.network(around="EXO-CBX").nodes)
    ['group:exo', 'group:exo-cbx', 'person:baekhyun', 'person:chen', 'person:xiumin', 'song:for-you']
    """
    if not isinstance(view, str) or view not in NETWORK_VIEWS:
        raise InputError(f"unknown network view {view!r}; use one of: {', '.join(NETWORK_VIEWS)}")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise InputError(f"depth must be a whole number of hops, 0 or more; got {depth!r}")
    if around is not None:
        whole = kept_already(kg, ("network view", view))
        if whole is None and view in FACT_VIEWS and not _small(kg):  # only the neighbourhood is read
            part = fact_graph_around(kg, view, resolve(kg, around).iri, depth=depth)
            if part is not None:
                part.graph.update(view=view, description=NETWORK_VIEWS[view], **view_drawing(kg, part))
                return neighbourhood(kg, part, around, depth=depth)
        return neighbourhood(kg, whole if whole is not None else view_graph(kg, view), around, depth=depth)
    return _made(_view_parts(kg, view), fresh=True)


def view_graph(kg: GraphLike, view: str) -> nx.MultiDiGraph | nx.Graph:
    """The whole view ``view`` of :func:`network`, built once per version of the graph and kept
    (see :func:`kgost._versioned.kept`): shared, so read-only (frozen) for kgost's own readers;
    :func:`network` hands out copies (made from the same kept nodes and edges)."""
    return kept(kg, ("network view", view), lambda: nx.freeze(_made(_view_parts(kg, view), fresh=False)), shared=True)


def neighbourhood(kg: GraphLike, graph: nx.Graph, around: str | URIRef, *, depth: int = 1) -> nx.Graph:
    """The part of a view within ``depth`` hops of the entity ``around`` (edge directions ignored).

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> sorted(neighbourhood(kg, kg.network(), "Punch", depth=1).nodes)
    ['person:punch', 'song:everytime', 'song:stay-with-me']
    >>> neighbourhood(kg, kg.network(), "Riftan")
    Traceback (most recent call last):
    ...
    kgost.InputError: Riftan (character:riftan) is not in the 'artist' view, which holds people, groups, songs and series; edges: performed, member of, sub-unit of, OST of, acts in, plays character, appears in the music video of
    """
    center = node_of(kg, graph, around)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    keep = set(nx.single_source_shortest_path_length(undirected, center, cutoff=depth))
    part = graph.__class__()
    part.graph.update(graph.graph, around=center, depth=depth)
    _fill(part, graph, keep)
    return part


def without_article_list(graph: nx.Graph) -> nx.Graph:
    """The view without the article's ranked list (nodes of :data:`LIST_TYPES`): a read-only
    subgraph view, with the view's graph data.

    Examples
    --------
    >>> import kgost
    >>> full = kgost.load().network(view="full")
    >>> full.degree("article:top-10-romantic-kdrama-osts"), without_article_list(full).degree("article:top-10-romantic-kdrama-osts")
    (11, 1)
    """
    return graph.subgraph(n for n, kind in graph.nodes(data="type") if kind not in LIST_TYPES)


def node_of(kg: GraphLike, graph: nx.Graph, name: str | URIRef, *, hint: str = "") -> str:
    """The node of a view that ``name`` denotes (see :meth:`KnowledgeGraph.resolve`), or an
    ``InputError`` that says what the view holds (and ``hint``)."""
    entity = resolve(kg, name)
    node = node_keys(kg)(str(entity.iri))
    if node not in graph:
        view = graph.graph.get("view", "?")
        holds = NETWORK_VIEWS.get(view, "other entities")
        raise InputError(f"{entity.label} ({node}) is not in the {view!r} view, which holds {holds}{hint}")
    return node


def _people(kg: GraphLike) -> nx.Graph:
    links, nodes = _incidence(kg)
    graph = nx.Graph()
    people = sorted({p for p, _, _, _ in links})
    graph.add_nodes_from((p, nodes[p]) for p in people)
    by_thing: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)
    for person, thing, kind, via in links:
        # A direct link wins over one through a group.
        if by_thing[(kind, thing)].get(person, "") is not None:
            by_thing[(kind, thing)][person] = via
    pairs: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (kind, thing), members in sorted(by_thing.items()):
        names = sorted(members)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                pair = pairs[(a, b)]
                pair[_PLURAL[kind]].append(nodes[thing]["label"])
                pair["reasons"].append(_reason(kind, thing, {a: members[a], b: members[b]}, nodes))
    for (a, b), pair in sorted(pairs.items()):
        graph.add_edge(a, b, relation="shares", songs=pair["songs"], series=pair["series"], groups=pair["groups"],
                       reasons=pair["reasons"], weight=len(pair["reasons"]))
    return graph


def _songs(kg: GraphLike) -> nx.Graph:
    rows = kg.sparql_raw(SONG_PEOPLE).rows
    song_iris = [row[0] for row in kg.sparql_raw(_SONGS).rows]
    iris = {t for row in rows for t in row if isinstance(t, URIRef)} | set(song_iris)  # type: ignore[arg-type]
    key = node_keys(kg)
    nodes = _node_data(kg, iris, key_of=key)  # type: ignore[arg-type]
    graph = nx.Graph()
    graph.add_nodes_from((s, nodes[s]) for s in sorted(key(str(iri)) for iri in song_iris))
    # person -> song -> the most telling way they take part in it (see _ROLES), and through what
    roles: dict[str, dict[str, tuple[int, str, str | None]]] = defaultdict(dict)
    for person, song, role, via in rows:
        p, t, r = key(str(person)), key(str(song)), str(role)
        best = (_ROLES.index(r), r, key(str(via)) if via is not None else None)
        if t not in roles[p] or best < roles[p][t]:
            roles[p][t] = best
    pairs: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for person, songs in sorted(roles.items()):
        ordered = sorted(songs)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs[(a, b)]["people"].append(nodes[person]["label"])
                pairs[(a, b)]["reasons"].append(_shares(person, [(a, songs[a]), (b, songs[b])], nodes))
    for (a, b), pair in sorted(pairs.items()):
        graph.add_edge(a, b, relation="shares", people=pair["people"], reasons=pair["reasons"],
                       weight=len(pair["people"]))
    return graph


# How a person takes part in a song, most telling first: one role per person and song explains it.
_ROLES = ["sings", "sings with", "plays a character it is about", "acts in its series", "appears in its music video"]


def _shares(person: str, songs: list[tuple[str, tuple[int, str, str | None]]], nodes: dict[str, dict[str, Any]]) -> str:
    """Why two songs share a person: "Chen sings 'Everytime' and 'For You' (with EXO-CBX)", "Cha
    Eunwoo sings 'Don’t Cry My Love' and plays Lee Suho, a character 'Fall in You' is about"."""
    def part(song: str, role: str, via: str | None, verb: bool) -> str:
        title = f"'{nodes[song]['label']}'"
        through = nodes[via]["label"] if via else ""
        if role in ("sings", "sings with"):
            text = title + (f" (with {through})" if role == "sings with" else "")
            return f"sings {text}" if verb else text
        if role == "plays a character it is about":
            return f"plays {through}, a character {title} is about"
        if role == "acts in its series":
            return f"acts in {through}, the series of {title}"
        return f"appears in the music video of {title}"

    (a, (_, role_a, via_a)), (b, (_, role_b, via_b)) = songs
    singing = role_a in ("sings", "sings with") and role_b in ("sings", "sings with")
    first = part(a, role_a, via_a, True)
    joint = ", and" if "," in first else " and"
    return f"{nodes[person]['label']} {first}{joint} {part(b, role_b, via_b, not singing)}"


_PLURAL = {"song": "songs", "series": "series", "group": "groups"}
_PROJECTIONS = {"people": _people, "songs": _songs}


def _incidence(kg: GraphLike) -> tuple[list[tuple[str, str, str, str | None]], dict[str, dict[str, Any]]]:
    rows = kg.sparql_raw(INCIDENCE).rows
    iris = {t for row in rows for t in row if isinstance(t, URIRef)}
    key = node_keys(kg)
    links = sorted(
        {(key(str(p)), key(str(t)), str(k), key(str(v)) if v is not None else None) for p, t, k, v in rows},
        key=lambda r: (r[0], r[1], r[2], r[3] or ""),
    )
    return links, _node_data(kg, iris, key_of=key)


def _reason(kind: str, thing: str, members: dict[str, str | None], nodes: dict[str, dict[str, Any]]) -> str:
    label = nodes[thing]["label"]
    (a, via_a), (b, via_b) = sorted(members.items())
    who = f"{nodes[a]['label']} and {nodes[b]['label']}"
    through = "; ".join(f"{nodes[p]['label']} through {nodes[v]['label']}"
                        for p, v in sorted(members.items()) if v and v != thing)
    tail = f" ({through})" if through else ""
    if kind == "song" and any(v and nodes[v]["kind"] == "video" for v in members.values()):  # a music-video guest
        return f"{who} meet on '{label}': " + "; ".join(f"{nodes[p]['label']} " + (
            "appears in its music video" if v and nodes[v]["kind"] == "video" else "sings it" + (
                f" through {nodes[v]['label']}" if v else "")) for p, v in sorted(members.items()))
    if kind == "song":
        return f"{who} both sing '{label}'{tail}"
    if kind == "series":
        return f"{who} both act in {label}"
    return f"{who} are both members of {label}{tail}"




def _small(kg: GraphLike) -> bool:
    """Whether a neighbourhood of ``kg`` is best cut from the whole view (built once, kept): on a
    graph of this process (with a version) of up to :data:`_WHOLE_UP_TO` quads, and on an engine
    that evaluates queries in Python (rdflib), which reads the view's patterns in every named
    graph for any ``VALUES``: there a read around one entity of a 10,000-quad graph costs more
    than the whole view (4.1 against 1.6 CPU-seconds)."""
    store = kg.store
    if not store.capabilities.versioned:
        return False
    return not store.capabilities.compiled_queries or kept(kg, "quads", lambda: len(store), shared=True) <= _WHOLE_UP_TO


#: Up to this many quads, a neighbourhood is cut from the whole view on any engine; on a larger
#: graph a compiled engine (Oxigraph) reads it hop by hop.
_WHOLE_UP_TO = 20_000


#: What a view is made of: its class, graph data, nodes (key, data), edges ((source, target,
#: key, data) or (source, target, data)) in order, and whether edge data hold lists.
_Parts = tuple[type, dict[str, Any], list[tuple[Any, dict]], list[tuple[Any, ...]], bool]


def _view_parts(kg: GraphLike, view: str) -> _Parts:
    """The nodes and edges of the view ``view``, made once per version of the graph and kept:
    :func:`network` makes each caller's graph of them, and :func:`view_graph` the shared one, so a
    first call builds one graph, not one to keep and a copy of it."""
    def build() -> _Parts:
        if not kg.store.capabilities.compiled_queries:  # rdflib's engine leaves cycles to collect
            return built()
        with collection_paused():  # the parts of a large view are many containers, all kept
            return built()

    def built() -> _Parts:
        if view in FACT_VIEWS:
            kind: type = nx.MultiDiGraph
            nodes, edges = fact_parts(kg, view)
        else:
            graph = _PROJECTIONS[view](kg)
            kind = graph.__class__
            nodes = list(graph.nodes(data=True))
            edges = list(graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True))
        lists = view not in FACT_VIEWS  # the projections' edges hold lists of songs, reasons...
        attrs: dict[str, Any] = {"view": view, "description": NETWORK_VIEWS[view]}
        if draws_own(kg):
            attrs.update(view_drawing(kg, _made((kind, attrs, nodes, edges, lists), fresh=False)))
        return kind, attrs, nodes, edges, lists

    return kept(kg, ("network parts", view), build, shared=True)


def _made(parts: _Parts, *, fresh: bool) -> nx.Graph:
    """A view's graph of its kept parts; ``fresh``: sharing no mutable data with them (networkx
    copies node and edge data dicts; lists in them are copied too)."""
    with collection_paused():  # a large graph is many containers, all kept
        return _filled(parts, fresh=fresh)


def _filled(parts: _Parts, *, fresh: bool) -> nx.Graph:
    kind, attrs, nodes, edges, lists = parts
    graph = kind()
    graph.graph.update(attrs)
    graph.add_nodes_from(nodes)
    if fresh and lists:
        graph.add_edges_from((*edge[:-1], {k: list(v) if isinstance(v, list) else v for k, v in edge[-1].items()})
                             for edge in edges)
    else:
        graph.add_edges_from(edges)
    return graph


def _fill(part: nx.Graph, graph: nx.Graph, keep: set | None) -> None:
    """Add the nodes of ``graph`` in ``keep`` (all for ``None``) and the edges between them to
    ``part``, their data copied (lists too)."""
    def inside(node: object) -> bool:
        return keep is None or node in keep

    def fresh(data: dict) -> dict:
        return {k: list(v) if isinstance(v, list) else v for k, v in data.items()}

    part.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if inside(n))
    if graph.is_multigraph():
        part.add_edges_from((u, v, k, fresh(d)) for u, v, k, d in graph.edges(keys=True, data=True) if inside(u) and inside(v))
    else:
        part.add_edges_from((u, v, fresh(d)) for u, v, d in graph.edges(data=True) if inside(u) and inside(v))
