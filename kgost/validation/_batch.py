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

__all__ = [
    "Check", "Query", "Subclasses", "batch_queries", "template_args", "range_test", "subclass_query", "read_subclasses",
    "FOCUS_MARK",
]

FOCUS_MARK = "#kgost-focus#"
_RDF_TYPE = sparql_term(RDF.type)
_TYPE = f"{_RDF_TYPE}/{sparql_term(RDFS.subClassOf)}*"

#: Each class a batched query names (a target, an ``sh:class``) with every class whose instances
#: are its instances too: itself and its subclasses (``rdfs:subClassOf*``), as SPARQL terms.
Subclasses = dict[str, tuple[str, ...]]

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

#: What each template tests on ``?value``, given ``?arg`` (and ``?arg2``); "class", "ill_typed" and
#: "pattern" are written for the checks at hand (see :func:`_value_test`).
_VALUE_TESTS = {
    "datatype": "(!isLiteral(?value) || datatype(?value) != ?arg)",
    "nodeKind": f"!({_KINDS})",
    "minLength": f"({is_blank('?value')} || STRLEN(STR(?value)) < ?arg)",
    "maxLength": f"({is_blank('?value')} || STRLEN(STR(?value)) > ?arg)",
    **{name: range_test("?value", op, "?arg") for name, op in (
        ("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"), ("maxExclusive", "<"))},
}

_NO_PATTERN = sparql_term(Literal(""))  # an ill_typed check of a datatype without SURELY_WELL_TYPED
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
    focus: str = ""  # a SPARQL constraint's focus group, as its text holds it (see run_checks)


@dataclass(frozen=True)
class Query:
    """One query to run and the checks its rows belong to (by ``?k``, the first column, when keyed).

    A batched query (``template`` set) is written when it runs (:meth:`text_for`): its ``VALUES``
    rows name the subclasses of its classes as the data has them then.
    """

    text: str
    checks: tuple[Check, ...]
    keyed: bool
    template: tuple[str, str] | None = None

    @property
    def classes(self) -> set[str]:
        """The classes the query names: the checks' targets and, for ``sh:class``, their arguments."""
        found = {c for check in self.checks for c in check.classes}
        if self.template is not None and self.template[0] == "class":
            found |= {check.args[-1] for check in self.checks}
        return found

    def text_for(self, subclasses: Subclasses | None, focus: str = "") -> str:
        """The text to run, given the classes' subclasses (``None``: the data has a class that
        no query can name, a blank node, so the query follows ``rdfs:subClassOf*`` itself) and
        the pattern binding ``?this`` to the focus nodes when only these are validated."""
        if self.template is None:
            return self.text.replace(FOCUS_MARK, focus)
        return _template_query(*self.template, list(self.checks), subclasses, focus)


def batch_queries(checks: list[Check]) -> list[Query]:
    """Checks with a template grouped into one query per template; the others one query each."""
    groups: dict[tuple[str, str], list[Check]] = {}
    queries = []
    for check in checks:
        if check.template is None:
            queries.append(Query(check.text, (check,), keyed=False))
        else:
            groups.setdefault(check.template, []).append(check)
    for template, members in sorted(groups.items()):
        queries.append(Query("", tuple(members), keyed=True, template=template))
    return queries


def subclass_query(classes: set[str]) -> str:
    """The query listing ``?sub rdfs:subClassOf* ?sup`` for each of ``classes`` (SPARQL terms)."""
    return (f"SELECT DISTINCT ?sup ?sub WHERE {{ VALUES ?sup {{ {' '.join(sorted(classes))} }} "
            f"?sub {sparql_term(RDFS.subClassOf)}* ?sup . }}")


def read_subclasses(classes: set[str], rows: list) -> Subclasses | None:
    """The answer of :func:`subclass_query` by class, each class its own subclass (as the
    zero-length path gives it); ``None`` when a subclass is a blank node, which no query can name."""
    found: dict[str, set[str]] = {c: {c} for c in classes}
    for sup, sub in rows:
        if not isinstance(sub, URIRef):
            return None
        found[sparql_term(sup)].add(sparql_term(sub))
    return {c: tuple(sorted(subs)) for c, subs in found.items()}


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
        bound = int(argument)  # type: ignore[arg-type]
        return ("maxCount", (str(bound),)) if bound else ("maxCount0", ())
    return None, ()


