"""Groups and sub-units that share members, and the songs their members link."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import URIRef

from kgost._errors import InputError
from kgost._lookup import resolve
from kgost.networks._nodes import node_keys
from kgost.networks._views import view_graph
from kgost._public import public

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["shared_members", "SharedMembers", "GroupOverlap", "Member", "SongLink", "GroupSongs"]

# group -> person -> (how: stated, inferred or through; the sub-unit it goes through; the reason)
_Membership = dict[str, dict[str, tuple[str, str | None, str | None]]]


def shared_members(kg: GraphLike, *, group: str | URIRef | None = None) -> SharedMembers:
    """Groups and sub-units with members in common, and the songs linked through shared people.

    Membership follows sub-units: a member of EXO-CBX, a sub-unit of EXO, is a member of EXO
    even where no sentence says so. Each member says how it belongs to the larger group
    (``stated``, ``inferred`` by a kgost inference, or ``through`` a sub-unit). Built on the
    ``artist`` view of :func:`kgost.network`.

    Parameters
    ----------
    kg
        The knowledge graph.
    group
        Only report on this group (a name, compact IRI or IRI): its overlaps with other groups,
        the songs its members sing (even a single one), and the people who link one of those
        songs to another. A group none of whose members sings a song gets empty lists.

    Returns
    -------
    SharedMembers
        The overlaps, the songs linked through shared people, and the songs of each group.

    Raises
    ------
    InputError
        ``group`` names an entity that is not a music group or sub-unit.
    EntityNotFoundError, AmbiguousEntityError
        ``group`` names no entity, or several.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> found = kg.shared_members()
    >>> print(found)
    Groups with overlapping members:
      EXO-CBX is a sub-unit of EXO; both have Baekhyun, Chen and Xiumin
        membership of EXO: Baekhyun inferred through EXO-CBX, Chen stated, Xiumin inferred through EXO-CBX
    Songs linked through shared people:
      Chen links 'Everytime' and 'For You' (with EXO-CBX)
      Punch links 'Everytime' and 'Stay with Me'
    Songs of each group's members:
      AKMU: 'In Your Time' (Lee Suhyun)
      BTS: 'Christmas Tree' (V)
      EXO: 'Everytime' (Chen), 'For You' (EXO-CBX: Baekhyun, Chen, Xiumin), 'Stay with Me' (Chanyeol)
      EXO-CBX: 'Everytime' (Chen), 'For You' (EXO-CBX: Baekhyun, Chen, Xiumin)
      MAMAMOO: 'Orbit' (Hwasa)
      Stray Kids: 'Here Always' (Seungmin)
    >>> print(kg.shared_members(group="BTS"))
    Groups with overlapping members:
      none
    Songs linked through shared people:
      none
    Songs of the members of BTS:
      BTS: 'Christmas Tree' (V)
    """
    graph = view_graph(kg, "artist")
    only = only_label = None
    if group is not None:
        entity = resolve(kg, group)
        only, only_label = node_keys(kg)(str(entity.iri)), entity.label
        if not _is_group(kg, entity.iri):
            raise InputError(f"{entity.label} ({only}) is a {entity.kind}, not a music group or sub-unit")
    members = _memberships(graph)  # group -> person -> (how, via)
    parents = _parents(graph)
    overlaps = []
    groups = sorted(members, key=lambda g: _label(graph, g).lower())
    for i, first in enumerate(groups):
        for second in groups[i + 1:]:
            common = sorted(set(members[first]) & set(members[second]), key=lambda p: _label(graph, p).lower())
            if not common or (only is not None and only not in (first, second)):
                continue
            small, big = (first, second) if second in parents[first] else (second, first)
            relation = "sub-unit of" if big in parents[small] else "shares members with"
            overlaps.append(GroupOverlap(
                unit=_label(graph, small), group=_label(graph, big), relation=relation,
                members=[Member(_label(graph, p), *_how(graph, members[big][p])) for p in common],
            ))
    sung = _songs_of_people(graph, members)  # person -> song -> via group or None
    group_songs = []
    for g in groups:
        songs: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for person in members[g]:
            for song, via in sung.get(person, {}).items():
                songs[song].append((person, via))
        # Every group whose members sing something; asked about one group, that group alone.
        if songs and (only is None or only == g):
            ordered = sorted(songs.items(), key=lambda i: _label(graph, i[0]).lower())
            group_songs.append(GroupSongs(group=_label(graph, g),
                                          songs=[(_label(graph, s), _credit(graph, who)) for s, who in ordered]))
    allowed = {s for p in (members.get(only, {}) if only else ()) for s in sung.get(p, {})}
    links = []
    for person, songs_of in sorted(sung.items(), key=lambda i: _label(graph, i[0]).lower()):
        if len(songs_of) > 1 and (only is None or allowed & set(songs_of)):
            titles = sorted(songs_of.items(), key=lambda i: _label(graph, i[0]).lower())
            links.append(SongLink(person=_label(graph, person),
                                  songs=[(_label(graph, s), _label(graph, v) if v else None) for s, v in titles]))
    return SharedMembers(group=only_label, overlaps=overlaps, links=links, group_songs=group_songs)


@dataclass(frozen=True)
class Member:
    """A shared member and how it belongs to the larger group: ``stated``, ``inferred`` (with
    the inference's reason) or only ``through`` a sub-unit; ``via`` names the sub-unit."""

    name: str
    how: str
    via: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class GroupOverlap:
    """Two groups with members in common; ``unit`` is the sub-unit when one is part of the other."""

    unit: str
    group: str
    relation: str
    members: list[Member] = field(default_factory=list)

    def __str__(self) -> str:
        names = [m.name for m in self.members]
        both = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        head = f"{self.unit} is a sub-unit of {self.group}" if self.relation == "sub-unit of" else (
            f"{self.unit} shares members with {self.group}")
        how = ", ".join(f"{m.name} {m.how}" + (" " * (m.how == "through") or " through " if m.via else "")
                        + (m.via or "") for m in self.members)
        return f"{head}; both have {both}\n    membership of {self.group}: {how}"


@dataclass(frozen=True)
class SongLink:
    """A person who sings several songs (``via`` the group they sing with, if any)."""

    person: str
    songs: list[tuple[str, str | None]] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"'{s}'" + (f" (with {via})" if via else "") for s, via in self.songs]
        return f"{self.person} links " + ", ".join(parts[:-1]) + f" and {parts[-1]}"


