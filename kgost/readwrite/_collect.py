"""An rdflib store that only collects what a parser adds: the quads of one file, in order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib.store import Store

__all__ = ["Collector"]


class Collector(Store):  # type: ignore[misc]
    """The store ``read_rdf`` parses into: each statement a parser adds is appended as a quad
    (the context's identifier as graph name), no index built, no event dispatched.

    rdflib's ``Memory`` store indexes every statement three ways and dispatches an event per
    statement; a file parsed into it, read back and added to kgost's store paid that twice (the
    load was ~2x plain rdflib). Parsers only add and bind prefixes, so a list is enough; repeats
    are removed by :meth:`quads`. Not for N3, whose formulas need a formula-aware store.
    Hand-written: rdflib has no such sink.
    """

    context_aware = True
    formula_aware = False
    graph_aware = True  # rdflib's Dataset asks for it; named graphs exist by their quads here
    transaction_aware = False

    def __init__(self) -> None:
        super().__init__()
        self._added: list[tuple[Any, Any, Any, Any]] = []
        self._namespaces: dict[str, Any] = {}

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        s, p, o = triple
        self._added.append((s, p, o, getattr(context, "identifier", context)))

    def addN(self, quads: Any) -> None:  # noqa: N802 - rdflib's name
        for s, p, o, context in quads:
            self._added.append((s, p, o, getattr(context, "identifier", context)))

    def add_graph(self, graph: Any) -> None:
        """A graph is there once it holds a quad: nothing to do."""

    def remove_graph(self, graph: Any) -> None:
        """Never asked while parsing."""

    def contexts(self, triple: Any = None) -> Iterator[Any]:
        return iter(())

    def remove(self, triple: Any, context: Any = None) -> None:
        """Parsers clear their target graph first, which is empty here: nothing to do."""

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        return iter(())

    def __len__(self, context: Any = None) -> int:
        return len(self._added)

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        self._namespaces[prefix] = namespace

    def namespace(self, prefix: str) -> Any:
        return self._namespaces.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        return next((p for p, n in self._namespaces.items() if n == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, Any]]:
        return iter(list(self._namespaces.items()))

    def quads(self) -> list[tuple[Any, Any, Any, Any]]:
        """The quads added, each once, in the order first added."""
        return list(dict.fromkeys(self._added))
