"""TriG and Turtle written from sorted N-Quads lines: subjects grouped, kgost's prefixes, stable bytes."""

from __future__ import annotations

import re

from kgost._namespace import PREFIXES

__all__ = ["nquads_to_trig"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# A local name every Turtle parser reads (a strict subset of PN_LOCAL: no escapes, no ':' or '%').
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
# The namespaces longest first, so that song:x wins over kg:song/x.
_NAMESPACES = sorted(((iri, prefix) for prefix, iri in PREFIXES.items()), key=lambda pair: -len(pair[0]))


def nquads_to_trig(nquads: str, *, graphs: bool) -> str:
    """TriG (``graphs``) or Turtle of N-Quads (N-Triples) text whose lines are sorted by graph,
    then by line, as :func:`kgost.readwrite._nquads.write_nquads` writes them (``by_graph``).

    The statements of one subject are written together (``;`` between predicates, ``,`` between
    objects), IRIs in kgost's namespaces as prefixed names (only the prefixes used are declared),
    ``rdf:type`` as ``a``; terms are otherwise written as in N-Quads, which Turtle reads as they
    are. The text depends on the lines only, so any engine's export of the same graph gives the
    same bytes. Hand-written: rdflib's TriG writer lists graphs and subjects in hash order and
    takes seconds per hundred thousand quads, and pyoxigraph (an optional extra) would make the
    bytes depend on whether it is installed.

    Examples
    --------
    >>> lines = ('<https://w3id.org/kgost/id/song/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...          '<https://w3id.org/kgost/ontology#Song> <urn:g> .\\n'
    ...          '<https://w3id.org/kgost/id/song/a> <https://w3id.org/kgost/ontology#title> "A" <urn:g> .\\n')
    >>> print(nquads_to_trig(lines, graphs=True), end="")
    @prefix kgost: <https://w3id.org/kgost/ontology#> .
    @prefix song: <https://w3id.org/kgost/id/song/> .
    <BLANKLINE>
    <urn:g> {
        song:a a kgost:Song ;
            kgost:title "A" .
    }
    """
    used: set[str] = set()
    names: dict[str, str] = {}

    def short(term: str) -> str:
        found = names.get(term)
        if found is None:
            found = names[term] = _compact(term, used)
        return found

    out: list[str] = []
    graph = subject = predicate = None
    indent = "    " if graphs else ""
    for line in nquads.splitlines():
        s, p, rest = line.split(" ", 2)
        if graphs:
            o, g = rest[:-2].rsplit(" ", 1)
        else:
            o, g = rest[:-2], ""
        if g != graph:
            if subject is not None:
                out.append(" .\n")
                if graph:
                    out.append("}\n")
            out.append(f"\n{short(g)} {{\n" if graphs else "\n")
            graph, subject, predicate = g, None, None
        if s != subject:
            if subject is not None:
                out.append(" .\n")
            out.append(f"{indent}{short(s)} {short(p) if p != _RDF_TYPE else 'a'} {_object(o, short)}")
            subject, predicate = s, p
        elif p != predicate:
            out.append(f" ;\n{indent}    {short(p) if p != _RDF_TYPE else 'a'} {_object(o, short)}")
            predicate = p
        else:
            out.append(f", {_object(o, short)}")
    if subject is not None:
        out.append(" .\n")
        if graphs:
            out.append("}\n")
    head = "".join(f"@prefix {prefix}: <{PREFIXES[prefix]}> .\n" for prefix in sorted(used))
    return head + "".join(out) if out else head or "\n"


def _object(term: str, short) -> str:  # type: ignore[no-untyped-def]
    """An object: an IRI compacted, a literal's datatype compacted."""
    if term.startswith('"'):
        if term.endswith(">"):
            value, _, datatype = term.rpartition("^^")
            return f"{value}^^{short(datatype)}"
        return term
    return short(term)


def _compact(term: str, used: set[str]) -> str:
    """``<iri>`` as ``prefix:local`` when a kgost namespace holds it with a plain local name."""
    if not term.startswith("<"):
        return term
    iri = term[1:-1]
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and _LOCAL.match(iri, len(namespace)):
            used.add(prefix)
            return f"{prefix}:{iri[len(namespace):]}"
    return term
