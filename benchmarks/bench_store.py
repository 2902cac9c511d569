"""Benchmark: load, query and validate synthetic kgost graphs of growing size on a store engine.

Usage::

    .venv/bin/python benchmarks/bench_store.py                          # 1,000 and 5,000 songs, every engine
    .venv/bin/python benchmarks/bench_store.py --songs 50000            # one size (~22 quads a song)
    .venv/bin/python benchmarks/bench_store.py --songs 100 --songs 1000 --validate   # with SHACL

Data is generated in memory (never written to the repository). Prints seconds per step, triples
per second, and the ratio of each size's time to the smallest size's, so scaling is visible.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import XSD

import kgost
from kgost import KGOST, KGOST_ID

QUERIES = {
    "songs-by-group-members": """
        PREFIX kgost: <https://w3id.org/kgost/ontology#>
        SELECT ?song (COUNT(DISTINCT ?p) AS ?n) WHERE {
            ?song kgost:performer ?p . ?p kgost:memberOf ?g . ?g kgost:name ?name
        } GROUP BY ?song""",
    "sing-and-act": """
        PREFIX kgost: <https://w3id.org/kgost/ontology#>
        SELECT DISTINCT ?p WHERE { ?s kgost:performer ?p . ?series kgost:castMember ?p }""",
    "provenance-of-one": """
        PREFIX kgost: <https://w3id.org/kgost/ontology#>
        SELECT ?g ?text WHERE { GRAPH ?g { ?s kgost:title ?t } ?g kgost:text ?text }""",
}


def synthetic_quads(songs: int) -> Iterator[tuple]:
    """About 20 quads per song: a song, its series, two performers in a group, a character."""
    for i in range(songs):
        graph = URIRef(f"{KGOST_ID}bench/sentence/{i}")
        song, series = URIRef(f"{KGOST_ID}song/bench-{i}"), URIRef(f"{KGOST_ID}series/bench-{i // 3}")
        group = URIRef(f"{KGOST_ID}group/bench-{i // 50}")
        singer, actor = URIRef(f"{KGOST_ID}person/bench-singer-{i}"), URIRef(f"{KGOST_ID}person/bench-actor-{i // 2}")
        character = URIRef(f"{KGOST_ID}character/bench-{i}")
        yield from (
            (graph, RDF.type, KGOST.Sentence, graph),
            (graph, KGOST.text, Literal(f"Synthetic sentence {i}."), graph),
            (song, RDF.type, KGOST.Song, graph),
            (song, KGOST.title, Literal(f"Song {i}"), graph),
            (song, KGOST.performer, singer, graph),
            (song, KGOST.performer, actor, graph),
            (song, KGOST.ostOf, series, graph),
            (song, KGOST.releaseDate, Literal(f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}", datatype=XSD.date), graph),
            (series, RDF.type, KGOST.TVDrama, graph),
            (series, KGOST.title, Literal(f"Series {i // 3}"), graph),
            (series, KGOST.castMember, actor, graph),
            (singer, RDF.type, KGOST.Person, graph),
            (singer, KGOST.name, Literal(f"Singer {i}"), graph),
            (singer, KGOST.memberOf, group, graph),
            (actor, RDF.type, KGOST.Person, graph),
            (actor, KGOST.name, Literal(f"Actor {i // 2}"), graph),
            (group, RDF.type, KGOST.MusicGroup, graph),
            (group, KGOST.name, Literal(f"Group {i // 50}"), graph),
            (character, RDF.type, KGOST.Character, graph),
            (character, KGOST.name, Literal(f"Character {i}"), graph),
            (character, KGOST.characterIn, series, graph),
            (character, KGOST.playedBy, actor, graph),
        )


def run(songs: int, *, engine: str, validate: bool) -> dict[str, float]:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    kg = kgost.load(store=engine)
    kg.store.add((s, p, o, g) for s, p, o, g in synthetic_quads(songs))
    timings["load"] = time.perf_counter() - start
    timings["quads"] = len(kg)
    for name, sparql in QUERIES.items():
        start = time.perf_counter()
        rows = kg.sparql_raw(sparql).rows
        timings[f"query {name}"] = time.perf_counter() - start
        timings[f"rows {name}"] = len(rows)
    if validate:
        start = time.perf_counter()
        kg.validate()
        timings["validate"] = time.perf_counter() - start
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, action="append", help="synthetic songs (repeatable); default 1000 and 5000")
    parser.add_argument("--validate", action="store_true", help="also time SHACL validation (slow: ~80 s at 1000 songs)")
    parser.add_argument("--engine", choices=kgost.ENGINES, action="append", help="engines to compare (default: all)")
    args = parser.parse_args()
    sizes = args.songs or [1000, 5000]
    engines = args.engine or list(kgost.ENGINES)
    results = {(e, n): run(n, engine=e, validate=args.validate) for e in engines for n in sizes}
    print(f"kgost {kgost.__version__}; ratios: vs the smallest size on the same engine, and vs {engines[0]}")
    for (engine, n), timings in results.items():
        quads = int(timings["quads"])
        print(f"\n{engine}: {n} songs, {quads} quads")
        for step, value in timings.items():
            if step == "quads" or step.startswith("rows"):
                continue
            rows = {e: results[(e, n)].get(f"rows {step[6:]}") for e in engines} if step.startswith("query") else {}
            assert len(set(rows.values())) <= 1, f"engines disagree on {step}: {rows}"
            by_size = value / results[(engine, sizes[0])][step]
            by_engine = value / results[(engines[0], n)][step]
            rate = f", {quads / value:,.0f} quads/s" if step == "load" else ""
            print(f"  {step:<34} {value:8.3f} s  x{by_size:5.1f} vs {sizes[0]} songs, x{by_engine:5.2f} vs {engines[0]}{rate}")


if __name__ == "__main__":
    main()
