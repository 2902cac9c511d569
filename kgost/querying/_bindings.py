"""Python values given as query bindings: checked, and turned into RDF terms."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef

from kgost._errors import ParameterError, QueryError
from kgost.querying._shape import checked_shape
from kgost._types import Term

__all__ = ["BAD_IRI_CHARS", "IRI_RULE", "binding_terms", "check_bindings"]

#: Characters an IRI cannot hold (RFC 3987 / SPARQL IRIREF), and the rule in words for messages.
BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
IRI_RULE = "an IRI cannot hold spaces, quotes, braces, angle brackets, | or ^"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def binding_terms(bindings: Mapping[str, Any] | None) -> dict[str, Term]:
    """``{"?name": value}`` as ``{"name": term}``: names must be variable names, values RDF terms
    or Python values that become literals (str, numbers, dates)."""
    if bindings is not None and not isinstance(bindings, Mapping):
        raise QueryError(f"bindings must be a mapping of variable names to values, not {type(bindings).__name__}")
    return {_variable_name(name): _binding_term(name, value) for name, value in (bindings or {}).items()}


def check_bindings(text: str, terms: Mapping[str, Term]) -> None:
    """A binding must name a variable of the query; a typo would otherwise be ignored."""
    variables = checked_shape(text)[1].variables
    unknown = [name for name in terms if name not in variables]
    if unknown:
        names = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
        raise ParameterError(f"binding {unknown[0]!r}: the query has no variable ?{unknown[0]}; its variables: {names}")


def _binding_term(name: str, value: Any) -> Term:
    if isinstance(value, URIRef) and BAD_IRI_CHARS.search(value):
        raise QueryError(f"binding {name!r}: {str(value)!r} is not a valid IRI: {IRI_RULE}")
    if isinstance(value, (URIRef, BNode, Literal)):
        return value
    if isinstance(value, (str, bool, int, float, Decimal, datetime.date, datetime.datetime, datetime.time)):
        return Literal(value)
    raise QueryError(f"binding {name!r}: cannot use a {type(value).__name__} as an RDF term; pass a str, number, date or rdflib term")


def _variable_name(name: str) -> str:
    bare = name[1:] if isinstance(name, str) and name[:1] in "?$" else name
    if not isinstance(bare, str) or not _VARIABLE.fullmatch(bare):
        raise QueryError(f"{name!r} is not a SPARQL variable name (letters, digits and _)")
    return bare
