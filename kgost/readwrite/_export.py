"""Export the whole graph, provenance included, as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib import URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.rdfxml import XMLSerializer

from kgost._errors import ExportError, InputError, ProvenanceLeftOutWarning
from kgost.readwrite._io import check_output, guess_format, write_atomic
from kgost.readwrite._jsonld import dumps, expanded_jsonld, frames, to_jsonld
from kgost.readwrite._jsonwrite import compacted_text
from kgost.readwrite._lines import expand_lines, graph_names, lines_export
from kgost.readwrite._trig import nquads_to_trig
from kgost._limits import check_limits, run_bounded
from kgost._namespace import bind_prefixes, compact_iri, expand_iri, graph_copy, graph_prefixes
from kgost.readwrite._nquads import GQuad, canonical_quads, nt_term, write_nquads
from kgost._resources import resource_dir
from kgost._versioned import kept

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["export", "schema_view", "EXPORT_FORMATS", "GRAPH_FORMATS", "PROFILES"]

#: Formats kgost writes.
EXPORT_FORMATS = ("trig", "nquads", "jsonld", "turtle", "nt", "rdfxml")
#: Formats that hold named graphs, and so the provenance (one named graph per sentence).
GRAPH_FORMATS = ("trig", "nquads", "jsonld")
#: Vocabularies an export can use: kgost's own terms, or schema.org's.
PROFILES = ("kgost", "schema")

_RDFLIB_WRITERS = {"trig": "trig", "turtle": "turtle", "rdfxml": "xml"}


def export(
    kg: GraphLike,
    *,
    format: str | None = None,
    graph: str | URIRef | None = None,
    profile: str = "kgost",
    frame: str | None = None,
    canonical: bool = False,
    output: str | Path | None = None,
    timeout: float | None = None,
    max_memory: int | None = None,
    force: bool = False,
) -> str:
    """Write the graph in an RDF format and return the text; also write it to ``output`` if given.

    The output is deterministic: the same graph gives the same bytes (statements sorted, fixed
    prefixes, blank nodes labelled by RDF canonicalization), so diffs show data changes only.

    Parameters
    ----------
    kg
        The knowledge graph.
    format
        ``trig``, ``nquads``, ``jsonld`` (these keep the named graphs), ``turtle``, ``nt`` or
        ``rdfxml`` (these cannot). Default: from ``output``'s extension, else ``trig``.
    graph
        ``None`` (default): every named graph, as named graphs; a format that cannot hold them
        (turtle, nt, rdfxml) gets the union of all graphs and a ``ProvenanceLeftOutWarning``.
        ``"union"``: the union of all graphs as one graph (the provenance deliberately left
        out, no warning). An IRI or compact IRI: that one named graph.
    profile
        ``kgost`` (default) or ``schema``: the schema.org view (see :func:`schema_view`), one graph.
    frame
        With ``format="jsonld"``: shape the output with a bundled frame (``songs``). A frame is
        a view: it nests nodes of the union of all graphs.
    canonical
        With ``nt`` or ``nquads``: canonical N-Triples/N-Quads (RDFC-1.0) for hashing.
    output
        Also write the text to this file, atomically: a failure leaves an existing file untouched.
    timeout, max_memory
        Seconds and bytes the export may take (default: no limit); past either it stops with a
        ``LimitError`` and writes nothing (see :func:`kgost._limits.run_bounded`).
    force
        With ``output``: replace it even if it is write-protected (``chmod 444``), which is
        otherwise refused with an ``InputError``.

    Returns
    -------
    str

    Raises
    ------
    ExportError
        The request cannot be met (named graphs in a triples-only format, unknown graph, blank
        nodes too alike to label canonically within :data:`kgost.readwrite._nquads.CANONICAL_WORK_LIMIT`).
    LimitError
        The export took longer than ``timeout`` or more memory than ``max_memory``.

    Warns
    -----
    ProvenanceLeftOutWarning
        ``format`` holds triples only and ``graph`` is not given: the provenance is left out.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> print(export(kg, format="nt", graph="s:e01-2"), end="")  # doctest: +NORMALIZE_WHITESPACE
    <https://w3id.org/kgost/id/group/bts> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kgost/ontology#MusicGroup> .
    <https://w3id.org/kgost/id/group/bts> <https://w3id.org/kgost/ontology#name> "BTS" .
    <https://w3id.org/kgost/id/person/v> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kgost/ontology#Person> .
    <https://w3id.org/kgost/id/person/v> <https://w3id.org/kgost/ontology#memberOf> <https://w3id.org/kgost/id/group/bts> .
    <https://w3id.org/kgost/id/person/v> <https://w3id.org/kgost/ontology#name> "V" .
    <https://w3id.org/kgost/id/song/christmas-tree> <https://w3id.org/kgost/ontology#description> "V’s encapsulating voice is another add-on to the music and lyrics."@en .
    <https://w3id.org/kgost/id/song/christmas-tree> <https://w3id.org/kgost/ontology#performer> <https://w3id.org/kgost/id/person/v> .
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     text = export(kg, format="turtle")
    >>> text == export(kg, format="turtle", graph="union"), caught[0].category.__name__
    (True, 'ProvenanceLeftOutWarning')
    """
    name = _check_format(format, output, force=force)
    if profile not in PROFILES:
        raise ExportError(f"unknown profile {profile!r}; use one of: {', '.join(PROFILES)}")
    if frame is not None and name != "jsonld":
        raise ExportError(f"a frame shapes JSON-LD only, not {name}; use format jsonld with frame {frame!r}")
    if frame is not None and (not isinstance(frame, str) or frame not in frames()):
        raise ExportError(f"unknown frame {frame!r}; use one of: {', '.join(frames())}")
    if canonical and name not in ("nt", "nquads"):
        raise ExportError(f"canonical output (RDFC-1.0) is N-Triples or N-Quads, not {name}; use format nt or nquads")
    check_limits(timeout=timeout, max_memory=max_memory)
    prefixes = graph_prefixes(kg)  # TriG and Turtle name IRIs with the graph's prefixes too
    text = run_bounded(
        lambda: _engine_text(kg, name, graph=graph, profile=profile, canonical=canonical, frame=frame, prefixes=prefixes) or _serialize(
            name, canonical_quads(_select(kg, name, graph=graph, profile=profile, prefixes=prefixes)),
            frame=frame, schema=profile == "schema", canonical=canonical, prefixes=prefixes,
        ),
        timeout=timeout, max_memory=max_memory, what="the export",
    )
    if output is not None:
        write_atomic(output, text.encode("utf-8"), force=force)
    return text


def schema_view(kg: GraphLike) -> rdflib.Graph:
    """The graph in schema.org terms, derived from the ontology's ``rdfs:subClassOf`` and
    ``rdfs:subPropertyOf`` declarations by the SPARQL in ``ontology/schema-view.rq``, with
    schema.org's own patterns for what those cannot say: a series' ``schema:character``, a
    ``schema:PerformanceRole`` (actor and ``characterName``) on its ``schema:actor``, a song's
    ``schema:video``, and lyrics excerpts as ``schema:recordingOf``/``schema:lyrics``/``schema:text``.
    Charts, chart entries, awards and nominations have no schema.org counterpart and are left out.

    Parameters
    ----------
    kg
        The knowledge graph.

    Returns
    -------
    rdflib.Graph
        One graph (no provenance), with kgost's prefixes bound; ``export(profile="schema")``
        writes it.

    Examples
    --------
    >>> import kgost
    >>> from rdflib import URIRef
    >>> view = schema_view(kgost.load())
    >>> sorted(str(o) for o in view.objects(kgost.expand_iri("song:stay-with-me"), URIRef("https://schema.org/byArtist")))
    ['https://w3id.org/kgost/id/person/chanyeol', 'https://w3id.org/kgost/id/person/punch']
    """
    return graph_copy(kept(kg, "schema view", lambda: _schema_view(kg), shared=True))  # made once per version of the data; a copy: the caller may change it


def _schema_view(kg: GraphLike) -> rdflib.Graph:
    """The schema.org view as ``ontology/schema-view.rq`` constructs it."""
    query = (resource_dir("ontology") / "schema-view.rq").read_text(encoding="utf-8")
    result = kg.sparql_raw(query)
    assert result.graph is not None
    return result.graph


def _check_format(format: str | None, output: str | Path | None, *, force: bool = False) -> str:
    allowed = ", ".join(EXPORT_FORMATS)
    if output is not None:
        check_output(output, force=force)  # before the work, and before the extension is read as a format
    try:
        if format is not None:
            name = guess_format("", format=format)
        elif output is not None:
            name = guess_format(output)
        else:
            name = "trig"
    except InputError:
        given = format if format is not None else str(output)
        raise ExportError(f"cannot export as {given!r}; use a format, one of: {allowed}") from None
    if name not in EXPORT_FORMATS:
        raise ExportError(f"kgost does not write {name}; use one of: {allowed}")
    return name


def _select(kg: GraphLike, name: str, *, graph: str | URIRef | None, profile: str,
            prefixes: Mapping[str, str] | None = None) -> list[GQuad]:
    if profile == "schema":
        triples = schema_view(kg)
        if graph is not None and graph != "union":
            raise ExportError("the schema.org view is one graph (the union); leave out graph or pass graph='union'")
        return [(s, p, o, None) for s, p, o in triples]  # type: ignore[misc]
    quads = list(kg.store.quads())
    if graph == "union":
        return [(s, p, o, None) for s, p, o, _ in quads]
    if graph is not None:
        iri = expand_iri(graph, prefixes=prefixes)
        chosen = [q for q in quads if q[3] == iri]
        if not chosen:
            names = sorted({compact_iri(q[3], prefixes=prefixes) for q in quads})
            shown = ", ".join(names[:8]) + (f", ... ({len(names)} in all)" if len(names) > 8 else "")
            raise ExportError(f"no named graph {compact_iri(iri, prefixes=prefixes)!r} in the graph; named graphs: {shown or 'none'}")
        keep = name in GRAPH_FORMATS
        return [(s, p, o, g if keep else None) for s, p, o, g in chosen]
    named = {q[3] for q in quads}
    if named and name not in GRAPH_FORMATS:
        _warn_provenance(name, len(named))
        return [(s, p, o, None) for s, p, o, _ in quads]
    return quads  # type: ignore[return-value]


def _engine_text(
    kg: GraphLike, name: str, *, graph: str | URIRef | None, profile: str, canonical: bool, frame: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> str | None:
    """N-Quads, N-Triples, TriG, Turtle or compacted JSON-LD from the engine's own N-Quads writer
    (stores with ``capabilities.engine_rdf``), the same bytes as the generic path; ``None`` where
    that path is needed (another format, profile or a frame, a graph that is not there, quads in
    the default graph, another store)."""
    engine_formats = ("nquads", "nt", "trig", "turtle", "jsonld")
    if name not in engine_formats or profile != "kgost" or frame is not None or not kg.store.capabilities.engine_rdf:
        return None
    lines = kg.store.nquads_lines()  # type: ignore[attr-defined]
    if lines is None:
        return None
    chosen = None
    if graph is not None and graph != "union":
        chosen = nt_term(expand_iri(graph, prefixes=prefixes))
        tail = f" {chosen} ."
        if not any(line.endswith(tail) for line in lines):
            return None  # the generic path names the graphs there are
    if graph is None and name not in GRAPH_FORMATS and lines:
        _warn_provenance(name, len(graph_names(lines)))
    graphs = name in GRAPH_FORMATS and graph != "union"
    lines = lines_export(lines, graphs=graphs, graph=chosen, canonical=canonical)
    if name == "jsonld":
        return compacted_text(lines, graphs=graphs) or dumps(expanded_jsonld(expand_lines(lines, graphs=graphs)))
    if name in ("trig", "turtle"):
        return nquads_to_trig(lines, graphs=graphs, prefixes=prefixes)
    return "\n".join(lines) + "\n" if lines else ""


def _warn_provenance(name: str, graphs: int) -> None:
    warnings.warn(
        f"{name} holds triples only: wrote the facts (the union of all graphs) and left out the provenance"
        f" ({graphs} named graphs saying where each fact comes from); to keep it export as"
        " trig, nquads or jsonld (--format trig|nquads|jsonld)",
        ProvenanceLeftOutWarning,
        stacklevel=4,
    )


def serialize_graph(graph: rdflib.Graph, *, format: str) -> str:
    """Write one graph (e.g. a CONSTRUCT result) with the same deterministic writers as
    :func:`export`: ``turtle``, ``nt``, ``jsonld`` (compacted with kgost's context) or ``rdfxml``."""
    quads = canonical_quads((s, p, o, None) for s, p, o in graph)
    return _serialize(format, quads, frame=None, schema=False, canonical=False)


def _serialize(name: str, quads: list[GQuad], *, frame: str | None, schema: bool, canonical: bool,
               prefixes: Mapping[str, str] | None = None) -> str:
    writer: Callable[[], str]
    if name in ("nt", "nquads"):
        writer = lambda: write_nquads(quads, graphs=name == "nquads", by_graph=not canonical)  # noqa: E731
    elif name == "jsonld":
        writer = lambda: dumps(to_jsonld(quads, frame=frame, schema=schema))  # noqa: E731
    elif name in ("trig", "turtle"):
        graphs = name == "trig" and bool(quads) and quads[0][3] is not None  # "union": one default graph
        writer = lambda: nquads_to_trig(write_nquads(quads, by_graph=True), graphs=graphs, prefixes=prefixes)  # noqa: E731
    else:
        writer = lambda: _rdflib_text(name, quads)  # noqa: E731
    try:
        return writer()
    except ExportError:
        raise
    except Exception as exc:  # a serializer's own failure (e.g. an IRI RDF/XML cannot write)
        raise ExportError(f"cannot write {name}: {exc}") from None


def _rdflib_text(name: str, quads: list[GQuad]) -> str:
    """RDF/XML (of one graph: quads with no graph name) by rdflib's serializer, in a fixed order
    with fixed prefixes."""
    dataset = bind_prefixes(rdflib.Dataset())
    graph = _SortedGraph(store=dataset.store, identifier=DATASET_DEFAULT_GRAPH_ID)
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    _check_xml_text(quads)
    stream = BytesIO()
    XMLSerializer(graph).serialize(stream, encoding="utf-8")
    text = stream.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def _check_xml_text(quads: list[GQuad]) -> None:
    """RDF/XML is XML 1.0, which has no way to write most control characters; say so."""
    for quad in quads:
        for term in quad:
            bad = _NOT_XML.search(str(term)) if term is not None else None
            if bad:
                raise ExportError(
                    f"RDF/XML (XML 1.0) cannot hold the character U+{ord(bad.group()):04X} in {nt_term(term)[:80]};"
                    " use format trig, nquads, jsonld, turtle or nt"
                )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _SortedGraph(rdflib.Graph):
    """A graph that lists subjects and their statements in term order, which makes rdflib's
    RDF/XML writer (it walks ``subjects()`` and ``predicate_objects()``) deterministic."""

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[no-untyped-def,override]
        return iter(sorted(set(super().subjects(predicate, object)), key=_term_key))

    def predicate_objects(self, subject=None, unique=False):  # type: ignore[no-untyped-def,override]
        return iter(sorted(super().predicate_objects(subject, unique), key=lambda po: (_term_key(po[0]), _term_key(po[1]))))


def _term_key(term: object) -> str:
    return nt_term(term)  # type: ignore[arg-type]
