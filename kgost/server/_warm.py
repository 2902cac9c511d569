"""A read-only graph whose answers to kgost's own view queries are computed once, before serving."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from kgost._errors import KgostError

if TYPE_CHECKING:
    from rdflib import URIRef

    from kgost._graphlike import GraphLike
    from kgost.stores._base import RawResult
    from kgost._types import Term

__all__ = ["WarmGraph"]


class WarmGraph:
    """``kg`` as the server reads it: every query passes to ``kg``, and the answers of the queries
    asked by :meth:`warm` (those the network views, the connection finder and the lookup ask with
    no or fixed bindings) are kept and handed out again as copies.

    The server never changes its graph, so a kept answer stays true. The cache is filled only by
    :meth:`warm`, before serving, so it is bounded and every forked worker inherits it; queries
    the warm-up did not ask run as usual.

    Examples
    --------
    >>> import kgost
    >>> from kgost.networks._views import network
    >>> warm = WarmGraph(kgost.load(store=kgost.RdflibStore())).warm()  # a store given: derives its own views
    >>> warm.kept > 0 and sorted(network(warm, around="EXO-CBX").nodes) == sorted(network(warm.kg, around="EXO-CBX").nodes)
    True
    """

    def __init__(self, kg: GraphLike) -> None:
        self.kg = kg
        self._kept: dict[tuple[str, tuple[tuple[str, Term], ...]], RawResult] | None = None
        self._filling = False

    @property
    def kept(self) -> int:
        """How many answers are kept."""
        return len(self._kept or {})

    def warm(self) -> WarmGraph:
        """Ask the views' fixed queries once and keep their answers; returns ``self``."""
        from kgost._lookup import find
        from kgost.networks._connect import connect
        from kgost.networks._views import NETWORK_VIEWS, network

        self._kept, self._filling = {}, True
        try:
            for view in NETWORK_VIEWS:
                network(self, view=view)
            for work in (lambda: find(self, "EXO"), lambda: connect(self, "Chen", "Baekhyun")):
                try:
                    work()
                except KgostError:  # other data than the bundled: the views above are kept all the same
                    pass
        finally:
            self._filling = False
        return self

    def sparql_raw(self, sparql: str, *, bindings: dict[str, Term] | None = None) -> RawResult:
        key = (sparql, tuple(sorted((bindings or {}).items())))
        if self._kept is not None and key in self._kept:
            return copy.deepcopy(self._kept[key])
        answer = self.kg.sparql_raw(sparql, bindings=bindings)
        if self._filling and self._kept is not None and not bindings:
            self._kept[key] = copy.deepcopy(answer)
        return answer

    def label(self, term: str | URIRef) -> str | None:
        return self.kg.label(term)

    def __len__(self) -> int:
        return len(self.kg)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.kg, name)

