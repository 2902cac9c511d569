"""Export from N-Quads lines an engine wrote itself: selection, canonical blank nodes, sorting, JSON-LD."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kgost.readwrite._nquads import canonical_labels

__all__ = ["lines_export", "expand_lines", "TERM"]

#: One term of a canonical N-Quads line: an IRI, a blank node, a literal with its tag or datatype.
TERM = re.compile(r'<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?')


def lines_export(lines: Iterable[str], *, graphs: bool, graph: str | None = None, canonical: bool = False) -> str:
    """N-Quads (``graphs``) or N-Triples text from the engine's N-Quads lines of named graphs.

    The same bytes as :func:`kgost.readwrite._nquads.write_nquads` after
    :func:`kgost.readwrite._nquads.canonical_quads` gives for the same quads (the engine writes
    canonical N-Quads escapes): ``graph`` keeps one named graph (an N-Triples term); N-Triples
    drop the graph names (the union); blank nodes get their RDFC-1.0 labels; lines are sorted by
    graph then text (by text alone when ``canonical``) and repeats removed. Only the lines with a
    blank node are parsed again (by pyld, for the labelling).
    """
    chosen: Iterable[str] = lines
    if graph is not None:
        tail = f" {graph} .\n"
        chosen = (line for line in chosen if line.endswith(tail))
    if not graphs:
        chosen = (line[: line.rindex(" ", 0, len(line) - 3)] + " .\n" for line in chosen)
    ordered = list(chosen)  # in the engine's order, which keeps each graph's lines together
    blank = {line for line in ordered if "_:" in line}
    if blank:
        labels = canonical_labels("".join(blank))
        if labels:
            relabel = lambda m: labels.get(m.group(), m.group())  # noqa: E731
            ordered = [TERM.sub(relabel, line) if line in blank else line for line in ordered]
    if graphs and not canonical:  # by graph, then by line: grouped first, each group sorted
        groups: dict[str, list[str]] = {}
        tail, group = "\x00", []  # no line ends with it
        for line in ordered:
            if not line.endswith(tail):  # another graph: find its name (once per run of lines)
                name = line[line.rindex(" ", 0, len(line) - 3) + 1 : -3]
                tail, group = f" {name} .\n", groups.setdefault(name, [])
            group.append(line)
        return "".join("".join(sorted(set(groups[name]))) for name in sorted(groups))
    return "".join(sorted(set(ordered)))


def expand_lines(lines: Iterable[str], *, graphs: bool) -> list[dict[str, Any]]:
    """The expanded JSON-LD document :func:`kgost.readwrite._jsonld.to_jsonld` compacts, read
    straight from canonical N-Quads (``graphs``) or N-Triples lines, each graph's lines together
    (the default graph's first), as the engine and ``write_nquads(by_graph=True)`` write them: the same document ``_expand`` builds from the same quads as rdflib terms (nodes
    by ``@id``, graphs by name, keys by name, arrays by their JSON text), without making an
    rdflib term of each (about ten times faster: their hashing and comparison run in Python).
    Hand-written because neither rdflib nor pyld reads N-Quads into expanded JSON-LD with
    native integers and booleans and kgost's order."""
    from kgost.readwrite._jsonld import expanded_value, sorted_document

    documents: dict[str | None, dict[str, dict[str, Any]]] = {}
    values: dict[str, dict[str, Any]] = {}
    iris: dict[str, str] = {}

    def iri(term: str) -> str:
        found = iris.get(term)
        if found is None:
            found = iris[term] = _iri(term) if term[0] == "<" else term
        return found

    tail, cut, nodes = "\x00", 0, {}  # the current graph's line ending, its length, its nodes
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if line.endswith(tail):
            o = rest[:-cut]
        else:  # another graph (N-Triples: the first line): find the object's end, then the name
            o = TERM.match(rest).group() if rest[0] == '"' else rest.split(" ", 1)[0]  # type: ignore[union-attr]
            name = rest[len(o) + 1 : -3] if graphs else ""
            graph = iri(name) if name else None
            tail = rest[len(o) :] if name or not graphs else "\x00"  # a default graph line ends in " .": ambiguous
            cut = len(tail)
            nodes = documents.get(graph)
            if nodes is None:
                nodes = documents[graph] = {}
        key = iris.get(s) or iri(s)
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = {"@id": key}
        if p == _RDF_TYPE and o[0] != '"':
            node.setdefault("@type", []).append(iris.get(o) or iri(o))
            continue
        value = values.get(o)
        if value is None:
            value = values[o] = _value(o, expanded_value)
        prop = iris.get(p) or iri(p)
        held = node.get(prop)
        if held is None:
            node[prop] = [value]
        else:
            held.append(value)

    return sorted_document(documents, graph_id=lambda g: g, graph_order=lambda g: g[2:] if g.startswith("_:") else g)


_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None else _ECHARS[m.group(3)], text)


def _iri(term: str) -> str:
    return _unescape(term[1:-1])


def _value(term: str, expanded_value: Any) -> dict[str, Any]:
    """An object term as an expanded JSON-LD value (see ``kgost.readwrite._jsonld.expanded_value``)."""
    if term[0] == "<":
        return {"@id": _iri(term)}
    if term[0] == "_":
        return {"@id": term}
    end = term.rindex('"')
    text, tail = _unescape(term[1:end]), term[end + 1 :]
    if not tail:
        return {"@value": text}
    if tail[0] == "@":
        return expanded_value(text, language=tail[1:])
    return expanded_value(text, datatype=_iri(tail[2:]))
