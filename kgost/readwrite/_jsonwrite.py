"""Compacted JSON-LD text written node by node from sorted N-Quads lines, never a whole document."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any

from kgost.readwrite._compact import Compactor, Unsupported
from kgost.readwrite._jsontext import _FIRST_KEYS, write

__all__ = ["compacted_text"]


def compacted_text(lines: Iterable[str], *, graphs: bool) -> str | None:
    """``dumps(expanded_jsonld(expand_lines(lines)))``, the same text, written one node at a time.

    ``lines`` are canonical N-Quads (``graphs``) or N-Triples lines without line breaks, sorted by
    graph then by line, as :func:`kgost.readwrite._lines.lines_export` gives them. Each node is
    compacted (:class:`kgost.readwrite._compact.Compactor`) and written as JSON text as soon as
    its lines are read (:func:`kgost.readwrite._lines.node_runs`); a graph's nodes are then put
    in ``@id`` order and indented where the document holds them. The expanded and the compacted
    documents, a Python object per value, are never held whole: they took most of a JSON-LD
    export's time and memory (2.3 GB for a million quads). ``None`` where the whole-document path is
    needed: a document of one node or of nothing, a subject or graph whose lines are not together,
    a context or value the fast compaction leaves to pyld.

    Examples
    --------
    >>> lines = ['<https://w3id.org/kgost/id/song/a> <https://w3id.org/kgost/ontology#title> "A" <urn:g> .',
    ...          '<https://w3id.org/kgost/id/song/b> <https://w3id.org/kgost/ontology#title> "B" <urn:g> .']
    >>> text = compacted_text(lines, graphs=True)  # the context first, then:
    >>> print(text[text.index('  "id": "urn:g"'):], end="")
      "id": "urn:g",
      "@graph": [
        {
          "id": "kg:song/a",
          "title": "A"
        },
        {
          "id": "kg:song/b",
          "title": "B"
        }
      ]
    }
    """
    from kgost.readwrite._jsonld import _options, context

    ctx = context()
    try:
        compactor = Compactor(ctx, _options())
    except Unsupported:
        return None
    if compactor.id_key not in ("@id", "id") or compactor.graph_key != "@graph":
        return None  # the keys would be ordered otherwise
    done: dict[str | None, str] = {}  # each graph's nodes, as JSON text at the outermost indent
    nodes: list[tuple[str, str]] = []
    current: str | None = None
    try:
        for graph, key, text in _node_texts(lines, graphs=graphs, compactor=compactor):
            if graph != current or not nodes:
                if nodes and not _close(current, nodes, done):
                    return None
                if graph in done:
                    return None  # the graph's lines were not together
                current, nodes = graph, []
            nodes.append((key, text))
        if nodes and not _close(current, nodes, done):
            return None
        single = len(nodes) == 1
        named = sorted((g for g in done if g is not None), key=lambda g: g[2:] if g.startswith("_:") else g)
        head = '{\n  "@context": ' + json.dumps(ctx, indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",\n"
        id_key = encode_basestring(compactor.id_key)
        if None in done:  # the default graph only (N-Triples)
            if single or named:
                return None  # one node: its keys go next to the context; or nodes and graphs
            return head + '  "@graph": [\n    ' + done.pop(None).replace("\n", "\n    ") + "\n  ]\n}\n"
        if len(named) == 1:  # one graph: its name and nodes go next to the context
            body = done.pop(named[0]).replace("\n", "\n    ")
            return f'{head}  {id_key}: {encode_basestring(compactor.iri(named[0]))},\n  "@graph": [\n    {body}\n  ]\n}}\n'
        if not named:
            return None
        items = ",\n".join(
            f'{{\n  {id_key}: {encode_basestring(compactor.iri(g))},\n  "@graph": [\n    '
            + done.pop(g).replace("\n", "\n    ") + "\n  ]\n}"
            for g in named
        )
        return head + '  "@graph": [\n    ' + items.replace("\n", "\n    ") + "\n  ]\n}\n"
    except Unsupported:
        return None


def _close(graph: str | None, nodes: list[tuple[str, str]], done: dict[str | None, str]) -> bool:
    """Put a graph's nodes in ``@id`` order into ``done``; ``False`` if a subject came twice."""
    nodes.sort(key=itemgetter(0))
    if any(nodes[i][0] == nodes[i + 1][0] for i in range(len(nodes) - 1)):
        return False
    done[graph] = ",\n".join(text for _, text in nodes)
    return True


