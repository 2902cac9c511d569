"""Entries to quads: entities reused by IRI or name, or minted in the bundled IRI scheme; one graph a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kgost.entries._entries import EntryFile
from kgost.entries._entry import Entry
from kgost._lookup import normalize_name
from kgost._vocabulary import vocabulary
from kgost._namespace import KGOST, KGOST_ID, compact_iri, expand_iri
from kgost._types import Quad

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["Converter", "slug", "entity_iris", "SOURCES"]

#: The named graph that describes sentences, inferences and curations (as in the bundled data).
SOURCES = KGOST_ID["graph/sources"]
#: The curation graph of links to other datasets.
LINKS = KGOST_ID["graph/links"]
WIKIDATA = "http://www.wikidata.org/entity/"

_LABELS = (KGOST.name, KGOST.title, KGOST.otherName, KGOST.alternativeTitle, SKOS.altLabel, RDFS.label)


def slug(text: str) -> str:
    """The readable local name of an IRI, as the bundled data's: ``Don’t Cry My Love`` is ``dont-cry-my-love``.

    Examples
    --------
    >>> slug("Don’t Cry My Love"), slug("The King: Eternal Monarch"), slug("EXO-CBX")
    ('dont-cry-my-love', 'the-king-eternal-monarch', 'exo-cbx')
    """
    text = re.sub(r"[’'‘`]", "", text.lower()).replace("&", " and ")
    return re.sub(r"[\W_]+", "-", text).strip("-") or "x"


@dataclass
class Converter:
    """Turns the entries of files into quads for ``kg``, reusing its entities.

    ``problems`` collects what cannot be converted (each with its place); ``places`` maps every
    entity to where it is first named, so a validation result can point at a line.
    """

    kg: GraphLike
    quads: dict[Quad, None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    places: dict[URIRef, str] = field(default_factory=dict)
    minted: dict[URIRef, str] = field(default_factory=dict)
    reused: dict[URIRef, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index: dict[tuple[Any, ...], set[URIRef]] = {}
        self._taken: set[URIRef] = set()
        self._kinds: dict[URIRef, set[URIRef]] = {}
        self._sentences: dict[tuple[URIRef, str], URIRef] = {}
        self._next_index: dict[URIRef, int] = {}
        # Which IRI folder a kind of entity is minted in (the ontology's kgost:idFolder), and the
        # label property it carries (the subproperty of rdfs:label whose domain holds the kind).
        self._folders: dict[URIRef, tuple[str, URIRef]] = vocabulary(self.kg).folders
        self._read_index()

    # -- files and entries ------------------------------------------------------------------

    def convert(self, found: EntryFile) -> None:
        """Add the quads of every entry of ``found``."""
        default = found.data.get("source")
        for number, entry in enumerate(found.data["entries"]):
            if number in found.skipped:  # it breaks the schema: reported as such
                continue
            keys: tuple[Any, ...] = ("entries", number)
            source = entry.get("source", default)
            if source is None:
                self._problem(found, keys, "no source: give `source:` (title, author, date) for the file or the entry")
                continue
            article = self._article(found, keys + (("source",) if "source" in entry else ()), source)
            sentence = self._sentence(article, entry["sentence"], found.where(keys + ("sentence",)))
            Entry(self, found, keys, entry, article, sentence).convert()

    # -- entities -----------------------------------------------------------------------------

    def entity(self, found: EntryFile, keys: tuple[Any, ...], kind: URIRef, name: str, *, spec: dict[str, Any] | None = None,
               graph: URIRef, scope: URIRef | None = None) -> URIRef | None:
        """The entity of ``kind`` named ``name``: given by ``id``, known, minted earlier, or new.

        A new entity gets its type and label in ``graph``; ``distinct: true`` always mints a new one.
        """
        spec = spec or {}
        place = found.where(keys)
        if spec.get("id"):
            iri = expand_iri(spec["id"])
        else:
            key = (kind, scope, normalize_name(name))
            known = sorted(self._index.get(key, ()))
            if spec.get("distinct"):
                known = []
            if len(known) > 1:
                listed = ", ".join(compact_iri(k) for k in known)
                self.problems.append(f"{place}: {name!r} names {len(known)} entities ({listed}); say which with `id:`")
                return None
            iri = known[0] if known else self._mint(kind, name if scope is None else name, scope)
        if iri in self._taken or iri in self.minted:
            if iri not in self.minted:
                self.reused.setdefault(iri, place)
        else:
            self.minted[iri] = place
            self._taken.add(iri)
            self.add(iri, RDF.type, kind, graph)
            self.add(iri, self._folders[kind][1], Literal(name), graph)
            self._remember(kind, scope, name, iri)
        self.places.setdefault(iri, place)
        if spec.get("wikidata"):
            self.add(iri, SKOS.exactMatch, URIRef(WIKIDATA + spec["wikidata"]), LINKS)
            self.add(LINKS, RDF.type, KGOST.Curation, SOURCES)
            self.add(LINKS, RDFS.comment, Literal("Links of kgost entities to Wikidata, given with the entries that were added.", lang="en"), SOURCES)
        return iri

    def add(self, s: Any, p: Any, o: Any, g: URIRef) -> None:
        self.quads[(s, p, o, g)] = None
        if p == RDF.type:
            self._kinds.setdefault(s, set()).add(o)

    def is_a(self, iri: URIRef, kind: URIRef) -> bool:
        """Is ``iri`` known (in the graph or this batch) as a ``kind``?"""
        return kind in self._kinds.get(iri, ())

    # -- sources --------------------------------------------------------------------------------

    def _article(self, found: EntryFile, keys: tuple[Any, ...], source: dict[str, Any]) -> URIRef:
        if source.get("id"):
            iri = KGOST_ID[f"article/{source['id']}"]
        else:
            known = sorted(self._index.get((KGOST.Article, None, normalize_name(source["title"])), ()))
            iri = known[0] if known else KGOST_ID[f"article/{slug(source['title'])}"]
        if iri not in self._taken and iri not in self.minted:
            self.minted[iri] = found.where(keys)
            self._taken.add(iri)
            self.add(iri, RDF.type, KGOST.Article, SOURCES)
            self.add(iri, KGOST.title, Literal(source["title"]), SOURCES)
            self.add(iri, KGOST.publicationDate, Literal(source["date"], datatype=XSD.date), SOURCES)
            if source.get("url"):
                self.add(iri, RDFS.seeAlso, URIRef(source["url"]), SOURCES)
            author = self.entity(found, keys + ("author",), KGOST.Person, source["author"], graph=SOURCES)
            if author is not None:
                self.add(iri, KGOST.author, author, SOURCES)
            self._remember(KGOST.Article, None, source["title"], iri)
        self.places.setdefault(iri, found.where(keys))
        return iri

    def _sentence(self, article: URIRef, text: str, place: str) -> URIRef:
        """The sentence of ``article`` with this text: the one the graph has, or a new one."""
        text = text.strip()
        if article not in self._next_index:
            rows = self.kg.sparql_raw(
                "SELECT ?s ?text ?i WHERE { ?s kgost:inArticle ?a ; kgost:text ?text ; kgost:sentenceIndex ?i }",
                bindings={"a": article},
            ).rows
            for s, found_text, index in rows:
                self._sentences[(article, str(found_text).strip())] = s  # type: ignore[assignment]
            self._next_index[article] = max((int(r[2]) for r in rows), default=0) + 1
        known = self._sentences.get((article, text))
        if known is not None:
            self.places.setdefault(known, place)
            return known
        index = self._next_index[article]
        self._next_index[article] = index + 1
        iri = URIRef(f"{article}/sentence/{index}")
        self._sentences[(article, text)] = iri
        self.places.setdefault(iri, place)
        self.add(iri, RDF.type, KGOST.Sentence, SOURCES)
        self.add(iri, KGOST.sentenceIndex, Literal(index), SOURCES)
        self.add(iri, KGOST.inArticle, article, SOURCES)
        self.add(iri, KGOST.text, Literal(text), SOURCES)
        return iri

    def inference(self, sentence: URIRef, name: str, comment: str) -> URIRef:
        """A graph of facts the sentence implies (``kgost:Inference``), described in the sources graph."""
        iri = URIRef(str(sentence).replace("/sentence/", "/inference/") + f"-{name}")
        self.add(iri, RDF.type, KGOST.Inference, SOURCES)
        self.add(iri, PROV.wasDerivedFrom, sentence, SOURCES)
        self.add(iri, RDFS.comment, Literal(comment, lang="en"), SOURCES)
        return iri

    # -- helpers --------------------------------------------------------------------------------

    def _read_index(self) -> None:
        """Every labelled entity of the graph, by kind (and series, for characters) and normalized label."""
        supers: dict[URIRef, set[URIRef]] = {}
        for sub, kind in _subclasses():  # from the ontology files: the graph may be loaded without them
            supers.setdefault(sub, set()).add(kind)
        for x, rdf_type in self.kg.sparql_raw("SELECT ?x ?type WHERE { ?x a ?type }").rows:
            self._kinds.setdefault(x, set()).update({rdf_type, *supers.get(rdf_type, ())})  # type: ignore[arg-type]
        series = dict(self.kg.sparql_raw("SELECT ?x ?series WHERE { ?x kgost:characterIn ?series }").rows)
        labels = "|".join(f"<{p}>" for p in _LABELS)
        for x, label in self.kg.sparql_raw(f"SELECT ?x ?label WHERE {{ ?x {labels} ?label }}").rows:
            for kind in self._kinds.get(x, ()) & self._folders.keys():  # type: ignore[call-overload]
                self._remember(kind, series.get(x) if kind == KGOST.Character else None, str(label), x)  # type: ignore[arg-type]
        self._taken.update(x for x, kinds in self._kinds.items() if kinds & self._folders.keys())  # type: ignore[misc]

    def _remember(self, kind: URIRef, scope: URIRef | None, name: str, iri: URIRef) -> None:
        self._index.setdefault((kind, scope, normalize_name(name)), set()).add(iri)
        self._kinds.setdefault(iri, set()).add(kind)

    def _mint(self, kind: URIRef, name: str, scope: URIRef | None) -> URIRef:
        folder = self._folders[kind][0]
        base = slug(name)
        iri = KGOST_ID[f"{folder}/{base}"]
        number = 2
        while iri in self._taken or iri in self.minted:
            iri = KGOST_ID[f"{folder}/{base}-{number}"]
            number += 1
        return iri

    def _problem(self, found: EntryFile, keys: tuple[Any, ...], message: str) -> None:
        self.problems.append(f"{found.where(keys)}: {message}")


def _subclasses() -> list[tuple[URIRef, URIRef]]:
    """(subclass, class) pairs of the kgost ontology, transitively (read from ontology/*.ttl)."""
    import rdflib

    from kgost.readwrite._io import read_rdf
    from kgost._resources import ontology_files

    graph = rdflib.Graph()
    for path in ontology_files():
        for s, p, o, _ in read_rdf(path):
            if p == RDFS.subClassOf:
                graph.add((s, p, o))
    return [(s, o) for s in set(graph.subjects()) for o in graph.transitive_objects(s, RDFS.subClassOf) if s != o]  # type: ignore[misc]


def entity_iris(quads: Iterable[Quad]) -> set[URIRef]:
    """The subjects and IRI objects of ``quads``: the nodes an addition can make (in)valid."""
    found: set[URIRef] = set()
    for s, p, o, _ in quads:
        if isinstance(s, URIRef):
            found.add(s)
        if isinstance(o, URIRef) and p != RDF.type and p != SKOS.exactMatch and p != RDFS.seeAlso:
            found.add(o)
    return found

