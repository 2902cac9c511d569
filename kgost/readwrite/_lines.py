"""Export from N-Quads lines an engine wrote itself: selection, canonical blank nodes, sorting, JSON-LD."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kgost.readwrite._nquads import canonical_labels

__all__ = ["lines_export", "graph_names", "expand_lines", "node_runs", "quad_terms", "TERM"]

#: One term of a canonical N-Quads line: an IRI, a blank node, a literal with its tag or datatype.
TERM = re.compile(r'<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?')


def lines_export(lines: list[str], *, graphs: bool, graph: str | None = None, canonical: bool = False) -> list[str]:
    """N-Quads (``graphs``) or N-Triples lines from the engine's N-Quads lines of named graphs
    (without line breaks; the list is used up).

    The same lines as :func:`kgost.readwrite._nquads.write_nquads` after
    :func:`kgost.readwrite._nquads.canonical_quads` gives for the same quads (the engine writes
    canonical N-Quads escapes): ``graph`` keeps one named graph (an N-Triples term); N-Triples
    drop the graph names (the union); blank nodes get their RDFC-1.0 labels; lines are sorted by
    graph then text (by text alone when ``canonical``) and repeats removed. Only the lines with a
    blank node are parsed again (by pyld, for the labelling).
    """
    chosen = lines
    if graph is not None:
        tail = f" {graph} ."
        chosen = [line for line in chosen if line.endswith(tail)]
    if not graphs:
        chosen = [line[: line.rindex(" ", 0, len(line) - 2)] + " ." for line in chosen]
    blank = {line for line in chosen if "_:" in line}
    if blank:
        labels = canonical_labels("".join(line + "\n" for line in blank))
        if labels:
            relabel = lambda m: labels.get(m.group(), m.group())  # noqa: E731
            chosen = [TERM.sub(relabel, line) if line in blank else line for line in chosen]
    if graphs and not canonical:  # by graph, then by line: grouped first, each group sorted
        groups: dict[str, list[str]] = {}
        tail, group = "\x00", []  # no line ends with it
        for line in chosen:
            if not line.endswith(tail):  # another graph: find its name (once per run of lines)
                name = line[line.rindex(" ", 0, len(line) - 2) + 1 : -2]
                tail, group = f" {name} .", groups.setdefault(name, [])
            group.append(line)
        del chosen, lines[:]
        return [line for name in sorted(groups) for line in _unique(groups.pop(name))]
    return _unique(chosen)


def _unique(lines: list[str]) -> list[str]:
    """The lines sorted, repeats removed: sorted first, as the engine's order is nearly sorted
    (a set's is not, and took five times as long to sort)."""
    return list(dict.fromkeys(sorted(lines)))


def graph_names(lines: Iterable[str]) -> set[str]:
    """The graph names (N-Quads terms) of N-Quads lines (without line breaks)."""
    return {line[line.rindex(" ", 0, len(line) - 2) + 1 : -2] for line in lines}


def expand_lines(lines: Iterable[str], *, graphs: bool) -> list[dict[str, Any]]:
    """The expanded JSON-LD document :func:`kgost.readwrite._jsonld.to_jsonld` compacts, read
    straight from canonical N-Quads (``graphs``) or N-Triples lines, each graph's lines together
    (the default graph's first), as the engine and ``write_nquads(by_graph=True)`` write them:
    the same document ``_expand`` builds from the same quads as rdflib terms (nodes by ``@id``,
    graphs by name, keys by name, arrays by their JSON text), from :func:`node_runs`."""
    from kgost.readwrite._jsonld import sorted_document

    documents: dict[str | None, dict[str, dict[str, Any]]] = {}
    for graph, key, node in node_runs((line[:-1] if line.endswith("\n") else line for line in lines), graphs=graphs):
        nodes = documents.setdefault(graph, {})
        held = nodes.get(key)
        if held is None:
            nodes[key] = node
        else:  # the subject's lines were not all together
            for prop, values in node.items():
                if prop != "@id":
                    held.setdefault(prop, []).extend(values)
    return sorted_document(documents, graph_id=lambda g: g, graph_order=lambda g: g[2:] if g.startswith("_:") else g)


def node_runs(lines: Iterable[str], *, graphs: bool) -> Iterator[tuple[str | None, str, dict[str, Any]]]:
    """``(graph, id, node)`` for each run of lines (without line breaks) of one subject in one
    graph: the graph's name and the subject's ``@id`` as expanded JSON-LD (``None``: the default
    graph), and the node as an expanded node object (``@id``, ``@type`` and one array of value
    objects per property, in the lines' order), read straight from canonical N-Quads
    (``graphs``) or N-Triples lines without making an rdflib term of each (about ten times
    faster: their hashing and comparison run in Python). Hand-written because neither rdflib nor
    pyld reads N-Quads into expanded JSON-LD with native integers and booleans."""
    from kgost.readwrite._jsonld import expanded_value

    values: dict[str, dict[str, Any]] = {}
    iris: dict[str, str] = {}

    def iri(term: str) -> str:
        found = iris.get(term)
        if found is None:
            if len(iris) > _KEPT:  # bounded: one entry per distinct term would grow with the graph
                iris.clear()
            found = iris[term] = _iri(term) if term[0] == "<" else term
        return found

    graph: str | None = None
    current = ""  # the graph's N-Quads term
    subject, key, node = "", "", None
    for s, p, o, name in quad_terms(lines, graphs=graphs):
        if name != current:
            if node is not None:
                yield graph, key, node
                node = None
            graph, current = iri(name) if name else None, name
        if node is None or s != subject:
            if node is not None:
                yield graph, key, node
            subject, key = s, iris.get(s) or iri(s)
            node = {"@id": key}
        if p == _RDF_TYPE and o[0] != '"':
            node.setdefault("@type", []).append(iris.get(o) or iri(o))
            continue
        value = values.get(o)
        if value is None:
            if len(values) > _KEPT:
                values.clear()
            value = values[o] = _value(o, expanded_value)
        prop = iris.get(p) or iri(p)
        held = node.get(prop)
        if held is None:
            node[prop] = [value]
        else:
            held.append(value)
    if node is not None:
        yield graph, key, node


_KEPT = 200_000  # terms kept read, of each kind


def quad_terms(lines: Iterable[str], *, graphs: bool) -> Iterator[tuple[str, str, str, str]]:
    """The (subject, predicate, object, graph) terms of canonical N-Quads (``graphs``) or
    N-Triples lines without line breaks; graph ``""``: the default graph. Where an object ends
    is found once per run of lines of one graph (a line that ends as the last one did is in its
    graph), so that a literal's spaces are read once per run, not once per line."""
    tail, cut, name = "\x00", 0, ""  # the current graph's line ending, its length, its name
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if line.endswith(tail):
            o = rest[:-cut]
        else:  # another graph (N-Triples: the first line): find the object's end, then the name
            o = TERM.match(rest).group() if rest[0] == '"' else rest.split(" ", 1)[0]  # type: ignore[union-attr]
            name = rest[len(o) + 1 : -2] if graphs else ""
            tail = rest[len(o) :] if name or not graphs else "\x00"  # a default graph line ends in " .": ambiguous
            cut = len(tail)
        yield s, p, o, name
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
