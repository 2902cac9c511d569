"""Compile SHACL shapes into SPARQL SELECT queries that list the violations, one query per constraint."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import XSDToPython

from kgost._errors import KgostError
from kgost._namespace import compact_iri
from kgost.querying._values import sparql_term
from kgost.validation._batch import _TYPE, FOCUS_MARK, SURELY_WELL_TYPED, Check, is_blank, node_kind_tests, range_test, template_args
from kgost.validation._paths import UnsupportedPath, sparql_path
from kgost.validation._plan import Shape, Unsupported, shape_name

__all__ = ["compile_checks", "hoist_prologues"]



_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}

_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent, SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["in"]: SH.InConstraintComponent, SH.hasValue: SH.HasValueConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent, SH.xone: SH.XoneConstraintComponent,
    SH["not"]: SH.NotConstraintComponent, SH.node: SH.NodeConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}


def compile_checks(graph: rdflib.Graph, shapes: dict[rdflib.term.Node, Shape]) -> list[Check]:
    """The checks of every active shape that has focus nodes (its own targets, or a parent's).

    Raises
    ------
    Unsupported
        A shape uses a path, a nesting or a parameter value that the compiler does not handle,
        or a shape that reports results has no ``sh:message`` (pyshacl would write its own).
    """
    compiler = _Compiler(graph, shapes)
    checks: list[Check] = []
    for node in sorted(shapes, key=str):
        shape = shapes[node]
        if shape.deactivated:
            continue
        focus = compiler.focus(shape, ())
        if focus is not None:
            checks.extend(compiler.checks(shape, focus))
    return checks


class _Compiler:
    """The SPARQL text of focus nodes, value nodes and constraints of one shapes graph."""

    def __init__(self, graph: rdflib.Graph, shapes: dict[rdflib.term.Node, Shape]) -> None:
        self.graph = graph
        self.shapes = shapes
        self.fresh = (f"?kgost_{n}" for n in itertools.count())
        self.parents: dict[rdflib.term.Node, list[Shape]] = {}
        for parent, child in graph.subject_objects(SH.property):
            if parent in shapes:
                self.parents.setdefault(child, []).append(shapes[parent])

    # -- focus nodes -------------------------------------------------------------------------

    def focus(self, shape: Shape, seen: tuple) -> str | None:
        """A group binding ``?this`` to the shape's focus nodes, or None when it has none."""
        if shape.node in seen or len(seen) > 8:
            raise Unsupported("a cycle of sh:property", self.name(shape))
        seen = (*seen, shape.node)
        branches = []
        own = [self.target(shape, link, value) for link, value in shape.targets]
        if own:
            branches.append("{ " + FOCUS_MARK + " " + " UNION ".join("{ " + t + " }" for t in own) + " }")
        for parent in self.parents.get(shape.node, []):
            if parent.deactivated:
                continue
            inner = self.focus(parent, seen)
            if inner is None:
                continue
            if parent.is_property:
                up = next(self.fresh)
                inner = (f"{{ {{ SELECT DISTINCT (?this AS {up}) WHERE {inner} }} "
                         f"{up} {self.path(parent)} ?this }}")
            branches.append(inner)
        if not branches:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"

    def target(self, shape: Shape, link: URIRef, value: rdflib.term.Node) -> str:
        if link == SH.targetClass:
            return f"?this {_TYPE} {self.term(value, shape)} ."
        if link == SH.targetNode:
            return f"VALUES ?this {{ {self.term(value, shape)} }}"
        if link == SH.targetSubjectsOf:
            return f"?this {self.term(value, shape)} {next(self.fresh)} ."
        if link == SH.targetObjectsOf:
            return f"{next(self.fresh)} {self.term(value, shape)} ?this ."
        select = self.graph.value(value, SH.select)
        return "{ " + self.sparql_text(str(select), value, shape) + " }"

    # -- constraints --------------------------------------------------------------------------

    def checks(self, shape: Shape, focus: str) -> list[Check]:
        found = [self.batched(c) for c in self.plain_checks(shape, focus)]
        return found

    def batched(self, check: Check) -> Check:
        """The check as a row of a batched query when its focus is class targets only, its path one
        property (or its inverse) and its component one of the templates; else as it is."""
        shape = check.shape
        classes = self.class_focus(shape, ())
        if classes is None:
            return check
        if not shape.is_property:
            direction, p = "node", ""
        elif isinstance(shape.path, URIRef):
            direction, p = "fwd", self.term(shape.path, shape)
        elif isinstance(inverse := self.graph.value(shape.path, SH.inversePath), URIRef) and len(list(self.graph.predicate_objects(shape.path))) == 1:
            direction, p = "inv", self.term(inverse, shape)
        else:
            return check
        key, args = template_args(check, self.graph, shape, self.term)
        if key is None:
            return check
        return replace(check, template=(key, direction), args=((p,) if p else ()) + args, classes=tuple(sorted(classes)))

    def class_focus(self, shape: Shape, seen: tuple) -> set[str] | None:
        """The target classes whose instances are all of ``shape``'s focus nodes, or None when
        some focus comes from another kind of target or through a property shape."""
        if shape.node in seen:
            return None
        classes: set[str] = set()
        for link, value in shape.targets:
            if link != SH.targetClass:
                return None
            classes.add(self.term(value, shape))
        for parent in self.parents.get(shape.node, []):
            if parent.deactivated:
                continue
            if parent.is_property:
                return None
            above = self.class_focus(parent, (*seen, shape.node))
            if above is None:
                return None
            classes |= above
        return classes

    def plain_checks(self, shape: Shape, focus: str) -> list[Check]:
        found = []
        reports = [(p, o) for p, o in shape.parameters if p not in (SH.property, SH.sparql)]
        if reports and not shape.messages:
            raise Unsupported(f"{compact_iri(reports[0][0])} without sh:message (pyshacl writes its own)", self.name(shape))
        values = f"{focus} ?this {self.path(shape)} ?value ." if shape.is_property else f"{focus} BIND (?this AS ?value)"
        for parameter, argument in shape.parameters:
            component = _COMPONENTS.get(parameter)
            if parameter == SH.property:
                continue
            if parameter == SH.sparql:
                found.extend(self.sparql_check(shape, argument, focus))
                continue
            if parameter in (SH.minCount, SH.maxCount):
                found.extend(self.count_check(shape, parameter, argument, focus))
                continue
            if parameter == SH.hasValue:
                test = (f"FILTER NOT EXISTS {{ ?this {self.path(shape)} {self.term(argument, shape)} }}"
                        if shape.is_property else f"FILTER (!sameTerm(?this, {self.term(argument, shape)}))")
                found.append(Check(shape, SH.HasValueConstraintComponent, "focus", f"SELECT DISTINCT ?this WHERE {{ {focus} {test} }}"))
                continue
            violation = self.violation(shape, parameter, argument, "?value", nested=False)
            if parameter in _RANGES:
                found.append(Check(shape, component, "range", _select(values, violation), argument=argument))  # type: ignore[arg-type]
                continue
            found.append(Check(shape, component, "value", _select(values, violation), argument=argument))  # type: ignore[arg-type]
            if parameter == SH.datatype and _may_be_ill_typed(argument):
                safe = SURELY_WELL_TYPED.get(argument)  # type: ignore[call-overload]
                test = f"isLiteral(?value) && datatype(?value) = {self.term(argument, shape)}"
                if safe:
                    test += f" && !REGEX(STR(?value), {sparql_term(Literal(safe))})"
                found.append(Check(shape, component, "ill_typed", _select(values, test), argument=argument))  # type: ignore[arg-type]
        return found

    def count_check(self, shape: Shape, parameter: URIRef, argument: rdflib.term.Node, focus: str) -> list[Check]:
        if not shape.is_property:
            raise Unsupported(f"{compact_iri(parameter)} on a node shape", self.name(shape))
        bound = _integer(argument, parameter, self.name(shape))
        path = self.path(shape)
        component = _COMPONENTS[parameter]
        if parameter == SH.minCount:
            if bound == 0:
                return []
            if bound == 1:
                text = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?kgost_v }} }}"
            else:
                text = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?kgost_v }} }} "
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?kgost_v) < {bound})")
        elif bound == 0:
            text = f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {path} ?kgost_v . }}"
        else:
            text = (f"SELECT ?this WHERE {{ {focus} ?this {path} ?kgost_v . }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?kgost_v) > {bound})")
        return [Check(shape, component, "focus", text, argument=argument)]

    def sparql_check(self, shape: Shape, constraint: rdflib.term.Node, focus: str) -> list[Check]:
        deactivated = self.graph.value(constraint, SH.deactivated)
        if isinstance(deactivated, Literal) and deactivated.value is True:
            return []
        select = self.graph.value(constraint, SH.select)
        if select is None:
            raise Unsupported("sh:sparql without sh:select", self.name(shape))
        text = str(select)
        if shape.is_property:
            text = re.sub(r"\$PATH\b", lambda _: self.path(shape), text)
        if re.search(r"[?$]failure\b", text):
            raise Unsupported("?failure in a SPARQL constraint", self.name(shape))
        prologue, body = _split_prologue(self.prefix_lines(constraint, shape), text)
        head = re.match(r"\s*SELECT\s+((?:DISTINCT|REDUCED)\s+)?", body, re.IGNORECASE)
        opening = body.find("{")
        if head is None or opening < 0:
            raise Unsupported("a SPARQL constraint that is not a SELECT query", self.name(shape))
        projection = body[head.end():opening]
        projects_this = "*" in projection or re.search(r"[?$]this\b", projection) is not None
        if not projects_this:
            body = body[:head.end()] + "?this " + body[head.end():]
            opening += len("?this ")
        body = body[:opening + 1] + " " + focus + " " + body[opening + 1:]
        messages = tuple(m for m in self.graph.objects(constraint, SH.message) if isinstance(m, Literal))
        if not messages and not shape.messages:
            raise Unsupported("sh:sparql without sh:message (pyshacl writes its own)", self.name(shape))
        return [Check(shape, SH.SPARQLConstraintComponent, "sparql", prologue + body, source=constraint,
                      messages=messages, projects_this=projects_this, focus=focus)]

    def violation(self, shape: Shape, parameter: URIRef, argument: rdflib.term.Node, v: str, *, nested: bool) -> str:
        """A SPARQL expression true when value ``v`` breaks ``parameter argument`` of ``shape``."""
        name = self.name(shape)
        if parameter == SH["class"]:
            return f"NOT EXISTS {{ {v} {_TYPE} {self.term(argument, shape)} }}"
        if parameter == SH.datatype:
            if argument == RDFS.Literal:
                return f"!isLiteral({v})"
            if argument == RDFS.Datatype or not isinstance(argument, URIRef):
                raise Unsupported(f"sh:datatype {compact_iri(argument)}", name)
            return f"(!isLiteral({v}) || datatype({v}) != {self.term(argument, shape)})"
        if parameter == SH.nodeKind:
            kinds = node_kind_tests(v)
            if argument not in kinds:
                raise Unsupported(f"sh:nodeKind {compact_iri(argument)}", name)
            return "!(" + kinds[argument] + ")"
        if parameter in (SH.minLength, SH.maxLength):
            bound = _integer(argument, parameter, name)
            return f"({is_blank(v)} || STRLEN(STR({v})) {'<' if parameter == SH.minLength else '>'} {bound})"
        if parameter == SH.pattern:
            flags = self.graph.value(shape.node, SH.flags)
            extra = f", {sparql_term(Literal(str(flags)))}" if flags is not None else ""
            return f"({is_blank(v)} || !REGEX(STR({v}), {sparql_term(Literal(str(argument)))}{extra}))"
        if parameter in _RANGES:
            if not isinstance(argument, Literal):
                raise Unsupported(f"{compact_iri(parameter)} of a non-literal", name)
            return range_test(v, _RANGES[parameter], self.term(argument, shape))  # type: ignore[index]
        if parameter == SH["in"]:
            members = [f"sameTerm({v}, {self.term(m, shape)})" for m in Collection(self.graph, argument)]
            return "!(" + " || ".join(members) + ")" if members else "true"
        if parameter == SH.hasValue:
            return f"!sameTerm({v}, {self.term(argument, shape)})"
        if parameter in (SH["or"], SH["and"], SH.xone):
            parts = [self.conforms(self.member(m, name), v, (shape.node,)) for m in Collection(self.graph, argument)]
            if parameter == SH["or"]:
                return "!(" + " || ".join(parts) + ")" if parts else "true"
            if parameter == SH["and"]:
                return "!(" + " && ".join(parts) + ")" if parts else "false"
            return "(" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + " != 1)" if parts else "true"
        if parameter == SH["not"]:
            return self.conforms(self.member(argument, name), v, (shape.node,))
        if parameter == SH.node:
            if not nested:  # pyshacl reports the inner shape's results too (as sh:detail)
                raise Unsupported("sh:node (pyshacl reports the inner shape's results too)", name)
            return "!(" + self.conforms(self.member(argument, name), v, (shape.node,)) + ")"
        raise Unsupported(compact_iri(parameter) + (" inside sh:or/sh:and/sh:xone/sh:not/sh:node" if nested else ""), name)

    def conforms(self, shape: Shape, v: str, seen: tuple) -> str:
        """A SPARQL expression true when node ``v`` conforms to ``shape`` (for sh:or, sh:not, ...)."""
        if shape.node in seen or len(seen) > 8:
            raise Unsupported("recursive shapes", self.name(shape))
        if shape.deactivated:
            return "true"
        seen = (*seen, shape.node)
        tests = []
        if shape.is_property:
            path = self.path(shape)
            for parameter, argument in shape.parameters:
                y = next(self.fresh)
                if parameter == SH.minCount:
                    bound = _integer(argument, parameter, self.name(shape))
                    if bound > 1:
                        raise Unsupported("sh:minCount above 1 inside sh:or/sh:and/sh:xone/sh:not/sh:node", self.name(shape))
                    tests.append(f"EXISTS {{ {v} {path} {y} }}" if bound == 1 else "true")
                elif parameter == SH.maxCount:
                    if _integer(argument, parameter, self.name(shape)) != 0:
                        raise Unsupported("sh:maxCount above 0 inside sh:or/sh:and/sh:xone/sh:not/sh:node", self.name(shape))
                    tests.append(f"NOT EXISTS {{ {v} {path} {y} }}")
                elif parameter == SH.hasValue:
                    tests.append(f"EXISTS {{ {v} {path} {self.term(argument, shape)} }}")
                elif parameter == SH.property:
                    inner = self.conforms(self.member(argument, self.name(shape)), y, seen)
                    tests.append(f"NOT EXISTS {{ {v} {path} {y} FILTER (!{inner}) }}")
                else:
                    broken = self.nested_violation(shape, parameter, argument, y, seen)
                    tests.append(f"NOT EXISTS {{ {v} {path} {y} FILTER ({broken}) }}")
        else:
            for parameter, argument in shape.parameters:
                if parameter == SH.property:
                    tests.append(self.conforms(self.member(argument, self.name(shape)), v, seen))
                else:
                    tests.append("!(" + self.nested_violation(shape, parameter, argument, v, seen) + ")")
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def nested_violation(self, shape: Shape, parameter: URIRef, argument: rdflib.term.Node, v: str, seen: tuple) -> str:
        if parameter in (SH.minCount, SH.maxCount, SH.sparql):
            raise Unsupported(f"{compact_iri(parameter)} inside sh:or/sh:and/sh:xone/sh:not/sh:node", self.name(shape))
        if parameter in (SH["or"], SH["and"], SH.xone, SH["not"], SH.node):
            members = [argument] if parameter in (SH["not"], SH.node) else list(Collection(self.graph, argument))
            parts = [self.conforms(self.member(m, self.name(shape)), v, seen) for m in members]
            if parameter == SH["or"]:
                return "!(" + " || ".join(parts) + ")" if parts else "true"
            if parameter == SH["and"]:
                return "!(" + " && ".join(parts) + ")" if parts else "false"
            if parameter == SH.xone:
                return "(" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + " != 1)" if parts else "true"
            return parts[0] if parameter == SH["not"] else "!(" + parts[0] + ")"
        return self.violation(shape, parameter, argument, v, nested=True)

    # -- helpers ------------------------------------------------------------------------------

    def member(self, node: rdflib.term.Node, name: str) -> Shape:
        if node not in self.shapes:
            raise Unsupported(f"{compact_iri(node)} is not a shape", name)
        return self.shapes[node]

    def path(self, shape: Shape) -> str:
        try:
            return sparql_path(self.graph, shape.path)  # type: ignore[arg-type]
        except (UnsupportedPath, KgostError) as exc:
            raise Unsupported(f"sh:path ({exc})", self.name(shape)) from None

    def term(self, term: rdflib.term.Node, shape: Shape) -> str:
        try:
            return sparql_term(term)  # type: ignore[arg-type]
        except KgostError as exc:
            raise Unsupported(f"the value {term!r} ({exc})", self.name(shape)) from None

    def name(self, shape: Shape) -> str:
        return shape_name(self.graph, shape.node)

    def prefix_lines(self, node: rdflib.term.Node, shape: Shape) -> str:
        """The PREFIX lines of the ``sh:declare`` of ``node``'s ``sh:prefixes`` (SHACL 5.2.1)."""
        lines = {}
        for owner in self.graph.objects(node, SH.prefixes):
            for declaration in self.graph.objects(owner, SH.declare):
                prefix = self.graph.value(declaration, SH.prefix)
                namespace = self.graph.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    lines[str(prefix)] = f"PREFIX {prefix}: {self.term(URIRef(str(namespace)), shape)}\n"
        return "".join(lines[p] for p in sorted(lines))

    def sparql_text(self, text: str, node: rdflib.term.Node, shape: Shape) -> str:
        """A SPARQL target's SELECT as a subquery: its prologue moves to the query's top."""
        prologue, body = _split_prologue(self.prefix_lines(node, shape), text)
        return (prologue and f"#kgost-prologue#{prologue}#kgost-end#") + body


