"""SELECT answers of the Oxigraph engine: Python values made once per distinct engine term, rdflib terms when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rdflib.namespace import RDF, XSD

from kgost.stores._base import RawResult
from kgost._types import Term

__all__ = ["EngineSelect"]

_PLAIN = frozenset({str(XSD.string), str(RDF.langString)})  # literals whose Python value is their text


class EngineSelect(RawResult):
    """A SELECT :class:`RawResult` read from Oxigraph's solutions: :attr:`values` holds the rows as
    the Python values :func:`kgost.querying._results.to_python` gives, made once per distinct
    engine term; :attr:`rows` (rdflib terms) is made on first use only. A string or language
    literal's value is its text, so its rdflib ``Literal`` (the costliest term to make) is made
    only for :attr:`rows`. Hand-written because rdflib and pyoxigraph convert term by term, with
    no memo of repeated terms and no route from pyoxigraph's terms to Python values."""

    def __init__(self, variables: tuple[str, ...], solutions: Iterable[tuple[Any, ...]], places: list[int],
                 from_ox: Callable[[Any], Term], literal: type) -> None:
        engine = list(map(tuple, solutions))
        if places != list(range(len(places))) or any(len(row) != len(places) for row in engine[:1]):
            engine = [tuple(row[i] for i in places) for row in engine]
        self._terms: dict[Any, Term] = {}
        memo = _Values(self._terms, from_ox, literal)
        self._engine: list[tuple[Any, ...]] | None = engine
        self._from_ox = from_ox
        super().__init__("select", variables=variables)
        self.values: list[tuple[Any, ...]] = [tuple(map(memo.__getitem__, row)) for row in engine]

    @property  # type: ignore[override]
    def rows(self) -> list[tuple[Term | None, ...]]:
        """The rows as rdflib terms (``None`` where unbound), made on first use."""
        if self._engine is not None:
            terms = _Terms(self._terms, self._from_ox)
            self._rows = [tuple(map(terms.__getitem__, row)) for row in self._engine]
            self._engine = None
            self._terms = {}
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple[Term | None, ...]]) -> None:  # RawResult's __init__ sets it
        self._rows = rows

    def __getstate__(self) -> dict[str, Any]:  # pickles with rdflib terms only (a bounded query sends it back)
        self.rows  # noqa: B018 - makes them
        return {**self.__dict__, "_from_ox": None}


class _Values(dict):  # type: ignore[type-arg]
    """Engine term -> Python value, each made once on first lookup (``dict.__getitem__`` runs in C
    for the repeats); the rdflib terms made on the way are kept in ``terms``."""

    def __init__(self, terms: dict[Any, Term], from_ox: Callable[[Any], Term], literal: type) -> None:
        from kgost.querying._results import to_python

        super().__init__({None: None})
        self.terms, self.from_ox, self.literal, self.to_python = terms, from_ox, literal, to_python

    def __missing__(self, t: Any) -> Any:
        if type(t) is not self.literal:  # an IRI or blank node: its rdflib term is its value
            value = self[t] = self.terms[t] = self.from_ox(t)
        elif t.language or t.datatype.value in _PLAIN:
            value = self[t] = t.value
        else:
            value = self[t] = self.to_python(term := self.from_ox(t))
            self.terms[t] = term
        return value


class _Terms(dict):  # type: ignore[type-arg]
    """Engine term -> rdflib term, each made once on first lookup (``None`` stays ``None``)."""

    def __init__(self, made: dict[Any, Term], from_ox: Callable[[Any], Term]) -> None:
        super().__init__(made)
        self[None] = None
        self.from_ox = from_ox

    def __missing__(self, t: Any) -> Term:
        term = self[t] = self.from_ox(t)
        return term
