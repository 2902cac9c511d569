"""SHACL validation of a kgost graph with pyshacl, and a structured, printable report."""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyshacl
from pyparsing import ParseException
from pyshacl.errors import ReportableRuntimeError
import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import OWL, SH

from kgost._errors import InputError, KgostError, QueryError, ValidatorFallbackWarning
from kgost.readwrite._io import read_rdf
from kgost._logs import quiet_pyshacl, quiet_rdflib
from kgost._namespace import KGOST, bind_prefixes, compact_iri, graph_copy
from kgost._public import public
from kgost._resources import shapes_file
from kgost.querying._prepared import PreparedQueries
from kgost.validation._engine import Compiled, compile_shapes, run_checks
from kgost.validation._paths import show_path
from kgost.validation._plan import Unsupported, shape_name
from kgost.validation._present import compact_iris_in, ill_typed_note, pick_message, show_term, sources_of

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["validate", "ValidationReport", "ValidationResult", "ENGINES", "load_shapes"]

#: The validators :func:`validate` can use.
ENGINES = ("auto", "sparql", "pyshacl")


def validate(
    kg: GraphLike,
    *,
    shapes: str | Path | None = None,
    focus: Iterable[URIRef] | None = None,
    engine: str = "auto",
) -> ValidationReport:
    """Validate a knowledge graph against the kgost SHACL shapes (or ``shapes``).

    The data validated is the union of all named graphs, ontology included, so ``sh:class``
    sees the class hierarchy. Results name the focus node with its label, the path, the value,
    the shape's message, the severity and the shape that fired.

    Two validators give the same results: ``"sparql"`` compiles the shapes once into SPARQL
    queries that run on the store's own engine (Oxigraph, a SPARQL server, or rdflib), and
    ``"pyshacl"`` copies the union into an in-memory rdflib graph for pyshacl, the reference.
    ``"auto"`` takes the SPARQL one on a store whose engine is not rdflib (rdflib evaluates
    SPARQL in Python, slower than pyshacl's own graph walks), and pyshacl otherwise; shapes the SPARQL validator does not run go to pyshacl with a
    :class:`ValidatorFallbackWarning` naming the constraint component and the shape.

    Parameters
    ----------
    kg
        The knowledge graph.
    shapes
        A Turtle file of SHACL shapes to use instead of kgost's ``ontology/shapes.ttl``.
    focus
        Validate only these nodes (those an addition touches, say), not every target.
    engine
        ``"auto"`` (the default), ``"sparql"`` or ``"pyshacl"``.

    Returns
    -------
    ValidationReport
        ``conforms`` and the results, violations first.

    Raises
    ------
    InputError
        ``shapes`` is missing, malformed or cannot be used, a SPARQL text in it is refused (see
        :func:`check_shapes_sparql`), ``engine`` is unknown, or ``engine="sparql"`` is asked
        for shapes it does not run.

    Examples
    --------
    >>> import kgost
    >>> report = kgost.load().validate()
    >>> report.conforms
    True
    >>> print(report)
    Conforms: yes (0 results)
    >>> kgost.load().validate(engine="pyshacl").conforms
    True
    """
    if shapes is not None and not isinstance(shapes, (str, os.PathLike)):
        raise InputError(f"shapes must be the path of an RDF file, not {shapes!r}")
    if engine not in ENGINES:
        raise InputError(f"unknown validator {engine!r}; use one of: {', '.join(ENGINES)}")
    shapes_path = Path(shapes) if shapes is not None else shapes_file()
    shapes_graph, compiled = load_shapes(shapes_path)
    focus = sorted(set(focus)) or None if focus is not None else None  # none given: every target, as before
    caps = kg.store.capabilities
    native = caps.union_default_graph and caps.compiled_queries
    if engine == "sparql" or (engine == "auto" and native):
        if not isinstance(compiled, Unsupported):
            return _report(_run_sparql(kg, compiled, shapes_graph, shapes_path, focus))
        if engine == "sparql":
            raise InputError(f"{shapes_path}: the SPARQL validator cannot run {compiled}; use the pyshacl validator")
        warnings.warn(ValidatorFallbackWarning(
            f"{shapes_path}: the SPARQL validator does not run {compiled}: validating with pyshacl"
        ), stacklevel=2)
    return _validate_pyshacl(kg, shapes_graph, shapes_path, focus)


