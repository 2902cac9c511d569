"""What kgost derives from the bundled data (network views, name index, schema.org view,
vocabulary) is made once per process: every new load of the bundled data alone shares it, until
its data changes; nothing shared holds a blank node of the data (each load labels them anew)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from rdflib import BNode

import kgost
from kgost import _versioned

STORES = ["memory", pytest.param("oxigraph", marks=pytest.mark.skipif(
    importlib.util.find_spec("pyoxigraph") is None, reason="needs kgost[oxigraph]"))]


def _derive(kg: kgost.KnowledgeGraph) -> tuple[Any, ...]:
    """Everything shared, asked of ``kg``: the views, a name lookup, the schema.org view, words."""
    from kgost._vocabulary import vocabulary

    views = tuple(sorted(map(str, kg.network(view=v).edges(data=True))) for v in ("artist", "full", "people", "songs"))
    return views, kg.resolve("Chen").iri, len(kgost.schema_view(kg)), vocabulary(kg).kinds


def _engine_calls(kg: kgost.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries ``kg``'s store runs from now on (every way in: query, generated, strings)."""
    calls: list[str] = []
    for name in ("query", "query_generated", "select_strings", "query_lazy"):
        real = getattr(kg.store, name, None)
        if real is not None:
            monkeypatch.setattr(kg.store, name, lambda *a, _real=real, **k: calls.append(str(a[0])[:60]) or _real(*a, **k))
    return calls


@pytest.mark.parametrize("store", STORES)
def test_a_new_load_of_the_bundled_data_derives_nothing_again(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = kgost.load(store=store)
    derived = _derive(first)
    again = kgost.load(store=store)
    calls = _engine_calls(again, monkeypatch)
    assert _derive(again) == derived
    assert calls == [], calls
    for key in ("name index", ("network parts", "artist")):  # each kept for the store as well: looked up as its own
        assert _versioned.kept_already(again, key) is _versioned.kept_already(first, key) is not None


@pytest.mark.parametrize("store", STORES)
def test_a_changed_graph_derives_its_own_and_the_others_keep_theirs(store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = kgost.load(store=store)
    before = _derive(first)
    changed = kgost.load(store=store)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        "@prefix group: <https://w3id.org/kgost/id/group/> .\n"
        'person:newcomer a kgost:Person ; kgost:name "Newcomer" ; kgost:memberOf group:exo-cbx .\n',
        encoding="utf-8",
    )
    changed.add(extra)
    calls = _engine_calls(changed, monkeypatch)
    assert changed.resolve("Newcomer").label == "Newcomer" and calls  # asked of its own data
    assert "person:newcomer" in changed.network(view="full")
    assert _derive(first) == before and "person:newcomer" not in first.network(view="full")
    with pytest.raises(kgost.EntityNotFoundError):
        kgost.load(store=store).resolve("Newcomer")  # a new load shares the bundled data's, as before
    with_file = kgost.load(extra, store=store)  # the bundled data and a file: not the bundled data alone
    assert with_file.resolve("Newcomer").label == "Newcomer"


@pytest.mark.parametrize("store", STORES)
def test_nothing_shared_holds_a_blank_node_of_the_data(store: str) -> None:
    from kgost.networks._nodes import node_types

    kg = kgost.load(store=store)
    _derive(kg)
    blank = {str(t) for quad in kg.store.quads() for t in quad if isinstance(t, BNode)}
    assert blank, "the bundled ontology has blank nodes (owl:unionOf): the check would be empty"
    assert node_types(kg, {f"_:{b}" for b in blank})  # the table of every node's types, kept: it holds them
    labels = blank | {f"_:{b}" for b in blank}
    shared = {key: value for key, value in _versioned._SHARED.items() if key[1] == type(kg.store).__name__}
    assert {key[2] for key in shared} >= {("network parts", "artist"), "name index", "schema view", "vocabulary"}
    for key, value in shared.items():
        found = sorted(labels & set(_texts(value)))
        assert not found, f"the shared value {key[2]!r} holds blank nodes of the data: {found[:3]}"


def _texts(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string and term inside ``value`` (containers, graphs, objects' attributes), as text."""
    if depth > 8:
        return
    if isinstance(value, (str, rdflib.term.Node)):
        yield str(value)
    elif isinstance(value, rdflib.Graph):
        for triple in value:
            yield from map(str, triple)
    elif isinstance(value, nx.Graph):
        for node, data in value.nodes(data=True):
            yield str(node)
            yield from _texts(data, depth + 1)
        for *_, data in value.edges(data=True):
            yield from _texts(data, depth + 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(k, depth + 1)
            yield from _texts(v, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts(item, depth + 1)
    elif hasattr(value, "__dict__") and not callable(value):
        yield from _texts(vars(value), depth + 1)


@pytest.mark.parametrize("store", STORES)
def test_a_value_made_while_the_data_changes_is_not_shared(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader (another thread) that derives a value while a change is being made keeps it for
    no version, and no other load of the bundled data gets it."""
    from rdflib import URIRef

    kg = kgost.load(store=store)
    seen: list[int] = []

    class Engine:  # the engine's store, reading the data as a change is written (pyoxigraph's methods are read-only)
        def __init__(self, real: Any, adds: str) -> None:
            self._real, self._adds = real, adds

        def __getattr__(self, name: str) -> Any:
            attribute = getattr(self._real, name)
            if name != self._adds:
                return attribute

            def add_and_read(*args: Any, **kwargs: Any) -> Any:
                answer = attribute(*args, **kwargs)
                seen.append(_versioned.kept(kg, "test: quads", lambda: len(kg.store), shared=True))  # read mid-change
                return answer

            return add_and_read

    if store == "memory":
        memory = kg.store._dataset.store
        monkeypatch.setattr(memory, "addN", Engine(memory, "addN").addN)
    else:
        monkeypatch.setattr(kg.store, "_store", Engine(kg.store._store, "extend"))
    extra = URIRef("urn:kgost:test#extra")
    kg.store.add([(extra, extra, extra, extra)])
    monkeypatch.undo()
    fresh = kgost.load(store=store)
    assert seen == [len(fresh) + 1]
    assert _versioned.kept(fresh, "test: quads", lambda: len(fresh.store), shared=True) == len(fresh)
    assert _versioned.kept(kg, "test: quads", lambda: len(kg.store), shared=True) == len(fresh) + 1
