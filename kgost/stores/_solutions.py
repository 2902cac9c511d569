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
    only for :attr:`rows`. Until then each row is kept as a tuple of small numbers, one per
    distinct engine term, not as the engine's term objects: a large answer (400,000 rows of five
    values) would otherwise keep millions of objects the cycle collector walks again and again
    (seconds). Hand-written because rdflib and pyoxigraph convert term by term, with no memo of
    repeated terms and no route from pyoxigraph's terms to Python values.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from kgost.stores._oxigraph import OxigraphStore
    >>> solutions = ox.Store().query('SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x" 1) ("x" UNDEF) } }')
    >>> select = EngineSelect(("b", "a"), solutions, [1, 0], OxigraphStore()._from_ox, ox.Literal)
    >>> select.values
    [(1, 'x'), (None, 'x')]
    >>> select.rows[0]
    (rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('x'))
    """

    def __init__(self, variables: tuple[str, ...], solutions: Iterable[Any], places: list[int],
                 from_ox: Callable[[Any], Term], literal: type) -> None:
        from kgost.querying._results import row_class

        memo = _Numbers(from_ox, literal)
        number, value, make = memo.__getitem__, memo.values.__getitem__, row_class(variables)
        numbers: list[int] = []  # every row's numbers, one after the other: no object per row
        keep = numbers.extend
        rows: list[tuple[Any, ...]] = []
        add = rows.append
        same = places == list(range(len(places)))  # a solution iterates over every variable (None: unbound)
        for solution in solutions:
            numbered = tuple(map(number, solution)) if same else tuple([number(solution[i]) for i in places])
            keep(numbered)
            add(make(map(value, numbered)))
        self._numbers: list[int] | None = numbers
        self._memo: _Numbers | None = memo
        super().__init__("select", variables=variables)
        #: The rows as :class:`kgost.Row` objects of Python values (what :class:`kgost.QueryResult` holds).
        self.values: list[tuple[Any, ...]] = rows

    @property  # type: ignore[override]
    def rows(self) -> list[tuple[Term | None, ...]]:
        """The rows as rdflib terms (``None`` where unbound), made on first use."""
        if self._numbers is not None:
            term = self._memo.rdflib_terms().__getitem__  # type: ignore[union-attr]
            numbers, width = self._numbers, len(self.variables)
            if width:
                self._rows = [tuple(map(term, numbers[i:i + width])) for i in range(0, len(numbers), width)]
            else:
                self._rows = [()] * len(self.values)
            self._numbers = self._memo = None
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple[Term | None, ...]]) -> None:  # RawResult's __init__ sets it
        self._rows = rows

    def __getstate__(self) -> dict[str, Any]:  # pickles with rdflib terms only (a bounded query sends it back)
        self.rows  # noqa: B018 - makes them
        return dict(self.__dict__)


class _Numbers(dict):  # type: ignore[type-arg]
    """Engine term -> its number (``None`` is 0), given on first lookup (``dict.__getitem__`` runs
    in C for the repeats); :attr:`values` and :attr:`terms` are the Python value and (once made)
    the rdflib term of each number."""

    def __init__(self, from_ox: Callable[[Any], Term], literal: type) -> None:
        from kgost.querying._results import to_python

        super().__init__({None: 0})
        self.values: list[Any] = [None]
        self.terms: list[Any] = [None]  # the engine term, replaced by its rdflib term once made
        self.made = [True]  # is terms[n] an rdflib term (or None) yet
        self.from_ox, self.literal, self.to_python = from_ox, literal, to_python

    def __missing__(self, t: Any) -> int:
        number = self[t] = len(self.values)
        if type(t) is not self.literal:  # an IRI or blank node: its rdflib term is its value
            term = self.from_ox(t)
            self.values.append(term)
            self.terms.append(term)
            self.made.append(True)
        elif t.language or t.datatype.value in _PLAIN:
            self.values.append(t.value)
            self.terms.append(t)
            self.made.append(False)
        else:
            term = self.from_ox(t)
            self.values.append(self.to_python(term))
            self.terms.append(term)
            self.made.append(True)
        return number

    def rdflib_terms(self) -> list[Any]:
        """The rdflib term of each number (``None`` for 0), the ones not made yet made now."""
        convert = self.from_ox
        return [term if made else convert(term) for term, made in zip(self.terms, self.made)]