def load_shapes(path: Path) -> tuple[rdflib.Graph, Compiled | Unsupported]:
    """A shapes file read, its SPARQL texts checked, and compiled for the SPARQL validator (or
    why not): once per file version (path, size and modification time).

    Raises
    ------
    InputError
        The file is missing or malformed, or a SPARQL text in it is refused.
    """
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None:
        return _load_shapes(path, None)
    return _load_cached(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _load_cached(path: Path, size: int, mtime: int) -> tuple[rdflib.Graph, Compiled | Unsupported]:
    return _load_shapes(path, (size, mtime))


def _load_shapes(path: Path, _version: object) -> tuple[rdflib.Graph, Compiled | Unsupported]:
    graph = rdflib.Graph()
    for s, p, o, _ in read_rdf(path):  # any RDF format, by its extension
        graph.add((s, p, o))
    check_shapes_sparql(graph, path, prefixes=dict(bind_prefixes(rdflib.Graph()).namespaces()))
    try:
        compiled: Compiled | Unsupported = compile_shapes(graph)
    except Unsupported as exc:
        compiled = exc
    return graph, compiled


def _run_sparql(
    kg: GraphLike, compiled: Compiled, shapes_graph: rdflib.Graph, path: Path, focus: list[URIRef] | None
) -> list[ValidationResult]:
    try:
        return [ValidationResult(**fields) for fields in run_checks(kg, compiled, focus=focus)]
    except QueryError as exc:
        raise InputError(f"{path}: the shapes cannot be run as SPARQL: {exc}") from None


def _validate_pyshacl(
    kg: GraphLike, shapes_graph: rdflib.Graph, shapes_path: Path, focus: list[URIRef] | None
) -> ValidationReport:
    data = bind_prefixes(_ParsedOnce())  # the union of the named graphs: every quad's triple, once
    with quiet_rdflib():  # an engine's ill-typed literal becomes an rdflib term here: reported below, not logged
        data.addN((s, p, o, data) for s, p, o, _ in kg.store.quads())
    if _all_terms_declared(data):  # the known-terms shape's SPARQL target is empty: skip asking it
        shapes_graph = _without_known_terms_target(shapes_graph)
    try:
        with quiet_pyshacl(), quiet_rdflib():  # pyshacl logs its errors too: kgost raises them instead
            _, report_graph, _ = pyshacl.validate(
                data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True,
                inplace=True,  # `data` is this call's own copy: no second copy (it would lose _ParsedOnce)
                focus_nodes=focus or None,
            )
    except (ReportableRuntimeError, ParseException, re.error) as exc:
        raise InputError(f"{shapes_path}: the shapes cannot be used: {_shapes_reason(exc)}") from None
    parents = {
        part: node
        for link in (SH.property, SH.sparql)
        for node, part in shapes_graph.subject_objects(link)
    }
    nodes = list(report_graph.subjects(RDF.type, SH.ValidationResult))
    # every focus node's label and sources at once (as run_checks), not two queries a result
    focus = {report_graph.value(node, SH.focusNode) for node in nodes}
    known = sources_of(kg, {f for f in focus if isinstance(f, URIRef)})
    return _report([_result(report_graph, shapes_graph, node, parents, known) for node in nodes])


@lru_cache(maxsize=8)
def _without_known_terms_target(shapes_graph: rdflib.Graph) -> rdflib.Graph:
    """A copy of a shapes graph without the known-terms shape's target, made once per shapes graph
    (as :func:`load_shapes` keeps them): pyshacl reads a shapes graph and does not change it, as
    it does not change the shared graph itself when that is given to it."""
    return graph_copy(shapes_graph, leave_out=lambda triple: triple[0] == _KNOWN_TERMS and triple[1] == SH.target)


def _report(results: list[ValidationResult]) -> ValidationReport:
    """Results sorted, violations first; the graph conforms when none is a violation (pyshacl's
    ``allow_warnings``: warnings and infos do not count)."""
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.shape, r.path or "", r.value or ""))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results), results=results)


