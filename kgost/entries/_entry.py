"""One entry's facts, in the graph of its sentence: song, series, performers and groups, cast, charts, nominations, videos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgost._lookup import normalize_name
from kgost._namespace import KGOST, KGOST_ID

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike
    from kgost._types import Quad
    from kgost.entries._entries import EntryFile


class Collector(Protocol):
    """What an entry's conversion uses of the converter (kgost.entries._convert.Converter),
    which imports this module: the graph, the quads so far, and the entity lookups."""

    kg: GraphLike
    quads: dict[Quad, None]
    problems: list[str]
    places: dict[URIRef, str]
    minted: dict[URIRef, str]
    _index: dict[tuple[Any, ...], set[URIRef]]

    def add(self, s: Any, p: Any, o: Any, g: URIRef) -> None: ...

    def is_a(self, iri: URIRef, kind: URIRef) -> bool: ...

    def inference(self, sentence: URIRef, name: str, comment: str) -> URIRef: ...

    def entity(self, found: EntryFile, keys: tuple[Any, ...], kind: URIRef, name: str, *,
               spec: dict[str, Any] | None = None, graph: URIRef, scope: URIRef | None = None) -> URIRef | None: ...

__all__ = ["Entry", "Collector"]


@dataclass
class Entry:
    """One entry's facts, in the graph of its sentence."""

    c: Collector
    found: EntryFile
    keys: tuple[Any, ...]
    data: dict[str, Any]
    article: URIRef
    graph: URIRef

    def convert(self) -> None:
        data = self.data
        song = self._song() if "song" in data else None
        series = self._series() if "series" in data else None
        if song is not None and series is not None:
            self.c.add(song, KGOST.ostOf, series, self.graph)
        if "rank" in data and song is not None:
            item = URIRef(f"{self.article}/item/{data['rank']}")
            self.c.add(self.article, KGOST.rankedItem, item, self.graph)
            self.c.add(item, RDF.type, KGOST.RankedItem, self.graph)
            self.c.add(item, KGOST.position, Literal(data["rank"]), self.graph)
            self.c.add(item, KGOST.item, song, self.graph)
        for key in ("performers", "charts", "nominations", "music_video", "about", "theme_of", "release_date", "release_year", "rank"):
            if key in data and song is None:
                self._problem((key,), f"`{key}` needs the `song` it is about in the same entry")
        for key in ("cast", "about", "theme_of"):
            if key in data and series is None:
                self._problem((key,), f"`{key}` needs the `series` in the same entry")
        for i, group in enumerate(data.get("groups", ())):
            self._group(("groups", i), group)
        if series is not None:
            for i, member in enumerate(data.get("cast", ())):
                self._cast(("cast", i), member, series)
        if song is None:
            return
        for i, performer in enumerate(data.get("performers", ())):
            iri = self._performer(("performers", i), performer)
            if iri is not None:
                self.c.add(song, KGOST.performer, iri, self.graph)
        if series is not None:
            for i, name in enumerate(data.get("about", ())):
                self._character_link(("about", i), song, KGOST.about, name, series)
            if "theme_of" in data:
                self._character_link(("theme_of",), song, KGOST.themeOf, data["theme_of"], series)
        if "release_date" in data:
            self.c.add(song, KGOST.releaseDate, Literal(data["release_date"], datatype=XSD.date), self.graph)
        if "release_year" in data:
            self.c.add(song, KGOST.releaseYear, Literal(str(data["release_year"]), datatype=XSD.gYear), self.graph)
        for i, chart in enumerate(data.get("charts", ())):
            self._chart(("charts", i), song, chart)
        for i, nomination in enumerate(data.get("nominations", ())):
            self._nomination(("nominations", i), song, nomination)
        if "music_video" in data:
            self._video(song, data["music_video"])

    def _entity(self, sub: tuple[Any, ...], kind: URIRef, name: str, spec: dict[str, Any] | None = None,
                scope: URIRef | None = None) -> URIRef | None:
        return self.c.entity(self.found, self.keys + sub, kind, name, spec=spec, graph=self.graph, scope=scope)

    def _song(self) -> URIRef | None:
        spec = _spec(self.data["song"], "title")
        return self._entity(("song",), KGOST.Song, spec["title"], spec)

    def _series(self) -> URIRef | None:
        spec = _spec(self.data["series"], "title")
        iri = self._entity(("series",), KGOST.Series, spec["title"], spec)
        if iri is None:
            return None
        if spec.get("kind"):
            self.c.add(iri, RDF.type, KGOST.TVDrama if spec["kind"] == "tv-drama" else KGOST.WebtoonSeries, self.graph)
        if spec.get("network"):
            network = self._entity(("series", "network"), KGOST.Broadcaster, spec["network"])
            if network is not None:
                self.c.add(iri, KGOST.broadcaster, network, self.graph)
        if spec.get("year"):
            self.c.add(iri, KGOST.releaseYear, Literal(str(spec["year"]), datatype=XSD.gYear), self.graph)
        for title in spec.get("other_titles", ()):
            if normalize_name(title) != normalize_name(spec["title"]):
                self.c.add(iri, KGOST.alternativeTitle, Literal(title), self.graph)
        return iri

    def _person(self, sub: tuple[Any, ...], value: Any) -> URIRef | None:
        spec = _spec(value, "name")
        iri = self._entity(sub, KGOST.Person, spec["name"], spec)
        if iri is None:
            return None
        for other in spec.get("other_names", ()):
            self.c.add(iri, KGOST.otherName, Literal(other), self.graph)
        groups = spec.get("group", [])
        for i, group in enumerate([groups] if isinstance(groups, str) else groups):
            group_iri = self._entity(sub + ("group",) + ((i,) if not isinstance(groups, str) else ()), KGOST.MusicGroup, group)
            if group_iri is not None:
                self.c.add(iri, KGOST.memberOf, group_iri, self.graph)
        return iri

    def _group(self, sub: tuple[Any, ...], spec: dict[str, Any]) -> URIRef | None:
        iri = self._entity(sub, KGOST.MusicGroup, spec["group"], spec)
        if iri is None:
            return None
        parent = None
        if spec.get("sub_unit_of"):
            parent = self._entity(sub + ("sub_unit_of",), KGOST.MusicGroup, spec["sub_unit_of"])
            if parent is not None:
                self.c.add(iri, RDF.type, KGOST.SubUnit, self.graph)
                self.c.add(iri, KGOST.subUnitOf, parent, self.graph)
        elif self.c.is_a(iri, KGOST.SubUnit):
            parent = next((o for s, p, o, _ in self._known(iri, KGOST.subUnitOf)), None)
        for i, member in enumerate(spec.get("members", ())):
            person = self._person(sub + ("members", i), member)
            if person is None:
                continue
            self.c.add(person, KGOST.memberOf, iri, self.graph)
            if parent is not None:
                why = f"Members of the sub-unit {spec['group']} are members of the group it is formed from."
                self.c.add(person, KGOST.memberOf, parent, self.c.inference(self.graph, "sub-unit-members", why))
        return iri

    def _known(self, subject: URIRef, predicate: URIRef) -> list[tuple[Any, Any, Any, Any]]:
        rows = self.c.kg.sparql_raw("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": subject, "p": predicate}).rows
        found = [(subject, predicate, row[0], None) for row in rows]
        return found + [q for q in self.c.quads if q[0] == subject and q[1] == predicate]

    def _performer(self, sub: tuple[Any, ...], value: Any) -> URIRef | None:
        if isinstance(value, dict) and "group" in value and "name" not in value:
            return self._group(sub, value)
        if isinstance(value, str):
            key = normalize_name(value)
            if not self.c._index.get((KGOST.Person, None, key)) and self.c._index.get((KGOST.MusicGroup, None, key)):
                return self._group(sub, {"group": value})
        return self._person(sub, value)

    def _cast(self, sub: tuple[Any, ...], value: Any, series: URIRef) -> None:
        spec = value if isinstance(value, dict) else {"actor": value}
        actor = self._person(sub + ("actor",) if isinstance(value, dict) else sub, spec["actor"])
        if actor is None:
            return
        self.c.add(series, KGOST.castMember, actor, self.graph)
        name = spec.get("character") or spec.get("role")
        if not name:
            return
        label = spec.get("character") or spec["role"]
        character = self._entity(sub + ("character" if spec.get("character") else "role",), KGOST.Character, label, scope=series)
        if character is None:
            return
        if spec.get("role") and not spec.get("character") and character in self.c.minted:
            # a character named only by its role is labelled by the role (as in the bundled data)
            self.c.quads.pop((character, KGOST.name, Literal(label), self.graph), None)
            self.c.add(character, RDFS.label, Literal(spec["role"]), self.graph)
        self.c.add(character, KGOST.characterIn, series, self.graph)
        self.c.add(character, KGOST.playedBy, actor, self.graph)

    def _character_link(self, sub: tuple[Any, ...], song: URIRef, link: URIRef, name: str, series: URIRef) -> None:
        character = self._entity(sub, KGOST.Character, name, scope=series)
        if character is not None:
            self.c.add(character, KGOST.characterIn, series, self.graph)
            self.c.add(song, link, character, self.graph)

    def _chart(self, sub: tuple[Any, ...], song: URIRef, spec: dict[str, Any]) -> None:
        chart = self._entity(sub + ("chart",), KGOST.Chart, spec["chart"])
        if chart is None:
            return
        entry = KGOST_ID[f"chart-entry/{_local(song)}-{_local(chart)}"]
        self.c.add(song, KGOST.chartEntry, entry, self.graph)
        self.c.add(entry, RDF.type, KGOST.ChartEntry, self.graph)
        self.c.add(entry, KGOST.chart, chart, self.graph)
        self.c.add(entry, KGOST.position, Literal(spec["position"]), self.graph)
        self.c.places.setdefault(entry, self.found.where(self.keys + sub))

    def _nomination(self, sub: tuple[Any, ...], song: URIRef, spec: dict[str, Any]) -> None:
        nominee = self._performer(sub + ("nominee",), spec["nominee"])
        award = self._entity(sub + ("award",), KGOST.Award, spec["award"])
        if nominee is None or award is None:
            return
        iri = KGOST_ID[f"nomination/{_local(nominee)}-{_local(award)}"]
        for p, o in ((RDF.type, KGOST.Nomination), (KGOST.nominee, nominee), (KGOST.award, award), (KGOST.forWork, song)):
            self.c.add(iri, p, o, self.graph)
        self.c.places.setdefault(iri, self.found.where(self.keys + sub))

    def _video(self, song: URIRef, spec: dict[str, Any]) -> None:
        iri = KGOST_ID[f"music-video/{_local(song)}"]
        self.c.add(iri, RDF.type, KGOST.MusicVideo, self.graph)
        self.c.add(iri, KGOST.musicVideoOf, song, self.graph)
        self.c.places.setdefault(iri, self.found.where(self.keys + ("music_video",)))
        for i, person in enumerate(spec.get("features", ())):
            iri_person = self._person(("music_video", "features", i), person)
            if iri_person is not None:
                self.c.add(iri, KGOST.features, iri_person, self.graph)

    def _problem(self, sub: tuple[Any, ...], message: str) -> None:
        self.c.problems.append(f"{self.found.where(self.keys + sub)}: {message}")


def _spec(value: Any, key: str) -> dict[str, Any]:
    """A name or an object, as an object."""
    return value if isinstance(value, dict) else {key: value}


def _local(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