@dataclass(frozen=True)
class GroupSongs:
    """The songs a group's members sing, and who (``"EXO-CBX: Baekhyun, Chen, Xiumin"``)."""

    group: str
    songs: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.group}: " + ", ".join(f"'{s}' ({who})" for s, who in self.songs)


@public
@dataclass(frozen=True)
class SharedMembers:
    """What :func:`shared_members` found.

    ``overlaps`` are pairs of groups with members in common (each member says how it belongs to
    the larger group), ``links`` the people who sing several songs, ``group_songs`` the songs of
    each group's members; ``group`` is the group asked about, if any. ``str()`` gives the report
    ``kgost shared-members`` prints.

    Examples
    --------
    >>> import kgost
    >>> found = kgost.load().shared_members(group="EXO-CBX")
    >>> overlap = found.overlaps[0]
    >>> overlap.unit, overlap.group, [(m.name, m.how) for m in overlap.members]
    ('EXO-CBX', 'EXO', [('Baekhyun', 'inferred'), ('Chen', 'stated'), ('Xiumin', 'inferred')])
    >>> [str(link) for link in found.links]
    ["Chen links 'Everytime' and 'For You' (with EXO-CBX)", "Punch links 'Everytime' and 'Stay with Me'"]
    """

    group: str | None
    overlaps: list[GroupOverlap] = field(default_factory=list)
    links: list[SongLink] = field(default_factory=list)
    group_songs: list[GroupSongs] = field(default_factory=list)

    def __str__(self) -> str:
        lines = ["Groups with overlapping members:"]
        lines += [f"  {o}" for o in self.overlaps] or ["  none"]
        lines.append("Songs linked through shared people:")
        lines += [f"  {link}" for link in self.links] or ["  none"]
        lines.append("Songs of each group's members:" if self.group is None else f"Songs of the members of {self.group}:")
        lines += [f"  {g}" for g in self.group_songs] or ["  none"]
        return "\n".join(lines)

    def to_json(self) -> str:
        """The findings as JSON."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


_GROUP_ASK = """ASK { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://w3id.org/kgost/ontology#MusicGroup> }"""


def _is_group(kg: GraphLike, iri: URIRef) -> bool:
    """Is ``iri`` a music group (or a sub-unit), whether or not the artist view holds it?"""
    return bool(kg.sparql_raw(_GROUP_ASK, bindings={"x": iri}).boolean)


def _label(graph: nx.Graph, node: str) -> str:
    return str(graph.nodes[node]["label"])


def _parents(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each group and the groups it is (transitively) a sub-unit of."""
    units = nx.DiGraph((u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "sub-unit of")
    return defaultdict(set, {g: nx.descendants(units, g) for g in units})


def _memberships(graph: nx.MultiDiGraph) -> _Membership:
    """group -> person -> (how, via, reason): direct edges first, then through sub-units."""
    parents = _parents(graph)
    members: dict[str, dict[str, tuple[str, str | None, str | None]]] = defaultdict(dict)
    direct = [(u, v, d) for u, v, d in graph.edges(data=True) if d["relation"] == "member of"]
    for person, group, data in direct:
        members[group][person] = ("inferred" if data["inferred"] else "stated", None, data.get("reason"))
    for person, unit, _ in direct:
        for group in sorted(parents[unit]):
            how, via, reason = members[group].get(person, ("through", None, None))
            if how != "stated" and via is None:
                members[group][person] = (how, unit, reason)
    return members


def _how(graph: nx.Graph, how: tuple[str, str | None, str | None]) -> tuple[str, str | None, str | None]:
    kind, via, reason = how
    return kind, _label(graph, via) if via else None, reason


def _songs_of_people(graph: nx.MultiDiGraph, members: _Membership) -> dict[str, dict[str, str | None]]:
    """person -> song -> the group it is sung with (``None``: sung in person)."""
    sung: dict[str, dict[str, str | None]] = defaultdict(dict)
    performed = [(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "performed"]
    for performer, song in performed:
        if graph.nodes[performer]["kind"] == "person":
            sung[performer][song] = None
    for performer, song in performed:
        for person in members.get(performer, {}):
            sung[person].setdefault(song, performer)
    return sung


def _credit(graph: nx.Graph, who: list[tuple[str, str | None]]) -> str:
    by_group: dict[str | None, list[str]] = defaultdict(list)
    for person, via in who:
        by_group[via].append(_label(graph, person))
    parts = [", ".join(sorted(names)) if via is None else f"{_label(graph, via)}: {', '.join(sorted(names))}"
             for via, names in sorted(by_group.items(), key=lambda i: (i[0] is not None, i[0] or ""))]
    return "; ".join(parts)