def check_shapes_sparql(shapes: rdflib.Graph, path: str | Path, *, prefixes: dict[str, str]) -> None:
    """Pass every SPARQL text of a shapes graph through kgost's query gate before pyshacl runs it.

    SPARQL constraints and constraint components (``sh:select``, ``sh:ask``), SPARQL targets
    and rules (``sh:select``, ``sh:construct``) are checked as pyshacl will run them: with the
    ``PREFIX`` lines of the graph's ``sh:declare`` and the data graph's ``prefixes``, ``$this``,
    ``$value`` and ``$PATH`` as the variables the gate parses them as. Refused, as for any query:
    ``SERVICE``, ``FROM``/``FROM NAMED``, updates (``sh:update`` too), unknown functions, and an
    undeclared prefix. As pyshacl writes paths and declared namespaces into the query text, an
    IRI of the graph or a namespace that is not a valid IRI is refused too.

    Raises
    ------
    InputError
        Naming the shapes file, the shape and the reason.

    Examples
    --------
    >>> g = rdflib.Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:ex:S> sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://h/> { $this ?p ?o } }" ] .''')
    >>> check_shapes_sparql(g, "t.ttl", prefixes={})
    Traceback (most recent call last):
    ...
    kgost.InputError: t.ttl: shape <urn:ex:S>: sh:select: SERVICE <http://h/> is refused: kgost queries never go to the network
    """
    from kgost.querying._bindings import BAD_IRI_CHARS, IRI_RULE
    from kgost.querying._gate import parse_query, translate_query

    for term in {t for triple in shapes for t in triple if isinstance(t, URIRef)}:
        if BAD_IRI_CHARS.search(term):
            raise InputError(f"{path}: {str(term)!r} is not a valid IRI: {IRI_RULE}")
    declared: dict[str, str] = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        if prefix is None or namespace is None:
            continue  # pyshacl says what is missing
        if not re.fullmatch(r"[A-Za-z][\w.-]*|", str(prefix)) or BAD_IRI_CHARS.search(str(namespace)):
            raise InputError(f"{path}: sh:declare of {str(prefix)!r}: {str(namespace)!r} is not a prefix and namespace IRI: {IRI_RULE}")
        declared[str(prefix)] = str(namespace)
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))
    for node, link, text in sorted(shapes.triples((None, None, None)), key=lambda t: (str(t[0]), str(t[1]))):
        if link not in (SH.select, SH.ask, SH.construct, SH.update):
            continue
        where = f"{path}: shape {shape_name(shapes, node)}: {compact_iri(link)}"
        if link == SH.update:
            raise InputError(f"{where}: SPARQL updates are refused: kgost runs read-only queries")
        query = head + str(text)
        try:
            translate_query(parse_query(query), query, prefixes={**prefixes, **declared})
        except KgostError as exc:
            raise InputError(f"{where}: {exc}") from None