def hoist_prologues(text: str) -> str:
    """Move the PREFIX lines a SPARQL target left inside the query to its top."""
    found = re.findall(r"#kgost-prologue#(.*?)#kgost-end#", text, re.DOTALL)
    if not found:
        return text
    lines = dict.fromkeys(line for block in found for line in block.splitlines(keepends=True))
    return "".join(lines) + re.sub(r"#kgost-prologue#.*?#kgost-end#", "", text, flags=re.DOTALL)


def _select(values: str, violation: str) -> str:
    return f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER ({violation}) }}"


def _split_prologue(prefixes: str, text: str) -> tuple[str, str]:
    """``PREFIX``/``BASE`` lines of a query text apart from its body, after ``prefixes``."""
    head = re.match(r"(\s*(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*))*", text, re.IGNORECASE)
    own = head.group(0) if head else ""
    return prefixes + own.strip() + ("\n" if own.strip() else ""), text[len(own):]


def _integer(argument: rdflib.term.Node, parameter: URIRef, name: str) -> int:
    if isinstance(argument, Literal) and isinstance(argument.value, int) and not isinstance(argument.value, bool):
        return argument.value
    raise Unsupported(f"{compact_iri(parameter)} {argument!r} (not an integer)", name)


def _may_be_ill_typed(datatype: rdflib.term.Node) -> bool:
    """rdflib has a reader for ``datatype`` that can refuse a lexical form (so pyshacl can too)."""
    reader: Callable | None = XSDToPython.get(datatype)  # type: ignore[arg-type]
    return reader is not None and datatype not in (XSD.string, RDF.langString)
