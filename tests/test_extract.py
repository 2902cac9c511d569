"""Drafting entries from articles: the bundled article's items, people and cast; the round trip; a second article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import kgost
from kgost.cli._main import main
from kgost._lookup import normalize_name

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "source" / "top-10-romantic-kdrama-osts.txt"
SECOND = Path(__file__).parent / "data" / "grow" / "top-4-healing-osts.txt"
needs_article = pytest.mark.skipif(not ARTICLE.is_file(), reason="the source article is not beside this checkout")


def _facts(draft: dict[str, Any], key: str) -> list[Any]:
    return [value for entry in draft["entries"] for value in entry.get(key, [])]


def _accepted(draft: dict[str, Any], folder: Path) -> Path:
    """The draft as a reviewer who accepts every fact would leave it: no ``review`` marks."""

    def strip(value: Any) -> None:
        if isinstance(value, dict):
            value.pop("review", None)
            for sub in value.values():
                strip(sub)
        elif isinstance(value, list):
            for sub in value:
                strip(sub)

    strip(draft)
    path = folder / "reviewed.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@needs_article
def test_extract_the_bundled_article() -> None:
    draft = kgost.extract(ARTICLE)
    assert draft["source"] == {"id": "top-10-romantic-kdrama-osts", "title": "Enjoy Love Ballads with The Top 10 Romantic OSTs from K-dramas",
                               "author": "Debashree Dutta", "date": "2022-02-14"}
    heads = [(e["rank"], e["song"], e["series"]["title"]) for e in draft["entries"] if "rank" in e]
    assert heads == [
        (1, "Christmas Tree", "Our Beloved Summer"), (2, "Fall in You", "True Beauty"),
        (3, "Here Always", "Hometown Cha-Cha-Cha"), (4, "Orbit", "The King: Eternal Monarch"),
        (5, "In Your Time", "It’s Okay To Not Be Okay"), (6, "Don’t Cry My Love", "Under the Oak Tree"),
        (7, "Here I Am Again", "Crash Landing on You"), (8, "Stay with Me", "Guardian: The Lonely and Great God"),
        (9, "For You", "Scarlet Heart Ryeo"), (10, "Everytime", "Descendants of The Sun"),
    ]
    performers = _facts(draft, "performers")
    assert {"name": "Hwasa", "group": "MAMAMOO", "other_names": ["Ahn Hyejin"]} in performers
    assert {"name": "V", "group": "BTS"} in performers and {"name": "Seungmin", "group": "Stray Kids"} in performers
    assert {"group": "EXO-CBX", "sub_unit_of": "EXO", "members": ["Chen", "Baekhyun", "Xiumin"]} in performers
    cast = _facts(draft, "cast")
    assert {"actor": "Cha Eunwoo", "character": "Lee Suho"} in cast and {"actor": "Song Hyekyo", "character": "Kang Moyeon"} in cast
    assert {"actor": "Seo Yeaji", "role": "antisocial children’s book author"} in cast
    every_sentence = [e["sentence"] for e in draft["entries"]]
    assert not any("Also See" in s or "Photo:" in s for s in every_sentence)
    # what the rules are unsure of is marked, with a reason, never silently guessed
    punch = [p for p in performers if isinstance(p, dict) and p.get("name") == "Punch"]
    assert punch and all("review" in p for p in punch)
    year = [e for e in draft["entries"] if e.get("release_date") == "2016-12-03"]
    assert year and "no year" in year[0]["review"]


def _rows(kg: kgost.KnowledgeGraph, sparql: str) -> set[tuple[str, ...]]:
    return {tuple(normalize_name(str(v)) for v in row) for row in kg.sparql_raw(sparql).rows}


ROUND_TRIP = {
    "songs and series": "SELECT ?a ?b WHERE { ?s a kgost:Song ; kgost:title ?a ; kgost:ostOf/kgost:title ?b }",
    "performers": "SELECT ?a ?b WHERE { ?s kgost:title ?a ; kgost:performer/kgost:name ?b }",
    "group members": "SELECT ?a ?b WHERE { ?p kgost:name ?a ; kgost:memberOf/kgost:name ?b }",
    "sub-units": "SELECT ?a ?b WHERE { ?g kgost:name ?a ; kgost:subUnitOf/kgost:name ?b }",
    "cast": "SELECT ?a ?b WHERE { ?s kgost:title ?a ; kgost:castMember/kgost:name ?b }",
    "characters": "SELECT ?a ?b WHERE { ?c kgost:playedBy/kgost:name ?b . { ?c kgost:name ?a } UNION { ?c rdfs:label ?a } }",
}


@needs_article
def test_round_trip_extract_then_add_reproduces_the_bundled_graph(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(ARTICLE), "-o", str(tmp_path / "draft.yaml")]) == 0
    draft = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))
    reviewed = _accepted(draft, tmp_path)
    capsys.readouterr()
    assert main(["add", str(reviewed), "--dry-run", "--no-bundled"]) == 0
    trig = capsys.readouterr().out.split("\nConforms: yes")[0]
    drafted = kgost.load(bundled=False)
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=trig, format="trig")
    drafted.store.add((s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None)) if g is not None)
    bundled = kgost.load()
    differences = []
    for what, sparql in ROUND_TRIP.items():
        want, got = _rows(bundled, sparql), _rows(drafted, sparql)
        if want != got:
            differences.append(f"{what}: missing {sorted(want - got)}, extra {sorted(got - want)}")
    assert not differences, "\n".join(differences)


def test_second_article_adds_only_what_is_new(tmp_path: Path) -> None:
    draft = kgost.extract(SECOND)
    assert [(e["song"], e["series"]["title"]) for e in draft["entries"] if "rank" in e] == [
        ("Love Maybe", "Business Proposal"), ("Can You See My Heart", "Hotel del Luna"),
        ("Sweet Love", "Private Lives"), ("Start Over", "Itaewon Class"),
    ]
    assert {"name": "Baekhyun", "group": "EXO"} in _facts(draft, "performers")
    assert {"actor": "Park Seojun", "character": "Park Saeroyi"} in _facts(draft, "cast")
    assert {"nominee": "Gaho", "award": "Melon Best OST Award"} in _facts(draft, "nominations")
    kg = kgost.load()
    songs_before = len(kg.query("songs"))
    added = kg.add_entries(_accepted(draft, tmp_path))
    assert len(kg.query("songs")) == songs_before + 4
    baekhyun = kgost.expand_iri("person:baekhyun")
    assert baekhyun in added.reused and kgost.expand_iri("group:exo") in added.reused
    assert [e.iri for e in kg.find("Baekhyun")] == [baekhyun]
    assert kg.sparql_raw("ASK { song:sweet-love kgost:performer person:baekhyun }").boolean
    assert kg.validate().conforms
    assert len(kg.add_entries(_accepted(kgost.extract(SECOND), tmp_path)).quads) == 0


def test_extract_refuses_text_without_headings(tmp_path: Path) -> None:
    text = tmp_path / "plain.txt"
    text.write_text("Just a paragraph about music.\n", encoding="utf-8")
    with pytest.raises(kgost.InputError, match="no heading of the form"):
        kgost.extract(text)
