"""rdflib's in-memory store, made quick at matching a pattern inside one small named graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib.plugins.stores.memory import Memory

__all__ = ["GraphIndexedMemory"]

#: Named graphs of at most this many triples are scanned directly (a sentence holds a few dozen).
SMALL_GRAPH = 2048


class GraphIndexedMemory(Memory):  # type: ignore[misc]
    """rdflib's ``Memory`` store that answers a pattern with an unbound subject inside one named
    graph from that graph's own triples when the graph is small.

    rdflib's ``Memory.triples`` matches ``(None, p, o)`` in a context by walking every triple of
    the whole dataset with ``p`` (or ``o``) and keeping those of the context; a query such as
    ``GRAPH ?g { ?s kgost:title ?t } ?g kgost:text ?x`` then costs graphs x titles (a thousand
    sentences with a title each: 6 s). The store keeps each context's triples as a set, so a small
    context is scanned instead: same answers, in time proportional to the graph. Hand-written:
    rdflib has no such option (its other stores are slower still in memory).
    """

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        subject, predicate, object_ = triple_pattern
        if context is not None and subject is None and (predicate is not None or object_ is not None):
            own = self._Memory__contextTriples.get(self._Memory__ctx_to_str(context))
            if own is None:
                return
            if len(own) <= SMALL_GRAPH:
                contexts = self._Memory__contexts
                for triple in list(own):
                    if (predicate is None or triple[1] == predicate) and (object_ is None or triple[2] == object_):
                        yield triple, contexts(triple)
                return
        yield from super().triples(triple_pattern, context)
