"""Query texts that differ only in the IRIs of their ``VALUES`` blocks, parsed once for rdflib."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from rdflib import URIRef
from rdflib.term import Variable

__all__ = ["templated", "bind_slots", "slot_rows", "algebra_nodes"]

#: A one-variable ``VALUES`` block of absolute IRIs only (no escapes, no spaces, no braces or
#: quotes in them: nothing in it can end the block or start anything else).
_BLOCK = re.compile(
    r"VALUES\s+\?([A-Za-z_][A-Za-z0-9_]*)\s*\{((?:\s*<[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*>)+)\s*\}"
)
_IRI = re.compile(r"<([^<>]*)>")
#: The IRI a template writes in place of a block's rows, followed by the block's number.
_SLOT = "urn:kgost:values-slot:"
_NUMBER = re.compile(r"0|[1-9][0-9]{0,5}")
#: The rows of each slot of the query the calling thread (or task) is evaluating.
_ROWS: ContextVar[dict[int, list[URIRef]] | None] = ContextVar("kgost_values_slots", default=None)


def templated(sparql: str) -> tuple[str, list[list[URIRef]]]:
    """``sparql`` with each one-variable ``VALUES`` block of IRIs written as one slot IRI, and
    the IRIs of each block, in order; ``(sparql, [])`` when it has no such block.

    kgost writes the IRIs it asks about into ``VALUES`` blocks (the nodes a network view reads hop
    by hop, the focus nodes of a validation, the labels it looks up): each text is new, and
    rdflib's parser takes 40 to 100 ms a query, more than the evaluation. The template is the
    same for all of them, so it is parsed once (:func:`bind_slots`) and the IRIs are given to
    each run (:func:`slot_rows`). Hand-written: rdflib binds one value per variable
    (``initBindings``), never rows of them.

    Examples
    --------
    >>> text, rows = templated("SELECT ?l WHERE { VALUES ?x { <urn:ex:a> <urn:ex:b> } ?x ?p ?l }")
    >>> text
    'SELECT ?l WHERE { VALUES ?x { <urn:kgost:values-slot:0> } ?x ?p ?l }'
    >>> rows
    [[rdflib.term.URIRef('urn:ex:a'), rdflib.term.URIRef('urn:ex:b')]]
    """
    if _SLOT in sparql:
        return sparql, []
    slots: list[list[URIRef]] = []

    def slot(match: re.Match[str]) -> str:
        slots.append([URIRef(iri) for iri in _IRI.findall(match.group(2))])
        return f"VALUES ?{match.group(1)} {{ <{_SLOT}{len(slots) - 1}> }}"

    text = _BLOCK.sub(slot, sparql)
    return text, slots


def bind_slots(algebra: Any, count: int) -> bool:
    """Make each slot's ``VALUES`` of a template's rdflib algebra read its rows from
    :func:`slot_rows`; ``False`` (the algebra unchanged) unless each of the ``count`` slots is
    found once, as a ``VALUES`` of its own (not, say, in a string the pattern matched)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    found: dict[int, list[Any]] = {}
    for item in algebra_nodes(algebra):
        if isinstance(item, CompValue) and item.name == "values":
            rows = dict.get(item, "res")
            if isinstance(rows, list) and len(rows) == 1 and len(rows[0]) == 1:
                (variable, value), = rows[0].items()
                number = _NUMBER.fullmatch(value[len(_SLOT):]) if isinstance(value, URIRef) and value.startswith(_SLOT) else None
                if isinstance(variable, Variable) and number is not None:  # a slot of the template, or the query's own IRI
                    found.setdefault(int(number.group()), []).append((item, variable, rows))
    if sorted(found) != list(range(count)) or any(len(places) != 1 for places in found.values()):
        return False
    for index, [(node, variable, rows)] in found.items():
        dict.__setitem__(node, "res", _SlotRows(rows, index, variable))
    return True


def algebra_nodes(root: Any) -> Iterator[Any]:
    """Every node of an rdflib query's parse or algebra once, from ``root`` down (its parts: the
    values of each ``CompValue`` and of dictionaries, the items of lists, tuples and pyparsing's
    results, and the patterns rdflib keeps as a ``CompValue``'s attributes, such as an ``EXISTS``
    filter's ``graph``). Hand-written: rdflib's own walker (``algebra.traverse``) rebuilds the
    tree it walks, and does not enter ``EXISTS``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict: its own values, not evaluated ones
            stack.extend(dict.values(item))
            if isinstance(item, CompValue):
                stack.extend(v for v in vars(item).values() if isinstance(v, (dict, list, tuple, ParseResults)))
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)


@contextmanager
def slot_rows(rows: list[list[URIRef]]) -> Iterator[None]:
    """Give the slots of the template the calling thread evaluates inside the block their rows
    (:func:`templated`'s second value)."""
    token = _ROWS.set(dict(enumerate(rows)))
    try:
        yield
    finally:
        _ROWS.reset(token)


class _SlotRows(list):  # type: ignore[type-arg]
    """The rows of one slot's ``VALUES`` (what rdflib's ``evalValues`` reads as ``part.p.res``):
    the calling thread's IRIs inside :func:`slot_rows`, the template's one row outside it."""

    def __init__(self, rows: list[Any], index: int, variable: Variable) -> None:
        super().__init__(rows)
        self._index = index
        self._variable = variable

    def __iter__(self) -> Iterator[Any]:
        given = _ROWS.get()
        if given is None:
            return super().__iter__()
        return iter([{self._variable: iri} for iri in given[self._index]])
