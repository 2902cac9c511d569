"""Many compiled checks of one kind as one SPARQL query: their parameters as the rows of a VALUES block."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH

from kgost.querying._values import sparql_term
from kgost.stores._base import GENID

if TYPE_CHECKING:
    from kgost.validation._plan import Shape

__all__ = ["Check", "Query", "batch_queries", "template_args", "range_test", "FOCUS_MARK", "FOCUS_TYPED_MARK"]

FOCUS_MARK = "#kgost-focus#"
#: Where the focus nodes go in a batched query, before ``?this rdf:type/rdfs:subClassOf* ?target``:
#: replaced by a subquery pairing each focus node with its classes (see ``run_checks``).
FOCUS_TYPED_MARK = "#kgost-focus-typed#"
_TYPE = f"{sparql_term(RDF.type)}/{sparql_term(RDFS.subClassOf)}*"

#: Lexical forms rdflib always reads as a value of the datatype: only the others can be ill-typed,
#: so only they are fetched and checked in Python (as pyshacl checks ``Literal.ill_typed``).
SURELY_WELL_TYPED = {
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.date: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
}

def is_blank(v: str) -> str:
    """A blank node, or the skolem IRI a store keeps one as (``StoreCapabilities.blank_nodes``):
    pyshacl, reading the store's quads, sees a blank node there."""
    return f"(isBlank({v}) || (isIRI({v}) && STRSTARTS(STR({v}), {sparql_term(Literal(GENID))})))"


def is_iri(v: str) -> str:
    """An IRI that is not a skolemised blank node (see :func:`is_blank`)."""
    return f"(isIRI({v}) && !STRSTARTS(STR({v}), {sparql_term(Literal(GENID))}))"


def node_kind_tests(v: str) -> dict:
    """The SPARQL test of each ``sh:nodeKind`` on ``v``."""
    return {
        SH.IRI: is_iri(v), SH.BlankNode: is_blank(v), SH.Literal: f"isLiteral({v})",
        SH.BlankNodeOrIRI: f"!isLiteral({v})", SH.BlankNodeOrLiteral: f"!{is_iri(v)}", SH.IRIOrLiteral: f"!{is_blank(v)}",
    }


def range_test(value: str, op: str, bound: str) -> str:
    """True unless ``value op bound`` surely holds as pyshacl decides it: a comparison SPARQL can
    make between two strings or two non-strings (pyshacl fails a string against a number, which
    rdflib's SPARQL may compare); the values it cannot place, Python checks (``kind="range"``)."""
    strings = f"({sparql_term(XSD.string)}, {sparql_term(RDF.langString)})"
    return (f"!COALESCE({value} {op} {bound} && "
            f"((datatype({value}) IN {strings}) = (datatype({bound}) IN {strings})), false)")


_KINDS = " || ".join(f"(sameTerm(?arg, {sparql_term(kind)}) && {test})" for kind, test in node_kind_tests("?value").items())

#: What each template tests on ``?value``, given ``?arg`` (and ``?arg2``).
_VALUE_TESTS = {
    "class": f"NOT EXISTS {{ ?value {_TYPE} ?arg }}",
    "datatype": "(!isLiteral(?value) || datatype(?value) != ?arg)",
    "ill_typed": '(isLiteral(?value) && datatype(?value) = ?arg && (?arg2 = "" || !REGEX(STR(?value), ?arg2)))',
    "nodeKind": f"!({_KINDS})",
    "minLength": f"({is_blank('?value')} || STRLEN(STR(?value)) < ?arg)",
    "maxLength": f"({is_blank('?value')} || STRLEN(STR(?value)) > ?arg)",
    "pattern": f"({is_blank('?value')} || !REGEX(STR(?value), ?arg, ?arg2))",
    **{name: range_test("?value", op, "?arg") for name, op in (
        ("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"), ("maxExclusive", "<"))},
}

_VALUES_OF = {"fwd": "?this ?p ?value .", "inv": "?value ?p ?this .", "node": "BIND (?this AS ?value)"}
_LINK = {"fwd": "?this ?p ?kgost_v", "inv": "?kgost_v ?p ?this"}