@public
@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result: what is wrong, where, and which shape says so.

    ``focus``, ``path``, ``value`` and the shapes are shown as Turtle would write them (compact
    IRIs); ``sources`` names the sentences or files that describe the focus node.

    Examples
    --------
    >>> import kgost, pathlib, tempfile
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "me.ttl"
    >>> _ = mine.write_text("<https://w3id.org/kgost/id/person/me> a <https://w3id.org/kgost/ontology#Person> .")
    >>> result = kgost.load(mine).validate().results[0]
    >>> result.severity, result.focus, result.path, result.constraint
    ('Violation', 'person:me', 'kgost:name', 'MinCountConstraintComponent')
    >>> print(result)  # doctest: +ELLIPSIS
    Violation: person:me: A person has exactly one name (a plain, non-empty string).
      shape: shape:PersonShape-name [MinCountConstraintComponent]
      path: kgost:name
      from: ...me.ttl
    """

    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str
    node_shape: str
    constraint: str
    sources: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        who = self.focus + (f" ({self.focus_label})" if self.focus_label else "")
        lines = [f"{self.severity}: {who}: {self.message}", f"  shape: {self.shape} [{self.constraint}]"]
        if self.path:
            lines.append(f"  path: {self.path}")
        if self.value is not None:
            lines.append(f"  value: {self.value}")
        if self.sources:
            lines.append(f"  from: {', '.join(self.sources)}")
        return "\n".join(lines)


@public
@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` and the list of ``results``.

    ``bool(report)`` is ``report.conforms``; ``str(report)`` is the text ``kgost validate`` prints.

    Examples
    --------
    >>> import kgost, pathlib, tempfile
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "me.ttl"
    >>> _ = mine.write_text("<https://w3id.org/kgost/id/person/me> a <https://w3id.org/kgost/ontology#Person> .")
    >>> report = kgost.load(mine).validate()
    >>> bool(report), len(report.results), report.results[0].shape
    (False, 1, 'shape:PersonShape-name')
    >>> report.to_dict()["results"][0]["focus"]
    'person:me'
    """

    conforms: bool
    results: list[ValidationResult]

    def __bool__(self) -> bool:
        return self.conforms

    def __str__(self) -> str:
        count = len(self.results)
        head = f"Conforms: {'yes' if self.conforms else 'no'} ({count} result{'' if count == 1 else 's'})"
        return "\n".join([head, *(str(r) for r in self.results)])

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (JSON-ready)."""
        return {"conforms": self.conforms, "results": [asdict(r) for r in self.results]}

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (``indent`` as :func:`json.dumps` takes it)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


_KNOWN_TERMS = URIRef("https://w3id.org/kgost/shapes#KnownTermsShape")
_TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _all_terms_declared(data: rdflib.Graph) -> bool:
    """Whether every ``kgost:`` class and property ``data`` uses is declared in it, the question
    the SPARQL target of ``shape:KnownTermsShape`` asks (rdflib takes seconds to evaluate it on
    a few thousand nodes; a pass over the triples takes milliseconds)."""
    namespace = str(KGOST)
    declared = {s for kind in _TERM_KINDS for s in data.subjects(RDF.type, kind)}
    used = {p for p in data.predicates() if str(p).startswith(namespace)}
    used |= {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef) and str(o).startswith(namespace)}
    return used <= declared


#: A SPARQL text pyshacl runs (and the prefixes it is parsed with) -> rdflib's prepared query,
#: shared by every validation of the process: a prepared query depends on its text and prefixes
#: only, never on the data, and rdflib does not change it when it runs it (kgost's rdflib store
#: shares its own the same way); errors are not kept.
_PYSHACL_PREPARED: PreparedQueries[Any] = PreparedQueries(size=512)


class _ParsedOnce(rdflib.Graph):
    """An rdflib graph that parses each SPARQL text once per process: pyshacl runs a SPARQL
    constraint as text, once per focus node, and rdflib has no cache of parsed queries (parsing is
    most of the time on thousands of nodes, and a fifth of a validation of the bundled data).
    Hand-written as neither pyshacl nor rdflib offer one."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str):
            from rdflib.plugins.sparql import prepareQuery

            names = kwargs.get("initNs") or dict(self.namespaces())
            text = query_object
            key = (text, tuple(sorted((k, str(v)) for k, v in names.items())))
            query_object = _PYSHACL_PREPARED.get(key, lambda: prepareQuery(text, initNs=names))
        return super().query(query_object, *args, **kwargs)


def _result(
    report: rdflib.Graph,
    shapes: rdflib.Graph,
    node: rdflib.term.Node,
    parents: dict[rdflib.term.Node, rdflib.term.Node],
    known: dict[URIRef, tuple[str | None, list[str]]],
) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    source_shape = report.value(node, SH.sourceShape)
    # A SPARQL constraint with an IRI of its own is the shape that fired, and its (filled-in)
    # message says more than the node shape's message, which pyshacl adds to the result too.
    sparql = report.value(node, SH.sourceConstraint)
    shape = sparql if isinstance(sparql, URIRef) else source_shape
    severity = report.value(node, SH.resultSeverity)
    component = report.value(node, SH.sourceConstraintComponent)
    generic = {str(m) for m in shapes.objects(source_shape, SH.message)} if shape != source_shape else set()
    message = pick_message((str(m) for m in report.objects(node, SH.resultMessage)), generic)
    label, sources = known.get(focus, (None, [])) if isinstance(focus, URIRef) else (None, [])
    return ValidationResult(
        focus=show_term(focus) if focus is not None else "?",
        focus_label=label,
        path=show_path(report, path),
        value=show_term(value) if value is not None else None,
        message=compact_iris_in(message) + ill_typed_note(value) if message else "constraint violated",
        severity=compact_iri(severity).split("#")[-1].replace("sh:", ""),
        shape=compact_iri(shape),
        node_shape=compact_iri(parents.get(shape, shape)),
        constraint=compact_iri(component).replace("sh:", ""),
        sources=list(sources),  # a list of its own, as when each result asked for it
    )


def _shapes_reason(exc: Exception) -> str:
    """pyshacl's own message, first line only; for a SPARQL constraint, where in the query."""
    if isinstance(exc, re.error):
        return f"a pattern is not a valid regular expression: {exc}"
    if isinstance(exc, ParseException):
        return f"a SPARQL constraint does not parse: {exc.msg}, found {exc.found} at line {exc.lineno}, column {exc.col} of the query"
    message = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return message[0] if message else type(exc).__name__