def _node_texts(lines: Iterable[str], *, graphs: bool, compactor: Compactor) -> Iterator[tuple[str | None, str, str]]:
    """``(graph, id, text)`` for each run of lines of one subject in one graph: the expanded
    graph name (``None``: the default graph) and ``@id``, and the JSON text of the compacted node
    at the outermost indent, as ``write(compactor.node(node), "\\n", out)`` writes the node
    :func:`kgost.readwrite._lines.node_runs` reads (``id``, ``type``, then the other keys by name;
    a key's one value as itself, several as an array in :func:`kgost.readwrite._jsonld.sort_key`
    order). Each (predicate, object) pair's key and text are worked out once (a bounded cache)."""
    from kgost.readwrite._jsonld import expanded_value, sort_key
    from kgost.readwrite._lines import _RDF_TYPE, _iri, _value, quad_terms

    enc = encode_basestring
    head, type_head = "{\n  " + enc(compactor.id_key) + ": ", ",\n  " + enc(compactor.type_key) + ": "
    subjects: dict[str, tuple[str, str]] = {}  # term -> (@id, its text)
    types: dict[str, tuple[str, str]] = {}  # term -> (sort key, the text of its compact name)
    props: dict[str, str] = {}  # term -> IRI
    pairs: dict[tuple[str, str], tuple[str, str, str, dict[str, Any], str]] = {}  # -> (key, one, many, value, key text)

    def pair(p: str, o: str) -> tuple[str, str, str, dict[str, Any], str]:
        found = pairs.get((p, o))
        if found is None:
            prop = props.get(p)
            if prop is None:
                prop = props[p] = _iri(p)
            value = _value(o, expanded_value)
            key, compacted = compactor.value(prop, value)
            if key in _FIRST_KEYS or key == "@graph":
                raise Unsupported(key)  # dumps would put it elsewhere
            one = _scalar(compacted, _ONE)
            many = one if type(compacted) is not dict else _scalar(compacted, _MANY)
            if len(pairs) > _KEPT:
                pairs.clear()
            found = pairs[(p, o)] = (key, one, many, value, f",\n  {enc(key)}: ")
        return found

    def text(s: str, kinds: list[str], values: list[tuple[str, str]]) -> tuple[str, str]:
        found = subjects.get(s)
        if found is None:
            key = _iri(s) if s[0] == "<" else s
            if len(subjects) > _KEPT:
                subjects.clear()
            found = subjects[s] = (key, enc(compactor.iri(key)))
        parts = [head, found[1]]
        if kinds:
            names = []
            for t in kinds:
                name = types.get(t)
                if name is None:
                    iri = _iri(t) if t[0] == "<" else t
                    name = types[t] = (sort_key(iri), enc(compactor.vocab(iri)))
                names.append(name)
            parts.append(type_head)
            if len(names) == 1:
                parts.append(names[0][1])
            else:
                names.sort()
                parts.append("[\n    " + ",\n    ".join([n for _, n in names]) + "\n  ]")
        groups: dict[str, list[tuple[str, str, str, dict[str, Any], str]]] = {}
        for p, o in values:
            entry = pair(p, o)
            held = groups.get(entry[0])
            if held is None:
                groups[entry[0]] = [entry]
            else:
                held.append(entry)
        for key in sorted(groups):
            held = groups[key]
            if len(held) == 1:
                parts.append(held[0][4] + held[0][1])
            else:
                held.sort(key=lambda e: sort_key(e[3]))
                parts.append(held[0][4] + "[\n    " + ",\n    ".join([e[2] for e in held]) + "\n  ]")
        parts.append("\n}")
        return found[0], "".join(parts)

    graph: str | None = None
    current = ""  # the graph's N-Quads term
    subject = ""
    kinds: list[str] = []
    values: list[tuple[str, str]] = []
    for s, p, o, name in quad_terms(lines, graphs=graphs):
        if name != current:
            if subject:
                yield (graph, *text(subject, kinds, values))
                subject = ""
            graph, current = (_iri(name) if name[0] == "<" else name) if name else None, name
        if s != subject:
            if subject:
                yield (graph, *text(subject, kinds, values))
            subject, kinds, values = s, [], []
        if p == _RDF_TYPE and o[0] != '"':
            kinds.append(o)
        else:
            values.append((p, o))
    if subject:
        yield (graph, *text(subject, kinds, values))


def _scalar(value: Any, newline: str) -> str:
    """The JSON text of one compacted value, as :func:`kgost.readwrite._jsontext.write` writes it."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    out: list[str] = []
    write(value, newline, out)
    return "".join(out)


_ONE, _MANY = "\n  ", "\n    "  # the indent of a key's one value, and of each of several
_KEPT = 200_000  # terms and pairs kept worked out
