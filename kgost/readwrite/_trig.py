"""TriG and Turtle written from sorted N-Quads lines: subjects grouped, kgost's prefixes, stable bytes."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from kgost._namespace import PREFIXES, _shortener

__all__ = ["nquads_to_trig"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# A local name every Turtle parser reads (a strict subset of PN_LOCAL: no escapes, no ':' or '%').
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
# Blank nodes nested deeper than this keep their label (an RDF list would otherwise indent without end).
_NEST_DEPTH = 8

Quad = tuple[str, str, str, str]


def nquads_to_trig(nquads: str | list[str], *, graphs: bool, prefixes: Mapping[str, str] | None = None) -> str:
    """TriG (``graphs``) or Turtle of N-Quads (N-Triples) text, or its lines (without line
    breaks), sorted by graph, then by line, as :func:`kgost.readwrite._nquads.write_nquads` writes them (``by_graph``).

    The statements of one subject are written together (``;`` between predicates, ``,`` between
    objects, a blank line between subjects), IRIs in kgost's namespaces (or those of ``prefixes``:
    a graph's, :func:`kgost._namespace.graph_prefixes`) as prefixed names (only the prefixes used
    are declared), ``rdf:type`` as ``a``; terms are otherwise written as in
    N-Quads, which Turtle reads as they are. A blank node that is the object of exactly one statement of the whole text and is a
    subject in that statement's graph only (not in another graph, not a graph name) is written
    nested, ``[ p o ; p2 o2 ]``, in that statement's place, as rdflib's Turtle writer lays it out
    (a predicate's objects each on a line of their own when one of them is nested). Every other
    blank node keeps its label and its own block; so does one blank node of each cycle of nested
    blank nodes (else the cycle would be written nowhere) and a blank node nested more than
    ``_NEST_DEPTH`` (8) deep (the indent and the recursion stay bounded, the writer linear). The text
    depends on the lines only, so any engine's export of the same graph gives the same bytes.
    Hand-written: rdflib's TriG writer lists graphs and subjects in hash order and takes seconds
    per hundred thousand quads, and pyoxigraph (an optional extra) would make the bytes depend on
    whether it is installed.

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

    A blank node referenced once is nested; one referenced twice keeps its label:

    >>> lines = ('<urn:a> <urn:p> _:b1 .\\n<urn:a> <urn:p> _:b2 .\\n<urn:c> <urn:p> _:b2 .\\n'
    ...          '_:b1 <urn:q> "x" .\\n_:b1 <urn:r> _:b3 .\\n_:b2 <urn:q> "y" .\\n_:b3 <urn:q> "z" .\\n')
    >>> print(nquads_to_trig(lines, graphs=False), end="")
    <BLANKLINE>
    <urn:a> <urn:p> [ <urn:q> "x" ;
                <urn:r> [ <urn:q> "z" ] ],
            _:b2 .
    <BLANKLINE>
    <urn:c> <urn:p> _:b2 .
    <BLANKLINE>
    _:b2 <urn:q> "y" .
    """
    lines = [line for line in nquads.split("\n") if line] if isinstance(nquads, str) else nquads
    inline, where, spread = _nested(lines, graphs=graphs)
    declared = PREFIXES if prefixes is None else prefixes
    shorten = _shortener(declared.items(), local=_LOCAL.match)
    used: set[str] = set()
    names: dict[str, str] = {}

    def short(term: str) -> str:
        found = names.get(term)
        if found is None:
            found = names[term] = _compact(term, used, shorten)
        return found

    def nested(graph: str, node: str, depth: int) -> str:
        """``[ p o ; ... ]``: the statements of ``node``, ``depth`` nested blocks deep."""
        pad = f"{indent}    {'        ' * depth}"
        parts = ["[ "]
        predicate = None
        start, end = where[node]
        for at in range(start, end):
            _, p, o, _ = _quad(lines[at], graphs)
            if at == start:
                parts.append("a " if p == _RDF_TYPE else f"{short(p)} ")
            elif p != predicate:
                parts.append(f" ;\n{pad}{'a' if p == _RDF_TYPE else short(p)} ")
            else:
                parts.append(f",\n{pad}    " if (graph, node, p) in spread else ", ")
            predicate = p
            parts.append(nested(graph, o, depth + 1) if o in inline else _object(o, short))
        parts.append(" ]")
        return "".join(parts)

    out: list[str] = []
    indent = "    " if graphs else ""
    graph = subject = predicate = None
    get = names.get
    objects: dict[str, str] = {}
    for line in lines:
        s, p, o = line.split(" ", 2)
        if graphs:
            o, g = o[:-2].rsplit(" ", 1)
        else:
            o, g = o[:-2], ""
        if inline and s in inline:
            continue  # written where it is named
        if g != graph:
            if subject is not None:
                out.append(" .\n")
                if graph:
                    out.append("}\n")
            out.append(f"\n{short(g)} {{\n" if graphs else "\n")
            graph, subject = g, None
        if s != subject:
            verb = "a " if p == _RDF_TYPE else f"{get(p) or short(p)} "
            out.append(f"{indent}{get(s) or short(s)} {verb}" if subject is None else f" .\n\n{indent}{get(s) or short(s)} {verb}")
            subject = s
        elif p != predicate:
            out.append(f" ;\n{indent}    {'a' if p == _RDF_TYPE else get(p) or short(p)} ")
        else:
            out.append(f",\n{indent}        " if spread and (g, s, p) in spread else ", ")
        predicate = p
        if o[0] == '"' and o[-1] != ">":
            out.append(o)  # a literal with no datatype is written as it is
        elif inline and o in inline:
            out.append(nested(g, o, 1))
        else:
            written = objects.get(o)
            if written is None:
                written = objects[o] = _object(o, short)
            out.append(written)
    if subject is not None:
        out.append(" .\n")
        if graphs:
            out.append("}\n")
    head = "".join(f"@prefix {prefix}: <{declared[prefix]}> .\n" for prefix in sorted(used))
    return head + "".join(out) if out else head or "\n"


def _object(term: str, short) -> str:  # type: ignore[no-untyped-def]
    """An object: an IRI compacted, a literal's datatype compacted."""
    if term.startswith('"'):
        if term.endswith(">"):
            value, _, datatype = term.rpartition("^^")
            return f"{value}^^{short(datatype)}"
        return term
    return short(term)


def _compact(term: str, used: set[str], shorten: Callable[[str], str]) -> str:
    """``<iri>`` as ``prefix:local`` by ``shorten`` (:func:`kgost._namespace._shortener` with a
    Turtle local name), noting the prefix in ``used``."""
    if not term.startswith("<"):
        return term
    iri = term[1:-1]
    found = shorten(iri)
    if found is iri:  # left as it was: no namespace holds it with a Turtle local name
        return term
    used.add(found.split(":", 1)[0])
    return found


def _quad(line: str, graphs: bool) -> Quad:
    """A line (without its line break) as (subject, predicate, object, graph) terms; graph ``""``
    for N-Triples."""
    s, p, rest = line.split(" ", 2)
    if graphs:
        o, g = rest[:-2].rsplit(" ", 1)
        return s, p, o, g
    return s, p, rest[:-2], ""


def _nested(lines: Sequence[str], *, graphs: bool) -> tuple[set[str], dict[str, tuple[int, int]], set[tuple[str, str, str]]]:
    """The blank nodes written nested: the object of one statement only, a subject (in one run of
    lines) in that statement's graph only, not a graph name; at most ``_NEST_DEPTH`` deep; one of
    each cycle is left out. Also the run of lines of each and the (graph, subject, predicate)
    whose objects include one (written a line each). Only the lines with a blank node are read."""
    refs: dict[str, int] = {}
    parent: dict[str, tuple[str, str, str]] = {}
    home: dict[str, str | None] = {}
    where: dict[str, tuple[int, int]] = {}
    last: tuple[str, str, int] = ("", "", -2)
    for at, line in enumerate(lines):
        if "_:" not in line:
            continue
        s, p, o, g = _quad(line, graphs)
        if o[0] == "_":
            refs[o] = refs.get(o, 0) + 1
            parent[o] = (g, s, p)
        if g[:1] == "_":
            home[g] = None
        if s[0] == "_":
            if (s, g, at - 1) != last:  # a new run of lines: a second run (or graph) is not nested
                home[s] = g if s not in home else None
                where[s] = (at, at)
            where[s] = (where[s][0], at + 1)
        last = (s, g, at)
    candidates = {b: parent[b] for b, g in home.items() if g is not None and refs.get(b) == 1 and parent[b][0] == g}
    children: dict[tuple[str, str], list[str]] = {}
    for b, (g, s, _) in candidates.items():
        children.setdefault((g, s), []).append(b)
    inline: set[str] = set()
    done: set[str] = set()

    def visit(graph: str, root: str) -> None:
        done.add(root)
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            for child in children.get((graph, node), ()):
                if child in done:  # back at the root of a cycle
                    continue
                done.add(child)
                if depth < _NEST_DEPTH:
                    inline.add(child)
                    stack.append((child, depth + 1))
                else:
                    stack.append((child, 0))

    for g, s in list(children):
        if s not in candidates:
            visit(g, s)
    for b in candidates:  # what is left hangs on a cycle: one node of the cycle keeps its label
        if b not in done:
            path: set[str] = set()
            while b not in path:
                path.add(b)
                b = candidates[b][1]
            visit(candidates[b][0], b)
    return inline, {b: where[b] for b in inline}, {parent[b] for b in inline}
