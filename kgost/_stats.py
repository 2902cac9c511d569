"""Counts that describe a kgost graph: entities per class, triples, quads and sources."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from kgost._namespace import compact_iri
from kgost._public import public

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["stats", "Stats"]

_PREFIX = "PREFIX kgost: <https://w3id.org/kgost/ontology#>\n"


def stats(kg: GraphLike) -> Stats:
    """Count what a knowledge graph holds.

    Parameters
    ----------
    kg
        The knowledge graph.

    Returns
    -------
    Stats
        Distinct triples, quads, named graphs, sources and entities per kgost class.

    Examples
    --------
    >>> import kgost
    >>> s = kgost.load().stats()
    >>> s.classes["kgost:Song"], s.classes["kgost:SubUnit"]
    (10, 1)
    >>> s.sentences, s.sentences_with_facts
    (47, 46)
    """
    classes = {
        compact_iri(cls): int(n)  # type: ignore[call-overload]
        for cls, n in kg.sparql_raw(
            _PREFIX + "SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls . "
            "FILTER(STRSTARTS(STR(?cls), STR(kgost:))) } GROUP BY ?cls ORDER BY ?cls"
        ).rows
    }
    (triples,) = kg.sparql_raw("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }").rows[0]
    (graphs, quads) = kg.sparql_raw(
        "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }"
    ).rows[0]
    sources = kg.sparql_raw(
        _PREFIX
        + "SELECT "
        "(COUNT(DISTINCT ?sentence) AS ?sentences) (COUNT(DISTINCT ?stated) AS ?stated_n) "
        "(COUNT(DISTINCT ?inference) AS ?inferences) (COUNT(DISTINCT ?curation) AS ?curations) WHERE {"
        " { ?sentence a kgost:Sentence OPTIONAL { GRAPH ?sentence { ?s ?p ?o } BIND(?sentence AS ?stated) } }"
        " UNION { ?inference a kgost:Inference } UNION { ?curation a kgost:Curation } }"
    ).rows[0]
    files = kg.sparql_raw(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'file:')) }"
    ).rows[0][0]
    return Stats(
        engine=kg.store.name,
        triples=int(triples),  # type: ignore[call-overload]
        quads=int(quads),  # type: ignore[call-overload]
        graphs=int(graphs),  # type: ignore[call-overload]
        sentences=int(sources[0]),  # type: ignore[call-overload]
        sentences_with_facts=int(sources[1]),  # type: ignore[call-overload]
        inferences=int(sources[2]),  # type: ignore[call-overload]
        curations=int(sources[3]),  # type: ignore[call-overload]
        files=max(int(files), len(set(kg.files))),  # type: ignore[call-overload]  # a file may hold only named graphs
        classes=classes,
    )


@public
@dataclass(frozen=True)
class Stats:
    """What :func:`stats` counts.

    ``triples`` counts distinct triples, ``quads`` every statement in its named graph (a triple
    stated by two sentences counts twice); ``sentences_with_facts`` are the article sentences that
    state at least one triple; ``files`` counts user files; ``classes`` maps compact class IRIs to
    the number of their entities. ``str(stats)`` is what ``kgost stats`` prints.

    Examples
    --------
    >>> import kgost
    >>> s = kgost.load().stats()
    >>> s.engine, s.files, s.to_dict()["classes"]["kgost:SubUnit"]
    ('rdflib', 0, 1)
    >>> print(s)  # doctest: +ELLIPSIS
    engine: rdflib
    triples: ... distinct (... quads in ... named graphs)
    sources: ... sentences (... state facts), ..., 0 user files
    entities per class:
      kgost:Article ...
    """

    engine: str
    triples: int
    quads: int
    graphs: int
    sentences: int
    sentences_with_facts: int
    inferences: int
    curations: int
    files: int
    classes: dict[str, int]

    def __str__(self) -> str:
        width = max(len(c) for c in self.classes) if self.classes else 10
        lines = [
            f"engine: {self.engine}",
            f"triples: {self.triples} distinct ({self.quads} quads in {self.graphs} named graphs)",
            f"sources: {self.sentences} sentences ({self.sentences_with_facts} state facts), "
            f"{_n(self.inferences, 'inference')}, {_n(self.curations, 'curation')}, {_n(self.files, 'user file')}",
            "entities per class:",
            *(f"  {cls:<{width}}  {n:>4}" for cls, n in self.classes.items()),
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The counts as plain data (JSON-ready)."""
        return asdict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The counts as JSON text (``indent`` as :func:`json.dumps` takes it)."""
        return json.dumps(self.to_dict(), indent=indent)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
