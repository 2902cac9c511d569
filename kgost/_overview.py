"""The main job's summary: what the graph holds and its headline connections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgost._errors import EntityNotFoundError
from kgost._namespace import compact_iri
from kgost._vocabulary import vocabulary
from kgost.querying._named import query
from kgost._stats import Stats, stats
from kgost.validation._shacl import ValidationReport, validate

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["overview", "Overview"]


def overview(kg: GraphLike, *, group: str = "EXO") -> Overview:
    """Summarise a graph: counts, validation, the ranked list and headline connections.

    The connections are the named queries ``ranked-list``, ``songs-by-group-members``,
    ``singers-who-act`` and ``people-on-several-songs``.

    Examples
    --------
    >>> import kgost
    >>> from kgost._overview import overview
    >>> o = overview(kgost.load())
    >>> o.group_songs
    [('Everytime', 'Chen'), ('For You', 'Baekhyun via EXO-CBX, Chen via EXO-CBX, Xiumin via EXO-CBX'), ('Stay with Me', 'Chanyeol')]
    """
    ranked: dict[int, tuple[str, str, str, list[str]]] = {}
    for row in query(kg, "ranked-list"):
        performer = f"{row.performerName} ({row.groupName})" if row.groupName else row.performerName
        ranked.setdefault(row.position, (row.title, row.seriesTitle, row.kind, []))[3].append(performer)
    group_songs: dict[str, list[str]] = {}
    try:
        rows = list(query(kg, "songs-by-group-members", group=group))
    except EntityNotFoundError:  # a graph without the group (e.g. --no-bundled): nothing to list
        rows = []
    for row in rows:
        group_songs.setdefault(row.title, []).append(f"{row.memberName} via {row.via}" if row.via else row.memberName)
    sing_and_act: dict[str, tuple[list[str], list[str]]] = {}
    for row in query(kg, "singers-who-act"):
        songs, roles = sing_and_act.setdefault(row.name, ([], []))
        songs.append(f"“{row.songTitle}”")
        roles.append(f"as {row.characterName} in {row.seriesTitle}" if row.characterName else f"in {row.seriesTitle}")
    multi: dict[str, list[str]] = {}
    for row in query(kg, "people-on-several-songs", min=2):
        multi.setdefault(row.name, []).append(f"“{row.title}”")
    return Overview(
        stats=stats(kg),
        report=validate(kg),
        group=group,
        ranked=[(p, t, ser, kind, _joined(perf)) for p, (t, ser, kind, perf) in sorted(ranked.items())],
        group_songs=[(title, _joined(who)) for title, who in sorted(group_songs.items())],
        sing_and_act=[(name, _joined(songs), _joined(roles)) for name, (songs, roles) in sorted(sing_and_act.items())],
        multi_song_people=[(name, _joined(songs)) for name, songs in multi.items()],
        shown=frozenset(compact_iri(c) for c in vocabulary(kg).overview),
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
    #: The classes whose entities the summary counts (compact IRIs): the ontology's kgost:inOverview.
    shown: frozenset[str] = frozenset()

    def __str__(self) -> str:
        s = self.stats
        lines = [
            f"Loaded {s.triples} triples ({s.quads} quads in {s.graphs} named graphs) on the {s.engine} engine,",
            f"from {s.sentences} article sentences, {s.inferences} inferences and {s.curations} curation"
            + (f", and {s.files} user file{'s' if s.files != 1 else ''}." if s.files else "."),
            f"Validation: {'conforms' if self.report.conforms else 'DOES NOT conform'} to the kgost SHACL shapes "
            f"({len(self.report.results)} results).",
            "",
            "Entities: " + ", ".join(f"{n} {c.split(':')[1]}" for c, n in s.classes.items()
                                     if c in self.shown),
            "",
            "The article's ranked list:",
            *(f"  {p:>2}. “{t}” by {perf}, OST of {ser} ({kind})" for p, t, ser, kind, perf in self.ranked),
            *([] if self.ranked else ["  (none)"]),
            "",
            f"OSTs that involve {self.group} members:",
            *(f"  “{t}”: {who}" for t, who in self.group_songs),
            *([] if self.group_songs else ["  (none)"]),
            "",
            "People who sing an OST and also act:",
            *(f"  {n}: sings {songs}; acts {roles}" for n, songs, roles in self.sing_and_act),
            *([] if self.sing_and_act else ["  (none)"]),
            "",
            "People on more than one OST:",
            *(f"  {n}: {songs}" for n, songs in self.multi_song_people),
            *([] if self.multi_song_people else ["  (none)"]),
        ]
        return "\n".join(lines)


def _joined(parts: list[str]) -> str:
    """Distinct parts, sorted so the output is stable, joined with commas."""
    return ", ".join(sorted(set(parts)))
