"""SHACL validation as SPARQL on the store: compiled shapes run as queries, results as pyshacl gives them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from kgost._namespace import compact_iri
from kgost.querying._values import sparql_term
from kgost.validation._batch import FOCUS_MARK, Check, Query, batch_queries, read_subclasses, subclass_query
from kgost.validation._compile import compile_checks, hoist_prologues
from kgost.validation._paths import show_path
from kgost.validation._plan import read_shapes
from kgost.validation._present import compact_iris_in, ill_typed_note, pick_message, show_term, sources_of

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["Compiled", "compile_shapes", "run_checks"]


@dataclass(frozen=True)
class Compiled:
    """A shapes graph compiled once: its checks and which shape each part (sh:property, sh:sparql) is in."""

    graph: rdflib.Graph
    queries: tuple[Query, ...]
    parents: dict[rdflib.term.Node, rdflib.term.Node]


def compile_shapes(graph: rdflib.Graph) -> Compiled:
    """Compile a shapes graph into SPARQL checks.

    Raises
    ------
    kgost.validation._plan.Unsupported
        The graph uses something the SPARQL validator does not run (pyshacl then does).
    """
    checks = compile_checks(graph, read_shapes(graph))
    parents = {part: node for link in (SH.property, SH.sparql) for node, part in graph.subject_objects(link)}
    return Compiled(graph, tuple(_finished(q) for q in batch_queries(checks)), parents)


def run_checks(kg: GraphLike, compiled: Compiled, *, focus: Iterable[URIRef] | None = None) -> list[dict]:
    """Run every check on ``kg``'s store and return the results as :func:`kgost.validate` shows
    them (the fields of each ``ValidationResult``).

    ``focus`` keeps only these focus nodes (as pyshacl's ``focus_nodes``).
    """
    restrict = ""
    if focus is not None:
        nodes = sorted(set(focus))
        restrict = "VALUES ?this { " + " ".join(sparql_term(n) for n in nodes) + " }" if nodes else "FILTER (false)"
    found: list[tuple] = []
    # An engine that can run kgost's own texts without the gate's second parse does (see
    # OxigraphStore.query_generated); any other store answers through the gate.
    run = getattr(kg.store, "query_generated", None) or kg.sparql_raw
    classes = set().union(*(query.classes for query in compiled.queries))
    # The subclasses of every class the checks name, read once from the data (which may add its
    # own), so that the batched queries look instances up by rdf:type (see _batch._template_query).
    subclasses = read_subclasses(classes, run(subclass_query(classes)).rows) if classes else {}
    for query in compiled.queries:
        text = _bound(run, query, query.text_for(subclasses, restrict), restrict)
        if text is None:
            continue  # a SPARQL constraint without focus nodes: pyshacl does not run it either
        answer = run(text)
        if not query.keyed:
            found.extend(_read(query.checks[0], answer.variables, answer.rows))
            continue
        by_check: dict[int, list] = {}
        for row in answer.rows:
            by_check.setdefault(int(row[0]), []).append(row[1:])  # type: ignore[arg-type]
        for k, rows in sorted(by_check.items()):
            found.extend(_read(query.checks[k], answer.variables[1:], rows))
    labels_and_sources = sources_of(kg, {f for f, *_ in found if isinstance(f, URIRef)})
    return [_result(kg, compiled, labels_and_sources, *item) for item in found]


#: At most this many focus nodes are written into a SPARQL constraint's text (see _bound).
_MOST_BOUND = 5000


def _bound(run: Callable[[str], Any], query: Query, text: str, restrict: str) -> str | None:
    """A SPARQL constraint's text with its focus nodes listed (``VALUES ?this``) instead of the
    group that finds them, read first: joined with that group, Oxigraph evaluates the constraint
    on the whole data and only then keeps the focus nodes' rows (the known-terms constraint at
    1M quads: 2.9 s, 0.4 s with its few nodes listed). Kept as it is when the nodes are many or
    one is a blank node, which no query can name. ``None`` when there is no focus node: the
    constraint has nothing to check, as pyshacl, which runs it per focus node, decides too (rdflib
    would evaluate the rest of the query on the whole data before joining it with nothing: most
    of the SPARQL validator's time on a graph where every kgost term is declared)."""
    check = query.checks[0]
    if check.kind != "sparql" or not check.focus:
        return text
    group = hoist_prologues(check.focus.replace(FOCUS_MARK, restrict))
    head = re.match(r"(\s*PREFIX[^\n]*\n)*", group)
    prologue, group = (head.group(0), group[head.end():]) if head else ("", group)
    if group not in text:
        return text
    nodes = run(f"{prologue}SELECT DISTINCT ?this WHERE {group}").rows
    if len(nodes) > _MOST_BOUND or not all(isinstance(n, URIRef) for n, in nodes):
        return text
    if not nodes:
        return None
    listed = "VALUES ?this { " + " ".join(sparql_term(n) for n, in nodes) + " }"
    return text.replace(group, "{ " + listed + " }", 1)


def _finished(query: Query) -> Query:
    from dataclasses import replace

    return replace(query, text=hoist_prologues(query.text))


def _read(check: Check, variables: tuple[str, ...], rows: list) -> list[tuple]:
    """(focus, value, path, messages-found, check) for each row that is a result."""
    shape = check.shape
    plain = [str(m) for m in shape.messages]
    if check.kind == "sparql":
        return _read_sparql(check, variables, rows)
    items = []
    for row in rows:
        this = row[0]
        value = row[1] if len(row) > 1 else None
        if check.kind == "ill_typed" and not (isinstance(value, Literal) and value.ill_typed is True):
            continue
        if check.kind == "range" and _in_range(value, check.component, check.argument):  # type: ignore[arg-type]
            continue
        items.append((this, value, None, plain, check))
    return items


def _read_sparql(check: Check, variables: tuple[str, ...], rows: list) -> list[tuple]:
    """A SPARQL constraint's rows read as pyshacl reads them (``?this``, ``?path``, ``?value``)."""
    shape = check.shape
    items = []
    seen: list[tuple] = []
    for row in rows:
        bound = {name: term for name, term in zip(variables, row) if term is not None}
        focus = bound.pop("this", None)
        path = bound.pop("path", None)
        value = bound.pop("value", None)
        this = focus if check.projects_this else None
        if path is None and value is None and this is None:
            continue
        key = (focus, this, path, value, sorted(bound.items()))
        if key in seen:
            continue
        seen.append(key)
        if value is None and not shape.is_property:
            value = focus
        fill = {**bound}
        for name, term in (("this", this), ("path", path), ("value", value)):
            if term is not None:
                fill[name] = term
        messages = {_fill(str(m), fill) for m in check.messages if m not in shape.messages}
        messages |= {_fill(str(m), fill) for m in shape.messages}
        items.append((focus, value, path, sorted(messages), check))
    return items


def _fill(message: str, bound: dict) -> str:
    """``{?var}``/``{$var}`` replaced as pyshacl does (``re.sub`` with the term's text)."""
    for name, term in bound.items():
        message = re.sub("{{[?$]{}}}".format(name), str(term), message)
    return message


def _in_range(value: rdflib.term.Node | None, component: URIRef, bound: Literal) -> bool:
    """pyshacl's decision for a value SPARQL could not place in range (pyshacl's own comparison)."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(value, Literal) or isinstance(value.value, str) != isinstance(bound.value, str):
        return False
    try:
        order = compare_literal(value, bound)
    except (TypeError, NotImplementedError):
        return False
    return {
        SH.MinInclusiveConstraintComponent: order >= 0, SH.MinExclusiveConstraintComponent: order > 0,
        SH.MaxInclusiveConstraintComponent: order <= 0, SH.MaxExclusiveConstraintComponent: order < 0,
    }[component]


def _result(kg: GraphLike, compiled: Compiled, known: dict, focus, value, path, found, check: Check) -> dict:  # type: ignore[no-untyped-def]
    shape = check.shape
    source = check.source
    shown = source if isinstance(source, URIRef) else shape.node
    generic = {str(m) for m in shape.messages} if shown != shape.node else set()
    message = pick_message(found, generic)
    if path is not None:
        path_text = show_path(compiled.graph, path)
    else:
        path_text = show_path(compiled.graph, shape.path) if shape.is_property else None
    label, sources = known.get(focus, (None, []))
    return dict(
        focus=show_term(focus) if focus is not None else "?",
        focus_label=label,
        path=path_text,
        value=show_term(value) if value is not None else None,
        message=compact_iris_in(message) + ill_typed_note(value) if message else "constraint violated",
        severity=compact_iri(shape.severity).split("#")[-1].replace("sh:", ""),
        shape=compact_iri(shown),
        node_shape=compact_iri(compiled.parents.get(shown, shown)),
        constraint=compact_iri(check.component).replace("sh:", ""),
        sources=sources,
    )