@dataclass(frozen=True)
class Check:
    """One compiled constraint: the query listing its violations and how to read its rows.

    ``kind`` says what a row is: ``"value"`` (``?this ?value``, each a result), ``"focus"``
    (``?this``: a result without a value), ``"ill_typed"`` and ``"range"`` (candidates that
    Python confirms as pyshacl decides them), ``"sparql"`` (a SPARQL constraint's own rows).
    A check has its own ``text``, or a ``template`` (component, path direction) that
    :func:`batch_queries` runs for many checks at once, with ``args`` (``?p ?arg ?arg2``) and
    the target ``classes`` of its focus nodes as one ``VALUES`` row each.
    """

    shape: Shape
    component: URIRef
    kind: str
    text: str = ""
    template: tuple[str, str] | None = None
    args: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    source: rdflib.term.Node | None = None
    argument: rdflib.term.Node | None = None
    messages: tuple[Literal, ...] = ()
    projects_this: bool = True


@dataclass(frozen=True)
class Query:
    """One query to run and the checks its rows belong to (by ``?k``, the first column, when keyed)."""

    text: str
    checks: tuple[Check, ...]
    keyed: bool


def batch_queries(checks: list[Check]) -> list[Query]:
    """Checks with a template grouped into one query per template; the others one query each."""
    groups: dict[tuple[str, str], list[Check]] = {}
    queries = []
    for check in checks:
        if check.template is None:
            queries.append(Query(check.text, (check,), keyed=False))
        else:
            groups.setdefault(check.template, []).append(check)
    for (key, direction), members in sorted(groups.items()):
        queries.append(Query(_template_query(key, direction, members), tuple(members), keyed=True))
    return queries


def template_args(
    check: Check, graph: rdflib.Graph, shape: Shape, term: Callable[[rdflib.term.Node, Shape], str]
) -> tuple[str | None, tuple[str, ...]]:
    """The template of ``check`` and its ``?arg``/``?arg2`` terms, or ``(None, ())`` for a check
    that keeps its own query."""
    name = str(check.component).rsplit("#", 1)[-1].replace("ConstraintComponent", "")
    argument = check.argument
    if check.kind == "ill_typed":
        safe = SURELY_WELL_TYPED.get(argument)  # type: ignore[call-overload]
        return "ill_typed", (term(argument, shape), sparql_term(Literal(safe or "")))  # type: ignore[arg-type]
    if name == "Datatype" and argument != RDFS.Literal:
        return "datatype", (term(argument, shape),)  # type: ignore[arg-type]
    if name in ("Class", "NodeKind", "MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive"):
        return name[0].lower() + name[1:], (term(argument, shape),)  # type: ignore[arg-type]
    if name in ("MinLength", "MaxLength"):
        return name[0].lower() + name[1:], (str(int(argument)),)  # type: ignore[arg-type]
    if name == "Pattern":
        flags = graph.value(shape.node, SH.flags)
        return "pattern", (sparql_term(Literal(str(argument))), sparql_term(Literal(str(flags or ""))))
    if name == "MinCount" and int(argument) == 1:  # type: ignore[arg-type]
        return "minCount1", ()
    if name == "MaxCount":
        return "maxCount", (str(int(argument)),)  # type: ignore[arg-type]
    return None, ()


def _template_query(key: str, direction: str, checks: list[Check]) -> str:
    columns = ["?k", "?target"] + (["?p"] if direction != "node" else [])
    columns += ["?arg", "?arg2"][: len(checks[0].args) - (direction != "node")]
    rows = []
    for k, check in enumerate(checks):
        rows.extend(f"({k} {target} {' '.join(check.args)})" for target in check.classes)
    values = f"VALUES ({' '.join(columns)}) {{ {' '.join(rows)} }}"
    focus = f"{values} {FOCUS_TYPED_MARK} ?this {_TYPE} ?target ."
    if key == "minCount1":
        return f"SELECT DISTINCT ?k ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {_LINK[direction]} }} }}"
    if key == "maxCount":
        return (f"SELECT ?k ?this WHERE {{ {focus} {_LINK[direction]} . }} "
                f"GROUP BY ?k ?this ?arg HAVING (COUNT(DISTINCT ?kgost_v) > ?arg)")
    return f"SELECT DISTINCT ?k ?this ?value WHERE {{ {focus} {_VALUES_OF[direction]} FILTER ({_VALUE_TESTS[key]}) }}"
