"""Read a SHACL shapes graph into the shapes the SPARQL validator runs, or say what it cannot run."""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kgost._namespace import compact_iri

__all__ = ["Shape", "Unsupported", "read_shapes", "SUPPORTED", "shape_name"]

#: The constraint parameters the SPARQL validator compiles (SHACL Core and SHACL-SPARQL).
SUPPORTED = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minLength, SH.maxLength,
    SH.pattern, SH.flags, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
    SH["in"], SH.hasValue, SH["or"], SH.xone, SH["and"], SH["not"], SH.node, SH.sparql, SH.property,
})

#: Predicates of the sh: namespace that structure or describe shapes and never validate by themselves.
_STRUCTURE = frozenset({
    SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
    SH.select, SH.prefixes, SH.declare, SH.prefix, SH.namespace, SH.message, SH.severity,
    SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath,
    SH.shapesGraph, SH.suggestedShapesGraph,
})

#: Types that only a SHACL engine with these features handles (custom components, rules, functions).
_UNSUPPORTED_TYPES = frozenset({
    SH.ConstraintComponent, SH.SPARQLFunction, SH.SPARQLTargetType, SH.SPARQLRule, SH.TripleRule,
    SH.JSConstraint, SH.JSFunction, SH.JSRule, SH.JSTarget, SH.JSTargetType, SH.SPARQLAskValidator,
    SH.SPARQLSelectValidator,
})

_SEVERITIES = (SH.Violation, SH.Warning, SH.Info)


class Unsupported(Exception):
    """A shapes graph uses what the SPARQL validator does not compile: ``component`` in ``shape``."""

    def __init__(self, component: str, shape: str) -> None:
        super().__init__(f"{component} in shape {shape}")
        self.component = component
        self.shape = shape


@dataclass
class Shape:
    """One node or property shape as the validator needs it (terms of the shapes graph)."""

    node: rdflib.term.Node
    path: rdflib.term.Node | None
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool
    targets: list[tuple[URIRef, rdflib.term.Node]] = field(default_factory=list)
    parameters: list[tuple[URIRef, rdflib.term.Node]] = field(default_factory=list)

    @property
    def is_property(self) -> bool:
        return self.path is not None


def read_shapes(graph: rdflib.Graph) -> dict[rdflib.term.Node, Shape]:
    """Every shape of ``graph`` by its node, checked to use only what the validator compiles.

    A shape is a node typed ``sh:NodeShape``/``sh:PropertyShape``, the subject of a target or of
    ``sh:path``, or a node that ``sh:property``, ``sh:node``, ``sh:not``, ``sh:or``, ``sh:and`` or
    ``sh:xone`` names.

    Raises
    ------
    Unsupported
        The graph uses a constraint component, target, rule or type the validator does not run.
    """
    for kind in _UNSUPPORTED_TYPES:
        for node in graph.subjects(RDF.type, kind):
            raise Unsupported(compact_iri(kind), shape_name(graph, node))
    for s, p, _ in graph:
        if str(p).startswith(str(SH)) and p not in SUPPORTED and p not in _STRUCTURE:
            raise Unsupported(compact_iri(p), shape_name(graph, s))
    for s in graph.subjects(SH.parameter, None):
        raise Unsupported("sh:parameter (a custom constraint component)", shape_name(graph, s))
    nodes: set[rdflib.term.Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        nodes.update(graph.subjects(RDF.type, kind))
    for link in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.path):
        nodes.update(graph.subjects(link, None))
    for link in (SH.property, SH.node, SH["not"]):
        nodes.update(graph.objects(None, link))
    for link in (SH["or"], SH["and"], SH.xone):
        for head in graph.objects(None, link):
            nodes.update(Collection(graph, head))
    nodes -= set(graph.objects(None, SH.sparql))  # SPARQL constraints are parameters of their shape
    return {node: _shape(graph, node) for node in nodes}


def shape_name(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """The nearest shape with an IRI that holds ``node`` (a blank constraint, target or path)."""
    seen = set()
    while isinstance(node, rdflib.BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(graph.subjects(None, node)), None)
        if parent is None:
            return "[ ]"
        node = parent
    shown = compact_iri(node)
    return shown if shown != str(node) else f"<{node}>"


def _shape(graph: rdflib.Graph, node: rdflib.term.Node) -> Shape:
    name = shape_name(graph, node)
    paths = list(graph.objects(node, SH.path))
    if len(paths) > 1:
        raise Unsupported("more than one sh:path", name)
    severity = graph.value(node, SH.severity) or SH.Violation
    if severity not in _SEVERITIES:
        raise Unsupported(f"sh:severity {compact_iri(severity)}", name)
    deactivated = graph.value(node, SH.deactivated)
    targets = [
        (link, value)
        for link in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        for value in graph.objects(node, link)
    ]
    if (node, RDF.type, RDFS.Class) in graph and (node, RDF.type, SH.NodeShape) in graph:
        targets.append((SH.targetClass, node))  # an implicit class target (SHACL 2.1.3.3)
    for link, value in targets:
        if link == SH.target and graph.value(value, SH.select) is None:
            raise Unsupported("sh:target without sh:select (a SPARQL target type)", name)
    parameters = [(p, o) for p, o in graph.predicate_objects(node) if p in SUPPORTED and p != SH.flags]
    return Shape(
        node=node,
        path=paths[0] if paths else None,
        severity=severity,  # type: ignore[arg-type]
        messages=tuple(m for m in graph.objects(node, SH.message) if isinstance(m, Literal)),
        deactivated=isinstance(deactivated, Literal) and deactivated.value is True,
        targets=targets,
        parameters=parameters,
    )
