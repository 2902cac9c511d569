"""NetworkX views of the graph, built from SPARQL: artists-songs-series, full RDF, projections."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import BNode, URIRef

from kgost._errors import InputError
from kgost._lookup import resolve
from kgost._vocabulary import vocabulary
from kgost.networks._nodes import node_data as _node_data
from kgost.networks._draw import view_drawing
from kgost.networks._nodes import node_keys, plain_rows
from kgost.querying._values import sparql_term

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["network", "NETWORK_VIEWS", "LIST_TYPES", "neighbourhood", "node_of", "without_article_list"]

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

# Where a fact comes from: the sentence text, or that an inference gives it, and its reason.
_PROVENANCE = """
    OPTIONAL { ?g kgost:text ?text ; kgost:sentenceIndex ?index }
    OPTIONAL { ?g a ?inference . FILTER (?inference = kgost:Inference) OPTIONAL { ?g rdfs:comment ?reason } }
"""

#: Artist view: one UNION branch per relation, oriented from the person/part to the whole. The
#: relation is a property of the ontology (the stored one, or one the view derives such as
#: kgost:performed, the inverse of kgost:performer); the edge is named by its label.
ARTIST_EDGES = _PREFIX + """
SELECT ?from ?relation ?to ?via ?predicate ?g ?text ?index ?inference ?reason WHERE {
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
""" + _PROVENANCE + "}"

#: Full view: every IRI-valued fact between entities of kgost classes or their subclasses (not the provenance records).
FULL_EDGES = _PREFIX + """
SELECT ?from ?relation ?to ?via ?predicate ?g ?text ?index ?inference ?reason WHERE {
    GRAPH ?g { ?from ?predicate ?to }
    FILTER (isIRI(?to) && ?predicate NOT IN (rdf:type, kgost:sungBy))  # sungBy: a shortcut for performer/memberOf
    FILTER EXISTS { ?from a/rdfs:subClassOf* ?t1 . FILTER (STRSTARTS(STR(?t1), STR(kgost:))
                                           && ?t1 NOT IN (kgost:Sentence, kgost:Inference, kgost:Curation)) }
    FILTER EXISTS { ?to a/rdfs:subClassOf* ?t2 . FILTER (STRSTARTS(STR(?t2), STR(kgost:))
                                         && ?t2 NOT IN (kgost:Sentence, kgost:Inference, kgost:Curation)) }
    OPTIONAL { ?predicate rdfs:label ?predicateLabel
               FILTER (LANG(?predicateLabel) = "" || LANGMATCHES(LANG(?predicateLabel), "en")) }
    BIND (COALESCE(STR(?predicateLabel), STR(?predicate)) AS ?relation)
    BIND (?nothing AS ?via)
""" + _PROVENANCE + "}"

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

#: The views made of facts, by their query: their neighbourhoods are read around the entity.
_FACT_VIEWS = {"artist": ARTIST_EDGES, "full": FULL_EDGES}

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
    if around is not None and view in _FACT_VIEWS:  # only the neighbourhood is read
        graph = _fact_graph(kg, _FACT_VIEWS[view], rows=_rows_around(kg, _FACT_VIEWS[view], around, depth=depth))
        graph.graph.update(view=view, description=NETWORK_VIEWS[view], **view_drawing(kg, graph))
        return neighbourhood(kg, graph, around, depth=depth)
    builders = {"artist": _artist, "full": _full, "people": _people, "songs": _songs}
    graph = builders[view](kg)
    graph.graph.update(view=view, description=NETWORK_VIEWS[view], **view_drawing(kg, graph))
    if around is not None:
        graph = neighbourhood(kg, graph, around, depth=depth)
    return graph


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
    part.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in keep)
    if graph.is_multigraph():
        part.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        part.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if u in keep and v in keep)
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


def _artist(kg: GraphLike) -> nx.MultiDiGraph:
    return _fact_graph(kg, ARTIST_EDGES)


def _full(kg: GraphLike) -> nx.MultiDiGraph:
    return _fact_graph(kg, FULL_EDGES)


def _rows_around(kg: GraphLike, sparql: str, around: str | URIRef, *, depth: int) -> list[tuple]:
    """The rows of a fact view's query that :func:`neighbourhood` can keep: the facts of every
    entity within ``depth`` hops of ``around``, read hop by hop (two queries a hop: the view's
    query with the hop's entities as ``VALUES`` of ``?from``, then of ``?to``), not the whole view.

    After ``depth`` hops the entities at that distance are asked too, for the facts between two
    of them; every fact of a kept entity is read, so each edge keeps its best source."""
    center = resolve(kg, around).iri
    seen: set[URIRef] = {center}
    frontier = [center]
    rows: dict[tuple, None] = {}
    for hop in range(depth + 1):
        found: list[URIRef] = []
        for role in ("from", "to"):
            values = " ".join(sparql_term(node) for node in sorted(frontier))
            text = sparql.replace(" WHERE {", f" WHERE {{\n    VALUES ?{role} {{ {values} }}", 1)
            for row in kg.sparql_raw(text).rows:
                rows[tuple(row)] = None
                other = row[2] if role == "from" else row[0]
                if hop < depth and other not in seen:
                    seen.add(other)  # type: ignore[arg-type]
                    found.append(other)  # type: ignore[arg-type]
        if not found:
            break
        frontier = found
    return list(rows)


def _fact_graph(kg: GraphLike, sparql: str, *, rows: list[tuple] | None = None) -> nx.MultiDiGraph:
    """One edge per (from, relation/predicate, to, via) with its best source: the earliest
    sentence, else an inference, else any other graph (a user's file). ``rows``: the query's
    rows, when already read (by :func:`_rows_around`)."""
    facts: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    node_key = node_keys(kg)  # by the graph's prefixes
    iris: set[str] = set()
    keys: dict[str | None, str] = {None: ""}  # node keys by text: rows repeat their entities
    labels = {str(prop): label for prop, label in vocabulary(kg).labels.items()}
    for frm, relation, to, via, predicate, g, text, index, inference, reason in (
        plain_rows(kg, sparql) if rows is None else [tuple(_plain(t) for t in row) for row in rows]
    ):
        for term in (frm, to, via):
            if term not in keys:
                keys[term] = node_key(term)  # type: ignore[arg-type]
                iris.add(term)  # type: ignore[arg-type]
        relation = labels.get(relation, relation)  # a property IRI (no label in the graph): its label
        key = (keys[frm], relation, keys[to], keys[via])
        # Sentences first (in article order), then inferences, then any other graph.
        rank = (0, int(index)) if index is not None else (1 if inference is not None else 2, 0)
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = {"graphs": set(), "rank": (3, 0), "stated": False}
        fact["graphs"].add(g)
        fact["stated"] = fact["stated"] or inference is None
        if rank <= fact["rank"]:
            graph_key = node_key(g)  # type: ignore[arg-type]
            if (rank, graph_key) < (fact["rank"], fact.get("graph", "")):
                fact.update(rank=rank, graph=graph_key, sentence=text, reason=reason, predicate=node_key(predicate))  # type: ignore[arg-type]
    nodes = _node_data(kg, iris, key_of=node_key)
    graph = nx.MultiDiGraph()
    used = sorted({k[0] for k in facts} | {k[2] for k in facts})
    graph.add_nodes_from((n, nodes[n]) for n in used)
    for (source, name, target, through), fact in sorted(facts.items(), key=lambda item: _edge_order(item[0])):
        data: dict[str, Any] = {
            "relation": name,
            "predicate": fact["predicate"],
            "via": through or None,
            "character": _character(nodes, through),
            "sentence": fact["sentence"],
            "graph": fact["graph"],
            "sentences": len(fact["graphs"]),
            "inferred": not fact["stated"],
            "reason": fact["reason"] if not fact["stated"] else None,
        }
        graph.add_edge(source, target, key=_edge_order((source, name, target, through))[2], **data)
    return graph


def _character(nodes: dict[str, dict[str, Any]], via: str) -> str | None:
    """The label of the character a fact goes through (by its type, whatever prefix its key has)."""
    return nodes[via]["label"] if via and nodes[via]["type"] == "Character" else None


def _edge_order(fact: tuple[str, str, str, str]) -> tuple[str, str, str]:
    """Source, target and key of a fact's edge: edges are added (and listed) in this order."""
    frm, relation, to, via = fact
    return frm, to, relation + (f" {via}" if via and relation != "plays character" else "")


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



def _plain(term: object) -> str | None:
    """A term as :func:`kgost.networks._nodes.plain_rows` gives it."""
    return None if term is None else f"_:{term}" if isinstance(term, BNode) else str(term)
