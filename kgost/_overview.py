"""The main job's summary: what the graph holds and its headline connections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgost._stats import Stats
from kgost._validate import ValidationReport

if TYPE_CHECKING:
    from kgost._graph import KnowledgeGraph

__all__ = ["overview", "Overview"]

_PREFIX = """PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_RANKED = _PREFIX + """
SELECT ?position ?title ?seriesTitle ?kind
       (GROUP_CONCAT(DISTINCT ?performerName; separator=", ") AS ?performers)
WHERE {
    ?article kgost:rankedItem ?item .
    ?item kgost:position ?position ; kgost:item ?song .
    ?song kgost:title ?title ; kgost:ostOf ?series ; kgost:performer ?performer .
    ?series kgost:title ?seriesTitle ; a ?kindClass .
    ?kindClass rdfs:subClassOf kgost:Series ; rdfs:label ?kind .
    ?performer kgost:name ?name .
    OPTIONAL { ?performer kgost:memberOf ?group . ?group kgost:name ?groupName .
               FILTER NOT EXISTS { ?group a kgost:SubUnit } }
    BIND (IF(BOUND(?groupName), CONCAT(?name, " (", ?groupName, ")"), ?name) AS ?performerName)
}
GROUP BY ?position ?title ?seriesTitle ?kind
ORDER BY ?position
"""

_GROUP_SONGS = _PREFIX + """
SELECT ?title (GROUP_CONCAT(DISTINCT ?via; separator=", ") AS ?people)
WHERE {
    ?group kgost:name ?groupName .
    ?song kgost:title ?title ; kgost:performer ?performer .
    {
        ?performer kgost:memberOf ?group ; kgost:name ?via .
    } UNION {
        ?performer kgost:subUnitOf ?group ; kgost:name ?unitName .
        ?member kgost:memberOf ?performer ; kgost:name ?memberName .
        BIND (CONCAT(?memberName, " via ", ?unitName) AS ?via)
    }
}
GROUP BY ?title
ORDER BY ?title
"""

_SING_AND_ACT = _PREFIX + """
SELECT ?name (GROUP_CONCAT(DISTINCT ?sang; separator=", ") AS ?songs)
       (GROUP_CONCAT(DISTINCT ?acted; separator=", ") AS ?roles)
WHERE {
    ?person a kgost:Person ; kgost:name ?name .
    { ?song kgost:performer ?person } UNION { ?song kgost:performer ?unit . ?person kgost:memberOf ?unit }
    ?song kgost:title ?songTitle .
    BIND (CONCAT("“", ?songTitle, "”") AS ?sang)
    ?series kgost:castMember ?person ; kgost:title ?seriesTitle .
    OPTIONAL { ?character kgost:playedBy ?person ; kgost:characterIn ?series ; kgost:name ?characterName }
    BIND (IF(BOUND(?characterName), CONCAT("as ", ?characterName, " in ", ?seriesTitle), CONCAT("in ", ?seriesTitle)) AS ?acted)
}
GROUP BY ?name
ORDER BY ?name
"""

_MULTI = _PREFIX + """
SELECT ?name (GROUP_CONCAT(DISTINCT ?quoted; separator=", ") AS ?songs) (COUNT(DISTINCT ?song) AS ?n)
WHERE {
    ?person a kgost:Person ; kgost:name ?name .
    { ?song kgost:performer ?person } UNION { ?song kgost:performer ?unit . ?person kgost:memberOf ?unit }
    ?song a kgost:Song ; kgost:title ?title .
    BIND (CONCAT("“", ?title, "”") AS ?quoted)
}
GROUP BY ?name
HAVING (COUNT(DISTINCT ?song) > 1)
ORDER BY DESC(?n) ?name
"""


def overview(kg: KnowledgeGraph, *, group: str = "EXO") -> Overview:
    """Summarise a graph: counts, validation, the ranked list and headline connections.

    Examples
    --------
    >>> import kgost
    >>> from kgost._overview import overview
    >>> o = overview(kgost.load())
    >>> o.group_songs
    [('Everytime', 'Chen'), ('For You', 'Baekhyun via EXO-CBX, Chen via EXO-CBX, Xiumin via EXO-CBX'), ('Stay with Me', 'Chanyeol')]
    """
    from rdflib import Literal

    ranked = [
        (int(p), str(t), str(s), str(k), _sorted(perf))  # type: ignore[call-overload]
        for p, t, s, k, perf in kg.sparql_raw(_RANKED).rows
    ]
    group_songs = [
        (str(t), _sorted(v)) for t, v in kg.sparql_raw(_GROUP_SONGS, bindings={"groupName": Literal(group)}).rows
    ]
    sing_and_act = [(str(n), _sorted(s), _sorted(r)) for n, s, r in kg.sparql_raw(_SING_AND_ACT).rows]
    multi = [(str(n), _sorted(s)) for n, s, _ in kg.sparql_raw(_MULTI).rows]
    return Overview(
        stats=kg.stats(),
        report=kg.validate(),
        group=group,
        ranked=ranked,
        group_songs=group_songs,
        sing_and_act=sing_and_act,
        multi_song_people=multi,
    )


@dataclass(frozen=True)
class Overview:
    """What :func:`overview` found."""

    stats: Stats
    report: ValidationReport
    group: str
    ranked: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    group_songs: list[tuple[str, str]] = field(default_factory=list)
    sing_and_act: list[tuple[str, str, str]] = field(default_factory=list)
    multi_song_people: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        s = self.stats
        lines = [
            f"Loaded {s.triples} triples ({s.quads} quads in {s.graphs} named graphs) on the {s.engine} engine,",
            f"from {s.sentences} article sentences, {s.inferences} inferences and {s.curations} curation.",
            f"Validation: {'conforms' if self.report.conforms else 'DOES NOT conform'} to the kgost SHACL shapes "
            f"({len(self.report.results)} results).",
            "",
            "Entities: " + ", ".join(f"{n} {c.split(':')[1]}" for c, n in s.classes.items()
                                     if c.split(":")[1] in _SHOWN),
            "",
            "The article's ranked list:",
            *(f"  {p:>2}. “{t}” by {perf}, OST of {ser} ({kind})" for p, t, ser, kind, perf in self.ranked),
            "",
            f"OSTs that involve {self.group} members:",
            *(f"  “{t}”: {who}" for t, who in self.group_songs),
            "",
            "People who sing an OST and also act:",
            *(f"  {n}: sings {songs}; acts {roles}" for n, songs, roles in self.sing_and_act),
            "",
            "People on more than one OST:",
            *(f"  {n}: {songs}" for n, songs in self.multi_song_people),
        ]
        return "\n".join(lines)


_SHOWN = ("Song", "Series", "Person", "MusicGroup", "SubUnit", "Character", "Broadcaster", "Chart", "Award")


def _sorted(joined: object) -> str:
    """GROUP_CONCAT has no order: sort its parts so output is stable."""
    return ", ".join(sorted(str(joined).split(", ")))
