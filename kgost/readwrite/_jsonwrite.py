"""Compacted JSON-LD text written node by node from sorted N-Quads lines, never a whole document."""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    >>> print(compacted_text(lines, graphs=True)[-146:], end="")
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
    from kgost.readwrite._jsonld import _options, context, sort_key
    from kgost.readwrite._lines import node_runs

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
        for graph, key, node in node_runs(lines, graphs=graphs):
            if graph != current or not nodes:
                if nodes and not _close(current, nodes, done):
                    return None
                if graph in done:
                    return None  # the graph's lines were not together
                current, nodes = graph, []
            for prop, values in node.items():
                if prop != "@id" and len(values) > 1:
                    values.sort(key=sort_key)
            nodes.append((key, _node_text(compactor, node)))
        if nodes and not _close(current, nodes, done):
            return None
        single = len(nodes) == 1
        named = sorted((g for g in done if g is not None), key=lambda g: g[2:] if g.startswith("_:") else g)
        head = '{\n  "@context": ' + json.dumps(ctx, indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",\n"
        id_key = encode_basestring(compactor.id_key)
        if None in done:  # the default graph only (N-Triples)
            if single:
                return None  # one node: its keys go next to the context
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


def _node_text(compactor: Compactor, item: dict[str, Any]) -> str:
    """``write(compactor.node(item), "\\n", out)``, the same text, without the compacted node:
    ``id``, ``type``, then the other keys by name; one value as itself, several as an array."""
    enc = encode_basestring
    text = "{\n  " + enc(compactor.id_key) + ": " + enc(compactor.iri(item["@id"]))
    groups: dict[str, list[Any]] = {}
    for prop, values in item.items():
        if prop[0] == "@":
            if prop == "@type":
                names = [compactor.vocab(t) for t in values]
                shown = enc(names[0]) if len(names) == 1 else "[\n    " + ",\n    ".join(map(enc, names)) + "\n  ]"
                text += ",\n  " + enc(compactor.type_key) + ": " + shown
            elif prop != "@id":
                raise Unsupported(prop)
            continue
        for value in values:
            key, compacted = compactor.value(prop, value)
            held = groups.get(key)
            if held is None:
                groups[key] = [compacted]
            else:
                held.append(compacted)
    parts = [text]
    for key in sorted(groups):
        if key in _FIRST_KEYS or key == "@graph":
            raise Unsupported(key)  # dumps would put it elsewhere
        held = groups[key]
        if len(held) == 1:
            parts.append(f",\n  {enc(key)}: {_scalar(held[0], _ONE)}")
        else:
            parts.append(f",\n  {enc(key)}: [\n    " + ",\n    ".join([_scalar(v, _MANY) for v in held]) + "\n  ]")
    parts.append("\n}")
    return "".join(parts)


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
