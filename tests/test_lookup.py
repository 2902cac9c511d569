"""Entity lookup: find() and resolve() take labels, compact IRIs, IRIs and <IRI>s alike, and an
unknown name is an error listing the closest candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgost
from kgost import AmbiguousEntityError, EntityNotFoundError, InputError

V = "https://w3id.org/kgost/id/person/v"


def test_find_of_an_unknown_name_is_an_error_with_the_closest_candidates(kg: kgost.KnowledgeGraph) -> None:
    with pytest.raises(EntityNotFoundError) as info:
        kg.find("chanyol")
    assert str(info.value) == "no entity is named 'chanyol'; closest: Chanyeol, Cha Eunwoo"
    assert info.value.candidates == ["Chanyeol", "Cha Eunwoo"]
    with pytest.raises(EntityNotFoundError) as info:
        kg.find("zzzzqqqq")
    assert str(info.value) == "no entity is named 'zzzzqqqq'" and info.value.candidates == []
    # resolve says the same
    with pytest.raises(EntityNotFoundError, match="^no entity is named 'chanyol'; closest: Chanyeol, Cha Eunwoo$"):
        kg.resolve("chanyol")


def test_find_lists_every_match_and_resolve_wants_one(kg: kgost.KnowledgeGraph) -> None:
    assert [e.label for e in kg.find("song")] == ["Billboard Digital Song Sales", "Song Hyekyo", "Song Joongki"]
    assert len(kg.find("song", limit=2)) == 2
    with pytest.raises(AmbiguousEntityError, match="'song' matches 3 entities: Billboard Digital Song Sales"):
        kg.resolve("song")


@pytest.mark.parametrize("name", ["V", "v", "person:v", V, f"<{V}>", "<person:v>"])
def test_labels_compact_iris_iris_and_bracketed_iris_name_the_same_entity(kg: kgost.KnowledgeGraph, name: str) -> None:
    [found] = kg.find(name)
    assert (str(found.iri), found.label, found.kind) == (V, "V", "Person")
    assert kg.resolve(name) == found
    assert kg.resolve(name, kind="Person") == found


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("<file:///etc/passwd>", "no entity has the IRI 'file:///etc/passwd'"),
        ("file:///etc/passwd", "no entity has the IRI 'file:///etc/passwd'"),
        ("person:chanyol", "no entity has the IRI 'person:chanyol'; closest: person:chanyeol"),
        (f"<{V}x>", "no entity has the IRI 'person:vx'"),
    ],
)
def test_an_unknown_iri_is_the_same_error_for_find_and_resolve(kg: kgost.KnowledgeGraph, name: str, message: str) -> None:
    for lookup in (kg.find, kg.resolve):
        with pytest.raises(EntityNotFoundError) as info:
            lookup(name)
        assert str(info.value).startswith(message), str(info.value)


@pytest.mark.parametrize(("name", "message"), [
    ("", "cannot look up an empty name ('')"),
    (" - ", "cannot look up an empty name (' - ')"),
    ("<a b>", "'a b' is neither a full IRI nor a compact IRI"),
    ("<http://x/a b>", "'<http://x/a b>' is not an IRI: an IRI cannot hold spaces"),
    (3, "a name to look up must be text; got 3"),
])
def test_names_that_cannot_be_looked_up(kg: kgost.KnowledgeGraph, name: object, message: str) -> None:
    for lookup in (kg.find, kg.resolve):
        with pytest.raises(InputError) as info:
            lookup(name)  # type: ignore[arg-type]
        assert str(info.value).startswith(message), str(info.value)


@pytest.fixture(scope="module")
def unlabelled(tmp_path_factory: pytest.TempPathFactory) -> kgost.KnowledgeGraph:
    """The bundled graph plus a person with no name at all, only a type and a membership."""
    path: Path = tmp_path_factory.mktemp("unlabelled") / "y.ttl"
    path.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "<https://example.org/p/y> a kgost:Person ; kgost:memberOf <https://w3id.org/kgost/id/group/exo> .\n"
        "<https://example.org/p/z> kgost:memberOf <https://example.org/g/untyped> .\n",
        encoding="utf-8",
    )
    return kgost.load(path)


@pytest.mark.parametrize("name", ["https://example.org/p/y", "<https://example.org/p/y>"])
def test_an_iri_without_a_label_is_an_entity(unlabelled: kgost.KnowledgeGraph, name: str) -> None:
    entity = unlabelled.resolve(name)
    assert (str(entity.iri), entity.label, entity.types, entity.kind) == ("https://example.org/p/y", "https://example.org/p/y", ["kgost:Person"], "Person")
    assert unlabelled.find(name) == [entity]
    assert unlabelled.resolve(name, kind="Person") == entity
    # an IRI that is only ever an object is an entity too (of no kgost type)
    group = unlabelled.resolve("https://example.org/g/untyped")
    assert (group.label, group.types, group.kind) == ("https://example.org/g/untyped", [], "Thing")


def test_connect_and_network_take_an_unlabelled_entity(unlabelled: kgost.KnowledgeGraph) -> None:
    found = unlabelled.connect("https://example.org/p/y", "Chanyeol")
    assert found.length == 2 and found.target == "Chanyeol"
    view = unlabelled.network(around="<https://example.org/p/y>", depth=1)
    assert "group:exo" in view


@pytest.mark.parametrize("engine", kgost.ENGINES)
def test_lookup_is_the_same_on_every_engine(engine: str) -> None:
    kg = kgost.load(store=engine)
    assert [e.label for e in kg.find("person:v")] == ["V"]
    with pytest.raises(EntityNotFoundError, match="closest: Chanyeol"):
        kg.find("chanyol")
    with pytest.raises(EntityNotFoundError, match="no entity has the IRI 'file:///etc/passwd'"):
        kg.find("<file:///etc/passwd>")
