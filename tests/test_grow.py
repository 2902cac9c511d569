"""Growing the graph: entry files added (YAML, CSV), reused, kept apart, refused whole, idempotent."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kgost
from kgost import EntryError
from kgost.cli._main import main

DATA = Path(__file__).parent / "data" / "grow"


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_valid_add_puts_facts_in_sentence_graphs() -> None:
    kg = kgost.load()
    before = len(kg)
    added = kg.add_entries(DATA / "new-song.yaml")
    assert len(kg) == before + len(added.quads) > before
    song = kg.resolve("Another Day", kind="Song").iri
    assert song == URIRef("https://w3id.org/kgost/id/song/another-day")
    assert kg.sparql_raw("ASK { ?s kgost:ostOf series:dream-days ; kgost:performer person:chanyeol }", bindings={"s": song}).boolean
    # the fact is in the graph of its sentence, and the sentence quotes the text
    rows = kg.sparql_raw("SELECT ?g ?text WHERE { GRAPH ?g { song:another-day kgost:performer person:chanyeol } ?g kgost:text ?text }").rows
    assert [str(r[1]) for r in rows] == ["Chanyeol (EXO) sang “Another Day” for the tvN drama Dream Days, released on May 1, 2024."]
    assert kg.sparql_raw("ASK { series:dream-days a kgost:TVDrama ; kgost:broadcaster ?b ; kgost:alternativeTitle 'Days of Dreams' . ?b kgost:name 'tvN' }").boolean
    assert kg.sparql_raw("ASK { song:another-day skos:exactMatch <http://www.wikidata.org/entity/Q123456789> }").boolean
    assert kg.sparql_raw("ASK { ?n a kgost:Nomination ; kgost:nominee person:chanyeol ; kgost:forWork song:another-day }").boolean
    assert kg.sparql_raw("ASK { ?v kgost:musicVideoOf song:another-day ; kgost:features ?p . ?p kgost:name 'Kim Sejeong' }").boolean
    assert kg.validate().conforms


def test_reuse_one_node_for_a_person_named_in_two_sources() -> None:
    kg = kgost.load()
    added = kg.add_entries(DATA / "new-song.yaml")
    # "Cha Eun-woo" (an alternative label) is the bundled Cha Eunwoo: one node, now in two sources
    assert URIRef("https://w3id.org/kgost/id/person/cha-eunwoo") in added.reused
    assert [e.iri for e in kg.find("Cha Eunwoo")] == [URIRef("https://w3id.org/kgost/id/person/cha-eunwoo")]
    articles = kg.sparql_raw(
        "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?x ?p person:cha-eunwoo } ?g kgost:inArticle ?a } ORDER BY ?a").rows
    assert len(articles) == 2
    assert URIRef("https://w3id.org/kgost/id/person/chanyeol") in added.reused
    assert not any("chanyeol-2" in str(i) or "exo-2" in str(i) for i in added.minted)


def test_homonym_kept_apart_on_request() -> None:
    kg = kgost.load()
    added = kg.add_entries(DATA / "homonym.yaml")
    chens = {e.iri for e in kg.find("Chen")}
    assert chens == {URIRef("https://w3id.org/kgost/id/person/chen"), URIRef("https://w3id.org/kgost/id/person/chen-2")}
    assert URIRef("https://w3id.org/kgost/id/person/chen-2") in added.minted
    assert kg.sparql_raw("ASK { series:quiet-harbor kgost:castMember person:chen-2 }").boolean
    assert not kg.sparql_raw("ASK { series:quiet-harbor kgost:castMember person:chen }").boolean
    # without distinct, the name now names two people: an error asks which
    other = DATA / "homonym.yaml"
    with pytest.raises(EntryError, match=r"'Chen' names 2 entities \(person:chen, person:chen-2\); say which with `id:`"):
        kg.add_entries(_without_distinct(other, kg))


def _without_distinct(path: Path, kg: kgost.KnowledgeGraph) -> Path:
    import tempfile

    target = Path(tempfile.mkdtemp()) / "again.yaml"
    target.write_text(path.read_text(encoding="utf-8").replace(", distinct: true", ""), encoding="utf-8")
    return target


def test_invalid_file_lists_every_problem_with_its_line() -> None:
    kg = kgost.load()
    before = sorted(kg.store.quads())
    with pytest.raises(EntryError) as caught:
        kg.add_entries(DATA / "invalid.yaml")
    assert caught.value.problems == [
        "invalid.yaml:2:53: source.date: '2024-13-01' does not match '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'",
        "invalid.yaml:4:5: entries[0]: Additional properties are not allowed ('preformers' was unexpected)",
        "invalid.yaml:5:11: entries[0].rank: 'first' is not of type 'integer'",
        "invalid.yaml:10:39: entries[1].series.kind: 'sitcom' is not one of ['tv-drama', 'webtoon']",
    ]
    assert sorted(kg.store.quads()) == before


def test_schema_errors_do_not_hide_shacl_problems(tmp_path: Path) -> None:
    # Entry 0 breaks the schema, entry 1 passes it but not the shapes: both are reported at once.
    mixed = tmp_path / "mixed.yaml"
    mixed.write_text("source: {title: Thin notes, author: Jo Kim, date: 2024-07-01}\n"
                     "entries:\n"
                     "  - sentence: Orbit is number one.\n"
                     "    song: Orbit\n"
                     "    rank: first\n"
                     "  - sentence: Quiet is the OST of Grey Morning.\n"
                     "    song: Quiet\n"
                     "    series: Grey Morning\n", encoding="utf-8")
    rows = tmp_path / "mixed.csv"
    rows.write_text("sentence,song,series,kind,performers,position,chart,source_title,author,date\n"
                    "Loud is a hit.,Loud,Red Noon,tv-drama,Kim Ara,high,Melon,Notes,Jo Kim,2024-07-01\n"
                    "Calm is the OST of Blue Dusk.,Calm,Blue Dusk,,,,,Notes,Jo Kim,2024-07-01\n", encoding="utf-8")
    kg = kgost.load()
    before = sorted(kg.store.quads())
    with pytest.raises(EntryError) as caught:
        kg.add_entries(mixed, rows)
    problems = caught.value.problems
    assert problems[0] == "mixed.csv: row 2, column 6 (position): entries[0].charts[0].position: 'high' is not of type 'integer'"
    assert [p for p in problems if p.startswith("mixed.yaml")][:1] == ["mixed.yaml:5:11: entries[0].rank: 'first' is not of type 'integer'"]
    shacl = [p for p in problems if "[shape:" in p]
    assert any(p.startswith("mixed.yaml:8:13: series:grey-morning: A series needs exactly one title and a kind") for p in shacl)
    assert any(p.startswith("mixed.yaml:7:11: song:quiet: A song has at least one performer") for p in shacl)
    assert any(p.startswith("mixed.csv: row 3, column 2 (song): song:calm: A song has at least one performer") for p in shacl)
    assert not any("orbit" in p or "loud" in p for p in shacl)  # the entries that broke the schema are left out
    assert sorted(kg.store.quads()) == before


def test_shacl_problem_refuses_and_leaves_the_on_disk_store_byte_identical(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{store}"]) == 0
    before = _digest(store)
    capsys.readouterr()
    assert main(["add", str(DATA / "no-kind.yaml"), str(DATA / "invalid.yaml"), "--store", f"oxigraph:{store}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("EntryError: ") and "invalid.yaml:5:11: entries[0].rank" in err
    assert main(["add", str(DATA / "no-kind.yaml"), "--store", f"oxigraph:{store}"]) == 2
    err = capsys.readouterr().err
    assert "no-kind.yaml:6:13: series:grey-morning: A series needs exactly one title and a kind" in err
    assert "no-kind.yaml:5:11: song:quiet: A song has at least one performer" in err
    assert _digest(store) == before


def test_adding_twice_is_a_no_op(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{store}"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("added ") and " 0 quads" not in first
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{store}"]) == 0
    assert capsys.readouterr().out.startswith("added 0 quads from new-song.yaml")
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{store}", "--dry-run"]) == 0
    assert "# nothing to add" in capsys.readouterr().out


def test_new_store_holds_the_bundled_article_unless_no_bundled(tmp_path: Path) -> None:
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{tmp_path / 'a'}"]) == 0
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{tmp_path / 'b'}", "--no-bundled"]) == 0
    with_article = kgost.KnowledgeGraph(store=kgost.OxigraphStore(path=str(tmp_path / "a")))
    alone = kgost.KnowledgeGraph(store=kgost.OxigraphStore(path=str(tmp_path / "b")))
    assert with_article.label("song:stay-with-me") == "Stay with Me"
    assert alone.label("song:stay-with-me") is None
    assert alone.label("song:another-day") == with_article.label("song:another-day") == "Another Day"


def test_dry_run_prints_trig_and_report_and_writes_nothing(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert main(["add", str(DATA / "new-song.yaml"), "--store", f"oxigraph:{store}", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert not store.exists()
    assert "song:another-day a kgost:Song" in out and "Conforms: yes" in out and out.rstrip().splitlines()[-1].startswith("would add ")
    import rdflib

    rdflib.Dataset().parse(data=out.split("\nConforms:")[0], format="trig")  # the TriG part parses


def test_csv_rows_and_columns(tmp_path: Path) -> None:
    kg = kgost.load()
    kg.add_entries(DATA / "bulk-sample.csv")
    assert kg.sparql_raw("ASK { song:song-a kgost:performer person:singer-a, person:duet-a . person:singer-a kgost:memberOf group:band-a }").boolean
    assert kg.sparql_raw("ASK { song:song-b kgost:performer group:band-a ; kgost:releaseYear '2022'^^xsd:gYear . series:drama-b a kgost:WebtoonSeries }").boolean
    assert kg.sparql_raw("ASK { ?c kgost:name 'Hero A' ; kgost:playedBy person:actor-a ; kgost:characterIn series:drama-a }").boolean
    with pytest.raises(EntryError) as caught:
        kg.add_entries(DATA / "bad.csv")
    assert caught.value.problems == [
        "bad.csv: row 3, column 4 (kind): entries[1].series.kind: 'movie' is not one of ['tv-drama', 'webtoon']",
        "bad.csv: row 3, column 6 (release_date): entries[1].release_date: '2021-02-30x' does not match "
        "'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'",
    ]


def test_review_marks_are_refused_with_their_lines(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text("source: {title: T, author: A B, date: 2024-01-01}\nentries:\n  - sentence: S.\n"
                     "    song: X\n    performers: [{name: Punch, review: 'a group?'}]\n", encoding="utf-8")
    with pytest.raises(EntryError, match=r"draft.yaml:5:40: marked for review \(a group\?\)"):
        kgost.load().add_entries(draft)


def _bulk_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sentence", "song", "series", "kind", "network", "performers", "cast", "chart", "position",
                         "source_title", "author", "date"])
        for i in range(rows):
            writer.writerow([f"Song {i} of Drama {i // 2} is sung by Singer {i} (Band {i % 50}).", f"Song {i}",
                             f"Drama {i // 2}", "tv-drama", ("SBS", "tvN", "JTBC")[i % 3], f"Singer {i} (Band {i % 50})",
                             f"Actor {i} as Hero {i}", "Melon", 1 + i % 100, "Bulk list", "Jo Kim", "2024-01-01"])


def test_csv_bulk_add_of_1000_rows_into_an_on_disk_oxigraph_store(tmp_path: Path, capsys) -> None:
    rows = tmp_path / "bulk.csv"
    _bulk_csv(rows, 1000)
    store = tmp_path / "store"
    assert main(["add", str(rows), "--store", f"oxigraph:{store}", "--no-bundled"]) == 0
    assert "from bulk.csv" in capsys.readouterr().out
    kg = kgost.KnowledgeGraph(store=kgost.OxigraphStore(path=str(store)))
    assert kg.sparql_raw("SELECT (COUNT(?s) AS ?n) WHERE { ?s a kgost:Song }").rows[0][0] == Literal(1000)
    assert kg.sparql_raw("SELECT (COUNT(?g) AS ?n) WHERE { ?g a kgost:MusicGroup }").rows[0][0] == Literal(50)
    assert kg.sparql_raw("SELECT (COUNT(?s) AS ?n) WHERE { ?s a kgost:Series }").rows[0][0] == Literal(500)
    kg.close()  # closed now, not whenever the garbage collector gets to it (RocksDB flushes then)
    del kg
    before = _digest(store)
    assert main(["add", str(rows), "--store", f"oxigraph:{store}"]) == 0  # the second time: nothing new
    assert capsys.readouterr().out.startswith("added 0 quads")
    assert _digest(store) == before  # nothing to write: the store is not even opened for writing