def _template_query(key: str, direction: str, checks: list[Check], subclasses: Subclasses | None, focus: str) -> str:
    """One query for all ``checks``: their parameters as the rows of a ``VALUES`` table.

    The same triple held by many named graphs is one row per graph, so a join of two patterns on
    a node many graphs describe multiplies their rows (a broadcaster named and typed in 1,000
    articles: 1,000,000 rows); and Oxigraph evaluates a property path for every pair of table row
    and node. So each query reads one pattern per node: a check of values lists the values that
    break it first, whoever holds them, and only then asks whether the holder is one of the
    check's focus nodes (``EXISTS``, by ``rdf:type`` against the classes and their subclasses,
    known from the data); ``sh:maxCount`` counts the values of each node first; a check of the
    focus nodes themselves starts from their types, each node once (``SELECT DISTINCT``).
    Given ``focus`` nodes, their own triples come first, in a subquery: next to the ``VALUES``
    table, Oxigraph reads every triple of the pattern for each focus node.
    """

    def scan(table: str, pattern: str) -> str:
        return f"{{ SELECT * WHERE {{ {focus} {pattern} }} }} {table}" if focus else f"{table} {pattern}"

    typed = f"?this {_RDF_TYPE if subclasses is not None else _TYPE} ?cls ."
    classes = " ".join(dict.fromkeys(
        f"({k} {cls})" for k, check in enumerate(checks) for target in check.classes
        for cls in (subclasses[target] if subclasses is not None else (target,))))
    is_focus = f"EXISTS {{ VALUES (?k ?cls) {{ {classes} }} {typed} }}"
    names = ["?k"] + (["?p"] if direction != "node" else [])
    names += ["?arg", "?arg2"][: len(checks[0].args) - (direction != "node")]
    parameters = dict.fromkeys("(" + " ".join((str(k), *c.args)) + ")" for k, c in enumerate(checks))
    table = f"VALUES ({' '.join(names)}) {{ {' '.join(parameters)} }}"
    if key == "maxCount":
        least = min(int(c.args[-1]) for c in checks)
        properties = " ".join(sorted({c.args[0] for c in checks}))
        counted = (f"{{ SELECT ?this ?p (COUNT(DISTINCT ?kgost_v) AS ?kgost_n) WHERE {{ "
                   f"{scan(f'VALUES ?p {{ {properties} }}', _LINK[direction])} }} GROUP BY ?this ?p HAVING (COUNT(DISTINCT ?kgost_v) > {least}) }}")
        return (f"SELECT ?k ?this WHERE {{ {{ SELECT ?k ?this WHERE {{ {counted} {table} FILTER (?kgost_n > ?arg) }} }} "
                f"FILTER {is_focus} }}")
    if key == "maxCount0":
        return (f"SELECT ?k ?this WHERE {{ {{ SELECT DISTINCT ?k ?this WHERE {{ {scan(table, _LINK[direction])} }} }} "
                f"FILTER {is_focus} }}")
    if key == "minCount1" or direction == "node":
        rows = " ".join(dict.fromkeys(
            f"({k} {cls} {' '.join(c.args)})" for k, c in enumerate(checks) for target in c.classes
            for cls in (subclasses[target] if subclasses is not None else (target,))))
        kept, heads = " ".join(["?this", *names]), " ".join(["?k", "?cls", *names[1:]])
        nodes = f"{{ SELECT DISTINCT {kept} WHERE {{ {scan(f'VALUES ({heads}) {{ {rows} }}', typed)} }} }}"
        if key == "minCount1":
            return f"SELECT ?k ?this WHERE {{ {nodes} FILTER NOT EXISTS {{ {_LINK[direction]} }} }}"
        return f"SELECT DISTINCT ?k ?this ?value WHERE {{ {nodes} BIND (?this AS ?value) FILTER ({_value_test(key, checks, subclasses)}) }}"
    broken = (f"SELECT DISTINCT ?k ?this ?value WHERE {{ {scan(table, _VALUES_OF[direction])} "
              f"FILTER ({_value_test(key, checks, subclasses)}) }}")
    return f"SELECT ?k ?this ?value WHERE {{ {{ {broken} }} FILTER {is_focus} }}"


def _value_test(key: str, checks: list[Check], subclasses: Subclasses | None) -> str:
    """The test of ``?value`` for ``checks``.

    ``sh:class``: none of ``?value``'s types is one of ``?arg``'s classes (a ``VALUES`` table of
    the pairs) when the subclasses are known, else through ``rdfs:subClassOf*``. A regular
    expression is written as a constant, one per pattern the checks use, selected by ``?arg``/
    ``?arg2``: Oxigraph compiles a constant pattern once, and a pattern read from a variable for
    every value (ten times slower).
    """
    if key == "class":
        if subclasses is None:
            return f"NOT EXISTS {{ ?value {_TYPE} ?arg }}"
        pairs = dict.fromkeys(f"({arg} {cls})" for arg in sorted({c.args[-1] for c in checks}) for cls in subclasses[arg])
        return f"NOT EXISTS {{ VALUES (?arg ?kgost_c) {{ {' '.join(pairs)} }} ?value {_RDF_TYPE} ?kgost_c }}"
    if key == "ill_typed":
        safe = sorted({c.args[-1] for c in checks})
        tests = [f"(sameTerm(?arg2, {r}) && {'true' if r == _NO_PATTERN else f'!REGEX(STR(?value), {r})'})" for r in safe]
        return f"(isLiteral(?value) && datatype(?value) = ?arg && ({' || '.join(tests)}))"
    if key == "pattern":
        tests = [f"(sameTerm(?arg, {r}) && sameTerm(?arg2, {f}) && !REGEX(STR(?value), {r}, {f}))"
                 for r, f in sorted({c.args[-2:] for c in checks})]
        return f"({is_blank('?value')} || {' || '.join(tests)})"
    return _VALUE_TESTS[key]
